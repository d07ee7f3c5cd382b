"""The HTML reports in a real browser: headless Chromium (Debian's ``chromium`` and ``chromium-driver``)
under Selenium opens every page from file:// and ``tests/browser.py`` lists what is broken.

The checker is first tried on small synthetic pages written here (each breaks one thing, and
one good page renders a real chart with the vega-embed bundle inline, as the reports do);
then on a real batch of reports (PAK-IRN with the seed article's claims, IND-USA), whose
Pakistan-Iran dyad report is also saved as a full-page screenshot under reports/screenshots/.

Nothing here is skipped: without Chromium the session fixture installs it with apt-get when
running as root, and otherwise fails saying how to install it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from analysis.core import paths
from tests.browser import (
    chart_div,
    check_page,
    page_name,
    pages_in,
    png_size,
    screenshot_full_page,
    vega_bundle,
)

SEED_CLAIMS = paths.ROOT / "claims" / "seed_article.toml"
SCREENSHOT = "PAK-IRN-dyad_report.png"

BAR_SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"year": 2020, "agreement": 0.8}, {"year": 2021, "agreement": 0.6}]},
    "mark": "bar",
    "encoding": {"x": {"field": "year", "type": "ordinal"}, "y": {"field": "agreement", "type": "quantitative"}},
}


def synthetic_page(folder: Path, name: str, body: str, *, body_attrs: str = "", charts: bool = False) -> Path:
    """Write a small synthetic report page; with ``charts`` it embeds the vega-embed bundle inline."""
    script = f'<script type="module">{vega_bundle()}</script>' if charts else ""
    path = folder / name
    path.write_text(f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{name}</title></head>'
                    f"<body {body_attrs}>\n{body}\n{script}\n</body></html>\n", encoding="utf-8")
    return path


def claims_table(*rows: str) -> str:
    return f'<div class="claims-check"><table><tr><th>claim</th><th>verdict</th></tr>{"".join(rows)}</table></div>'


def claim_row(claim_id: str, badge: str | None) -> str:
    cell = f'<span class="verdict-badge {badge}">{badge}</span>' if badge is not None else "—"
    return f'<tr class="claim-row" id="claim-{claim_id}"><td>{claim_id}</td><td>{cell}</td></tr>'


# ---- the checker on synthetic pages ---------------------------------------------------------------


def test_synthetic_page_with_console_errors_is_reported(driver, tmp_path):
    page = synthetic_page(tmp_path, "synthetic_console.html",
                          '<p>text</p><img src="missing.png" alt="">'
                          '<script>console.error("synthetic failure"); console.warn("only a warning");</script>'
                          '<script>throw new Error("synthetic uncaught");</script>')
    problems = check_page(driver, page)
    assert len(problems) == 3, problems
    assert all(p.startswith(f"{tmp_path.name}/synthetic_console.html: console error: ") for p in problems)
    text = "\n".join(problems)
    assert "synthetic failure" in text and "synthetic uncaught" in text and "missing.png" in text
    assert "only a warning" not in text


def test_synthetic_chart_that_never_renders_is_reported(driver, tmp_path):
    # the chart container and its spec, but no vega-embed on the page: nothing ever renders it
    page = synthetic_page(tmp_path, "synthetic_no_render.html",
                          chart_div("alignment-over-time", BAR_SPEC) + '<div id="report-meta" data-expect-charts="2">',
                          body_attrs='data-expect-charts="1"')
    started = time.perf_counter()
    problems = check_page(driver, page, timeout=0.5)  # it never renders: any timeout shows it
    assert time.perf_counter() - started < 10
    assert len(problems) == 3, problems
    assert "chart #alignment-over-time did not render" in problems[0]
    assert "<body> expects 1 charts, 0 rendered" in problems[1]
    assert "#report-meta expects 2 charts, 0 rendered" in problems[2]


def test_synthetic_broken_anchor_and_missing_file_are_reported(driver, tmp_path):
    (tmp_path / "other.html").write_text("<p>other</p>", encoding="utf-8")
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    page = synthetic_page(tmp_path, "synthetic_links.html", """
        <h2 id="Key-facts">Key facts</h2><a name="legacy"></a><h2 id="What-is-it?">?</h2>
        <a href="#Key-facts">ok</a> <a href="#legacy">ok</a> <a href="#What-is-it?">ok</a> <a href="#">top</a>
        <a href="other.html?x=1#section">ok</a> <a href="charts/a.svg">ok</a> <a href="https://example.org/x">web</a>
        <a href="mailto:someone@example.org">mail</a>
        <a href="#No-such-section">broken</a> <a href="#No-such-section">again</a>
        <a href="missing_page.html#top">broken</a> <a href="charts/missing.png">broken</a>""")
    problems = check_page(driver, page)
    name = f"{tmp_path.name}/synthetic_links.html"
    assert sorted(problems) == sorted([
        f"{name}: link #No-such-section points to no element on the page (2 links)",
        f"{name}: link missing_page.html#top points to a missing file (missing_page.html)",
        f"{name}: link charts/missing.png points to a missing file (charts/missing.png)",
    ])


def test_synthetic_claim_row_without_a_badge_is_reported(driver, tmp_path):
    page = synthetic_page(tmp_path, "synthetic_claims.html", claims_table(
        claim_row("hrc-2026-against", "verdict-supported"),
        claim_row("hrc-2025-abstained", None),
        claim_row("hrc-2024-against", "verdict-maybe"),
        claim_row("third-year", "verdict-not-checkable"),
    ))
    problems = check_page(driver, page)
    assert len(problems) == 2, problems
    assert "claim row 2 (claim-hrc-2025-abstained) has no verdict badge" in problems[0]
    assert "claim row 3 (claim-hrc-2024-against): its verdict badge has class 'verdict-badge verdict-maybe'" \
        in problems[1]

    expected = synthetic_page(tmp_path, "synthetic_claims_missing.html", "<p>no table</p>",
                              body_attrs='data-expect-claims="4"')
    assert check_page(driver, expected) == [
        f"{tmp_path.name}/synthetic_claims_missing.html: <body data-expect-claims='4'> but no claims table "
        "(div.claims-check)"]


def test_synthetic_good_page_with_a_rendered_chart_has_no_problems(driver, tmp_path):
    (tmp_path / "voting_alignment.html").write_text("<p>next page</p>", encoding="utf-8")
    body = (
        '<div id="report-meta" data-expect-charts="2"></div>'
        '<h1 id="Dyad-report">Dyad report</h1><a href="#Dyad-report">¶</a> <a href="voting_alignment.html">next</a>'
        + chart_div("alignment-over-time", BAR_SPEC)
        + chart_div("agreement-by-issue", {**BAR_SPEC, "mark": "line", "title": "</script> in a title"})
        + claims_table(claim_row("a", "verdict-supported"), claim_row("b", "verdict-contradicted"),
                       claim_row("c", "verdict-not-checkable"))
        + '<div style="height: 3500px">tall</div>'
    )
    page = synthetic_page(tmp_path, "synthetic_good.html", body, charts=True,
                          body_attrs='data-expect-charts="2" data-expect-claims="3"')
    assert check_page(driver, page) == []
    assert len(driver.find_elements("css selector", "div.unalign-chart svg")) == 2  # vega-embed drew both

    shot = screenshot_full_page(driver, page, tmp_path / "shots" / "synthetic_good.png")
    width, height = png_size(shot)
    assert width >= 1300 and height > 3500


def test_synthetic_pages_through_the_command_line(chromium, tmp_path):
    synthetic_page(tmp_path, "good.html", '<h1 id="top-heading">ok</h1><a href="#top-heading">ok</a>')
    command = [sys.executable, str(paths.ROOT / "scripts" / "browser_check.py"), str(tmp_path),
               "--screenshot", str(tmp_path / "good.png")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert png_size(tmp_path / "good.png")[1] > 0 and "no problems" in done.stdout

    synthetic_page(tmp_path, "bad.html", '<a href="#nowhere">broken</a>')
    done = subprocess.run(command[:3], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{tmp_path.name}/bad.html: link #nowhere points to no element on the page" in done.stdout


# ---- the real reports -----------------------------------------------------------------------------


def test_real_batch_reports_render_in_chromium(report_batch, driver):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    from analysis.reports.voting import prepare
    from tests.browser import POLL, steady, until, wait_for_charts

    # the run's batch (tests/conftest.py): both dyad reports were given the seed article's claims
    out = report_batch
    pages = pages_in(out)
    for pair in ("PAK-IRN", "IND-USA"):
        assert (out / pair / "dyad_report.html") in pages, sorted(p.name for p in (out / pair).iterdir())
    assert out / "index.html" in pages
    pair_pages = sorted((out / "PAK-IRN").glob("*.html"))
    assert pair_pages[-1].name == "voting_alignment.html"  # checked last: the linked views are tried on that load

    # the screenshot first: it is kept for a reader to look at also when a check below fails
    shot = screenshot_full_page(driver, out / "PAK-IRN" / "dyad_report.html",
                                paths.reports_dir() / "screenshots" / SCREENSHOT)
    started = time.perf_counter()
    problems = []

    def check(page: Path) -> None:
        """check_page, and on a dyad report the claims table (--claims was given)."""
        problems.extend(check_page(driver, page))
        if page.name == "dyad_report.html":
            try:  # a 1.8 MB page on a loaded machine: wait for the element rather than look once
                WebDriverWait(driver, 20, poll_frequency=POLL).until(
                    lambda d: d.find_elements("css selector", "div.claims-check"))
            except TimeoutException:
                problems.append(f"{page_name(page)}: no claims table (div.claims-check) although --claims was given")

    def linked_views() -> tuple[list[str], list[str]]:
        """On the open PAK-IRN/voting_alignment.html: the votes listed before and after a click on 2020's point of the
        agreement chart (the linked views: a click on a year's point lists that year's votes naming Iran)."""
        linked = driver.find_element("css selector", "#chart-agreement_and_votes")
        driver.execute_script("arguments[0].scrollIntoView()", linked)
        listed = lambda: [t.text for t in linked.find_elements("css selector", "text") if " · " in t.text]  # noqa: E731
        before = listed()
        points = linked.find_elements("css selector", "g.mark-symbol path")
        years = prepare("PAK", "IRN").dyad["year"].to_list()  # one point per year with joint votes, in order
        assert len(points) == len(years)
        ActionChains(driver, duration=0).move_to_element(points[years.index(2020)]).click().perform()
        drawn = ("return Array.from(arguments[0].querySelectorAll('text'), t => t.textContent)"
                 ".filter(t => t.includes(' · '))")
        until(lambda: driver.execute_script(drawn, linked))  # the list drawn ...
        steady(lambda: driver.execute_script(drawn, linked))  # ... and standing still
        return before, listed()

    # every page loaded once for check_page: the index and IND-USA at the window's size (1300x1000); PAK-IRN's at
    # 1366x768, where the same load answers the first question below
    for page in pages:
        if page not in pair_pages:
            check(page)
    # answer first, and readable on a phone: the verdict summary in the first screen at 1366x768, and no page
    # of the pair wider than a 390 px phone (tables scroll in their own box)
    for width, height, mobile in ((1366, 768, False), (390, 844, True)):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        for page in pair_pages:
            if mobile:
                driver.get(page.as_uri())
                wait_for_charts(driver)
            else:
                check(page)  # loads the page and waits for its charts
            layout = driver.execute_script(
                "const v = document.getElementById('verdicts');"
                "return [document.documentElement.scrollWidth, v ? v.getBoundingClientRect().top : null];")
            print(f"{width}x{height} {page.name}: document width {layout[0]}, verdict summary at {layout[1]}")
            if layout[0] > width:
                problems.append(f"PAK-IRN/{page.name} at {width}x{height}: the page is {layout[0]} px wide")
            if page.name == "dyad_report.html" and not (layout[1] is not None and 0 <= layout[1] < height):
                problems.append(f"PAK-IRN/dyad_report.html at {width}x{height}: verdict summary at {layout[1]}, "
                                f"not in the first screen")
        if not mobile:
            listed_before, listed_after = linked_views()  # on the load of voting_alignment.html just checked
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    print(f"browser checks of {len(pages)} pages: {time.perf_counter() - started:.1f} s")
    assert shot.is_file() and png_size(shot)[1] > 3000, png_size(shot)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)

    assert listed_before == []  # nothing listed before a click
    # the 2020 votes on resolutions naming Iran (tests/test_voting_report.py checks the naming table itself)
    assert listed_after == ["2020-06-22 HRC A/HRC/RES/43/24 · Pakistan: no · Iran: not a member",
                            "2020-12-16 GA A/RES/75/191 · Pakistan: no · Iran: no"]
