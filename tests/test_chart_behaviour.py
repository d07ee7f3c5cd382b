"""Charts that behave, and symbols that link to their voting records, on the real Pakistan–Iran report.

The report (with the seed article's claims) is built once; its pages are read as HTML (links) and
opened in headless Chromium at 1366x768 (tests/browser.py), where a plain wheel turn over a chart
must scroll the page, shift + wheel must zoom, a legend click must change the marks' opacity, the
clicked year's votes must be listed inside their box under a heading naming the year, and the world
map's tooltip must show only over states with a value.

Each page is loaded in a tab of its own (``Tabs``) and used once its charts rendered and it stands still
(``tests.browser.steady_in_page``); a test gets it as loaded (reloaded if an earlier test acted on it). No fixed
sleeps: every answer to a wheel turn or a click is polled for. The pointer jumps to its target (``ActionChains``
with ``duration=0``) instead of gliding there for 250 ms: the page gets the same pointer events at the target.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import polars as pl
import pytest

from analysis.core import paths
from tests.browser import steady, steady_in_page, until, wait_for_charts

SEED_CLAIMS = paths.ROOT / "claims" / "seed_article.toml"
PAGES = ("voting_alignment.html", "dyad_report.html", "bilateral_trade.html", "diplomatic_events.html")
WINDOW = (1366, 768)
_LAYOUT = """const de = document.documentElement;
return [de.scrollWidth, de.scrollHeight].concat(Array.from(document.querySelectorAll('div.unalign-chart'), (div) => {
  const svg = div.querySelector('svg');
  return svg ? [svg.getAttribute('width'), svg.getAttribute('height'), svg.getElementsByTagName('*').length].join('x')
             : null;
})).join('|');"""
_ANCHOR = re.compile(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>([^<]+)</a>')


@pytest.fixture(scope="module")
def report(report_batch) -> Path:
    """The run's PAK-IRN report with the seed article's claims (``report_batch`` in tests/conftest.py)."""
    return report_batch / "PAK-IRN"


@pytest.fixture(scope="module")
def driver(report, driver):
    """The module's Chromium (tests/conftest.py) at the desktop window size."""
    driver.set_window_size(*WINDOW)
    return driver


class Tabs:
    """The report's pages, each in a tab of its own. A test gets a page as loaded, with nothing done to it: a page
    no test acted on yet (a wheel turn, a click, a hover) is handed on as it is, any other is loaded again. The
    label check, which only reads, runs first: the next test to act on a page finds it loaded."""

    def __init__(self, driver, report: Path) -> None:
        self.driver, self.report = driver, report
        self.handles: dict[str, str] = {}
        self.untouched: set[str] = set()

    def open(self, name: str, *, acts: bool = True) -> None:
        """Show ``name`` (``PAGES``) as loaded; ``acts``: the test will act on it (the next one gets it reloaded)."""
        if name in self.handles:
            self.driver.switch_to.window(self.handles[name])
        else:
            if self.handles:
                self.driver.switch_to.new_window("tab")
            self.handles[name] = self.driver.current_window_handle
        if name not in self.untouched:
            _load(self.driver, self.report / name)
            self.untouched.add(name)
        if acts:
            self.untouched.discard(name)


@pytest.fixture(scope="module")
def tabs(report, driver) -> Tabs:
    """The module's report pages in tabs of the module's Chromium (``Tabs``)."""
    return Tabs(driver, report)


def _load(driver, page: Path) -> None:
    """Load ``page``, wait for its charts, then until its layout (the document's size, each chart's svg: size and
    number of elements) stands still."""
    driver.get(page.resolve().as_uri())
    wait_for_charts(driver)
    steady_in_page(driver, _LAYOUT)


def _pointer(driver):
    """An action chain whose pointer moves to its target at once (selenium glides for 250 ms by default)."""
    from selenium.webdriver.common.action_chains import ActionChains

    return ActionChains(driver, duration=0)


def _center(driver, element) -> None:
    """Scroll ``element`` to the middle of the window and wait until the page stands still."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    steady_in_page(driver, "return window.scrollY", timeout=1.0)


def _scroll_y(driver) -> float:
    return driver.execute_script("return window.scrollY")


# ---- links to the record ----------------------------------------------------------------------------


def test_every_symbol_with_a_voting_record_links_to_it(report, built):
    """No HRC or CHR roll call whose record_url the data give is linked anywhere else (undocs.org) on any page."""
    records = dict(built["roll_calls"].filter(pl.col("body").is_in(["HRC", "CHR"]) & pl.col("record_url")
                                              .is_not_null()).select("symbol", "record_url").iter_rows())
    assert records["A/HRC/RES/58/21"] == "https://searchlibrary.ohchr.org/record/31972"
    linked: dict[str, int] = {}
    for name in PAGES:
        anchors = [(html.unescape(h), html.unescape(t).strip()) for h, t in
                   _ANCHOR.findall((report / name).read_text(encoding="utf-8"))]
        wrong = [(href, text) for href, text in anchors if text in records and href != records[text]]
        assert wrong == [], f"{name}: {len(wrong)} symbols not linked to their record, e.g. {wrong[:3]}"
        linked[name] = sum(text in records for _, text in anchors)
    # the voting page's table of resolutions naming Iran and the dyad report's tables and claims link records
    assert linked["voting_alignment.html"] >= 30 and linked["dyad_report.html"] >= 20, linked


# ---- labels -------------------------------------------------------------------------------------------

_CLIPPED = """
const out = [];
for (const div of document.querySelectorAll('div.unalign-chart')) {
  const svg = div.querySelector('svg');
  if (!svg) { out.push(div.id + ': not rendered'); continue; }
  const s = svg.getBoundingClientRect();
  let left = 0, right = document.documentElement.clientWidth;  // what the page shows of the chart
  for (let e = div; e; e = e.parentElement) {
    if (getComputedStyle(e).overflowX !== 'visible') {
      const r = e.getBoundingClientRect(); left = Math.max(left, r.left); right = Math.min(right, r.right);
    }
  }
  for (const t of svg.querySelectorAll('text')) {
    const r = t.getBoundingClientRect();
    if (!r.width) continue;
    const where = r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1
      ? 'outside its chart' : r.left < left - 1 || r.right > right + 1 ? 'cut by the page'
      : t.textContent.endsWith('…') ? 'cut short (…)' : null;
    if (where) out.push(div.id + ': ' + where + ': ' + t.textContent.slice(0, 60));
  }
}
return out;"""


def test_no_chart_label_is_clipped(tabs, driver):
    """At 1366x768 every text of every chart lies inside its chart and the page's column, none cut with "…"."""
    clipped = []
    for name in PAGES:
        tabs.open(name, acts=False)
        clipped += [f"{name}: {line}" for line in driver.execute_script(_CLIPPED)]
    assert clipped == []


# ---- the wheel ----------------------------------------------------------------------------------------


def test_a_plain_wheel_turn_over_any_chart_scrolls_the_page(tabs, driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin

    moved = {}
    for name in ("voting_alignment.html", "bilateral_trade.html", "diplomatic_events.html"):
        tabs.open(name)
        for chart in driver.find_elements("css selector", "div.unalign-chart"):
            _center(driver, chart)
            before = _scroll_y(driver)
            svg = chart.find_element("css selector", "svg")
            ActionChains(driver).scroll_from_origin(ScrollOrigin.from_element(svg), 0, 400).perform()
            until(lambda before=before: _scroll_y(driver) - before >= 300)
            moved[f"{name}#{chart.get_attribute('id')}"] = (before, _scroll_y(driver))
    stuck = {k: v for k, v in moved.items() if v[1] - v[0] < 300}
    assert "voting_alignment.html#chart-alignment_over_time" in moved and len(moved) >= 10, moved
    assert not stuck, f"the wheel did not scroll the page over {stuck}"


def test_shift_and_the_wheel_zoom_the_time_axis_without_scrolling(tabs, driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
    from selenium.webdriver.common.keys import Keys

    labels = "return Array.from(arguments[0].querySelectorAll('g.role-axis-label text'), e => e.textContent).join()"
    for key in (Keys.SHIFT, Keys.CONTROL):  # ctrl: also a trackpad's pinch
        tabs.open("voting_alignment.html")  # loaded again for the second key
        chart = driver.find_element("css selector", "#chart-alignment_over_time")
        _center(driver, chart)
        before, axis = _scroll_y(driver), driver.execute_script(labels, chart)
        ActionChains(driver).key_down(key).scroll_from_origin(
            ScrollOrigin.from_element(chart.find_element("css selector", "svg")), 0, -400).key_up(key).perform()
        until(lambda chart=chart, axis=axis: driver.execute_script(labels, chart) != axis)
        # then until the axis and the page stand still: a scroll the wheel started would have moved the page by now
        steady(lambda chart=chart: (driver.execute_script(labels, chart), _scroll_y(driver)))
        assert driver.execute_script(labels, chart) != axis, key  # the year axis zoomed in
        assert _scroll_y(driver) == before, key


# ---- legends ------------------------------------------------------------------------------------------

_OPACITIES = """const marks = 'g.role-mark path, g.role-mark line, g.role-mark rect, g.role-mark text';
return Array.from(arguments[0].querySelectorAll(marks), e => [e.getAttribute('opacity'),
  e.getAttribute('fill-opacity'), e.getAttribute('stroke-opacity')].join('/')).join('|')"""


def test_a_click_on_a_legend_entry_highlights_it_on_every_chart_with_a_legend(tabs, driver):
    results = {}
    for name in PAGES:
        tabs.open(name)
        for chart in driver.find_elements("css selector", "div.unalign-chart"):
            entries = chart.find_elements("css selector", "g.role-legend-symbol path")  # a gradient legend has none
            if not entries:
                continue
            _center(driver, chart)
            before = driver.execute_script(_OPACITIES, chart)
            _pointer(driver).move_to_element(entries[0]).click().perform()
            changed = until(lambda chart=chart, before=before: driver.execute_script(_OPACITIES, chart) != before)
            results[f"{name}#{chart.get_attribute('id')}"] = changed
    assert "voting_alignment.html#chart-ideal_point_trajectories" in results
    assert len(results) >= 10, results
    assert all(results.values()), f"a legend click changed nothing on {[k for k, v in results.items() if not v]}"


# ---- the clicked year's votes ---------------------------------------------------------------------------


def test_the_clicked_years_votes_are_listed_in_their_box_under_a_heading_naming_the_year(tabs, driver):
    from analysis.reports.voting import prepare
    tabs.open("voting_alignment.html")
    chart = driver.find_element("css selector", "#chart-agreement_and_votes")
    _center(driver, chart)
    marks = "g.mark-text.role-mark text"  # not the axes' and titles' texts
    texts = lambda: [t.text for t in chart.find_elements("css selector", marks) if t.text]  # noqa: E731
    drawn = f"return Array.from(arguments[0].querySelectorAll('{marks}'), t => t.textContent).filter(t => t)"
    assert texts() == ["Click a year's point above to list its recorded votes on resolutions naming Iran."]
    years = prepare("PAK", "IRN").dyad["year"].to_list()
    points = chart.find_elements("css selector", "g.mark-symbol path")
    assert len(points) == len(years)
    rect = "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];"
    box = max((driver.execute_script(rect, b) for b in chart.find_elements("css selector", "path.background")),
              key=lambda r: r[1])  # the lower view: the box of the list
    for year in (2025, 2020):
        _pointer(driver).move_to_element(points[years.index(year)]).click().perform()
        # the list's heading names the year (one round trip a look), then the whole list stands still
        until(lambda year=year: any(t.startswith(f"{year}: ") for t in driver.execute_script(drawn, chart)[:1]))
        steady(lambda: driver.execute_script(drawn, chart))
        shown = texts()
        assert shown[0].startswith(f"{year}: ") and "naming Iran" in shown[0], shown
        assert "no such vote" not in " ".join(shown)
        for text in chart.find_elements("css selector", marks):
            left, top, right, bottom = driver.execute_script(rect, text)
            assert box[0] <= left and right <= box[2] and box[1] <= top and bottom <= box[3] + 1, (text.text, box)
    assert shown == ["2020: 2 recorded votes on resolutions naming Iran",
                     "2020-06-22 HRC A/HRC/RES/43/24 · Pakistan: no · Iran: not a member",
                     "2020-12-16 GA A/RES/75/191 · Pakistan: no · Iran: no"]


# ---- the world map ------------------------------------------------------------------------------------


def test_the_world_maps_tooltip_shows_only_over_states_and_never_null(tabs, driver):
    """vega-tooltip shows or hides its box in the pointer event's handler (synchronously), and a pointer action
    returns once the page handled its events: the box is read right after each move. Antarctica (the lowest shape)
    is pointed at straight from the first state whose box shows: the box must go, not show another text."""
    tabs.open("dyad_report.html")
    chart = driver.find_element("css selector", "#chart-world_map")
    _center(driver, chart)
    tooltip = """const t = document.getElementById('vg-tooltip-element');
      return t && t.classList.contains('visible') ? t.textContent : null;"""
    shapes = chart.find_elements("css selector", "g.mark-shape path")
    bottoms = driver.execute_script("return arguments[0].map(s => s.getBoundingClientRect().bottom)", shapes)
    antarctica = shapes[bottoms.index(max(bottoms))]
    seen, over_antarctica = [], []
    for shape in shapes[::12]:
        try:
            _pointer(driver).move_to_element(shape).perform()
        except Exception:  # noqa: BLE001 - a shape too small to point at
            continue
        if (text := driver.execute_script(tooltip)) is not None:
            seen.append(text)
            if not over_antarctica:  # from a state's box to Antarctica
                _pointer(driver).move_to_element(antarctica).perform()
                until(lambda: driver.execute_script(tooltip) is None)
                over_antarctica.append(driver.execute_script(tooltip))
    assert over_antarctica == [None], over_antarctica
    assert len(seen) >= 5, seen
    assert not [t for t in seen if "null" in t], seen
    assert all("Agreement with Pakistan" in t or "State (A)" in t for t in seen), seen


def test_the_maps_year_is_the_key_facts_year_and_its_subtitle_says_so(report):
    page = (report / "dyad_report.html").read_text(encoding="utf-8")
    assert "agreement in the General Assembly, 2025" in page
    assert "2025 is the last year with at least 30 recorded votes, the year of the key facts" in page


# ---- tooltips -----------------------------------------------------------------------------------------


def _tooltips(spec: object) -> list[dict]:
    if isinstance(spec, list):
        return [t for s in spec for t in _tooltips(s)]
    if not isinstance(spec, dict):
        return []
    found = []
    for key, value in spec.items():
        if key == "encoding" and isinstance(value, dict) and "tooltip" in value:
            tip = value["tooltip"]
            found += tip if isinstance(tip, list) else [tip]
        elif key not in ("datasets", "data"):
            found += _tooltips(value)
    return found


def test_tooltips_name_their_fields_in_words(report):
    """Every tooltip field of every chart on the pages has a title in words ("joint votes", not n_joint)."""
    import json

    specs = []
    for name in PAGES:
        page = (report / name).read_text(encoding="utf-8")
        specs += [json.loads(s.replace("<\\/", "</")) for s in
                  re.findall(r'<script type="application/json">(.*?)</script>', page, re.S)]
    tips = [t for spec in specs for t in _tooltips(spec) if isinstance(t, dict) and "field" in t]
    assert len(specs) >= 20 and len(tips) >= 50, (len(specs), len(tips))
    unnamed = sorted({t["field"] for t in tips if "_" in str(t.get("title", "_")) or not t.get("title")})
    assert unnamed == []
    titles = {t["title"] for t in tips}
    assert {"joint votes", "standard error"} <= titles
