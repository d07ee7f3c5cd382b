"""Adapter for trade figures reported in the press (``data/raw/reported/*.csv``) -> ``reported_figures``.

The shipped file, ``pak_irn_trade_reported.csv``, holds Pakistan–Iran figures for 2020–2025
as newspapers and agencies published them, quoting each government's statistics
(Pakistan's Ministry of Commerce by Pakistani fiscal year, July–June; Iran's customs
(IRICA) and trade bodies (TPO, ICCIMA) by Iranian year, from 21 March), or a leader's
statement. They are **secondary sources**: every row keeps the outlet and URL and gets a
``label`` that says so.

**Periods keep their own basis.** ``basis`` names it ("Pakistani fiscal year (July–June)",
"Iranian year (from 21 March)", "calendar year", "part of a Pakistani fiscal year", …) and
``period_start``/``period_end`` give the dates the row itself states (FY2022-23 is 1 July
2022 – 30 June 2023; Iranian year 1401 is 21 March 2022 – 20 March 2023, as the file
writes). Nothing is converted to calendar years here or anywhere else; a statement's
"current" figure has no period dates, and a figure whose basis the source leaves unclear
has basis "unclear".

**Values.** ``value_text`` is kept as published; ``value_usd`` is the number in US dollars
(``value_usd_millions`` × 1e6) when the text is one number, or the bound when it is ">2000"
(``value_bound`` "at least"); "1500 -> >2000" (a change between two years) has no single
value (``value_bound`` "two figures").

**Whose statistics** (``statistics_of``): PAK or IRN for a government's statistics or
official, ``leaders`` for a leaders' statement, ``unattributed`` when the outlet names no
official source; decided by the rules in ``STATISTICS_RULES`` on ``reported_by_or_basis``.

Any row that these rules cannot read (an unknown period type, period, measure or source)
stops the build with an error naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from analysis.core.clock import refuse_future
from analysis.schemas import REPORTED_FIGURES, conform
from analysis.sources import SourceFormatError, read_csv_text

SOURCE_DIR = "reported"  # the manifest's source name and the folder under data/raw
COLUMNS = ("period", "period_type", "measure", "value_usd_millions", "reported_by_or_basis", "outlet", "url",
           "published")
MILLION = 1_000_000.0

#: the file's period_type -> (basis, whole period of its basis?)
BASES: dict[str, tuple[str, bool]] = {
    "PAK fiscal year": ("Pakistani fiscal year (July–June)", True),
    "PAK fiscal YTD": ("part of a Pakistani fiscal year", False),
    "Iranian year": ("Iranian year (from 21 March)", True),
    "Iranian YTD": ("part of an Iranian year", False),
    "calendar year": ("calendar year", True),
    "calendar (as stated)": ("calendar year (as the outlet states)", True),
    "leaders' statement": ("statement ('current')", False),
    "official statement": ("statement ('current')", False),
    "calendar/Iranian (unclear)": ("unclear", False),
}
#: ordered rules on ``reported_by_or_basis``: the first that matches says whose statistics a row quotes
STATISTICS_RULES: tuple[tuple[str, str], ...] = (
    (r"\bPresident\b|\bPM\b|Prime Minister", "leaders"),
    (r"no primary source", "unattributed"),
    (r"\bIran\b|IRICA|ICCIMA|\bTPO\b|IRNA|MRUD", "IRN"),
    (r"Pakistan|\bMoC\b", "PAK"),
)
#: when no rule matches, the basis says whose books a row comes from (Pakistani fiscal periods: Pakistan's)
STATISTICS_BY_BASIS = {"part of a Pakistani fiscal year": "PAK", "Pakistani fiscal year (July–June)": "PAK",
                       "Iranian year (from 21 March)": "IRN", "part of an Iranian year": "IRN"}
LABELS = {
    "PAK": "press report of Pakistan's official statistics",
    "IRN": "press report of Iran's official statistics",
    "leaders": "press report of a leaders' statement",
    "unattributed": "press report without an official source",
}

_MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
_MON = "(" + "|".join(_MONTHS) + ")"
_MEASURE = re.compile(
    r"^(?:(?P<reporter>[A-Z]{3}) (?P<nonoil1>non-oil )?(?P<dir>imports from|exports to) (?P<partner>[A-Z]{3})"
    r"|total (?P<nonoil2>non-oil )?trade (?P<x>[A-Z]{3})-(?P<y>[A-Z]{3}))(?: \((?P<note>[^)]*)\))?$")


def _last_day(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def parse_period(period: str, basis: str) -> tuple[dt.date | None, dt.date | None]:
    """Return ``(first day, last day)`` the period text states; ``(None, None)`` for statements and unclear bases.

    Raises ``ValueError`` for a text no pattern reads.
    """
    period = period.strip()
    if basis in ("statement ('current')", "unclear"):
        return None, None
    if m := re.fullmatch(r"FY(\d{4})-(\d{2}) \(Jul-Jun\)", period):
        start = int(m[1])
        return dt.date(start, 7, 1), dt.date(start + 1, 6, 30)
    if m := re.fullmatch(r"FY(\d{4})-\d{2}\.\.FY(\d{4})-\d{2}", period):
        return dt.date(int(m[1]), 7, 1), dt.date(int(m[2]) + 1, 6, 30)
    if m := re.fullmatch(r"(\d{4})(?: \(calendar\))?", period):
        return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    if m := re.fullmatch(rf"{_MON} (\d{{4}})-{_MON} (\d{{4}})", period):
        return dt.date(int(m[2]), _MONTHS[m[1]], 1), _last_day(int(m[4]), _MONTHS[m[3]])
    # Iranian year with the Gregorian dates written out: "1401 (21 Mar 2022-20 Mar 2023)"
    if m := re.fullmatch(rf"\d{{4}} \((\d{{1,2}}) {_MON} (\d{{4}})-(\d{{1,2}}) {_MON} (\d{{4}})\)", period):
        return (dt.date(int(m[3]), _MONTHS[m[2]], int(m[1])), dt.date(int(m[6]), _MONTHS[m[5]], int(m[4])))
    # part of an Iranian year: "1403 first 5 months (20 Mar-21 Aug 2024)"
    if m := re.fullmatch(rf"\d{{4}} first \d+ months \((\d{{1,2}}) {_MON}-(\d{{1,2}}) {_MON} (\d{{4}})\)", period):
        end = dt.date(int(m[5]), _MONTHS[m[4]], int(m[3]))
        start_year = end.year if _MONTHS[m[2]] <= end.month else end.year - 1
        return dt.date(start_year, _MONTHS[m[2]], int(m[1])), end
    raise ValueError(f"period {period!r} ({basis}) matches no known pattern")


def parse_value(text: str) -> tuple[float | None, str]:
    """Return ``(US dollars or None, bound)`` for a ``value_usd_millions`` text ("880", ">2000", "1500 -> >2000")."""
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text) * MILLION, "exact"
    if m := re.fullmatch(r">\s*(\d+(\.\d+)?)", text):
        return float(m[1]) * MILLION, "at least"
    if re.fullmatch(r">?\d+(\.\d+)? -> >?\d+(\.\d+)?", text):
        return None, "two figures"
    raise ValueError(f"value {text!r} is not a number, '>N' or 'N -> M'")


def statistics_of(reported_by: str, basis: str) -> str:
    """Return whose statistics a row quotes (PAK, IRN, leaders, unattributed); ``ValueError`` if no rule says."""
    for pattern, who in STATISTICS_RULES:
        if re.search(pattern, reported_by):
            return who
    if basis in STATISTICS_BY_BASIS:
        return STATISTICS_BY_BASIS[basis]
    raise ValueError(f"reported_by_or_basis {reported_by!r} names no government, leader or 'no primary source'")


def read_file(path: Path) -> pl.DataFrame:
    """Read one reported-figures CSV; return it in the ``reported_figures`` schema.

    Raises ``SourceFormatError`` naming the file and line (header = line 1) for a missing
    column, an unknown period type, or a period, value, measure or source the rules cannot read.
    """
    raw = read_csv_text(path, COLUMNS)
    rows = []
    for line, row in enumerate(raw.iter_rows(named=True), start=2):
        try:
            rows.append(_row(row) | {"file": path.name, "line": line})
        except ValueError as exc:
            raise SourceFormatError(f"{path}, line {line}: {exc}") from None
    frame = conform(pl.DataFrame(rows, orient="row", infer_schema_length=None), "reported_figures")
    # a period that has not begun cannot have figures (a period still running can: "first 5 months")
    refuse_future(frame, "period_start", file=path, row=pl.format("line {} ({})", "line", "period"),
                  what="a period starting")
    return frame


def _row(row: dict[str, str | None]) -> dict[str, object]:
    for column in ("period", "period_type", "measure", "value_usd_millions", "reported_by_or_basis", "outlet", "url"):
        if not (row[column] or "").strip():
            raise ValueError(f"empty {column}")
    period_type = str(row["period_type"]).strip()
    if period_type not in BASES:
        raise ValueError(f"period_type {period_type!r} is not one of {sorted(BASES)}")
    basis, whole = BASES[period_type]
    start, end = parse_period(str(row["period"]), basis)
    value, bound = parse_value(str(row["value_usd_millions"]))
    m = _MEASURE.fullmatch(str(row["measure"]).strip())
    if not m:
        raise ValueError(f"measure {row['measure']!r} is not '<A> imports from <B>', '<A> exports to <B>' "
                         "or 'total trade <A>-<B>'")
    if m["x"]:
        flow, exporter, importer, pair = "total", None, None, sorted((m["x"], m["y"]))
    elif m["dir"] == "imports from":
        flow, exporter, importer = "imports", m["partner"], m["reporter"]
        pair = sorted((exporter, importer))
    else:
        flow, exporter, importer = "exports", m["reporter"], m["partner"]
        pair = sorted((exporter, importer))
    who = statistics_of(str(row["reported_by_or_basis"]), basis)
    return {
        "iso3_a": pair[0], "iso3_b": pair[1], "flow": flow,
        "exporter_iso3": exporter, "importer_iso3": importer, "non_oil": bool(m["nonoil1"] or m["nonoil2"]),
        "measure": str(row["measure"]).strip(), "period": str(row["period"]).strip(), "period_type": period_type,
        "basis": basis, "whole_period": whole and start is not None and not str(row["period"]).count(".."),
        "period_start": start, "period_end": end, "value_text": str(row["value_usd_millions"]).strip(),
        "value_usd": value, "value_bound": bound, "statistics_of": who, "label": LABELS[who],
        "reported_by": str(row["reported_by_or_basis"]).strip(), "outlet": str(row["outlet"]).strip(),
        "url": str(row["url"]).strip(), "published": (row["published"] or "").strip() or None,
    }


def read(raw: Path, files: list[Path] | None = None) -> pl.DataFrame:
    """Return every reported-figures file (default: ``raw/reported/*.csv``) as one ``reported_figures`` table."""
    files = sorted(files if files is not None else (raw / SOURCE_DIR).glob("*.csv"))
    frames = [read_file(f) for f in files]
    if not frames:
        return pl.DataFrame(schema=REPORTED_FIGURES)
    return pl.concat(frames).sort("file", "line")
