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
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import glob
import os
import re
import shutil
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analysis.core import clock, paths
from analysis.core import manifest as manifest_edit
from analysis.core.atomic import write_all_parquet, write_text
from analysis.core.errors import UserError, one_line
from analysis.sources import gdelt as gdelt_source
from analysis.sources import gdelt_ibis

ENGINES = ("duckdb", "spark", "bigquery")
#: The reference path (the adapter's event rows aggregated with polars, in memory); not offered on the command line.
REFERENCE_ENGINE = "polars"
DEFAULT_MASTER = "local[*]"
SOURCE = "gdelt-aggregates"
OUTPUT_DIR = "gdelt-aggregates"
DAY_FILE = "dyad_day.parquet"
MONTH_FILE = "dyad_month.parquet"
BIGQUERY_TABLE_NAME = ".".join(gdelt_ibis.BIGQUERY_TABLE)
#: Manifest sources whose files are the default inputs of duckdb and spark.
INPUT_SOURCES = (gdelt_source.SOURCE, gdelt_source.SOURCE_FETCHED)
PYSPARK_HINT = "pip install pyspark"
JAVA_HINT = "apt-get install openjdk-17-jre-headless"
BIGQUERY_HINT = "pip install 'unalign[bigquery]'"
#: Seconds BigQuery calls may take (retries included) before the run gives up as offline.
BIGQUERY_TIMEOUT = 60.0
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")


class EngineError(UserError):
    """An aggregation that cannot run as asked: bad arguments, unreadable input, an engine's failure."""


class EngineUnavailableError(EngineError):
    """The engine's software is missing: pyspark, Java, or the BigQuery client."""


class BigQueryAccessError(EngineError):
    """BigQuery cannot be used from here: no credentials, no network, or the request was refused."""


class ScanLimitError(EngineError):
    """The BigQuery query would scan more bytes than ``--max-bytes`` allows."""


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)




def _utcnow() -> dt.datetime:
    return clock.utcnow()


def size_text(n: int) -> str:
    """Return ``n`` bytes in decimal units as BigQuery shows them (``1.23 GB``)."""
    for unit, scale in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= scale:
            return f"{n / scale:.2f} {unit}"
    return f"{n} B"


# --------------------------------------------------------------------------- result


@dataclass
class AggregateResult:
    """The two tables of one aggregation and how they were made.

    ``day``: ``gdelt_ibis.DAY_SCHEMA`` (date, source_iso3, target_iso3, quad_class, n_events,
    goldstein_sum, goldstein_mean, n_source_urls); ``month``: the same with ``month``; both
    sorted by their keys. ``params``: engine, countries (None = all pairs), start, end,
    inputs (or table), master / project, and for BigQuery the dry run's ``bytes_scanned``.
    """

    day: pl.DataFrame
    month: pl.DataFrame
    engine: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def unknown_code_events(self) -> int:
        """Events whose CAMEO code is not in ``event_codes`` (counted under quad_class null)."""
        return int(self.day.filter(pl.col("quad_class").is_null())["n_events"].sum() or 0)


# --------------------------------------------------------------------------- inputs


def default_inputs(raw_dir: Path | None = None) -> list[str]:
    """Return every GDELT file of the manifest (sources ``gdelt`` and ``gdelt-events``), as paths."""
    raw_dir = raw_dir or paths.raw_dir()
    files = [p for source in INPUT_SOURCES for p in manifest_edit.files_of(source, raw_dir)]
    missing = [p for p in files if not p.exists()]
    if missing:
        raise EngineError(f"{missing[0]}: listed in {raw_dir / 'datasets'} but missing; restore it or pass --input")
    if not files:
        raise EngineError(f"no GDELT files declared in {raw_dir / 'datasets'}: run "
                          f"`python -m analysis fetch gdelt ...` or pass --input PATH")
    return [str(p) for p in files]


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")
                  and (p.name.lower().endswith(".parquet") or p.name.endswith(".export.CSV")))


def expand_inputs(inputs: Sequence[str | Path]) -> list[str]:
    """Return the files of ``inputs``: local paths and globs (``**`` recursive) expanded, URLs kept as given.

    A local folder stands for its ``*.parquet`` and ``*.export.CSV`` files, at any depth (e.g.
    ``data/raw/gdelt/events/IRN-PAK``, the day partitions of ``fetch gdelt``). Hidden files
    (the fetcher's staging parts) are skipped. Raises ``EngineError`` naming a local path or
    pattern that matches no file.
    """
    out: list[str] = []
    for item in inputs:
        text = str(item)
        if _REMOTE.match(text) and not text.startswith("file://"):
            out.append(text)
            continue
        local = text.removeprefix("file://")
        matches = sorted(glob.glob(local, recursive=True)) if glob.has_magic(local) else [local]
        matches = [f for m in matches for f in (_files_under(Path(m)) if Path(m).is_dir() else [m])]
        files = [m for m in matches if Path(m).is_file() and not Path(m).name.startswith(".")]
        if not files:
            raise EngineError(f"--input {text}: no such file" + (" matches" if glob.has_magic(local) else ""))
        out.extend(files)
    return list(dict.fromkeys(out))


def is_parquet(path: str) -> bool:
    """Return True for a Parquet input (name ending ``.parquet``); anything else is read as a GDELT export."""
    return path.rstrip("/").lower().endswith(".parquet")


def _split_inputs(inputs: Sequence[str]) -> tuple[list[str], list[str]]:
    return [p for p in inputs if not is_parquet(p)], [p for p in inputs if is_parquet(p)]


def _check_local(paths_: Sequence[str], engine: str) -> None:
    remote = [p for p in paths_ if _REMOTE.match(p) and not p.startswith("file://")]
    if remote:
        raise EngineError(f"--engine {engine} reads local files; {remote[0]} needs --engine spark "
                          f"(with --master pointing at a cluster that can read it)")


# --------------------------------------------------------------------------- duckdb

_DUCKDB_TYPES = {"int64": "BIGINT", "float64": "DOUBLE", "string": "VARCHAR"}


def _duckdb_error() -> tuple[type[BaseException], ...]:
    import duckdb

    return (duckdb.Error,)


def duckdb_table(con: Any, inputs: Sequence[str]) -> Any:
    """Return one Ibis table (``NEEDED_COLUMNS``) over the export and Parquet files ``inputs`` in DuckDB ``con``."""
    csvs, parquets = _split_inputs(inputs)
    parts = []
    if csvs:  # GDELT exports: tab-separated, no header, no quoting, the 61 columns with explicit types
        parts.append(con.read_csv(csvs, columns={c: _DUCKDB_TYPES[t] for c, t in gdelt_ibis.GDELT_COLUMNS.items()},
                                  delim="\t", header=False, quote="", escape="", auto_detect=False))
    if parquets:
        parts.append(con.read_parquet(parquets, hive_partitioning=False, union_by_name=True))
    tables = [gdelt_ibis.event_columns(p) for p in parts]
    return tables[0] if len(tables) == 1 else tables[0].union(*tables[1:], distinct=False)


def run_duckdb(inputs: Sequence[str], build: Callable[[Any], gdelt_ibis.Aggregation]) -> pl.DataFrame:
    """Run ``build(table).combined()`` on an in-process DuckDB over ``inputs``; return the combined rows."""
    import ibis

    _check_local(inputs, "duckdb")
    con = ibis.duckdb.connect()
    try:
        return con.to_polars(build(duckdb_table(con, inputs)).combined())
    except _duckdb_error() as exc:
        raise EngineError(f"duckdb: {one_line(str(exc).split('Possible fixes')[0])}") from None
    finally:
        con.disconnect()


# --------------------------------------------------------------------------- spark


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _import_pyspark() -> Any:
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineUnavailableError(f"--engine spark needs pyspark: {PYSPARK_HINT} "
                                     f"(and Java 17: {JAVA_HINT})") from None
    return SparkSession


@contextlib.contextmanager
def _quiet_pyspark() -> Iterator[None]:
    with warnings.catch_warnings():  # pyspark 4's pandas helpers (imported by Ibis) warn that pandas 3 is new to them
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"pyspark(\..*)?")
        yield


def spark_session(master: str | None = None) -> tuple[Any, bool]:
    """Return (the active SparkSession or a new one on ``master``, whether it was created here).

    Raises ``EngineUnavailableError`` with what to install when pyspark or Java is missing.
    """
    session_cls = _import_pyspark()
    active = session_cls.getActiveSession()
    if active is not None:
        return active, False
    if _java() is None:
        raise EngineUnavailableError(f"--engine spark needs Java 17: {JAVA_HINT} (or set JAVA_HOME)")
    master = master or DEFAULT_MASTER
    builder = (session_cls.builder.master(master).appName("unalign events aggregate")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.showConsoleProgress", "false"))
    if master.startswith("local"):
        builder = builder.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: Java missing or broken, or the master unreachable
        text = one_line(exc)
        if any(k in text for k in ("JAVA_GATEWAY", "Java gateway", "JAVA_HOME", "java: not found")):
            raise EngineUnavailableError(f"--engine spark: Java did not start ({text}); install Java 17: "
                                         f"{JAVA_HINT}") from None
        raise EngineError(f"spark: cannot start a session on {master}: {text}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session, True


def _spark_schema() -> Any:
    from pyspark.sql import types as T

    kinds = {"int64": T.LongType(), "float64": T.DoubleType(), "string": T.StringType()}
    return T.StructType([T.StructField(c, kinds[t], True) for c, t in gdelt_ibis.GDELT_COLUMNS.items()])


_CSV_PRUNING = "spark.sql.csv.parser.columnPruning.enabled"


def spark_table(con: Any, session: Any, inputs: Sequence[str]) -> Any:
    """Return one Ibis table (``NEEDED_COLUMNS``) over export and Parquet ``inputs`` read by ``session``."""
    csvs, parquets = _split_inputs(inputs)
    frames = []
    if csvs:  # quote "" turns quoting off, as GDELT's exports have none; FAILFAST stops at a malformed line
        frames.append(session.read.csv(csvs, schema=_spark_schema(), sep="\t", header=False, quote="",
                                       mode="FAILFAST", encoding="UTF-8"))
    if parquets:
        frames.append(session.read.parquet(*parquets))
    tables = []
    for k, frame in enumerate(frames):
        view = f"unalign_gdelt_input_{k}"
        frame.createOrReplaceTempView(view)
        tables.append(gdelt_ibis.event_columns(con.table(view)))
    return tables[0] if len(tables) == 1 else tables[0].union(*tables[1:], distinct=False)


_SPARK_ERROR = re.compile(r"(?:Exception|Error): (\[[A-Z_.]+\].*)$")
_JAVA_ERROR = re.compile(r"^(?:Caused by: |: )?(?:[\w$]+\.)*(\w+(?:Exception|Error)): (.+)$")


def spark_message(exc: BaseException) -> str:
    """Return the informative part of a Spark error in one line: the file it read and the root cause.

    A failed job surfaces in Python as a Java stack trace ("An error occurred while calling
    o58.getResult" and some hundred lines); Spark's classified messages (``[ERROR_CLASS] ...``)
    name what went wrong.
    """
    text = str(exc)
    found = [m.group(1).strip() for line in text.splitlines() if (m := _SPARK_ERROR.search(line.strip()))]
    if not found:  # an unclassified Java exception: its class (without the package) and message
        found = [f"{m.group(1)}: {m.group(2)}" for line in text.splitlines() if (m := _JAVA_ERROR.match(line.strip()))]
    if not found:
        return one_line(text.splitlines()[0] if text else type(exc).__name__)
    parts = [m for m in found if "reading file" in m][:1] + [found[-1]]
    if "No FileSystem for scheme" in text:
        parts.append("the session needs the connector: hadoop-aws for s3a://, the GCS connector for gs://")
    return one_line("; ".join(dict.fromkeys(parts)))


def run_spark(inputs: Sequence[str], build: Callable[[Any], gdelt_ibis.Aggregation],
              master: str | None = None) -> pl.DataFrame:
    """Run ``build(table).combined()`` on Spark (the active session, or a new one on ``master``); return the rows.

    A session created here is stopped at the end; an active one (a test's, a notebook's) is kept.
    """
    with _quiet_pyspark():
        session, created = spark_session(master)
        try:
            import ibis

            con = ibis.pyspark.connect(session)
            pruning = session.conf.get(_CSV_PRUNING, "true")
            # parse every field of a line, so that FAILFAST sees a line without 61 fields (pruned, it would pass)
            session.conf.set(_CSV_PRUNING, "false")
            try:
                # Ibis compiles the expression to Spark SQL; Spark hands the rows over as Arrow (no pandas)
                sql = con.compile(build(spark_table(con, session, inputs)).combined())
                table = session.sql(sql).toArrow()
            except Exception as exc:
                from pyspark.errors import PySparkException

                py4j_error: tuple[type[BaseException], ...] = ()
                with contextlib.suppress(ImportError):
                    from py4j.protocol import Py4JJavaError

                    py4j_error = (Py4JJavaError,)
                if isinstance(exc, (PySparkException, *py4j_error)):
                    raise EngineError(f"spark: {spark_message(exc)}") from None
                raise
            finally:
                session.conf.set(_CSV_PRUNING, pruning)
            return pl.from_arrow(table)
        finally:
            if created:
                session.stop()


# --------------------------------------------------------------------------- bigquery


def bigquery_sql(event_codes: pl.DataFrame, countries: Sequence[str] | None, start: dt.date, end: dt.date) -> str:
    """Return the BigQuery SQL of the aggregation over ``gdelt-bq.gdeltv2.events`` (compiled by Ibis, no client)."""
    import ibis

    agg = gdelt_ibis.aggregation(gdelt_ibis.bigquery_table(), event_codes, countries, start, end)
    return ibis.to_sql(agg.combined(), dialect="bigquery").strip() + "\n"


def _bigquery_modules() -> tuple[Any, Any]:
    """Return (google.cloud.bigquery, google.auth); ``EngineUnavailableError`` when the client is not installed."""
    try:
        import google.auth
        from google.cloud import bigquery
    except ImportError:
        raise EngineUnavailableError(f"--engine bigquery needs the Google BigQuery client: {BIGQUERY_HINT}") from None
    return bigquery, google.auth


def bigquery_client(project: str) -> tuple[Any, Any]:
    """Return (a ``bigquery.Client`` billing ``project``, the bigquery module), credentials from the environment.

    Raises ``EngineUnavailableError`` without the client package and ``BigQueryAccessError``
    without credentials.
    """
    bigquery, auth = _bigquery_modules()
    from google.auth import exceptions as auth_errors

    try:
        credentials, _ = auth.default(scopes=["https://www.googleapis.com/auth/bigquery"])
    except auth_errors.DefaultCredentialsError:
        raise BigQueryAccessError(
            "--engine bigquery: no Google credentials found; run `gcloud auth application-default login` or set "
            "GOOGLE_APPLICATION_CREDENTIALS to a service-account key file") from None
    return bigquery.Client(project=project, credentials=credentials), bigquery


def _network_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError, TimeoutError]
    with contextlib.suppress(ImportError):
        import requests

        errors += [requests.ConnectionError, requests.Timeout]
    with contextlib.suppress(ImportError):
        from google.auth import exceptions as auth_errors

        errors.append(auth_errors.TransportError)
    with contextlib.suppress(ImportError):
        from google.api_core import exceptions as api_errors

        errors.append(api_errors.RetryError)
    return tuple(errors)


def _api_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    with contextlib.suppress(ImportError):
        from google.api_core import exceptions as api_errors

        errors.append(api_errors.GoogleAPIError)
    with contextlib.suppress(ImportError):
        from google.auth import exceptions as auth_errors

        errors.append(auth_errors.GoogleAuthError)
    return tuple(errors)


def _retry(bigquery: Any) -> Any:
    retry = getattr(bigquery, "DEFAULT_RETRY", None)
    if retry is None:
        return None
    limit = getattr(retry, "with_timeout", None) or getattr(retry, "with_deadline", None)
    return limit(BIGQUERY_TIMEOUT) if limit else retry


def run_bigquery(sql: str, client: Any, bigquery: Any, *, max_bytes: int | None = None,
                 log: Callable[[str], None] = _log) -> tuple[pl.DataFrame, int]:
    """Dry-run ``sql``, print its scan size, refuse it above ``max_bytes``, else run it; return (rows, bytes).

    Raises ``ScanLimitError`` (nothing is run) when the dry run reports more than ``max_bytes``,
    ``BigQueryAccessError`` when BigQuery cannot be reached or refuses the request.
    """
    network, api = _network_errors(), _api_errors()
    retry = _retry(bigquery)
    extra = {"retry": retry} if retry is not None else {}
    try:
        dry = client.query(sql, job_config=bigquery.QueryJobConfig(dry_run=True, use_query_cache=False),
                           timeout=BIGQUERY_TIMEOUT, **extra)
        scanned = int(dry.total_bytes_processed or 0)
        log(f"events aggregate: BigQuery dry run: the query will scan {size_text(scanned)} ({scanned:,} bytes) of "
            f"{BIGQUERY_TABLE_NAME}")
        if max_bytes is not None and scanned > max_bytes:
            raise ScanLimitError(f"the BigQuery query would scan {scanned:,} bytes ({size_text(scanned)}), more than "
                                 f"--max-bytes {max_bytes:,}; nothing was run (raise --max-bytes or narrow the query)")
        config = bigquery.QueryJobConfig(maximum_bytes_billed=max_bytes) if max_bytes else bigquery.QueryJobConfig()
        job = client.query(sql, job_config=config, timeout=BIGQUERY_TIMEOUT, **extra)
        table = job.result().to_arrow()
    except ScanLimitError:
        raise
    except network as exc:
        raise BigQueryAccessError(f"--engine bigquery: cannot reach BigQuery (offline?): "
                                  f"{one_line(exc, 160)}") from None
    except api as exc:
        raise BigQueryAccessError(f"--engine bigquery: {one_line(getattr(exc, 'message', None) or exc)}") from None
    return pl.from_arrow(table), scanned


# --------------------------------------------------------------------------- polars reference


def aggregate_events(events: pl.DataFrame, countries: Sequence[str] | None, start: dt.date,
                     end: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (dyad-day, dyad-month) from an ``events`` table (dataset gdelt) with polars: the reference path.

    The rows the adapter made (``analysis.sources.gdelt.read_events``): events between two
    different states (both among ``countries`` unless None) dated ``start``..``end``; the same
    columns and the same exact arithmetic (weights summed in tenths) as ``gdelt_ibis``.
    """
    keep = ((pl.col("dataset") == gdelt_source.DATASET) & pl.col("source_iso3").is_not_null()
            & pl.col("target_iso3").is_not_null() & (pl.col("source_iso3") != pl.col("target_iso3"))
            & pl.col("date").is_between(start, end))
    if countries is not None:
        wanted = pl.Series([c.upper() for c in countries], dtype=pl.String).implode()
        keep &= pl.col("source_iso3").is_in(wanted) & pl.col("target_iso3").is_in(wanted)
    rows = events.filter(keep).with_columns(
        pl.col("date").dt.truncate("1mo").alias("month"),
        (pl.col("goldstein") * 10).round().cast(pl.Int64).alias("tenths"),
    )
    out = []
    for period, schema in (("date", gdelt_ibis.DAY_SCHEMA), ("month", gdelt_ibis.MONTH_SCHEMA)):
        grouped = rows.group_by(period, "source_iso3", "target_iso3", "quad_class").agg(
            pl.len().alias("n_events"),
            pl.col("tenths").sum().alias("tenths"),
            pl.col("tenths").count().alias("n_weighted"),
            pl.col("citation").drop_nulls().n_unique().alias("n_source_urls"),
        ).with_columns(
            # divided by a column of tens, not the literal: polars turns ``x / 10.0`` into ``x * 0.1``, which is
            # not correctly rounded (28 * 0.1 = 2.8000000000000003); SQL engines divide
            pl.when(pl.col("n_weighted") > 0)
            .then(pl.col("tenths").cast(pl.Float64) / (pl.col("n_events") * 0 + 10).cast(pl.Float64))
            .alias("goldstein_sum"),
            pl.when(pl.col("n_weighted") > 0)
            .then(pl.col("tenths").cast(pl.Float64) / (pl.col("n_weighted") * 10).cast(pl.Float64))
            .alias("goldstein_mean"),
        )
        out.append(gdelt_ibis.conform_output(grouped, schema))
    return out[0], out[1]


def run_polars(inputs: Sequence[str], event_codes: pl.DataFrame, countries: Sequence[str] | None, start: dt.date,
               end: dt.date, raw_dir: Path | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The reference path: read ``inputs`` with the adapter (``gdelt.read_events``), aggregate with polars."""
    _check_local(inputs, REFERENCE_ENGINE)
    events = gdelt_source.read_events(raw_dir or paths.raw_dir(), event_codes, files=[Path(p) for p in inputs])
    return aggregate_events(events, countries, start, end)


# --------------------------------------------------------------------------- the one entry point


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


# --------------------------------------------------------------------------- output


def default_name(engine: str, countries: Sequence[str] | None, start: dt.date, end: dt.date) -> str:
    """Return ``<engine>_<A-B|all>_<from>_<to>`` (countries sorted, joined by '-')."""
    scope = "-".join(sorted({c.upper() for c in countries})) if countries else "all"
    return f"{engine}_{scope}_{start.isoformat()}_{end.isoformat()}"


def _shown(path: str, raw_dir: Path) -> str:
    with contextlib.suppress(ValueError):
        return Path(path).resolve().relative_to(raw_dir.resolve()).as_posix()
    return path


def _origin(result: AggregateResult, raw_dir: Path, level: str) -> str:
    p = result.params
    scope = (f"events between two different states among {', '.join(p['countries'])}" if p.get("countries")
             else "events between any two different states (all pairs)")
    if result.engine == "bigquery":
        where = (f"BigQuery table {p['table']}, billed to project {p['project']}; dry run: "
                 f"{p['bytes_scanned']:,} bytes scanned" + (f", --max-bytes {p['max_bytes']:,}" if p.get("max_bytes")
                                                           else ""))
    else:
        files = [_shown(f, raw_dir) for f in p.get("inputs", [])]
        listed = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        where = f"{len(files)} GDELT 2.0 Events file(s): {listed}"
        if result.engine == "spark":
            where += f"; Spark master {p['master']}"
    return (f"engine {result.engine}: python -m analysis events aggregate (analysis.fetch.gdelt_engines, one Ibis "
            f"expression, analysis.sources.gdelt_ibis) over {where}; parameters: {scope}, event dates (SQLDATE) "
            f"{p['start']} to {p['end']}, engine {result.engine}; dyad-{level} counts per CAMEO quad class; "
            f"run {_utcnow():%Y-%m-%dT%H:%M:%SZ}")


def _coverage(frame: pl.DataFrame, period: str, result: AggregateResult) -> str:
    if frame.height == 0:
        return (f"0 rows: no events between the chosen states dated {result.params['start']} to "
                f"{result.params['end']} in the inputs; columns {', '.join(frame.columns)}")
    dyads = frame.select("source_iso3", "target_iso3").unique().height
    unknown = int(frame.filter(pl.col("quad_class").is_null())["n_events"].sum() or 0)
    note = f"; {unknown:,} events with a CAMEO code not in event_codes under quad_class null" if unknown else ""
    return (f"{frame.height:,} rows (directed dyad x {'day' if period == 'date' else 'month'} x quad class), "
            f"{dyads:,} directed dyads, {int(frame['n_events'].sum()):,} events, {period} {frame[period].min()} to "
            f"{frame[period].max()}{note}; columns {', '.join(frame.columns)}")


def check_name(name: str) -> str:
    """Return ``name`` if it is a plain folder name; ``EngineError`` otherwise."""
    if not _NAME.match(name) or name in {".", ".."}:
        raise EngineError(f"--name {name!r}: use letters, digits, '.', '_', '+' and '-' only (a folder name)")
    return name


def write_aggregate(result: AggregateResult, name: str | None = None, raw_dir: Path | None = None) -> list[Path]:
    """Write ``dyad_day.parquet`` and ``dyad_month.parquet`` under ``<raw>/gdelt-aggregates/<name>/`` and their
    manifest entries (replacing entries of the same paths); return the two paths.

    Both files are written to temporary files and renamed together, then the manifest is
    rewritten atomically. Raises ``EngineError`` for a name that is not a plain folder name.
    """
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    p = result.params
    name = name or default_name(result.engine, p.get("countries"), dt.date.fromisoformat(p["start"]),
                                dt.date.fromisoformat(p["end"]))
    check_name(name)
    folder = raw_dir / OUTPUT_DIR / name
    clock.refuse_future(result.month, "month", file=folder / MONTH_FILE,
                        row=pl.format("the row {} -> {}", "source_iso3", "target_iso3"), what="month")
    targets = {folder / DAY_FILE: result.day, folder / MONTH_FILE: result.month}
    try:
        write_all_parquet(targets)
    except OSError as exc:
        raise EngineError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    entries = []
    for (target, frame), (level, period) in zip(targets.items(), (("day", "date"), ("month", "month")), strict=True):
        entries.append({
            "path": target.relative_to(raw_dir).as_posix(),
            "source": SOURCE,
            "origin": _origin(result, raw_dir, level),
            "coverage": _coverage(frame, period, result),
            "sha256": manifest_edit.sha256_of(target),
            "bytes": target.stat().st_size,
        })
    for path, text in manifest_edit.recorded(entries, raw_dir).items():
        write_text(text, path)
    return list(targets)


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
