"""The article marked up with its claims: each claim's quote highlighted in its verdict's colour.

:func:`article_html` takes the article's text (``analysis.claims.draft.reading.article_text``
reads a file the way the drafter did, so quotes and offsets match) and a checked
:class:`~analysis.claims.checks.Report`, and returns a self-contained HTML fragment
(``<div class="claims-article">`` with its own scoped ``<style>``, no script):

- the article's text, line breaks kept;
- every claim's ``quote`` found at its ``quote_at`` offset (else at its first occurrence)
  and highlighted in its verdict's colour (green supported, red contradicted, grey not
  checkable), linked to the claim's row of the verdict table (``#claim-<id>``, the ids
  :func:`~analysis.claims.render.format_html` gives its rows); the highlight starts with
  ``id="quote-<id>"``, the target of the row's link back;
- where quotes overlap, the later quote's colour shows and every claim keeps its own small
  numbered link after its quote;
- the claims whose quote is not in the text, listed under it.

For the links back, render the table with ``format_html(report, quote_links=True)``;
:func:`format_html_with_article` gives both, the article first. From a report page::

    from analysis.claims import check_file, article_html, format_html
    from analysis.claims.draft.reading import article_text
    report = check_file("draft.toml")
    html = article_html(article_text("story.txt"), report) + format_html(report, quote_links=True)
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from analysis.claims.checks import Report
from analysis.claims.render_html import VERDICT_CLASSES, _anchor, format_html

_CSS = """
.claims-article{font-family:Georgia,"Times New Roman",serif;font-size:15px;line-height:1.6;margin:.5em 0 1em;
max-width:46em}
.claims-article .article-text{white-space:pre-wrap;overflow-wrap:anywhere}
.claims-article .article-legend{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:12px;
color:#57606a;margin:.2em 0 .6em}
.claims-article a.quote{color:inherit;text-decoration:none;border-bottom:2px solid;padding:0 .05em}
.claims-article a.quote.verdict-supported{background:rgba(26,127,55,.16);border-color:#1a7f37}
.claims-article a.quote.verdict-contradicted{background:rgba(180,35,24,.14);border-color:#b42318}
.claims-article a.quote.verdict-not-checkable{background:rgba(87,96,106,.16);border-color:#57606a}
.claims-article sup.quote-ref{font-family:system-ui,sans-serif;font-size:10px;margin:0 .1em}
.claims-article sup.quote-ref a{text-decoration:none;color:#fff;border-radius:.6em;padding:0 .35em}
.claims-article sup.quote-ref a.verdict-supported{background:#1a7f37}
.claims-article sup.quote-ref a.verdict-contradicted{background:#b42318}
.claims-article sup.quote-ref a.verdict-not-checkable{background:#57606a}
.claims-article .quotes-missing{font-family:system-ui,sans-serif;font-size:12px;color:#b42318}
"""


@dataclass(frozen=True)
class QuoteSpan:
    """Where a claim's quote sits in the article: characters ``start``-``end``, the claim's id, verdict and number."""

    start: int
    end: int
    claim_id: str
    verdict: str
    number: int


def quote_spans(article_text: str, report: Report) -> tuple[list[QuoteSpan], list[str]]:
    """Locate every claim's quote in ``article_text``; return (spans in claim order, ids of quotes not found).

    A quote is taken at its ``quote_at`` offset when the text there is the quote, else at its
    first occurrence; claims without a quote are skipped.
    """
    spans, missing = [], []
    for number, v in enumerate(report.verdicts, start=1):
        quote, at = v.claim.quote, v.claim.quote_at
        if not quote:
            continue
        if at is None or article_text[at:at + len(quote)] != quote:
            at = article_text.find(quote)
        if at < 0:
            missing.append(v.claim.id)
            continue
        spans.append(QuoteSpan(at, at + len(quote), v.claim.id, v.verdict, number))
    return spans, missing


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def article_html(article_text: str, report: Report, *, anchor_prefix: str = "claim-") -> str:
    """Return the article as an HTML fragment with each claim's quote highlighted and linked (module docstring).

    Takes the article's text and the checked report; ``anchor_prefix`` must be the one the
    verdict table uses (``format_html``'s, default ``claim-``). All text is escaped.
    """
    spans, missing = quote_spans(article_text, report)
    cuts = sorted({0, len(article_text), *[s.start for s in spans], *[s.end for s in spans]})
    starts: dict[int, list[QuoteSpan]] = {}
    ends: dict[int, list[QuoteSpan]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
        ends.setdefault(s.end, []).append(s)
    out: list[str] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        for s in starts.get(left, []):
            out.append(f'<span class="quote-anchor" id="quote-{_h(_anchor("", s.claim_id))}"></span>')
        piece = _h(article_text[left:right])
        covering = [s for s in spans if s.start <= left and right <= s.end]
        if covering:
            top = max(covering, key=lambda s: (s.start, -s.end))
            label = "; ".join(f"{s.claim_id}: {s.verdict}" for s in covering)
            target = _h(_anchor(anchor_prefix, top.claim_id))
            piece = (f'<a class="quote {VERDICT_CLASSES[top.verdict]}" href="#{target}" title="{_h(label)}">'
                     f"{piece}</a>")
        out.append(piece)
        for s in ends.get(right, []):
            out.append(f'<sup class="quote-ref"><a class="{VERDICT_CLASSES[s.verdict]}" '
                       f'href="#{_h(_anchor(anchor_prefix, s.claim_id))}" title="{_h(s.claim_id)}: {_h(s.verdict)}">'
                       f"{s.number}</a></sup>")
    legend = (f'<p class="article-legend">The article, each claim\'s words highlighted in its verdict\'s colour '
              f"({len(spans)} of {len(report.verdicts)} claims); a highlight or its number links to the claim's row."
              f"</p>")
    lost = (f'<p class="quotes-missing">Quotes not found in this text: {_h(", ".join(missing))}.</p>'
            if missing else "")
    return (f'<div class="claims-article"><style>{_CSS}</style>{legend}'
            f'<div class="article-text">{"".join(out)}</div>{lost}</div>\n')


def format_html_with_article(report: Report, article_text: str, *, anchor_prefix: str = "claim-") -> str:
    """The marked-up article followed by the verdict table with links back to the quotes (both fragments)."""
    return (article_html(article_text, report, anchor_prefix=anchor_prefix)
            + format_html(report, anchor_prefix=anchor_prefix, quote_links=True))
