"""The text of PDF files, page by page, read with pypdf (a maintained, pure-Python PDF library).

Kept apart from the adapters that interpret the text (``analysis.sources.statedept``) so that the
build's stage cache keeps the slow extraction (about 90 s for the ten State Department reports)
while the interpretation changes.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.sources import SourceFormatError


def page_texts(files: dict[int, Path]) -> pl.DataFrame:
    """Return ``year``, ``page`` (1-based) and ``text`` of every page of the PDFs in ``files`` (year -> path).

    Raises ``SourceFormatError`` naming the file when one is missing or is not a readable PDF.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    rows = []
    for year, path in sorted(files.items()):
        try:
            reader = PdfReader(path)
            rows += [{"year": year, "page": n, "text": page.extract_text() or ""}
                     for n, page in enumerate(reader.pages, start=1)]
        except FileNotFoundError:
            raise SourceFormatError(f"{path}: missing (listed in SOURCES.toml)") from None
        except (PdfReadError, ValueError, KeyError) as exc:
            raise SourceFormatError(f"{path}: not a readable PDF ({exc})") from None
    return pl.DataFrame(rows, schema={"year": pl.Int32, "page": pl.Int32, "text": pl.String})
