"""The text of PDF files, page by page, read with PDFium (Google's PDF engine, through ``pypdfium2``).

Kept apart from the adapters that interpret the text (``analysis.sources.statedept``) so that the
build's stage cache keeps the extraction while the interpretation changes. PDFium reads the 151
table pages of the State Department reports in about 0.5 s of CPU (pypdf, pure Python, took about
9 s in two child interpreters). Its text differs from pypdf's in whitespace only (line ends, runs
of spaces, blank lines, where a line breaks); the parser reads both the same
(``statedept.plain_text``, ``tests/test_statedept.py``). PDFium is not thread-safe: one thread at a
time reads here (``_LOCK``).
"""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl

from analysis.sources import SourceFormatError

_LOCK = threading.Lock()


def page_texts(files: dict[int, Path], pages: dict[int, set[int]] | None = None) -> pl.DataFrame:
    """Return ``year``, ``page`` (1-based) and ``text`` of the pages of the PDFs in ``files`` (year -> path).

    ``pages``: per year the pages to read (default: every page). Sorted by year and page. Raises
    ``SourceFormatError`` naming the file when one is missing, is not a readable PDF or has fewer
    pages than asked for.
    """
    rows = []
    with _LOCK:
        for year, path in sorted(files.items()):
            wanted = sorted(pages[year]) if pages and year in pages else None
            rows += _read_file(year, Path(path), wanted)
    return pl.DataFrame(rows, schema={"year": pl.Int32, "page": pl.Int32, "text": pl.String})


def _read_file(year: int, path: Path, wanted: list[int] | None) -> list[dict]:
    """The rows of one file (see :func:`page_texts`); ``wanted`` None reads every page."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except FileNotFoundError:
        raise SourceFormatError(f"{path}: missing (listed in data/raw/datasets)") from None
    except pdfium.PdfiumError as exc:
        raise SourceFormatError(f"{path}: not a readable PDF ({exc})") from None
    try:
        count = len(document)
        wanted = wanted if wanted is not None else list(range(1, count + 1))
        if wanted and max(wanted) > count:
            raise SourceFormatError(f"{path}: {count} pages, page {max(wanted)} asked for")
        rows = []
        for n in wanted:
            page = document[n - 1]
            try:
                text = page.get_textpage()
                try:
                    rows.append({"year": year, "page": n, "text": text.get_text_range()})
                finally:
                    text.close()
            except pdfium.PdfiumError as exc:
                raise SourceFormatError(f"{path}: page {n} has no readable text ({exc})") from None
            finally:
                page.close()
        return rows
    finally:
        document.close()
