"""The marked-up article in a real browser (issue 24): headless Chromium opens the seed draft's check with its
article (``claims --format html``), every claim's quote is highlighted, and the links work both ways.

Uses ``tests/browser.py`` (Debian's ``chromium`` and ``chromium-driver``, installed with apt-get when
missing, as ``tests/test_browser.py`` does). The page is also saved as a full-page screenshot,
``reports/screenshots/seed-article-marked-up.png``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis.claims import check_file, format_html_with_article
from analysis.claims.draft import draft_article
from analysis.claims.draft.reading import article_text
from analysis.core import paths
from tests.browser import check_page, png_size, screenshot_full_page

SEED = Path(__file__).resolve().parent / "fixtures" / "articles" / "seed_2026-01-24.txt"


@pytest.fixture(scope="module")
def page(built, tmp_path_factory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("marked-up")
    draft = draft_article(SEED, dt.date(2026, 1, 24))
    claims = folder / "seed_draft.toml"
    claims.write_text(draft.toml(claims), encoding="utf-8")
    report = check_file(claims, built)
    html = format_html_with_article(report, article_text(SEED))
    path = folder / "seed.html"
    path.write_text(f'<!doctype html><html><head><meta charset="utf-8"><title>seed</title></head>'
                    f'<body data-expect-claims="{len(report.verdicts)}">{html}</body></html>', encoding="utf-8")
    return path, [v.claim.id for v in report.verdicts]


def test_every_quote_is_highlighted_and_linked_both_ways(driver, page):
    path, ids = page
    assert check_page(driver, path) == []  # no console error, every #link has a target, every row a badge
    found = driver.execute_script("""
        const ids = arguments[0], out = {};
        for (const id of ids) {
          const anchor = document.getElementById('quote-' + id);
          const row = document.getElementById('claim-' + id);
          const marks = [...document.querySelectorAll('a.quote')].filter(
            a => a.getAttribute('href') === '#claim-' + id || (a.title || '').includes(id + ':'));
          const back = row && row.querySelector('a.quote-link');
          out[id] = {anchor: !!anchor, row: !!row, marks: marks.length,
                     coloured: marks.every(a => getComputedStyle(a).backgroundColor !== 'rgba(0, 0, 0, 0)'),
                     back: back ? back.getAttribute('href') : null};
        }
        return out;""", ids)
    for claim_id in ids:
        got = found[claim_id]
        assert got["anchor"] and got["row"] and got["marks"] >= 1 and got["coloured"], (claim_id, got)
        assert got["back"] == f"#quote-{claim_id}", claim_id
    # follow the links: a highlight to its row, the row back to its quote
    first = ids[0]
    driver.find_element("css selector", f'a.quote[href="#claim-{first}"]').click()
    assert driver.execute_script("return location.hash") == f"#claim-{first}"
    driver.find_element("css selector", f'#claim-{first} a.quote-link').click()
    assert driver.execute_script("return location.hash") == f"#quote-{first}"


def test_screenshot_of_the_marked_up_article(driver, page):
    path, _ = page
    out = paths.reports_dir() / "screenshots" / "seed-article-marked-up.png"
    screenshot_full_page(driver, path, out)
    width, height = png_size(out)
    assert width >= 800 and height >= 1500
