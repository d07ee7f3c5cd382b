"""The documentation site, the README, the changelog, the citation file and ``--version``.

The site is built once for this module with ``mkdocs build --strict`` (as ``make docs`` does; in this process,
``mkdocs_build``) into a temporary folder, on the run's build (the datasets page reads coverage from the processed
tables). Then: the generated command-line page names every (sub)command and option of the parser; the generated
pages carry what they are generated from; no page loads anything from the web; and headless Chromium opens the home
page, one tutorial and the command-line reference from ``file://`` (the way a reader opens ``site/index.html``) with
no console error and no broken internal link, and finds a word with the site's search.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import yaml

from analysis.cli import parser
from analysis.core import paths, registry
from scripts import site_hooks, site_pages
from tests.browser import check_page

ROOT = paths.ROOT
README_LIMIT = 10_240
TWO_COMMANDS = ("```sh\n"
                "make report   # creates .venv if missing, installs, builds data/processed, writes reports/PAK-IRN/\n"
                "make test     # the whole test suite: pytest (unit, data, CLI, papermill) + nbval on the notebooks\n"
                "```")
#: The pages scripts/gen_site.py writes at build time (never in docs/, never edited by hand).
GENERATED = ("reference/cli.md", "reference/data-dictionary.md", "reference/datasets.md", "reference/api/index.md",
             *(f"reference/api/{m}.md" for m, _ in site_pages.API_MODULES),
             *(f"tutorials/{name}.ipynb" for name, _, _ in site_pages.TUTORIALS))


def _project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _text(page: Path) -> str:
    """A built page's visible text, roughly: tags dropped, entities decoded, spaces collapsed."""
    raw = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def mkdocs_build(out: Path) -> None:
    """``mkdocs build --strict --site-dir OUT`` -- the command of ``make docs``, mkdocs' own command-line entry --
    run in this process, from the checkout, with the environment ``make docs`` gives it. A child ``mkdocs`` would
    import again what this process holds (polars, the package, nbformat, papermill, jupyter_client: about 3 s of
    CPU), and jsonschema's IRI grammar besides (mkdocs-jupyter imports it before the package's block of
    rfc3987_syntax, ``analysis/__init__.py``). What the command changes in this process is put back: the import
    path (scripts/gen_site.py adds the checkout and scripts/), the ``mkdocs`` logger it configures, the warning
    filters. A failed build (a warning, in strict mode) raises mkdocs' ``Abort`` with its message; its log is in
    the captured output."""
    import logging
    import warnings

    from mkdocs.__main__ import cli

    logger = logging.getLogger("mkdocs")
    path, level, propagate, handlers = list(sys.path), logger.level, logger.propagate, list(logger.handlers)
    with pytest.MonkeyPatch.context() as mp, warnings.catch_warnings():
        mp.chdir(ROOT)
        for name, value in {"PYTHONPATH": str(ROOT),  # the tutorials' kernel imports this checkout's package
                            "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}.items():
            mp.setenv(name, value)
        try:
            cli.main(["build", "--strict", "--site-dir", str(out)], prog_name="mkdocs", standalone_mode=False)
        finally:
            sys.path[:] = path
            logger.setLevel(level)
            logger.propagate = propagate
            logger.handlers[:] = handlers


@pytest.fixture(scope="module")
def site(built, tmp_path_factory) -> Path:
    """The site built with --strict into a temporary folder (the command of ``make docs``: ``mkdocs_build``)."""
    out = tmp_path_factory.mktemp("site") / "site"
    started = time.perf_counter()
    mkdocs_build(out)
    pages = sorted(out.rglob("*.html"))
    print(f"site built in {time.perf_counter() - started:.1f} s: {len(pages)} pages")
    return out


# ---------------------------------------------------------------------------------------------- the README


def test_readme_fits_in_ten_kib_and_keeps_the_two_commands():
    readme = (ROOT / "README.md").read_bytes()
    assert len(readme) <= README_LIMIT, f"README.md is {len(readme):,} bytes, more than {README_LIMIT:,}"
    text = readme.decode("utf-8")
    assert TWO_COMMANDS in text  # the fresh-clone check runs the README's commands
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == ["Run it", "Three examples", "The data it ships", "Documentation", "How to cite", "Licence"]
    assert re.search(r"!\[[^]]+\]\(docs/screenshots/[^)]+\.png\)", text)
    for picture in re.findall(r"\]\((docs/screenshots/[^)]+)\)", text):
        assert (ROOT / picture).is_file(), picture


# ---------------------------------------------------------------------------------------------- the site


def test_generated_pages_are_written_at_build_time_only(site):
    for page in GENERATED:
        assert not (ROOT / "docs" / page).exists(), f"docs/{page} is generated by scripts/gen_site.py: remove it"
        built_page = site / (page.rsplit(".", 1)[0] + ".html")
        assert built_page.is_file(), f"{page} was not generated"


def test_no_page_loads_anything_from_the_web(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 40
    found = {str(p.relative_to(site)): site_hooks.remote_resources(p.read_text(encoding="utf-8")) for p in pages}
    assert {p: tags for p, tags in found.items() if tags} == {}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    assert 'src="assets/javascripts/iframe-worker-shim.js"' in home  # search from file://, no CDN shim
    assert (site / "search" / "search_index.js").is_file()  # the offline plugin's index, readable from file://


def test_cli_page_lists_every_subcommand_and_option(site):
    text = _text(site / "reference" / "cli.html")
    commands = list(site_pages.subcommands(parser()))
    names = [path for path, _ in commands]
    assert {"build", "alignment", "report", "claims", "draft", "sources", "fetch trade", "fetch gdelt",
            "fetch votes", "events aggregate"} <= set(names)
    for path, sub in commands:
        assert f"python -m analysis {path}" in text, path
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue  # -h in the usage line
            for option in action.option_strings:
                assert option in text, f"{path}: {option}"
    assert "--version" in text


def test_data_dictionary_and_datasets_pages_come_from_the_declarations(site):
    dictionary = _text(site / "reference" / "data-dictionary.html")
    from analysis.schemas.doc import data_dictionary

    for table in re.findall(r"^## `?([a-z_]+)`?", data_dictionary(), flags=re.M):
        assert table in dictionary, table
    datasets = _text(site / "reference" / "datasets.html")
    for d in registry.load().values():
        assert d.id in datasets and " ".join(d.citation.split()) in datasets, d.id
    # coverage read from the run's build: the IMF DOTS workbooks fill the trade table 1960-2020
    assert re.search(r"imf-dots.*?coverage in the built tables ?: 1960–2020, [0-9,]+ rows of trade", datasets)


def test_api_pages_render_the_docstrings(site):
    from analysis.claims import check_file

    claims = _text(site / "reference" / "api" / "analysis.claims.html")
    first_line = check_file.__doc__.strip().splitlines()[0]
    assert "check_file" in claims and " ".join(first_line.split()[:5]) in claims


def test_links_between_pages_reach_their_anchors(site):
    """Every relative link of every page names a page that exists and, with a #fragment, an element on it (the
    strict build checks the Markdown pages; this also covers the tutorials, rendered by nbconvert)."""
    broken = []
    for page in sorted(set(site.rglob("*.html")) - {site / "404.html"}):  # 404.html: served at any path, root links
        for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:|^//|^#", href):
                continue
            target, _, fragment = html.unescape(href).partition("#")
            path = (page.parent / target).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
            elif fragment and f'id="{fragment}"' not in path.read_text(encoding="utf-8"):
                broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    assert broken == []


def test_tutorials_are_the_notebooks_run_with_their_outputs(site):
    """Each tutorial is its notebook run for Pakistan–Iran at build time: its heading and code, its outputs (the
    charts drawn as SVG, no JavaScript), the opening box, and links to the site where the notebook names the
    documentation (never the README of before the site)."""
    for name, title, _ in site_pages.TUTORIALS:
        raw = (site / "tutorials" / f"{name}.html").read_text(encoding="utf-8")
        page = _text(site / "tutorials" / f"{name}.html")
        notebook = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        heading = next("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
        assert heading.splitlines()[0].lstrip("# ") in page, name
        assert title in page and f"notebooks/{name}.ipynb" in page, name
        assert "README" not in page, name  # the README of before the site is named nowhere
        prose = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
        for pointer, link in site_pages.DOC_POINTERS:  # the notebook's pointers into the documentation are links
            if pointer in prose:
                target = link[link.index("](") + 2:-1]
                assert f'href="{target}"' in raw, (name, target)
        code = next("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
        assert re.sub(r"\s+", "", code)[:60] in re.sub(r"\s+", "", page), name  # code is split into spans
        assert raw.count("<svg") >= 2, name  # its charts, drawn by vl-convert as SVG outputs
    dyad = _text(site / "tutorials" / "dyad_report.html")
    assert "What the story says, and what the record shows" in dyad  # run with the seed article's claims
    assert "Pakistan" in dyad and "Iran" in dyad


# ---------------------------------------------------------------------------------------------- in a browser


def test_pages_open_offline_from_file_without_errors(site, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.browser import POLL

    # the home page last: the search below is tried on the load check_page just looked at (nothing done to it yet)
    pages = [*(site / "tutorials" / f"{name}.html" for name, _, _ in site_pages.TUTORIALS),
             site / "reference" / "cli.html", site / "index.html"]
    problems = [problem for page in pages for problem in check_page(driver, page)]
    assert problems == []
    # the search works from file:// (Material's offline plugin and the vendored iframe-worker shim)
    assert driver.current_url == (site / "index.html").as_uri()
    box = WebDriverWait(driver, 10, poll_frequency=POLL).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    box.click()
    box.send_keys("kappa")
    WebDriverWait(driver, 20, poll_frequency=POLL).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "li.md-search-result__item"))
    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE" and "favicon" not in e["message"]]
    assert severe == []


# ---------------------------------------------------------------------------------------------- the package's habits


def test_citation_cff_is_valid_cff_1_2_0():
    """Validated against the CFF 1.2.0 JSON Schema (tests/fixtures/cff/, from the cffconvert 2.0.0 wheel) with
    jsonschema; cffconvert itself needs jsonschema < 4 and is not installed."""
    import jsonschema

    schema = json.loads((ROOT / "tests" / "fixtures" / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(citation, schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == _project_version()
    # and a broken file is caught: the schema is really applied
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**citation, "authors": []}, schema)


def test_changelog_follows_keep_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n") and "keepachangelog.com" in text
    releases = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, flags=re.M)
    assert releases[0] == ("Unreleased", "")
    versions = [v for v, _ in releases[1:]]
    dates = [d for _, d in releases[1:]]
    assert versions[0] == _project_version()  # the current version is the latest release
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    assert dates == sorted(dates, reverse=True) and all(dates)
    assert len(re.findall(r"^## ", text, flags=re.M)) == len(releases)  # no other second-level heading
    kinds = set(re.findall(r"^### (.+)$", text, flags=re.M))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_version_is_the_package_metadata_s():
    done = subprocess.run([sys.executable, "-m", "analysis", "--version"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (done.returncode, done.stdout, done.stderr) == (0, f"unalign {_project_version()}\n", "")
