"""Adapter for the UN Digital Library's voting datasets as CSV: "General Assembly Voting Data" and
"Security Council Voting Data" (Dag Hammarskjöld Library).

The Library publishes every adopted resolution's recorded votes as one CSV per body, one row per
member state and resolution (GA: digitallibrary.un.org/record/4060887, about 900,000 rows to July
2025; SC: record/4055387, about 41,000 rows). Its terms forbid automated bulk downloads without
approval, so a user downloads the file in a browser and adds it with ``python -m analysis fetch
votes --body GA|SC --from-file FILE.csv`` (copied unchanged to ``data/raw/undl-csv/<body>/``,
manifest source ``undl-csv``). The package ships a real excerpt of the SC file
(``data/raw/undl-sc-voting-excerpt/``, 1,100 rows, 74 resolutions 2007-2025).

Columns (``SC_COLUMNS``: the SC file of 2026-02-06, as in the shipped excerpt; ``GA_COLUMNS``: the
GA file's header of 2025-2026 as quoted, with two rows, by a public importer's test that read the
real file; the Library's data dictionary of the 2024 GA release names the same fields):
undl_id (record id), ms_code (ISO3-like), ms_name, ms_vote (Y yes, N no, A abstain, X or empty:
did not vote; "NV" in the 2024 release), date, resolution, draft, meeting, description (SC) or
title (GA), agenda or agenda_title, subjects ("|"-separated), vote_note, total_yes, total_no,
total_abstentions, total_non_voting, total_ms (the official tally; the GA file writes "120.0"),
modality ("Vote" / "Without Vote", SC), permanent_member (SC), session and committee_report (GA),
undl_link.

Read so (each tested on the real excerpt): one roll call per ``undl_id`` with its official tally;
rcid ``undl.RCID_BASE + undl_id`` (the MARCXML records' ids, so one record from either format is
one roll call); a member that did not vote is ``absent``; a resolution adopted without a vote
(modality "Without Vote", every member X) is not a roll call and is reported; a record with fewer
member rows than ``total_ms`` (an excerpt cut in the middle of a record) is left out and reported.
Member codes go through ``analysis.sources.undl`` (historical codes, Yugoslavia by date, the
Republic of China's SC seat before 25 October 1971).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.core.clock import refuse_future
from analysis.core.issue_rules import issue_flags
from analysis.schemas import conform
from analysis.sources import SourceFormatError, undl

SOURCE = "undl-csv"  # the manifest's source name of these files
REQUIRED = ("undl_id", "ms_code", "ms_name", "ms_vote", "date", "resolution", "total_yes", "total_no",
            "total_abstentions", "total_non_voting", "total_ms")
SC_COLUMNS = ("undl_id", "ms_code", "ms_name", "permanent_member", "ms_vote", "date", "resolution", "draft",
              "meeting", "description", "agenda", "subjects", "vote_note", "total_yes", "total_no",
              "total_abstentions", "total_non_voting", "total_ms", "modality", "undl_link")
GA_COLUMNS = ("undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution", "draft",
              "committee_report", "meeting", "title", "agenda_title", "subjects", "vote_note", "total_yes",
              "total_no", "total_abstentions", "total_non_voting", "total_ms", "undl_link")
VOTES = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent", "NV": "absent", "": "absent"}


def is_voting_csv(path: Path) -> bool:
    """Whether ``path`` starts with a header holding the Library's voting-data columns (``REQUIRED``)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            header = handle.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return set(REQUIRED) <= {c.strip() for c in header.strip().split(",")}


def _column(frame: pl.DataFrame, *names: str) -> pl.Expr:
    present = [n for n in names if n in frame.columns]
    return pl.coalesce([pl.col(n) for n in present]) if present else pl.lit(None, pl.String)


def parse(path: Path) -> undl.UndlData:
    """Parse one voting-data CSV; return roll calls and votes in the project's schemas, ``skipped`` and ``notes``.

    Raises ``SourceFormatError`` naming the file for a file that is not such a CSV, and naming the
    record for an unknown vote code, a symbol of no body, a state listed twice with different
    votes, or a member code that maps to no state.
    """
    path = Path(path)
    try:
        frame = pl.read_csv(path, infer_schema_length=0, encoding="utf8")
    except (OSError, pl.exceptions.ComputeError) as exc:
        raise SourceFormatError(f"{path}: cannot read as CSV ({exc})") from None
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise SourceFormatError(f"{path}: not a UN Digital Library voting-data CSV: missing columns {missing} "
                                f"(header: {', '.join(frame.columns[:8])}...)")
    name = path.name
    frame = frame.with_columns(pl.col(c).fill_null("").str.strip_chars() for c in ("undl_id", "ms_code", "ms_vote",
                                                                               "resolution"))
    bad = frame.filter(~pl.col("ms_vote").str.to_uppercase().is_in(list(VOTES)))
    if bad.height:
        r = bad.row(0, named=True)
        raise SourceFormatError(f"{path}: record {r['undl_id']} ({r['resolution']}), {r['ms_name']}: unknown vote code "
                                f"{r['ms_vote']!r} (known: Y, N, A; X, NV or empty for a member that did not vote)")
    frame = frame.with_columns(
        pl.col("undl_id").cast(pl.Int64, strict=False).alias("record_id"),
        pl.col("date").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).alias("_date"),
        pl.col("ms_vote").str.to_uppercase().replace_strict(VOTES, return_dtype=pl.String).alias("vote"),
        *[pl.col(c).cast(pl.Float64, strict=False).cast(pl.Int32).alias(f"_{c}") for c in REQUIRED[6:]],
    )
    unreadable = frame.filter(pl.col("record_id").is_null() | pl.col("_date").is_null())
    if unreadable.height:
        r = unreadable.row(0, named=True)
        raise SourceFormatError(f"{path}: line with undl_id {r['undl_id']!r}, date {r['date']!r}: not a record id "
                                f"and a date YYYY-MM-DD")
    refuse_future(frame, "_date", file=path, row=pl.format("record {} ({})", "undl_id", "resolution"), what="voted on")
    records = frame.group_by("record_id", maintain_order=True).agg(
        pl.first("resolution"), pl.first("_date"), pl.len().alias("rows"), pl.first("_total_ms"),
        (pl.col("vote") != "absent").sum().alias("cast"), pl.first("undl_id"),
        _column(frame, "modality").first().alias("modality"))
    skipped, notes = [], []
    without = records.filter((pl.col("modality").str.to_lowercase() == "without vote") | (pl.col("cast") == 0))
    for r in without.iter_rows(named=True):
        skipped.append(f"{name}: record {r['record_id']} ({r['resolution']}) was adopted without a vote: not a roll "
                       f"call, skipped")
    cut = records.join(without.select("record_id"), on="record_id", how="anti").filter(
        pl.col("_total_ms").is_not_null() & (pl.col("rows") != pl.col("_total_ms")))
    for r in cut.iter_rows(named=True):
        notes.append(f"{name}: record {r['record_id']} ({r['resolution']}) lists {r['rows']} of its {r['_total_ms']} "
                     f"members (the file holds part of the record): left out")
    keep = records.join(pl.concat([without.select("record_id"), cut.select("record_id")]), on="record_id",
                        how="anti")
    frame = frame.join(keep.select("record_id"), on="record_id", how="semi")
    return _frames(frame, path, skipped, notes)


def _frames(frame: pl.DataFrame, path: Path, skipped: list[str], notes: list[str]) -> undl.UndlData:
    """Roll calls and votes of the kept rows (see ``parse``)."""
    symbols = frame.select("record_id", "resolution", "_date").unique("record_id", keep="first")
    bodies = {s: undl.body_of(s) for s in symbols["resolution"].to_list()}
    nobody = sorted(s for s, b in bodies.items() if b is None)
    if nobody:
        raise SourceFormatError(f"{path}: symbol {nobody[0]!r} belongs to no body this package reads "
                                f"(A/... GA, S/... SC)")
    codes = frame["ms_code"].str.to_uppercase().unique().to_list()
    known = undl.known_codes(codes)
    names = frame.filter(~pl.col("ms_code").str.to_uppercase().is_in(list(known)))["ms_name"].unique().to_list()
    from analysis.core.countries import iso3_from_names

    by_name = iso3_from_names(names) if names else {}
    rows = frame.with_columns(pl.col("resolution").replace_strict(bodies, return_dtype=pl.String).alias("body"))
    iso3 = []
    for code, member, body, date, record in rows.select(pl.col("ms_code").str.to_uppercase(), "ms_name", "body",
                                                        "_date", "record_id").iter_rows():
        if code in known:
            iso3.append(undl.project_code(code, body, date))
        elif by_name.get(member):
            iso3.append(undl.project_code(str(by_name[member]), body, date))
        else:
            raise SourceFormatError(f"{path}: record {record}: state {member!r} (code {code or 'none'}) has no ISO3 "
                                    f"code; add the spelling to analysis.core.countries")
    rows = rows.with_columns(pl.Series("iso3", iso3, dtype=pl.String))
    twice = rows.group_by("record_id", "iso3").agg(pl.col("vote").n_unique().alias("n"), pl.len().alias("rows"))
    clash = twice.filter(pl.col("n") > 1)
    if clash.height:
        r = clash.row(0, named=True)
        raise SourceFormatError(f"{path}: record {r['record_id']}: state {r['iso3']} is listed twice with different "
                                f"votes")
    for r in twice.filter(pl.col("rows") > 1).iter_rows(named=True):
        notes.append(f"{path.name}: record {r['record_id']} lists {r['iso3']} twice with the same vote (counted once)")
    rows = rows.unique(["record_id", "iso3"], keep="first", maintain_order=True)
    title = _column(rows, "description", "title").str.replace(r"\s*:\s*resolution\s*/\s*adopted by the .*$", "")
    first = rows.group_by("record_id", maintain_order=True).agg(
        pl.first("body"), pl.first("_date").alias("date"), pl.first("resolution").alias("symbol"),
        title.first().alias("title"), _column(rows, "draft").first().alias("draft_symbol"),
        _column(rows, "undl_link").first().alias("record_url"),
        _column(rows, "meeting").first().alias("meeting"), _column(rows, "vote_note").first().alias("vote_note"),
        pl.concat_str([title, _column(rows, "agenda", "agenda_title"), _column(rows, "subjects")],
                      separator=" ", ignore_nulls=True).first().alias("_text"),
        *[pl.first(f"_{c}").alias(f"official_{k}") for c, k in zip(REQUIRED[6:], ("yes", "no", "abstain",
                                                                                   "non_voting", "total"),
                                                                   strict=True)])
    sessions = [undl.session_of(b, s, d) for b, s, d in first.select("body", "symbol", "date").iter_rows()]
    roll_calls = first.with_columns(
        (pl.col("record_id") + undl.RCID_BASE).cast(pl.Int32).alias("rcid"),
        pl.Series("session", [s for s, _ in sessions], dtype=pl.Int32),
        pl.Series("session_label", [lab for _, lab in sessions], dtype=pl.String),
        pl.col("date").dt.year().cast(pl.Int32).alias("year"),
        pl.when(pl.col("draft_symbol") == "").then(None).otherwise(pl.col("draft_symbol")).alias("draft_symbol"),
        pl.lit(None, pl.Boolean).alias("important"), pl.lit(False).alias("amend"), pl.lit(False).alias("para"),
        pl.lit("resolution").alias("doc_type"), pl.lit("adopted").alias("outcome"),
        pl.concat_str([pl.format("meeting {}", "meeting"), pl.format("vote note: {}", pl.when(
            pl.col("vote_note") != "").then(pl.col("vote_note")))], separator="; ", ignore_nulls=True).alias("note"),
        pl.lit(SOURCE).alias("source"),
        *issue_flags(pl.col("_text")),
    ).sort("body", "rcid")
    votes = rows.select(
        "body", (pl.col("record_id") + undl.RCID_BASE).cast(pl.Int32).alias("rcid"), "iso3", "vote",
        pl.struct("iso3", "body", "_date").map_elements(lambda s: undl.permanent_seat(s["iso3"], s["body"], s["_date"]),
                                                        return_dtype=pl.Boolean).alias("permanent"),
        pl.lit(SOURCE).alias("source"),
    ).sort("body", "rcid", "iso3")
    return undl.UndlData(conform(roll_calls, "roll_calls"), conform(votes, "votes"), skipped, notes)
