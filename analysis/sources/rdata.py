"""Read R data files (.rda / .RData / .rds) into polars frames with ``pyreadr``."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyreadr

from analysis.sources import SourceFormatError


def read_r_table(path: Path, name: str | None = None) -> pl.DataFrame:
    """Return the data frame ``name`` (or the only one) stored in the R file ``path``."""
    try:
        objects = pyreadr.read_r(str(path), output_format="polars")
    except pyreadr.custom_errors.PyreadrError as exc:
        raise SourceFormatError(f"{path}: cannot read as R data: {exc}") from exc
    if name is None:
        if len(objects) != 1:
            raise SourceFormatError(f"{path}: expected one object, found {list(objects)}")
        return next(iter(objects.values()))
    if name not in objects:
        raise SourceFormatError(f"{path}: no object {name!r} (found {list(objects)})")
    return objects[name]
