"""The claims report as a self-contained HTML fragment (:func:`format_html`): its own scoped ``<style>``, no
external CSS or JavaScript, for a notebook or the dyad report."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from analysis.claims.checks import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Report, Verdict
from analysis.claims.render_cells import _records, _render, _row_cells, first_sentence

#: CSS class of each verdict's badge (``<span class="verdict-badge verdict-...">``).
VERDICT_CLASSES: dict[str, str] = {
    SUPPORTED: "verdict-supported", CONTRADICTED: "verdict-contradicted", NOT_CHECKABLE: "verdict-not-checkable",
}

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
