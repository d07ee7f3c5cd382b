"""``events aggregate --engine spark``: the aggregation on a Spark session (``ibis.pyspark``), local or on a
cluster; the session, the input table and Spark's errors in one line."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from analysis.core.errors import one_line
from analysis.fetch.gdelt_engines.common import (
    DEFAULT_MASTER,
    JAVA_HINT,
    PYSPARK_HINT,
    EngineError,
    EngineUnavailableError,
    _split_inputs,
)
from analysis.sources import gdelt_ibis


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
