"""Adapter for analyst-coded events: a small documented CSV format → ``events``.

For events a researcher codes by hand from news reports (e.g. what a seed article says two
foreign ministers did). One file per coding effort under ``data/raw/analyst/``, each with a
manifest entry like every other raw file.

**Format.** UTF-8 CSV (RFC 4180: comma-separated, fields with commas or quotes in double
quotes), one header row, one event per row:

=============  ========  ==================================================================
column         required  content
=============  ========  ==================================================================
date           yes       the day the event took place, ``YYYY-MM-DD``
source         yes       the acting state: ISO3 code (``PAK``) or English name ("Pakistan")
target         yes       the state acted upon, same form; must differ from ``source``
cameo_code     yes       CAMEO 1.1b3 event code as text, leading zeros kept (``041``, ``0311``)
description    yes       what happened, briefly, in the coder's own words (at most 300 characters)
citation       yes       the source: title and URL, or publication, date and title
note           no        why this code (the coding decision), for other coders
=============  ========  ==================================================================

Source and target are states (a state's government, ministers, diplomats or armed forces);
events of sub-state actors do not belong in this format. A reciprocal event (a telephone
call, a meeting) is coded as two rows, one per direction, as the CAMEO codebook does. Only
facts the cited source reports are coded; the description paraphrases, never quotes at
length.

**Validation**: an unknown column, a missing required column, an empty required field, a
date that is not ``YYYY-MM-DD``, an unknown country, a source equal to its target or a code
that is not in the CAMEO table raises ``SourceFormatError`` naming the file and line (the
header is line 1). ``source_event_id`` is ``<file name>:<line>``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from pathlib import Path

import polars as pl
from countrycode import countrycode

from analysis.core.clock import refuse_future_value
from analysis.core.countries import ALIASES, HISTORICAL_ISO3, iso3_from_names
from analysis.schemas import EVENTS, FIRST_EVENT_DATE, conform
from analysis.sources import SourceFormatError

DATASET = "analyst"
SOURCE = "analyst-events"  # manifest source
REQUIRED = ("date", "source", "target", "cameo_code", "description", "citation")
OPTIONAL = ("note",)
MAX_DESCRIPTION = 300
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
#: Project codes of states without an ISO code, accepted as written.
PROJECT_CODES = frozenset({"XKX"})


def _country(text: str, cache: dict[str, str | None]) -> str | None:
    """Return the ISO3 code for an ISO3 code or an English country name (None if unknown)."""
    if text in cache:
        return cache[text]
    code: str | None = None
    if _ISO3.match(text):
        if text in HISTORICAL_ISO3 or text in PROJECT_CODES:
            code = text
        elif countrycode([text], origin="iso3c", destination="country.name")[0] is not None:
            code = text
    if code is None:
        code = ALIASES.get(text.lower()) or iso3_from_names([text]).get(text)
    cache[text] = code
    return code


def read_file(path: Path, event_codes: pl.DataFrame) -> pl.DataFrame:
    """Return the events of one analyst CSV file in the ``events`` schema (see the module doc)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise SourceFormatError(f"{path}: missing") from None
    except UnicodeDecodeError as exc:
        raise SourceFormatError(f"{path}: not UTF-8 text ({exc})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise SourceFormatError(f"{path}: line 1: {exc}") from None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        raise SourceFormatError(f"{path}: line 1: columns {header}: missing {missing}, unknown {unknown}; "
                                f"expected {list(REQUIRED)} and optionally {list(OPTIONAL)}")
    reader.fieldnames = header
    codes = dict(zip(event_codes["code"], zip(event_codes["quad_class"], event_codes["goldstein"],
                                              strict=True), strict=True))
    cache: dict[str, str | None] = {}
    rows = []
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise SourceFormatError(f"{path}: line {reader.line_num}: {exc}") from None
        rows.append(_row(path, line, record, codes, cache))
        line = reader.line_num + 1
    if not rows:
        return pl.DataFrame(schema=EVENTS)
    return conform(pl.DataFrame(rows, schema=EVENTS), "events")


def _row(path: Path, line: int, record: dict, codes: dict, cache: dict[str, str | None]) -> dict:
    def fail(message: str) -> SourceFormatError:
        return SourceFormatError(f"{path}: line {line}: {message}")

    if None in record or any(v is None for v in record.values()):
        n = len([v for k, v in record.items() if k is not None and v is not None]) + len(record.get(None) or [])
        raise fail(f"{n} fields, the header has {len([k for k in record if k is not None])}")
    values = {k: (v or "").strip() for k, v in record.items()}
    empty = [c for c in REQUIRED if not values[c]]
    if empty:
        raise fail(f"empty required field(s) {empty}")
    if not _DATE.match(values["date"]):
        raise fail(f"date {values['date']!r} is not YYYY-MM-DD")
    try:
        date = dt.date.fromisoformat(values["date"])
    except ValueError:
        raise fail(f"date {values['date']!r} is not a calendar date") from None
    if date < FIRST_EVENT_DATE:
        raise fail(f"date {date} is before {FIRST_EVENT_DATE}, where the event datasets begin")
    refuse_future_value(date, file=path, row=f"line {line}")
    iso = {}
    for role in ("source", "target"):
        code = _country(values[role], cache)
        if code is None:
            raise fail(f"unknown country {values[role]!r} in column {role} (give an ISO3 code or an English name)")
        iso[role] = code
    if iso["source"] == iso["target"]:
        raise fail(f"source and target are the same state ({iso['source']}); domestic events do not belong here")
    code = values["cameo_code"]
    if code not in codes:
        hint = f" (leading zero lost? {code.zfill(3)!r} is a code)" if code.zfill(3) in codes else ""
        raise fail(f"unknown CAMEO code {code!r}{hint}")
    if len(values["description"]) > MAX_DESCRIPTION:
        raise fail(f"description has {len(values['description'])} characters, at most {MAX_DESCRIPTION}")
    quad_class, goldstein = codes[code]
    return {
        "dataset": DATASET, "source_event_id": f"{path.name}:{line}", "date": date,
        "source_iso3": iso["source"], "target_iso3": iso["target"], "source_sector": None, "target_sector": None,
        "cameo_code": code, "quad_class": quad_class, "goldstein": goldstein, "intensity": None,
        "domestic": False, "source_state": True, "target_state": True, "state_actor": True,
        "description": values["description"], "citation": values["citation"],
    }


def read_events(raw: Path, event_codes: pl.DataFrame, files: Iterable[Path] | None = None) -> pl.DataFrame:
    """Return the events of every analyst CSV (``files``, default all ``data/raw/analyst/*.csv``)."""
    paths = sorted(files) if files is not None else sorted((raw / "analyst").glob("*.csv"))
    frames = [read_file(p, event_codes) for p in paths]
    return pl.concat(frames) if frames else pl.DataFrame(schema=EVENTS)
