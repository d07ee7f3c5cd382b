"""Run the parameterised notebooks with papermill and export them as a report folder.

``run_report("PAK", "IRN")`` writes ``reports/PAK-IRN/``:

- ``voting_alignment.ipynb`` and ``bilateral_trade.ipynb``: the executed notebooks;
- ``voting_alignment.html`` and ``bilateral_trade.html``: the same as static pages (charts
  inline as SVG, code hidden);
- ``charts/<name>.png`` and ``charts/<name>.svg`` for every chart;
- ``parameters.json``: the parameters and the raw-data checksums the report rests on.

The folder is assembled in a temporary sibling directory and swapped into place only
when everything succeeded, so a failed run never leaves a half-written report. It ends
with the marker file ``.unalign-report``; the package replaces only folders that hold one
(``analysis.core.outputs``), and the next run removes the work folder of a killed one.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from analysis.core import manifest, outputs, paths
from analysis.core.atomic import current_umask

NOTEBOOKS = ("dyad_report", "voting_alignment", "bilateral_trade", "diplomatic_events")


def export_html(notebook: Path, target: Path) -> Path:
    """Write ``notebook`` as a static HTML page with code cells hidden; return ``target``."""
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target.write_text(body, encoding="utf-8")
    return target


def _swap_into_place(built: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out_dir.exists():
        out_dir.rename(old)
    built.rename(out_dir)
    if old.exists():
        shutil.rmtree(old)


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
) -> Path:
    """Execute the notebooks for dyad ``a``–``b`` (ISO3 codes) and write the report folder.

    ``notebooks`` names the notebooks to run (default all); ``extra`` adds parameters (each
    notebook receives only the parameters its ``parameters`` cell declares). Returns the
    report directory (default ``reports/<A>-<B>``). ``replace`` allows replacing an earlier
    report of the package in ``out_dir``. Raises ``OutputPathError`` before any work if
    ``out_dir`` is not a new or empty folder or (with ``replace``) one of the package's
    reports; raises papermill's ``PapermillExecutionError`` (naming the failing cell) if a
    notebook fails, leaving the previous report, if any, as it was.
    """
    out_dir = Path(out_dir) if out_dir else paths.reports_dir() / f"{a}-{b}"
    outputs.check_report_folder(out_dir, replace=replace)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    outputs.remove_report_leftovers(out_dir)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
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
            "renderer": "svg",
            **(extra or {}),
        }
        for name in notebooks:
            if progress:
                print(f"[{a}-{b}] running notebooks/{name}.ipynb")
            executed = work / f"{name}.ipynb"
            source = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
            accepted = papermill.inspect_notebook(str(source))  # each notebook gets only its own parameters
            given = {k: v for k, v in {**parameters, "output_dir": str(charts_dir)}.items() if k in accepted}
            papermill.execute_notebook(
                str(source),
                str(executed),
                parameters=given,
                cwd=str(paths.NOTEBOOKS_DIR),
                progress_bar=progress,
                kernel_name="python3",
            )
            export_html(executed, work / f"{name}.html")
        checksums = {e.path: e.sha256 for e in manifest.load()}
        (work / "parameters.json").write_text(
            json.dumps({"parameters": parameters, "raw_data_sha256": checksums}, indent=2) + "\n", encoding="utf-8"
        )
        (work / outputs.WORK_MARKER).unlink()
        (work / outputs.REPORT_MARKER).write_text("a report written by python -m analysis report\n", encoding="utf-8")
        _swap_into_place(work, out_dir)
    finally:
        if work.exists():
            shutil.rmtree(work)
    if progress:
        print(f"[{a}-{b}] wrote {out_dir}")
    return out_dir
