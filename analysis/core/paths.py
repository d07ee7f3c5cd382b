"""Every path the package reads or writes, in one place.

The project root is the parent of the ``analysis`` package. Three environment
variables override the defaults so tests can build into a temporary directory:

- ``UNALIGN_RAW_DIR``: raw inputs and their declarations ``datasets/`` (default ``<root>/data/raw``)
- ``UNALIGN_PROCESSED_DIR``: processed Parquet tables (default ``<root>/data/processed``)
- ``UNALIGN_REPORTS_DIR``: generated reports (default ``<root>/reports``)
- ``UNALIGN_CACHE_DIR``: the build's stage cache (default ``<processed>/.cache``)
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT: Path = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR: Path = ROOT / "notebooks"


def raw_dir() -> Path:
    """Return the directory of immutable raw inputs (holds the registry ``datasets/``)."""
    return Path(os.environ.get("UNALIGN_RAW_DIR", ROOT / "data" / "raw"))


def processed_dir() -> Path:
    """Return the directory of processed Parquet tables."""
    return Path(os.environ.get("UNALIGN_PROCESSED_DIR", ROOT / "data" / "processed"))


def reports_dir() -> Path:
    """Return the directory where reports are written."""
    return Path(os.environ.get("UNALIGN_REPORTS_DIR", ROOT / "reports"))


def cache_dir(processed: Path | None = None) -> Path:
    """Return the build's stage cache (``UNALIGN_CACHE_DIR``, default ``<processed>/.cache``)."""
    return Path(os.environ.get("UNALIGN_CACHE_DIR", (processed or processed_dir()) / ".cache"))


def registry_dir() -> Path:
    """Return the folder of dataset declarations, ``<raw>/datasets`` (``analysis.core.registry``)."""
    return raw_dir() / "datasets"


def processed(table: str) -> Path:
    """Return the Parquet path of processed table ``table`` (e.g. ``"votes"``)."""
    return processed_dir() / f"{table}.parquet"
