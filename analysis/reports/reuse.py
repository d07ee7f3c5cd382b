"""What a kernel keeps between the notebooks it runs: processed tables read once, and each section's computation.

A report's kernels run several notebooks one after another (``analysis.reports.kernels``), and the dyad
report computes the voting, trade and events sections that their own notebooks compute again with the same
arguments. ``load`` keeps each processed table read (polars frames are immutable), and ``remembered`` keeps the
last results of a ``prepare`` function by its arguments. Both are keyed by the processed tables' folder and
each table file's size and modification time, so a rebuilt table is read again and nothing computed from the
old one is reused. Only a process that called ``enable()`` (a report's kernel) keeps anything.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import polars as pl

from analysis.core import paths, tables

T = TypeVar("T")
_tables: dict[str, tuple[tuple, pl.DataFrame]] = {}
_enabled = False


def enable() -> None:
    """Keep tables and results from now on in this process. The report's kernels call it (``kernels.WARM_UP``);
    elsewhere (a notebook in JupyterLab, nbval, the tests) every call reads and computes afresh."""
    global _enabled
    _enabled = True


def data_version() -> tuple:
    """The processed tables' folder with each Parquet file's name, size and modification time (ns)."""
    folder = paths.processed_dir()
    try:
        entries = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder)
                         if e.name.endswith(".parquet"))
    except FileNotFoundError:
        entries = []
    return (str(folder), tuple(entries))


def _stamp(table: str) -> tuple | None:
    path = paths.processed(table)
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (str(path), st.st_size, st.st_mtime_ns)


def load(table: str) -> pl.DataFrame:
    """Processed table ``table`` as ``analysis.core.tables.load`` returns it, read once per process while the file
    is unchanged (same path, size and modification time); raises the same errors."""
    if not _enabled:
        return tables.load(table)
    stamp = _stamp(table)
    kept = _tables.get(table)
    if stamp is not None and kept is not None and kept[0] == stamp:
        return kept[1]
    frame = tables.load(table)
    if stamp is not None:
        _tables[table] = (stamp, frame)
    return frame


def _frozen(value: object) -> object:
    """``value`` as a hashable key (lists and tuples as tuples, dicts as sorted items); raises TypeError if it
    cannot be."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    hash(value)
    return value


def remembered(fn: Callable[..., T], size: int = 2) -> Callable[..., T]:
    """``fn`` keeping its last ``size`` results by its arguments (defaults filled in, lists as tuples) and the
    processed tables' ``data_version``. The result is shared: callers must not change it (the reports' ``prepare``
    results are only read). Arguments that cannot be a key (e.g. a DataFrame) skip the memory."""
    signature = inspect.signature(fn)
    kept: OrderedDict[tuple, T] = OrderedDict()

    @functools.wraps(fn)
    def wrapper(*args: object, **kwargs: object) -> T:
        if not _enabled:
            return fn(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        try:
            key = (_frozen(tuple(bound.arguments.items())), data_version())
        except TypeError:
            return fn(*args, **kwargs)
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
        result = fn(*args, **kwargs)
        kept[key] = result
        while len(kept) > size:
            kept.popitem(last=False)
        return result

    wrapper.forget = kept.clear  # type: ignore[attr-defined]
    return wrapper
