"""Run the GDELT event aggregation on DuckDB, Spark or BigQuery: ``python -m analysis events aggregate``.

``python -m analysis events aggregate --engine bigquery --project P --countries PAK,IRN --from 2015-02-18
--to 2026-11-30``

One definition of the aggregation, ``analysis.sources.gdelt_ibis.aggregation`` (an Ibis
expression: dyad-day and dyad-month counts per CAMEO quad class, Goldstein totals and means
from the package's ``event_codes`` table, distinct source URLs; the method is in that module's
docstring), runs unchanged on three engines; this module only binds its input table, runs it
and writes the result:

- **duckdb** (default; in-process, ``ibis.duckdb``): the GDELT files under ``data/raw/gdelt/``,
  that is every file of manifest sources ``gdelt`` (the shipped 15-minute export:
  tab-separated, no header, 61 columns, read with the explicit ``GDELT_COLUMNS`` schema) and
  ``gdelt-events`` (the day partitions ``fetch gdelt`` caches as Parquet), or the ``--input``
  paths and globs given. One machine; it streams files larger than memory.
- **spark** (``ibis.pyspark`` on a ``SparkSession``): the same inputs; ``--master`` (default
  ``local[*]``) may name a cluster (``spark://host:7077``, ``yarn``, ``k8s://...``), and the
  input paths may then be ``s3://``, ``gs://`` or ``hdfs://`` URLs the cluster can read. Needs
  pyspark (``pip install pyspark``) and Java 17 (``apt-get install openjdk-17-jre-headless``).
- **bigquery**: GDELT's public table ``gdelt-bq.gdeltv2.events`` (every GDELT 2.0 event since
  2015-02-18), billed to ``--project P`` with Google credentials from the environment
  (``gcloud auth application-default login`` or ``GOOGLE_APPLICATION_CREDENTIALS``). The
  expression is compiled to BigQuery SQL (``bigquery_sql``; the test suite keeps that SQL
  in ``tests/fixtures/gdelt_bigquery_query.sql``) and sent with ``google-cloud-bigquery``
  (``pip install 'unalign[bigquery]'``): first as a dry run, whose scan size is printed;
  ``--max-bytes N`` refuses a query that would scan more (and caps the real job's billing).
  BigQuery bills the bytes of the columns read, over the whole table: the query reads six.

Both tables come back from one query (``Aggregation.combined``) and are written to
``data/raw/gdelt-aggregates/<name>/dyad_day.parquet`` and ``dyad_month.parquet`` (atomically:
temporary files, then renamed together), each recorded in ``data/raw/datasets/gdelt-aggregates.toml`` (source
``gdelt-aggregates``; the origin names the engine, the inputs or table and the parameters),
replacing the entries of the same paths. ``<name>`` defaults to
``<engine>_<A-B|all>_<from>_<to>``. The build reads the monthly file
(``analysis.sources.gdelt_aggregates``).

Every failure a user can fix (pyspark or Java missing, no credentials, no network, a scan
larger than ``--max-bytes``, an unreadable input) is a ``UserError``: one line, exit status 2.

This package's ``aggregate`` checks the arguments and hands the expression to one engine's module:
``duckdb_engine``, ``spark_engine``, ``bigquery_engine`` or ``polars_reference`` (the reference path);
``common`` holds the names, errors, result and inputs they share, ``output`` writes the two files. Every
public name is importable from here, as before the split.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from analysis.core import clock, paths
from analysis.fetch.gdelt_engines.bigquery_engine import (
    _api_errors,
    _bigquery_modules,
    _network_errors,
    _retry,
    bigquery_client,
    bigquery_sql,
    run_bigquery,
)
from analysis.fetch.gdelt_engines.common import (
    BIGQUERY_HINT,
    BIGQUERY_TABLE_NAME,
    BIGQUERY_TIMEOUT,
    DAY_FILE,
    DEFAULT_MASTER,
    ENGINES,
    INPUT_SOURCES,
    JAVA_HINT,
    MONTH_FILE,
    OUTPUT_DIR,
    PYSPARK_HINT,
    REFERENCE_ENGINE,
    SOURCE,
    AggregateResult,
    BigQueryAccessError,
    EngineError,
    EngineUnavailableError,
    ScanLimitError,
    _check_local,
    _log,
    _split_inputs,
    _utcnow,
    default_inputs,
    expand_inputs,
    is_parquet,
    size_text,
)
from analysis.fetch.gdelt_engines.duckdb_engine import duckdb_table, run_duckdb
from analysis.fetch.gdelt_engines.output import check_name, default_name, write_aggregate
from analysis.fetch.gdelt_engines.polars_reference import aggregate_events, run_polars
from analysis.fetch.gdelt_engines.spark_engine import (
    _import_pyspark,
    _java,
    _quiet_pyspark,
    _spark_schema,
    run_spark,
    spark_message,
    spark_session,
    spark_table,
)
from analysis.sources import gdelt_ibis

__all__ = [
    "BIGQUERY_HINT", "BIGQUERY_TABLE_NAME", "BIGQUERY_TIMEOUT", "DAY_FILE", "DEFAULT_MASTER", "ENGINES",
    "INPUT_SOURCES", "JAVA_HINT", "MONTH_FILE", "OUTPUT_DIR", "PYSPARK_HINT", "REFERENCE_ENGINE", "SOURCE",
    "AggregateResult", "BigQueryAccessError", "EngineError", "EngineUnavailableError", "ScanLimitError",
    "_api_errors", "_bigquery_modules", "_check_local", "_import_pyspark", "_java", "_log", "_network_errors",
    "_quiet_pyspark", "_retry", "_spark_schema", "_split_inputs", "_utcnow",
    "aggregate", "aggregate_events", "bigquery_client", "bigquery_sql", "check_name", "default_inputs",
    "default_name", "duckdb_table", "expand_inputs", "is_parquet", "run_bigquery", "run_duckdb", "run_events",
    "run_polars", "run_spark", "size_text", "spark_message", "spark_session", "spark_table", "write_aggregate",
]


def _event_codes(raw_dir: Path | None) -> pl.DataFrame:
    from analysis.sources import cameo

    return cameo.read(raw_dir or paths.raw_dir())


def aggregate(
    engine: str,
    inputs: Sequence[str | Path] | None,
    countries: Sequence[str] | None,
    start: dt.date,
    end: dt.date,
    *,
    master: str | None = None,
    project: str | None = None,
    max_bytes: int | None = None,
    event_codes: pl.DataFrame | None = None,
    raw_dir: Path | None = None,
    log: Callable[[str], None] = _log,
) -> AggregateResult:
    """Aggregate GDELT events per directed dyad, day / month and quad class on ``engine``.

    ``engine``: "duckdb", "spark", "bigquery" (or "polars", the reference path); ``inputs``:
    export files, Parquet files, globs or (spark) URLs, None for every GDELT file of the
    manifest (ignored by bigquery, which reads ``gdelt-bq.gdeltv2.events``); ``countries``:
    ISO3 codes (events between two different ones) or None for all pairs of states;
    ``start``, ``end``: event dates (SQLDATE), inclusive; ``master``: Spark master URL (default
    the active session, else ``local[*]``); ``project``: the Google Cloud project billed by
    BigQuery; ``max_bytes``: BigQuery refuses a query scanning more; ``event_codes``: default
    ``cameo.read(raw_dir)``. Returns an ``AggregateResult`` (polars tables).

    Raises ``EngineError`` (a ``UserError``; subclasses for a missing engine, BigQuery access
    and the scan limit) with a one-line message.
    """
    if engine not in (*ENGINES, REFERENCE_ENGINE):
        raise EngineError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if start > end:
        raise EngineError(f"reversed date range --from {start} --to {end}")
    if end > clock.today():
        raise EngineError(f"--to {end} is after today ({clock.today()}): GDELT has no events from the future")
    codes = sorted({c.strip().upper() for c in countries}) if countries is not None else None
    if codes is not None and len(codes) < 2:
        raise EngineError("--countries needs at least two states (or --all-pairs)")
    try:
        gdelt_ibis.country_map(codes)
    except ValueError as exc:
        raise EngineError(f"--countries: {exc}") from None
    if max_bytes is not None and max_bytes <= 0:
        raise EngineError(f"--max-bytes must be positive, not {max_bytes}")
    if engine != "spark" and master:
        raise EngineError("--master is for --engine spark")
    if engine != "bigquery" and (project or max_bytes is not None):
        raise EngineError("--project and --max-bytes are for --engine bigquery")
    event_codes = event_codes if event_codes is not None else _event_codes(raw_dir)
    params: dict[str, Any] = {"engine": engine, "countries": codes, "start": start.isoformat(),
                              "end": end.isoformat()}

    def build(table: Any) -> gdelt_ibis.Aggregation:
        return gdelt_ibis.aggregation(table, event_codes, codes, start, end)

    if engine == "bigquery":
        if inputs:
            raise EngineError(f"--engine bigquery reads {BIGQUERY_TABLE_NAME}; --input is for duckdb and spark")
        if not project:
            raise EngineError("--engine bigquery needs --project P: the Google Cloud project billed for the query")
        sql = bigquery_sql(event_codes, codes, start, end)
        client, bigquery = bigquery_client(project)
        rows, scanned = run_bigquery(sql, client, bigquery, max_bytes=max_bytes, log=log)
        params.update(table=BIGQUERY_TABLE_NAME, project=project, bytes_scanned=scanned, max_bytes=max_bytes)
        day, month = gdelt_ibis.split(rows)
        return AggregateResult(day, month, engine, params)
    files = expand_inputs(inputs) if inputs else default_inputs(raw_dir)
    params["inputs"] = files
    if engine == "duckdb":
        day, month = gdelt_ibis.split(run_duckdb(files, build))
    elif engine == "spark":
        params["master"] = master or DEFAULT_MASTER
        day, month = gdelt_ibis.split(run_spark(files, build, master))
    else:
        day, month = run_polars(files, event_codes, codes, start, end, raw_dir)
    return AggregateResult(day, month, engine, params)


# --------------------------------------------------------------------------- command line


def run_events(args: argparse.Namespace) -> int:
    """Run ``events aggregate`` for parsed ``args``; return 0. ``UserError``s go to the CLI's one-line handler."""
    from analysis.fetch.gdelt import resolve_countries

    if args.name is not None:
        check_name(args.name)
    countries = None if args.all_pairs else resolve_countries(args.countries)
    result = aggregate(args.engine, args.inputs, countries, args.start, args.end, master=args.master,
                       project=args.project, max_bytes=args.max_bytes)
    if result.day.height == 0:  # an empty range is an answer, not a file: nothing is written or recorded
        scope = "between " + ", ".join(result.params["countries"]) if result.params.get("countries") \
            else "between any two states"
        _log(f"events aggregate ({result.engine}): no events {scope} dated {args.start} to {args.end} in the "
             f"inputs; nothing written to {paths.raw_dir()}")
        return 0
    written = write_aggregate(result, args.name)
    for path in written:
        print(path)
    unknown = result.unknown_code_events
    note = f"; {unknown:,} events with a CAMEO code not in event_codes counted under quad_class null" if unknown else ""
    _log(f"events aggregate ({result.engine}): {result.day.height:,} dyad-day and {result.month.height:,} dyad-month "
         f"rows, {int(result.day['n_events'].sum()):,} events{note}; recorded in "
         f"{paths.raw_dir() / 'datasets' / (SOURCE + '.toml')}")
    return 0
