"""Altair charts for the reports: one theme, readable titles, axis units and source notes.

Every function takes tidy frames (outputs of the measures) and returns an ``alt.Chart``;
none reads files or computes measures. ``save`` writes PNG and SVG with vl-convert, so
reports work without a browser.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import polars as pl

from analysis.atomic import write_with
from analysis.schemas import ISSUE_NAMES

THEME = "unalign"
PALETTE = ["#1b4f72", "#c0392b", "#7f8c8d", "#27ae60", "#8e44ad", "#d68910", "#17a589", "#34495e"]
SOURCE_GA = "Source: UNGA votes — Voeten et al. (unvotes, 1946–2019) and UN DGACM (2019–2026)."
SOURCE_HRC = "Source: UN Human Rights Council recorded votes 2006–2024 (OHCHR / UN Digital Library)."
SOURCES = {"GA": SOURCE_GA, "HRC": SOURCE_HRC}
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


def use_theme() -> None:
    """Enable the project's chart theme (importing this module already does)."""
    alt.theme.enable(THEME)


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
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=alt.X("year:Q", title="Year of vote", axis=alt.Axis(format="d")),
            y=alt.Y(f"{measure}:Q", title=MEASURE_LABELS[measure]),
            color=alt.Color("partner:N", title=f"{names.get(a, a)} with", sort=order),
            strokeWidth=alt.condition("datum.is_b", alt.value(3.5), alt.value(1.2)),
            opacity=alt.condition("datum.is_b", alt.value(1.0), alt.value(0.55)),
            tooltip=["partner:N", "year:Q", alt.Tooltip(f"{measure}:Q", format=".3f"), "n_joint:Q"],
        )
        .properties(
            title=_title(
                f"{names.get(a, a)}'s voting {measure.replace('_', '-')} with {names.get(b, b)} "
                f"and comparators, {body}",
                "Recorded votes where both voted yes, abstain or no; one point per calendar year.",
                SOURCES[body],
            )
        )
    )


def dyad_measures(table: pl.DataFrame, a: str, b: str, names: dict[str, str], *, body: str = "GA") -> alt.Chart:
    """Line chart of all four measures for one dyad by year (``dyad_alignment`` output)."""
    long = table.unpivot(index=["year", "n_joint"], on=list(MEASURE_LABELS), variable_name="measure").with_columns(
        pl.col("measure").replace_strict(MEASURE_LABELS)
    )
    return (
        alt.Chart(long)
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=alt.X("year:Q", title="Year of vote", axis=alt.Axis(format="d")),
            y=alt.Y("value:Q", title="Score (agreement 0–1; kappa, pi, S −1 to 1)"),
            color=alt.Color("measure:N", title="Measure"),
            tooltip=["measure:N", "year:Q", alt.Tooltip("value:Q", format=".3f"), "n_joint:Q"],
        )
        .properties(
            title=_title(
                f"{names.get(a, a)}–{names.get(b, b)}: agreement and chance-corrected similarity, {body}",
                "Kappa and pi discount agreement expected from each state's voting habits (Häge 2011).",
                SOURCES[body],
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
                SOURCE_GA,
            ),
        )
    )


def most_least_aligned(ranked: pl.DataFrame, a: str, names: dict[str, str], year: int, k: int = 10) -> alt.Chart:
    """Two bar panels: the ``k`` states most and least aligned with A in ``year`` (``rank_partners`` output)."""
    n = ranked.height
    top = ranked.sort("rank").head(k).with_columns(pl.lit(f"Most aligned (top {k})").alias("group"))
    bottom = ranked.sort("rank").tail(k).with_columns(pl.lit(f"Least aligned (bottom {k})").alias("group"))
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
                SOURCE_GA,
            ),
        )
    )


def save(chart: alt.TopLevelMixin, out_dir: Path, name: str) -> list[Path]:
    """Write ``chart`` as ``out_dir/name.png`` (2× scale) and ``.svg`` with vl-convert; return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in ("png", "svg"):
        target = out_dir / f"{name}.{fmt}"
        kwargs = {"scale_factor": 2} if fmt == "png" else {}
        write_with(lambda tmp, fmt=fmt, kwargs=kwargs: chart.save(str(tmp), format=fmt, **kwargs), target)
        written.append(target)
    return written
