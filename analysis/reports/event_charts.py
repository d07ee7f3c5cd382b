"""Charts of diplomatic events: quad-class counts, net cooperation, the Goldstein trend, GDELT months and the
timeline of events beside votes.

Every function takes tidy frames (outputs of the measures) and returns an Altair chart; none reads files or
computes measures (``analysis.reports.charts`` gathers all the chart functions).
"""

from __future__ import annotations

import altair as alt
import polars as pl

from analysis.reports.chart_style import chart_title, events_source, legend_pick, votes_source, zoom_x

QUAD_ORDER = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"]
QUAD_COLORS = ["#27ae60", "#1e8449", "#e67e22", "#c0392b"]


def quad_counts(counts_long: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Stacked bars of events per quad class and year, one panel per direction.

    Takes long counts (year, direction, quad, n, dataset) from ``events_report``.
    """
    pick = legend_pick("quad")
    return (
        alt.Chart(counts_long)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year"),
            y=alt.Y("n:Q", title="Events per year (count)", stack="zero"),
            color=alt.Color("quad:N", title="Quad class", sort=QUAD_ORDER,
                            scale=alt.Scale(domain=QUAD_ORDER, range=QUAD_COLORS)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            column=alt.Column("direction:N", title=None),
            tooltip=["direction:N", "year:O", "quad:N", alt.Tooltip("n:Q", title="events"), "dataset:N"],
        )
        .add_params(pick)
        .properties(
            width=300,
            title=chart_title(
                f"What {names.get(a, a)} and {names.get(b, b)} did to each other, by quad class",
                "Counts of coded events per year and direction (CAMEO quad classes).",
                events_source(),
            ),
        )
    )


def net_cooperation(table: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Lines of net cooperation (cooperative minus conflictual events) per year and direction,
    with the mean Goldstein score where the data carry it (event-level data).

    Takes rows (year, direction, net_coop, goldstein_mean, dataset) from ``events_report``.
    """
    base = alt.Chart(table).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
        color=alt.Color("direction:N", title="Direction"),
    )
    pick = legend_pick("direction")
    lines = base.mark_line(point=alt.OverlayMarkDef(size=16)).encode(
        y=alt.Y("net_coop:Q", title="Net cooperation (cooperative − conflictual events)"),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
        tooltip=["direction:N", "year:Q", "net_coop:Q", "dataset:N"],
    ).add_params(pick, zoom_x())
    return lines.properties(
        title=chart_title(
            f"Net cooperation between {names.get(a, a)} and {names.get(b, b)}",
            "Goldstein (1992) weights need event-level data; the ICEWS dyad-year file has counts only.",
            events_source(),
        )
    )


def goldstein_trend(table: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Points of the mean Goldstein score of A–B events per month (event-level data only)."""
    pick = legend_pick("direction")
    return (
        alt.Chart(table)
        .mark_circle(size=70)
        .encode(
            x=alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y")),
            y=alt.Y("goldstein_mean:Q", title="Mean Goldstein score (−10 conflict … +10 cooperation)",
                    scale=alt.Scale(domain=[-10, 10])),
            color=alt.Color("direction:N", title="Direction"),
            shape=alt.Shape("dataset:N", title="Dataset"),
            size=alt.Size("n_events:Q", title="Events"),
            opacity=alt.condition(pick, alt.value(0.9), alt.value(0.1)),
            tooltip=["direction:N", "month:T", "dataset:N", alt.Tooltip("n_events:Q", title="events"),
                     alt.Tooltip("goldstein_mean:Q", format=".2f")],
        )
        .add_params(pick, zoom_x())
        .properties(
            title=chart_title(
                f"Tone of {names.get(a, a)}–{names.get(b, b)} events (Goldstein scale)",
                "Mean Goldstein weight of the month's events (ICEWS weights; Goldstein 1992).",
                events_source(),
            )
        )
    )


def events_and_votes_timeline(timeline: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Timeline: analyst-coded events and A's and B's votes on resolutions naming either state.

    Takes rows (date, lane, label, detail) from ``events_report``.
    """
    pick = legend_pick("label")
    return (
        alt.Chart(timeline)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("date:T", title="Date", axis=alt.Axis(format="%b %Y", labelAngle=-45)),
            y=alt.Y("lane:N", title=None),
            color=alt.Color("label:N", title="Event / vote"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.12)),
            tooltip=["date:T", "lane:N", "label:N", "detail:N"],
        )
        .add_params(pick)
        .properties(
            height=220,
            title=chart_title(
                f"Contacts and votes: {names.get(a, a)} and {names.get(b, b)}",
                "Analyst-coded events (from news) and each state's votes on GA, HRC and CHR resolutions naming "
                "either.",
                votes_source("GA"), votes_source("HRC"),
            ),
        )
    )


def gdelt_months(months_long: pl.DataFrame, a: str, b: str, names: dict[str, str], source: str) -> alt.Chart:
    """Stacked bars of GDELT events per month and quad class, one row of panels per direction.

    Takes long rows (month, direction, quad, n, aggregate, engine) of ``event_counts_dyad_month``
    for the pair and the source line naming the aggregates (``events.gdelt_source``).
    """
    pick = legend_pick("quad")
    return (
        alt.Chart(months_long)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title="Month", axis=alt.Axis(format="%Y")),
            y=alt.Y("n:Q", title="Events per month (count)", stack="zero"),
            color=alt.Color("quad:N", title="Quad class", sort=QUAD_ORDER,
                            scale=alt.Scale(domain=QUAD_ORDER, range=QUAD_COLORS)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            row=alt.Row("direction:N", title=None),
            tooltip=["direction:N", alt.Tooltip("yearmonth(month):T", title="month"), "quad:N",
                     alt.Tooltip("n:Q", title="events"), "engine:N", "aggregate:N"],
        )
        .add_params(pick, zoom_x())
        .properties(
            width=720, height=140,
            title=chart_title(
                f"GDELT events between {names.get(a, a)} and {names.get(b, b)} per month, by quad class",
                "Counts of machine-coded GDELT 2.0 events per month and direction (CAMEO quad classes, the "
                "project's own table).",
                source,
            ),
        )
    )
