"""The report pages (analysis.reports.page), the chart renderer and exports (analysis.reports.charts),
linked key facts (analysis.reports.dyad) and tables for people (analysis.reports.html_tables)."""

from __future__ import annotations

import json

import altair as alt
import polars as pl
import pytest

from analysis.reports import chart_output, dyad, html_tables, page

NBCONVERT_LIKE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"></script>
<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe"> </script>
</head><body class="jp-Notebook">
<h2 id="Key-facts">Key facts<a class="anchor-link" href="#Key-facts">¶</a></h2><p>text</p>
<h2 id="Voting-at-the-UN">Voting at the UN<a class="anchor-link" href="#Voting-at-the-UN">¶</a></h2>
</body></html>"""
CTX = page.PageContext("Pakistan and Iran", "1946–2026", "GA votes 1946-01-01 to 2026-06-04",
                       ("dyad_report", "voting_alignment"), "<table><tr><td>cow-trade</td></tr></table>")


def test_the_page_gets_header_contents_footer_and_no_cdn_script():
    out = page.assemble(NBCONVERT_LIKE, "dyad_report", CTX, expect_claims=True)
    assert "cdnjs" not in out and "require.min.js" not in out  # nothing loaded from the network
    assert '<body class="jp-Notebook" data-expect-claims="true">' in out
    assert '<h1>Pakistan and Iran: Dyad report</h1>' in out and "Years 1946–2026 · what the data cover" in out
    assert "<p>Data coverage: GA votes 1946-01-01 to 2026-06-04.</p></details>" in out  # folded into one line
    assert '<a href="dyad_report.html" class=current>' in out and '<a href="voting_alignment.html">' in out
    # the contents list every section heading, in order, and the footer
    assert out.index('href="#Key-facts">Key facts</a>') < out.index('href="#Voting-at-the-UN">Voting at the UN</a>')
    assert '<footer class="unalign-footer" id="sources">' in out and "cow-trade" in out
    assert out.count('<script type="module">') == 1 and out.rstrip().endswith("</html>")
    assert page.toc(NBCONVERT_LIKE) == [("Key-facts", "Key facts"), ("Voting-at-the-UN", "Voting at the UN")]


def test_the_vega_script_draws_every_chart_div_and_is_inline():
    script = page.vega_script()
    assert script.startswith('<script type="module">') and "div.unalign-chart" in script
    assert "</script" not in script[len('<script type="module">'):-len("</script>")]
    assert len(script) > 500_000  # Vega, Vega-Lite and Vega-Embed themselves, not a link to them


def test_the_renderer_writes_the_spec_and_links_to_the_exports():
    chart = chart_output.NamedCharts({"toy": alt.Chart(pl.DataFrame({"x": [1, 2], "t": ["</script>", "b"]}))
                                .mark_point().encode(x="x:Q", tooltip="t:N")})["toy"]
    bundle = chart_output.report_renderer(chart.to_dict())
    html = bundle["text/html"]
    assert html.startswith('<div class="unalign-chart" id="chart-toy"><script type="application/json">')
    payload = html.split('<script type="application/json">')[1].split("</script>")[0]
    assert "</" not in payload and json.loads(payload)["usermeta"] == {"name": "toy"}  # "</script>" escaped
    assert 'href="charts/toy.csv"' in html and 'href="charts/toy.png"' in html and 'href="charts/toy.svg"' in html


def test_chart_data_is_the_table_a_chart_draws(tmp_path):
    frame = pl.DataFrame({"year": [2019, 2020], "agreement": [0.5, 0.75]})
    layered = alt.layer(alt.Chart(frame).mark_line().encode(x="year:Q", y="agreement:Q"),
                        alt.Chart(pl.DataFrame({"year": [2020], "label": ["end"]})).mark_rule().encode(x="year:Q"))
    single = chart_output.chart_data(alt.Chart(frame).mark_line().encode(x="year:Q", y="agreement:Q").to_dict())
    assert single.to_dicts() == frame.to_dicts()
    both = chart_output.chart_data(layered.to_dict())
    assert both.height == 3 and both["dataset"].n_unique() == 2
    written = chart_output.save(alt.Chart(frame).mark_line().encode(x="year:Q", y="agreement:Q"), tmp_path, "toy")
    assert {p.suffix for p in written} == {".png", ".svg", ".json", ".csv"}
    assert pl.read_csv(tmp_path / "toy.csv").to_dicts() == frame.to_dicts()


def test_key_facts_link_every_symbol():
    facts = dyad.KeyFacts(["Latest: A/HRC/RES/S-39/1 on 2026-01-23; also A/RES/80/222, and S/RES/2817(2026)."],
                          {"A/HRC/RES/S-39/1": "https://searchlibrary.ohchr.org/record/35192"})
    md = facts._repr_markdown_()
    assert "[A/HRC/RES/S-39/1](https://searchlibrary.ohchr.org/record/35192)" in md
    assert "[A/RES/80/222](https://undocs.org/A/RES/80/222)," in md  # the comma stays outside the link
    assert "[S/RES/2817(2026)](https://undocs.org/S/RES/2817(2026))." in md
    assert repr(facts) == "- Latest: A/HRC/RES/S-39/1 on 2026-01-23; also A/RES/80/222, and S/RES/2817(2026)."


def test_tables_for_people_link_symbols_and_urls_and_escape_text():
    frame = pl.DataFrame({"date": ["2026-01-23"], "symbol": ["A/HRC/RES/S-39/1"], "title": ["<b>Iran</b>"],
                          "yes": [25], "record_url": ["https://searchlibrary.ohchr.org/record/35192"],
                          "note": [None]}, schema_overrides={"note": pl.String})
    out = html_tables.frame_html(frame, caption="Votes")
    assert '<a href="https://searchlibrary.ohchr.org/record/35192">A/HRC/RES/S-39/1</a>' in out
    assert "&lt;b&gt;Iran&lt;/b&gt;" in out and '<td class="num">25</td>' in out and "<td>—</td>" in out
    assert html_tables.document_url("A/RES/80/222") == "https://undocs.org/A/RES/80/222"


def test_a_nan_in_a_chart_becomes_null_so_the_page_can_parse_it():
    """kappa is NaN when De = 0 (e.g. on the Security Council): JSON has no NaN, and one unparsable spec
    would stop the page's script; the renderer writes null instead."""
    frame = pl.DataFrame({"year": [2025, 2026], "kappa": [float("nan"), 0.0]})
    spec = alt.Chart(frame).mark_line().encode(x="year:Q", y="kappa:Q").to_dict()
    html = chart_output.report_renderer(spec)["text/html"]
    payload = html.split('<script type="application/json">')[1].split("</script>")[0]
    values = next(iter(json.loads(payload)["datasets"].values()))
    assert values == [{"year": 2025, "kappa": None}, {"year": 2026, "kappa": 0.0}]


@pytest.mark.integration  # starts a Jupyter kernel
def test_the_shared_kernel_pool_stops_its_kernel_when_python_exits(tmp_path):
    """A plain script that uses the shared pool and ends: the pool is closed by atexit, after
    concurrent.futures has stopped taking work; the kernel must still be stopped (it was left running, with
    "cannot schedule new futures after shutdown" printed)."""
    import os
    import subprocess
    import sys
    import time

    from analysis.core import paths

    script = tmp_path / "uses_the_pool.py"
    script.write_text("from analysis.reports import kernels\npool = kernels.shared_pool(1)\n"
                      "pool.kernels[0].started.result()\nprint(pool.kernels[0].km.provisioner.process.pid)\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(paths.ROOT)})
    assert done.returncode == 0, done.stderr
    assert "cannot schedule new futures" not in done.stderr
    pid = int(done.stdout.split()[-1])
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(pid), f"the kernel (pid {pid}) outlived the script"


def _running(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by its parent, which is gone) counts as stopped
        return open(f"/proc/{pid}/stat").read().split(") ")[1][0] != "Z"
    except OSError:
        return False
