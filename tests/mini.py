"""The unit tests' small build: the mini-raw fixture built once per test run.

``tests/fixtures/mini-raw`` is a cut of the real raw data (``scripts/make_test_raw.py``: a few
years and states of every dataset, real rows only, with its own registry). ``mini_built``
builds it once per run into a folder every xdist worker of the run shares (the parent of the
workers' temporary roots, as ``tests/conftest.py`` does for the full build): the build's lock
makes a second worker wait, and its no-change check then reuses the tables the first wrote.

Every test module can ask for it (tests/conftest.py imports it). It returns
``{table name: DataFrame, "out": Path, "raw": Path, "report": BuildReport, "cache": Path}``; ``cache`` is the
build's stage cache (``<out>/.cache``, whatever ``UNALIGN_CACHE_DIR`` says), so a test can build the cut again
reusing its stages. It does not set
``UNALIGN_PROCESSED_DIR`` (the run's full build, ``processed_dir`` in ``tests/conftest.py``,
owns it): read the mini tables from the frames returned, or from ``out``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from analysis.core import paths

#: The fixture: a cut of ``data/raw`` with its own ``datasets/`` declarations.
MINI_RAW = paths.ROOT / "tests" / "fixtures" / "mini-raw"

_built: dict[Path, dict[str, Any]] = {}  # one build per process, also when several modules import the fixture


def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every xdist worker of this run sees (the parent of the workers' own temporary roots)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[], Any], what: str) -> Any:
    """Return ``make()``, computed once per run for every xdist worker: the first worker to take the lock
    ``<name>.lock`` in ``shared_root`` calls it and keeps the result (pickled in ``<name>.pickle``); the others wait
    and read it. An exception is kept too, so that every worker fails with the same message (``what`` says what
    could not be made) instead of the next one trying again."""
    import pickle

    from filelock import FileLock

    from analysis.core.atomic import write_with

    shared = shared_root(tmp_path_factory)
    kept = shared / f"{name}.pickle"
    with FileLock(str(shared / f"{name}.lock")):
        if not kept.exists():
            try:
                found: Any = make()
            except Exception as exc:  # noqa: BLE001 - kept for the other workers, raised below in each
                found = _Failed(f"{type(exc).__name__}: {exc}")
            write_with(lambda tmp: Path(tmp).write_bytes(pickle.dumps(found)), kept)
    found = pickle.loads(kept.read_bytes())
    assert not isinstance(found, _Failed), f"{what}: {found.message}"
    return found


@dataclass(frozen=True)
class _Failed:
    """What ``once_per_run`` keeps when ``make`` raised: the exception's type and message."""

    message: str


def build_mini(out: Path, raw: Path = MINI_RAW) -> dict[str, Any]:
    """Build ``raw`` (default the mini fixture) into ``out``, once per process, with its stage cache in
    ``out/.cache``; return the tables (see the module docstring)."""
    if out not in _built:
        from analysis import build

        stage_cache = out / ".cache"
        with pytest.MonkeyPatch.context() as mp:  # the run's full build owns UNALIGN_CACHE_DIR: not for the cut
            mp.setenv("UNALIGN_CACHE_DIR", str(stage_cache))
            report = build.build(raw=raw, out=out)
        if report.unchanged:
            report = build.last_report(out)
        tables: dict[str, Any] = {name: pl.read_parquet(out / f"{name}.parquet") for name in build.TABLES}
        tables.update(out=out, raw=raw, report=report, cache=stage_cache)
        _built[out] = tables
    return _built[out]


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The mini fixture built once per run: {table name: DataFrame, "out": Path, "raw": Path, "report": BuildReport}."""
    return build_mini(shared_root(tmp_path_factory) / "mini-processed")
