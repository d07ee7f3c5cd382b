"""Tables for people: a polars frame as an HTML table with its symbols and URLs as links.

Used by the notebooks instead of polars' own display, which quotes strings, prints dtypes
and cuts long titles: a reader of the report sees plain values, "—" for a missing one,
numbers aligned right, a resolution symbol linked to its voting record (the row's
``record_url``, then not shown as a column of its own) or to ``https://undocs.org/<symbol>``
(``analysis.core.links.document_url``), and every URL clickable.
"""

from __future__ import annotations

import html

import polars as pl

from analysis.core.links import document_url

SYMBOL_COLUMNS = ("symbol", "draft_symbol")
URL_COLUMNS = ("url", "record_url", "source_url")
STYLE = ("<style>.unalign-table{border-collapse:collapse;font-size:13px;margin:6px 0 14px}"
         ".unalign-table th,.unalign-table td{border-bottom:1px solid #e1e4e8;padding:3px 8px;vertical-align:top;"
         "text-align:left!important}.unalign-table td.num{text-align:right!important;"
         "font-variant-numeric:tabular-nums}.unalign-table th{background:#f6f8fa}</style>")


def _cell(column: str, value: object, row: dict) -> str:
    if value is None:
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


def frame_html(frame: pl.DataFrame, caption: str | None = None) -> str:
    """Return ``frame`` as an HTML table (class ``unalign-table``) with symbols and URLs linked.

    Takes any polars frame; ``caption`` (plain text) goes above it. Returns a self-contained
    fragment with its own scoped style. A ``record_url`` column beside a ``symbol`` column is not shown:
    the symbol links to it.
    """
    shown = [c for c in frame.columns if not (c == "record_url" and "symbol" in frame.columns)]
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in shown)
    rows = "".join("<tr>" + "".join(_cell(c, row[c], row) for c in shown) + "</tr>"
                   for row in frame.iter_rows(named=True))
    cap = f"<caption style='text-align:left;font-weight:bold'>{html.escape(caption)}</caption>" if caption else ""
    return f'{STYLE}<table class="unalign-table">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
