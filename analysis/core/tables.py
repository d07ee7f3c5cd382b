"""Loading the processed tables: the one place every layer reads ``data/processed`` from."""

from __future__ import annotations

import polars as pl

from analysis.core import paths
from analysis.core.errors import DamagedTableError, MissingTableError


def load(table: str) -> pl.DataFrame:
    """Return processed table ``table`` (e.g. ``"votes"``) from ``paths.processed_dir()``.

    Raises ``MissingTableError`` (a ``FileNotFoundError``) saying how to build it, or
    ``DamagedTableError`` when the file cannot be read as Parquet (e.g. truncated).
    """
    return collect(table, scan(table))


def load_where(table: str, predicate: pl.Expr, columns: list[str] | None = None) -> pl.DataFrame:
    """Return the rows of processed table ``table`` that satisfy ``predicate``, optionally only ``columns``.

    Read lazily (only those rows and columns are materialised). Raises the same errors as :func:`load`.
    """
    frame = scan(table).filter(predicate)
    return collect(table, frame.select(columns) if columns else frame)


def exists(table: str) -> bool:
    """True when processed table ``table`` has been built."""
    return paths.processed(table).exists()


def scan(table: str) -> pl.LazyFrame:
    """Return processed table ``table`` as a lazy scan (nothing read until collected with :func:`collect`).

    Raises ``MissingTableError`` saying how to build it when the file is not there.
    """
    path = paths.processed(table)
    if not path.exists():
        raise MissingTableError(f"{path} not found: run `python -m analysis build` (or `make data`) first")
    try:
        return pl.scan_parquet(path)
    except (pl.exceptions.ComputeError, OSError) as exc:
        raise _damaged(table, exc) from None


def collect(table: str, query: pl.LazyFrame) -> pl.DataFrame:
    """Collect ``query`` (a scan of ``table`` from :func:`scan`, filtered and projected).

    Raises ``DamagedTableError`` naming the file when it cannot be read as Parquet.
    """
    try:
        return query.collect()
    except (pl.exceptions.ComputeError, OSError) as exc:
        raise _damaged(table, exc) from None


def _damaged(table: str, exc: Exception) -> DamagedTableError:
    reason = " ".join(str(exc).split())[:200]
    return DamagedTableError(f"{paths.processed(table)} cannot be read ({reason}); rebuild it with "
                             f"`python -m analysis build` (or `make data`)")
