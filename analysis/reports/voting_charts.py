"""Charts of UN voting: agreement over time and by issue, the measures side by side, the most and least aligned
partners, ideal points, Council membership, and agreement beside the votes on resolutions naming B.

Every function takes tidy frames (outputs of the measures) and returns an Altair chart; none reads files or
computes measures (``analysis.reports.charts`` gathers all the chart functions).
"""

from __future__ import annotations

import altair as alt
import polars as pl

from analysis.core.links import document_url
from analysis.reports.chart_style import (
    MEASURE_LABELS,
    PALETTE,
    chart_title,
    legend_pick,
    votes_source,
    zoom_x,
)
from analysis.schemas import ISSUE_NAMES


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
    pick = legend_pick("partner")
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
        .add_params(pick, zoom_x())
        .properties(
            title=chart_title(
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
    pick = legend_pick("measure")
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
        .add_params(pick, zoom_x())
        .properties(
            title=chart_title(
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
            title=chart_title(
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
            title=chart_title(
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
    pick = legend_pick("state")
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
    ).add_params(zoom_x())
    return alt.layer(bands, lines).properties(
        title=chart_title(
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
        title=chart_title(
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
        title=chart_title(
            "Years on the Human Rights Council, the Commission on Human Rights and the Security Council",
            "Dark: a member (listed on the body's recorded votes that year). Grey: the records show who sat, and the "
            "state was not listed. Blank: no recorded vote in the data.",
            "Source: OHCHR Search Library voting records (HRC 2006–2026, CHR 1947–2006), harvested by "
            "Szoszkiewicz 2026; Security Council: its recorded votes in the data (UN press releases, UN Digital "
            "Library).",
        ),
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
    return alt.vconcat(line, box, spacing=14).properties(title=chart_title(
        f"{A}–{B} agreement, {body}: click a year to list its votes on resolutions naming {B}",
        "Agreement per calendar year (recorded votes both cast); in the box, the clicked year's votes "
        "(each links to its record).",
        votes_source(body)))


