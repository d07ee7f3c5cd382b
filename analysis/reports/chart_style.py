"""The charts' common style: one Altair theme, the palette, readable titles, the source lines under each chart,
and the interactions every chart shares (zoom with a modifier key, a legend click that highlights a series).

The chart functions are in ``voting_charts``, ``trade_charts`` and ``event_charts`` (all gathered in
``analysis.reports.charts``); the renderers and the print files in ``analysis.reports.chart_output``.
"""

from __future__ import annotations

import altair as alt

from analysis.core import registry

THEME = "unalign"
PALETTE = ["#1b4f72", "#c0392b", "#7f8c8d", "#27ae60", "#8e44ad", "#d68910", "#17a589", "#34495e"]


def votes_source(body: str) -> str:
    """The source line of a chart of ``body``'s votes: each dataset that fills the body's roll calls,
    with the years it covers in the processed tables (``analysis.core.registry.caption``), e.g.
    "Sources: Voeten et al. UNGA votes (unvotes), 1946–2020; UN DGACM General Assembly records, 2020–2026."."""
    return registry.caption(("roll_calls",), also={"body": body})


def trade_source() -> str:
    """The source line of a trade chart: the datasets of the trade table with their years."""
    return registry.caption(("trade",))


def events_source() -> str:
    """The source line of an events chart: the datasets of the event tables with their years."""
    return registry.caption(("events", "event_counts_dyad_year"))


def reported_source() -> str:
    """The source line of the press figures (secondary sources; each figure's URL is in its tooltip)."""
    return registry.caption(("reported_figures",)).removesuffix(".") + (
        " (secondary: newspapers quoting each government's statistics; URLs in the tooltips).")
MEASURE_LABELS = {
    "agreement": "Agreement (share, 0–1)",
    "kappa": "Cohen's kappa (chance-corrected)",
    "pi": "Scott's pi (chance-corrected)",
    "s_score": "S-score (−1 to 1)",
}


@alt.theme.register(THEME, enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "view": {"continuousWidth": 640, "continuousHeight": 300, "stroke": None},
            "font": "DejaVu Sans, Helvetica, Arial, sans-serif",
            "title": {"fontSize": 15, "anchor": "start", "subtitleFontSize": 11, "subtitleColor": "#555"},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e5e5e5", "labelLimit": 320},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 320},
            "range": {"category": PALETTE},
        }
    }


# The agreement-vs-trade scatter draws every dyad of a year (~9,000 points, a few columns):
# lift Altair's 5,000-row guard; charts select only the columns they encode.
alt.data_transformers.enable("default", max_rows=None)


def use_theme() -> None:
    """Enable the project's chart theme (importing this module already does)."""
    alt.theme.enable(THEME)


#: The wheel zooms a chart only with shift, ctrl or cmd held (ctrl also carries a trackpad's pinch): a plain
#: wheel turn over a chart scrolls the page (Vega-Lite's default, ``wheel!``, takes every wheel event of the
#: chart and stops the page's scrolling). Only the filtered events are consumed (Vega's "!").
ZOOM_EVENTS = "wheel![event.shiftKey || event.ctrlKey || event.metaKey]"


def zoom_x(name: str = "zoom") -> alt.Parameter:
    """Zoom and pan on the time axis (shift or ctrl + wheel zooms, drag pans, double-click resets; the plain
    wheel scrolls the page); ``name`` must be unique in a chart."""
    return alt.selection_interval(bind="scales", encodings=["x"], name=name, zoom=ZOOM_EVENTS)


def legend_pick(field: str) -> alt.Parameter:
    """A click on a legend entry highlights that series (shift-click adds one; click elsewhere resets)."""
    return alt.selection_point(fields=[field], bind="legend", name=f"pick_{field}")


def chart_title(text: str, *subtitle: str) -> alt.TitleParams:
    """A chart's title with its subtitle lines (empty lines left out)."""
    return alt.TitleParams(text=text, subtitle=[s for s in subtitle if s])


