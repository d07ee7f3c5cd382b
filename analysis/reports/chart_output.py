"""Charts out of the notebooks: the renderers and the print files.

- ``NamedCharts``: ``{name: chart}`` that writes each chart's name into its spec;
- the ``"report"`` renderer (a ``div.unalign-chart`` the HTML page draws with its inlined Vega-Embed,
  tooltips named in words) and the ``"notebook"`` renderer (a Vega 5 spec JupyterLab's own Vega
  extension draws offline), registered with Altair on import;
- ``save`` / ``save_all``: PNG, SVG, CSV and Vega-Lite JSON of a chart, drawn once with vl-convert (here, or
  by a printer process: ``print_later``).

The chart functions themselves are in ``analysis.reports.charts``.
"""

from __future__ import annotations

import json
import math
import weakref
from pathlib import Path

import altair as alt
import polars as pl

from analysis.core.atomic import write_text, write_with
from analysis.reports import printer
from analysis.reports.page import EMBED_OPTIONS  # noqa: F401 - the renderers' options are the page's
from analysis.reports.printer import stable_ids  # noqa: F401 - where it was: tests and callers import it from here


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
    ids are renumbered (``printer.stable_ids``). After ``print_later(queue)`` the PNG and SVG are left to a
    printer (``analysis.reports.printer``): they exist once the report's queue is drained.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    as_dict = spec_of(chart)  # validated against the Vega-Lite schema
    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])  # as altair passes it: "v6.4.1" -> "v6_4"
    png, svg_path, spec, csv = (out_dir / f"{name}.{ext}" for ext in ("png", "svg", "vl.json", "csv"))
    job = printer.PrintJob(as_dict, vl_version, svg_path, png)
    if _print_queue is None or printer.submit(_print_queue, job) is None:
        printer.draw(job)
    write_text(json.dumps(as_dict, sort_keys=True, indent=1, default=str) + "\n", spec)
    table = chart_data(as_dict)
    write_with(lambda tmp: table.write_csv(tmp), csv)
    return [png, svg_path, spec, csv]


_print_queue: Path | None = None
_specs: dict[int, tuple[weakref.ref, dict]] = {}
_keep_specs = False


def keep_specs() -> None:
    """From now on in this process, compute each chart's Vega-Lite spec once (``spec_of``) for its displays and its
    print files, and show charts through ``spec_of``. A report's kernels call it (``kernels.WARM_UP``), where the
    charts of the reports' ``prepare`` results are only read: a report shows and saves each of its 17 charts, some
    in two notebooks, and a spec costs about 30 ms (Altair's conversion and validation)."""
    global _keep_specs
    _keep_specs = True
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:  # IPython asks a type's printer before the object's own _repr_mimebundle_
        shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, _mimebundle)


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """``chart.to_dict()`` (validated); after ``keep_specs()`` kept while the chart lives and shared by every
    caller, who must not change it."""
    if not _keep_specs:
        return chart.to_dict()
    key = id(chart)
    kept = _specs.get(key)
    if kept is not None and kept[0]() is chart:
        return kept[1]
    spec = chart.to_dict()
    _specs[key] = (weakref.ref(chart, lambda _, key=key: _specs.pop(key, None)), spec)
    return spec


#: Renderers whose output is a picture drawn from the spec alone (vl-convert's SVG): after ``keep_specs()`` a chart
#: shown again through one of them, with no renderer options set, shows the picture drawn the first time. The
#: site's tutorials (``scripts/site_pages.run_tutorials``) show 7 of their 24 charts twice (the dyad report and a
#: section's notebook); each drawing costs 0.1-0.5 s of vl-convert.
DRAWN_ONCE = frozenset({"svg"})
_drawn: dict[tuple[int, str], tuple[weakref.ref, dict]] = {}


def _mimebundle(chart: alt.TopLevelMixin) -> object:
    """What Altair's ``_repr_mimebundle_`` shows for ``chart`` (the active renderer given its spec), the spec from
    ``spec_of``. Altair asks for ``to_dict(context={"pre_transform": False})``: the same spec without VegaFusion,
    which the package does not use. A chart that fails goes to Altair, which shows the error. A renderer of
    ``DRAWN_ONCE`` draws a chart once while it lives (the same spec gives the same picture; vl-convert numbers the
    SVG's clip paths from a counter of its own, so the copy keeps the first drawing's numbers)."""
    try:
        spec = spec_of(chart)
    except Exception:  # noqa: BLE001 - Altair's own display shows the traceback
        return chart._repr_mimebundle_()
    renderer = alt.renderers.get()
    if renderer is None:
        return None
    name = alt.renderers.active
    if name not in DRAWN_ONCE or alt.renderers.options:
        return renderer(spec)
    key = (id(chart), name)
    kept = _drawn.get(key)
    if kept is None or kept[0]() is not chart:
        kept = (weakref.ref(chart, lambda _, key=key: _drawn.pop(key, None)), renderer(spec))
        _drawn[key] = kept
    return dict(kept[1])


def print_later(queue: Path | str | None) -> None:
    """From now on in this process, ``save`` leaves each chart's PNG and SVG as a job in ``queue`` for a printer
    (``analysis.reports.printer``) instead of drawing them; None draws them again in ``save``. A report run sets
    it in its kernel before each notebook."""
    global _print_queue
    _print_queue = Path(queue) if queue is not None else None


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
