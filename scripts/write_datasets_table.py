"""Write the README's table of datasets from the registry (data/raw/datasets/*.toml) and the built tables.

Run after adding or changing a dataset declaration, once ``make data`` has built the tables:
``python scripts/write_datasets_table.py``. ``tests/test_readme_datasets.py`` fails when the README's table
and the registry (with the build's coverage) disagree. The table is ``site_pages.readme_table``: each shipped
dataset with the years it fills and its licence; the full table is the documentation site's datasets page.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # site_pages
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's package

import site_pages  # noqa: E402

from analysis.core import paths  # noqa: E402
from analysis.core.atomic import write_text  # noqa: E402


def main() -> int:
    """Rewrite the table in README.md; return 0."""
    readme = paths.ROOT / "README.md"
    write_text(site_pages.with_readme_table(readme.read_text(encoding="utf-8")), readme)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
