"""Adapters: the only code that knows a publisher's file formats, column names and codes.

Each module reads one source's raw files and returns frames in the project's schema
(``analysis.schemas``). Nothing here writes files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.core.errors import UserError

if TYPE_CHECKING:
    import polars as pl


class SourceFormatError(UserError, ValueError):
    """A raw file does not have the structure its adapter expects; the message names it."""


def read_utf8(path: Path) -> str:
    """Return the text of ``path``; raise ``SourceFormatError`` if it is missing or not UTF-8 (naming the line)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceFormatError(f"{path}: missing") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceFormatError(f"{path}: line {line}: not UTF-8 text") from None


def read_csv_text(path: Path, required: tuple[str, ...], hint: str = "") -> pl.DataFrame:
    """Read a CSV with every column as text; ``SourceFormatError`` naming the file if unreadable or a
    ``required`` column is missing (``hint`` is added to that message, e.g. where the format is documented)."""
    import polars as pl

    try:
        frame = pl.read_csv(path, infer_schema_length=0)
    except (pl.exceptions.ComputeError, OSError) as exc:
        raise SourceFormatError(f"{path}: cannot read as CSV: {exc}") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SourceFormatError(f"{path}: missing columns {missing}{hint}")
    return frame


def years_with_values(frame: pl.DataFrame) -> str:
    """For a fetched file's manifest coverage: "years with values 2015-2024", or "no values"."""
    import polars as pl

    years = frame.filter(pl.col("value_usd").is_not_null())["year"]
    return f"years with values {years.min()}-{years.max()}" if years.len() else "no values"


def accessed(citation: str, day: dt.date) -> str:
    """A fetched file's manifest citation: the publisher's citation with the access date."""
    return f"{citation}, accessed {day.isoformat()}"
