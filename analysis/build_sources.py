"""The build's readers: each combines one kind of source into its canonical tables, with the build's notes.

``analysis.build`` runs them (``assemble``): the State Department's reports and the fixes they
give the GA record (``read_statedept``, ``fix_ga_record``), fetched voting records and press-release
roll calls merged after the published datasets (``read_fetched_votes``, ``read_press_votes``), the
events (``read_events``) and the trade tables (``read_trade``, ``sorted_trade``). Kept apart from
the build's orchestration (threads, stage cache, writes) so that both stay short; the whole build's
key and its stage keys cover this module's code too.
"""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from analysis import schemas as schemas_mod
from analysis.core import manifest
from analysis.schemas import EVENT_COUNTS_DYAD_YEAR, KEYS, conform

if TYPE_CHECKING:
    from analysis.sources import statedept


def read_statedept(raw: Path, notes: list[str], staged, page_texts=None) -> statedept.StateDeptData:
    """The State Department's reports (``analysis.sources.statedept``); their page texts come from the stage cache
    or, when computed, from ``page_texts()`` (default ``statedept.page_texts(raw)``)."""
    from analysis.sources import pdf_text, statedept, statedept_layout

    texts = staged("statedept_pages", statedept.SOURCE, (pdf_text, statedept_layout),
                   page_texts or (lambda: statedept.page_texts(raw)))
    reports = statedept.parse(raw, texts)
    notes += reports.notes
    return reports


def fix_ga_record(roll_calls: pl.DataFrame, votes: pl.DataFrame, listed: pl.DataFrame,
                  notes: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Drop exact duplicate GA roll calls; set ``important`` from the reports (``measures.record_fixes``)."""
    from analysis.measures import record_fixes

    dupes = record_fixes.exact_duplicates(roll_calls, votes)
    for r in dupes.iter_rows(named=True):
        notes.append(f"GA: rcid {r['rcid']} ({r['symbol']}, {r['date']}) repeats rcid {r['duplicate_of']} exactly "
                     f"(same symbol, date and every state's vote): left out, so the vote is counted once")
    drop = dupes.select(pl.lit("GA").cast(roll_calls.schema["body"]).alias("body"), "rcid")
    roll_calls = roll_calls.join(drop, on=["body", "rcid"], how="anti")
    votes = votes.join(drop, on=["body", "rcid"], how="anti")
    roll_calls, changes = record_fixes.important_from_reports(roll_calls, listed)
    flagged = roll_calls.filter((pl.col("body") == "GA") & pl.col("important").fill_null(False))
    per_year = flagged.group_by("year").len().sort("year")
    notes.append("GA important votes (State Department reports): " + ", ".join(
        f"{y}: {n}" for y, n in per_year.filter(pl.col("year") >= 2013).iter_rows()) + f"; {changes.height} flags "
        f"changed from the source's ({changes.filter(pl.col('after')).height} set, "
        f"{changes.filter(~pl.col('after')).height} cleared)")
    return roll_calls, votes


def symbol_key(symbol: pl.Expr) -> pl.Expr:
    """A symbol as the merge compares it: upper case, without spaces ("S/RES/2817 (2026)" = "S/RES/2817(2026)")."""
    return symbol.str.to_uppercase().str.replace_all(r"\s+", "")


#: Manifest sources of fetched voting records (``analysis.sources.undl.SOURCE`` and ``SOURCE_OHCHR``, and the
#: UN Digital Library's voting-data CSVs, ``analysis.sources.undl_csv.SOURCE``).
FETCHED_VOTES = ("undl", "ohchr-export", "undl-csv")


def read_fetched_votes(raw: Path, published: pl.DataFrame, notes: list[str],
                       published_votes: pl.DataFrame | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return the roll calls and votes fetched with ``python -m analysis fetch votes`` that no published source has.

    Reads every file of the manifest's ``undl`` (UN Digital Library, GA and SC) and
    ``ohchr-export`` (a user's export from the OHCHR Search Library, HRC and CHR) sources
    (``analysis.sources.undl``). Precedence: the published datasets first; a fetched roll
    call whose symbol (or draft symbol) one of them already has for the same body is left
    out, so that no roll call is counted twice, and a note says how many; where the two disagree
    (official tally, or a state's yes/no/abstain), notes say so (``measures.source_agreement``).
    ``published`` holds the published sources' roll calls, ``published_votes`` their votes.
    """
    entries = [e for e in manifest.load(raw) if e.source in FETCHED_VOTES]
    if not entries:
        return _empty_table("roll_calls"), _empty_table("votes")
    from analysis.measures.source_agreement import compare_by_symbol
    from analysis.sources import undl, undl_csv

    fetched = undl.read(raw, [e for e in entries if e.source != undl_csv.SOURCE])
    for entry in (e for e in entries if e.source == undl_csv.SOURCE):
        table = undl_csv.parse(entry.location(raw))
        fetched = undl.UndlData(pl.concat([fetched.roll_calls, table.roll_calls]).unique(["body", "rcid"]),
                                pl.concat([fetched.votes, table.votes]).unique(["body", "rcid", "iso3"]),
                                fetched.skipped + table.skipped, list(fetched.notes) + table.notes)
    notes += [f"undl: {line}" for line in fetched.skipped[:5]]
    if len(fetched.skipped) > 5:
        notes.append(f"undl: {len(fetched.skipped) - 5} more records without a per-state vote left out")
    notes += list(getattr(fetched, "notes", []))
    known = pl.concat([
        published.select("body", symbol_key(pl.col("symbol")).alias("key")),
        published.select("body", symbol_key(pl.col("draft_symbol")).alias("key")),
    ]).drop_nulls().unique()
    rc = fetched.roll_calls.with_columns(symbol_key(pl.col("symbol")).alias("key"))
    kept = rc.join(known, on=["body", "key"], how="anti").drop("key")
    for body in sorted(set(fetched.roll_calls["body"].cast(pl.String))):
        n_all = fetched.roll_calls.filter(pl.col("body") == body).height
        n_kept = kept.filter(pl.col("body") == body).height
        notes.append(f"undl {body}: {n_all:,} fetched roll calls; {n_all - n_kept:,} already in a published dataset "
                     f"(same symbol: the published dataset wins); {n_kept:,} added")
    notes += compare_by_symbol(fetched.roll_calls, fetched.votes, published, published_votes)
    votes = fetched.votes.join(kept.select("body", "rcid"), on=["body", "rcid"], how="semi")
    return conform(kept, "roll_calls"), conform(votes, "votes")


def read_press_votes(raw: Path, roll_calls: pl.DataFrame, votes: pl.DataFrame, notes: list[str]):
    """Return the roll calls recorded from press releases (``analysis.sources.un_press_votes``) no dataset has.

    The states are checked against the Security Council's reference list (``un-sc-members``)
    and the memberships read off the other sources' records. A press-release roll call that a
    published or fetched source also has (same body and symbol or draft symbol; or, for a press
    roll call without any symbol, same body, date and yes-no-abstain tally) is left out: the
    dataset wins, and a note says so.
    """
    from analysis.measures import memberships, tallies
    from analysis.sources import un_press_votes

    members = pl.concat([
        un_press_votes.read_members(raw).select("body", "year", "iso3"),
        memberships.derive(roll_calls, votes).select(pl.col("body").cast(pl.String), "year", "iso3"),
    ]).unique()
    press = un_press_votes.read(raw, members)
    notes += press.notes
    if press.roll_calls.height == 0:
        return press
    rc = press.roll_calls
    unnamed = rc.filter(pl.col("symbol").is_null() & pl.col("draft_symbol").is_null())
    tallied = tallies.with_counts(roll_calls.join(unnamed.select("body", "date").unique(), on=["body", "date"],
                                                  how="semi"), votes)
    by_symbol = pl.concat([
        roll_calls.select("body", symbol_key(pl.col(c)).alias("key"), "source", "rcid")
        for c in ("symbol", "draft_symbol")]).drop_nulls("key")
    by_tally = tallied.select("body", "date", pl.coalesce("official_yes", "counted_yes").alias("y"),
                              pl.coalesce("official_no", "counted_no").alias("n"),
                              pl.coalesce("official_abstain", "counted_abstain").alias("a"), "source", "symbol")
    dupes = pl.concat([
        pl.concat([rc.select("body", "rcid", "date", symbol_key(pl.col(c)).alias("key")) for c in ("symbol",
                                                                                                   "draft_symbol")])
        .drop_nulls("key").join(by_symbol.drop("rcid"), on=["body", "key"])
        .select("rcid", "date", pl.format("{} has the same symbol", "source").alias("why")),
        unnamed.select("body", "rcid", "date", pl.col("official_yes").alias("y"), pl.col("official_no").alias("n"),
                  pl.col("official_abstain").alias("a"))
        .join(by_tally, on=["body", "date", "y", "n", "a"])
        .select("rcid", "date", pl.format("{} has a roll call of the same day and tally ({})", "source",
                                          pl.col("symbol").fill_null("no symbol")).alias("why")),
    ]).unique("rcid", keep="first")
    for r in dupes.sort("rcid").iter_rows(named=True):
        notes.append(f"un-press-votes: the roll call of {r['date']} is left out: {r['why']}; "
                     f"the published dataset wins")
    drop = dupes.select("rcid")
    return un_press_votes.PressVotes(
        rc.join(drop, on="rcid", how="anti"), press.votes.join(drop, on="rcid", how="anti"),
        press.press_votes.join(drop, on="rcid", how="anti"), press.notes)


def _empty_table(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=schemas_mod.SCHEMAS[table])


def hrc_only(roll_calls: pl.DataFrame, votes: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The Human Rights Council's roll calls and votes."""
    return roll_calls.filter(pl.col("body") == "HRC"), votes.filter(pl.col("body") == "HRC")


def tally_notes(roll_calls: pl.DataFrame) -> list[str]:
    """One line per body: how many roll calls carry an official tally and how many disagree with their rows."""
    out = []
    for body in schemas_mod.BODIES:
        rc = roll_calls.filter(pl.col("body") == body)
        checked = rc.filter(pl.col("tally_mismatch").is_not_null())
        bad = checked.filter(pl.col("tally_mismatch"))
        example = f", e.g. {bad['symbol'][-1]} ({bad['note'][-1]})" if bad.height else ""
        out.append(f"tallies {body}: {checked.height:,} of {rc.height:,} roll calls have an official tally and a "
                   f"per-state list; {bad.height} disagree{example}")
    return out


def read_events(raw: Path, notes: list[str], staged=None) -> dict[str, pl.DataFrame]:
    """Return event_codes, events and event_counts_dyad_year from the event files in the manifest."""
    from analysis.sources import analyst_events, cameo, gdelt, gdelt_aggregates, icews

    codes = cameo.read(raw)
    files: dict[str, list[Path]] = {}
    for entry in manifest.load(raw):
        files.setdefault(entry.source, []).append(entry.location(raw))
    parts = {
        "icews": icews.read_events(raw, codes, files.get(icews.SOURCE, [])),
        "gdelt": gdelt.read_events(raw, codes, files.get(gdelt.SOURCE, []) + files.get(gdelt.SOURCE_FETCHED, [])),
        "analyst": analyst_events.read_events(raw, codes, files.get(analyst_events.SOURCE, [])),
    }
    for name, frame in parts.items():
        notes.append(f"events/{name}: {frame.height:,} events")
    events = pl.concat(parts.values()).sort("dataset", "date", "source_event_id")
    staged = staged or (lambda name, source, module, compute: compute())
    counts = (staged("icews_dyad_year", icews.SOURCE_DYAD_YEAR, icews, lambda: icews.read_dyad_year(raw))
              if icews.SOURCE_DYAD_YEAR in files else pl.DataFrame(schema=EVENT_COUNTS_DYAD_YEAR))
    notes.append(f"icews-dyad-year: {counts.height:,} directed dyad-years of quad-class counts")
    months, month_notes = gdelt_aggregates.read(raw)
    notes += month_notes
    gdelt_years = gdelt_aggregates.yearly(months)
    if gdelt_years.height:
        counts = pl.concat([counts, gdelt_years]).sort("dataset", "year", "source_iso3", "target_iso3")
        notes.append(f"gdelt-aggregates: {gdelt_years.height:,} directed dyad-years of whole years "
                     f"{gdelt_years['year'].min()}-{gdelt_years['year'].max()} added to event_counts_dyad_year")
    return {"event_codes": codes, "events": events, "event_counts_dyad_year": counts,
            "event_counts_dyad_month": months}


#: Trade sources fetched by ``python -m analysis fetch trade``: manifest source → parser module.
FETCHED_TRADE = {"imf-imts": "analysis.sources.imf_imts", "comtrade": "analysis.sources.comtrade"}


def read_trade(raw: Path, notes: list[str], staged=None, pool: Executor | None = None) -> pl.DataFrame:
    """Return the ``trade`` table: COW and IMF DOTS (shipped) plus every fetched file listed in the manifest.

    Sorted by its key (``source`` first). Each source's rows are sorted on their own (the shipped
    ones inside their cached stage), then put one after the other in the order of their source:
    sorting the 4.6 million rows as one frame took 5.8 s of every build. With ``pool``, DOTS is read
    there while this thread reads COW.
    """
    import importlib

    from analysis.core.keysort import sort_by_key
    from analysis.sources import cow_trade, imf_dots

    keys = list(KEYS["trade"])
    staged = staged or (lambda name, source, module, compute: compute())

    def read_dots() -> pl.DataFrame:  # the stage cache holds frames: the notes ride along in a constant column
        books = imf_dots.read(raw)  # sorted by the key
        return books.trade.with_columns(pl.lit("\n".join(books.notes())).alias("_note"))

    dots_stage = ("imf_dots", imf_dots.SOURCE_DIR, imf_dots, read_dots)
    dots_read = pool.submit(staged, *dots_stage) if pool is not None else None
    cow = staged("cow_trade", "cow-trade", cow_trade, lambda: sort_by_key(cow_trade.read(raw), keys))
    notes.append(f"cow-trade: {cow.height:,} rows (published and smoothed flows), 1870-2014")
    dots = dots_read.result() if dots_read is not None else staged(*dots_stage)
    notes.append(dots["_note"][0] if dots.height else "imf-dots: no workbooks")
    fetched = []
    for entry in manifest.load(raw):
        module = FETCHED_TRADE.get(entry.source)
        if module is None:
            continue
        frame = importlib.import_module(module).parse(entry.location(raw))
        notes.append(f"{entry.source}: {frame.height:,} rows from {entry.path}")
        fetched.append(frame)
    return sorted_trade([cow, dots.drop("_note")], fetched)


def sorted_trade(shipped: list[pl.DataFrame], fetched: list[pl.DataFrame]) -> pl.DataFrame:
    """The trade rows of ``shipped`` frames (each one source, sorted by the key) and ``fetched`` files, sorted.

    The same figure fetched twice (overlapping requests) is kept once; differing figures fail
    validation later. Frames of one source each, in source order, are already in key order
    (``source`` leads the key); if two frames share a source, the whole table is sorted.
    """
    keys = list(KEYS["trade"])
    parts = [frame for frame in shipped if frame.height]
    if fetched:
        extra = pl.concat(fetched).unique([*keys, "value_usd"], keep="first", maintain_order=True)
        parts += [frame.sort(keys) for _, frame in sorted(extra.partition_by("source", as_dict=True).items())]
    if not parts:
        return pl.concat(shipped)
    sources = [frame["source"].unique().to_list() for frame in parts]
    if any(len(s) != 1 for s in sources) or len({s[0] for s in sources}) != len(sources):
        return pl.concat(parts).sort(keys)
    return pl.concat([frame for _, frame in sorted(zip((s[0] for s in sources), parts, strict=True),
                                                    key=lambda pair: pair[0])])
