"""Open report pages in a real headless Chromium and list what is broken on them.

Reused by ``tests/test_browser.py`` and ``scripts/browser_check.py``. Needs Debian's
``chromium`` and ``chromium-driver`` packages (``/usr/bin/chromium``, ``/usr/bin/chromedriver``)
and the ``selenium`` package (the ``test`` extra). Pages are opened from ``file://``, as a
reader opens a report folder.

``check_page(driver, path)`` returns one line per problem (an empty list: the page is fine):

- console errors: every ``SEVERE`` entry of the browser log (failed loads, uncaught exceptions,
  ``console.error``), except a missing ``favicon.ico``;
- charts: every ``div.unalign-chart`` (a Vega-Lite spec in a ``<script type="application/json">``,
  rendered by vega-embed after load) must hold an ``<svg>`` or ``<canvas>`` within
  ``CHART_TIMEOUT`` seconds; ``data-expect-charts="N"`` on ``<body>`` or ``#report-meta`` asks
  for at least N rendered charts;
- links: ``href="#id"`` must name an element of the page; a relative (or ``file:``) link must
  name a file that exists beside the page (query and fragment dropped); http(s) links are not
  followed;
- claims: on a page with a claims table (``div.claims-check``) every ``tr.claim-row`` needs a
  ``span.verdict-badge`` with one of the classes in ``VERDICTS``; ``data-expect-claims`` on
  ``<body>`` asks for a claims table (a number N: at least N claim rows).

``screenshot_full_page(driver, path, out)`` writes a PNG of the whole page once its charts rendered.
``until(condition)`` polls for an answer of the page, ``steady(read)`` and ``steady_in_page(driver, body)``
until a reading of the page stops changing (no fixed sleeps); ``SharedDriver`` keeps one Chromium for a test
session, reset for each module.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

if TYPE_CHECKING:
    from selenium import webdriver

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
APT_PACKAGES = ("chromium", "chromium-driver")
INSTALL_HINT = "sudo apt-get install chromium chromium-driver"
WINDOW = (1300, 1000)
CHART_TIMEOUT = 10.0
POLL = 0.05  # s between two looks at a page that is still changing (a frame or three)
VERDICTS = ("verdict-supported", "verdict-contradicted", "verdict-not-checkable")
T = TypeVar("T")

# How a page renders its charts: one inline ES module (file:// refuses module scripts loaded by
# src) that bundles vega-embed and runs this for every chart container. The synthetic pages of
# tests/test_browser.py embed it the same way as the reports.
EMBED_SNIPPET = """
for (const div of document.querySelectorAll("div.unalign-chart")) {
  const source = div.querySelector('script[type="application/json"]');
  vegaEmbed(div, JSON.parse(source.textContent), {actions: false}).catch((error) => console.error(error));
}
"""

_CHARTS_JS = """
return Array.from(document.querySelectorAll("div.unalign-chart"), (div, i) =>
  [div.id || "", i, div.querySelector("svg, canvas") !== null]);
"""

_PAGE_JS = """
const attr = (el, name) => (el && el.hasAttribute(name) ? el.getAttribute(name) : null);
const meta = document.getElementById("report-meta");
return {
  ids: Array.from(document.querySelectorAll("[id]"), (el) => el.id)
    .concat(Array.from(document.querySelectorAll("a[name]"), (el) => el.getAttribute("name"))),
  links: Array.from(document.querySelectorAll("a[href]"), (a) => [a.getAttribute("href"), a.href]),
  expectCharts: [["<body>", attr(document.body, "data-expect-charts")],
                 ["#report-meta", attr(meta, "data-expect-charts")]],
  expectClaims: attr(document.body, "data-expect-claims"),
  claimTables: document.querySelectorAll("div.claims-check").length,
  claimRows: Array.from(document.querySelectorAll("tr.claim-row"), (row, i) => {
    const badge = row.querySelector("span.verdict-badge");
    const label = row.id || row.getAttribute("data-claim-id") || (row.cells[0] ? row.cells[0].textContent : "");
    return [i + 1, label.trim().slice(0, 80), badge === null ? null : Array.from(badge.classList)];
  }),
};
"""


def missing_tools() -> list[Path]:
    """The browser and driver binaries that are not installed."""
    return [p for p in (CHROMIUM, CHROMEDRIVER) if not (p.is_file() and os.access(p, os.X_OK))]


def ensure_chromium(*, install: bool = True) -> None:
    """Make sure Chromium and chromedriver are installed: as root (and ``install``) with apt-get, else
    raise ``RuntimeError`` saying how to install them."""
    if not missing_tools():
        return
    names = ", ".join(map(str, missing_tools()))
    if not install or os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise RuntimeError(f"{names} missing: the browser checks need Debian's Chromium; install it with "
                           f"`{INSTALL_HINT}` (and `pip install -e '.[test]'` for selenium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install_cmd = ["apt-get", "install", "-y", "-q", *APT_PACKAGES]
    if subprocess.run(install_cmd, env=env, capture_output=True, text=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, text=True)  # fresh package lists
        done = subprocess.run(install_cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"`{' '.join(install_cmd)}` failed ({names} missing):\n{done.stderr[-2000:]}")
    if missing_tools():
        raise RuntimeError(f"{', '.join(map(str, missing_tools()))} still missing after installing {APT_PACKAGES}")


def open_driver(*, binary: Path = CHROMIUM, driver_path: Path = CHROMEDRIVER,
                arguments: tuple[str, ...] = ()) -> webdriver.Chrome:
    """Start headless Chromium (window 1300x1000, browser log kept at every level) under chromedriver;
    ``arguments`` are more command-line switches (e.g. ``--host-resolver-rules=...``)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(binary)
    for argument in ("--headless=new", "--no-sandbox", "--allow-file-access-from-files", "--disable-dev-shm-usage",
                     f"--window-size={WINDOW[0]},{WINDOW[1]}", *arguments):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(driver_path)))
    driver.set_window_size(*WINDOW)
    return driver


class SharedDriver:
    """One headless Chromium (``open_driver``) for a whole test session, handed to each module in a known state:
    ``fresh()`` closes other windows, drops device-metrics emulation, held keys and buttons, the page, the file://
    origin's storage and the browser log, and sets the window back to ``WINDOW``; a browser that no longer answers
    is replaced by a new one."""

    def __init__(self) -> None:
        self._driver: webdriver.Chrome | None = None

    def fresh(self) -> webdriver.Chrome:
        """The session's Chromium, reset (started on first use, or again if it died)."""
        if self._driver is not None and not self._reset(self._driver):
            with contextlib.suppress(Exception):  # a browser or driver that died may not quit cleanly
                self.quit()
            self._driver = None
        if self._driver is None:
            self._driver = open_driver()
        return self._driver

    @staticmethod
    def _reset(driver: webdriver.Chrome) -> bool:
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.common.action_chains import ActionChains

        try:
            first, *others = driver.window_handles
            for handle in others:
                driver.switch_to.window(handle)
                driver.close()
            driver.switch_to.window(first)
            ActionChains(driver).reset_actions()  # release keys and buttons a test left pressed
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            driver.get("about:blank")
            driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": "file://", "storageTypes": "all"})
            driver.set_window_size(*WINDOW)
            driver.get_log("browser")
        except WebDriverException:
            return False
        return True

    def quit(self) -> None:
        """Quit the browser (if one is running)."""
        if self._driver is not None:
            try:
                self._driver.quit()
            finally:
                self._driver = None


def until(condition: Callable[[], object], timeout: float = 3.0) -> bool:
    """Poll ``condition()`` every ``POLL`` s until it is true or ``timeout`` s have passed; return its last value as
    a bool (a page answers a wheel turn or a click within a frame or two: no fixed sleep that waits for the slowest
    case)."""
    deadline = time.monotonic() + timeout
    while not (done := bool(condition())) and time.monotonic() < deadline:
        time.sleep(POLL)
    return done


def steady(read: Callable[[], T], *, timeout: float = 3.0, times: int = 3) -> T:
    """Poll ``read()`` every ``POLL`` s until it returned the same value ``times`` times in a row (the page stands
    still), at most ``timeout`` s; return its last value. No fixed sleep: a page that is done answers in ~0.1 s."""
    deadline = time.monotonic() + timeout
    value, same = read(), 1
    while same < times and time.monotonic() < deadline:
        time.sleep(POLL)
        last, value = value, read()
        same = same + 1 if value == last else 1
    return value


_STEADY_JS = """
const [body, frames, timeout, ...rest] = arguments;
const done = rest.pop(), read = () => JSON.stringify(new Function(body).apply(null, rest));
const end = performance.now() + 1000 * timeout;
let last = read(), same = 1;
const next = () => {  // the next animation frame (or 100 ms, should a page get no frames)
  let called = false;
  const once = () => { if (!called) { called = true; tick(); } };
  requestAnimationFrame(once);
  setTimeout(once, 100);
};
const tick = () => {
  const now = read();
  same = now === last ? same + 1 : 1;
  last = now;
  if (same >= frames || performance.now() > end) done(JSON.parse(last)); else next();
};
next();
"""


def steady_in_page(driver: webdriver.Chrome, body: str, *args: object, frames: int = 3, timeout: float = 3.0) -> object:
    """Run the JavaScript function ``body`` (``arguments`` are ``args``; it returns a JSON value) in the page at
    every animation frame until it returned the same value ``frames`` times in a row (the page stands still), at
    most ``timeout`` s; return its last value. One round trip; a frame is ~17 ms, slower on a loaded machine."""
    return driver.execute_async_script(_STEADY_JS, body, frames, timeout, *args)


def page_name(path: Path) -> str:
    """How problems name a page: its folder and file, e.g. ``PAK-IRN/dyad_report.html``."""
    return f"{path.parent.name}/{path.name}"


def pages_in(folder: Path) -> list[Path]:
    """The HTML pages of a report folder, or of a batch folder (its ``index.html`` and each pair's pages)."""
    folder = Path(folder)
    return sorted(folder.glob("*.html")) + sorted(folder.glob("*/*.html"))


def _chart_states(driver: webdriver.Chrome) -> list[tuple[str, int, bool]]:
    return [tuple(row) for row in driver.execute_script(_CHARTS_JS)]


def wait_for_charts(driver: webdriver.Chrome, timeout: float = CHART_TIMEOUT) -> list[tuple[str, int, bool]]:
    """Wait up to ``timeout`` s until every ``div.unalign-chart`` holds an svg or canvas; return
    ``(id, index, rendered)`` for each chart container."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, timeout, poll_frequency=POLL).until(
            lambda d: all(rendered for _, _, rendered in _chart_states(d)))
    except TimeoutException:
        pass
    return _chart_states(driver)


def _chart_problems(name: str, states: list[tuple[str, int, bool]], expected: list[list], timeout: float) -> list[str]:
    problems = [f"{name}: chart {('#' + cid) if cid else f'number {i + 1} (no id)'} did not render "
                f"(no <svg> or <canvas> in its div.unalign-chart after {timeout:g} s)"
                for cid, i, rendered in states if not rendered]
    rendered = sum(r for _, _, r in states)
    for where, value in expected:
        if value is None:
            continue
        try:
            wanted = int(value)
        except ValueError:
            problems.append(f"{name}: data-expect-charts={value!r} on {where} is not a number")
            continue
        if rendered < wanted:
            problems.append(f"{name}: {where} expects {wanted} charts, {rendered} rendered "
                            f"({len(states)} div.unalign-chart on the page)")
    return problems


def _link_problems(name: str, page: Path, ids: set[str], links: list[list[str]]) -> list[str]:
    broken: Counter[str] = Counter()
    for raw, resolved in links:
        href = raw.strip()
        if href.startswith("#"):
            fragment = href[1:]
            if fragment and fragment not in ids and unquote(fragment) not in ids and fragment.lower() != "top":
                broken[f"link {href} points to no element on the page"] += 1
            continue
        scheme = urlsplit(href).scheme.lower()
        if href.startswith("//") or scheme not in ("", "file"):
            continue  # http(s), mailto:, data: ...: not a file beside the page
        target_url = urlsplit(resolved)
        if target_url.scheme != "file" or not target_url.path:
            broken[f"link {href} does not resolve to a file (resolved to {resolved})"] += 1
            continue
        target = Path(url2pathname(target_url.path))
        if not target.exists():
            try:
                shown = target.relative_to(page.parent)
            except ValueError:
                shown = target
            broken[f"link {href} points to a missing file ({shown})"] += 1
    return [f"{name}: {what}" + (f" ({n} links)" if n > 1 else "") for what, n in broken.items()]


def _claims_problems(name: str, info: dict) -> list[str]:
    problems = []
    rows = info["claimRows"]
    expected = info["expectClaims"]
    if expected is not None and not info["claimTables"]:
        problems.append(f"{name}: <body data-expect-claims={expected!r}> but no claims table (div.claims-check)")
    if info["claimTables"] and not rows:
        problems.append(f"{name}: the claims table (div.claims-check) has no claim rows (tr.claim-row)")
    if expected is not None and info["claimTables"]:
        try:
            wanted = int(expected)
        except ValueError:
            wanted = None
        if wanted is not None and len(rows) < wanted:
            problems.append(f"{name}: <body data-expect-claims={expected!r}> but {len(rows)} claim rows")
    for number, label, classes in rows:
        row = f"claim row {number}" + (f" ({label})" if label else "")
        if classes is None:
            problems.append(f"{name}: {row} has no verdict badge (span.verdict-badge)")
            continue
        verdicts = [c for c in classes if c in VERDICTS]
        if len(verdicts) != 1:
            problems.append(f"{name}: {row}: its verdict badge has class {' '.join(classes)!r}, "
                            f"not exactly one of {', '.join(VERDICTS)}")
    return problems


def _console_problems(name: str, entries: list[dict]) -> list[str]:
    problems = []
    for entry in entries:
        message = str(entry.get("message", ""))
        if entry.get("level") != "SEVERE" or "favicon.ico" in message:
            continue
        problems.append(f"{name}: console error: {message[:500]}")
    return problems


def check_page(driver: webdriver.Chrome, path: Path, *, timeout: float = CHART_TIMEOUT) -> list[str]:
    """Open ``path`` from file:// in ``driver``; return the page's problems (empty: the page is fine)."""
    path = Path(path).resolve()
    name = page_name(path)
    if not path.is_file():
        return [f"{name}: no such file ({path})"]
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.as_uri())
    states = wait_for_charts(driver, timeout)
    info = driver.execute_script(_PAGE_JS)
    problems = _chart_problems(name, states, info["expectCharts"], timeout)
    problems += _link_problems(name, path, set(info["ids"]), info["links"])
    problems += _claims_problems(name, info)
    problems += _console_problems(name, driver.get_log("browser"))  # last: errors thrown while charts rendered
    return problems


def screenshot_full_page(driver: webdriver.Chrome, path: Path, out: Path, *, timeout: float = CHART_TIMEOUT) -> Path:
    """Open ``path``, wait for its charts, and write a PNG of the whole page (beyond the window) to ``out``."""
    driver.get(Path(path).resolve().as_uri())
    wait_for_charts(driver, timeout)
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    clip = {"x": 0, "y": 0, "width": max(size["width"], WINDOW[0]), "height": size["height"], "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True, "clip": clip})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(base64.b64decode(shot["data"]))
    return out


def png_size(path: Path) -> tuple[int, int]:
    """``(width, height)`` of a PNG file, read from its header."""
    head = Path(path).read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path}: not a PNG file")
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


@functools.lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega-embed, Vega-Lite and Vega as one ES module running ``EMBED_SNIPPET`` (from vl-convert), safe to put
    inline in ``<script type="module">``."""
    import vl_convert

    return vl_convert.javascript_bundle(EMBED_SNIPPET).replace("</script", "<\\/script")


def chart_div(chart_id: str, spec: dict) -> str:
    """A chart container as the reports write it: ``div.unalign-chart`` holding its Vega-Lite spec."""
    text = json.dumps(spec).replace("</", "<\\/")
    return f'<div class="unalign-chart" id="{chart_id}"><script type="application/json">{text}</script></div>'
