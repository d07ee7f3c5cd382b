"""Adapter for GDELT 2.0 Events exports → ``events``, with a streaming dyad filter.

**Format** (GDELT Event Codebook V2.0, 2015): one file per 15 minutes,
``YYYYMMDDHHMMSS.export.CSV`` (published zipped), tab-separated despite the name, no header,
no quoting, UTF-8, one event per line, the 61 columns of ``COLUMNS`` (GLOBALEVENTID, SQLDATE,
MonthYear, Year, FractionDate, 10 fields per actor, IsRootEvent, EventCode, EventBaseCode,
EventRootCode, QuadClass, GoldsteinScale, NumMentions, NumSources, NumArticles, AvgTone, 8
geography fields each for Actor1, Actor2 and the action, DATEADDED, SOURCEURL). Event codes
are read as strings so their leading zeros survive ("040", "0211").

**Streaming.** ``filter_dyad`` reads the files in blocks of whole lines (``BLOCK_BYTES``, 16
MiB), scans each block lazily (``pl.scan_csv`` with all 61 columns as strings), filters it
with polars' streaming engine (``collect(engine="streaming")``) and keeps only the matching
rows, copied out of the block (``compact``). Memory is bounded by the block size plus the
rows kept, so a month of GDELT or a file larger than memory can be filtered: in the benchmark
(``benchmarks/bench_gdelt_streaming.py``) the peak was 334 MiB on 150 MB and 392 MiB on 1.5
GB, against 1.5 GiB for a single ``scan_csv`` over the whole file (polars 2.1 keeps the
kept rows' strings as views that pin every parsed buffer) and 4.7 GiB for ``pl.read_csv``.
Types are checked and cast on the kept rows only, naming the file and line of the first bad
one (``SourceFormatError``). A line with more than 61 fields stops the scan and is named;
rows whose DATEADDED is missing or malformed (a line with too few fields) are also reported,
wherever they are.

**Countries.** ``Actor1CountryCode`` / ``Actor2CountryCode`` are CAMEO country codes:
three letters, ISO 3166-1 alpha-3 for almost every state (PAK, IRN, USA). The exceptions,
mapped in ``CAMEO_COUNTRY_FIXES``, are ISO codes that ISO has since replaced and CAMEO
dictionaries may still use: ROM (Romania, ISO ROU since 2002), TMP (East Timor, TLS since
2002), ZAR (Zaire, COD since 1997). CAMEO's regional and other non-state codes (AFR Africa,
EUR Europe, SAF Southern Africa, SEA Southeast Asia, WST the West, ...) map to no state and
give a null ISO3: a code is a state only if it is in ``CAMEO_COUNTRY_FIXES``, a historical
code of the project (YUG, CSK, ...), the project's XKX (Kosovo) or an ISO3 code that
``countrycode`` knows.

**Events.** ``date`` is SQLDATE (the day the event took place as GDELT dates it, which can
be weeks or months before DATEADDED); ``intensity`` is GDELT's published GoldsteinScale,
``goldstein`` the project's weight for the code and ``quad_class`` the project's class
(``analysis.sources.cameo``; GDELT's own QuadClass differs for roots 09 and 14). An actor is
a state when it has a country and is either the country itself (Actor1Code equal to the
country code) or typed as a state body (``STATE_TYPES``: GOV, MIL, COP, JUD, LEG, SPY).
``source_sector`` lists the actor's type codes (Type1-3, comma-separated).
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import polars as pl
from countrycode import countrycode

from analysis.core.clock import TodaySettingError, refuse_future, today
from analysis.core.countries import HISTORICAL_ISO3
from analysis.schemas import EVENTS, conform
from analysis.sources import SourceFormatError
from analysis.sources.cameo import lookup

DATASET = "gdelt"
SOURCE = "gdelt"  # manifest source of shipped export files
SOURCE_FETCHED = "gdelt-events"  # manifest source of fetched, filtered Parquet partitions

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
#: The 61 columns of a GDELT 2.0 Events export, in order (GDELT Event Codebook V2.0).
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{c}" for c in _ACTOR], *[f"Actor2{c}" for c in _ACTOR],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"Actor1Geo_{c}" for c in _GEO], *[f"Actor2Geo_{c}" for c in _GEO], *[f"ActionGeo_{c}" for c in _GEO],
    "DATEADDED", "SOURCEURL",
)
assert len(COLUMNS) == 61

#: Typed schema of the export (codes stay strings; used for the filtered rows and fetched Parquet).
SCHEMA: dict[str, pl.DataType] = {c: pl.String for c in COLUMNS}
SCHEMA.update({
    "GLOBALEVENTID": pl.Int64, "MonthYear": pl.Int32, "Year": pl.Int32, "FractionDate": pl.Float64,
    "IsRootEvent": pl.Int8, "QuadClass": pl.Int8, "GoldsteinScale": pl.Float64, "NumMentions": pl.Int32,
    "NumSources": pl.Int32, "NumArticles": pl.Int32, "AvgTone": pl.Float64,
    **{f"{g}_{c}": t for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
       for c, t in (("Type", pl.Int8), ("Lat", pl.Float64), ("Long", pl.Float64))},
})
STRING_SCHEMA: dict[str, pl.DataType] = {c: pl.String for c in COLUMNS}

#: CAMEO country codes that differ from ISO 3166-1 alpha-3: CAMEO code -> ISO3.
CAMEO_COUNTRY_FIXES: dict[str, str] = {"ROM": "ROU", "TMP": "TLS", "ZAR": "COD"}
#: Codes the project uses for states that have no ISO code (Kosovo); kept when GDELT uses them.
PROJECT_CODES = frozenset({"XKX"})
#: GDELT actor type codes that make an actor part of the state.
STATE_TYPES = ("GOV", "MIL", "COP", "JUD", "LEG", "SPY")
_LINE = "_line"
_FILE = "_file"
#: Bytes of whole lines that ``filter_dyad`` parses at a time (bounds its memory).
BLOCK_BYTES = 16 << 20


def cameo_codes_for(countries_iso3: Iterable[str]) -> list[str]:
    """Return the CAMEO country codes that stand for the ISO3 codes given (ROU -> ROU and ROM)."""
    wanted = {c.upper() for c in countries_iso3}
    return sorted(wanted | {cameo for cameo, iso in CAMEO_COUNTRY_FIXES.items() if iso in wanted})


def iso3_of_cameo(codes: Iterable[str]) -> dict[str, str | None]:
    """Map CAMEO country codes to ISO3 (None for regions and other non-state codes)."""
    codes = sorted({c for c in codes if c})
    known = dict(zip(codes, countrycode(codes, origin="iso3c", destination="iso3c"), strict=True)) if codes else {}
    out: dict[str, str | None] = {}
    for code in codes:
        if code in CAMEO_COUNTRY_FIXES:
            out[code] = CAMEO_COUNTRY_FIXES[code]
        elif code in HISTORICAL_ISO3 or code in PROJECT_CODES or known.get(code) == code:
            out[code] = code
        else:
            out[code] = None
    return out


def scan_export(source: Path | str | bytes, name: str | None = None, first_line: int = 1) -> pl.LazyFrame:
    """Return a lazy scan of an export (a file, or bytes of whole lines): 61 string columns plus ``_file``, ``_line``.

    ``first_line`` is the line number of the first line (for a block cut from a larger file).
    """
    label = name or (Path(source).name if not isinstance(source, bytes) else "(bytes)")
    return pl.scan_csv(
        source, separator="\t", has_header=False, schema=STRING_SCHEMA, quote_char=None,
        encoding="utf8-lossy", row_index_name=_LINE, row_index_offset=first_line, raise_if_empty=False,
    ).with_columns(pl.lit(label).alias(_FILE))


def scan_exports(paths: Path | str | Sequence[Path | str]) -> pl.LazyFrame:
    """Return one lazy scan of several whole export files (concatenated; each keeps its own line numbers)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    if not paths:
        raise ValueError("no GDELT export files given")
    return pl.concat([scan_export(p) for p in paths], how="vertical")


def iter_blocks(source: Path | str | BinaryIO, block_bytes: int = BLOCK_BYTES) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line number of the first line, bytes)`` for consecutive blocks of whole lines of ``source``.

    ``source``: a path, or a binary stream open for reading (e.g. a member of a zip file, read
    as it is decompressed; read from where it stands and left open). Each block holds about
    ``block_bytes`` (more only if one line is longer); memory use is bounded by the block size
    whatever the size of the file.
    """
    line, rest = 1, b""
    opened = open(source, "rb") if isinstance(source, str | Path) else contextlib.nullcontext(source)
    with opened as handle:
        while True:
            chunk = handle.read(block_bytes)
            if not chunk:
                if rest:
                    yield line, rest if rest.endswith(b"\n") else rest + b"\n"
                return
            data = rest + chunk if rest else chunk
            cut = data.rfind(b"\n")
            if cut < 0:
                rest = data
                continue
            block, rest = data[: cut + 1], data[cut + 1:]
            yield line, block
            line += block.count(b"\n")


def _malformed() -> pl.Expr:
    return pl.col("GLOBALEVENTID").is_null() | pl.col("DATEADDED").is_null() | ~pl.col("DATEADDED").str.contains(
        r"^\d{14}$"
    )


def dyad_filter(countries_iso3: Iterable[str], include_domestic: bool = False) -> pl.Expr:
    """Return the filter expression: both actors' country codes among ``countries_iso3`` (CAMEO codes)."""
    codes = pl.Series(cameo_codes_for(countries_iso3), dtype=pl.String).implode()
    keep = pl.col("Actor1CountryCode").is_in(codes) & pl.col("Actor2CountryCode").is_in(codes)
    if not include_domestic:
        keep &= pl.col("Actor1CountryCode") != pl.col("Actor2CountryCode")
    return keep


def filter_dyad(
    paths: Path | str | Sequence[Path | str],
    countries_iso3: Iterable[str],
    *,
    include_domestic: bool = False,
    engine: str = "streaming",
    block_bytes: int = BLOCK_BYTES,
) -> pl.DataFrame:
    """Return the rows of the export file(s) whose two actors are both among ``countries_iso3``.

    Streams through the files block by block (``iter_blocks``, ``block_bytes`` of whole lines
    at a time); each block is scanned lazily (``pl.scan_csv``) and filtered with polars'
    streaming engine (``collect(engine=engine)``), and only matching rows are kept, copied out
    of the block (``compact``), so memory stays bounded by the block size however large the
    files are. (One ``scan_csv`` over a whole file does not bound it in polars 2.1: the kept
    rows' strings are views that pin every parsed buffer, and memory grew with the file, about
    as much as the file itself; see ``benchmarks/bench_gdelt_streaming.py``.)
    ``include_domestic=False`` (default) drops events whose two actors have the same country,
    so ``{"PAK", "IRN"}`` gives the events between Pakistan and Iran in both directions.
    Returns the rows with the typed ``SCHEMA`` (61 columns, official names) plus ``_file``
    and ``_line``. Raises ``SourceFormatError`` naming the file and line of a row that does
    not have the published format.
    """
    paths = [paths] if isinstance(paths, str | Path) else list(paths)
    if not paths:
        raise ValueError("no GDELT export files given")
    keep = dyad_filter(countries_iso3, include_domestic) | _malformed()
    parts = [part for path in paths
             for part in _kept(iter_blocks(path, block_bytes), Path(path).name, str(path), keep, engine)]
    return _typed_parts(parts)


def filter_dyad_stream(
    stream: BinaryIO,
    name: str,
    countries_iso3: Iterable[str],
    *,
    include_domestic: bool = False,
    engine: str = "streaming",
    block_bytes: int = BLOCK_BYTES,
) -> pl.DataFrame:
    """Return the rows of one export read from ``stream`` whose two actors are both among ``countries_iso3``.

    ``filter_dyad`` for an export that is not a file on disk: ``stream`` is a binary stream
    open for reading, such as the member of a downloaded zip (``zipfile.ZipFile.open``), read
    block by block as it is decompressed (memory bounded by ``block_bytes``, nothing written);
    ``name`` is the file name the rows (``_file``) and the errors carry. The same rows, types
    and ``SourceFormatError`` messages as ``filter_dyad`` on that file. The rows of the last
    block are not copied out of it (``compact``): the frame returned may hold that one block's
    parsed strings (at most about ``block_bytes``) until it is dropped, as the fetcher does
    after writing each file's rows.
    """
    keep = _kept_rows(tuple(cameo_codes_for(countries_iso3)), include_domestic)
    return _typed_parts(list(_kept(iter_blocks(stream, block_bytes), name, name, keep, engine, copy_last=False)))


@functools.lru_cache(maxsize=64)
def _kept_rows(cameo_codes: tuple[str, ...], include_domestic: bool) -> pl.Expr:
    """The rows a filter keeps: the dyad's and the malformed ones (to name them); made once per set of countries
    (expressions are immutable), not at every 15-minute file."""
    return dyad_filter(cameo_codes, include_domestic) | _malformed()


def _kept(blocks: Iterable[tuple[int, bytes]], name: str, where: str, keep: pl.Expr, engine: str,
          copy_last: bool = True) -> Iterator[pl.DataFrame]:
    """Yield each block's rows that ``keep`` selects, copied out of their block (``compact``) before the next
    block is parsed, the last block's too unless ``copy_last`` is False; ``where`` names the export in the error
    for a block polars cannot read."""
    pending = None
    for first_line, block in blocks:
        if pending is not None:
            yield compact(pending)
            pending = None
        try:
            part = scan_export(block, name, first_line).filter(keep).collect(engine=engine)
        except pl.exceptions.PolarsError as exc:
            located = locate_ragged_line(block, name, first_line)
            raise SourceFormatError(located or f"{where}: cannot be read as a GDELT export: {exc}") from None
        if part.height:
            pending = part
    if pending is not None:
        yield compact(pending) if copy_last else pending


def _typed_parts(parts: list[pl.DataFrame]) -> pl.DataFrame:
    rows = pl.concat(parts) if parts else pl.DataFrame(schema={**STRING_SCHEMA, _LINE: pl.UInt32, _FILE: pl.String})
    return typed(rows)


def compact(frame: pl.DataFrame) -> pl.DataFrame:
    """Return ``frame`` with its strings copied into small buffers of their own.

    polars keeps strings as views into the buffers they were parsed from, so a few filtered
    rows would keep a whole parsed block alive (and, over many blocks, memory would grow with
    the file). A round trip through an in-memory Arrow IPC message with plain (non-view)
    strings copies just the kept values.
    """
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compat_level=pl.CompatLevel.oldest())
    buffer.seek(0)
    return pl.read_ipc(buffer)


def locate_ragged_line(source: Path | bytes, name: str | None = None, first_line: int = 1) -> str | None:
    """Return "<file>: line N: ..." for the first line without 61 tab-separated fields, or None (streams a file)."""
    label = name or str(source)
    lines = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")
    with lines:
        for number, line in enumerate(lines, start=first_line):
            fields = line.rstrip(b"\r\n").count(b"\t") + 1
            if fields != len(COLUMNS):
                return f"{label}: line {number}: {fields} tab-separated fields, expected {len(COLUMNS)}"
    return None


_NUMERIC: dict[str, pl.DataType] = {c: t for c, t in SCHEMA.items() if t != pl.String}
_SQLDATE = pl.col("SQLDATE").str.strptime(pl.Date, "%Y%m%d", strict=False)
#: ``typed``'s one pass: the 61 columns cast to ``SCHEMA`` (a value that does not parse becomes null) ...
_TYPED = [pl.col(c).cast(_NUMERIC[c], strict=False) if c in _NUMERIC else pl.col(c) for c in COLUMNS]
#: ... and what makes a row wrong (with a SQLDATE after today): each check of ``_checked``.
_WRONG = [
    _malformed(),
    *[pl.col(c).cast(t, strict=False).is_null() & pl.col(c).is_not_null() for c, t in _NUMERIC.items()],
    _SQLDATE.is_null(),
]


def typed(rows: pl.DataFrame) -> pl.DataFrame:
    """Cast the string rows of ``scan_exports`` to ``SCHEMA``; ``SourceFormatError`` names the first bad line.

    One pass casts every column and flags a row that fails any check (``_malformed``, a number
    that does not parse, SQLDATE not a date or after today); only when a row is flagged are the
    checks run one by one (``_checked``), in order, to name the first bad line. (A file's
    kept rows are a few: run check by check, the dozen small queries cost more than the filter.)
    """
    if rows.is_empty():
        return rows.select(*_TYPED, _FILE, _LINE)
    try:
        limit = today()
    except TodaySettingError:  # reported after the rows' own errors, as the checks one by one do
        return _checked(rows)
    out = rows.select(*_TYPED, _FILE, _LINE, pl.any_horizontal(*_WRONG, _SQLDATE > limit).alias("_wrong"))
    if out.drop_in_place("_wrong").any():
        return _checked(rows)
    return out


def _checked(rows: pl.DataFrame) -> pl.DataFrame:
    """``typed``, check by check: ``SourceFormatError`` (``FutureDateError``) naming the first bad line."""
    bad = rows.filter(_malformed())
    if bad.height:
        row = bad.row(0, named=True)
        raise SourceFormatError(f"{row[_FILE]}: line {row[_LINE]}: not a GDELT 2.0 event row "
                                f"(GLOBALEVENTID {row['GLOBALEVENTID']!r}, DATEADDED {row['DATEADDED']!r}; "
                                f"too few fields?)")
    numeric = _NUMERIC
    failed = rows.select(
        pl.col(_FILE), pl.col(_LINE),
        *[(pl.col(c).cast(t, strict=False).is_null() & pl.col(c).is_not_null()).alias(c) for c, t in numeric.items()],
    ).filter(pl.any_horizontal(list(numeric)))
    if failed.height:
        first = failed.row(0, named=True)
        column = next(c for c in numeric if first[c])
        value = rows.filter((pl.col(_LINE) == first[_LINE]) & (pl.col(_FILE) == first[_FILE]))[column][0]
        raise SourceFormatError(f"{first[_FILE]}: line {first[_LINE]}: {column} {value!r} is not {numeric[column]}")
    out = rows.with_columns(pl.col(c).cast(t) for c, t in numeric.items())
    dates = out.with_columns(pl.col("SQLDATE").str.strptime(pl.Date, "%Y%m%d", strict=False).alias("_date"))
    failed = dates.filter(pl.col("_date").is_null())
    if failed.height:
        row = failed.row(0, named=True)
        raise SourceFormatError(f"{row[_FILE]}: line {row[_LINE]}: SQLDATE {row['SQLDATE']!r} is not a date YYYYMMDD")
    refuse_future(dates, "_date", file=None, row=pl.format("{}: line {}", _FILE, _LINE), what="SQLDATE")
    return out.select(*COLUMNS, _FILE, _LINE)


def read_export(path: Path) -> pl.DataFrame:
    """Return every row of one export file with the typed ``SCHEMA`` (plus ``_file``, ``_line``)."""
    try:
        rows = scan_exports([path]).collect(engine="streaming")
    except pl.exceptions.PolarsError as exc:
        located = locate_ragged_line(Path(path), Path(path).name)
        raise SourceFormatError(located or f"{path}: cannot be read as a GDELT export: {exc}") from None
    return typed(rows)


def _state(prefix: str, iso3: str) -> pl.Expr:
    types = [pl.col(f"{prefix}Type{i}Code") for i in (1, 2, 3)]
    typed_state = pl.any_horizontal([t.is_in(list(STATE_TYPES)) for t in types]).fill_null(False)
    itself = (pl.col(f"{prefix}Code") == pl.col(f"{prefix}CountryCode")).fill_null(False)
    return pl.col(iso3).is_not_null() & (typed_state | itself)


def to_events(rows: pl.DataFrame, event_codes: pl.DataFrame) -> pl.DataFrame:
    """Turn typed export rows (``filter_dyad`` / ``read_export`` / fetched Parquet) into ``events``.

    Raises ``SourceFormatError`` naming the file and line (when known) of an unknown CAMEO code.
    """
    if rows.is_empty():
        return pl.DataFrame(schema=EVENTS)
    if _FILE not in rows.columns:
        rows = rows.with_columns(pl.lit("(parquet)").alias(_FILE), pl.lit(None, pl.UInt32).alias(_LINE))
    joined = rows.join(lookup(event_codes), left_on="EventCode", right_on="cameo_code", how="left",
                       maintain_order="left")
    unknown = joined.filter(pl.col("quad_class").is_null())
    if unknown.height:
        row = unknown.row(0, named=True)
        where = f"line {row[_LINE]}: " if row[_LINE] is not None else f"GLOBALEVENTID {row['GLOBALEVENTID']}: "
        raise SourceFormatError(f"{row[_FILE]}: {where}unknown CAMEO code {row['EventCode']!r}")
    codes = iso3_of_cameo(joined["Actor1CountryCode"].drop_nulls().to_list()
                          + joined["Actor2CountryCode"].drop_nulls().to_list())
    events = joined.with_columns(
        pl.lit(DATASET).alias("dataset"),
        pl.col("GLOBALEVENTID").cast(pl.String).alias("source_event_id"),
        pl.col("SQLDATE").str.strptime(pl.Date, "%Y%m%d").alias("date"),
        pl.col("Actor1CountryCode").replace_strict(codes, default=None, return_dtype=pl.String).alias("source_iso3"),
        pl.col("Actor2CountryCode").replace_strict(codes, default=None, return_dtype=pl.String).alias("target_iso3"),
        pl.concat_str([pl.col(f"Actor1Type{i}Code") for i in (1, 2, 3)], separator=",", ignore_nulls=True)
        .replace("", None).alias("source_sector"),
        pl.concat_str([pl.col(f"Actor2Type{i}Code") for i in (1, 2, 3)], separator=",", ignore_nulls=True)
        .replace("", None).alias("target_sector"),
        pl.col("EventCode").alias("cameo_code"),
        pl.col("GoldsteinScale").alias("intensity"),
        pl.concat_str(pl.col("Actor1Name").fill_null("?"), pl.lit(" -> "), pl.col("Actor2Name").fill_null("?"))
        .alias("description"),
        pl.col("SOURCEURL").alias("citation"),
    ).with_columns(
        (pl.col("source_iso3") == pl.col("target_iso3")).fill_null(False).alias("domestic"),
        _state("Actor1", "source_iso3").alias("source_state"),
        _state("Actor2", "target_iso3").alias("target_state"),
    ).with_columns((pl.col("source_state") & pl.col("target_state")).alias("state_actor"))
    return conform(events, "events")


def read_events(raw: Path, event_codes: pl.DataFrame, files: Iterable[Path] | None = None) -> pl.DataFrame:
    """Return the events of shipped exports and fetched Parquet partitions under ``raw / "gdelt"``.

    ``files``: the paths to read (default: every ``*.export.CSV`` and ``events/**/*.parquet``
    under ``raw/gdelt``). Each export is read whole; fetched partitions hold only the rows of
    their country filter. Events that appear twice (same GLOBALEVENTID) are kept once.
    """
    if files is None:
        base = raw / "gdelt"
        files = sorted(base.glob("*.export.CSV")) + sorted(
            p for p in base.glob("events/**/*.parquet") if not p.name.startswith(".")
        )
    parts = []
    for path in files:
        if path.suffix == ".parquet":
            rows = pl.read_parquet(path).with_columns(pl.lit(path.name).alias(_FILE),
                                                      pl.lit(None, pl.UInt32).alias(_LINE))
            refuse_future(rows.with_columns(pl.col("SQLDATE").cast(pl.String).str.to_date("%Y%m%d", strict=False)
                                            .alias("_date")), "_date", file=path,
                          row=pl.format("GLOBALEVENTID {}", "GLOBALEVENTID"), what="SQLDATE")
        else:
            rows = read_export(path)
        parts.append(to_events(rows, event_codes))
    if not parts:
        return pl.DataFrame(schema=EVENTS)
    return pl.concat(parts).unique(["dataset", "source_event_id"], keep="first", maintain_order=True)
