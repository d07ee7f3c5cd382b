"""Adapter for the DGACM General Assembly resolution records (2019-2026, JSON).

Files ``data/raw/unga-dgacm/*.json`` hold one record per resolution: symbol, title,
session label, adoption date, agenda item, UNBIS subjects, adoption type and, for a
recorded vote, upper-case lists of the states in favour, against and abstaining.
Quirks handled here (each tested): some files are JSON lines and others one JSON value;
dates come as ``2019-10-10 00:00:00`` or ``16 December 2020`` (sometimes with a
non-breaking space); counts are strings; sessions 79 and 80 repeat records (exact
copies, or copies differing only in a mis-encoded name such as ``TÜRKÝYE``); states
that did not vote are not listed, so this source has no absent / not-member rows.

Only records with at least one listed vote become roll calls. Records that say
"By a recorded vote" but list no states are reported by ``read`` (``skipped``) rather
than dropped silently. Roll-call ids are ``100000 + n`` with n the record's rank by
(date, symbol), so they never collide with unvotes' ids (< 10000) and stay stable.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.core import countries
from analysis.core.clock import refuse_future_value
from analysis.core.issue_rules import issue_flags
from analysis.schemas import conform
from analysis.sources import SourceFormatError

SOURCE = "dgacm"
SOURCE_DIR = "unga-dgacm"  # the manifest's source name (and folder) for these files
RCID_BASE = 100_000
LISTS = {"MS_in_favour": "yes", "MS_against": "no", "MS_abstaining": "abstain"}
_SESSION = re.compile(r"^A/RES/(\d+)/")
_DRAFT = re.compile(r"^A/(?:ES-\d+/|S-\d+/)?\d*/?L\.\d+")


@dataclass
class DgacmData:
    """What ``read`` returns: roll calls, votes, and ``skipped``: notes on records it could not
    use or had to read with care (with reasons), reported by the build."""

    roll_calls: pl.DataFrame
    votes: pl.DataFrame
    skipped: list[str] = field(default_factory=list)
    without_vote: pl.DataFrame | None = None  # resolutions adopted without a vote (resolutions_without_roll_call)


def load_records(path: Path) -> list[dict]:
    """Return the records of one DGACM file (JSON lines, a JSON array or a single object)."""
    text = path.read_text(encoding="utf-8")
    try:
        value = json.loads(text)
        return value if isinstance(value, list) else [value]
    except json.JSONDecodeError:
        pass
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise SourceFormatError(f"{path}, line {number}: not valid JSON ({exc.msg})") from exc
    return records


def parse_date(text: str, where: str) -> str:
    """Return ISO ``YYYY-MM-DD`` for a DGACM adoption date; raise naming ``where`` if unreadable."""
    clean = " ".join(text.replace("\xa0", " ").split())
    for fmt in ("%Y-%m-%d %H:%M:%S", "%d %B %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(clean, fmt).date().isoformat()
        except ValueError:
            continue
    raise SourceFormatError(f"{where}: unreadable adoption_date {text!r}")


def regular_session(symbol: str, date: str) -> int:
    """Return the GA regular session of a resolution: from ``A/RES/<n>/`` or, for emergency or
    special sessions, the regular session in progress on ``date`` (sessions open mid-September)."""
    match = _SESSION.match(symbol)
    if match:
        return int(match.group(1))
    year, month, day = (int(p) for p in date.split("-"))
    return year - 1945 if (month, day) >= (9, 15) else year - 1946


def read(raw: Path) -> DgacmData:
    """Read every DGACM file; return roll calls, votes (schema-conformant) and skipped records.

    Raises ``SourceFormatError`` naming the file and the name for any state name that does
    not map to ISO3, and naming the symbol when two records of one symbol disagree.
    """
    files = sorted((raw / SOURCE_DIR).glob("*.json"))  # the build's manifest check rejects unlisted files
    if not files:
        raise SourceFormatError(f"{raw / 'unga-dgacm'}: no DGACM JSON files")
    entries = []  # (file, record)
    for path in files:
        entries += [(path, rec) for rec in load_records(path)]
    names = {n for _, rec in entries for key in LISTS for n in rec.get(key) or []}
    mapping = countries.iso3_from_names(names)
    unmapped = sorted(n for n, code in mapping.items() if not code)
    if unmapped:
        where = sorted({p.name for p, rec in entries for key in LISTS if set(rec.get(key) or []) & set(unmapped)})
        raise SourceFormatError(
            f"{raw / 'unga-dgacm'} ({', '.join(where)}): state names with no ISO3 code: {unmapped}. "
            "Add the spelling to analysis.core.countries.DGACM_NAME_FIXES."
        )

    by_symbol: dict[str, dict] = {}
    without_vote: dict[str, dict] = {}
    skipped: list[str] = []
    for path, rec in entries:
        symbol = rec["symbol"].strip()
        listed = [(mapping[n], vote) for key, vote in LISTS.items() for n in rec.get(key) or []]
        ballots = set(listed)
        if len(listed) != len(ballots):
            skipped.append(f"{path.name}: {symbol} lists {len(listed) - len(ballots)} states twice (counted once)")
        for key in LISTS:
            count = str(rec.get(f"{key}_count", "")).strip()
            if count.isdigit() and ballots and int(count) != len(set(rec.get(key) or [])):
                skipped.append(f"{path.name}: {symbol} gives {key}_count {count} but names "
                               f"{len(set(rec.get(key) or []))} states (the named states are used)")
        if not ballots:
            adoption = (rec.get("adoption_type") or "").lower()
            if "recorded vote" in adoption:
                skipped.append(f"{path.name}: {symbol} says '{rec['adoption_type']}' but lists no states")
            elif "without a vote" in adoption and symbol not in without_vote:
                without_vote[symbol] = _record(rec, symbol, path)
            continue
        seen = by_symbol.get(symbol)
        if seen is not None:
            if seen["ballots"] != ballots:
                raise SourceFormatError(f"{path}: two records for {symbol} list different votes")
            continue  # a repeat of a record already read
        states = [iso for iso, _ in ballots]
        if len(states) != len(set(states)):
            raise SourceFormatError(f"{path}: {symbol} lists a state under two votes")
        by_symbol[symbol] = {**_record(rec, symbol, path), "ballots": ballots,
                             **{f"official_{vote}": _count(rec, key) for key, vote in LISTS.items()}}

    records = sorted(by_symbol.values(), key=lambda r: (r["date"], r["symbol"]))
    for number, rec in enumerate(records, start=1):
        rec["rcid"] = RCID_BASE + number
    columns = ("rcid", "session", "session_label", "date", "symbol", "title", "text", "draft_symbol",
               "official_yes", "official_no", "official_abstain")
    roll_calls = pl.DataFrame(
        [{k: r[k] for k in columns} for r in records],
        schema_overrides={f"official_{v}": pl.Int32 for v in LISTS.values()},
    ).with_columns(
        pl.lit("GA").alias("body"),
        pl.col("date").str.to_date(),
        pl.col("date").str.to_date().dt.year().cast(pl.Int32).alias("year"),
        *issue_flags(pl.col("text")),
        pl.lit(None, pl.Boolean).alias("important"),
        pl.lit(False).alias("amend"),
        pl.lit(False).alias("para"),
        pl.lit("resolution").alias("doc_type"),
        pl.lit("adopted").alias("outcome"),
        pl.lit(SOURCE).alias("source"),
    )
    fields = {"session": pl.Int32, "session_label": pl.String, "date": pl.String, "symbol": pl.String,
              "title": pl.String, "draft_symbol": pl.String}
    without = pl.DataFrame(
        [{k: r[k] for k in fields} for r in sorted(without_vote.values(), key=lambda r: (r["date"], r["symbol"]))],
        schema=fields,
    ).with_columns(
        pl.lit("GA").alias("body"),
        pl.col("symbol").alias("record_id"),
        pl.col("date").str.to_date(),
        pl.col("date").str.to_date().dt.year().cast(pl.Int32).alias("year"),
        pl.lit("resolution").alias("doc_type"),
        pl.lit("adopted without a vote").alias("adoption"),
        *[pl.lit(None, pl.Int32).alias(f"official_{v}") for v in LISTS.values()],
        pl.lit(None, pl.String).alias("record_url"),
        pl.lit(SOURCE).alias("source"),
    )
    votes = pl.DataFrame(
        [{"rcid": r["rcid"], "iso3": iso, "vote": vote} for r in records for iso, vote in sorted(r["ballots"])]
    ).with_columns(pl.lit("GA").alias("body"), pl.lit(SOURCE).alias("source"))
    return DgacmData(conform(roll_calls, "roll_calls"), conform(votes, "votes"), skipped,
                     conform(without, "resolutions_without_roll_call"))


def _count(rec: dict, key: str) -> int | None:
    """The record's own count for list ``key`` (DGACM's official count), or None when it gives none."""
    text = str(rec.get(f"{key}_count", "")).strip()
    return int(text) if text.isdigit() else None


def _record(rec: dict, symbol: str, path: Path) -> dict:
    """The fields of a record that every resolution has, with or without a vote."""
    date = parse_date(rec["adoption_date"], f"{path}: {symbol}")
    refuse_future_value(dt.date.fromisoformat(date), file=path, row=symbol, what="adopted")
    subjects = " ".join(s[0] for s in rec.get("subjects") or [] if s)
    draft = str(rec.get("originating_document") or "").strip()
    label = symbol.split("/")[2] if symbol.startswith("A/RES/") and symbol.count("/") >= 3 else None
    return {
        "symbol": symbol,
        "date": date,
        "session": regular_session(symbol, date),
        "session_label": label,
        "title": rec.get("title", "").strip(),
        "text": " ".join([rec.get("title", ""), rec.get("agenda_item_name", ""), subjects]),
        "draft_symbol": draft if _DRAFT.match(draft) else None,
    }
