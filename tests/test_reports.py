"""The report command and the notebook, run with papermill for a non-default pair."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import nbformat
import polars as pl
import pytest

from analysis.reports.run import run_report


@pytest.fixture(scope="module")
def ind_usa(report_batch):
    """The run's IND-USA report, 2000-2010 (``report_batch`` in tests/conftest.py)."""
    return report_batch / "IND-USA"


@dataclass
class RelativeReport:
    """A report written into a folder given relative to the caller's working directory (``relative_report``)."""

    caller: Path  # the caller's working directory
    folder: Path  # what run_report returned
    cwd_after: str  # the working directory once run_report returned
    calls: list[str]  # the notebooks papermill was asked to run, in order (the first call's kernel died)


@pytest.fixture(scope="module")
def relative_report(built, tmp_path_factory) -> RelativeReport:
    """``run_report("IND", "USA", 2000-2010, out_dir=Path("IND-USA"))`` from a folder of the caller's, two notebooks
    (diplomatic_events, bilateral_trade), two workers (a kernel and a printer); the kernel of the first notebook dies
    before its first cell (papermill's first call raises as jupyter does then). One run serves the tests of the working
    directory and of the kernel started again."""
    import os

    import papermill

    caller = tmp_path_factory.mktemp("caller")
    real = papermill.execute_notebook
    calls: list[str] = []

    def flaky(*args, **kwargs):
        calls.append(Path(args[0]).stem)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(caller)
        mp.setattr(papermill, "execute_notebook", flaky)
        folder = run_report("IND", "USA", start_year=2000, end_year=2010, out_dir=Path("IND-USA"), progress=False,
                            notebooks=("diplomatic_events", "bilateral_trade"), workers=2)
        cwd_after = os.getcwd()
    return RelativeReport(caller, folder, cwd_after, calls)


def test_a_report_leaves_the_callers_working_directory_as_it_was(relative_report):
    """papermill changes the process's directory for each notebook, in threads: run_report puts it back. A relative
    folder is the caller's: the charts land in it, drawn by the printer and the kernel (which runs in the
    notebooks' folder), and the print queue is gone."""
    folder, caller = relative_report.folder, relative_report.caller
    assert relative_report.cwd_after == str(caller) and folder == caller / "IND-USA"
    assert (folder / "diplomatic_events.html").is_file() and (folder / "bilateral_trade.html").is_file()
    specs = sorted(p.name.removesuffix(".vl.json") for p in (folder / "charts").glob("*.vl.json"))
    assert "trade_flows" in specs
    assert sorted(p.name for p in (folder / "charts").iterdir()) == sorted(
        f"{name}.{ext}" for name in specs for ext in ("csv", "png", "svg", "vl.json"))
    assert [p.name for p in folder.rglob(".*")] == [".unalign-report"]  # the marker; no print queue left


def test_a_kernel_that_dies_at_start_is_started_again(relative_report):
    """Kernels started at once can pick the same TCP port; the loser dies before its first cell (seen in a
    fresh-clone run: "Kernel died before replying to kernel_info"). The report starts it again and runs the
    notebook (``relative_report``: the kernel of its first notebook died)."""
    assert relative_report.calls == ["diplomatic_events", "diplomatic_events", "bilateral_trade"]
    assert (relative_report.folder / "diplomatic_events.html").is_file()


def test_report_folder_has_notebook_html_and_charts(ind_usa):
    names = {p.name for p in ind_usa.iterdir()}
    assert {"voting_alignment.ipynb", "voting_alignment.html", "bilateral_trade.ipynb", "bilateral_trade.html",
            "parameters.json", "charts"} <= names
    charts = {p.name for p in (ind_usa / "charts").iterdir()}
    for chart in ("alignment_over_time", "dyad_measures", "agreement_by_issue", "most_least_aligned",
                  "trade_flows", "trade_balance", "trade_shares", "agreement_vs_trade"):
        assert {f"{chart}.png", f"{chart}.svg"} <= charts
    assert (ind_usa / "charts" / "dyad_measures.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (ind_usa / "charts" / "dyad_measures.svg").read_text()[:500]


def test_report_folder_has_a_citation_bib_of_its_datasets_linked_from_the_footer(ind_usa):
    import bibtexparser

    from analysis.reports.citations import datasets_of_report

    library = bibtexparser.parse_string((ind_usa / "CITATION.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    expected = {d.bibtex_fields()["key"] for d in datasets_of_report(ind_usa)}
    assert {e.key for e in library.entries} == expected and "voeten_unvotes_2009" in expected
    assert '<a href="CITATION.bib">CITATION.bib</a>' in (ind_usa / "voting_alignment.html").read_text()


def test_report_notebook_ran_for_the_requested_pair(ind_usa):
    nb = nbformat.read(ind_usa / "voting_alignment.ipynb", as_version=4)

    def shown(output: dict) -> str:  # a stream's text, or a result's Markdown and plain text
        data = output.get("data", {})
        return output.get("text", "") or f"{data.get('text/markdown', '')}\n{data.get('text/plain', '')}\n"

    text = "".join(shown(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "### India (IND) and United States (USA)\n\nUN General Assembly votes, 2000–2010." in text
    assert "dyad: IND-USA" in text
    assert "last_year: 2010" in text
    params = json.loads((ind_usa / "parameters.json").read_text())
    assert params["parameters"]["country_a"] == "IND"
    assert len(params["raw_data_sha256"]) >= 16


def test_html_report_works_without_a_browser(ind_usa):
    html = (ind_usa / "voting_alignment.html").read_text()
    assert html.count("data:image/svg+xml;base64") >= 4  # charts rendered to SVG, not JavaScript


def test_failed_report_keeps_previous_folder(built, tmp_path):
    from papermill.exceptions import PapermillExecutionError

    from analysis.core.outputs import REPORT_MARKER

    out = tmp_path / "PAK-IRN"
    out.mkdir()
    (out / REPORT_MARKER).write_text("an earlier report")
    (out / "dyad_report.html").write_text("old report")
    with pytest.raises(PapermillExecutionError):
        # an invalid body fails in the notebook; one notebook is enough to fail the report
        run_report("PAK", "IRN", body="XX", out_dir=out, progress=False, notebooks=("voting_alignment",))
    assert (out / "dyad_report.html").read_text() == "old report"
    # no temporary folder left behind; only the folder's lock (hidden and empty) stays beside it: deleting a lock
    # file on release would let a waiting report and a new one both hold it (analysis.core.locks)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".PAK-IRN.report.lock", "PAK-IRN"]
    assert (tmp_path / ".PAK-IRN.report.lock").stat().st_size == 0


def test_report_folder_carries_the_marker(ind_usa):
    from analysis.core.outputs import REPORT_MARKER, WORK_MARKER

    assert (ind_usa / REPORT_MARKER).is_file() and not (ind_usa / WORK_MARKER).exists()


def test_chart_files_show_their_labels(ind_usa, built):
    svg = (ind_usa / "charts" / "agreement_by_issue.svg").read_text()
    assert "n = " in svg  # each bar is labelled with its number of joint votes
    assert "undefined" not in svg
    # the source line names each dataset with the years it covers in the built tables (from the registry)
    rc = built["roll_calls"].filter(pl.col("body").cast(pl.String) == "GA")
    spans = rc.group_by("source").agg(pl.col("date").min().alias("lo"), pl.col("date").max().alias("hi"))
    years = {s: f"{lo.year}–{hi.year}" for s, lo, hi in spans.iter_rows()}
    assert f"Voeten et al. UNGA votes (unvotes), {years['unvotes']}" in svg
    assert f"UN DGACM General Assembly records, {years['dgacm']}" in svg


def test_papermill_sees_every_notebook_parameter():
    import papermill

    from analysis.core.paths import NOTEBOOKS_DIR

    inferred = papermill.inspect_notebook(str(NOTEBOOKS_DIR / "voting_alignment.ipynb"))
    assert set(inferred) == {"country_a", "country_b", "comparators", "start_year", "end_year", "body",
                             "output_dir", "renderer"}


def test_pages_show_no_program_output(ind_usa):
    """No polars repr, raw None/null/NaN or absolute path in any page's visible text (issue 23, part 4)."""
    import html as html_module
    import re

    pages = sorted(ind_usa.glob("*.html"))
    assert len(pages) >= 2
    for page in pages:
        body = re.sub(r"<(script|style)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        text = html_module.unescape(re.sub(r"<[^>]+>", " ", body))
        found = {what: re.findall(pattern, text)[:3] for what, pattern in {
            "polars shape": r"shape: \(", "table box drawing": r"[┌╞│┆]", "dtype row": r"\b(?:i32|i64|f64|u32)\b",
            "None": r"\bNone\b", "null": r"\bnull\b", "NaN": r"\b(?:NaN|nan)\b",
            "absolute path": r"(?:/tmp/|/work/|/home/|/root/)\S*"}.items()}
        assert not any(found.values()), f"{page.name}: {({k: v for k, v in found.items() if v})}"
