"""The datasets tables are generated from the registry and current, and each citation is written once.

The README's table (``scripts/write_datasets_table.py``) gives each shipped dataset with the years it fills in the
built tables and its licence; the documentation site's datasets page (``scripts/gen_site.py``) has the full table
with versions, files and citations, generated at every ``make docs``.
"""

from __future__ import annotations

from analysis.core import paths, registry
from scripts import site_pages

SEARCHED = (".py", ".md", ".toml", ".ipynb", ".yml", ".cff")
NOT_SEARCHED = ("data/raw/datasets/", "tests/fixtures/mini-raw/datasets/")  # the declarations and their generated cut


def test_readme_table_is_the_registry_s(built):
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert site_pages.with_readme_table(readme, built["out"]) == readme, "run: python scripts/write_datasets_table.py"


def test_readme_table_has_a_row_per_shipped_dataset_and_names_the_fetched_ones(built):
    table = site_pages.readme_table(built["out"]).splitlines()
    declared = registry.load()
    rows = [line for line in table if line.startswith("| [")]
    shipped = [d for d in declared.values() if d.files]
    assert [r.split("](")[0][3:] for r in rows] == [d.short for d in shipped]
    fetched_line = next(line for line in table if line.startswith("—: no dated rows"))
    for d in declared.values():
        assert (f"[{d.short}]({d.url})" in fetched_line) == (not d.files), d.id
    # the years come from the build: the IMF DOTS workbooks hold 1960-2020 (their first and last year)
    dots = next(r for r in rows if r.startswith("| [IMF Direction of Trade Statistics]"))
    assert "| 1960–2020 |" in dots and "IMF terms for statistical data" in dots


def test_site_table_has_one_row_per_declaration_with_its_licence():
    table = registry.markdown_table().splitlines()
    declarations = sorted((paths.raw_dir() / "datasets").glob("*.toml"))
    rows = [line for line in table if line.startswith("| `")]
    assert [r.split("`")[1] for r in rows] == sorted(p.stem for p in declarations)
    dots = next(r for r in rows if r.startswith("| `imf-dots`"))
    assert dots.endswith("| 235 |") and "IMF terms for statistical data" in dots


def test_each_citation_is_written_once_in_the_repository():
    """A dataset's citation appears in its declaration only: not copied into code, the README or the docs (the site's
    datasets page is generated from the declarations at build time, so it is not in the repository).

    The unit tests' cut of the raw data (``tests/fixtures/mini-raw/datasets``) is written by
    ``scripts/make_test_raw.py`` from the declarations, and ``tests/test_mini_raw.py`` fails unless it
    equals them: a generated copy, not a second place to edit."""
    import subprocess

    files = subprocess.run(["git", "ls-files"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    texts = {}
    for name in files.stdout.splitlines():
        if name.endswith(SEARCHED) and not name.startswith(NOT_SEARCHED):
            try:
                texts[name] = (paths.ROOT / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
    assert "README.md" in texts and any(n.startswith("docs/") for n in texts)  # the docs are searched too
    for d in registry.load().values():
        copies = [n for n, t in texts.items() if d.citation in t]
        assert copies == [], f"{d.id}: its citation is copied into {copies}"
