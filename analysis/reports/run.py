"""Run the parameterised notebooks with papermill and export them as a report folder.

``run_report("PAK", "IRN")`` writes ``reports/PAK-IRN/``:

- ``voting_alignment.ipynb`` and ``bilateral_trade.ipynb``: the executed notebooks;
- ``voting_alignment.html`` and ``bilateral_trade.html``: the same as pages (code hidden) with a
  header, contents, footer of sources and interactive charts (``analysis.reports.page``);
- ``charts/<name>.png`` and ``charts/<name>.svg`` for every chart (print), ``.csv`` (its data)
  and ``.vl.json`` (its spec);
- ``parameters.json``: the parameters and the raw-data checksums the report rests on.

The notebooks of a report run one after another in a warm kernel (``analysis.reports.kernels``), which reuses the
kernel's imports and each section's computation (the dyad report's sections are the other notebooks'), while a
printer process (``analysis.reports.printer``) draws the charts' PNG and SVG files, most of a report's work, on the
other core: the kernel leaves each chart as a job in a queue, and drains the queue with the printer once its
notebooks are done. The dyad report runs last, so the printer starts on the voting charts early. With
``workers=1`` (or one core) there is no printer: the kernel draws the files itself. A batch worker passes its own
kernel (``kernels``) and draws in it too: its pairs keep both cores busy already.

The folder is assembled in a temporary sibling directory and installed only when
everything succeeded, so a failed run never leaves a half-written report. Its marker file
``.unalign-report`` lists the files the package wrote; a later report replaces only those
and leaves a reader's own files in the folder (``analysis.core.report_folder``), one report
at a time per folder. The next run removes the work folder of a killed one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.core import manifest, outputs, paths, report_folder
from analysis.core.atomic import current_umask
from analysis.reports import citations, page, printer
from analysis.reports import kernels as kernels_module

if TYPE_CHECKING:
    from nbconvert import HTMLExporter


def __getattr__(name: str) -> object:
    """``run.papermill``: papermill and nbconvert are imported when a report runs, after its kernels started
    (together about 1.5 s of imports that would otherwise delay every command that imports this module)."""
    if name == "papermill":
        import papermill

        return papermill
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

NOTEBOOKS = ("dyad_report", "voting_alignment", "bilateral_trade", "diplomatic_events")
#: Charts the dyad report shows that another notebook also draws, identically, and saves under the same name
#: (the voting notebook's only for the GA, the dyad report's body): the dyad report then leaves them to it.
SHARED_CHARTS = {
    "voting_alignment": ("alignment_over_time", "agreement_by_issue", "council_membership",
                         "ideal_point_trajectories"),
    "bilateral_trade": ("trade_flows",),
    "diplomatic_events": ("event_quad_counts", "gdelt_months", "events_and_votes_timeline"),
}


def shared_charts(notebooks: tuple[str, ...], body: str) -> list[str]:
    """The dyad report's charts that the other notebooks of this run save (see ``SHARED_CHARTS``)."""
    return [name for nb in notebooks if nb != "dyad_report" and (nb != "voting_alignment" or body == "GA")
            for name in SHARED_CHARTS.get(nb, ())]


def export_html(notebook: Path, target: Path, ctx: page.PageContext | None = None,
                expect_claims: bool = False) -> Path:
    """Write ``notebook`` as an HTML page with code cells hidden (and cells tagged ``report-hide``); return
    ``target``.

    With ``ctx`` the page gets the report's header, contents, footer and live charts
    (``analysis.reports.page.assemble``).
    """
    body = notebook_body(notebook)
    if ctx is not None:
        body = page.assemble(body, notebook.stem, ctx, expect_claims=expect_claims)
    target.write_text(body, encoding="utf-8")
    return target


_exporters = threading.local()


def notebook_body(notebook: Path) -> str:
    """nbconvert's HTML of the executed ``notebook`` (code and cells tagged ``report-hide`` left out), before
    ``page.assemble`` adds the report's header, contents and footer."""
    import nbformat

    body, _ = _html_exporter().from_notebook_node(nbformat.read(notebook, as_version=4))
    return body


def _html_exporter() -> HTMLExporter:
    """The HTML exporter of the pages, made once per thread (an exporter registers filters on itself for each
    notebook): it compiles its templates on first use (about 0.3 s a page when every page had its own)."""
    if getattr(_exporters, "exporter", None) is not None:
        return _exporters.exporter
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    # a cell tagged "report-hide" (a notebook's introduction for JupyterLab) is left out of the page
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"report-hide"}), enabled=True)
    _exporters.exporter = exporter
    return exporter


_coverage: dict[tuple, str] = {}


def _data_coverage() -> str:
    """``page.data_coverage()``, computed once per process while the processed tables are unchanged (a batch
    worker's pairs share it)."""
    from analysis.reports.reuse import data_version

    key = data_version()
    if key not in _coverage:
        _coverage.clear()
        _coverage[key] = page.data_coverage()
    return _coverage[key]


_export_threads: list[ThreadPoolExecutor] = []


def _exports() -> ThreadPoolExecutor:
    """The thread that turns executed notebooks into HTML (``notebook_body``), one per process and kept: its
    exporter compiles its templates once (a batch worker's pairs share it)."""
    if not _export_threads:
        _export_threads.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="unalign-html"))
    return _export_threads[0]


#: The print queue's folder in a report's work folder (removed before the report is installed).
PRINT_QUEUE = ".print-queue"


def execution_order(notebooks: tuple[str, ...], printing: bool) -> tuple[str, ...]:
    """The order the notebooks run in: with a printer the dyad report last (its sections are the other notebooks',
    computed once in the kernel either way), so the printer gets the voting charts first, after about a second
    rather than after the dyad report's whole work; else as given."""
    if not printing:
        return notebooks
    return tuple(n for n in notebooks if n != "dyad_report") + tuple(n for n in notebooks if n == "dyad_report")


class _Printer:
    """The printer process of a report (``analysis.reports.printer``) on the queue ``queue`` (None: no printer).

    Started on entering; ``finish(pool)`` closes the queue once every notebook ran, drains it in the pool's
    kernel beside the printer, waits for the printer and raises ``RuntimeError`` naming any chart not drawn.
    Leaving stops a printer that is still running (a notebook failed) and removes the queue.
    """

    def __init__(self, queue: Path | None) -> None:
        self.queue, self.process = queue, None

    def __enter__(self) -> _Printer:
        if self.queue is not None:
            self.queue.mkdir()
            package_root = str(Path(__file__).resolve().parents[2])  # the package this process runs
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(
                p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)}
            self.log = (self.queue / "printer.log").open("w", encoding="utf-8")
            self.process = subprocess.Popen([sys.executable, "-m", "analysis.reports.printer", str(self.queue)],
                                            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, env=env)
        return self

    def finish(self, pool: kernels_module.KernelPool) -> None:
        """Close the queue, draw what is left in the pool's kernel beside the printer, wait for the printer (a
        printer that died leaves its jobs to the kernel); raise ``RuntimeError`` naming the charts not drawn."""
        if self.queue is None:
            return
        printer.close(self.queue)
        drain = f"__import__('analysis.reports.printer').reports.printer.drain({str(self.queue)!r}"
        pool.execute(drain + ")")  # the kernel, done with its notebooks, draws beside the printer
        status = self.process.wait()
        if status != 0 or printer.problems(self.queue):  # a printer that died: the kernel draws what it left
            pool.execute(drain + ", reclaim=True)")
        problems = printer.problems(self.queue)
        if problems:
            self.log.flush()
            said = (self.queue / "printer.log").read_text(encoding="utf-8", errors="replace").strip()[-500:]
            raise RuntimeError("print files not drawn: " + "; ".join(problems[:5])
                               + (f" (printer exit status {status}: {said})" if status != 0 else ""))

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.log.close()
        if self.queue is not None:
            shutil.rmtree(self.queue, ignore_errors=True)


def report_files(folder: Path) -> list[str]:
    """Every file of a finished report in ``folder``, as relative POSIX paths (what its marker lists)."""
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*") if p.is_file())


def run_report(
    a: str,
    b: str,
    *,
    start_year: int | None = None,
    end_year: int | None = None,
    body: str = "GA",
    out_dir: Path | None = None,
    progress: bool = True,
    notebooks: tuple[str, ...] = NOTEBOOKS,
    extra: dict[str, object] | None = None,
    replace: bool = True,
    workers: int = 4,
    kernels: kernels_module.KernelPool | None = None,
) -> Path:
    """Execute the notebooks for dyad ``a``–``b`` (ISO3 codes) and write the report folder.

    ``notebooks`` names the notebooks to run (default all); ``extra`` adds parameters (each
    notebook receives only the parameters its ``parameters`` cell declares). Returns the
    report directory (default ``reports/<A>-<B>``). ``replace`` allows replacing an earlier
    report of the package in ``out_dir`` (only the files it wrote: a reader's own files there
    stay, ``analysis.core.report_folder``). Raises ``OutputPathError`` before any work if
    ``out_dir`` is not a new or empty folder or (with ``replace``) one of the package's
    reports, or another report is being written there; raises it again, changing nothing, if
    the folder became unfit while the notebooks ran; raises papermill's
    ``PapermillExecutionError`` (naming the failing cell) if a notebook fails, leaving the
    previous report, if any, as it was. ``workers``: processes at work at once, never more than the machine's
    cores: with 2 or more, one kernel runs the notebooks while a printer process draws the charts' PNG and SVG
    files; with 1 the kernel does both. ``kernels``: a pool of warm kernels to run the notebooks in
    (``analysis.reports.kernels``; a batch worker keeps one for all its pairs), which then draw the files too;
    without it the report starts its own kernel and stops it at the end.
    """
    # absolute: the kernels run in the notebooks' folder, and write the charts where the parameters say
    out_dir = Path(out_dir).absolute() if out_dir else paths.reports_dir().absolute() / f"{a}-{b}"
    report_folder.check(out_dir, replace=replace)
    with report_folder.lock(out_dir):
        own = kernels is None
        printing = own and min(workers, os.cpu_count() or 1) >= 2
        if own:  # started now (once the folder is ours): they start and import the package while it is prepared
            kernels = kernels_module.KernelPool(1 if printing else kernels_module.default_size(workers, len(notebooks)),
                                                paths.NOTEBOOKS_DIR)
        try:
            _run_locked(a, b, out_dir, start_year=start_year, end_year=end_year, body=body, progress=progress,
                        notebooks=notebooks, extra=extra, replace=replace, pool=kernels, printing=printing)
        finally:
            if own:
                kernels.close()
    if progress:
        print(f"[{a}-{b}] wrote {out_dir}")
    return out_dir


def _run_locked(a: str, b: str, out_dir: Path, *, start_year: int | None, end_year: int | None, body: str,
                progress: bool, notebooks: tuple[str, ...], extra: dict[str, object] | None, replace: bool,
                pool: kernels_module.KernelPool, printing: bool = False) -> None:
    """``run_report`` while holding the folder's lock: run the notebooks in a work folder, then install it."""
    outputs.remove_report_leftovers(out_dir)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent)).absolute()
    work.chmod(0o777 & ~current_umask())
    outputs.mark_work_folder(work)
    try:
        charts_dir = work / "charts"
        parameters = {
            "country_a": a,
            "country_b": b,
            "start_year": start_year,
            "end_year": end_year,
            "body": body,
            "renderer": "report",
            "skip_charts": shared_charts(tuple(notebooks), body),
            **(extra or {}),
        }
        import papermill

        def job(name: str):
            def run_one(kernel) -> Path:
                if progress:
                    print(f"[{a}-{b}] running notebooks/{name}.ipynb")
                executed = work / f"{name}.ipynb"
                source = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
                accepted = papermill.inspect_notebook(str(source))  # each notebook gets only its own parameters
                given = {k: v for k, v in {**parameters, "output_dir": str(charts_dir)}.items() if k in accepted}
                for attempt in range(kernels_module.KERNEL_START_ATTEMPTS):
                    try:
                        papermill.execute_notebook(
                            str(source),
                            str(executed),
                            parameters=given,
                            progress_bar=False,
                            kernel_name="python3",
                            engine_name=kernels_module.ENGINE,
                            km=kernel.km,
                        )
                        # converted in a thread of this process while the kernel runs the next notebook; the page
                        # is assembled at the end
                        return executed, _exports().submit(notebook_body, executed)
                    except RuntimeError as exc:
                        # a kernel that died before it ran a cell (e.g. two kernels picked the same TCP port):
                        # start it again
                        if "Kernel died before replying to kernel_info" not in str(exc) or \
                                attempt == kernels_module.KERNEL_START_ATTEMPTS - 1:
                            raise
                        time.sleep(0.5 + attempt)
                        kernel.restart()
                raise AssertionError("unreachable")
            return run_one

        queue = work / PRINT_QUEUE if printing else None
        # papermill may change the process's working directory: put back the caller's own afterwards
        caller_cwd = os.getcwd()
        try:
            with ThreadPoolExecutor(max_workers=2) as side, _Printer(queue) as printed:
                bundle = side.submit(page.vega_script)  # built while the kernels run
                coverage = side.submit(_data_coverage)
                order = execution_order(tuple(notebooks), printing)
                setup = f"__import__('analysis.reports.chart_output').reports.chart_output.print_later({str(queue)!r})"
                ran = dict(zip(order, pool.map([job(name) for name in order], setup=setup) if printing else
                               pool.map([job(name) for name in order]), strict=True))
                executed = [ran[name] for name in notebooks]
                printed.finish(pool)
                bundle.result()
                names = json.loads((charts_dir / "summary.json").read_text(encoding="utf-8")) if (
                    charts_dir / "summary.json").is_file() else {"title": f"{a} and {b}", "years": ""}
                ctx = page.context(names["title"], names["years"], tuple(notebooks), coverage=coverage.result())
        finally:
            os.chdir(caller_cwd)
        for path, exported in executed:
            body_html = exported.result()
            page_html = page.assemble(body_html, path.stem, ctx,
                                      expect_claims=path.stem == "dyad_report" and bool(parameters.get("claims_file")))
            (work / f"{path.stem}.html").write_text(page_html, encoding="utf-8")
        checksums = {e.path: e.sha256 for e in manifest.load()}
        (work / "parameters.json").write_text(
            json.dumps({"parameters": parameters, "raw_data_sha256": checksums}, indent=2) + "\n", encoding="utf-8"
        )
        citations.write_citation_bib(work, citations.datasets_of_report(work))
        (work / outputs.WORK_MARKER).unlink()
        report_folder.install(work, out_dir, report_files(work), replace=replace)
    finally:
        if work.exists():
            shutil.rmtree(work)
