"""Altair charts for the reports: one theme, readable titles, axis units and source notes.

Every function takes tidy frames (outputs of the measures) and returns an ``alt.Chart``;
none reads files or computes measures. The renderers and the print files (PNG, SVG with
vl-convert, so reports work without a browser) are in ``analysis.reports.chart_output``.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from analysis.core import registry
from analysis.core.links import document_url
from analysis.schemas import ISSUE_NAMES

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


def _zoom_x(name: str = "zoom") -> alt.Parameter:
    """Zoom and pan on the time axis (shift or ctrl + wheel zooms, drag pans, double-click resets; the plain
    wheel scrolls the page); ``name`` must be unique in a chart."""
    return alt.selection_interval(bind="scales", encodings=["x"], name=name, zoom=ZOOM_EVENTS)


def _legend_pick(field: str) -> alt.Parameter:
    """A click on a legend entry highlights that series (shift-click adds one; click elsewhere resets)."""
    return alt.selection_point(fields=[field], bind="legend", name=f"pick_{field}")


def _title(text: str, *subtitle: str) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=[s for s in subtitle if s])


def alignment_over_time(
    table: pl.DataFrame, a: str, b: str, names: dict[str, str], *, measure: str = "agreement", body: str = "GA"
) -> alt.Chart:
    """Line chart of A's ``measure`` with each partner by year; the A–B line is drawn thick.

    Takes ``alignment_with_all`` output restricted to B and the comparators (columns year,
    iso3, n_joint, measure) and a {iso3: name} map for the legend.
    """
    data = table.with_columns(
        pl.col("iso3").replace_strict(names, default=pl.col("iso3")).alias("partner"),
        (pl.col("iso3") == b).alias("is_b"),
    )
    order = [names.get(b, b)] + sorted({names.get(i, i) for i in data["iso3"].unique().to_list()} - {names.get(b, b)})
    pick = _legend_pick("partner")
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=alt.X("year:Q", title="Year of vote", axis=alt.Axis(format="d")),
            y=alt.Y(f"{measure}:Q", title=MEASURE_LABELS[measure]),
            color=alt.Color("partner:N", title=f"{names.get(a, a)} with", sort=order),
            strokeWidth=alt.condition("datum.is_b", alt.value(3.5), alt.value(1.2)),
            opacity=alt.condition(pick, alt.value(0.9), alt.value(0.12)),
            tooltip=["partner:N", "year:Q", alt.Tooltip(f"{measure}:Q", format=".3f"),
                     alt.Tooltip("n_joint:Q", title="joint votes")],
        )
        .add_params(pick, _zoom_x())
        .properties(
            title=_title(
                f"{names.get(a, a)}'s voting {measure.replace('_', '-')} with {names.get(b, b)} "
                f"and comparators, {body}",
                "Recorded votes where both voted yes, abstain or no; one point per calendar year.",
                votes_source(body),
            )
        )
    )


def dyad_measures(table: pl.DataFrame, a: str, b: str, names: dict[str, str], *, body: str = "GA") -> alt.Chart:
    """Line chart of all four measures for one dyad by year (``dyad_alignment`` output)."""
    long = table.unpivot(index=["year", "n_joint"], on=list(MEASURE_LABELS), variable_name="measure").with_columns(
        pl.col("measure").replace_strict(MEASURE_LABELS)
    )
    pick = _legend_pick("measure")
    return (
        alt.Chart(long)
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=alt.X("year:Q", title="Year of vote", axis=alt.Axis(format="d")),
            y=alt.Y("value:Q", title="Score (agreement 0–1; kappa, pi, S −1 to 1)"),
            color=alt.Color("measure:N", title="Measure"),
            opacity=alt.condition(pick, alt.value(0.95), alt.value(0.12)),
            tooltip=["measure:N", "year:Q", alt.Tooltip("value:Q", format=".3f"),
                     alt.Tooltip("n_joint:Q", title="joint votes")],
        )
        .add_params(pick, _zoom_x())
        .properties(
            title=_title(
                f"{names.get(a, a)}–{names.get(b, b)}: agreement and chance-corrected similarity, {body}",
                "Kappa and pi discount agreement expected from each state's voting habits (Häge 2011).",
                votes_source(body),
            )
        )
    )


def agreement_by_issue(table: pl.DataFrame, a: str, b: str, names: dict[str, str], years: str) -> alt.Chart:
    """Bar chart of A–B agreement per issue (columns issue, n_joint, agreement, kappa)."""
    data = table.with_columns(
        pl.col("issue").replace_strict(ISSUE_NAMES, default=pl.col("issue")).alias("issue_name"),
        ("n = " + pl.col("n_joint").cast(pl.String)).alias("n_label"),
    )
    base = alt.Chart(data).encode(y=alt.Y("issue_name:N", title=None, sort="-x"))
    x = alt.X("agreement:Q", title="Agreement (share, 0–1)", scale=alt.Scale(domain=[0, 1]))
    bars = base.mark_bar(color=PALETTE[0]).encode(
        x=x,
        tooltip=["issue_name:N", alt.Tooltip("agreement:Q", format=".3f"), alt.Tooltip("kappa:Q", format=".3f"),
                 "n_joint:Q"],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x=x, text="n_label:N")
    return (
        alt.layer(bars, labels)
        .properties(
            height=220,
            title=_title(
                f"{names.get(a, a)}–{names.get(b, b)} agreement by issue, GA {years}",
                "Issue coding: Voeten's codes to 2019, a documented keyword rule after; n = joint votes.",
                votes_source("GA"),
            ),
        )
    )


def most_least_aligned(ranked: pl.DataFrame, a: str, names: dict[str, str], year: int, k: int = 10) -> alt.Chart:
    """Two bar panels: the ``k`` states most and least aligned with A in ``year`` (``rank_partners`` output)."""
    n = ranked.height
    top = ranked.sort("rank", "iso3").head(k).with_columns(pl.lit(f"Most aligned (top {k})").alias("group"))
    bottom = ranked.sort("rank", "iso3").tail(k).with_columns(pl.lit(f"Least aligned (bottom {k})").alias("group"))
    data = pl.concat([top, bottom]).with_columns(
        pl.col("iso3").replace_strict(names, default=pl.col("iso3")).alias("partner")
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("agreement:Q", title="Agreement (share, 0–1)", scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("partner:N", title=None, sort="-x"),
            color=alt.Color("group:N", title=None, legend=None),
            row=alt.Row("group:N", title=None, sort="descending"),
            tooltip=["partner:N", "rank:Q", alt.Tooltip("agreement:Q", format=".3f"), "n_joint:Q"],
        )
        .resolve_scale(y="independent")
        .properties(
            width=520,
            height=220,
            title=_title(
                f"States most and least aligned with {names.get(a, a)} in the GA, {year}",
                f"Ranked by agreement among {n} states with at least 10 joint votes.",
                votes_source("GA"),
            ),
        )
    )


IDEAL_SOURCE = ("Estimates: dynamic ordinal IRT of all GA roll calls (analysis.measures.idealpoints; "
                'documentation: "Ideal points").')
IDEAL_AXIS = "Ideal point (sd units; + = US side)"
SE_LABELS = {"posterior_sd": "±2 posterior sd (variational; understates uncertainty)",
             "bootstrap": "±2 bootstrap se"}


def ideal_point_trajectories(points: pl.DataFrame, a: str, b: str, names: dict[str, str], min_votes: int = 5
                             ) -> alt.LayerChart:
    """Lines of the ideal points of A, B and comparators by session with ±2 se bands; A and B drawn thick.

    Takes rows of the ``ideal_points`` table (iso3, session, ideal_point, se, se_type, n_votes) for the
    states to show; state-sessions with fewer than ``min_votes`` informative votes are left out.
    """
    data = points.drop_nulls("ideal_point").filter(pl.col("n_votes") >= min_votes).with_columns(
        pl.col("iso3").replace_strict(names, default=pl.col("iso3")).alias("state"),
        (pl.col("session") + 1945).alias("opened"),
        pl.col("iso3").is_in([a, b]).alias("is_pair"),
        (pl.col("ideal_point") - 2 * pl.col("se")).alias("low"),
        (pl.col("ideal_point") + 2 * pl.col("se")).alias("high"),
    ).select("state", "iso3", "opened", "session", "ideal_point", "se", "low", "high", "is_pair", "n_votes")
    se_types = sorted(set(points["se_type"].drop_nulls().to_list()))
    band_label = "; ".join(SE_LABELS.get(t, t) for t in se_types) or "±2 se"
    order = [names.get(a, a), names.get(b, b)]
    order += sorted({names.get(i, i) for i in data["iso3"].unique().to_list()} - set(order))
    color = alt.Color("state:N", title="State", sort=order)
    x = alt.X("opened:Q", title="Year the GA session opened (session = year − 1945)", axis=alt.Axis(format="d"))
    base = alt.Chart(data)
    # The legend pick lives on the first layer, whose legend the layer shows (a legend-bound selection
    # on the second layer of a layer chart gets no legend events: a click changed nothing).
    pick = _legend_pick("state")
    bands = base.mark_area().encode(
        x=x, y=alt.Y("low:Q", title=IDEAL_AXIS), y2="high:Q", color=color,
        opacity={"condition": [{"test": {"not": {"param": pick.name}}, "value": 0.02},
                               {"test": "datum.is_pair", "value": 0.25}], "value": 0.08}).add_params(pick)
    lines = base.mark_line().encode(
        x=x, y=alt.Y("ideal_point:Q", title=IDEAL_AXIS), color=color,
        strokeWidth=alt.condition("datum.is_pair", alt.value(3.0), alt.value(1.1)),
        opacity=alt.condition(pick, alt.value(0.95), alt.value(0.1)),
        tooltip=["state:N", "session:Q", alt.Tooltip("ideal_point:Q", format=".2f"),
                 alt.Tooltip("se:Q", format=".2f"), alt.Tooltip("n_votes:Q", title="informative votes")],
    ).add_params(_zoom_x())
    return alt.layer(bands, lines).properties(
        title=_title(
            f"Where {names.get(a, a)}, {names.get(b, b)} and comparators stand in the GA, session by session",
            f"One dimension, comparable over time (positive = closer to the United States). Bands: {band_label}.",
            f"State-sessions with fewer than {min_votes} informative votes are not drawn (e.g. session 19, one vote).",
            IDEAL_SOURCE,
            votes_source("GA"),
        )
    )


def ideal_points_session(points: pl.DataFrame, a: str, b: str, names: dict[str, str], session: int, year: int
                         ) -> alt.LayerChart:
    """All states' ideal points in one session as ticks on one axis, with A and B highlighted and labelled.

    Takes the session's rows of the ``ideal_points`` table (iso3, ideal_point, se).
    """
    data = points.drop_nulls("ideal_point").with_columns(
        pl.col("iso3").replace_strict(names, default=pl.col("iso3")).alias("state")
    ).select("state", "iso3", "ideal_point", "se")
    pair = data.filter(pl.col("iso3").is_in([a, b]))
    x = alt.X("ideal_point:Q", title=IDEAL_AXIS)
    ticks = alt.Chart(data).mark_tick(color=PALETTE[2], thickness=1.5, size=26).encode(
        x=x, tooltip=["state:N", alt.Tooltip("ideal_point:Q", format=".2f"), alt.Tooltip("se:Q", format=".2f")])
    layers = [ticks]
    for code, colour, dy in ((a, PALETTE[0], -24), (b, PALETTE[1], 24)):
        one = alt.Chart(pair.filter(pl.col("iso3") == code))
        layers.append(one.mark_point(size=140, filled=True, color=colour, opacity=1).encode(x=x))
        layers.append(one.mark_text(fontSize=12, fontWeight="bold", color=colour, dy=dy).encode(x=x, text="state:N"))
    return alt.layer(*layers).properties(
        height=90,
        title=_title(
            f"All {data.height} states' positions in GA session {session} ({year}), "
            f"{names.get(a, a)} and {names.get(b, b)} highlighted",
            "Each tick is one state; positive = closer to the United States.",
            IDEAL_SOURCE,
            votes_source("GA"),
        ),
    )


def membership_years(table: pl.DataFrame, names: dict[str, str], covered: dict[str, list[int]]) -> alt.Chart:
    """Years each state sat on the Human Rights Council, the Commission on Human Rights and the Security Council.

    Takes ``memberships`` rows of the chosen states (body, year, iso3, n_listed,
    n_roll_calls), the {iso3: name} map and, per body, the years the data cover (years
    with a recorded vote that lists members). One row per state and body on a year axis;
    a dark bar per member year, a grey one per covered year in which the state was not
    listed, nothing where the data show nobody (no recorded vote that year).
    """
    from analysis.schemas import BODY_NAMES

    states = list(dict.fromkeys(table["iso3"].to_list()))
    rows = [f"{names.get(i, i)} · {BODY_NAMES[b]}" for i in states for b in ("HRC", "CHR", "SC")]
    data = table.with_columns(
        (pl.col("iso3").replace_strict(names, default=pl.col("iso3")) + pl.lit(" · ")
         + pl.col("body").cast(pl.String).replace_strict(BODY_NAMES)).alias("row"),
        pl.format("member; listed on {} of the year's {} recorded votes", "n_listed", "n_roll_calls").alias("status"),
    ).select("row", "year", "status")
    member = set(data.select("row", "year").iter_rows())
    band = pl.DataFrame(
        [{"row": f"{names.get(i, i)} · {BODY_NAMES[b]}", "year": y, "status": "not a member (not listed)"}
         for i in states for b, years in covered.items() for y in years
         if (f"{names.get(i, i)} · {BODY_NAMES[b]}", y) not in member],
        schema={"row": pl.String, "year": pl.Int32, "status": pl.String},
    )
    both = pl.concat([data.with_columns(pl.col("year").cast(pl.Int32)), band]).with_columns(
        (pl.col("year") + 1).alias("year_end"), pl.col("status").str.starts_with("member").alias("member"))
    last = int(both["year_end"].max()) if both.height else 1947  # the axis ends with the data, not a set year
    return alt.Chart(both).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("year:Q", title="Year", scale=alt.Scale(domain=[1946, last]), axis=alt.Axis(format="d", tickCount=16)),
        x2="year_end:Q",
        y=alt.Y("row:N", title=None, sort=rows),
        color=alt.condition("datum.member", alt.value(PALETTE[0]), alt.value("#dddddd")),
        tooltip=[alt.Tooltip("row:N", title="state · body"), alt.Tooltip("year:Q", format="d"), "status:N"],
    ).properties(
        width=720, height=alt.Step(22),
        title=_title(
            "Years on the Human Rights Council, the Commission on Human Rights and the Security Council",
            "Dark: a member (listed on the body's recorded votes that year). Grey: the records show who sat, and the "
            "state was not listed. Blank: no recorded vote in the data.",
            "Source: OHCHR Search Library voting records (HRC 2006–2026, CHR 1947–2006), harvested by "
            "Szoszkiewicz 2026; Security Council: its recorded votes in the data (UN press releases, UN Digital "
            "Library).",
        ),
    )


FETCH_HINT = ("Primary data end in {end}; for later years run: python -m analysis fetch trade --a {a} --b {b} "
              "--from {start}")


def _data_end_rule(last_year: int, text: str) -> alt.LayerChart:
    """A dashed vertical rule at ``last_year`` with a label (where the shipped data end)."""
    frame = pl.DataFrame({"year": [last_year], "label": [text]})
    rule = alt.Chart(frame).mark_rule(strokeDash=[4, 4], color="#555").encode(x="year:Q")
    label = alt.Chart(frame).mark_text(align="right", dx=-4, dy=4, color="#555", fontSize=10, baseline="top").encode(
        x="year:Q", y=alt.value(0), text="label:N"
    )
    return alt.layer(rule, label)


def _decimal_year(column: str) -> pl.Expr:
    date = pl.col(column)
    days = pl.when(date.dt.is_leap_year()).then(366).otherwise(365)
    return date.dt.year() + (date.dt.ordinal_day() - 1) / days


def reported_points(reported: pl.DataFrame) -> pl.DataFrame:
    """Press figures placed on a chart's year axis: x = the middle of their period − 0.5.

    Annual figures are drawn at their year (2023 stands for the calendar year 2023, whose
    middle is 2023.5), so a period's point sits at its middle minus half a year: the
    calendar year 2023 at 2023.0, Pakistan's fiscal year 2022-23 (July–June) at 2022.5,
    Iran's year 1401 (from 21 March 2022) at about 2022.2. A statement ("current") sits at
    its publication month. Figures without a single value or a date are left off the chart
    (they stay in the report's table).
    """
    published = pl.col("published").str.slice(0, 7).str.to_date("%Y-%m", strict=False)
    mid = pl.col("period_start") + (pl.col("period_end") - pl.col("period_start")) / 2
    return (
        reported.filter(pl.col("value_usd").is_not_null())
        .with_columns(pl.coalesce(mid, published).alias("_at"))
        .filter(pl.col("_at").is_not_null() & (pl.col("whole_period") | pl.col("period_start").is_null()))
        .with_columns((_decimal_year("_at") - 0.5).alias("x"), (pl.col("value_usd") / 1e6).alias("value_musd"))
        .drop("_at")
        .sort("file", "line")
    )


#: Colours of the trade series (by source and role, the same in every panel and chart).
TRADE_COLORS: dict[str, str] = {
    "COW: its estimate of the imports": "#7f8c8d",
    "IMF DOTS: importer's report (CIF)": "#1b4f72",
    "IMF DOTS: exporter's report (FOB)": "#d68910",
    "IMF IMTS: importer's report (CIF)": "#17a589",
    "IMF IMTS: exporter's report (FOB)": "#8e44ad",
    "UN Comtrade: importer's report (CIF)": "#27ae60",
    "UN Comtrade: exporter's report (FOB)": "#34495e",
    "COW: total": "#7f8c8d",
    "total by the package's rule": "#c0392b",
}


def trade_flows(long: pl.DataFrame, used: pl.DataFrame, reported: pl.DataFrame, a: str, b: str,
                names: dict[str, str], *, cow_end: int, primary_end: int) -> alt.VConcatChart:
    """Both sides' books, three panels: goods A→B, goods B→A, and the two-way total.

    Takes ``trade.flows_long`` output (every source's reports, with the IMF's estimate
    flag), ``trade.pair_figures_used`` output (the figure the package uses per year) and
    the pair's ``reported_figures`` rows. Each direction panel draws one line per source and
    side (COW; DOTS as reported by the importer, CIF; DOTS as reported by the exporter, FOB)
    with IMF estimates as triangles, and the press figures for that direction as black
    diamonds; the total panel draws COW's total, the total by the package's rule and the
    press totals and statements. A dashed rule marks where the shipped primary data end.
    """
    from analysis.measures.trade import SOURCE_LABELS

    A, B = names.get(a, a), names.get(b, b)
    role = pl.when(pl.col("source") == "cow").then(pl.lit("COW: its estimate of the imports")).otherwise(
        pl.col("source").replace_strict(SOURCE_LABELS, default=pl.col("source")) + ": " + pl.col("reported_by"))
    data = long.with_columns(
        role.alias("figure"),
        (pl.col("value_usd") / 1e6).alias("value_musd"),
        pl.when(pl.col("estimated").fill_null(False)).then(pl.lit("IMF estimate"))
        .otherwise(pl.lit("reported")).alias("flag"),
    ).sort("exporter", "figure", "year")
    totals = pl.concat([
        data.filter(pl.col("source") == "cow").group_by("year").agg(
            pl.col("value_musd").sum(), pl.len().alias("n")).filter(pl.col("n") == 2)
        .select("year", pl.lit("COW: total").alias("figure"), "value_musd"),
        used.drop_nulls("total_usd").select("year", pl.lit("total by the package's rule").alias("figure"),
                                            (pl.col("total_usd") / 1e6).alias("value_musd")),
    ]).sort("figure", "year")  # a fixed order: the same inputs give the same chart spec
    present = [k for k in TRADE_COLORS if k in set(data["figure"]) | set(totals["figure"])]
    color = alt.Color("figure:N", title="Figure", scale=alt.Scale(domain=present,
                                                                  range=[TRADE_COLORS[k] for k in present]))
    points = reported_points(reported)
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"))
    y = alt.Y("value_musd:Q", title="Goods (million current US$)")
    press_tooltip = [alt.Tooltip("label:N", title="what"), "measure:N", "period:N", "basis:N",
                     alt.Tooltip("value_text:N", title="US$ million"), "reported_by:N", "outlet:N", "url:N"]
    end_rule = _data_end_rule(primary_end, "shipped primary data end")

    def press(frame: pl.DataFrame) -> alt.Chart:
        return alt.Chart(frame).mark_point(shape="diamond", size=70, filled=True, color="#111").encode(
            x=alt.X("x:Q"), y=alt.Y("value_musd:Q"), tooltip=press_tooltip, href="url:N")

    pick = _legend_pick("figure")  # defined on the first panel, used by all: a legend click highlights one figure
    faded = alt.condition(pick, alt.value(1.0), alt.value(0.12))
    panels = []
    for exporter, importer in ((a, b), (b, a)):
        rows = data.filter((pl.col("exporter") == exporter) & (pl.col("importer") == importer)).with_columns(
            pl.lit(f"{names.get(exporter, exporter)} → {names.get(importer, importer)}").alias("direction"))
        tooltip = ["direction:N", "figure:N", "year:Q", alt.Tooltip("value_musd:Q", format=",.3f",
                                                                   title="US$ million"), "flag:N"]
        lines = alt.Chart(rows).mark_line(strokeWidth=1.6).encode(x=x, y=y, color=color, detail="figure:N",
                                                                  opacity=faded)
        lines = lines.add_params(_zoom_x(f"zoom_{len(panels)}"), *([pick] if not panels else []))
        dots = alt.Chart(rows).mark_point(size=24, filled=True).encode(
            x=x, y=y, color=color, tooltip=tooltip, opacity=faded,
            shape=alt.Shape("flag:N", title="Flag", scale=alt.Scale(domain=["reported", "IMF estimate"],
                                                                     range=["circle", "triangle-down"])))
        layers = [lines, dots]
        mine = points.filter((pl.col("exporter_iso3") == exporter) & (pl.col("importer_iso3") == importer))
        if mine.height:
            layers.append(press(mine))
        title = f"Goods from {names.get(exporter, exporter)} to {names.get(importer, importer)}"
        panels.append(alt.layer(*layers, end_rule).properties(title=title, height=170))

    layers = [alt.Chart(totals).mark_line(point=alt.OverlayMarkDef(size=16, filled=True)).encode(
        x=x, y=y, color=color, opacity=faded,
        tooltip=["figure:N", "year:Q", alt.Tooltip("value_musd:Q", format=",.1f", title="US$ million")])
        .add_params(_zoom_x("zoom_total"))]
    total_points = points.filter(pl.col("flow") == "total")
    if total_points.height:
        layers.append(press(total_points))
    panels.append(alt.layer(*layers, end_rule).properties(title=f"Both directions, {A}–{B}", height=170))

    return alt.vconcat(*panels).resolve_scale(y="independent").properties(
        title=_title(
            f"Goods trade between {A} and {B}, from both sides' books",
            "Lines: each source and whose report (importers report CIF, exporters FOB; IMF factor 1.06); "
            "triangles: IMF estimates.",
            "Black diamonds: press figures at the middle of their period (fiscal and Iranian years not converted); "
            "hover for the source.",
            FETCH_HINT.format(end=primary_end, a=a, b=b, start=primary_end + 1) + f" (COW ends {cow_end}).",
            trade_source(),
            reported_source(),
        )
    )


def trade_balance(table: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Bars of A's trade balance with B by year (columns year, source, balance_a_usd; the report's ``used``)."""
    data = table.drop_nulls("balance_a_usd").with_columns(
        (pl.col("balance_a_usd") / 1e6).alias("balance_musd"),
        pl.when(pl.col("balance_a_usd") >= 0).then(pl.lit("surplus")).otherwise(pl.lit("deficit")).alias("sign"),
    )
    pick = _legend_pick("sign")
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=-90, values=list(range(1870, 2030, 5)))),
            y=alt.Y("balance_musd:Q", title="Balance (million current US$)"),
            color=alt.Color("sign:N", title=None, scale=alt.Scale(domain=["surplus", "deficit"],
                                                                  range=[PALETTE[3], PALETTE[1]])),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            tooltip=["year:O", "source:N", alt.Tooltip("balance_musd:Q", format=",.1f")],
        )
        .add_params(pick)
        .properties(
            title=_title(
                f"{names.get(a, a)}'s goods trade balance with {names.get(b, b)}",
                f"Exports to {names.get(b, b)} minus imports from it, by the package's rule (each state's own "
                "report of its imports first).",
                trade_source(),
            )
        )
    )


def trade_shares(table: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Lines of A–B trade as a share of A's and of B's total trade.

    Takes columns year, source, share_of_a_pct and share_of_b_pct (the report's ``used``).
    """
    long = table.select(
        "year", "source",
        pl.col("share_of_a_pct").alias(f"share of {names.get(a, a)}'s trade"),
        pl.col("share_of_b_pct").alias(f"share of {names.get(b, b)}'s trade"),
    ).unpivot(index=["year", "source"], variable_name="share", value_name="pct").drop_nulls("pct")
    pick = _legend_pick("share")
    return (
        alt.Chart(long)
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
            y=alt.Y("pct:Q", title="Share of total goods trade (%)"),
            color=alt.Color("share:N", title="A–B trade as"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.12)),
            tooltip=["share:N", "year:Q", "source:N", alt.Tooltip("pct:Q", format=".2f")],
        )
        .add_params(pick, _zoom_x())
        .properties(
            title=_title(
                f"How much {names.get(a, a)} and {names.get(b, b)} matter to each other's trade",
                "Bilateral trade as % of each state's trade with all partners, every flow by the package's rule.",
                trade_source(),
            )
        )
    )


def agreement_vs_trade(panel_year: pl.DataFrame, a: str, b: str, names: dict[str, str], year: int) -> alt.LayerChart:
    """Scatter of GA agreement against bilateral trade (log scale) for all dyads in ``year``, A–B highlighted.

    Takes ``dyad_year`` rows of one year with agreement and trade_total_usd > 0.
    """
    data = panel_year.select("iso3_a", "iso3_b", "agreement", "trade_total_usd").with_columns(
        (pl.col("trade_total_usd") / 1e6).alias("trade_musd"),
        (pl.col("iso3_a").replace_strict(names, default=pl.col("iso3_a")) + "–"
         + pl.col("iso3_b").replace_strict(names, default=pl.col("iso3_b"))).alias("dyad"),
    )
    x = alt.X("trade_musd:Q", title="Bilateral goods trade (million current US$, log scale)",
              scale=alt.Scale(type="log"))
    y = alt.Y("agreement:Q", title="GA voting agreement (share, 0–1)", scale=alt.Scale(domain=[0, 1]))
    cloud = alt.Chart(data).mark_circle(size=10, opacity=0.25, color=PALETTE[2]).encode(
        x=x, y=y,
        tooltip=["dyad:N", alt.Tooltip("trade_musd:Q", format=",.1f"), alt.Tooltip("agreement:Q", format=".3f")],
    )
    pair = data.filter((pl.col("iso3_a") == min(a, b)) & (pl.col("iso3_b") == max(a, b)))
    mark = alt.Chart(pair).mark_point(size=160, filled=True, color=PALETTE[1]).encode(x=x, y=y, tooltip=["dyad:N"])
    text = alt.Chart(pair).mark_text(dx=10, align="left", fontWeight="bold", color=PALETTE[1]).encode(
        x=x, y=y, text="dyad:N")
    return alt.layer(cloud, mark, text).properties(
        title=_title(
            f"Voting agreement and trade across all pairs of states, {year}",
            f"{data.height:,} pairs with GA votes and recorded trade; {names.get(a, a)}–{names.get(b, b)} in red.",
            votes_source("GA"), trade_source(),
        )
    )


QUAD_ORDER = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"]
QUAD_COLORS = ["#27ae60", "#1e8449", "#e67e22", "#c0392b"]


def quad_counts(counts_long: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Stacked bars of events per quad class and year, one panel per direction.

    Takes long counts (year, direction, quad, n, dataset) from ``events_report``.
    """
    pick = _legend_pick("quad")
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
            title=_title(
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
    pick = _legend_pick("direction")
    lines = base.mark_line(point=alt.OverlayMarkDef(size=16)).encode(
        y=alt.Y("net_coop:Q", title="Net cooperation (cooperative − conflictual events)"),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
        tooltip=["direction:N", "year:Q", "net_coop:Q", "dataset:N"],
    ).add_params(pick, _zoom_x())
    return lines.properties(
        title=_title(
            f"Net cooperation between {names.get(a, a)} and {names.get(b, b)}",
            "Goldstein (1992) weights need event-level data; the ICEWS dyad-year file has counts only.",
            events_source(),
        )
    )


def goldstein_trend(table: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Points of the mean Goldstein score of A–B events per month (event-level data only)."""
    pick = _legend_pick("direction")
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
        .add_params(pick, _zoom_x())
        .properties(
            title=_title(
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
    pick = _legend_pick("label")
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
            title=_title(
                f"Contacts and votes: {names.get(a, a)} and {names.get(b, b)}",
                "Analyst-coded events (from news) and each state's votes on GA, HRC and CHR resolutions naming "
                "either.",
                votes_source("GA"), votes_source("HRC"),
            ),
        )
    )


def agreement_and_votes(dyad: pl.DataFrame, naming: pl.DataFrame, a: str, b: str, names: dict[str, str],
                        body: str = "GA") -> alt.VConcatChart:
    """Two linked views: A–B agreement per year (click a year) and that year's votes on resolutions naming B.

    Takes ``dyad_alignment`` output (year, n_joint, agreement) and ``VotingReport.naming_table()``
    rows (date, body, symbol, title, vote_a, vote_b; ``record_url`` when given). A click on a year's
    point selects it; the box below lists the year's recorded votes on resolutions naming B with both
    states' votes, under a heading that names the year and the number of votes ("no recorded vote"
    for a year without one). Before a click (or after a click on empty space) the box asks for a click.
    The box has room for the year with the most votes, so no line is drawn outside it; each line links
    to its voting record or document (``analysis.core.links.document_url``).
    """
    A, B = names.get(a, a), names.get(b, b)
    year = alt.selection_point(fields=["year"], on="click", nearest=True, empty=False, name="clicked_year")
    rows = naming.with_columns(pl.col("date").dt.year().alias("year")).sort("date", "symbol").with_columns(
        pl.format("{}  {}  {} · {}: {} · {}: {}", "date", "body", "symbol", pl.lit(A), "vote_a", pl.lit(B),
                  "vote_b").alias("line"),
        pl.col("title").str.slice(0, 90).alias("short_title"),
        pl.int_range(1, pl.len() + 1).over("year").alias("rank"),
        pl.struct("symbol", *(["record_url"] if "record_url" in naming.columns else [])).map_elements(
            lambda r: document_url(r["symbol"], r.get("record_url")) if r["symbol"] else r.get("record_url"),
            return_dtype=pl.String).alias("url"),
    ).select("year", "date", "line", "short_title", "symbol", "rank", "url")
    per_year = rows.group_by("year").len("n_named")
    data = dyad.select("year", "n_joint", "agreement").join(per_year, on="year", how="left").with_columns(
        pl.col("n_named").fill_null(0),
    ).with_columns(
        pl.when(pl.col("n_named") == 0).then(pl.format("{}: no recorded vote on a resolution naming {}", "year",
                                                       pl.lit(B)))
        .when(pl.col("n_named") == 1).then(pl.format("{}: 1 recorded vote on a resolution naming {}", "year",
                                                     pl.lit(B)))
        .otherwise(pl.format("{}: {} recorded votes on resolutions naming {}", "year", "n_named", pl.lit(B)))
        .alias("heading"),
        pl.lit(0).alias("rank"),
    )
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title="Year of vote", axis=alt.Axis(format="d")),
        y=alt.Y("agreement:Q", title=MEASURE_LABELS["agreement"]))
    points = base.mark_point(size=60, filled=True, cursor="pointer").encode(
        tooltip=[alt.Tooltip("year:Q", title="year"), alt.Tooltip("agreement:Q", format=".3f", title="agreement"),
                 alt.Tooltip("n_joint:Q", title="joint votes"),
                 alt.Tooltip("n_named:Q", title=f"votes on resolutions naming {B}")],
        color=alt.condition(year, alt.value(PALETTE[1]), alt.value(PALETTE[0])),
        size=alt.condition(year, alt.value(160), alt.value(50)),
    ).add_params(year)
    line = alt.layer(base.mark_line(color=PALETTE[0], strokeWidth=1.2), points).properties(height=160, width=720)
    most = max(int(per_year["n_named"].max() or 0), 1)
    y = alt.Y("rank:O", axis=None, title=None, scale=alt.Scale(domain=list(range(most + 1))))
    heading = alt.Chart(data).transform_filter(year).mark_text(
        align="left", baseline="middle", fontSize=12, fontWeight="bold", x=8).encode(y=y, text="heading:N")
    # shown while no year is selected: the store of the click selection is empty
    hint = alt.Chart(alt.Data(values=[{"rank": 0, "text": "Click a year's point above to list its recorded votes "
                                                          f"on resolutions naming {B}."}])).transform_filter(
        "length(data('clicked_year_store')) == 0").mark_text(
        align="left", baseline="middle", fontSize=12, fontStyle="italic", color="#555", x=8).encode(
        y=y, text="text:N")
    listing = alt.Chart(rows).transform_filter(year).mark_text(
        align="left", baseline="middle", fontSize=11, cursor="pointer", x=8).encode(
        y=y, text="line:N", href="url:N",
        tooltip=[alt.Tooltip("date:T", title="date"), alt.Tooltip("symbol:N", title="symbol"),
                 alt.Tooltip("short_title:N", title="title")],
    )
    box = alt.layer(heading, hint, listing).properties(
        width=720, height=alt.Step(18), view=alt.ViewBackground(stroke="#c8c8c8", fill="#fafafa"))
    return alt.vconcat(line, box, spacing=14).properties(title=_title(
        f"{A}–{B} agreement, {body}: click a year to list its votes on resolutions naming {B}",
        "Agreement per calendar year (recorded votes both cast); in the box, the clicked year's votes "
        "(each links to its record).",
        votes_source(body)))


def gdelt_months(months_long: pl.DataFrame, a: str, b: str, names: dict[str, str], source: str) -> alt.Chart:
    """Stacked bars of GDELT events per month and quad class, one row of panels per direction.

    Takes long rows (month, direction, quad, n, aggregate, engine) of ``event_counts_dyad_month``
    for the pair and the source line naming the aggregates (``events.gdelt_source``).
    """
    pick = _legend_pick("quad")
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
        .add_params(pick, _zoom_x())
        .properties(
            width=720, height=140,
            title=_title(
                f"GDELT events between {names.get(a, a)} and {names.get(b, b)} per month, by quad class",
                "Counts of machine-coded GDELT 2.0 events per month and direction (CAMEO quad classes, the "
                "project's own table).",
                source,
            ),
        )
    )
