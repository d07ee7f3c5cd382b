"""Shared fixtures: one full build per test run, into a temporary directory, shared by all workers.

``built`` builds once (with the alignment table, as ``make data`` does) and returns the
processed tables loaded back from Parquet, plus the BuildReport (key ``"report"``) and the
output directory (key ``"out"``). While it is alive, ``UNALIGN_PROCESSED_DIR`` points at
that directory, so ``analysis.core.tables.load`` and any notebook run by a test read the
freshly built tables, never ``data/processed``.

With pytest-xdist (``make test`` runs two workers), the workers share one build: each
calls the build on the same folder; the build's lock makes the second wait, and its
no-change check then reuses what the first wrote. ``UNALIGN_CACHE_DIR`` points every
build of the run (this one, and the tests' own builds into other folders) at one stage
cache, so a stage computed once (ideal points, ~20 s) is reused by the others when its
inputs are the same (``analysis.core.cache``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis.core import paths


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every xdist worker of this run sees (the parent of the workers' own temp roots)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw-data directory the package reads (``data/raw`` unless UNALIGN_RAW_DIR is set)."""
    return paths.raw_dir()


@pytest.fixture(scope="session")
def processed_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A processed directory for the whole run; UNALIGN_PROCESSED_DIR and UNALIGN_CACHE_DIR point into it."""
    shared = _shared_root(tmp_path_factory)
    out = shared / "processed"
    out.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UNALIGN_PROCESSED_DIR", str(out))
        mp.setenv("UNALIGN_CACHE_DIR", str(shared / "stage-cache"))
        yield out


@pytest.fixture(scope="session")
def built(processed_dir: Path, raw_dir: Path) -> dict[str, Any]:
    """Build once per run; return {table name: DataFrame, "report": BuildReport, "out": Path}.

    ``report`` is the report of the build that wrote the tables, also when this worker found
    them already built (``analysis.build.last_report``).
    """
    from analysis import build

    report = build.build(raw=raw_dir, out=processed_dir)
    if report.unchanged:
        report = build.last_report(processed_dir)
    assert paths.processed_dir() == processed_dir
    tables: dict[str, Any] = {name: build.load(name) for name in build.TABLES}
    tables["report"] = report
    tables["out"] = processed_dir
    return tables
