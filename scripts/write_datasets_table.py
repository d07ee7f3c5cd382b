"""Write the README's table of datasets from the registry (data/raw/datasets/*.toml).

Run after adding or changing a dataset declaration: ``python scripts/write_datasets_table.py``.
``tests/test_readme_datasets.py`` fails when the README's table and the registry disagree.
"""

from __future__ import annotations

from analysis.core import paths, registry
from analysis.core.atomic import write_text


def main() -> int:
    """Rewrite the table in README.md; return 0."""
    readme = paths.ROOT / "README.md"
    write_text(registry.with_table(readme.read_text(encoding="utf-8")), readme)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
