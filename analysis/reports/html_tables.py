"""Tables for people: a polars frame as an HTML table with its symbols and URLs as links.

Used by the notebooks instead of polars' own display, which quotes strings, prints dtypes
and cuts long titles: a reader of the report sees plain values, "—" for a missing one,
numbers aligned right, a resolution symbol linked to its voting record (the row's
``record_url``, then not shown as a column of its own) or to ``https://undocs.org/<symbol>``
(``analysis.core.links.document_url``), and every URL clickable.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Mapping

import polars as pl

from analysis.core.links import document_url

SYMBOL_COLUMNS = ("symbol", "draft_symbol")
URL_COLUMNS = ("url", "record_url", "source_url")
STYLE = ("<style>.unalign-table{border-collapse:collapse;font-size:13px;margin:6px 0 14px}"
         ".unalign-table th,.unalign-table td{border-bottom:1px solid #e1e4e8;padding:3px 8px;vertical-align:top;"
         "text-align:left!important}.unalign-table td.num{text-align:right!important;"
         "font-variant-numeric:tabular-nums}.unalign-table th{background:#f6f8fa}</style>")


def _cell(column: str, value: object, row: dict) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "<td>—</td>"
    if isinstance(value, bool):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, int | float):
        text = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}" if abs(value) >= 10000 else str(value)
        return f'<td class="num">{text}</td>'
    text = str(value)
    if column in SYMBOL_COLUMNS:
        url = document_url(text, row.get("record_url") if column == "symbol" else None)
        return f'<td><a href="{html.escape(url)}">{html.escape(text)}</a></td>'
    if column in URL_COLUMNS and text.startswith(("http://", "https://")):
        return f'<td><a href="{html.escape(text)}">{html.escape(text)}</a></td>'
    return f"<td>{html.escape(text)}</td>"


def _table(frame: pl.DataFrame, caption: str | None) -> str:
    # a record_url column beside a symbol column is not shown: the symbol links to it
    shown = [c for c in frame.columns if not (c == "record_url" and "symbol" in frame.columns)]
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in shown)
    rows = "".join("<tr>" + "".join(_cell(c, row[c], row) for c in shown) + "</tr>"
                   for row in frame.iter_rows(named=True))
    cap = f"<caption style='text-align:left;font-weight:bold'>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="unalign-table">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def frame_html(frame: pl.DataFrame, caption: str | None = None, shown: int | None = None, last: bool = False) -> str:
    """Return ``frame`` as an HTML table (class ``unalign-table``) with symbols and URLs linked.

    Takes any polars frame; ``caption`` (plain text) goes above it. With ``shown``, a longer
    frame shows its first ``shown`` rows (its last, with ``last``), the whole table behind a
    "show all N rows" toggle, and a link that downloads every row as CSV (the data inside the
    link: the page stays one self-contained file). Returns a fragment with its own scoped
    style. A ``record_url`` column beside a ``symbol`` column is not shown: the symbol links to it.
    """
    if shown is None or frame.height <= shown:
        return STYLE + _table(frame, caption)
    part = frame.tail(shown) if last else frame.head(shown)
    which = "last" if last else "first"
    name = re.sub(r"[^A-Za-z0-9]+", "_", caption or "table").strip("_").lower() or "table"
    data = base64.b64encode(frame.write_csv().encode("utf-8")).decode("ascii")
    download = (f'<a class="table-csv" download="{html.escape(name)}.csv" href="data:text/csv;base64,{data}">'
                f"all {frame.height:,} rows as CSV</a>")
    return (STYLE + _table(part, f"{caption + ': ' if caption else ''}{which} {shown} of {frame.height:,} rows")
            + f"<details><summary>Show all {frame.height:,} rows</summary>{_table(frame, caption)}</details>"
            + f"<p>{download}</p>")


def _fact_value(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)  # years stay 2025
    if isinstance(value, list | tuple):
        return ", ".join(_fact_value(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_fact_value(v)}" for k, v in value.items()) or "none"
    return str(value)


_WORDS = {"hrc": "Human Rights Council", "chr": "Commission on Human Rights", "sc": "Security Council",
          "ga": "General Assembly", "usd": "US$", "pct": "%", "cow": "COW", "dots": "DOTS", "icews": "ICEWS",
          "gdelt": "GDELT", "musd": "(US$ million)"}


class FactsTable:
    """A notebook's key facts: a two-column table on the page (``_repr_html_``), each key in words
    with the pair's names for ``a`` and ``b``, and as plain text the stable ``key: value`` lines
    that scripts and nbval read (``repr``)."""

    def __init__(self, facts: Mapping[str, object], names: tuple[str, str] = ("A", "B")) -> None:
        self.facts = dict(facts)
        self.names = names

    def label(self, key: str) -> str:
        """``"rank_of_b_among_partners_last_year"`` -> ``"Rank of Iran among partners last year"``."""
        words = {**_WORDS, "a": self.names[0], "b": self.names[1]}
        text = " ".join(words.get(w, w) for w in key.split("_"))
        return text[:1].upper() + text[1:]

    def __repr__(self) -> str:
        return "\n".join(f"{key}: {value}" for key, value in self.facts.items())

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th>{html.escape(self.label(key))}</th>"
                       f"<td>{html.escape(_fact_value(value))}</td></tr>" for key, value in self.facts.items())
        return f'{STYLE}<table class="unalign-table facts-table"><tbody>{rows}</tbody></table>'
