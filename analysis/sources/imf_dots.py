"""Adapter for the IMF's Direction of Trade Statistics workbooks (``data/raw/imf-dots/DOTS_<n>.xlsx``).

One workbook per reporting economy, downloaded from the IMF's DOTS site in about February
2022 (copied unchanged from SamLeBlanc/Direction-of-Trade-Map; see data/raw/datasets/imf-dots.toml). Each has
two sheets:

==============  =====================================  ======  =========
sheet           row 0 (title)                          flow    valuation
==============  =====================================  ======  =========
``Exports, FOB``  Exports, FOB to Partner Countries     export  FOB
``Imports, CIF``  Imports, CIF from Partner Countries   import  CIF
==============  =====================================  ======  =========

Layout of a sheet (read with ``polars.read_excel`` and its default engine, every cell as
text): row 1 names the reporter, row 2 the unit ("US Dollars, Millions"), row 3 holds the
years ("1960" … "2020"; a reporter's columns start at its first year with data), rows 4
and on one partner each. A value is a number in US$ millions, or a number followed by
``" e"`` — an IMF estimate, usually derived from the partner's report (Iran's exports to
Pakistan in 2014, ``175.22 e``, are Pakistan's imports from Iran, 185.730555, divided by
the IMF's CIF/FOB factor 1.06) — sometimes with thousands separators (``"2,528.04 e"``).
An empty cell has no row (no figure is invented); a figure of 0 is kept as 0. A partner
row printed twice with the same figures (every workbook repeats "Australia") counts once;
two rows that give the same reporter, partner, flow and year different figures stop the build.
Two workbooks of one reporter (``DOTS_143.xlsx`` and ``DOTS_144.xlsx`` are the same Nicaragua
file) are read once when their figures are the same, and stop the build when they differ.

**Names.** Every reporter and partner name is either mapped to ISO3 — by ``countrycode``'s
``country.name`` matcher, except the names in ``NAME_FIXES`` — or dropped because it is on
the explicit ``AGGREGATES`` list (World, regions, the "Memorandum Items" block, areas "not
specified", Belgium-Luxembourg and the South African Common Customs Area, which combine
several states). Any other name stops the build with an error naming it and the file.
Workbooks whose reporter is an aggregate (World, Euro Area, …) are skipped and counted.

**Output** (``trade`` schema): reporter, partner, flow (``export`` from the FOB sheet,
``import`` from the CIF sheet), ``value_usd`` = figure × 1,000,000, ``valuation``,
``estimated`` (True for ``" e"`` figures), ``smoothed`` False, ``source`` ``imf_dots``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.core import countries
from analysis.core.clock import refuse_future
from analysis.core.keysort import sort_by_key
from analysis.schemas import TRADE, conform
from analysis.sources import SourceFormatError

SOURCE = "imf_dots"  # value of the ``source`` column
SOURCE_DIR = "imf-dots"  # the manifest's source name and the folder under data/raw
MILLION = 1_000_000.0
UNIT = "US Dollars, Millions"
#: sheet name -> (title in row 0, flow, valuation)
SHEETS: dict[str, tuple[str, str, str]] = {
    "Exports, FOB": ("Exports, FOB to Partner Countries", "export", "FOB"),
    "Imports, CIF": ("Imports, CIF from Partner Countries", "import", "CIF"),
}
ESTIMATE_SUFFIX = " e"
_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?([eE][-+]?\d+)?$")

#: Names that are not one state: dropped, on purpose. Kept exactly as the IMF writes them.
AGGREGATES: frozenset[str] = frozenset({
    "World", "Advanced Economies", "Emerging and Developing Economies", "Emerging and Developing Asia",
    "Emerging and Developing Europe", "Emerging Market and Developing Economies by Source of Export Earnings: Fuel",
    "Emerging Market and Developing Economies by Source of Export Earnings: Nonfuel", "Euro Area",
    "European Union", "Africa", "Sub-Saharan Africa", "Middle East", "Middle East and Central Asia",
    "Western Hemisphere", "Memorandum Items", "Special Categories", "Other Countries not included elsewhere",
    "Countries & Areas not specified", "Africa not specified", "Asia not specified", "Europe not specified",
    "Middle East and Central Asia not specified", "Western Hemisphere not specified",
    # two or more states reported together
    "Belgium-Luxembourg", "South African Common Customs Area (SACCA)",
})

#: Names countrycode does not read, or reads wrongly, -> the project's code (analysis.core.countries).
NAME_FIXES: dict[str, str] = {
    "Sint Maarten, Kingdom of the Netherlands": "SXM",  # countrycode's matcher says NLD
    "Malaysia, West": "MYS",  # Peninsular Malaysia, reported before Malaysia (1963) in the early years
    "Kosovo, Rep. of": "XKX",
    "Czechoslovakia": "CSK",
    "Eastern Germany": "DDR",
    "Yugoslavia": "YUG",
    "Serbia and Montenegro": "SCG",
    "Yemen Arab Rep.": "YEM",  # counted as Yemen, as everywhere in the project
    "Yemen, People's Dem. Rep. of": "YMD",
    "Netherlands Antilles": "ANT",
    "USSR": "RUS",  # counted as Russia to 1991, as everywhere in the project (see LAST_YEAR)
}
#: Names that stand for one state only up to a year. After it the IMF keeps "USSR" rows for
#: the former Soviet area as a whole (1992-1997 in some workbooks, beside "Russian Federation"):
#: those figures are not one state's and are dropped, counted in the build notes.
LAST_YEAR: dict[str, int] = {"USSR": 1991}



@dataclass(frozen=True)
class Workbook:
    """One workbook as read: the reporter's name, its figures (partner, year, flow, valuation, value_musd,
    estimated) and every partner name of its first column (with figures or not, e.g. "Memorandum Items")."""

    reporter: str
    figures: pl.DataFrame
    partners: list[str]


@dataclass
class Workbooks:
    """What ``read`` found: the trade rows and what it skipped, for the build's notes."""

    trade: pl.DataFrame
    files: int = 0
    skipped_reporters: list[str] = field(default_factory=list)
    dropped_partner_rows: int = 0
    repeated_figures: int = 0
    after_last_year: int = 0
    same_workbooks: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """One line for the build report."""
        est = int(self.trade["estimated"].sum())
        years = self.trade["year"]
        return [f"imf-dots: {self.trade.height:,} figures ({est:,} IMF estimates) from {self.files} workbooks, "
                f"{years.min()}-{years.max()}; {len(self.skipped_reporters)} aggregate reporters skipped "
                f"({', '.join(self.skipped_reporters)}); {self.dropped_partner_rows:,} aggregate partner rows dropped; "
                f"{self.repeated_figures:,} figures printed twice in a workbook counted once; "
                f"{self.after_last_year:,} figures of names past their last year as one state dropped ({LAST_YEAR}); "
                f"workbooks with the same reporter and figures read once: {', '.join(self.same_workbooks) or 'none'}"]


def iso3_of_names(names: Iterable[str]) -> tuple[dict[str, str | None], list[str]]:
    """Map IMF names to ISO3; return ``(mapping, unmapped names)``. Aggregates map to None."""
    names = sorted(set(names))
    mapped: dict[str, str | None] = {n: None for n in names if n in AGGREGATES}
    mapped.update({n: NAME_FIXES[n] for n in names if n in NAME_FIXES})
    rest = [n for n in names if n not in mapped]
    if rest:
        mapped.update(countries.iso3_from_names(rest))
    return mapped, [n for n in rest if not mapped.get(n)]


def read_sheet(sheet: pl.DataFrame, label: str) -> tuple[str, pl.DataFrame, list[str]]:
    """Return ``(reporter name, long frame, partner names)`` of one sheet read with every cell as text.

    The long frame has partner (IMF name), year, value_musd (Float64) and estimated; the
    names are every partner row's, with figures or not. Raises
    ``SourceFormatError`` naming ``label`` (file and sheet) when the layout is not the one
    described in the module docstring or a value is not a number.
    """
    first = sheet.columns[0]
    head = sheet.head(4).to_series(0).to_list() if sheet.height >= 4 else []
    if len(head) < 4 or not head[1] or head[2] != UNIT or head[3] is not None:
        raise SourceFormatError(f"{label}: expected the reporter's name in row 2, {UNIT!r} in row 3 and the "
                                f"years in row 4 of the first column; found {head}")
    years = sheet.row(3)[1:]
    bad = [y for y in years if not (y and re.fullmatch(r"\d{4}", y))]
    if bad:
        raise SourceFormatError(f"{label}: year header holds {bad[:3]} where four-digit years were expected")
    body = sheet.slice(4).rename({c: y for c, y in zip(sheet.columns[1:], years, strict=True)} | {first: "partner"})
    if body["partner"].null_count():
        raise SourceFormatError(f"{label}: a data row without a partner name")
    long = body.unpivot(index="partner", variable_name="year", value_name="text").drop_nulls("text")
    text = pl.col("text").str.strip_chars()
    long = long.with_columns(text.str.ends_with(ESTIMATE_SUFFIX).alias("estimated"),
                             text.str.strip_suffix(ESTIMATE_SUFFIX).str.strip_chars().alias("number"))
    not_number = long.filter(~pl.col("number").str.contains(_NUMBER.pattern))
    if not_number.height:
        row = not_number.row(0, named=True)
        raise SourceFormatError(f"{label}: value {row['text']!r} for partner {row['partner']!r}, {row['year']} "
                                "is not a number (optionally with ' e')")
    refuse_future(long.with_columns(pl.col("year").cast(pl.Int32)), "year", file=label,
                  row=pl.format("partner {}", "partner"), what="a figure for the year")
    return str(head[1]), long.select(
        "partner", pl.col("year").cast(pl.Int32),
        pl.col("number").str.replace_all(",", "").cast(pl.Float64).alias("value_musd"), "estimated"), \
        body["partner"].unique(maintain_order=True).to_list()


def read_sheets(path: Path) -> dict[str, pl.DataFrame]:
    """Every sheet of a workbook, every cell as text, as ``polars.read_excel(path, sheet_id=0, has_header=False,
    infer_schema_length=0)`` reads it but for the column names (rows with no cell dropped), read with fastexcel
    (calamine, the engine under ``polars.read_excel``) straight to polars: a third less CPU.
    Raises ``SourceFormatError`` naming the file when it is not a workbook."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        tables = {name: reader.load_sheet(name, header_row=None, dtypes="string") for name in reader.sheet_names}
    except Exception as exc:  # the engine raises its own types for a file that is not a workbook
        raise SourceFormatError(f"{path}: cannot read as an Excel workbook: {exc}") from None
    return {name: _without_empty_rows(table.to_polars()) for name, table in tables.items()}


def _without_empty_rows(sheet: pl.DataFrame) -> pl.DataFrame:
    """``sheet`` without the rows that have no cell (as polars.read_excel drops them); only the rows without a
    first cell are looked at (testing every row took most of a second a build)."""
    if not sheet.width:
        return sheet
    first = sheet.to_series(0)
    if not first.has_nulls():
        return sheet
    candidates = first.is_null().arg_true().to_list()
    empty = [k for k, row in zip(candidates, sheet[candidates].iter_rows(), strict=True)
             if all(cell is None for cell in row)]  # a few rows: plain Python is quicker than an expression
    if not empty:
        return sheet
    # the rows between the empty ones, one after the other (slices share the sheet's memory: a filter copying
    # every column cost more)
    parts, start = [], 0
    for row in empty:
        if row > start:
            parts.append(sheet.slice(start, row - start))
        start = row + 1
    parts.append(sheet.slice(start))
    return pl.concat(parts, rechunk=False)


def read_workbook(path: Path) -> Workbook:
    """Return one workbook as a ``Workbook``: the reporter's name, its figures and its partner names."""
    sheets = read_sheets(path)
    if set(sheets) != set(SHEETS):
        raise SourceFormatError(f"{path}: sheets {sorted(sheets)}, expected {sorted(SHEETS)}")
    parts, reporters, partners = [], set(), {}
    for name, (title, flow, valuation) in SHEETS.items():
        sheet = sheets[name]
        label = f"{path} [{name}]"
        if sheet.height and sheet.to_series(0)[0] != title:
            raise SourceFormatError(f"{label}: title {sheet.to_series(0)[0]!r}, expected {title!r}")
        reporter, long, names = read_sheet(sheet, label)
        reporters.add(reporter)
        partners.update(dict.fromkeys(names))
        parts.append(long.with_columns(pl.lit(flow).alias("flow"), pl.lit(valuation).alias("valuation")))
    if len(reporters) != 1:
        raise SourceFormatError(f"{path}: the two sheets name different reporters: {sorted(reporters)}")
    return Workbook(reporters.pop(), pl.concat(parts), list(partners))


def read(raw: Path, files: list[Path] | None = None) -> Workbooks:
    """Read every DOTS workbook (default: all of ``raw/imf-dots/DOTS_*.xlsx``); return a ``Workbooks``.

    Its ``trade`` frame is in the ``trade`` schema (see the module docstring), sorted by that table's key. Raises
    ``SourceFormatError`` naming the file for a workbook of another layout, a value that is
    not a number, a name that maps to no state and is not an aggregate, or two rows that
    give the same reporter, partner, flow and year different figures. Workbooks are read on
    a few threads (the Excel engine releases the GIL).
    """
    files = sorted(files if files is not None else (raw / SOURCE_DIR).glob("DOTS_*.xlsx"))
    if not files:
        raise SourceFormatError(f"{raw / SOURCE_DIR}: no DOTS_*.xlsx workbooks")
    with ThreadPoolExecutor(max_workers=min(1, os.cpu_count() or 1)) as pool:
        books = dict(zip(files, pool.map(read_workbook, files), strict=True))
    result = Workbooks(trade=pl.DataFrame(), files=len(files))
    first_of: dict[str, Path] = {}
    for path, book in list(books.items()):
        if book.reporter not in first_of:
            first_of[book.reporter] = path
            continue
        other = first_of[book.reporter]
        if not book.figures.equals(books[other].figures):
            raise SourceFormatError(f"{path}: a second workbook for {book.reporter} (the first is {other.name}) "
                                    "with different figures")
        result.same_workbooks.append(f"{path.name} = {other.name} ({book.reporter})")
        del books[path]
    every_name = {name for book in books.values() for name in (book.reporter, *book.partners)}
    names, unmapped = iso3_of_names(every_name)
    if unmapped:
        where = next(p for p, book in books.items() if {book.reporter, *book.partners} & set(unmapped))
        raise SourceFormatError(
            f"{where}: IMF name(s) {unmapped} map to no ISO3 code and are not on the aggregate list "
            "(analysis.sources.imf_dots.AGGREGATES / NAME_FIXES)")
    # the file as a number while the 1.9 million rows are compared (its name is looked up for a message)
    paths = list(books)
    figures = pl.concat([
        book.figures.with_columns(pl.lit(k, pl.Int32).alias("file"), pl.lit(book.reporter).alias("reporter"))
        for k, book in enumerate(books.values())
    ])
    result.skipped_reporters = [book.reporter for book in books.values() if names[book.reporter] is None]
    figures = figures.filter(~pl.col("reporter").is_in(result.skipped_reporters))

    # names that are one state only up to a year (LAST_YEAR), as reporter or partner
    last = pl.lit(None, pl.Int32)
    beyond = (pl.col("year") > pl.col("partner").replace_strict(LAST_YEAR, default=last, return_dtype=pl.Int32)) | (
        pl.col("year") > pl.col("reporter").replace_strict(LAST_YEAR, default=last, return_dtype=pl.Int32))
    result.after_last_year = figures.filter(beyond.fill_null(False)).height
    figures = figures.filter(~beyond.fill_null(False))

    to_iso3 = {n: c for n, c in names.items()}
    mapped = figures.with_columns(
        pl.col("reporter").replace_strict(to_iso3, return_dtype=pl.String).alias("reporter_iso3"),
        pl.col("partner").replace_strict(to_iso3, return_dtype=pl.String).alias("partner_iso3"),
    )
    result.dropped_partner_rows = mapped.filter(pl.col("partner_iso3").is_null()).select("file", "flow", "partner") \
        .n_unique()
    mapped = mapped.drop_nulls("partner_iso3")
    self_pairs = mapped.filter(pl.col("partner_iso3") == pl.col("reporter_iso3"))
    if self_pairs.height:
        raise SourceFormatError(f"{paths[self_pairs['file'][0]]}: partner {self_pairs['partner'][0]!r} is the reporter "
                                "itself")
    # in the order of the trade table's key (its ``source`` and ``smoothed`` are the same on every row; ``flow``
    # is its Enum, import before export)
    frame = sort_by_key(mapped.with_columns(pl.col("flow").cast(TRADE["flow"])), ["year", *_FLOW_KEY[:-1]])
    frame, result.repeated_figures = _repeats_counted_once(frame, mapped, paths)
    frame = frame.select(
        "year", "reporter_iso3", "partner_iso3", "flow", (pl.col("value_musd") * MILLION).alias("value_usd"),
        "valuation", "estimated", pl.lit(False).alias("smoothed"), pl.lit(SOURCE).alias("source"),
    )
    result.trade = conform(frame, "trade")
    return result


#: A figure of one file (a partner row, a flow, a year) and its value; a directed flow of a year.
_FIGURE = ["file", "partner", "flow", "year", "value_musd", "estimated"]
_FLOW_KEY = ["reporter_iso3", "partner_iso3", "flow", "year"]


def _repeats_counted_once(frame: pl.DataFrame, mapped: pl.DataFrame, paths: list[Path]) -> tuple[pl.DataFrame, int]:
    """``frame`` (the figures sorted by the trade key) with a partner row printed twice with the same figures
    (Australia is, in every workbook) counted once, and how many figures that dropped.

    The rows of one directed flow and year are neighbours in ``frame``: each that repeats the row before it on
    the whole figure (file, partner name, value, estimate) is dropped. When a flow and year has two different
    figures, ``SourceFormatError`` names the first (by reporter, partner, flow, year), looked up in ``mapped``
    (the same rows, unsorted).
    """
    same_flow = pl.all_horizontal([pl.col(c) == pl.col(c).shift(1) for c in _FLOW_KEY]).fill_null(False)
    same_figure = pl.all_horizontal([pl.col(c) == pl.col(c).shift(1) for c in _FIGURE]).fill_null(False)
    flags = frame.select(same_flow.alias("flow"), same_figure.alias("figure"))
    if flags["flow"].equals(flags["figure"]):  # every repeated flow and year repeats its figure
        repeats = int(flags["figure"].sum())
        return (frame.filter(~flags["figure"]) if repeats else frame), repeats
    unique = mapped.unique(_FIGURE, maintain_order=True)
    twice = unique.group_by(_FLOW_KEY).len().filter(pl.col("len") > 1)
    dup = unique.join(twice.select(_FLOW_KEY), on=_FLOW_KEY, how="semi", maintain_order="left")
    row = dup.sort(_FLOW_KEY).row(0, named=True)
    same = dup.filter(pl.all_horizontal([pl.col(c) == row[c] for c in _FLOW_KEY]))
    raise SourceFormatError(
        f"{paths[row['file']]}: {row['reporter']} {row['flow']} {row['year']} with {row['partner_iso3']} has two "
        f"figures ({', '.join(f'{r} {v}' for r, v in zip(same['partner'], same['value_musd'], strict=True))})")
