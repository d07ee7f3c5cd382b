"""The claims report as Markdown (:func:`format_markdown`): the content of the HTML fragment."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import polars as pl

from analysis.claims.checks import NOT_CHECKABLE, Report
from analysis.claims.render_cells import _records, _render, _row_cells, first_sentence
from analysis.claims.render_html import _anchor, _h

_MD_URL_ESCAPES = {ch: f"%{ord(ch):02X}" for ch in " ()<>$`|\\"}


def _md(text: Any) -> str:
    """Escape ``text`` for Markdown (also inside a table cell): HTML, emphasis, links, pipes, ``$`` (math); one line."""
    out = html.escape(re.sub(r"\s+", " ", str(text)), quote=False)
    out = re.sub(r"([\\`*\[\]|~$])", r"\\\1", out)
    return re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", out)


def _md_a(label: str, url: str) -> str:
    # percent-encode what would end the link or start math ("$" in Jupyter)
    target = "".join(_MD_URL_ESCAPES.get(ch, ch) for ch in url)
    return f"[{_md(label)}]({target})"


def _md_code(text: str) -> str:
    return "`" + text.replace("|", "\\|") + "`"


def _md_linked(text: str) -> str:
    """Escape ``text`` for Markdown with its URLs as links and its `code` spans kept."""
    return _render(" ".join(text.split()), _md, _md_a, _md_code)


def _md_table(frame: pl.DataFrame, known: Mapping[str, str] | None = None) -> str:
    if frame.width == 0:
        return "_No rows._"
    lines = ["| " + " | ".join(_md(c) for c in frame.columns) + " |",
             "|" + "|".join("---:" if d.is_numeric() else "---" for d in frame.dtypes) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in _row_cells(frame, _md_linked, _md_a, known)]
    if frame.height == 0:
        lines.append("\n_No rows._")
    return "\n".join(lines)


def format_markdown(report: Report) -> str:
    """Return the report as Markdown, with the content of :func:`format_html`.

    The citation, notes and coverage; the summary line; the contradictions within the
    story; a table ``claim | verdict | reason`` (the verdict as a bold word, the first
    sentence of the reason); then one section per claim (anchor ``claim-<id>``) with the
    full reason, the data needed and the evidence rows as a Markdown table, symbols and
    URLs as links. Text is escaped for Markdown (``<``, ``|``, ``*`` ... cannot break out).
    """
    out = [f"## Claims check: {_md(report.path)}", ""]
    if report.citation:
        out += [f"Source: {_md_linked(report.citation)}", ""]
    if report.notes:
        out += [f"- {_md_linked(n)}" for n in report.notes] + [""]
    out += [f"Data coverage: {_md('; '.join(report.coverage.lines()))}", ""]
    out += ["**Summary:** " + ", ".join(f"{n} {k}" for k, n in report.counts().items()), ""]
    if report.inconsistencies:
        out += ["**The story contradicts itself:**", ""]
        out += [f"- {_md(x)}" for x in report.inconsistencies] + [""]
    out += ["| claim | verdict | reason |", "|---|---|---|"]
    for v in report.verdicts:
        anchor = quote(_anchor("claim-", v.claim.id), safe="")
        out.append(f"| [{_md(v.claim.id)}](#{anchor}): {_md(v.claim.statement)} | **{_md(v.verdict)}** | "
                   f"{_md_linked(first_sentence(v.reason))} |")
    known = _records(report)
    for v in report.verdicts:
        c = v.claim
        out += ["", f'### <a id="{_h(_anchor("claim-", c.id))}"></a>{_md(c.id)} ({_md(c.kind)}): **{_md(v.verdict)}**',
                "", f"> {_md(c.statement)}", "", f"**Why:** {_md_linked(v.reason)}"]
        if v.needed:
            out += ["", f"**Data needed:** {_md_linked(v.needed)}"]
        if c.note:
            out += ["", f"**Note:** {_md_linked(c.note)}"]
        if c.source and c.source != report.citation:
            out += ["", f"**Source:** {_md_linked(c.source)}"]
        label = "Rows (context)" if v.verdict == NOT_CHECKABLE else "Rows"
        out += ["", f"**{label}** ({v.rows.height}):" if v.rows.width else f"**{label}:**", "",
                _md_table(v.rows, known)]
    return "\n".join(out) + "\n"
