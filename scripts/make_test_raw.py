"""Cut the real raw data down to the small fixture the unit tests build on: ``tests/fixtures/mini-raw``.

``python scripts/make_test_raw.py`` reads ``data/raw`` (every file its registry declares,
``data/raw/datasets/<id>.toml``) and writes ``tests/fixtures/mini-raw`` with the same layout:
the same relative paths, the same file formats the adapters read, and its own
``datasets/<id>.toml`` declarations, each the real declaration with its ``[[file]]`` lines
replaced by the cut files' sha256 and bytes (files left out of the cut are not listed).

**Only real rows.** A cut file holds rows of the real file, unchanged, and nothing else:

* text tables (CSV, tab-separated, JSON lines) keep the header and the chosen records byte for
  byte, as they are in the real file (quoted fields spanning lines included);
* R files (``.rda``, ``.RData``, ``.rds``) are read with ``pyreadr`` and the chosen rows written
  back with ``rdata`` (R's own serialisation format: Dates stay Dates, factors keep their levels,
  integers, doubles and missing values stay what they were; the R object names, the row names
  where the file has them, the serialisation version and the compression of the real file are
  kept; the class attribute is ``data.frame``);
* the HRC SQLite file is a filtered copy (the real schema, the chosen rows in their order);
* OHCHR's ``data.js`` keeps its chosen recorded votes (``res``) and resolutions (``resAll``); each
  state's votes (``votes``) keep the letters of the kept records, their indices renumbered to the
  kept ``res`` (pointers, not data); ``meta``, ``countries`` and ``subjects`` are copied unchanged
  (their counts describe the whole harvest);
* workbooks, PDFs and small files are copied unchanged, and only some workbooks and one PDF.

**The cut** (``CUTS``): by time first, keeping every state of each kept roll call so that
official tallies still match the per-state counts: GA sessions 68-70 (2013-2015) from unvotes,
Voeten and the BSV estimates; DGACM session 77 records of October-November 2022 and of
15 December 2022 (Iran's human-rights resolution), and the 11th emergency special session
(unchanged); the State Department's 2022 report (its PDF and transcription) and the 2018
transcription (the year without a PDF); the OHCHR harvest and the HRC file for the Commission
on Human Rights in 2005 and the Council in 2014; Security Council records of 2010 and 2022;
trade 2010-2014 (and 1950, before the IMF workbooks) for the dyads of Pakistan, Iran, India and
the United States (COW) and the IMF workbooks of Pakistan and Iran; ICEWS dyad-years 2010-2014 of those four
states; a few hundred events (the first of each file and those of Pakistan and Iran). Every
dataset that ships files in ``data/raw`` is represented; the others are declared without files.

Deterministic: running it twice gives identical bytes (compressed files carry no time stamp).
``tests/test_mini_raw.py`` checks that it reproduces the committed fixture byte for byte, that
every cut row is a row of the real file and that the declarations match the files.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import hashlib
import io
import json
import lzma
import os
import re
import shutil
import sqlite3
import struct
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import tomlkit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout: the package beside it
    sys.path.insert(0, str(ROOT))

from analysis.core import registry  # noqa: E402
from analysis.sources.gdelt import COLUMNS as GDELT_COLUMNS  # noqa: E402

RAW = ROOT / "data" / "raw"
FIXTURE = ROOT / "tests" / "fixtures" / "mini-raw"
DECLARATIONS = registry.REGISTRY_DIR

GA_SESSIONS = (68, 69, 70)
TRADE_YEARS = (2010, 2014)
#: A COW year before the IMF workbooks begin (1960): where the dyad-year panel takes trade from COW alone.
COW_EARLY_YEAR = 1950
#: The states whose trade and event counts are kept: COW code -> ISO3.
STATES = {2: "USA", 630: "IRN", 750: "IND", 770: "PAK"}
HUMAN_RIGHTS_YEARS = ("2005", "2014")  # the CHR's last full year, and a Council year
SC_YEARS = ("2010", "2022")
DGACM_DAYS = (("2022-10-01", "2022-11-30"), ("2022-12-15", "2022-12-15"))
FIRST_EVENTS = 100  # the first events of an event file, kept whatever their states
EVENT_COUNTRIES = {"Pakistan", "Iran"}  # and every event of these (ICEWS names)
EVENT_CODES = {"PAK", "IRN", "IND"}  # (GDELT's CAMEO country codes)


# --------------------------------------------------------------------------- text records, byte for byte

def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their endings, split on ``\\n`` only (a lone ``\\r`` or U+2028 stays in its line)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def csv_records(text: str, delimiter: str = ",", quoted: bool = True) -> Iterator[tuple[str, list[str]]]:
    """Each record of a delimited text as (its exact text, its fields); a quoted field may span lines."""
    lines = _lines(text)
    if not quoted:
        for line in lines:
            yield line, line.rstrip("\r\n").split(delimiter)
        return
    taken: list[str] = []

    def feed() -> Iterator[str]:
        for line in lines:
            taken.append(line)
            yield line

    for fields in csv.reader(feed(), delimiter=delimiter):
        raw = "".join(taken)
        taken.clear()
        yield raw, fields


def _read_text(path: Path) -> str:
    # surrogateescape: a byte that is not UTF-8 goes back out as the same byte
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


def _text_bytes(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


def filter_table(path: Path, keep: Callable[[dict[str, str]], bool], delimiter: str = ",", quoted: bool = True,
                 header: list[str] | None = None) -> bytes:
    """The header and the records of the table at ``path`` for which ``keep(record)`` holds, byte for byte.

    ``header``: the column names of a file without a header row (its first line is then a record).
    """
    records = csv_records(_read_text(path), delimiter, quoted)
    out = []
    if header is None:
        first, header = next(records)
        header = [h.lstrip("\ufeff") for h in header]
        out.append(first)
    for raw, fields in records:
        if len(fields) != len(header):
            raise ValueError(f"{path}: a record with {len(fields)} fields, the header has {len(header)}: {raw[:80]!r}")
        if keep(dict(zip(header, fields, strict=True))):
            out.append(raw)
    return _text_bytes("".join(out))


def first_or(n: int, keep: Callable[[dict[str, str]], bool]) -> Callable[[dict[str, str]], bool]:
    """A record filter: the first ``n`` records, and after them those for which ``keep`` holds."""
    seen = [0]

    def choose(record: dict[str, str]) -> bool:
        seen[0] += 1
        return seen[0] <= n or keep(record)

    return choose


def filter_json_lines(path: Path, keep: Callable[[dict], bool]) -> bytes:
    """The lines of a JSON-lines file whose record satisfies ``keep``, byte for byte."""
    out = [line for line in _lines(_read_text(path)) if line.strip() and keep(json.loads(line))]
    return _text_bytes("".join(out))


# --------------------------------------------------------------------------- OHCHR data.js

def filter_data_js(path: Path, keep_year: Callable[[str], bool]) -> bytes:
    """``data.js`` with the recorded votes (``res``) and resolutions (``resAll``) of the kept years.

    ``votes[state]`` keeps its letters on the kept records, with indices into the new ``res``;
    a state left without any vote is left out. ``meta``, ``countries`` and ``subjects`` are
    copied unchanged. Written as the harvest writes it (compact JSON, UTF-8): the real file
    re-serialised this way gives back its own bytes (checked).
    """
    prefix = "window.DATA = "
    text = _read_text(path)
    data = json.loads(text[len(prefix):].rstrip().removesuffix(";"))
    if _data_js(data) != text:
        raise ValueError(f"{path}: the file is not the compact JSON this cut writes back; the cut would change it")
    kept = [i for i, r in enumerate(data["res"]) if keep_year(r["date"][:4])]
    new_index = {old: new for new, old in enumerate(kept)}
    votes = {}
    for state, entry in data["votes"].items():
        pairs = [(new_index[i], v) for i, v in zip(entry["r"], entry["v"], strict=True) if i in new_index]
        if pairs:
            votes[state] = {**entry, "r": [i for i, _ in pairs], "v": "".join(v for _, v in pairs)}
    out = {**data, "res": [data["res"][i] for i in kept], "votes": votes,
           "resAll": [r for r in data["resAll"] if keep_year(str(r["year"]))]}
    return _text_bytes(_data_js(out))


def _data_js(data: dict) -> str:
    return "window.DATA = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"


# --------------------------------------------------------------------------- SQLite

def filter_sqlite(path: Path, where: dict[str, str]) -> bytes:
    """A copy of the SQLite file at ``path`` with its schema and, per table, the rows ``where[table]`` selects
    (an SQL condition; a table not named keeps every row), in their order (rowid)."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "cut.sqlite3"
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        cut = sqlite3.connect(target)
        try:
            for pragma in ("page_size", "user_version", "application_id"):
                value = source.execute(f"PRAGMA {pragma}").fetchone()[0]
                cut.execute(f"PRAGMA {pragma} = {int(value)}")
            schema = source.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                                    "ORDER BY rowid").fetchall()
            for _, _, sql in schema:
                cut.execute(sql)
            for kind, table, _ in schema:
                if kind != "table":
                    continue
                rows = source.execute(f"SELECT * FROM {table} WHERE {where.get(table, '1')} ORDER BY rowid").fetchall()
                if rows:
                    cut.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
            cut.commit()
            cut.execute("VACUUM")
        finally:
            source.close()
            cut.close()
        return target.read_bytes()


# --------------------------------------------------------------------------- R files

_R_INT_NA = np.int32(-(2 ** 31))
_COMPRESSION = {b"\x1f\x8b": "gzip", b"BZ": "bzip2", b"\xfd7": "xz"}


def r_header(path: Path) -> tuple[str, str, int, int]:
    """The compression (gzip, bzip2, xz), file type (rda, rds), serialisation format and R version of an R file."""
    head = path.read_bytes()[:2]
    compression = _COMPRESSION.get(head)
    if compression is None:
        raise ValueError(f"{path}: not a gzip, bzip2 or xz compressed R file")
    opener = {"gzip": gzip.open, "bzip2": bz2.open, "xz": lzma.open}[compression]
    with opener(path, "rb") as handle:
        start = handle.read(32)
    file_type = "rda" if start.startswith(b"RDX") else "rds"
    body = start[5:] if file_type == "rda" else start
    if not body.startswith(b"X\n"):
        raise ValueError(f"{path}: not R's XDR serialisation")
    version, writer = struct.unpack(">ii", body[2:10])
    return compression, file_type, version, writer


def _r_column(series: pl.Series, converter):
    """One polars column as an R vector (``rdata`` objects): the R type pyreadr read it from."""
    from rdata.conversion.to_r import build_r_object
    from rdata.parser import RObjectType

    dtype = series.dtype
    if dtype == pl.String:
        return build_r_object(RObjectType.STR, value=_Strings(series.to_list()))
    if isinstance(dtype, pl.Enum):  # an R factor: codes 1..n into its levels, in the levels' order
        codes = series.to_physical().cast(pl.Int32) + 1
        return build_r_object(RObjectType.INT, value=codes.fill_null(_R_INT_NA).to_numpy(), is_object=True,
                              attributes=converter.convert_to_r_attributes({
                                  "levels": np.array(dtype.categories.to_list(), dtype=object),
                                  "class": np.array(["factor"], dtype=object)}))
    if dtype == pl.Date:  # R's Date: days since 1970-01-01 as doubles, class "Date"
        days = series.to_physical().cast(pl.Float64).to_numpy()
        return build_r_object(RObjectType.REAL, value=_with_na(days, series), is_object=True,
                              attributes=converter.convert_to_r_attributes({"class": np.array(["Date"], dtype=object)}))
    if dtype == pl.Boolean:
        return build_r_object(RObjectType.LGL, value=series.cast(pl.Int32).fill_null(_R_INT_NA).to_numpy())
    if dtype == pl.Int32:
        return build_r_object(RObjectType.INT, value=series.fill_null(_R_INT_NA).to_numpy())
    if dtype == pl.Float64:
        return build_r_object(RObjectType.REAL, value=_with_na(series.to_numpy(), series))
    raise TypeError(f"column {series.name}: no R type for {dtype}")


def _with_na(values: np.ndarray, series: pl.Series) -> np.ndarray:
    from rdata.missing import R_FLOAT_NA

    values = np.array(values, dtype=np.float64)
    values[series.is_null().to_numpy()] = R_FLOAT_NA
    return values


def _attributes(converter, items: dict):
    """An R attribute pairlist (name -> value; a value already an R object is used as it is)."""
    from rdata.conversion.to_r import build_r_list
    from rdata.parser import RObject

    return build_r_list([(converter.convert_to_r_sym(name), value if isinstance(value, RObject)
                          else converter.convert_to_r_object(value)) for name, value in items.items()])


def _r_data_frame(frame: pl.DataFrame, converter):
    """A polars frame as an R data.frame; a ``rownames`` column (pyreadr's) becomes its row names."""
    from rdata.conversion.to_r import build_r_object
    from rdata.parser import RObjectType

    row_names = frame["rownames"] if "rownames" in frame.columns else None
    columns = frame.drop("rownames") if row_names is not None else frame
    rows = (build_r_object(RObjectType.STR, value=_Strings(row_names.to_list())) if row_names is not None
            else np.ma.array([_R_INT_NA, -frame.height], mask=[True, False], fill_value=_R_INT_NA))
    values = [_r_column(columns[c], converter) for c in columns.columns]
    attributes = _attributes(converter, {"names": np.array(columns.columns, dtype=object), "row.names": rows,
                                         "class": np.array(["data.frame"], dtype=object)})
    return build_r_object(RObjectType.VEC, value=values, is_object=True, attributes=attributes)


class _Strings(list):
    """The values of an R character vector (str, or None for NA), written in one pass by ``_unparser``."""


def _unparser(file: io.BytesIO):
    """``rdata``'s XDR writer, with integers packed by ``struct`` and character vectors (``_Strings``) written in
    one loop: its generic path takes about 100 us a string (17 s for Voeten's 42,000 rows)."""
    from rdata.parser import RObjectInfo, RObjectType
    from rdata.unparser._unparser import pack_r_object_info
    from rdata.unparser._xdr import UnparserXDR

    pack = struct.Struct(">i").pack
    ascii_info = pack(pack_r_object_info(RObjectInfo(RObjectType.CHAR, False, False, False, 64, 0)))
    utf8_info = pack(pack_r_object_info(RObjectInfo(RObjectType.CHAR, False, False, False, 8, 0)))
    na_info = pack(pack_r_object_info(RObjectInfo(RObjectType.CHAR, False, False, False, 0, 0)))

    class Unparser(UnparserXDR):
        def unparse_int(self, value) -> None:
            self.file.write(pack(int(value)))

        def unparse_r_object(self, obj) -> None:
            if not isinstance(obj.value, _Strings):
                super().unparse_r_object(obj)
                return
            assert not obj.info.attributes and not obj.info.tag
            chunks = [pack(pack_r_object_info(obj.info)), pack(len(obj.value))]
            for text in obj.value:
                if text is None:
                    chunks += [na_info, pack(-1)]
                else:
                    data = text.encode("utf-8")
                    chunks += [ascii_info if text.isascii() else utf8_info, pack(len(data)), data]
            self.file.write(b"".join(chunks))

    return Unparser(file)


def write_r(objects: dict[str | None, pl.DataFrame], like: Path) -> bytes:
    """The bytes of an R file holding ``objects`` (name -> frame; one ``None`` name for a .rds), written in the
    serialisation format, R version and compression of the real file ``like`` (no time stamp)."""
    from rdata.conversion import ConverterFromPythonToR
    from rdata.conversion.to_r import R_MINIMUM_VERSION_WITH_ENCODING, R_MINIMUM_VERSIONS, build_r_list
    from rdata.parser import RData, RExtraInfo, RVersions

    compression, file_type, version, writer = r_header(like)
    converter = ConverterFromPythonToR(format_version=version, r_version_serialized=writer)
    if file_type == "rda":  # a pairlist name -> object; each name's symbol is made before its object's (references)
        r_object = build_r_list([(converter.convert_to_r_sym(name), _r_data_frame(frame, converter))
                                 for name, frame in objects.items()])
    else:
        (frame,) = objects.values()
        r_object = _r_data_frame(frame, converter)
    extra = RExtraInfo("UTF-8" if version >= R_MINIMUM_VERSION_WITH_ENCODING else None)
    r_data = RData(RVersions(version, writer, R_MINIMUM_VERSIONS[version]), extra, r_object)
    plain = io.BytesIO()
    if file_type == "rda":
        plain.write(f"RDX{version}\n".encode("ascii"))
    _unparser(plain).unparse_r_data(r_data)
    data = plain.getvalue()
    if compression == "gzip":
        out = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as handle:
            handle.write(data)
        return out.getvalue()
    if compression == "bzip2":
        return bz2.compress(data, 9)
    return lzma.compress(data, format=lzma.FORMAT_XZ, preset=9)


def read_r(path: Path) -> dict[str | None, pl.DataFrame]:
    """Every object of an R file, as polars frames (``pyreadr``, as the adapters read them)."""
    import pyreadr

    return dict(pyreadr.read_r(str(path), output_format="polars"))


def filter_r(path: Path, keep: Callable[[str | None, pl.DataFrame], pl.Expr | pl.Series],
             reader: Callable[[Path], dict] = read_r) -> bytes:
    """The R file at ``path`` with, in each object, the rows ``keep(name, frame)`` selects."""
    objects = reader(path)
    return write_r({name: frame.filter(keep(name, frame)) for name, frame in objects.items()}, path)


# --------------------------------------------------------------------------- the cut


@dataclass(frozen=True)
class Cut:
    """How one raw file is cut: ``path`` under the raw folder, ``how`` in words, ``make(raw, reader)`` its bytes
    (``None``: copied unchanged)."""

    path: str
    how: str
    make: Callable[[Path, Callable[[Path], dict]], bytes] | None = None


def _unvotes_rcids(raw: Path, reader) -> pl.Series:
    calls = reader(raw / "unvotes" / "un_roll_calls.rda")["un_roll_calls"]
    return calls.filter(pl.col("session").is_in([float(s) for s in GA_SESSIONS]))["rcid"]


def _ga_sessions(name, frame):
    return pl.col("session").cast(pl.Int64).is_in(list(GA_SESSIONS))


def _dgacm_day(record: dict) -> bool:
    from analysis.sources.dgacm import parse_date

    day = parse_date(record["adoption_date"], record.get("symbol", ""))
    return any(first <= day <= last for first, last in DGACM_DAYS)


def _cow(name, frame):
    codes = [float(c) for c in STATES]
    return ((pl.col("year").is_between(*TRADE_YEARS) | (pl.col("year") == COW_EARLY_YEAR))
            & (pl.col("ccode1").is_in(codes) | pl.col("ccode2").is_in(codes)))


def _icews_dyad_year(name, frame):
    return (pl.col("year").is_between(*TRADE_YEARS)
            & (pl.col("i_iso3c").is_in(list(STATES.values())) | pl.col("j_iso3c").is_in(list(STATES.values()))))


#: The workbooks kept (the reporter each names): Pakistan and Iran.
DOTS = {"imf-dots/DOTS_151.xlsx": "Pakistan", "imf-dots/DOTS_95.xlsx": "Iran, Islamic Rep. of"}
#: The State Department files kept: the 2022 report and its transcription, and the year without a PDF.
STATEDEPT = ("statedept-voting-practices/Report-Voting-Practices-of-UN-Members-2022.pdf",
             "statedept-voting-practices/transcriptions/un-coincidence-2022.csv",
             "statedept-voting-practices/transcriptions/un-coincidence-2018.csv")
DGACM = ("unga-dgacm/77.json", "unga-dgacm/ES-11.json")

CUTS: tuple[Cut, ...] = (
    Cut("unvotes/un_roll_calls.rda", f"roll calls of GA sessions {GA_SESSIONS[0]}-{GA_SESSIONS[-1]}",
        lambda raw, reader: filter_r(raw / "unvotes/un_roll_calls.rda", _ga_sessions, reader)),
    Cut("unvotes/un_votes.rda", "the votes on those roll calls",
        lambda raw, reader: filter_r(raw / "unvotes/un_votes.rda",
                                     lambda n, f: pl.col("rcid").is_in(_unvotes_rcids(raw, reader).cast(pl.Float64)
                                                                       .implode()), reader)),
    Cut("unvotes/un_roll_call_issues.rda", "the issues of those roll calls",
        lambda raw, reader: filter_r(raw / "unvotes/un_roll_call_issues.rda",
                                     lambda n, f: pl.col("rcid").is_in(_unvotes_rcids(raw, reader).implode()), reader)),
    Cut("voeten/UNVotesPublished.RData", f"rows of GA sessions {GA_SESSIONS[0]}-{GA_SESSIONS[-1]}",
        lambda raw, reader: filter_r(raw / "voeten/UNVotesPublished.RData", _ga_sessions, reader)),
    Cut("bsv/IdealpointestimatesAll_Apr2020.csv", f"rows of GA sessions {GA_SESSIONS[0]}-{GA_SESSIONS[-1]}",
        lambda raw, reader: filter_table(raw / "bsv/IdealpointestimatesAll_Apr2020.csv",
                                         lambda r: int(r["session"]) in GA_SESSIONS)),
    Cut("unga-dgacm/77.json", "records adopted in October-November 2022 and on 15 December 2022",
        lambda raw, reader: filter_json_lines(raw / "unga-dgacm/77.json", _dgacm_day)),
    Cut("unga-dgacm/ES-11.json", "unchanged (the 11th emergency special session)"),
    Cut("ohchr-voting/resolutions.csv", f"rows dated in {' and '.join(HUMAN_RIGHTS_YEARS)}",
        lambda raw, reader: filter_table(raw / "ohchr-voting/resolutions.csv",
                                         lambda r: r["date"][:4] in HUMAN_RIGHTS_YEARS)),
    Cut("ohchr-voting/data.js", f"recorded votes and resolutions of {' and '.join(HUMAN_RIGHTS_YEARS)} (see the "
        "module docstring of scripts/make_test_raw.py)",
        lambda raw, reader: filter_data_js(raw / "ohchr-voting/data.js", lambda y: y in HUMAN_RIGHTS_YEARS)),
    Cut("ohchr-voting/LICENSE", "unchanged"),
    Cut("hrc/votes.sqlite3", f"resolutions voted in {' and '.join(HUMAN_RIGHTS_YEARS)} and their votes; every "
        "country",
        lambda raw, reader: filter_sqlite(raw / "hrc/votes.sqlite3", {
            "resolutions": f"substr(vote_date, 1, 4) IN ({', '.join(map(repr, HUMAN_RIGHTS_YEARS))})",
            "votes": "resolution_name IN (SELECT name FROM resolutions WHERE substr(vote_date, 1, 4) IN "
                     f"({', '.join(map(repr, HUMAN_RIGHTS_YEARS))}))"})),
    Cut("undl-sc-voting-excerpt/sc_voting_2026-02-06_tail.csv",
        f"every member's row of the records dated in {' and '.join(SC_YEARS)}",
        lambda raw, reader: filter_table(raw / "undl-sc-voting-excerpt/sc_voting_2026-02-06_tail.csv",
                                         lambda r: r["date"][:4] in SC_YEARS)),
    Cut("cow-trade/cow_trade_ddy.rds", f"years {COW_EARLY_YEAR} and {TRADE_YEARS[0]}-{TRADE_YEARS[1]}, dyads with "
        f"{', '.join(STATES.values())} on either side (both directions)",
        lambda raw, reader: filter_r(raw / "cow-trade/cow_trade_ddy.rds", _cow, reader)),
    *(Cut(path, f"unchanged (the workbook of {reporter})") for path, reporter in DOTS.items()),
    Cut("icews/icews_dyad_year.rda", f"years {TRADE_YEARS[0]}-{TRADE_YEARS[1]}, dyads with "
        f"{', '.join(STATES.values())} on either side",
        lambda raw, reader: filter_r(raw / "icews/icews_dyad_year.rda", _icews_dyad_year, reader)),
    Cut("icews/events.2018.sample.tab", f"the first {FIRST_EVENTS} events and every event with "
        f"{' or '.join(sorted(EVENT_COUNTRIES))} as source or target country",
        lambda raw, reader: filter_table(raw / "icews/events.2018.sample.tab", first_or(
            FIRST_EVENTS, lambda r: bool({r["Source Country"], r["Target Country"]} & EVENT_COUNTRIES)),
            delimiter="\t", quoted=False)),
    Cut("gdelt/20191024143000.export.CSV", f"the first {FIRST_EVENTS} events and every event with "
        f"{', '.join(sorted(EVENT_CODES))} as an actor's country",
        lambda raw, reader: filter_table(raw / "gdelt/20191024143000.export.CSV", first_or(
            FIRST_EVENTS, lambda r: bool({r["Actor1CountryCode"], r["Actor2CountryCode"]} & EVENT_CODES)),
            delimiter="\t", quoted=False, header=list(GDELT_COLUMNS))),
    *(Cut(path, "unchanged") for path in STATEDEPT),
)
#: Datasets whose files are all copied unchanged (small, or lookups every cut needs whole).
WHOLE = ("analyst-events", "cameo", "cow-states", "reported", "un-press-votes", "un-sc-members", "unsc-vetoes",
         "world-atlas")
#: Files of the datasets above that the cut leaves out (the datasets stay represented by the files kept).
LEFT_OUT = {"imf-dots": "the other 233 workbooks",
            "statedept-voting-practices": "the other nine reports and their transcriptions",
            "unga-dgacm": "the other sessions' files"}


def plan(raw: Path = RAW) -> list[Cut]:
    """Every file of the fixture: the cuts, then the whole files of ``WHOLE``; in path order.

    Raises ``ValueError`` when a cut names a file the registry does not declare or a dataset that
    ships files in ``raw`` would have none in the fixture.
    """
    datasets = registry.load(raw)
    declared = {f.path: ds.id for ds in datasets.values() for f in ds.files}
    cuts = {c.path: c for c in CUTS}
    for ds in WHOLE:
        cuts.update({f.path: Cut(f.path, "unchanged") for f in datasets[ds].files})
    unknown = sorted(set(cuts) - set(declared))
    if unknown:
        raise ValueError(f"the cut names files the registry under {raw} does not declare: {unknown}")
    missing = sorted({ds.id for ds in datasets.values() if ds.files} - {declared[p] for p in cuts})
    if missing:
        raise ValueError(f"datasets with files in {raw} but none in the fixture: {missing}")
    return [cuts[p] for p in sorted(cuts)]


def declaration(path: Path, files: dict[str, tuple[str, int]]) -> str:
    """The declaration at ``path`` with its ``[[file]]`` lines for ``files`` only ({path: (sha256, bytes)}),
    in their order there; every other line as it is."""
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    if "file" in doc:
        kept = tomlkit.aot()
        for entry in doc["file"]:
            if str(entry["path"]) in files:
                sha, size = files[str(entry["path"])]
                item = tomlkit.table()
                item["path"] = str(entry["path"])
                item["sha256"] = sha
                item["bytes"] = size
                if "origin" in entry:
                    item["origin"] = entry["origin"]
                kept.append(item)
        if len(kept):
            doc["file"] = kept
        else:
            del doc["file"]
    note = ("# mini-raw fixture (scripts/make_test_raw.py): the real declaration; its [[file]] lines are the cut\n"
            "# files' (datasets/README.md says how each was cut).\n")
    return note + tomlkit.dumps(doc)


def readme(cuts: list[Cut], sizes: dict[str, int], fileless: list[str]) -> str:
    """The fixture's ``datasets/README.md``: how each file was cut, and its size."""
    rows = [f"| `{c.path}` | {c.how} | {sizes[c.path]:,} |" for c in cuts]
    left = [f"- `{ds}`: {what}" for ds, what in sorted(LEFT_OUT.items())]
    return "\n".join([
        "# mini-raw: a small cut of the real raw data, for the unit tests",
        "",
        "Written by `python scripts/make_test_raw.py` from `data/raw`; do not edit (tests/test_mini_raw.py checks",
        "that the script gives these bytes back). Every row is a row of the real file, unchanged; the",
        "declarations beside this file are the real ones with the cut files' sha256 and bytes.",
        "Build on it: `UNALIGN_RAW_DIR=tests/fixtures/mini-raw UNALIGN_PROCESSED_DIR=/tmp/mini python -m analysis "
        "build`.",
        "",
        "| file | cut | bytes |",
        "|---|---|---:|",
        *rows,
        "",
        "Left out:",
        "",
        *left,
        f"- the datasets without files in `data/raw` ({', '.join(fileless)}) are declared, without files.",
        "",
    ])


def make(raw: Path = RAW, out: Path = FIXTURE, reader: Callable[[Path], dict] = read_r) -> dict[str, int]:
    """Write the fixture cut from ``raw`` into ``out`` (replaced whole, only once everything is written);
    return {path: bytes} of its data files. ``reader``: how R files are read (``read_r``; tests pass a cached
    one)."""
    cuts = plan(raw)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        files: dict[str, tuple[str, int]] = {}
        for cut in cuts:
            data = (raw / cut.path).read_bytes() if cut.make is None else cut.make(raw, reader)
            target = staging / cut.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files[cut.path] = (hashlib.sha256(data).hexdigest(), len(data))
        folder = staging / DECLARATIONS
        folder.mkdir(parents=True, exist_ok=True)
        for path in sorted((raw / DECLARATIONS).glob("*.toml")):
            (folder / path.name).write_bytes(declaration(path, files).encode("utf-8"))
        fileless = [ds.id for ds in registry.load(raw).values() if not ds.files]
        (folder / "README.md").write_bytes(readme(cuts, {p: n for p, (_, n) in files.items()}, fileless)
                                           .encode("utf-8"))
        for path in staging.rglob("*"):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return {p: n for p, (_, n) in files.items()}


def main() -> int:
    """Write ``tests/fixtures/mini-raw`` from ``data/raw``; print each file's size and the total; return 0."""
    sizes = make()
    for path, size in sizes.items():
        print(f"{size:>10,}  {path}")
    print(f"{sum(sizes.values()):>10,}  in {len(sizes)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
