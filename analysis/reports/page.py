"""The HTML pages of a report: nbconvert's page plus a header, a table of contents, a footer and live charts.

``assemble(body_html, ...)`` takes the page nbconvert wrote (code hidden) and adds:

- a **header** with the pair, the years, the data coverage (``data_coverage``) and links to
  the report's other pages;
- a **table of contents** built from the page's section headings (their anchors);
- a **footer** with every source the data rest on: its citation, terms and the sha256 of its
  files (all of them in ``parameters.json``), and how to cite the report;
- no script from a CDN (nbconvert's RequireJS and MathJax tags are removed: nothing uses them);
- **Vega-Embed**, inline and once per page, which draws every ``div.unalign-chart`` written
  by the ``"report"`` renderer (``analysis.reports.chart_output.report_renderer``): tooltips, zoom
  and pan on time axes, legend clicks, and an export menu. The library is inlined (a module
  script; ``file://`` pages cannot load module scripts by ``src``), so a report opens offline.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analysis.core import manifest, paths, registry
from analysis.core.atomic import write_text
from analysis.schemas import BODY_NAMES

#: Vega-Embed options of the HTML report: the export menu (PNG, SVG) but not the editor links (here, not in
#: ``chart_output``, so that the report's own process, which assembles the pages, does not import Altair).
EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False},
                 "renderer": "svg"}

PAGES = {
    "dyad_report": "Dyad report",
    "voting_alignment": "Voting at the UN",
    "bilateral_trade": "Trade",
    "diplomatic_events": "Events",
}
CITE = ("unalign: how two countries relate at the UN, in events and in trade (MIT licence), report generated with "
        "`python -m analysis report`; cite the data sources below with it.")

STYLE = """
<style id="unalign-page">
body { max-width: 1240px; margin: 0 auto; }
.unalign-header { border-bottom: 2px solid #1b4f72; padding: 14px 20px 10px; font-family: "DejaVu Sans", Arial,
  sans-serif; }
.unalign-header h1 { margin: 0 0 4px; font-size: 26px; color: #1b4f72; }
.unalign-header .meta { color: #444; font-size: 13px; margin: 2px 0; }
.unalign-header nav a { margin-right: 14px; font-size: 14px; }
.unalign-header nav a.current { font-weight: bold; color: #111; text-decoration: none; }
.unalign-toc { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 13px; background: #f6f8fa;
  border: 1px solid #e1e4e8; border-radius: 6px; padding: 8px 14px; margin: 12px 20px; }
.unalign-toc ol { margin: 4px 0 0 18px; padding: 0; columns: 2; }
.unalign-chart { margin: 8px 0 2px; min-height: 40px; }
.chart-exports { font-size: 12px; color: #555; margin: 0 0 18px; }
.unalign-footer { border-top: 1px solid #ccc; margin-top: 30px; padding: 12px 20px 30px; font-size: 12px;
  color: #333; font-family: "DejaVu Sans", Arial, sans-serif; }
.unalign-footer table { border-collapse: collapse; width: 100%; }
.unalign-footer td, .unalign-footer th { border-bottom: 1px solid #eee; padding: 3px 6px; vertical-align: top;
  text-align: left; }
.unalign-footer code { font-size: 11px; }
.facts li { margin-bottom: 6px; line-height: 1.45; }
.chart-help { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 12px; color: #555; margin: 4px 20px; }
.unalign-header details.meta summary, .unalign-toc summary { cursor: pointer; color: #0969da; }
/* tables scroll inside their own box (sticky header) instead of widening the page */
.unalign-footer table { display: block; overflow-x: auto; }
.unalign-footer code { word-break: break-all; }
.jp-RenderedHTMLCommon table, .claims-check table.evidence-table, table.unalign-table { display: block;
  max-width: 100%; overflow: auto; max-height: 80vh; }
.jp-RenderedHTMLCommon table th, table.unalign-table th { position: sticky; top: 0; background: #f6f8fa; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { word-break: normal; overflow-wrap: normal; }
.unalign-chart { max-width: 100%; overflow-x: auto; }
.unalign-chart > svg, .unalign-chart > canvas, .jp-RenderedImage img { max-width: 100%; height: auto; }
@media (max-width: 700px) {
  body { padding: 0 8px; }
  .unalign-header { padding: 10px 4px 8px; }
  .unalign-header h1 { font-size: 21px; }
  .unalign-toc { margin: 8px 0; }
  .unalign-toc ol { columns: 1; }
  .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea-output { padding-left: 0 !important; padding-right: 0 !important; }
  .jp-OutputPrompt, .jp-InputPrompt { display: none; }
  /* the analyst details keep their columns and scroll sideways in their own box: no word cut mid-word */
  .claims-check { overflow-x: auto; }
  .claims-check table.claims-table { min-width: 640px; }
}
</style>
"""

#: Scripts nbconvert's template loads from a CDN (RequireJS, MathJax): the report needs neither, and a page
#: read offline would log an error for each.
_CDN_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>\s*')
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_TAGS = re.compile(r"<[^>]+>")


@functools.cache
def vega_script() -> str:
    """The inline module script that loads Vega, Vega-Lite and Vega-Embed and draws every chart of the page.

    Built once per process with ``vl_convert.javascript_bundle`` (about 0.9 MB), kept on disk (``_bundle``).
    """
    import json


    snippet = (
        "const opts = " + json.dumps(EMBED_OPTIONS) + ";\n"
        "for (const el of document.querySelectorAll('div.unalign-chart')) {\n"
        "  try {  // one chart that fails must not stop the others\n"
        "    const spec = JSON.parse(el.querySelector('script[type=\"application/json\"]').textContent);\n"
        "    // a phone: a single or layered chart takes the screen's width (text keeps its size)\n"
        "    const single = !(spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat);\n"
        "    const drawn = typeof spec.width === 'number' ? spec.width : 640;\n"
        "    if (single && el.clientWidth && el.clientWidth < drawn + 80) {\n"
        "      spec.width = 'container'; spec.autosize = {type: 'fit-x', contains: 'padding'};\n"
        "      el.style.width = '100%';\n"
        "    }\n"
        "    vegaEmbed(el, spec, opts).then(() => el.setAttribute('data-rendered', 'true'))\n"
        "      .catch((err) => console.error('chart ' + el.id + ': ' + err));\n"
        "  } catch (err) { console.error('chart ' + el.id + ': ' + err); }\n"
        "}\n"
    )
    return '<script type="module">' + _bundle(snippet).replace("</script", "<\\/script") + "</script>"


def _bundle(snippet: str) -> str:
    """``vl_convert.javascript_bundle(snippet)``, kept in the stage cache (``paths.cache_dir()``) by vl-convert's
    version and the snippet: bundling takes about 1.5 s of CPU and gives the same text every time. A cache that
    cannot be read or written is skipped."""
    import hashlib

    import vl_convert

    key = hashlib.sha256(f"{vl_convert.__version__}\n{snippet}".encode()).hexdigest()[:32]
    kept = paths.cache_dir() / f"report-vega-bundle-{key}.js"
    try:
        return kept.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vl_convert.javascript_bundle(snippet)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        write_text(bundle, kept)
    except OSError:
        pass
    return bundle


@dataclass(frozen=True)
class PageContext:
    """What every page of one report shares: the pair, the years, the coverage and the sources."""

    title: str  # e.g. "Pakistan and Iran"
    years: str  # e.g. "1946–2026"
    coverage: str
    pages: tuple[str, ...]  # the notebooks of this report (file stems)
    sources_html: str


def data_coverage(processed: Path | None = None) -> str:
    """One line on what the processed tables cover: each body's dates and each trade source's years (the
    claims check's ``coverage``), and each event dataset's dates."""
    from analysis.claims.data import coverage

    out = Path(processed or paths.processed_dir())
    cov = coverage({"roll_calls": pl.read_parquet(out / "roll_calls.parquet", columns=["body", "date", "source"]),
                    "trade": pl.read_parquet(out / "trade.parquet", columns=["source", "year", "value_usd"])})
    parts = [f"{BODY_NAMES.get(body, body)} votes {first} to {last}"
             for body, (first, last) in sorted(cov.votes.items())]
    parts += [f"trade ({registry.named('trade', source)}) {first}–{last}"
              for source, (first, last) in sorted(cov.trade.items())]
    events = pl.read_parquet(out / "events.parquet", columns=["dataset", "date"]).group_by("dataset").agg(
        pl.col("date").min().alias("a"), pl.col("date").max().alias("b")).sort("dataset")
    parts += [f"events ({registry.named('events', d, 'dataset')}) {a} to {b}" for d, a, b in events.iter_rows()]
    return "; ".join(parts)


def sources_html(entries: list[manifest.RawFile] | None = None, shown: int = 3) -> str:
    """The footer's table: one row per source with its citation, terms and its files' sha256 (the first few)."""
    entries = entries if entries is not None else manifest.load()
    datasets = registry.load()
    by_source: dict[str, list[manifest.RawFile]] = {}
    for e in entries:
        by_source.setdefault(e.source, []).append(e)
    rows = []
    for source, files in sorted(by_source.items()):
        sums = "<br>".join(f"{html.escape(f.path)}: <code>{f.sha256[:16]}…</code>" for f in files[:shown])
        if len(files) > shown:
            sums += f"<br>and {len(files) - shown} more files (all in parameters.json)"
        declared = datasets.get(source)
        name = (f'<a href="{html.escape(declared.url)}">{html.escape(declared.title)}</a> ({html.escape(source)}; '
                f'version: {html.escape(declared.version)})' if declared else html.escape(source))
        rows.append(f"<tr><td>{name}</td><td>{html.escape(files[0].citation)}</td>"
                    f"<td>{html.escape(files[0].terms)}</td><td>{sums}</td></tr>")
    return ("<table><tr><th>dataset</th><th>cite</th><th>terms</th><th>files (sha256)</th></tr>"
            + "".join(rows) + "</table>")


def context(title: str, years: str, pages: tuple[str, ...], coverage: str | None = None) -> PageContext:
    """Return the ``PageContext`` of one report (reads the processed tables, unless ``coverage`` is given,
    and the manifest once)."""
    return PageContext(title, years, coverage if coverage is not None else data_coverage(), pages, sources_html())


def toc(body: str) -> list[tuple[str, str]]:
    """The (anchor, text) of every section heading (h2) of a page, in order."""
    out = []
    for anchor, inner in _H2.findall(body):
        text = html.unescape(_TAGS.sub("", inner)).replace("¶", "").strip()
        out.append((anchor, text))
    return out


def assemble(body: str, name: str, ctx: PageContext, *, expect_claims: bool = False) -> str:
    """Return the page ``body`` (nbconvert's HTML of notebook ``name``) with header, contents, footer and charts.

    ``expect_claims`` marks the page (``data-expect-claims`` on ``<body>``) as one that must show a
    claims table, for the browser test.
    """
    nav = " ".join(
        f'<a href="{p}.html"{" class=current" if p == name else ""}>{html.escape(PAGES.get(p, p))}</a>'
        for p in ctx.pages)
    header = (f'<header class="unalign-header" id="report-top"><h1>{html.escape(ctx.title)}: '
              f'{html.escape(PAGES.get(name, name))}</h1>'
              f'<nav>{nav} <a href="parameters.json">parameters and checksums</a></nav>'
              f'<details class="meta"><summary>Years {html.escape(ctx.years)} · what the data cover</summary>'
              f'<p>Data coverage: {html.escape(ctx.coverage)}.</p></details></header>')
    sections = toc(body)
    contents = ("" if not sections else
                '<nav class="unalign-toc" id="contents"><details><summary>Contents</summary><ol>'
                + "".join(f'<li><a href="#{html.escape(a)}">{html.escape(t)}</a></li>' for a, t in sections)
                + '<li><a href="#sources">Sources and how to cite</a></li></ol></details></nav>')
    footer = (f'<footer class="unalign-footer" id="sources"><h3>Sources and how to cite</h3>'
              f"<p>{html.escape(CITE)} Every figure on this page comes from the files below (their sha256 are "
              f'checked before every build; the full list is in <a href="parameters.json">parameters.json</a>). '
              f'For a reference manager: <a href="CITATION.bib">CITATION.bib</a> (BibTeX of every dataset below). '
              f'<a href="#report-top">Back to top</a>.</p>{ctx.sources_html}</footer>')
    if 'class="unalign-chart"' in body:  # the plain wheel scrolls the page: say how to zoom
        contents += ('<p class="chart-help">Charts: hover for values; click a legend entry to highlight it; '
                     "shift or ctrl + wheel zooms a time axis, drag pans, a double-click resets.</p>")
    attrs = ' data-expect-claims="true"' if expect_claims else ""
    page = _CDN_SCRIPT.sub("", body).replace("</head>", STYLE + "</head>", 1)
    page = re.sub(r"<body([^>]*)>", lambda m: f"<body{m.group(1)}{attrs}>" + header + contents, page, count=1)
    return page.replace("</body>", footer + vega_script() + "</body>", 1)
