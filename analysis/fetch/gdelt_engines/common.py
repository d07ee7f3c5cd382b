"""What every engine of ``events aggregate`` shares: names, errors, the result, and the inputs it reads.

The aggregation itself is ``analysis.sources.gdelt_ibis``; ``analysis.fetch.gdelt_engines`` runs it (see
its docstring). This module holds the engines' constants, their one-line errors (``UserError``s), the
``AggregateResult`` they return, and how input paths, globs and folders become the list of files an engine
reads.
"""

from __future__ import annotations

import datetime as dt
import glob
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analysis.core import clock, paths
from analysis.core import manifest as manifest_edit
from analysis.core.errors import UserError
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
