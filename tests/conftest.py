"""Shared fixtures: one full build per test session, into a temporary directory.

``built`` runs ``analysis.build.build`` once (with the alignment table, as ``make data``
does) and returns the processed tables loaded back from Parquet, plus the BuildReport
(key ``"report"``) and the output directory (key ``"out"``). While it is alive,
``UNALIGN_PROCESSED_DIR`` points at that directory, so ``analysis.build.load`` and any
notebook run by a test read the freshly built tables, never ``data/processed``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis import paths


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw-data directory the package reads (``data/raw`` unless UNALIGN_RAW_DIR is set)."""
    return paths.raw_dir()


@pytest.fixture(scope="session")
def processed_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A session-wide processed directory; UNALIGN_PROCESSED_DIR points at it until the session ends."""
    out = tmp_path_factory.mktemp("processed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UNALIGN_PROCESSED_DIR", str(out))
        yield out


@pytest.fixture(scope="session")
def built(processed_dir: Path, raw_dir: Path) -> dict[str, Any]:
    """Build once per session; return {table name: DataFrame, "report": BuildReport, "out": Path}."""
    from analysis import build

    report = build.build(raw=raw_dir, out=processed_dir)
    assert paths.processed_dir() == processed_dir
    tables: dict[str, Any] = {name: build.load(name) for name in build.TABLES}
    tables["report"] = report
    tables["out"] = processed_dir
    return tables
