"""The one-page dyad report: key facts computed from the data, then each source's section.

``notebooks/dyad_report.ipynb`` calls ``prepare(...)`` and shows ``facts`` (sentences whose
every number is computed here), then the alignment, trade and events sections. Each
section says which data and years it rests on and, when a source has no coverage for the
pair, says so instead of drawing an empty chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import numpy as np
import polars as pl

from analysis.core import links
from analysis.measures.alignment import alignment_with_all, rank_partners
from analysis.measures.memberships import spans
from analysis.measures.tallies import format_tally
from analysis.reports import chart_output, council
from analysis.reports import trade as trade_report
from analysis.reports import voting as voting_report
from analysis.reports.reuse import load
from analysis.schemas import BODY_NAMES


@dataclass
class Section:
    """One part of the report: a title, what it rests on, notes, and its charts and tables."""

    title: str
    rests_on: str
    notes: list[str] = field(default_factory=list)
    charts: dict[str, alt.TopLevelMixin] = field(default_factory=dict)
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    markdown: list[str] = field(default_factory=list)  # formatted blocks, e.g. a table with links

    @property
    def available(self) -> bool:
        """True when the section has something to show beyond notes."""
        return bool(self.charts or self.tables or self.markdown)


@dataclass
class DyadReport:
    """Key facts and sections for one pair, and (optionally) a claims check."""

    a: str
    b: str
    names: dict[str, str]
    facts: list[str]
    sections: list[Section]
    claims: object | None = None  # analysis.claims.Report when a claims file was given
    years: str = ""  # the years the report covers, e.g. "1946–2026"
    record_urls: dict[str, str] = field(default_factory=dict)  # symbol -> its voting record, for the links

    def key_facts(self) -> KeyFacts:
        """The key facts for display: Markdown with every resolution symbol linked, plain text as fallback."""
        return KeyFacts(self.facts, self.record_urls)

    def claims_html(self) -> str:
        """The claims check as an HTML table with verdict badges (empty when no claims file was given)."""
        if self.claims is None:
            return ""
        from analysis.claims import format_html

        return format_html(self.claims)

    def verdict_summary_html(self) -> str:
        """The verdicts first (``analysis.claims.summary``): one card per claim with its plain sentence and
        the record that decides it; empty when no claims file was given."""
        if self.claims is None:
            return ""
        from analysis.claims.summary import summary_html
        from analysis.core import registry

        trade = registry.get("imf-dots")
        return summary_html(self.claims, self.record_urls, (trade.short, trade.url))

    def verdict_counts(self) -> dict[str, int]:
        """How many claims got each verdict (empty without a claims file)."""
        if self.claims is None:
            return {}
        counts: dict[str, int] = {}
        for verdict in self.claims.verdicts:
            counts[verdict.verdict] = counts.get(verdict.verdict, 0) + 1
        return counts

    def write_summary(self, out_dir: Path) -> Path:
        """Write ``summary.json`` (title, years, first key fact, verdict counts) for the report's pages and index."""
        import json

        from analysis.core.atomic import write_text

        title = f"{self.names[self.a]} and {self.names[self.b]}"
        summary = {"pair": f"{self.a}-{self.b}", "title": title, "years": self.years,
                   "key_fact": self.facts[0] if self.facts else "", "verdicts": self.verdict_counts()}
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        return write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", Path(out_dir) / "summary.json")

    def claims_text(self) -> str:
        """The claims check as plain text (empty when no claims file was given)."""
        if self.claims is None:
            return ""
        from analysis.claims import format_report

        return format_report(self.claims)

    def save_charts(self, out_dir: Path, skip: tuple[str, ...] | list[str] = ()) -> list[Path]:
        """Write every section's charts (PNG, SVG, CSV, Vega-Lite JSON) into ``out_dir``, except those named in
        ``skip`` (a report run passes the charts another of its notebooks writes, identical, to the same folder)."""
        return chart_output.save_all({k: c for s in self.sections for k, c in s.charts.items() if k not in skip},
                               Path(out_dir))


#: UN document symbols as they appear in the facts (resolutions, decisions and drafts of the GA, HRC, CHR, SC).
SYMBOL = re.compile(r"(?<![\w/])((?:A/HRC/RES|A/HRC/DEC|A/RES|S/RES|E/CN\.4/RES|E/CN\.4/DEC)/[A-Za-z0-9.\-/]*"
                    r"[A-Za-z0-9](?:\(\d{4}\))?)")


def document_url(symbol: str, record_urls: dict[str, str] | None = None) -> str:
    """The link of a UN document symbol: its voting record when the data give one, else ``undocs.org/<symbol>``."""
    return links.document_url(symbol, (record_urls or {}).get(symbol))


def link_symbols(text: str, record_urls: dict[str, str] | None = None) -> str:
    """Return ``text`` (Markdown) with every UN document symbol made a link (``document_url``)."""
    return SYMBOL.sub(lambda m: f"[{m.group(1)}]({document_url(m.group(1), record_urls)})", text)


@dataclass(frozen=True)
class KeyFacts:
    """The key facts: shown as a Markdown list with links (Jupyter, HTML), printed as plain text elsewhere."""

    facts: list[str]
    record_urls: dict[str, str]

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- {link_symbols(f, self.record_urls)}" for f in self.facts)

    def __repr__(self) -> str:
        return "\n".join(f"- {f}" for f in self.facts)


def identical_share(votes: pl.DataFrame, roll_calls: pl.DataFrame, a: str, b: str, year: int,
                    body: str = "GA") -> tuple[float | None, int]:
    """Return (share of joint recorded votes on which A and B voted identically, n joint) in ``year``.

    Joint votes: roll calls of ``body`` in ``year`` on which both voted yes, abstain or no.
    """
    ids = roll_calls.filter((pl.col("body") == body) & (pl.col("year") == year)).select("body", "rcid")
    cast = votes.filter(pl.col("vote").is_in(["yes", "abstain", "no"])).join(ids, on=["body", "rcid"], how="semi")
    pair = cast.filter(pl.col("iso3") == a).join(cast.filter(pl.col("iso3") == b), on=["body", "rcid"])
    if not pair.height:
        return None, 0
    return float((pair["vote"] == pair["vote_right"]).mean()), pair.height


def streak_since(naming: pl.DataFrame, body: str, vote: str, *, title_contains: str = "human rights") -> dict:
    """Return the run of A's ``vote`` on the latest resolutions of ``body`` naming B.

    Takes ``naming_resolutions`` output; only rows with doc_type ``resolution`` whose title
    contains ``title_contains`` (case-insensitive). Every roll call counts (a resolution may
    have several, e.g. separate votes on parts). Returns {"since": first year of the
    unbroken run up to the latest such roll call (None if the latest vote differs),
    "count": distinct resolutions (symbols) in the run, "total": distinct such resolutions,
    "latest": the latest row}.
    """
    rows = naming.filter(
        (pl.col("body") == body) & (pl.col("doc_type") == "resolution")
        & pl.col("title").str.to_lowercase().str.contains(title_contains.lower(), literal=True)
    ).sort("date", maintain_order=True)
    if not rows.height:
        return {"since": None, "count": 0, "total": 0, "latest": None}
    matches = (rows["vote_a"] == vote).to_list()
    count = 0
    for hit in reversed(matches):
        if not hit:
            break
        count += 1
    run = rows.tail(count)
    since = run["date"].min().year if count else None
    return {"since": since, "count": run["symbol"].n_unique(), "total": rows["symbol"].n_unique(),
            "latest": rows.row(-1, named=True)}


def council_breakdown(naming: pl.DataFrame, body: str, a_name: str, b_name: str, data_end: object = None) -> list[str]:
    """One sentence: how A voted on the resolutions of ``body`` (HRC or CHR) naming B, and the latest one.

    Takes ``naming_resolutions`` output (with the official tally columns). The latest vote is
    given with its outcome and official tally, and a per-state list that does not add up to
    the official tally is said so.
    """
    rows = naming.filter((pl.col("body") == body) & (pl.col("doc_type") == "resolution")).sort(
        "date", maintain_order=True)
    if not rows.height:
        return []
    counts = rows.group_by("vote_a").len().sort(["len", "vote_a"], descending=[True, False])
    parts = ", ".join(f"{r['vote_a']} on {r['len']}" for r in counts.iter_rows(named=True))
    latest = rows.row(-1, named=True)
    first, last = rows["date"].min().year, rows["date"].max().year
    tally = format_tally(latest["official_yes"], latest["official_no"], latest["official_abstain"])
    result = f"{latest['outcome'] or 'voted'} {tally}" if latest["official_yes"] is not None else (
        f"{latest['outcome'] or 'voted'}, per-state list {latest['yes']}–{latest['no']}–{latest['abstain']}, no "
        f"official tally in the source")
    if latest["tally_mismatch"]:
        result += f" (official tally; the per-state list adds up to {latest['yes']}–{latest['no']}–{latest['abstain']})"
    return [
        f"At the {BODY_NAMES[body]}, {rows.height} recorded votes on resolutions naming {b_name} ({first}–{last}); "
        f"{a_name}: {parts}. Latest: {latest['symbol']} on {latest['date']}, {result}; {a_name}: {latest['vote_a']}."
        + (f" The {body} data end on {data_end}." if data_end else "")
    ]


def membership_sentence(vr: voting_report.VotingReport, ends: dict[str, object]) -> list[str]:
    """A sentence on the years A and B sat on the Human Rights Council and the Commission on Human Rights.

    Says how many of each body's years the data can show (a year without a recorded vote shows nobody).
    """
    parts = []
    for code in (vr.a, vr.b):
        bodies = [f"the {BODY_NAMES[body]} in {spans(vr.member_years(code, body))}"
                  for body in ("HRC", "CHR") if vr.member_years(code, body)]
        parts.append(f"{vr.names[code]} sat on " + " and on ".join(bodies) if bodies else
                     f"{vr.names[code]} sat on neither the Human Rights Council nor the Commission on Human Rights")
    shown = []
    for body, first, last in (("HRC", 2006, None), ("CHR", 1946, 2006)):
        years = vr.membership_covered.get(body, [])
        if years:
            last = last or max(years)
            total = last - first + 1
            share = f"each of its {total} years" if len(years) == total else f"{len(years)} of its {total} years"
            upto = f", to {ends[body]}" if body == "HRC" and ends.get(body) else ""
            shown.append(f"the {'Council' if body == 'HRC' else 'Commission'}'s in {share} {first}–{last}{upto}")
    return ["; ".join(parts) + " (read from the recorded votes, which list the members: " + "; ".join(shown) + ")."]


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def voting_facts(vr: voting_report.VotingReport, votes: pl.DataFrame, roll_calls: pl.DataFrame) -> list[str]:
    """Sentences on GA voting: share of identical votes, agreement, rank among B's partners, streaks."""
    A, B, year = vr.names[vr.a], vr.names[vr.b], vr.last_year
    facts = []
    share, n = identical_share(votes, roll_calls, vr.a, vr.b, year, vr.body)
    if share is None:
        facts.append(f"{A} and {B} cast no joint recorded vote in the {vr.body} in {year}.")
    else:
        row = vr.dyad.filter(pl.col("year") == year).row(0, named=True)
        ranked_b = rank_partners(alignment_with_all(votes, roll_calls, vr.b, body=vr.body, start_year=year,
                                                    end_year=year), vr.b, year)
        rank = ranked_b.filter(pl.col("iso3") == vr.a)
        where = (f"; {A} ranks {rank['rank'][0]} of {rank['n_partners'][0]} among {B}'s partners by agreement"
                 if rank.height else "")
        facts.append(
            f"{A} voted the same way as {B} on {_pct(share)} of the {n} recorded {vr.body} votes both cast in "
            f"{year} (agreement index {row['agreement']:.2f}, kappa {row['kappa']:.2f}){where}."
        )
    run = streak_since(vr.naming, "GA", "no")
    if run["total"]:
        latest = run["latest"]
        if run["since"] is not None:
            facts.append(
                f"{A} voted against every General Assembly resolution on human rights in {B} since {run['since']} "
                f"({run['count']} resolutions, latest {latest['symbol']} on {latest['date']})."
            )
        else:
            facts.append(
                f"On the latest General Assembly resolution on human rights in {B} ({latest['symbol']}, "
                f"{latest['date']}), {A}'s vote was: {latest['vote_a']}."
            )
    ends = {body: roll_calls.filter(pl.col("body") == body)["date"].max() for body in ("HRC", "CHR")}
    facts += council_breakdown(vr.naming, "HRC", A, B, ends["HRC"])
    facts += council_breakdown(vr.naming, "CHR", A, B)
    facts += membership_sentence(vr, ends)
    facts += ideal_point_facts(vr)
    return facts


def ideal_point_facts(vr: voting_report.VotingReport) -> list[str]:
    """A sentence on A's and B's ideal points in the last session of the range and how far apart they are."""
    pos_a, pos_b = vr.ideal_position(vr.a), vr.ideal_position(vr.b)
    if pos_a is None or pos_b is None:
        return []
    A, B, session = vr.names[vr.a], vr.names[vr.b], vr.ideal_session
    values = session["ideal_point"].to_numpy()
    gaps = np.abs(values[:, None] - values[None, :])[np.triu_indices(len(values), k=1)]
    closer = float((gaps < abs(pos_a[0] - pos_b[0])).mean())
    return [
        f"On the main dimension of General Assembly voting (ideal points, session {session['session'][0]}, "
        f"{session['year'][0]}; positive = closer to the United States), {A} stands at {pos_a[0]:.2f} "
        f"({pos_a[1]} of {pos_a[2]} from the US side) and {B} at {pos_b[0]:.2f} ({pos_b[1]} of "
        f"{pos_b[2]}); {_pct(closer)} of all pairs of states are closer together than they are."
    ]


def trade_facts(tr: trade_report.TradeReport) -> list[str]:
    """Sentences on A–B goods trade: the latest year (with its source), COW against DOTS, and the press figures."""
    facts = tr.key_facts()
    A, B = tr.names[tr.a], tr.names[tr.b]
    if not facts.get("years_with_trade"):
        return [f"No goods trade between {A} and {B} is recorded in the shipped primary data for "
                f"{tr.start_year}–{tr.end_year}.", *_press_facts(tr)]
    year = facts["last_year"]
    text = (f"Goods trade between {A} and {B} was {_money(facts['total_musd'])} in {year}: {A} exported "
            f"{_money(facts['a_exports_to_b_musd'])} to {B} ({_side(facts['a_to_b_side'])}) and imported "
            f"{_money(facts['a_imports_from_b_musd'])} from it ({_side(facts['b_to_a_side'])})")
    if facts["share_of_a_pct"] is not None:
        text += f", {facts['share_of_a_pct']:.2f}% of {A}'s recorded goods trade"
    text += "."
    flagged = tr.flagged_years()
    this_year = flagged.filter(pl.col("year") == year)
    if this_year.height:
        row = this_year.row(0, named=True)
        text += (f" COW and IMF DOTS disagree on {year}: COW {_money(row['cow_usd'] / 1e6)}, DOTS "
                 f"{_money(row['dots_usd'] / 1e6)} (each importer's report where there is one).")
    if year <= facts["shipped_data_end"]:
        text += (f" The shipped primary data end in {facts['shipped_data_end']}; later years need "
                 f"`python -m analysis fetch trade --a {tr.a} --b {tr.b}`.")
    out = [text]
    if flagged.height:
        latest = flagged.sort("year").row(-1, named=True)
        span = spans(flagged["year"].to_list())
        out.append(
            f"The sources disagree for this pair: COW and IMF DOTS differ by more than 10% (and US$1 million) in "
            f"{flagged.height} of the {facts['cow_dots_years']} years both cover ({span}); in {latest['year']} COW "
            f"gives {_money(latest['cow_usd'] / 1e6)} two-way, DOTS {_money(latest['dots_usd'] / 1e6)} (each "
            f"importer's own report). The trade figures above follow each state's own report; see the "
            f"documentation, 'COW beside DOTS', for why the two differ.")
    return out + _press_facts(tr)


def _press_facts(tr: trade_report.TradeReport) -> list[str]:
    """The sentence on the press figures (secondary sources) of the report's years, if any."""
    if not tr.reported.height:
        return []
    return [f"After the primary data: {tr.reported.height} figures for {_press_years(tr)} from press reports of "
            f"official statistics (secondary sources, listed with their URLs in the trade section). "
            f"{tr.press_books()}"]


def _press_years(tr: trade_report.TradeReport) -> str:
    lo, hi = tr.reported["period_start"].min(), tr.reported["period_end"].max()
    return f"{lo.year}–{hi.year}" if lo and hi else f"{tr.start_year}–{tr.end_year}"


def _money(musd: float | None) -> str:
    if musd is None:
        return "no recorded amount"
    if abs(musd) < 1:
        return f"{musd:,.3f} million US$"
    return f"{musd:,.0f} million US$"


def _side(side: str | None) -> str:
    """'imf_dots: importer's own report (CIF)' -> 'IMF DOTS, the importer's own report (CIF)'."""
    if not side:
        return "no figure"
    source, _, what = side.partition(": ")
    from analysis.measures.trade import SOURCE_LABELS

    return f"{SOURCE_LABELS.get(source, source)}, {what}"


def prepare(country_a: str = "PAK", country_b: str = "IRN", start_year: int | None = None,
            end_year: int | None = None, claims_file: str | Path | None = None, map_body: str = "GA") -> DyadReport:
    """Compute the key facts and sections for A and B; return a ``DyadReport``.

    ``claims_file`` (a claims TOML, see ``analysis.claims``) adds the verdicts of its claims;
    ``map_body`` is the body of the world map of agreement with A (GA, HRC, CHR or SC).
    """
    votes, roll_calls = load("votes"), load("roll_calls")
    vr = voting_report.prepare(country_a, country_b, start_year=start_year, end_year=end_year)
    names = vr.names
    facts = voting_facts(vr, votes, roll_calls)
    voting = Section(
        "Voting at the UN",
        f"GA recorded votes {vr.years} (Voeten et al. 1946–2019, UN DGACM 2019–2026); Human Rights Council "
        "2006–2026 and Commission on Human Rights 1947–2006 recorded votes (OHCHR Search Library, harvested by "
        "Szoszkiewicz 2026), with their official tallies.",
        charts={k: vr.charts[k] for k in ("alignment_over_time", "agreement_by_issue", "council_membership",
                                          "ideal_point_trajectories") if k in vr.charts},
        tables={f"Recorded votes on resolutions naming {names[vr.b]} (the latest 20 of {vr.naming.height}; all of "
                f"them in voting_alignment)": vr.naming_table()},
    )
    if not vr.dyad.height:
        voting.notes.append(f"{names[vr.a]} and {names[vr.b]} cast no joint recorded vote in {vr.years}.")
        voting.charts = {}
    world = world_map_section(vr.a, vr.b, names, votes, roll_calls, map_body, end_year)
    if world is not None:
        voting.charts = chart_output.NamedCharts({**voting.charts, "world_map": world.chart})
        voting.notes.append(world_map_note(world, names[vr.a]))
    sections = [voting]
    sc = council.prepare(vr.a, vr.b, names, votes, roll_calls, load("press_votes"), load("countries"),
                         start_year, end_year)
    if sc is not None:
        facts += sc.facts
        sections.append(Section("The Security Council", sc.rests_on, notes=sc.notes, markdown=sc.markdown))

    tr = trade_report.prepare(vr.a, vr.b, start_year=start_year, end_year=end_year)
    facts += trade_facts(tr)
    trade = Section(
        "Trade",
        f"Goods trade {tr.start_year}–{tr.end_year}: IMF Direction of Trade Statistics to {tr.data_end} (each "
        f"side's own report) and Correlates of War to {tr.cow_end}, side by side; the figure used follows each "
        "state's own report of its imports. Later years: press reports of official statistics, secondary.",
        charts={"trade_flows": tr.charts["trade_flows"]},
    )
    if not tr.table.drop_nulls("total_usd").height:
        trade.notes.append("No goods trade between the two is recorded in the shipped primary data for these years.")
        trade.charts = {}
    if tr.flagged_years().height:
        trade.tables[f"COW beside IMF DOTS, {names[vr.a]}–{names[vr.b]}: the years they disagree (US$ million)"] = (
            tr.sources_table().filter(pl.col("flagged")))
    if tr.reported.height:
        trade.notes.append(f"Press reports of official statistics, {_press_years(tr)} (secondary sources; each "
                           f"period on its own basis, none converted to calendar years): {tr.press_books()} Every "
                           "figure, with who reported it and where, is in the table below.")
        trade.markdown.append("**Press reports of official statistics** (secondary sources; each period on its own "
                              "basis; the outlet links to the article)\n\n" + tr.reported_markdown())
    sections.append(trade)
    sections += event_sections(vr.a, vr.b, names, start_year, end_year, facts)
    claims = None
    if claims_file:
        from analysis.claims import check_file

        claims = check_file(Path(claims_file))
    urls = links.voting_records(set(SYMBOL.findall(" ".join(facts))))  # the verdicts' own: summary.voting_records
    return DyadReport(vr.a, vr.b, names, facts, sections, claims, years=vr.years, record_urls=urls)


def world_map_section(a: str, b: str, names: dict[str, str], votes: pl.DataFrame, roll_calls: pl.DataFrame,
                      body: str, end_year: int | None):
    """Every state's agreement with A in the last year of the range (``analysis.reports.world_map``), or None
    when A cast no vote in the body that year."""
    from analysis.reports import world_map

    last = end_year if end_year is not None else int(roll_calls.filter(pl.col("body") == body)["year"].max())
    try:  # the key facts' rule: the last year with enough recorded votes (2025, not a half-covered 2026)
        year = world_map.map_year(roll_calls, body, last)
    except ValueError:  # no roll call of the body in the range: no map
        return None
    result = world_map.agreement_map(votes, roll_calls, load("countries"), a, b, year, body=body, names=names,
                                     note=world_map.year_note(roll_calls, body, year, last))
    return result if result.table.height else None


def world_map_note(world, name_a: str) -> str:
    """The sentence under the map: its year and body, and the states that have no shape on it."""
    missing = ", ".join(world.without_shapes) if world.without_shapes else "none"
    return (f"The world map shows every state's agreement with {name_a} in the {BODY_NAMES[world.body]} in "
            f"{world.year}. States with a value but no shape on the map (Natural Earth 1:110m): {missing}.")


def event_sections(a: str, b: str, names: dict[str, str], start_year: int | None, end_year: int | None,
                   facts: list[str]) -> list[Section]:
    """The events section; appends a sentence on the latest ICEWS year to ``facts``."""
    from analysis.reports import events as events_report

    er = events_report.prepare(a, b, start_year=start_year, end_year=end_year)
    section = Section(
        "Diplomatic events",
        "ICEWS dyad-year quad-class counts 2002–2014; event-level ICEWS sample, GDELT and analyst-coded events "
        "where available.",
        notes=list(er.notes),
        charts={k: er.charts[k] for k in ("event_quad_counts", "gdelt_months", "events_and_votes_timeline")
                if k in er.charts},
    )
    icews = er.counts.filter(pl.col("dataset") == "icews")
    if er.months.height:
        section.rests_on += " GDELT 2.0 months from aggregates computed with `python -m analysis events aggregate`."
        by_direction = er.months.group_by("source_iso3", "target_iso3").agg(
            pl.col("n_events").sum(), pl.col("goldstein_sum").sum())
        parts = [f"{names[r['source_iso3']]} → {names[r['target_iso3']]}: {r['n_events']:,} events, mean Goldstein "
                 f"{r['goldstein_sum'] / r['n_events']:+.2f}" for r in by_direction.sort("source_iso3").iter_rows(
                     named=True) if r["n_events"]]
        engines = ", ".join(sorted(set(er.months["engine"])))
        facts.append(f"GDELT 2.0, {er.months['month'].min():%Y-%m} to {er.months['month'].max():%Y-%m} (aggregated "
                     f"with {engines}; machine-coded from news, not comparable with ICEWS counts): "
                     + "; ".join(parts) + ".")
    if icews.height:
        last = int(icews["year"].max())
        rows = {(r["source_iso3"], r["target_iso3"]): r for r in icews.filter(pl.col("year") == last).iter_rows(
            named=True)}
        parts = [f"{names[s]} → {names[t]}: {r['n_events']:,} events, net cooperation {r['net_coop']:+,}"
                 for (s, t), r in sorted(rows.items())]
        facts.append(f"In ICEWS's last year ({last}), coded events between the two: " + "; ".join(parts) + ".")
    else:
        facts.append(f"ICEWS (2002–2014) records no events between {names[a]} and {names[b]} in the chosen years.")
    return [section]
