"""Adapters for ICEWS: raw event files → ``events``; netify's dyad-year counts → ``event_counts_dyad_year``.

**Raw events** (``data/raw/icews/*.tab``, the Integrated Crisis Early Warning System's
published format, e.g. ``events.2018.tab`` on Harvard Dataverse doi:10.7910/DVN/28075):
UTF-8, tab-separated, one header row with the 20 columns in ``EVENT_COLUMNS``, missing
values written ``NA``, no quoting. Each row is one event: ``Source Name`` (with ``Source
Sectors``, comma-separated, and ``Source Country``, an English country name) did ``CAMEO Code``
(``Event Text`` is the code's name, ``Intensity`` its Goldstein weight) to ``Target ...`` on
``Event Date``.

Every row is kept. Countries map to ISO3 through ``analysis.core.countries.iso3_from_names`` (plus
the project's aliases for historical states and ``NAME_FIXES``); a country of ``NA`` (IGOs
such as the United Nations, regions such as "South Asia", "Unidentified State Actor") gives a
null ISO3. Flags, never filters:

- ``domestic``: source and target country are the same (e.g. police arrest citizens);
- ``source_state`` / ``target_state``: the actor is a state: it has a country and either one
  of the sectors in ``STATE_SECTORS`` (Government, Military, Police; every ICEWS government
  body, ministry, armed force or police carries one) or it is the country itself (no
  sector, and its name is the country as ICEWS spells it or as ``countrycode`` names it:
  "Pakistan", "Russia"). Persons, parties, businesses, citizens, media, rebels and regions
  ("Crimea") are not state actors;
- ``state_actor``: both actors are states.

``goldstein`` is the project's weight for the code (``analysis.sources.cameo``);
``intensity`` is the file's own ``Intensity``. A non-null country name that maps to no state,
an unknown CAMEO code, a bad date, a number that is not a number or a row with the wrong
number of fields stops the read with ``SourceFormatError`` naming the file and line (the
header is line 1). Known defect in the wild: some 2017 rows carry the code ``13y``
(andybega/icews issue #78); such a file is rejected at that line.

**Dyad-year counts** (``data/raw/icews/icews_dyad_year.rda``, the netify R package's ``icews``
data): ``i`` (source) and ``j`` (target) country names, ``year`` and the ICEWS quad-class
counts ``verbCoop``, ``matlCoop``, ``verbConf``, ``matlConf`` for 152 states, 2002-2014, plus
covariates that are not read. netify builds its networks from it as directed (``actor1 =
"i"``, ``actor2 = "j"``, ``symmetric = FALSE``). Names map through ``iso3_from_names``; each
must agree with the file's own ``i_iso3c`` / ``j_iso3c``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl
from countrycode import countrycode

from analysis.core.clock import refuse_future
from analysis.core.countries import ALIASES, iso3_from_names
from analysis.schemas import EVENTS, conform
from analysis.sources import SourceFormatError, read_utf8
from analysis.sources.cameo import lookup
from analysis.sources.rdata import read_r_table

DATASET = "icews"
SOURCE = "icews"  # manifest source of the raw event files
SOURCE_DYAD_YEAR = "icews-dyad-year"
DYAD_YEAR_OBJECT = "icews"
EVENT_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
)
NA = "NA"
#: Sectors that make an actor part of the state.
STATE_SECTORS = ("Government", "Military", "Police")
#: ICEWS country names that ``countrycode`` does not map, with the project's code.
NAME_FIXES = {"Kosovo": "XKX"}


def country_codes(names: Iterable[str]) -> dict[str, str | None]:
    """Map ICEWS / netify country names to ISO3 (None when unknown); ``NAME_FIXES`` and the aliases first."""
    names = sorted(set(names))
    mapping = iso3_from_names(names)
    for name in names:
        fixed = NAME_FIXES.get(name) or ALIASES.get(name.lower())
        if fixed:
            mapping[name] = fixed
    return mapping


def _split_lines(path: Path) -> pl.DataFrame:
    """Return the data lines of a TSV as (line, fields) with their 1-based line numbers; check the header."""
    text = read_utf8(path)
    lines = pl.Series("text", text.split("\n"), dtype=pl.String)
    header = lines[0].rstrip("\r").split("\t") if lines.len() else []
    if tuple(header) != EVENT_COLUMNS:
        raise SourceFormatError(f"{path}: line 1: header {header} is not the ICEWS event format {list(EVENT_COLUMNS)}")
    frame = (
        lines.to_frame()
        .with_row_index("line", offset=1)
        .slice(1)
        .filter(pl.col("text").str.strip_chars("\r") != "")
        .with_columns(pl.col("text").str.strip_suffix("\r").str.split("\t").alias("fields"))
    )
    ragged = frame.filter(pl.col("fields").list.len() != len(EVENT_COLUMNS))
    if ragged.height:
        line, fields = ragged.row(0, named=True)["line"], ragged.row(0, named=True)["fields"]
        raise SourceFormatError(
            f"{path}: line {line}: {len(fields)} tab-separated fields, expected {len(EVENT_COLUMNS)}"
        )
    return frame.select(
        "line", *[pl.col("fields").list.get(i).alias(name) for i, name in enumerate(EVENT_COLUMNS)]
    ).with_columns(pl.col(c).replace(NA, None) for c in EVENT_COLUMNS)


def _first_bad(frame: pl.DataFrame, condition: pl.Expr, path: Path, what: str, column: str) -> None:
    bad = frame.filter(condition)
    if bad.height:
        row = bad.row(0, named=True)
        raise SourceFormatError(f"{path}: line {row['line']}: {what}: {row[column]!r}")


def _is_state(name: str, sectors: str, country: str, iso3: str, names: dict[str, str | None]) -> pl.Expr:
    sector_list = pl.col(sectors).str.split(",")
    in_state_sector = pl.any_horizontal([sector_list.list.contains(s) for s in STATE_SECTORS]).fill_null(False)
    country_itself = pl.col(sectors).is_null() & (
        (pl.col(name) == pl.col(country))
        | (pl.col(name) == pl.col(iso3).replace_strict(names, default=None, return_dtype=pl.String))
    ).fill_null(False)
    return (pl.col(iso3).is_not_null() & (in_state_sector | country_itself)).fill_null(False)


def read_events_file(path: Path, event_codes: pl.DataFrame) -> pl.DataFrame:
    """Return the events of one raw ICEWS file in the ``events`` schema (every row; see the module doc)."""
    rows = _split_lines(path)
    _first_bad(rows, pl.col("Event ID").is_null() | ~pl.col("Event ID").str.contains(r"^\d+$"), path,
               "Event ID is not a number", "Event ID")
    rows = rows.with_columns(pl.col("Event Date").str.strptime(pl.Date, "%Y-%m-%d", strict=False).alias("date"))
    _first_bad(rows, pl.col("date").is_null(), path, "Event Date is not a date YYYY-MM-DD", "Event Date")
    refuse_future(rows, "date", file=path, row=pl.format("line {}", "line"), what="Event Date")
    rows = rows.with_columns(pl.col("Intensity").cast(pl.Float64, strict=False).alias("intensity"))
    _first_bad(rows, pl.col("intensity").is_null() & pl.col("Intensity").is_not_null(), path,
               "Intensity is not a number", "Intensity")
    codes = lookup(event_codes)
    rows = rows.join(codes, left_on="CAMEO Code", right_on="cameo_code", how="left", maintain_order="left")
    _first_bad(rows, pl.col("quad_class").is_null(), path, "unknown CAMEO code", "CAMEO Code")

    names = country_codes(rows["Source Country"].drop_nulls().to_list() + rows["Target Country"].drop_nulls().to_list())
    for side in ("Source", "Target"):
        iso = pl.col(f"{side} Country").replace_strict(names, default=None, return_dtype=pl.String)
        rows = rows.with_columns(iso.alias(f"{side.lower()}_iso3"))
        _first_bad(rows, pl.col(f"{side} Country").is_not_null() & pl.col(f"{side.lower()}_iso3").is_null(), path,
                   f"{side} Country maps to no state", f"{side} Country")
    iso_names = _iso3_names(rows)
    events = rows.with_columns(
        pl.lit(DATASET).alias("dataset"),
        pl.col("Event ID").alias("source_event_id"),
        pl.col("Source Sectors").alias("source_sector"),
        pl.col("Target Sectors").alias("target_sector"),
        pl.col("CAMEO Code").alias("cameo_code"),
        (pl.col("source_iso3") == pl.col("target_iso3")).fill_null(False).alias("domestic"),
        _is_state("Source Name", "Source Sectors", "Source Country", "source_iso3", iso_names).alias("source_state"),
        _is_state("Target Name", "Target Sectors", "Target Country", "target_iso3", iso_names).alias("target_state"),
        pl.concat_str(pl.col("Source Name").fill_null("?"), pl.lit(" -> "), pl.col("Target Name").fill_null("?"))
        .alias("description"),
        pl.concat_str(
            pl.col("Publisher").fill_null("unknown publisher"), pl.lit(", story "), pl.col("Story ID").fill_null("?"),
            pl.lit(", sentence "), pl.col("Sentence Number").fill_null("?"),
        ).alias("citation"),
    ).with_columns((pl.col("source_state") & pl.col("target_state")).alias("state_actor"))
    return conform(events, "events")


def _iso3_names(rows: pl.DataFrame) -> dict[str, str | None]:
    """Return {iso3: countrycode's English short name} for the ISO3 codes in ``rows``."""
    codes = sorted(set(rows["source_iso3"].drop_nulls()) | set(rows["target_iso3"].drop_nulls()))
    if not codes:
        return {}
    return dict(zip(codes, countrycode(codes, origin="iso3c", destination="country.name"), strict=True))


def read_events(raw: Path, event_codes: pl.DataFrame, files: Iterable[Path] | None = None) -> pl.DataFrame:
    """Return the events of every raw ICEWS file (``files``, default all ``data/raw/icews/*.tab``)."""
    paths = sorted(files) if files is not None else sorted((raw / "icews").glob("*.tab"))
    frames = [read_events_file(p, event_codes) for p in paths]
    return pl.concat(frames) if frames else pl.DataFrame(schema=EVENTS)


COUNT_COLUMNS = {"verbCoop": "verbal_coop", "matlCoop": "material_coop", "verbConf": "verbal_conflict",
                 "matlConf": "material_conflict"}


def read_dyad_year(raw: Path, name: str = "icews/icews_dyad_year.rda") -> pl.DataFrame:
    """Return netify's ICEWS dyad-year quad counts as ``event_counts_dyad_year`` (directed, i → j).

    Raises ``SourceFormatError`` naming the file when columns are missing, a country name maps
    to no state or disagrees with the file's ISO3 column, or a count is negative or fractional.
    """
    path = raw / name
    table = read_r_table(path, DYAD_YEAR_OBJECT)
    needed = ["i", "j", "year", *COUNT_COLUMNS, "i_iso3c", "j_iso3c"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise SourceFormatError(f"{path}: object {DYAD_YEAR_OBJECT!r} lacks columns {missing}")
    names = country_codes(table["i"].to_list() + table["j"].to_list())
    unknown = sorted(n for n, c in names.items() if c is None)
    if unknown:
        raise SourceFormatError(f"{path}: country names that map to no state: {unknown}")
    frame = table.with_columns(
        pl.col("i").replace_strict(names, return_dtype=pl.String).alias("source_iso3"),
        pl.col("j").replace_strict(names, return_dtype=pl.String).alias("target_iso3"),
    )
    for side, own in (("source_iso3", "i_iso3c"), ("target_iso3", "j_iso3c")):
        clash = frame.filter(pl.col(own).is_not_null() & (pl.col(own) != pl.col(side)))
        if clash.height:
            row = clash.row(0, named=True)
            raise SourceFormatError(f"{path}: name {row['i' if side == 'source_iso3' else 'j']!r} maps to "
                                    f"{row[side]} but the file's {own} says {row[own]}")
    bad = frame.filter(pl.any_horizontal([(pl.col(c) < 0) | (pl.col(c) % 1 != 0) | pl.col(c).is_null()
                                          for c in COUNT_COLUMNS]) | (pl.col("year") % 1 != 0))
    if bad.height:
        raise SourceFormatError(f"{path}: {bad.height} rows with a missing, negative or fractional count or year, "
                                f"e.g. {bad.select('i', 'j', 'year', *COUNT_COLUMNS).row(0)}")
    out = frame.select(
        pl.lit(DATASET).alias("dataset"),
        pl.col("year").cast(pl.Int32),
        "source_iso3",
        "target_iso3",
        *[pl.col(src).cast(pl.Int64).alias(dst) for src, dst in COUNT_COLUMNS.items()],
    ).sort("year", "source_iso3", "target_iso3")
    refuse_future(out, "year", file=path, row=pl.format("the row {} -> {}", "source_iso3", "target_iso3"),
                  what="year")
    return conform(out, "event_counts_dyad_year")
