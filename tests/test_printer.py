"""The print files of a report drawn outside its kernel (analysis.reports.printer): a queue in a folder, drained by a
printer process and by the kernel, drawing the same files as ``chart_output.save``; and the spec of a chart kept
once for its display and its print files (``chart_output.spec_of``)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import altair as alt
import polars as pl
import pytest

from analysis.reports import chart_output, printer, run

EXTENSIONS = ("png", "svg", "vl.json", "csv")


@pytest.fixture(scope="module")
def chart(built):
    """A chart of real data: the General Assembly's recorded votes per year in the processed tables."""
    per_year = built["roll_calls"].filter(pl.col("body") == "GA").group_by("year").len().sort("year")
    return alt.Chart(per_year).mark_line(point=True).encode(
        x=alt.X("year:Q", title="Year"), y=alt.Y("len:Q", title="Recorded votes"))


def queued(folder, chart, names: list[str]):
    """Save ``chart`` under each of ``names`` into ``folder/later`` with its PNG and SVG left to a printer."""
    queue = folder / "queue"
    queue.mkdir(exist_ok=True)
    chart_output.print_later(queue)
    try:
        for name in names:
            chart_output.save(chart, folder / "later", name)
    finally:
        chart_output.print_later(None)
    return queue


class ThisProcess:
    """A kernel pool whose kernel is this process: ``execute`` runs the code here (as the report's kernel does)."""

    def execute(self, code: str, timeout: float = 600) -> None:
        exec(code, {})  # noqa: S102 - the report runner's own two lines, run here instead of in a kernel


def test_a_queued_chart_is_drawn_as_save_draws_it_in_the_kernel(tmp_path, chart):
    chart_output.save(chart, tmp_path / "now", "votes")
    queue = queued(tmp_path, chart, ["votes"])
    later = tmp_path / "later"
    assert (later / "votes.vl.json").is_file() and (later / "votes.csv").is_file()
    assert not (later / "votes.png").exists() and not (later / "votes.svg").exists()
    assert printer.drain(queue) == 1
    for ext in EXTENSIONS:
        assert (later / f"votes.{ext}").read_bytes() == (tmp_path / "now" / f"votes.{ext}").read_bytes(), ext
    assert (later / "votes.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert printer.problems(queue) == [] and list(queue.iterdir()) == []


def test_the_printer_process_waits_for_jobs_until_the_queue_is_closed(tmp_path, chart):
    queue = queued(tmp_path, chart, ["one", "two"])
    process = subprocess.Popen([sys.executable, "-m", "analysis.reports.printer", str(queue)])
    try:
        deadline = time.monotonic() + 120
        while not all((tmp_path / "later" / f"{n}.svg").is_file() for n in ("one", "two")):
            assert time.monotonic() < deadline, "the printer drew nothing in 120 s"
            time.sleep(0.1)
        assert process.poll() is None  # the queue is open: more jobs may come
        printer.close(queue)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert printer.problems(queue) == []


def test_a_report_printer_and_its_kernel_draw_every_chart_once(tmp_path, chart):
    names = ["a", "b", "c", "d"]
    queue = tmp_path / "queue"
    with run._Printer(queue) as printed:
        queued(tmp_path, chart, names)
        printed.finish(ThisProcess())
    assert not queue.exists()
    drawn = sorted(p.name for p in (tmp_path / "later").iterdir())
    assert drawn == sorted(f"{n}.{ext}" for n in names for ext in EXTENSIONS)
    pngs = {(tmp_path / "later" / f"{n}.png").read_bytes() for n in names}
    assert len(pngs) == 1  # the same chart, drawn by either, gives the same file


def test_a_chart_that_cannot_be_drawn_fails_the_report_naming_it(tmp_path):
    queue = tmp_path / "queue"
    bad = printer.PrintJob({"mark": "no-such-mark", "data": {"values": [{"x": 1}]}}, "v6_4",
                           tmp_path / "broken.svg", tmp_path / "broken.png")
    with pytest.raises(RuntimeError, match=r"print files not drawn: .*broken: ValueError"):
        with run._Printer(queue) as printed:
            printer.submit(queue, bad)
            printed.finish(ThisProcess())
    assert not queue.exists() and not (tmp_path / "broken.png").exists()


def test_a_job_a_dead_printer_claimed_is_drawn_again(tmp_path, chart):
    queue = queued(tmp_path, chart, ["votes"])
    claimed = printer._claim(queue, "printer")  # a printer took it, then died
    assert claimed is not None and printer.drain(queue) == 0
    assert printer.problems(queue) == [f"{claimed.name}: not drawn"]
    assert printer.drain(queue, reclaim=True) == 1
    assert printer.problems(queue) == [] and (tmp_path / "later" / "votes.png").is_file()


def test_a_spec_that_is_not_plain_json_is_drawn_by_save_itself(tmp_path):
    job = printer.PrintJob({"datasets": {"d": [{"day": dt.date(2020, 1, 1)}]}}, "v6_4",
                           tmp_path / "x.svg", tmp_path / "x.png")
    assert printer.submit(tmp_path, job) is None and list(tmp_path.iterdir()) == []


def test_a_kept_spec_is_the_charts_own_and_is_shown_as_altair_shows_it(chart, monkeypatch):
    named = chart_output.NamedCharts({"votes": chart})["votes"]
    monkeypatch.setattr(chart_output, "_keep_specs", True)
    spec = chart_output.spec_of(named)
    assert spec == named.to_dict() and chart_output.spec_of(named) is spec  # computed once
    assert chart_output.spec_of(chart) == chart.to_dict()  # another chart, its own spec
    with alt.renderers.enable("report"):
        assert chart_output._mimebundle(named) == named._repr_mimebundle_()


def test_a_chart_shown_again_as_svg_is_drawn_once(chart, monkeypatch):
    """After ``keep_specs`` (a report's or the site's kernel), a chart shown twice through Altair's ``"svg"`` renderer
    is drawn by vl-convert once and shows the picture Altair draws (vl-convert numbers clip paths from a counter of
    its own: compared without those numbers); another chart is drawn for itself."""
    import re

    import vl_convert

    named = chart_output.NamedCharts({"votes": chart})["votes"]
    other = chart_output.NamedCharts({"other": chart})["other"]
    monkeypatch.setattr(chart_output, "_keep_specs", True)
    real, drawn = vl_convert.vegalite_to_svg, []
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda *a, **k: drawn.append(1) or real(*a, **k))

    def picture(bundle: dict) -> str:
        return re.sub(r"clip\d+", "clip", bundle["image/svg+xml"])

    with alt.renderers.enable("svg"):
        first = chart_output._mimebundle(named)
        assert chart_output._mimebundle(named) == first and len(drawn) == 1
        assert picture(first) == picture(named._repr_mimebundle_()) and len(drawn) == 2  # Altair's own drawing
        assert "<svg" in picture(chart_output._mimebundle(other)) and len(drawn) == 3
