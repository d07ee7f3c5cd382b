"""The text of PDF files, page by page, read with pypdf (a maintained, pure-Python PDF library).

Kept apart from the adapters that interpret the text (``analysis.sources.statedept``) so that the
build's stage cache keeps the slow extraction while the interpretation changes (the 230 pages of
the State Department reports' tables take about 20 s; all their 880 pages about 90 s).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.sources import SourceFormatError


def page_texts(files: dict[int, Path], pages: dict[int, set[int]] | None = None) -> pl.DataFrame:
    """Return ``year``, ``page`` (1-based) and ``text`` of the pages of the PDFs in ``files`` (year -> path).

    ``pages``: per year the pages to read (default: every page). Raises ``SourceFormatError`` naming
    the file when one is missing, is not a readable PDF or has fewer pages than asked for.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    rows = []
    for year, path in sorted(files.items()):
        try:
            reader = PdfReader(path)
            wanted = sorted(pages[year]) if pages and year in pages else range(1, len(reader.pages) + 1)
            if wanted and max(wanted) > len(reader.pages):
                raise SourceFormatError(f"{path}: {len(reader.pages)} pages, page {max(wanted)} asked for")
            rows += [{"year": year, "page": n, "text": reader.pages[n - 1].extract_text() or ""} for n in wanted]
        except FileNotFoundError:
            raise SourceFormatError(f"{path}: missing (listed in SOURCES.toml)") from None
        except (PdfReadError, ValueError, KeyError) as exc:
            raise SourceFormatError(f"{path}: not a readable PDF ({exc})") from None
    return pl.DataFrame(rows, schema={"year": pl.Int32, "page": pl.Int32, "text": pl.String})
