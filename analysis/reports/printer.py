"""Print files (a chart's PNG and SVG) drawn outside the notebook that made the chart: a queue in a folder.

Drawing the print files is most of a report's work (about 7 of its 16 CPU seconds: each chart drawn once as SVG by
vl-convert, the PNG rasterised from it), and vl-convert holds Python's lock while it draws, so a thread cannot
overlap it. A single report (``analysis.reports.run``) therefore runs its notebooks in one kernel and hands the
drawing to a printer process: ``chart_output.save`` in a kernel told to ``print_later(queue)`` writes the spec and
the CSV itself and leaves a job here (``submit``); ``python -m analysis.reports.printer QUEUE`` draws the jobs as
they come (``drain``), until the report closes the queue (``close``) and none is left. At the end the kernel, done
with its notebooks, drains the queue too, so the two share the last charts. A job is claimed by renaming it
(atomic: each job is drawn once); a job that fails leaves ``<job>.error`` with the reason (``problems``).

The files are the ones ``chart_output.save`` draws in the kernel (the same calls on the same spec, passed as JSON,
which keeps its key order and numbers): the SVG from ``vegalite_to_svg`` with its ids renumbered (``stable_ids``),
the PNG from that SVG at 2x (``svg_to_png``). This module imports neither Altair nor polars: the printer starts in
about a quarter of a second.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from analysis.core.atomic import write_text, write_with

JOB_SUFFIX = ".job.json"
CLOSED = ".closed"
#: How long a waiting printer sleeps when the queue is empty (seconds).
POLL_SECONDS = 0.03
_numbers = itertools.count(1)

#: The ids Vega gives an SVG's clip paths and gradients (``clip12``, ``gradient_3``), where they are defined and used.
SVG_IDS = re.compile(r'(?<=id=")(clip|gradient_)(\d+)(?=")|(?<=url\(#)(clip|gradient_)(\d+)(?=\))')


def stable_ids(svg: str) -> str:
    """``svg`` with its clip-path and gradient ids numbered from 1 in order of first appearance.

    Vega numbers them with a counter of the process, so a chart's SVG would depend on how many charts the
    process drew before it (a kernel that runs several notebooks, a batch's pairs, the printer); renumbered, the
    same chart gives the same file. The drawing is unchanged: an id only links a use to its definition.
    """
    numbers: dict[tuple[str, str], int] = {}

    def renumber(m: re.Match) -> str:
        kind, n = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        key = (kind, n)
        if key not in numbers:
            numbers[key] = 1 + sum(k == kind for k, _ in numbers)
        return f"{kind}{numbers[key]}"

    return SVG_IDS.sub(renumber, svg)


@dataclass(frozen=True)
class PrintJob:
    """One chart to draw: its Vega-Lite spec (as ``chart.to_dict()`` gives it), the Vega-Lite version vl-convert
    compiles it with (e.g. ``"v6_4"``) and the two files to write."""

    spec: dict
    vl_version: str
    svg: Path
    png: Path


def draw(job: PrintJob) -> list[Path]:
    """Write ``job.png`` (2x) and ``job.svg``: the spec drawn once as SVG, the PNG rasterised from it; return both."""
    import vl_convert as vlc

    svg = stable_ids(vlc.vegalite_to_svg(job.spec, vl_version=job.vl_version))  # one call: the spec crosses once
    write_with(lambda tmp: Path(tmp).write_bytes(vlc.svg_to_png(svg, scale=2)), job.png)
    write_text(svg, job.svg)
    return [job.png, job.svg]


def submit(queue: Path, job: PrintJob) -> Path | None:
    """Leave ``job`` in ``queue`` (written to a temporary name, then renamed: a printer never reads half a job);
    return its path, or None when the spec is not plain JSON (the caller then draws it itself)."""
    try:
        text = json.dumps({"spec": job.spec, "vl_version": job.vl_version, "svg": str(job.svg), "png": str(job.png)})
    except (TypeError, ValueError):
        return None
    path = Path(queue) / f"{next(_numbers):05d}-{job.png.stem}{JOB_SUFFIX}"
    return write_text(text, path)


def close(queue: Path) -> None:
    """Tell the printers of ``queue`` that no job will come: they draw what is left and stop."""
    write_text("", Path(queue) / CLOSED)


def _claim(queue: Path, worker: str) -> Path | None:
    """The oldest job of ``queue``, renamed to ``<job>.<worker>`` (None when there is none left to claim)."""
    for path in sorted(Path(queue).glob(f"*{JOB_SUFFIX}")):
        mine = path.with_name(f"{path.name}.{worker}")
        try:
            path.rename(mine)
        except FileNotFoundError:  # another printer took it
            continue
        return mine
    return None


def _draw_claimed(claimed: Path) -> None:
    """Draw a claimed job and remove it; on failure leave ``<job>.error`` with the reason."""
    try:
        data = json.loads(claimed.read_text(encoding="utf-8"))
        draw(PrintJob(data["spec"], data["vl_version"], Path(data["svg"]), Path(data["png"])))
    except Exception as exc:  # noqa: BLE001 - reported to the report run through the error file
        reason = " ".join(traceback.format_exception_only(type(exc), exc)[-1].strip().splitlines()[:2])
        write_text(f"{claimed.name.split('.')[0]}: {reason}\n", claimed.with_name(f"{claimed.name}.error"))
    claimed.unlink()


def drain(queue: Path, *, wait: bool = False, worker: str = "kernel", reclaim: bool = False) -> int:
    """Draw the jobs of ``queue`` until none is left; return how many this call drew.

    ``wait``: also wait for new jobs until the queue is closed (``close``) — the printer process. ``reclaim``: first
    take back jobs another worker claimed but left (a printer that died while drawing them).
    """
    queue = Path(queue)
    if reclaim:
        for left in queue.glob(f"*{JOB_SUFFIX}.*"):
            if not left.name.endswith(".error"):
                left.rename(left.with_name(left.name[:left.name.index(JOB_SUFFIX) + len(JOB_SUFFIX)]))
    drawn = 0
    while True:
        claimed = _claim(queue, worker)
        if claimed is not None:
            _draw_claimed(claimed)
            drawn += 1
        elif not wait or ((queue / CLOSED).exists() and not any(queue.glob(f"*{JOB_SUFFIX}"))):
            return drawn
        else:
            time.sleep(POLL_SECONDS)


def problems(queue: Path) -> list[str]:
    """What went wrong in ``queue``: each failed job's reason, and every job still waiting or claimed."""
    queue = Path(queue)
    errors = [p.read_text(encoding="utf-8").strip() for p in sorted(queue.glob("*.error"))]
    left = [p.name for p in sorted(queue.glob(f"*{JOB_SUFFIX}*")) if not p.name.endswith(".error")]
    return errors + [f"{name}: not drawn" for name in left]


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.reports.printer QUEUE``: draw the jobs of QUEUE as they come, until it is closed."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m analysis.reports.printer QUEUE", file=sys.stderr)
        return 2
    drain(Path(args[0]), wait=True, worker="printer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
