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
    path = paths.processed(table)
    if not path.exists():
        raise MissingTableError(f"{path} not found: run `python -m analysis build` (or `make data`) first")
    try:
        return pl.read_parquet(path)
    except (pl.exceptions.ComputeError, OSError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise DamagedTableError(f"{path} cannot be read ({reason}); rebuild it with `python -m analysis build` "
                                f"(or `make data`)") from None


def load_where(table: str, predicate: pl.Expr, columns: list[str] | None = None) -> pl.DataFrame:
    """Return the rows of processed table ``table`` that satisfy ``predicate``, optionally only ``columns``.

    Read lazily (only those rows and columns are materialised). Raises the same errors as :func:`load`.
    """
    path = paths.processed(table)
    if not path.exists():
        raise MissingTableError(f"{path} not found: run `python -m analysis build` (or `make data`) first")
    try:
        frame = pl.scan_parquet(path).filter(predicate)
        return (frame.select(columns) if columns else frame).collect()
    except (pl.exceptions.ComputeError, OSError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise DamagedTableError(f"{path} cannot be read ({reason}); rebuild it with `python -m analysis build` "
                                f"(or `make data`)") from None
