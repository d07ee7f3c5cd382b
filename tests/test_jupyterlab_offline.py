"""The notebooks' charts draw in JupyterLab without internet.

Starts JupyterLab on a temporary copy of ``notebooks/voting_alignment.ipynb`` (outputs cleared), opens
it in headless Chromium whose host resolver knows only localhost (every other host: not found), runs
all cells and checks that every chart output drew an ``<svg>`` or ``<canvas>`` and that no output
says "Error loading script" (what Altair's CDN renderer shows offline). The kernel imports this
checkout's ``analysis`` (``PYTHONPATH``) and the run's processed tables (``built``). Needs Chromium and
chromedriver (``tests/browser.py``; as root, installed when missing). About 10 s (JupyterLab starts, the
notebook runs); the renderer and the heading are also tested without a browser. Chromium starts while JupyterLab
does, and the notebook's kernel (``POST /api/sessions``, the session JupyterLab then opens the notebook in) starts
while JupyterLab loads in the browser.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import altair as alt
import nbformat
import polars as pl
import pytest

from analysis.reports import chart_output
from analysis.reports.heading import pair_heading
from tests import browser

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "voting_alignment.ipynb"
MIN_CHARTS = 6  # PAK-IRN: alignment over time, votes, measures, issues, ranks, ideal points (8 in all)
HEADING = "Pakistan (PAK) and Iran (IRN)"  # the first output names the default pair
SERVER_TIMEOUT = 30.0
RUN_TIMEOUT = 90.0
# Only localhost resolves: a script from a CDN (cdn.jsdelivr.net) fails as it does offline.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"


# The open notebook, once JupyterLab shows it with a kernel ready (null before).
_PANEL_JS = """
const app = window.jupyterapp;
if (!app || !app.shell) return null;
const panel = app.shell.currentWidget;
if (!panel || !panel.sessionContext || !panel.content) return null;
const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
return kernel ? {path: panel.context.path, kernel: kernel.status} : null;
"""

# Each code cell's execution count, kernel status, the errors among outputs, and how many outputs
# hold a chart in the notebook model (any Vega mimetype, or HTML that loads Vega).
_STATE_JS = """
const panel = window.jupyterapp.shell.currentWidget;
const cells = panel.content.widgets.filter((c) => c.model.type === "code");
const errors = [];
let charts = 0;
for (const cell of cells) {
  for (let i = 0; i < cell.model.outputs.length; i++) {
    const out = cell.model.outputs.get(i).toJSON();
    if (out.output_type === "error") errors.push(out.ename + ": " + out.evalue);
    const data = out.data || {};
    const html = String(data["text/html"] || "");
    if (Object.keys(data).some((k) => k.includes("vega")) || html.includes("vega")) charts++;
  }
}
return {counts: cells.map((c) => c.model.executionCount), kernel: panel.sessionContext.session.kernel.status,
        errors, charts};
"""

# Every chart output in the page: what drew it (JupyterLab's Vega extension: its class, e.g.
# jp-RenderedVega5; else "html"), whether it holds an svg or canvas, the start of its text.
_CHARTS_JS = """
const kind = (o) => {
  const node = o.matches("[class*='jp-RenderedVega']") ? o : o.querySelector("[class*='jp-RenderedVega']");
  return node ? Array.from(node.classList).find((c) => /^jp-RenderedVega(Lite)?[0-9]/.test(c)) || "vega" : "html";
};
return Array.from(document.querySelectorAll(".jp-OutputArea-output"))
  .filter((o) => o.matches("[class*='jp-RenderedVega']")
                 || o.querySelector("[class*='jp-RenderedVega'], .vega-embed, [id^='altair-viz']") !== null)
  .map((o) => [kind(o), o.querySelector("svg, canvas") !== null, o.innerText.slice(0, 300)]);
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(condition, timeout: float, what: str, server: subprocess.Popen | None = None):
    """Poll ``condition`` every 0.1 s until it returns a true value (returned); fail after ``timeout`` s
    or when the JupyterLab ``server`` exits (the end of its log in the message)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if server is not None and server.poll() is not None:
            pytest.fail(f"JupyterLab exited ({server.returncode}) while waiting for {what}:\n{_log_tail(server)}")
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout:g} s waiting for {what}")


def _drawn_charts(driver, expected: int, timeout: float = 2 * browser.CHART_TIMEOUT) -> list[list]:
    """Wait until the page shows ``expected`` chart outputs, each with an svg or canvas; return them (as
    they are after ``timeout`` s if that never happens: the assertions say which did not draw)."""
    end = time.monotonic() + timeout
    while True:
        charts = driver.execute_script(_CHARTS_JS)
        if (len(charts) >= expected and all(drawn for _, drawn, _ in charts)) or time.monotonic() > end:
            return charts
        time.sleep(0.1)


def _log_tail(server: subprocess.Popen, lines: int = 15) -> str:
    """The last lines of the server's log (``server.log_path``, set by the ``lab`` fixture)."""
    path = getattr(server, "log_path", None)
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path and path.exists() else ""


def _lab_home(tmp: Path) -> dict[str, str]:
    """An environment with its own Jupyter config, data, runtime and settings directories under ``tmp``
    (no user settings, kernels or workspaces leak in), notebooks not virtualised (every cell in the DOM), and no
    build check (the page would ask the server whether JupyterLab's assets need a rebuild: a second of its CPU)."""
    labconfig = tmp / "jupyter_config_dir" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(json.dumps({"buildCheck": False}))
    settings = tmp / "settings"
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    notify = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notify.parent.mkdir(parents=True)
    notify.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path,
           "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(tmp / name.lower())
    assert env["JUPYTER_CONFIG_DIR"] == str(labconfig.parent)
    return env


def _start_kernel(port: int, token: str, notebook: Path) -> None:
    """Start ``notebook``'s kernel (the kernelspec its metadata names) in a session for it, as JupyterLab does
    when it opens a notebook that has none: JupyterLab then opens the notebook in this session."""
    kernel = nbformat.read(notebook, as_version=4).metadata.get("kernelspec", {}).get("name", "python3")
    body = {"path": notebook.name, "name": notebook.name, "type": "notebook", "kernel": {"name": kernel}}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/sessions?token={token}", method="POST",
                                     data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=SERVER_TIMEOUT) as answer:
        assert answer.status == 201, answer.status


@contextlib.contextmanager
def serve(notebook: Path, tmp_path: Path):
    """JupyterLab (its own settings under ``tmp_path``) serving ``notebook``'s folder, the notebook's kernel started:
    yields ``(url of the notebook, server)``; stops the server on exit."""
    work = notebook.parent
    port, token = _free_port(), "offline-test"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={work}", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=work, env=_lab_home(tmp_path), stdout=log, stderr=subprocess.STDOUT)
    server.log_path = tmp_path / "lab.log"

    def up() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=1) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        _wait(up, SERVER_TIMEOUT, "the JupyterLab server", server)
        _start_kernel(port, token, notebook)
        yield f"http://127.0.0.1:{port}/lab/tree/{notebook.name}?token={token}", server
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _quit_when_started(starting: Future) -> None:
    if starting.exception() is None:  # waits for the start to end
        starting.result().quit()


@pytest.fixture
def lab(tmp_path, built, chromium):
    """JupyterLab serving a copy of the notebook (outputs cleared) to a kernel that reads the run's build
    (``UNALIGN_PROCESSED_DIR``), and headless Chromium that can reach only localhost (started meanwhile): yields
    ``(url of the notebook, server, driver)``; quits the browser, then stops the server."""
    work = tmp_path / "notebooks"
    work.mkdir()
    nb = nbformat.read(ROOT / "notebooks" / NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, work / NOTEBOOK)
    with ThreadPoolExecutor(1) as pool, contextlib.ExitStack() as stack:
        starting = pool.submit(browser.open_driver, arguments=(OFFLINE,))
        try:
            url, server = stack.enter_context(serve(work / NOTEBOOK, tmp_path))
        except BaseException:
            _quit_when_started(starting)
            raise
        stack.callback(_quit_when_started, starting)  # first: the browser quits, then the server stops
        yield url, server, starting.result()


def test_the_notebook_renderer_hands_jupyterlab_a_vega_5_spec():
    """No script to load: a Vega spec under the mimetype JupyterLab's bundled Vega extension draws."""
    chart = chart_output.NamedCharts({"toy": alt.Chart(pl.DataFrame({"x": [1.0, float("nan")], "t": ["a", "b"]}))
                                .mark_point().encode(x="x:Q", tooltip="t:N")})["toy"]
    bundle, metadata = chart_output.notebook_renderer(chart.to_dict())
    assert set(bundle) == {"application/vnd.vega.v5+json", "text/plain"} and bundle["text/plain"] == "<chart toy>"
    spec = bundle["application/vnd.vega.v5+json"]
    assert spec["$schema"] == "https://vega.github.io/schema/vega/v5.json" and spec["marks"]
    values = next(d["values"] for d in spec["data"] if "values" in d)
    assert [v["x"] for v in values] == [1.0, None]  # NaN is no JSON: null
    assert metadata["application/vnd.vega.v5+json"]["embed_options"] == chart_output.EMBED_OPTIONS
    assert "cdn" not in json.dumps(bundle).lower()


def test_the_heading_names_the_pair_and_says_who_a_and_b_are():
    text = pair_heading({"PAK": "Pakistan", "IRN": "Iran"}, "PAK", "IRN", "UN General Assembly votes, 1946–2026")
    assert text.splitlines()[0] == "### Pakistan (PAK) and Iran (IRN)"
    assert text.splitlines()[2] == ("UN General Assembly votes, 1946–2026. "
                                    "In the text below, **A** is Pakistan and **B** is Iran.")
    assert pair_heading({}, "PAK", "IRN", "x").startswith("### PAK (PAK) and IRN (IRN)")  # no name: the code


def test_voting_alignment_charts_draw_in_jupyterlab_offline(lab):
    url, server, driver = lab  # Chromium installed as for tests/test_browser.py (as root), else a failure
    driver.set_script_timeout(10)
    driver.get(url)
    opened = _wait(lambda: driver.execute_script(_PANEL_JS), SERVER_TIMEOUT, "the notebook and its kernel", server)
    assert opened["path"] == NOTEBOOK
    # the browser is offline: the CDN Altair's default renderer loads Vega from does not resolve
    cdn = driver.execute_async_script(
        "const done = arguments[0]; fetch('https://cdn.jsdelivr.net/npm/vega@6', {mode: 'no-cors'})"
        ".then(() => done('reached'), () => done('blocked'));")
    assert cdn == "blocked"
    driver.get_log("browser")  # drop the failed load of that probe

    driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    state = _wait(lambda: (s := driver.execute_script(_STATE_JS))["kernel"] == "idle" and all(
        isinstance(n, int) for n in s["counts"]) and s, RUN_TIMEOUT, "every cell to run", server)
    assert state["errors"] == []
    charts = _drawn_charts(driver, state["charts"])
    text = driver.execute_script("return document.body.innerText;")
    console = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    not_drawn = [f"{mime}: {shown!r}" for mime, drawn, shown in charts if not drawn]
    assert not_drawn == [], f"{len(not_drawn)} of {len(charts)} charts did not draw"
    print(f"{len(charts)} charts drawn offline: " + ", ".join(sorted({mime for mime, _, _ in charts})))
    assert len(charts) == state["charts"] >= MIN_CHARTS
    assert HEADING in text
    assert "Error loading script" not in text
    assert console == []  # no failed load, no uncaught exception
