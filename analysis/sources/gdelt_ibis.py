"""The GDELT event aggregation, written once as an Ibis expression: DuckDB, Spark and BigQuery run the same one.

``aggregation(table, event_codes, countries, start, end)`` takes an Ibis table in the GDELT 2.0
Events export schema (``GDELT_COLUMNS``: a view over the export files or fetched Parquet
partitions, or the unbound table ``gdelt-bq.gdeltv2.events`` for BigQuery) and returns the
dyad-day and dyad-month expressions (``Aggregation``). Nothing here connects to an engine:
``analysis.fetch.gdelt_engines`` binds the table, runs the expression and writes the output.

**Method** (as the adapter ``analysis.sources.gdelt`` and the measures in
``analysis.measures.events``; GDELT Event Codebook V2.0, 2015):

1. *Columns.* Only ``NEEDED_COLUMNS`` are read (GLOBALEVENTID, SQLDATE, Actor1CountryCode,
   Actor2CountryCode, EventCode, SOURCEURL), cast to their ``GDELT_COLUMNS`` types when an
   input stores them otherwise (fetched Parquet keeps SQLDATE as text). BigQuery bills the
   bytes of the columns a query reads, so nothing else is referenced.
2. *Dates.* ``SQLDATE`` (the day the event took place, YYYYMMDD) in [start, end], compared as
   integers so that no function wraps the column.
3. *Countries.* Actor1CountryCode and Actor2CountryCode are CAMEO country codes, mapped to
   ISO3 with the adapter's own rule (``analysis.sources.gdelt.iso3_of_cameo``: ISO3 codes
   that ``countrycode`` knows, the project's historical codes and XKX, and
   ``CAMEO_COUNTRY_FIXES`` ROM -> ROU, TMP -> TLS, ZAR -> COD); regional and other non-state
   codes map to nothing. The map is computed in Python from that function and inlined in the
   expression (an ``IN`` list and a ``CASE`` for the three renamed codes), so the compiled
   SQL needs no lookup table: an Ibis memtable would compile to a temporary table BigQuery
   does not have. Kept: events whose two actors map to states among ``countries`` (all
   states when None) and to *different* states (``source_iso3 != target_iso3``; ROM -> ROU is
   domestic), as ``analysis.measures.events.event_counts`` counts them.
4. *Duplicates.* The adapter keeps an event once per GLOBALEVENTID (``gdelt.read_events``);
   here the rows are made distinct over the columns read, which drops the same event read
   twice (an export file and a fetched partition of it). GDELT's GLOBALEVENTIDs are unique, so
   this is the same rule.
5. *CAMEO classes and weights* from the package's ``event_codes`` table
   (``analysis.sources.cameo.read``), matched on the full EventCode like the adapter's join:
   ``quad_class`` 1 verbal cooperation (roots 01-05), 2 material cooperation (06-08), 3
   verbal conflict (09-13), 4 material conflict (14-20) (Duval & Thompson 1980, as the ICEWS
   quad counts; GDELT's own QuadClass column differs for roots 09 and 14 and is not used),
   and the project's Goldstein weight (Goldstein 1992; ICEWS weights, ``GOLDSTEIN_CHOICE``),
   not GDELT's GoldsteinScale column. The table is inlined as ``CASE`` expressions (codes
   grouped by class and by weight). An EventCode not in the table gets quad_class and weight
   null: the event is counted under ``quad_class`` null (the adapter refuses such a file;
   over GDELT's billion rows one odd code must not stop the query) and the runner says how
   many there were.
6. *Aggregates* per directed dyad (source = Actor1, target = Actor2), day (``date``) or month
   (``month``, the first day of the month) and quad class: ``n_events`` (events),
   ``goldstein_sum`` and ``goldstein_mean`` (sum and mean of the weights; null where no event
   has one), ``n_source_urls`` (distinct SOURCEURL: articles). Every weight has one decimal,
   so the sum is taken over integer tenths and divided once (``sum / 10``, ``sum / (10 n)``):
   exact, and the same on every engine whatever order a distributed engine adds in.
   Rows are sorted by period, source, target and quad class (nulls last).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import ibis
import ibis.expr.types as ir
import polars as pl
from ibis import _

from analysis.core.countries import HISTORICAL_ISO3
from analysis.sources.gdelt import CAMEO_COUNTRY_FIXES, COLUMNS, PROJECT_CODES, iso3_of_cameo

#: GDELT's public BigQuery table of GDELT 2.0 events (project, dataset, table).
BIGQUERY_TABLE = ("gdelt-bq", "gdeltv2", "events")

_INTEGER = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
            "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED"}
_FLOAT = {"FractionDate", "GoldsteinScale", "AvgTone", *[f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
                                                         for c in ("Lat", "Long")]}
#: The 61 columns of a GDELT 2.0 Events export (``analysis.sources.gdelt.COLUMNS``, in order) with the types of
#: ``gdelt-bq.gdeltv2.events``: INTEGER -> int64 (SQLDATE and DATEADDED too), FLOAT -> float64, else string
#: (event codes keep their leading zeros).
GDELT_COLUMNS: dict[str, str] = {
    c: "int64" if c in _INTEGER else "float64" if c in _FLOAT else "string" for c in COLUMNS
}
#: The columns the aggregation reads (BigQuery bills exactly these).
NEEDED_COLUMNS: tuple[str, ...] = ("GLOBALEVENTID", "SQLDATE", "Actor1CountryCode", "Actor2CountryCode",
                                   "EventCode", "SOURCEURL")
#: Output columns and polars types of the dyad-day table (``date``) and the dyad-month table (``month``).
DAY_SCHEMA: dict[str, pl.DataType] = {
    "date": pl.Date, "source_iso3": pl.String, "target_iso3": pl.String, "quad_class": pl.Int8,
    "n_events": pl.Int64, "goldstein_sum": pl.Float64, "goldstein_mean": pl.Float64, "n_source_urls": pl.Int64,
}
MONTH_SCHEMA: dict[str, pl.DataType] = {("month" if k == "date" else k): v for k, v in DAY_SCHEMA.items()}
_VALUES = ("n_events", "goldstein_sum", "goldstein_mean", "n_source_urls")


def bigquery_table() -> ir.Table:
    """Return the unbound Ibis table ``gdelt-bq.gdeltv2.events`` with ``GDELT_COLUMNS`` (compiles without a client)."""
    project, dataset, name = BIGQUERY_TABLE
    return ibis.table(GDELT_COLUMNS, name=name, catalog=project, database=dataset)


@lru_cache(maxsize=1)
def state_codes() -> dict[str, str]:
    """Return {CAMEO country code: ISO3} for every code the adapter maps to a state.

    The candidates are every ISO3 code ``countrycode`` knows, the project's historical codes,
    its own codes (XKX) and the renamed CAMEO codes; ``iso3_of_cameo`` (the adapter's rule)
    decides for each, and codes it maps to nothing are left out.
    """
    import countrycode

    candidates = {c for c in countrycode.codelist["iso3c"] if c}
    candidates |= set(CAMEO_COUNTRY_FIXES) | set(HISTORICAL_ISO3) | set(PROJECT_CODES)
    return {code: iso for code, iso in sorted(iso3_of_cameo(candidates).items()) if iso is not None}


def country_map(countries: Iterable[str] | None) -> dict[str, str]:
    """Return {CAMEO country code: ISO3} for the states ``countries`` (ISO3 codes), or every state when None.

    Raises ``ValueError`` naming a code that no CAMEO country code maps to.
    """
    states = state_codes()
    if countries is None:
        return dict(states)
    wanted = {c.strip().upper() for c in countries}
    unknown = sorted(wanted - set(states.values()))
    if unknown:
        raise ValueError(f"not ISO3 codes of states GDELT can name: {', '.join(unknown)}")
    return {code: iso for code, iso in states.items() if iso in wanted}


def event_columns(table: ir.Table) -> ir.Table:
    """Return ``NEEDED_COLUMNS`` of a table in GDELT export schema, cast to ``GDELT_COLUMNS`` where they differ.

    Raises ``ValueError`` naming missing columns.
    """
    missing = [c for c in NEEDED_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"not a GDELT 2.0 events table: no column {', '.join(missing)}")
    schema = table.schema()
    return table.select(
        [table[c] if schema[c] == ibis.dtype(GDELT_COLUMNS[c]) else table[c].cast(GDELT_COLUMNS[c]).name(c)
         for c in NEEDED_COLUMNS]
    )


def _iso3(code: ir.StringValue, renamed: dict[str, str]) -> ir.StringValue:
    return code.substitute(renamed) if renamed else code


def _by_value(pairs: Iterable[tuple[str, object]]) -> list[tuple[object, list[str]]]:
    groups: dict[object, list[str]] = {}
    for code, value in pairs:
        groups.setdefault(value, []).append(code)
    return [(value, sorted(codes)) for value, codes in sorted(groups.items())]


def cameo_columns(code: ir.StringValue, event_codes: pl.DataFrame) -> tuple[ir.IntegerValue, ir.IntegerValue]:
    """Return (quad class as int8, Goldstein weight in integer tenths) of CAMEO ``code`` from ``event_codes``.

    Both null for a code the table does not have. Raises ``ValueError`` if a weight has more
    than one decimal (the tenths would not be exact).
    """
    rows = event_codes.select("code", "quad_class", "goldstein").drop_nulls("code")
    tenths = []
    for code_value, weight in rows.select("code", "goldstein").drop_nulls().iter_rows():
        scaled = round(weight * 10)
        if abs(scaled - weight * 10) > 1e-9:
            raise ValueError(f"event_codes: Goldstein weight {weight} of {code_value} has more than one decimal")
        tenths.append((code_value, scaled))
    quad = ibis.cases(*[(code.isin(codes), int(q)) for q, codes in
                        _by_value(rows.select("code", "quad_class").drop_nulls().iter_rows())],
                      else_=ibis.null("int8")).cast("int8")
    weight = ibis.cases(*[(code.isin(codes), int(w)) for w, codes in _by_value(tenths)],
                        else_=ibis.null("int64")).cast("int64")
    return quad, weight


def _yyyymmdd(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


@dataclass(frozen=True)
class Aggregation:
    """The two outputs of ``aggregation``: unexecuted Ibis expressions with ``DAY_SCHEMA`` / ``MONTH_SCHEMA``."""

    #: The events kept, one row each: date, month, source_iso3, target_iso3, quad_class, goldstein_tenths, SOURCEURL.
    events: ir.Table
    #: The two aggregates before sorting.
    by_day: ir.Table
    by_month: ir.Table

    @property
    def day(self) -> ir.Table:
        """The dyad-day table (``DAY_SCHEMA``), sorted by date, source, target, quad class (nulls last)."""
        return _sorted(self.by_day, "date")

    @property
    def month(self) -> ir.Table:
        """The dyad-month table (``MONTH_SCHEMA``), sorted by month, source, target, quad class (nulls last)."""
        return _sorted(self.by_month, "month")

    def combined(self) -> ir.Table:
        """Return both tables as one expression, so that an engine runs one query (BigQuery: one scan, one bill).

        Columns ``level`` ('day' | 'month'), ``period`` (the date or the month), then as the
        two tables; ``split`` turns its result back into them.
        """
        day = self.by_day.rename(period="date").mutate(level=ibis.literal("day"))
        month = self.by_month.rename(period="month").mutate(level=ibis.literal("month"))
        both = day.union(month, distinct=False)
        return both.select("level", "period", "source_iso3", "target_iso3", "quad_class", *_VALUES)


def _sorted(frame: ir.Table, period: str) -> ir.Table:
    return frame.order_by([ibis.asc(c, nulls_first=False) for c in (period, "source_iso3", "target_iso3",
                                                                        "quad_class")])


def aggregation(
    table: ir.Table,
    event_codes: pl.DataFrame,
    countries: Sequence[str] | None,
    start: dt.date,
    end: dt.date,
) -> Aggregation:
    """Return the dyad-day and dyad-month aggregation of GDELT events (the module docstring gives the method).

    ``table``: an Ibis table with (at least) ``NEEDED_COLUMNS`` of the GDELT 2.0 export schema;
    ``event_codes``: the package's ``event_codes`` table (``analysis.sources.cameo.read``);
    ``countries``: ISO3 codes of the states (events between two different ones are kept) or
    None for every pair of states; ``start``, ``end``: the range of event dates (SQLDATE),
    inclusive. Raises ``ValueError`` for a reversed range, fewer than two states or a code
    that is not a state's.
    """
    if start > end:
        raise ValueError(f"reversed date range {start} to {end}")
    if countries is not None and len({c.strip().upper() for c in countries}) < 2:
        raise ValueError("give at least two states (or every pair)")
    mapping = country_map(countries)
    codes = sorted(mapping)
    renamed = {code: iso for code, iso in mapping.items() if code != iso}
    rows = event_columns(table)
    source, target = _iso3(rows.Actor1CountryCode, renamed), _iso3(rows.Actor2CountryCode, renamed)
    kept = rows.filter(
        rows.SQLDATE.between(_yyyymmdd(start), _yyyymmdd(end)),
        rows.Actor1CountryCode.isin(codes),
        rows.Actor2CountryCode.isin(codes),
        source != target,
    ).select("GLOBALEVENTID", "SQLDATE", source_iso3=source, target_iso3=target, EventCode=rows.EventCode,
             SOURCEURL=rows.SOURCEURL).distinct()
    sqldate = kept.SQLDATE
    year, month = sqldate // 10000, (sqldate // 100) % 100
    quad, weight = cameo_columns(kept.EventCode, event_codes)
    events = kept.select(
        date=ibis.date(year, month, sqldate % 100),
        month=ibis.date(year, month, 1),
        source_iso3=kept.source_iso3,
        target_iso3=kept.target_iso3,
        quad_class=quad,
        goldstein_tenths=weight,
        SOURCEURL=kept.SOURCEURL,
    )

    def per(period: str) -> ir.Table:
        grouped = events.group_by([period, "source_iso3", "target_iso3", "quad_class"]).aggregate(
            n_events=_.count(),
            tenths=_.goldstein_tenths.sum(),
            n_weighted=_.goldstein_tenths.count(),
            n_source_urls=_.SOURCEURL.nunique(),
        )
        return grouped.select(
            period, "source_iso3", "target_iso3", "quad_class",
            n_events=grouped.n_events.cast("int64"),
            goldstein_sum=grouped.tenths.cast("float64") / 10.0,
            goldstein_mean=grouped.tenths.cast("float64") / (grouped.n_weighted * 10).nullif(0).cast("float64"),
            n_source_urls=grouped.n_source_urls.cast("int64"),
        )

    return Aggregation(events=events, by_day=per("date"), by_month=per("month"))


def split(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (dyad-day, dyad-month) from the executed ``Aggregation.combined`` expression, typed and sorted."""
    out = []
    for level, period, schema in (("day", "date", DAY_SCHEMA), ("month", "month", MONTH_SCHEMA)):
        part = frame.filter(pl.col("level") == level).drop("level").rename({"period": period})
        out.append(conform_output(part, schema))
    return out[0], out[1]


def conform_output(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Return ``frame`` with exactly ``schema``'s columns and types, sorted by the keys (nulls last)."""
    keys = list(schema)[:4]
    typed = frame.select([pl.col(c).cast(t) for c, t in schema.items()])
    return typed.sort(keys, nulls_last=True)
