"""Everything the voting-alignment notebook shows, computed from its parameters.

The notebook ``notebooks/voting_alignment.ipynb`` calls ``prepare(...)`` and displays
the frames and charts of the returned ``VotingReport``; all logic lives here so tests
can reach it. Data come from the processed tables (``analysis.core.tables.load``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import polars as pl

from analysis.core.countries import resolve
from analysis.measures import alignment
from analysis.measures.coverage import NoVotesError, require_votes
from analysis.measures.memberships import covered_years, member_years, spans
from analysis.measures.resolutions import naming_resolutions
from analysis.measures.tallies import format_tally
from analysis.reports import chart_output, charts
from analysis.reports.heading import pair_heading
from analysis.reports.reuse import load, remembered
from analysis.schemas import BODY_NAMES, ISSUES, LISTING_BODIES

DEFAULT_COMPARATORS = ("CHN", "RUS", "USA", "IND", "SAU", "TUR")


def pooled_alignment(votes: pl.DataFrame, roll_calls: pl.DataFrame, a: str, b: str, **filters: object) -> pl.DataFrame:
    """Return one row of A–B measures pooled over all roll calls passing ``filters``.

    Same measures as ``alignment.dyad_alignment`` but over the whole year range at once
    (marginals for kappa and pi taken over the pooled joint votes). Columns n_joint,
    agreement, kappa, pi, s_score; no row when there is no joint vote.
    """
    chosen = alignment.filter_roll_calls(roll_calls, **filters).with_columns(pl.lit(0, pl.Int32).alias("year"))
    body = filters.get("body", "GA")
    table = alignment.dyad_alignment(votes, chosen, a, b, body=body)
    return table.drop("year")


MIN_ROLL_CALLS_FOR_RANKING = 30


def ranking_year(roll_calls: pl.DataFrame, body: str, start: int, end: int) -> int:
    """Return the latest year in [start, end] with at least 30 recorded votes in ``body``.

    A partly covered year (e.g. 2026, where the data end in June) would rank partners on a
    handful of votes; if no year has 30 recorded votes, the last year with any is used.
    """
    counts = (
        roll_calls.filter((pl.col("body") == body) & pl.col("year").is_between(start, end))
        .group_by("year").len()
    )
    full = counts.filter(pl.col("len") >= MIN_ROLL_CALLS_FOR_RANKING)
    chosen = full if full.height else counts
    return int(chosen["year"].max()) if chosen.height else end


@dataclass
class VotingReport:
    """Results for one dyad: tables (polars) and the charts built from them."""

    a: str
    b: str
    names: dict[str, str]
    body: str
    start_year: int
    end_year: int
    comparators: list[str]
    dyad: pl.DataFrame
    with_partners: pl.DataFrame
    by_issue: pl.DataFrame
    naming: pl.DataFrame
    ranked: pl.DataFrame
    last_year: int
    ideal_points: pl.DataFrame = field(default_factory=pl.DataFrame)  # A, B, comparators; issue "all"
    ideal_session: pl.DataFrame = field(default_factory=pl.DataFrame)  # every state, last session of the range
    memberships: pl.DataFrame = field(default_factory=pl.DataFrame)  # A's and B's years on the HRC and the CHR
    membership_covered: dict[str, list[int]] = field(default_factory=dict)  # body -> years the data cover
    charts: dict[str, alt.TopLevelMixin] = field(default_factory=chart_output.NamedCharts)

    @property
    def years(self) -> str:
        """The year range as text, e.g. ``1947–2026``."""
        return f"{self.start_year}–{self.end_year}"

    def heading(self) -> str:
        """Markdown naming the pair, the body and the years (the notebook's first output)."""
        body = BODY_NAMES.get(self.body, self.body)
        return pair_heading(self.names, self.a, self.b, f"UN {body} votes, {self.years}")

    def key_facts(self) -> dict[str, object]:
        """Return the headline numbers (rounded) that the notebook prints and nbval checks."""
        last = self.dyad.filter(pl.col("year") == self.last_year)
        rank = self.ranked.filter(pl.col("iso3") == self.b)
        joint = self.dyad["n_joint"].sum()
        pooled_agree = (self.dyad["agreement"] * self.dyad["n_joint"]).sum() / joint if joint else None
        return {
            "dyad": f"{self.a}-{self.b}",
            "body": self.body,
            "years_with_joint_votes": self.dyad.height,
            "joint_votes": int(joint),
            "agreement_all_years": None if pooled_agree is None else round(pooled_agree, 4),
            "last_year": self.last_year,
            "agreement_last_year": round(last["agreement"][0], 4) if last.height else None,
            "rank_of_b_among_partners_last_year": int(rank["rank"][0]) if rank.height else None,
            "partners_ranked_last_year": int(self.ranked["n_partners"][0]) if self.ranked.height else 0,
            "resolutions_naming_b": self.naming.height,
            **self.membership_facts(),
            **self._ideal_facts(),
        }

    def member_years(self, code: str, body: str) -> list[int]:
        """Years in which ``code`` sat on ``body`` (HRC or CHR) in the data."""
        return member_years(self.memberships, body, code) if self.memberships.height else []

    def membership_facts(self) -> dict[str, str]:
        """A's and B's years on the Human Rights Council and the Commission ("none" where never listed)."""
        return {f"{body.lower()}_years_{role}": spans(self.member_years(code, body)) or "none"
                for body in LISTING_BODIES for role, code in (("a", self.a), ("b", self.b))}

    def naming_table(self) -> pl.DataFrame:
        """The resolutions naming B for display: the official tally, and the per-state count where it differs.

        ``record_url`` (the voting record, e.g. OHCHR's for HRC and CHR votes) is kept for the symbol's link
        (``html_tables.frame_html`` links the symbol to it and does not show it as a column).
        """
        return self.naming.select(
            "date", "body", "symbol", "doc_type", "title",
            pl.struct("official_yes", "official_no", "official_abstain").map_elements(
                lambda r: format_tally(r["official_yes"], r["official_no"], r["official_abstain"]),
                return_dtype=pl.String).alias("official_tally"),
            pl.when(pl.col("tally_mismatch") | pl.col("official_yes").is_null())
            .then(pl.format("{}–{}–{}", "yes", "no", "abstain")).alias("per_state_count"),
            "outcome", "vote_a", "vote_b", "record_url",
        )

    def ideal_position(self, code: str) -> tuple[float, int, int] | None:
        """(ideal point, rank from the US side, number of states) of ``code`` in ``ideal_session``; None if absent."""
        row = self.ideal_session.filter(pl.col("iso3") == code)
        if not row.height:
            return None
        value = row["ideal_point"][0]
        values = self.ideal_session["ideal_point"]
        return value, int((values > value).sum()) + 1, values.len()

    def _ideal_facts(self) -> dict[str, object]:
        """Ideal points of A and B in the last session of the range (GA only; 2 decimals)."""
        if self.body != "GA" or not self.ideal_session.height:
            return {}
        facts: dict[str, object] = {"ideal_point_session": int(self.ideal_session["session"][0])}
        for role, code in (("a", self.a), ("b", self.b)):
            pos = self.ideal_position(code)
            facts[f"ideal_point_{role}"] = None if pos is None else round(pos[0], 2)
            facts[f"ideal_point_{role}_rank_of"] = None if pos is None else f"{pos[1]} of {pos[2]}"
        return facts

    def save_charts(self, out_dir: Path) -> list[Path]:
        """Write every chart as PNG and SVG into ``out_dir``; return the written paths."""
        return chart_output.save_all(self.charts, Path(out_dir))


@remembered  # the dyad report computes it too, in the same kernel (reuse.py)
def prepare(
    country_a: str = "PAK",
    country_b: str = "IRN",
    comparators: list[str] | tuple[str, ...] = DEFAULT_COMPARATORS,
    start_year: int | None = None,
    end_year: int | None = None,
    body: str = "GA",
) -> VotingReport:
    """Compute everything the voting notebook shows for A and B; return a ``VotingReport``.

    Countries may be ISO3 codes or whole names. Years default to the full range of the chosen
    body. Raises ``countries.UnknownCountryError`` for an unknown country,
    ``coverage.NoVotesError`` for the same state twice or a state without votes in the body
    and years, and ``ValueError`` for other bad parameters.
    """
    countries, roll_calls, votes = load("countries"), load("roll_calls"), load("votes")
    a, b = resolve(country_a, countries), resolve(country_b, countries)
    if a == b:
        raise NoVotesError(f"country_a and country_b are the same state ({a}); give two states")
    for code in (a, b):  # a clear message before any computing, e.g. for a state that is not a UN member
        require_votes(votes, roll_calls, code, body, start_year, end_year, None)
    comps = [c for c in (resolve(c, countries) for c in comparators) if c not in (a, b)]
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    years = roll_calls.filter(pl.col("body") == body)["year"]
    start = int(start_year if start_year is not None else years.min())
    end = int(end_year if end_year is not None else years.max())
    filters = {"body": body, "start_year": start, "end_year": end}

    dyad = alignment.dyad_alignment(votes, roll_calls, a, b, **filters)
    everyone = alignment.alignment_with_all(votes, roll_calls, a, **filters)
    with_partners = everyone.filter(pl.col("iso3").is_in([b, *comps]))
    last_year = ranking_year(roll_calls, body, start, end)
    ranked = alignment.rank_partners(everyone, a, last_year)
    issues = []
    for issue in ISSUES:
        row = pooled_alignment(votes, roll_calls, a, b, issue=issue, **filters)
        if row.height:
            issues.append(row.with_columns(pl.lit(issue).alias("issue")))
    by_issue = pl.concat(issues).select("issue", "n_joint", "agreement", "kappa", "pi", "s_score") if issues else (
        pl.DataFrame(schema={"issue": pl.String, "n_joint": pl.Int64, "agreement": pl.Float64, "kappa": pl.Float64,
                             "pi": pl.Float64, "s_score": pl.Float64})
    )
    naming = naming_resolutions(roll_calls, votes, countries, a, b, start_year=start, end_year=end)

    report = VotingReport(a, b, names, body, start, end, comps, dyad, with_partners, by_issue, naming, ranked,
                          last_year)
    if body == "GA":
        points = load("ideal_points").filter(
            (pl.col("issue") == "all") & pl.col("year").is_between(start, end) & pl.col("ideal_point").is_not_null())
        report.ideal_points = points.filter(pl.col("iso3").is_in([a, b, *comps])).sort("iso3", "session")
        if points.height:
            last_session = int(points["session"].max())
            report.ideal_session = points.filter(pl.col("session") == last_session).sort("ideal_point")
    members = load("memberships")
    report.memberships = members.filter(pl.col("iso3").is_in([a, b]))
    report.membership_covered = {body: covered_years(members, body) for body in LISTING_BODIES}
    years_txt = report.years
    report.charts = chart_output.NamedCharts({
        "alignment_over_time": charts.alignment_over_time(with_partners, a, b, names, body=body),
        "dyad_measures": charts.dyad_measures(dyad, a, b, names, body=body),
    })
    if dyad.height:
        report.charts["agreement_and_votes"] = charts.agreement_and_votes(dyad, report.naming_table(), a, b, names,
                                                                          body)
    if body == "GA" and by_issue.height:
        report.charts["agreement_by_issue"] = charts.agreement_by_issue(by_issue, a, b, names, years_txt)
    if ranked.height:
        report.charts["most_least_aligned"] = charts.most_least_aligned(ranked, a, names, last_year)
    if report.memberships.height:
        report.charts["council_membership"] = charts.membership_years(
            report.memberships.sort(pl.col("iso3") != a), names, report.membership_covered)
    if report.ideal_points.height:
        report.charts["ideal_point_trajectories"] = charts.ideal_point_trajectories(report.ideal_points, a, b, names)
    if report.ideal_session.height:
        session = report.ideal_session
        report.charts["ideal_points_last_session"] = charts.ideal_points_session(
            session, a, b, names, int(session["session"][0]), int(session["year"][0]))
    return report
