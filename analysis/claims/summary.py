"""The verdicts first: a summary a reader on deadline sees at the top of a report.

One card per claim — the story's statement, the verdict as a badge, one plain sentence and a
link to the primary record that decides it (the OHCHR voting record where the data have one,
else the UN Digital Library record or the UN document, the press release, or the trade
table's source) — then the story's contradictions with itself. Ids, kinds, parameters and
evidence rows stay in the claims check further down ("analyst details", one per claim).
"""

from __future__ import annotations

import html
import tomllib
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from analysis.claims.article import article_html
from analysis.claims.checks import Report, Verdict
from analysis.claims.model import source_article
from analysis.claims.render import VERDICT_CLASSES, first_sentence
from analysis.core import links

_CSS = """
.verdict-summary{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:15px;
line-height:1.45;margin:6px 0 18px;max-width:100%}
.verdict-summary h2{font-size:21px;margin:4px 0 6px;color:#1b4f72}
.verdict-summary .summary-line{margin:2px 0 10px;color:#333}
.verdict-summary ol,.jp-RenderedHTMLCommon .verdict-summary ol{list-style:none;margin:0;padding:0;display:grid;gap:8px;
grid-template-columns:repeat(auto-fill,minmax(min(100%,360px),1fr))}
.verdict-summary li{border:1px solid #d0d7de;border-left-width:6px;border-radius:6px;padding:6px 10px;background:#fff}
.verdict-summary li.verdict-supported{border-left-color:#1a7f37}
.verdict-summary li.verdict-contradicted{border-left-color:#b42318}
.verdict-summary li.verdict-not-checkable{border-left-color:#57606a}
.verdict-summary .verdict-badge{display:inline-block;padding:0 .6em;border-radius:.9em;font-weight:600;color:#fff;
font-size:13px;white-space:nowrap}
.verdict-summary .verdict-supported .verdict-badge{background:#1a7f37}
.verdict-summary .verdict-contradicted .verdict-badge{background:#b42318}
.verdict-summary .verdict-not-checkable .verdict-badge{background:#57606a}
.verdict-summary .statement{font-weight:600;margin:3px 0}
.verdict-summary .plain{margin:3px 0}
.verdict-summary .record{font-size:13px;margin:3px 0;color:#444}
.verdict-summary .contradictions{margin:10px 0 0;padding:6px 10px;border-left:4px solid #b42318;
background:rgba(180,35,24,.06)}
.verdict-summary .contradictions ul{margin:4px 0 0 1.1em;padding:0}
"""


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _kind_of(url: str) -> str:
    if "searchlibrary.ohchr.org" in url:
        return "OHCHR voting record"
    if "digitallibrary.un.org" in url:
        return "UN Digital Library record"
    if "undocs.org" in url:
        return "UN document"
    return "source"


def primary_record(verdict: Verdict, record_urls: Mapping[str, str] | None = None,
                   trade_source: tuple[str, str] | None = None) -> tuple[str, str] | None:
    """The record that decides ``verdict``, as ``(label, url)``, or None when its rows name none.

    In order: a row's ``record_url``; a row's ``symbol`` (the latest row's), linked to its voting
    record in ``record_urls`` (symbol -> URL) or else to the UN document; a row's ``url`` or
    ``source_url`` (a press release or story); for a trade claim, ``trade_source`` (label, URL).
    """
    rows = verdict.rows
    if rows.width and rows.height:
        if "record_url" in rows.columns:
            with_url = rows.filter(pl.col("record_url").is_not_null())
            if with_url.height:
                row = with_url.row(-1, named=True)
                label = row.get("symbol") or row.get("draft_symbol") or "the record"
                return f"{label} ({_kind_of(row['record_url'])})", row["record_url"]
        for column in ("symbol", "draft_symbol"):
            if column in rows.columns:
                symbols = [s for s in rows[column].to_list() if s]
                if symbols:
                    url = links.document_url(symbols[-1], (record_urls or {}).get(symbols[-1]))
                    return f"{symbols[-1]} ({_kind_of(url)})", url
        for column in ("url", "source_url"):
            if column in rows.columns:
                urls = [u for u in rows[column].to_list() if isinstance(u, str) and u.startswith("http")]
                if urls:
                    return "the press report", urls[0]
    if verdict.claim.kind == "trade_about" and trade_source:
        return trade_source
    return None


def voting_records(report: Report) -> dict[str, str]:
    """{symbol: voting record URL} for every symbol the verdicts' rows name, read from the processed
    ``roll_calls`` (``analysis.core.links.voting_records``); empty when the table is not built."""
    symbols = {s for v in report.verdicts for c in ("symbol", "draft_symbol") if c in v.rows.columns
               for s in v.rows[c].to_list() if s}
    return links.voting_records(symbols)


def plain_sentence(verdict: Verdict) -> str:
    """The verdict's plain sentence (``Verdict.plain`` where the check wrote one), else the first
    sentence of its reason."""
    return getattr(verdict, "plain", "") or first_sentence(verdict.reason)


def story_link(claims_file: Path) -> str | None:
    """The web address of the story a claims file checks (its ``[source] url``), or None when it has
    none or gives a local file."""
    try:
        source = tomllib.loads(Path(claims_file).read_text(encoding="utf-8-sig")).get("source", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    url = source.get("url") if isinstance(source, dict) else None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def summary_html(report: Report, record_urls: Mapping[str, str] | None = None,
                 trade_source: tuple[str, str] | None = None, details_prefix: str = "claim-") -> str:
    """The verdict summary of ``report`` as an HTML fragment ``<section id="verdicts">``.

    One card per claim (statement, verdict badge, plain sentence, primary record link and a
    link to its analyst details ``#<details_prefix><id>``), the counts, the article's citation
    (linked when it has a web address) and the story's contradictions. Everything escaped.
    ``record_urls`` adds to the voting records read from the processed tables (:func:`voting_records`).
    """
    record_urls = {**voting_records(report), **(record_urls or {})}
    counts = ", ".join(f"{n} {verdict}" for verdict, n in report.counts().items() if n)
    url = story_link(report.path)
    story = (f' Story: <a href="{_h(url)}">{_h(report.citation or url)}</a>.' if url else
             f" Story: {_h(report.citation)}." if report.citation else "")
    article, marked = source_article(report.path), ""
    if article is not None and article.is_file():  # the story's own words, each claim's quote marked
        marked = ('<details class="article"><summary>The article, with each claim\'s quote marked</summary>'
                  + article_html(article.read_text(encoding="utf-8"), report, anchor_prefix=details_prefix)
                  + "</details>")
    out = [f"<style>{_CSS}</style>", '<section class="verdict-summary tex2jax_ignore mathjax_ignore" id="verdicts">',
           "<h2>What the story says, and what the record shows</h2>",
           f'<p class="summary-line">{len(report.verdicts)} claims checked: {_h(counts)}.{story}</p>', marked,
           "<ol>"]
    for v in report.verdicts:
        css = VERDICT_CLASSES.get(v.verdict, "")
        record = primary_record(v, record_urls, trade_source)
        record_html = (f'Record: <a href="{_h(record[1])}">{_h(record[0])}</a> · ' if record else "")
        anchor = details_prefix + "-".join(v.claim.id.split())
        out.append(f'<li class="{css}" id="summary-{_h(anchor)}"><span class="verdict-badge">{_h(v.verdict)}</span>'
                   f'<p class="statement">{_h(v.claim.statement)}</p>'
                   f'<p class="plain">{_h(plain_sentence(v))}</p>'
                   f'<p class="record">{record_html}<a href="#{_h(anchor)}">analyst details</a></p></li>')
    out.append("</ol>")
    if report.inconsistencies:
        items = "".join(f"<li>{_h(x)}</li>" for x in report.inconsistencies)
        out.append(f'<div class="contradictions"><strong>The story contradicts itself:</strong><ul>{items}</ul></div>')
    out.append("</section>")
    return "\n".join(out)
