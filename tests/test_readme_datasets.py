"""The README's table of datasets is generated from the registry and current."""

from __future__ import annotations

from analysis.core import paths, registry


def test_readme_table_is_the_registry_s():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert registry.with_table(readme) == readme, "run: python scripts/write_datasets_table.py"


def test_table_has_one_row_per_declaration_with_its_licence():
    table = registry.markdown_table().splitlines()
    declarations = sorted((paths.raw_dir() / "datasets").glob("*.toml"))
    rows = [line for line in table if line.startswith("| `")]
    assert [r.split("`")[1] for r in rows] == sorted(p.stem for p in declarations)
    dots = next(r for r in rows if r.startswith("| `imf-dots`"))
    assert dots.endswith("| 235 |") and "IMF terms for statistical data" in dots


def test_each_citation_is_written_once_in_the_repository():
    """A dataset's citation appears in its declaration only (not copied into code or docs).

    The unit tests' cut of the raw data (``tests/fixtures/mini-raw/datasets``) is written by
    ``scripts/make_test_raw.py`` from the declarations, and ``tests/test_mini_raw.py`` fails unless it
    equals them: a generated copy, not a second place to edit."""
    import subprocess

    files = subprocess.run(["git", "ls-files"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    texts = {}
    for name in files.stdout.splitlines():
        if name.endswith((".py", ".md", ".toml", ".ipynb", ".yml")) and not name.startswith(
                ("data/raw/datasets/", "tests/fixtures/mini-raw/datasets/")):
            try:
                texts[name] = (paths.ROOT / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
    for d in registry.load().values():
        copies = [n for n, t in texts.items() if d.citation in t]
        assert copies == [], f"{d.id}: its citation is copied into {copies}"
