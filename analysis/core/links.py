"""Links to UN documents, shared by the claims check and the reports."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

UNDOCS_URL = "https://undocs.org/"


def document_url(symbol: str, record_url: str | None = None, *, safe: str = "/()") -> str:
    """Return the link of a UN document symbol: ``record_url`` (its voting record) when it is a web
    address, else ``https://undocs.org/<symbol>``; ``safe``: the characters left unquoted (by default
    slashes and the parentheses of "S/RES/2817(2026)", kept readable in Markdown)."""
    if record_url and record_url.startswith(("http://", "https://")):
        return record_url
    return UNDOCS_URL + quote(symbol.strip(), safe=safe)


def voting_records(symbols: Iterable[str]) -> dict[str, str]:
    """``{symbol: record_url}`` for the roll calls of the processed ``roll_calls`` table among ``symbols`` whose
    record the data give (the OHCHR Search Library record of every HRC and CHR vote, the UN Digital Library
    record of a Security Council vote); empty when the table is not built.

    For a table or text that does not carry ``record_url`` itself: pass each symbol's entry to
    :func:`document_url`, so a symbol links to its voting record wherever the data hold one.
    """
    import polars as pl

    from analysis.core import tables

    wanted = sorted({s for s in symbols if s})
    if not wanted or not tables.exists("roll_calls"):
        return {}
    rows = tables.load_where("roll_calls", pl.col("symbol").is_in(wanted) & pl.col("record_url").is_not_null(),
                             ["symbol", "record_url", "rcid"])
    return dict(rows.sort("rcid").unique("symbol", keep="first", maintain_order=True)
                .select("symbol", "record_url").iter_rows())
