"""Rendering the claims check: plain text, HTML, Markdown and JSON, and the command line ``claims FILE``.

- :func:`format_report`: the plain-text report (the command line's default);
- :func:`format_html`: a self-contained HTML fragment (its own scoped ``<style>``, no
  external CSS or JavaScript) for a notebook or the dyad report: a summary line with the
  counts as coloured badges, the contradictions within the story, a table with one row per
  claim (verdict badge, one-line reason) and, under each row, the evidence in a
  ``<details>`` block with every resolution symbol linked to its record;
- :func:`format_markdown`: the same content as Markdown;
- :func:`format_json`: the report as JSON (dates as ISO strings, NaN as ``null``).

``python -m analysis claims FILE --format text|html|json|md`` prints one of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import polars as pl

from analysis.claims.checks import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Report, Verdict, check_file
from analysis.core.errors import UserError
from analysis.core.links import document_url, voting_records

#: Output formats of the command line (``--format``); ``text`` is :func:`format_report`.
FORMATS: tuple[str, ...] = ("text", "html", "json", "md")

#: CSS class of each verdict's badge (``<span class="verdict-badge verdict-...">``).
VERDICT_CLASSES: dict[str, str] = {
    SUPPORTED: "verdict-supported", CONTRADICTED: "verdict-contradicted", NOT_CHECKABLE: "verdict-not-checkable",
}

#: Where a resolution symbol links when its row has no ``record_url``: the UN's document resolver.


def _cell(value: Any, width: int = 40) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float):
        text = "NaN" if math.isnan(value) else f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:.4f}"
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(frame: pl.DataFrame, indent: str = "      ", max_rows: int = 15) -> str:
    """Return ``frame`` as a compact plain-text table (long cells cut, at most ``max_rows`` rows)."""
    if frame.width == 0:
        return f"{indent}(no rows)"
    head = frame.head(max_rows)
    cells = [[_cell(v) for v in row] for row in head.iter_rows()]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(frame.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(frame.columns, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    if frame.height == 0:
        lines.append("(no rows)")
    if frame.height > max_rows:
        lines.append(f"… {frame.height - max_rows} more rows")
    return "\n".join(indent + line.rstrip() for line in lines)


def format_report(report: Report) -> str:
    """Return the report as plain text: each claim, its verdict, the reason and the rows it rests on.

    Ends with a count of verdicts and the internal inconsistencies between claims.
    """
    out = [f"Claims check: {report.path}"]
    if report.citation:
        out.append(f"Source: {report.citation}")
    out.append("Data coverage: " + "; ".join(report.coverage.lines()))
    out += [f"Note: {n}" for n in report.notes]
    for i, v in enumerate(report.verdicts, start=1):
        c = v.claim
        out += ["", f"[{i}] {c.id} ({c.kind})", f"    Claim:   {c.statement}"]
        if c.source and c.source != report.citation:
            out.append(f"    Source:  {c.source}")
        out.append(f"    Verdict: {v.verdict.upper()}")
        out.append(f"    Why:     {v.reason}")
        if v.needed:
            out.append(f"    Needed:  {v.needed}")
        if c.note:
            out.append(f"    Note:    {c.note}")
        if v.rows.width and (v.rows.height or v.verdict != NOT_CHECKABLE):
            out.append("    Rows:" if v.verdict != NOT_CHECKABLE else "    Rows (context):")
            out.append(format_table(v.rows))
    counts = report.counts()
    out += ["", "Summary: " + ", ".join(f"{n} {k}" for k, n in counts.items())]
    if report.inconsistencies:
        out.append("Inconsistencies between claims:")
        out += [f"  - {line}" for line in report.inconsistencies]
    else:
        out.append("Inconsistencies between claims: none found")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Shared by the HTML and Markdown formats
# --------------------------------------------------------------------------

# A URL inside text: http(s), up to a space, a quote, an angle bracket or a square bracket.
_URL = re.compile(r"https?://[^\s<>\"'\[\]]+")
# A UN document symbol inside a cell such as "A/RES/78/220, A/RES/79/183".
_SYMBOL = re.compile(r"[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+")
# Words ending in a full stop that do not end a sentence.
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "cf.", "etc.", "vs.", "no.", "nos.", "para.", "art.", "approx.", "incl.",
                            "mr.", "mrs.", "ms.", "dr.", "st."})


def _split_url(match: str) -> tuple[str, str]:
    """A matched URL without the punctuation that ends the sentence around it: (url, trailing text)."""
    url = match.rstrip(".,;:!?")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url, match[len(url):]


def _pieces(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into ("text", ...), ("url", ...) and ("code", ...) pieces (code: between backticks)."""
    out: list[tuple[str, str]] = []
    for i, part in enumerate(re.split(r"`([^`\n]+)`", text)):
        if i % 2:
            out.append(("code", part))
            continue
        pos = 0
        for m in _URL.finditer(part):
            url, tail = _split_url(m.group())
            out += [("text", part[pos:m.start()]), ("url", url), ("text", tail)]
            pos = m.end()
        out.append(("text", part[pos:]))
    return [p for p in out if p[1]]


def _render(text: str, plain: Callable[[str], str], link: Callable[[str, str], str],
            code: Callable[[str], str]) -> str:
    """``text`` with its URLs as links and its `code` spans as code, each piece rendered by the given function."""
    return "".join(link(p, p) if kind == "url" else code(p) if kind == "code" else plain(p)
                   for kind, p in _pieces(text))


def _sentences(text: str) -> list[str]:
    """Split a reason into sentences (not inside brackets, not after e.g., not before a lower-case word)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ".!?" and depth == 0 and i + 1 < len(text) and text[i + 1].isspace():
            rest = text[i + 1:].lstrip()
            word = text[start:i + 1].rsplit(None, 1)[-1].lower()
            if rest and (rest[0].isupper() or rest[0].isdigit()) and word not in _ABBREVIATIONS:
                out.append(text[start:i + 1].strip())
                start = i + 1
    tail = text[start:].strip()
    return [*out, tail] if tail else out


def first_sentence(reason: str) -> str:
    """Return the one-line reason: the first sentence of ``reason``.

    A first sentence that only restates the claim (``The claim: 21–16, adopted.``) is
    skipped when more follows, so the line says what the data show.
    """
    sentences = _sentences(" ".join(reason.split()))
    if not sentences:
        return ""
    if len(sentences) > 1 and sentences[0].startswith("The claim:"):
        return sentences[1]
    return sentences[0]


def symbol_url(symbol: str, record_url: str | None = None) -> str:
    """The link of a resolution symbol in an HTML attribute (``analysis.core.links``; parentheses quoted)."""
    return document_url(symbol, record_url, safe="/")


def _is_symbol_column(name: str) -> bool:
    return name in ("symbol", "symbols") or name.endswith(("_symbol", "_symbols"))


def _frame_symbols(frame: pl.DataFrame) -> list[str]:
    """Every symbol in the symbol columns of ``frame``."""
    names = [name for name in frame.columns if _is_symbol_column(name) and frame[name].dtype == pl.String]
    return [m.group().rstrip(".-") for name in names for cell in frame[name].drop_nulls()
            for m in _SYMBOL.finditer(cell)]


def _records(report: Report) -> dict[str, str]:
    """The voting record the data hold for each symbol of every verdict's rows (``links.voting_records``,
    one read of ``roll_calls`` for the whole report)."""
    return voting_records(s for v in report.verdicts for s in _frame_symbols(v.rows))


def _row_cells(frame: pl.DataFrame, text: Callable[[str], str], link: Callable[[str, str], str],
               known: Mapping[str, str] | None = None) -> list[list[str]]:
    """Cells of ``frame``, nothing cut: ``text(cell)`` for most, symbols as ``link(symbol, url)``.

    A symbol links to its row's ``record_url`` when the frame has one (and the cell holds one
    symbol), else to the voting record the data hold for it (``known``, symbol -> record, default
    read with ``links.voting_records``), else to ``https://undocs.org/<symbol>``.
    """
    record = frame["record_url"].to_list() if "record_url" in frame.columns else [None] * frame.height
    if known is None:  # the record of a symbol whose row does not give it
        known = voting_records(_frame_symbols(frame))
    rows = []
    for i, row in enumerate(frame.iter_rows()):
        cells = []
        for name, value in zip(frame.columns, row, strict=True):
            plain = _cell(value, width=sys.maxsize)
            if not (_is_symbol_column(name) and plain):
                cells.append(text(plain))
                continue
            single = name.endswith("symbol")
            parts, pos = [], 0
            for m in _SYMBOL.finditer(plain):
                sym = m.group().rstrip(".-")
                parts += [text(plain[pos:m.start()]),
                          link(sym, symbol_url(sym, (record[i] if single else None) or known.get(sym)))]
                pos = m.start() + len(sym)
            parts.append(text(plain[pos:]))
            cells.append("".join(parts))
        rows.append(cells)
    return rows


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

_CSS = """
.claims-check{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:14px;
line-height:1.45;margin:.5em 0;max-width:100%}
.claims-check .claims-meta{font-size:12px;color:#57606a;margin:0 0 .6em}
.claims-check .claims-meta p{margin:.15em 0}
.claims-check .claims-meta ul{margin:.15em 0 .15em 1.2em;padding:0}
.claims-check .claims-summary{font-size:15px;margin:.5em 0}
.claims-check .count-badge,.claims-check .verdict-badge{display:inline-block;padding:.05em .6em;border-radius:.9em;
font-weight:600;color:#fff;white-space:nowrap;line-height:1.5}
.claims-check .count-supported,.claims-check .verdict-supported{background:#1a7f37;color:#fff}
.claims-check .count-contradicted,.claims-check .verdict-contradicted{background:#b42318;color:#fff}
.claims-check .count-not-checkable,.claims-check .verdict-not-checkable{background:#57606a;color:#fff}
.claims-check .claims-inconsistencies{margin:.4em 0 .8em;padding:.4em .8em;border-left:4px solid #b42318;
background:rgba(180,35,24,.06)}
.claims-check .claims-inconsistencies ul{margin:.2em 0 0 1.2em;padding:0}
.claims-check .inconsistency-level{font-weight:600;text-transform:uppercase;font-size:11px;letter-spacing:.03em}
.claims-check table{border-collapse:collapse;margin:.3em 0}
.claims-check table.claims-table{width:100%;table-layout:fixed}
.claims-check table.claims-table>thead>tr>th:nth-child(1){width:42%}
.claims-check table.claims-table>thead>tr>th:nth-child(2){width:9.5em}
.claims-check table.claims-table td{overflow-wrap:break-word}
.claims-check table th,.claims-check table td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left!important;
vertical-align:top;white-space:normal}
.claims-check table th{background:rgba(127,127,127,.1);font-weight:600}
.claims-check table td.num{text-align:right!important;font-variant-numeric:tabular-nums}
.claims-check .claim-id{display:block;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.claims-check tr.claim-details td{border-top:none;padding-top:0}
.claims-check details summary{cursor:pointer;color:#0969da;font-size:13px}
.claims-check details p{margin:.3em 0}
.claims-check .evidence-scroll{overflow-x:auto;max-width:100%}
.claims-check table.evidence-table{font-size:12px}
.claims-check table.evidence-table th,.claims-check table.evidence-table td{white-space:nowrap;overflow-wrap:normal}
.claims-check table.evidence-table td.wide{white-space:normal;min-width:16em}
.claims-check .no-rows{color:#57606a;font-style:italic}
.claims-check a.quote-link{font-size:12px;margin-left:.4em;white-space:nowrap}
"""


def shown_path(path: Path | str) -> str:
    """How a page names a claims file: relative to the project (``claims/seed_article.toml``) when it
    is inside it, else its file name — never this machine's absolute path."""
    from analysis.core.paths import ROOT

    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def _h(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _a(label: str, url: str) -> str:
    return f'<a href="{_h(url)}" target="_blank" rel="noopener noreferrer">{_h(label)}</a>'


def _h_code(text: str) -> str:
    return f"<code>{_h(text)}</code>"


def _h_linked(text: str) -> str:
    """Escape ``text`` with its URLs as links and its `code` spans as ``<code>``."""
    return _render(text, _h, _a, _h_code)


def _anchor(prefix: str, claim_id: str) -> str:
    return prefix + "-".join(claim_id.split())


def _h_inconsistency(line: str, ids: set[str], prefix: str) -> str:
    """One inconsistency, its level set apart and the claim ids in quotes linked to their rows."""
    level, _, rest = line.partition(": ")
    if level not in ("conflict", "tension"):
        level, rest = "", line
    parts, pos = [], 0
    for m in re.finditer(r"'([^']+)'", rest):
        if m.group(1) in ids:
            parts += [_h(rest[pos:m.start()]), f'<a href="#{_h(_anchor(prefix, m.group(1)))}">{_h(m.group(1))}</a>']
            pos = m.end()
    parts.append(_h(rest[pos:]))
    head = f'<span class="inconsistency-level inconsistency-{level}">{level}</span> ' if level else ""
    return head + "".join(parts)


def _h_table(frame: pl.DataFrame, known: Mapping[str, str] | None = None) -> str:
    """A polars frame as an HTML table: every cell escaped, nothing cut, symbols and URLs linked
    (``known``: the voting records of its symbols, see :func:`_row_cells`)."""
    if frame.width == 0:
        return '<p class="no-rows">No rows.</p>'
    numeric = [dtype.is_numeric() for dtype in frame.dtypes]
    cells = _row_cells(frame, _h_linked, _a, known)
    head = "".join(f"<th>{_h(c)}</th>" for c in frame.columns)
    body = []
    for row in cells:
        tds = []
        for value, num in zip(row, numeric, strict=True):
            cls = "num" if num else ("wide" if len(re.sub(r"<[^>]+>", "", value)) > 60 else "")
            tds.append(f'<td class="{cls}">{value}</td>' if cls else f"<td>{value}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    if not body:
        body.append(f'<tr><td class="no-rows" colspan="{frame.width}">no rows</td></tr>')
    return ('<div class="evidence-scroll"><table class="evidence-table"><thead><tr>' + head + "</tr></thead><tbody>"
            + "".join(body) + "</tbody></table></div>")


def _h_claim(v: Verdict, report: Report, prefix: str, quote_links: bool = False,
             known: Mapping[str, str] | None = None) -> str:
    c = v.claim
    anchor = _anchor(prefix, c.id)
    badge = f'<span class="verdict-badge {VERDICT_CLASSES[v.verdict]}">{_h(v.verdict)}</span>'
    back = (f' <a class="quote-link" href="#quote-{_h(_anchor("", c.id))}" title="{_h(c.quote)}">'
            f"&#8593; in the article</a>" if quote_links and c.quote else "")
    row = (f'<tr class="claim-row" id="{_h(anchor)}">'
           f'<td><a class="claim-id" href="#{_h(anchor)}">{_h(c.id)}</a>{_h(c.statement)}{back}</td>'
           f"<td>{badge}</td><td>{_h_linked(first_sentence(v.reason))}</td></tr>")
    details = [f"<p><strong>Why:</strong> {_h_linked(v.reason)}</p>"]
    if v.needed:
        details.append(f"<p><strong>Data needed:</strong> {_h_linked(v.needed)}</p>")
    if c.note:
        details.append(f"<p><strong>Note:</strong> {_h_linked(c.note)}</p>")
    if c.source and c.source != report.citation:
        details.append(f"<p><strong>Source:</strong> {_h_linked(c.source)}</p>")
    details.append(f"<p><strong>Kind:</strong> <code>{_h(c.kind)}</code></p>")
    label = "Rows (context)" if v.verdict == NOT_CHECKABLE else "Rows"
    details.append(f"<p><strong>{label}</strong> ({v.rows.height}):</p>" if v.rows.width else "")
    details.append(_h_table(v.rows, known))
    more = ('<tr class="claim-details"><td colspan="3"><details><summary>Evidence</summary>'
            + "".join(details) + "</details></td></tr>")
    return f'<tbody class="claim">{row}{more}</tbody>'


def format_html(report: Report, *, anchor_prefix: str = "claim-", quote_links: bool = False) -> str:
    """Return the report as a self-contained HTML fragment (a ``<div class="claims-check">``).

    The fragment carries its own ``<style>``, every rule scoped under ``.claims-check``, and
    no external CSS or JavaScript, so it can be embedded in a notebook or an nbconvert page
    several times. From the top: the file's citation, notes and the data's coverage (small
    print); the summary line with the counts as badges (``count-badge count-supported`` ...);
    the contradictions within the story (:attr:`Report.inconsistencies`), if any; then a
    table with one row per claim (``<tr id="claim-<id>">``: id and statement, the verdict as
    ``<span class="verdict-badge verdict-supported|verdict-contradicted|verdict-not-checkable">``
    and the first sentence of the reason), each followed by a ``<details>`` block with the
    full reason, the data needed, and the evidence rows as a table (symbols linked to the
    row's ``record_url`` or to ``https://undocs.org/<symbol>``, URLs linked). All text is
    escaped. ``anchor_prefix`` (default ``claim-``) starts every row's id. With
    ``quote_links`` (for a page that also shows ``analysis.claims.article.article_html``),
    each claim with a quote links back to it (``#quote-<id>``).
    """
    ids = {v.claim.id for v in report.verdicts}
    # the inner div keeps MathJax (Jupyter, nbconvert) from reading "$2.5 billion ... US$0.88" as TeX
    out = ['<div class="claims-check">', f"<style>{_CSS}</style>", '<div class="tex2jax_ignore mathjax_ignore">',
           '<div class="claims-meta">',
           f"<p>Claims check: <code>{_h(shown_path(report.path))}</code></p>"]
    if report.citation:
        out.append(f"<p>Source: {_h_linked(report.citation)}</p>")
    if report.notes:
        out.append("<ul>" + "".join(f"<li>{_h_linked(n)}</li>" for n in report.notes) + "</ul>")
    out.append("<p>Data coverage: " + _h("; ".join(report.coverage.lines())) + "</p></div>")
    badges = [f'<span class="count-badge count-{VERDICT_CLASSES[k].removeprefix("verdict-")}">{n}</span> {_h(k)}'
              for k, n in report.counts().items()]
    out.append('<p class="claims-summary">' + ", ".join(badges) + "</p>")
    if report.inconsistencies:
        out.append('<div class="claims-inconsistencies"><strong>The story contradicts itself:</strong><ul>'
                   + "".join(f"<li>{_h_inconsistency(x, ids, anchor_prefix)}</li>" for x in report.inconsistencies)
                   + "</ul></div>")
    out.append('<table class="claims-table"><thead><tr><th>Claim</th><th>Verdict</th><th>Reason</th></tr></thead>')
    known = _records(report)
    out += [_h_claim(v, report, anchor_prefix, quote_links, known) for v in report.verdicts]
    out += ["</table>", "</div>", "</div>"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready Python: dates as ISO strings, NaN and infinities as None."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def report_dict(report: Report) -> dict[str, Any]:
    """Return the report as plain Python, the content of :func:`format_json`."""
    cov = report.coverage
    sources: dict[str, dict[str, Any]] = {}
    for (body, source), (lo, hi) in sorted(cov.vote_sources.items()):
        sources.setdefault(body, {})[source] = {"first": lo, "last": hi}
    claims = [{
        "id": v.claim.id, "kind": v.claim.kind, "statement": v.claim.statement, "source": v.claim.source,
        "note": v.claim.note, "quote": v.claim.quote, "quote_at": v.claim.quote_at,
        "quote_end": None if v.claim.quote is None or v.claim.quote_at is None
        else v.claim.quote_at + len(v.claim.quote),
        "verdict": v.verdict, "reason": v.reason, "plain": v.plain, "needed": v.needed,
        "params": v.claim.params, "rows": v.rows.to_dicts(),
    } for v in report.verdicts]
    return _plain({
        "file": str(report.path), "citation": report.citation, "notes": report.notes,
        "coverage": {
            "votes": {body: {"first": lo, "last": hi} for body, (lo, hi) in sorted(cov.votes.items())},
            "vote_sources": sources,
            "trade": {src: {"first": lo, "last": hi} for src, (lo, hi) in sorted(cov.trade.items())},
        },
        "summary": report.counts(), "inconsistencies": report.inconsistencies, "claims": claims,
    })


def format_json(report: Report) -> str:
    """Return the report as JSON (``indent=2``), valid for any JSON reader.

    ``{"file", "citation", "notes", "coverage", "summary": {"supported": n, "contradicted": n,
    "not checkable": n}, "inconsistencies": [...], "claims": [{"id", "kind", "statement",
    "source", "note", "quote", "quote_at", "quote_end", "verdict", "reason", "plain", "needed", "params",
    "rows": [records]}]}``; ``plain`` is the verdict in one plain sentence
    (:mod:`analysis.claims.sentences`); ``quote_at``/``quote_end`` are the quote's character offsets in the
    article's text (null without a quote).
    Dates are ISO strings, NaN is ``null``; anything else JSON cannot hold becomes a string.
    """
    return json.dumps(report_dict(report), indent=2, default=str, allow_nan=False)


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

_FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_report, "html": format_html, "json": lambda r: format_json(r) + "\n", "md": format_markdown,
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``claims FILE [--format text|html|json|md]``: print the report; return 0 when it ran.

    Returns 2 (one line on stderr) on a bad file or format, or when the processed tables
    are missing (the message says how to build them). ``text`` (the default) is
    :func:`format_report`.
    """
    parser = _Parser(prog="python -m analysis claims",
                     description="Check the claims in a TOML file against the processed data.")
    parser.add_argument("file", type=Path, help="claims file, e.g. claims/seed_article.toml")
    parser.add_argument("--format", default="text", choices=FORMATS,
                        help="output: text (default), html (a fragment), json or md (Markdown)")
    parser.add_argument("--article", type=Path,
                        help="with --format html: show this article with each claim's quote highlighted "
                             "(default: the article the file records in [source] article)")
    args = parser.parse_args(argv)
    try:
        if args.article is not None and args.format != "html":
            raise UserError(f"--article {args.article}: the marked-up article is part of --format html only")
        report = check_file(args.file)
        text = _FORMATTERS[args.format](report)
        if args.format == "html":
            text = _with_article(report, args.file, args.article) or text
    except UserError as exc:
        print(f"python -m analysis claims: error: {exc.one_line()}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def _with_article(report: Report, file: Path, article: Path | None) -> str | None:
    """The HTML with the marked-up article: ``article`` if given, else the file's ``[source] article`` if it exists."""
    from analysis.claims.model import source_article

    path = article if article is not None else source_article(file)
    if path is None or (article is None and not path.exists()):
        return None
    from analysis.claims.article import format_html_with_article
    from analysis.claims.draft.reading import article_text

    return format_html_with_article(report, article_text(path))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
