"""The text of PDF files, page by page, read with pypdf (a maintained, pure-Python PDF library).

Kept apart from the adapters that interpret the text (``analysis.sources.statedept``) so that the
build's stage cache keeps the slow extraction while the interpretation changes (the 151 table pages
of the State Department reports take about 12 s of CPU: 20 s on one core, 11 s read in two child
interpreters; the build starts them first and does its other work meanwhile, ``analysis.build``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from analysis.sources import SourceFormatError


def page_texts(files: dict[int, Path], pages: dict[int, set[int]] | None = None,
               workers: int | None = None) -> pl.DataFrame:
    """Return ``year``, ``page`` (1-based) and ``text`` of the pages of the PDFs in ``files`` (year -> path).

    ``pages``: per year the pages to read (default: every page). The files are read in
    ``workers`` child interpreters at once (default: one per CPU, at most one per file; pypdf
    is pure Python, so threads alone would not run at once), each child reading a batch of files
    (about the same number of pages each: one interpreter start per worker, not per file). Raises
    ``SourceFormatError`` naming the file when one is missing, is not a readable PDF or has fewer
    pages than asked for.
    """
    jobs = [(year, Path(path), sorted(pages[year]) if pages and year in pages else None)
            for year, path in sorted(files.items())]
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        results = [_read_file(*job) for job in jobs]
    else:  # a few Pythons, each with a batch of files: a fork of a process running polars' threads is never safe
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(_read_files_in_child, _batches(jobs, workers)))
    rows = sorted((row for result in results for row in result), key=lambda row: (row["year"], row["page"]))
    return pl.DataFrame(rows, schema={"year": pl.Int32, "page": pl.Int32, "text": pl.String})


def _batches(jobs: list[tuple], workers: int) -> list[list[tuple]]:
    """``jobs`` in ``workers`` batches of about the same number of pages (largest file first to the lightest batch)."""
    size = [len(wanted) if wanted is not None else 50 for _, _, wanted in jobs]  # 50: a guess for "every page"
    batches: list[list[tuple]] = [[] for _ in range(workers)]
    load = [0] * workers
    for k in sorted(range(len(jobs)), key=lambda k: -size[k]):
        lightest = load.index(min(load))
        batches[lightest].append(jobs[k])
        load[lightest] += size[k]
    return [batch for batch in batches if batch]


def _read_files_in_child(jobs: list[tuple]) -> list[dict]:
    """:func:`_read_file` of each job in one child interpreter (``python -m analysis.sources.pdf_text``), its
    rows as JSON."""
    package_root = str(Path(__file__).resolve().parents[2])  # the child imports this very package, installed or not
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    payload = [{"year": year, "path": str(path), "wanted": wanted} for year, path, wanted in jobs]
    done = subprocess.run([sys.executable, "-m", "analysis.sources.pdf_text"], capture_output=True, text=True,
                          input=json.dumps(payload), env=env)
    if done.returncode == EXIT_FORMAT:
        raise SourceFormatError(done.stderr.strip())
    if done.returncode != 0:
        names = ", ".join(str(path) for _, path, _ in jobs)
        raise RuntimeError(f"reading {names} in a child process failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


def _read_file(year: int, path: Path, wanted: list[int] | None) -> list[dict]:
    """The rows of one file (see :func:`page_texts`); ``wanted`` None reads every page."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        wanted = wanted if wanted is not None else list(range(1, len(reader.pages) + 1))
        if wanted and max(wanted) > len(reader.pages):
            raise SourceFormatError(f"{path}: {len(reader.pages)} pages, page {max(wanted)} asked for")
        return [{"year": year, "page": n, "text": reader.pages[n - 1].extract_text() or ""} for n in wanted]
    except FileNotFoundError:
        raise SourceFormatError(f"{path}: missing (listed in data/raw/datasets)") from None
    except (PdfReadError, ValueError, KeyError) as exc:
        raise SourceFormatError(f"{path}: not a readable PDF ({exc})") from None


EXIT_FORMAT = 3  # the child's exit status for a SourceFormatError (its message on stderr)


def _child() -> int:
    """``python -m analysis.sources.pdf_text``: read the files of a batch (a JSON list of jobs on stdin), their rows
    as JSON on stdout; the first bad file's message on stderr with status ``EXIT_FORMAT``."""
    rows = []
    for job in json.load(sys.stdin):
        try:
            rows += _read_file(job["year"], Path(job["path"]), job["wanted"])
        except SourceFormatError as exc:
            print(exc, file=sys.stderr)
            return EXIT_FORMAT
    json.dump(rows, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(_child())
