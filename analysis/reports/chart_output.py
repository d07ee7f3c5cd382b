"""Charts out of the notebooks: the renderers and the print files.

- ``NamedCharts``: ``{name: chart}`` that writes each chart's name into its spec;
- the ``"report"`` renderer (a ``div.unalign-chart`` the HTML page draws with its inlined Vega-Embed,
  tooltips named in words) and the ``"notebook"`` renderer (a Vega 5 spec JupyterLab's own Vega
  extension draws offline), registered with Altair on import;
- ``save`` / ``save_all``: PNG, SVG, CSV and Vega-Lite JSON of a chart, drawn once with vl-convert.

The chart functions themselves are in ``analysis.reports.charts``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import altair as alt
import polars as pl

from analysis.core.atomic import write_text, write_with


class NamedCharts(dict):
    """``{name: chart}`` that writes each chart's name into its spec (``usermeta.name``).

    The HTML report's renderer (``report_renderer``) reads the name to give the chart an
    anchor and links to its exports (``charts/<name>.csv``, ``.png``, ``.svg``).
    """

    def __init__(self, items: dict[str, alt.TopLevelMixin] | None = None) -> None:
        super().__init__()
        for name, chart in (items or {}).items():
            self[name] = chart

    def __setitem__(self, name: str, chart: alt.TopLevelMixin) -> None:
        super().__setitem__(name, chart.properties(usermeta={"name": name}))


#: Vega-Embed options of the HTML report: the export menu (PNG, SVG) but not the editor links.
EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False},
                 "renderer": "svg"}
_rendered = 0


def _finite(value: object) -> object:
    """``value`` with every NaN or infinite float replaced by None: JSON has no NaN (kappa is NaN when De = 0)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


#: How a tooltip names a field that has no title of its own (others: the field with spaces for underscores).
TOOLTIP_WORDS = {
    "n_joint": "joint votes", "se": "standard error", "ideal_point": "ideal point", "n_votes": "informative votes",
    "iso3": "state code", "s_score": "S-score", "issue_name": "issue", "value_musd": "US$ million",
    "balance_musd": "balance (US$ million)", "trade_musd": "trade (US$ million)", "pct": "share (%)",
    "net_coop": "net cooperation", "n": "events", "n_events": "events", "goldstein_mean": "mean Goldstein score",
    "short_title": "title", "value": "value",
}


def _tooltip_title(field_def: dict) -> dict:
    if not isinstance(field_def, dict) or "title" in field_def or "field" not in field_def:
        return field_def
    field = str(field_def["field"])
    return {**field_def, "title": TOOLTIP_WORDS.get(field, field.replace("_", " "))}


def tooltip_words(spec: object) -> object:
    """``spec`` (a Vega-Lite spec as a dict) with every tooltip field named in words: a field without a title
    gets one from ``TOOLTIP_WORDS`` ("joint votes", not n_joint; "standard error", not se)."""
    if isinstance(spec, list):
        return [tooltip_words(s) for s in spec]
    if not isinstance(spec, dict):
        return spec
    out = {}
    for key, value in spec.items():
        if key == "encoding" and isinstance(value, dict) and "tooltip" in value:
            tip = value["tooltip"]
            tip = [_tooltip_title(t) for t in tip] if isinstance(tip, list) else _tooltip_title(tip)
            out[key] = {**{k: tooltip_words(v) for k, v in value.items() if k != "tooltip"}, "tooltip": tip}
        elif key in ("datasets", "data"):
            out[key] = value  # data, not spec: left as they are
        else:
            out[key] = tooltip_words(value)
    return out


def report_renderer(spec: dict, **_: object) -> dict[str, str]:
    """Altair renderer ``"report"``: a ``div.unalign-chart`` holding the Vega-Lite spec as JSON.

    The HTML report (``analysis.reports.page``) loads Vega-Embed once per page (inline, so it works
    from ``file://`` without a network) and draws every such div, interactive: tooltips, zoom (shift + wheel) and
    pan, legend clicks. A chart with a name (``NamedCharts``) gets the id ``chart-<name>`` and links
    to its data as CSV and to its PNG and SVG files under ``charts/``. Returns a mimebundle.
    """
    global _rendered
    _rendered += 1
    name = (spec.get("usermeta") or {}).get("name")
    ident = f"chart-{name}" if name else f"chart-{_rendered}"
    payload = json.dumps(_finite(tooltip_words(spec)), default=str, allow_nan=False).replace("</", "<\\/")
    links = (f'<p class="chart-exports">Data and print versions: <a href="charts/{name}.csv">CSV</a> · '
             f'<a href="charts/{name}.png">PNG</a> · <a href="charts/{name}.svg">SVG</a></p>') if name else ""
    html = (f'<div class="unalign-chart" id="{ident}"><script type="application/json">{payload}</script></div>'
            f"{links}")
    return {"text/html": html, "text/plain": f"<chart {name or ident}>"}


alt.renderers.register("report", report_renderer)

#: The mimetype JupyterLab's own Vega extension (``@jupyterlab/vega5-extension``, part of JupyterLab 3
#: and 4, also VS Code's notebooks) draws with the Vega it bundles: no script from the network.
VEGA5_MIMETYPE = "application/vnd.vega.v5+json"


def notebook_renderer(spec: dict, **_: object) -> tuple[dict, dict]:
    """Altair renderer ``"notebook"`` (the notebooks' default): the chart offline in JupyterLab.

    Altair's own renderers load Vega from a CDN (``"default"``, ``"html"``) or emit
    ``application/vnd.vegalite.v6+json`` (``"mimetype"``, ``"jupyterlab"``), which JupyterLab's Vega
    extension does not know (it draws Vega 5 and Vega-Lite up to 5). So this one compiles the
    Vega-Lite spec to Vega here, with vl-convert (the Vega-Lite version Altair writes), and hands
    the Vega spec to JupyterLab's extension as ``application/vnd.vega.v5+json`` (its ``$schema``
    says v5: Vega 6 changed packaging, not the spec format). Tooltips, zoom and pan and legend
    clicks work; the extension adds a PNG to the output, so a saved notebook shows the chart
    elsewhere too. Returns ``(mimebundle, metadata)`` with the report's Vega-Embed options.
    """
    import vl_convert

    name = (spec.get("usermeta") or {}).get("name")
    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])  # e.g. "v6_4", as Altair calls vl-convert
    vega = vl_convert.vegalite_to_vega(_finite(spec), vl_version=vl_version)
    vega["$schema"] = "https://vega.github.io/schema/vega/v5.json"
    return ({VEGA5_MIMETYPE: vega, "text/plain": f"<chart {name or 'without a name'}>"},
            {VEGA5_MIMETYPE: {"embed_options": EMBED_OPTIONS}})


alt.renderers.register("notebook", notebook_renderer)


def save_all(named: dict[str, alt.TopLevelMixin], out_dir: Path) -> list[Path]:
    """Write every chart of {name: chart} with ``save`` into ``out_dir``; return all written paths."""
    return [p for name, chart in named.items() for p in save(chart, Path(out_dir), name)]


def save(chart: alt.TopLevelMixin, out_dir: Path, name: str) -> list[Path]:
    """Write ``chart`` as ``out_dir/name.png`` (2× scale), ``.svg`` (vl-convert), ``.vl.json`` (the
    Vega-Lite spec, with sorted keys, so reruns can be compared) and ``.csv`` (the rows it draws);
    return the paths.

    The spec is validated once and drawn once as SVG, compiled and drawn in one vl-convert call (the spec
    with its data crosses into vl-convert's JavaScript once, not twice as with ``vegalite_to_vega`` then
    ``vega_to_svg``: 15% less); the PNG is that SVG rasterised (``vl_convert.svg_to_png``), so a chart costs
    one Vega run instead of the three that ``chart.save`` for PNG, SVG and the spec would take. The SVG's
    ids are renumbered (``stable_ids``).
    """
    import vl_convert as vlc

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    as_dict = chart.to_dict()  # validated against the Vega-Lite schema
    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])  # as altair passes it: "v6.4.1" -> "v6_4"
    svg = stable_ids(vlc.vegalite_to_svg(as_dict, vl_version=vl_version))  # one call: the spec crosses once
    png, svg_path, spec, csv = (out_dir / f"{name}.{ext}" for ext in ("png", "svg", "vl.json", "csv"))
    write_with(lambda tmp: Path(tmp).write_bytes(vlc.svg_to_png(svg, scale=2)), png)
    write_text(svg, svg_path)
    write_text(json.dumps(as_dict, sort_keys=True, indent=1, default=str) + "\n", spec)
    table = chart_data(as_dict)
    write_with(lambda tmp: table.write_csv(tmp), csv)
    return [png, svg_path, spec, csv]


#: The ids Vega gives an SVG's clip paths and gradients (``clip12``, ``gradient_3``), where they are defined and used.
SVG_IDS = re.compile(r'(?<=id=")(clip|gradient_)(\d+)(?=")|(?<=url\(#)(clip|gradient_)(\d+)(?=\))')


def stable_ids(svg: str) -> str:
    """``svg`` with its clip-path and gradient ids numbered from 1 in order of first appearance.

    Vega numbers them with a counter of the process, so a chart's SVG would depend on how many charts the
    process drew before it (a kernel that runs several notebooks, a batch's pairs); renumbered, the same
    chart gives the same file. The drawing is unchanged: an id only links a use to its definition.
    """
    numbers: dict[tuple[str, str], int] = {}

    def renumber(m: re.Match) -> str:
        kind, n = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        key = (kind, n)
        if key not in numbers:
            numbers[key] = 1 + sum(k == kind for k, _ in numbers)
        return f"{kind}{numbers[key]}"

    return SVG_IDS.sub(renumber, svg)


def chart_data(spec: dict) -> pl.DataFrame:
    """The rows a chart draws, as one table: every inline dataset of ``spec`` that is a list of flat records.

    Several datasets (a layered chart) are stacked with a ``dataset`` column naming each; nested
    values (the map's shapes) are left out. Returns an empty frame when there is no such data.
    """
    frames = []
    for key, values in (spec.get("datasets") or {}).items():
        if isinstance(values, list) and values and all(isinstance(v, dict) for v in values):
            flat = [{k: v for k, v in row.items() if not isinstance(v, dict | list)} for row in values]
            frames.append(pl.DataFrame(flat, infer_schema_length=None).with_columns(pl.lit(key).alias("dataset")))
    if not frames:
        return pl.DataFrame({"note": ["this chart draws no tabular data"]})
    table = pl.concat(frames, how="diagonal_relaxed")
    return table.drop("dataset") if len(frames) == 1 else table
