"""``events aggregate --engine duckdb``: the aggregation on an in-process DuckDB (``ibis.duckdb``) over local
GDELT exports and Parquet day partitions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from analysis.core.errors import one_line
from analysis.fetch.gdelt_engines.common import EngineError, _check_local, _split_inputs
from analysis.sources import gdelt_ibis

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
