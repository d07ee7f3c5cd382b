"""Everything the diplomatic-events notebook shows, computed from its parameters.

``notebooks/diplomatic_events.ipynb`` calls ``prepare(...)``. Data: the processed
``event_counts_dyad_year`` (ICEWS, 2002-2014), ``events`` (ICEWS sample, GDELT, analyst-coded)
and, for the timeline, the votes on resolutions naming either state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import polars as pl

from analysis.core.countries import resolve
from analysis.measures.events import QUAD_CLASSES, QUAD_COLUMNS, counts_from_dyad_year, dyad_event_counts
from analysis.measures.resolutions import naming_resolutions
from analysis.reports import chart_output, charts
from analysis.reports.heading import pair_heading
from analysis.reports.reuse import load, remembered


@dataclass
class EventsReport:
    """Event tables and charts for one dyad."""

    a: str
    b: str
    names: dict[str, str]
    counts: pl.DataFrame  # directed yearly counts (ICEWS dyad-year)
    event_level: pl.DataFrame  # directed monthly measures from event-level data
    timeline: pl.DataFrame
    months: pl.DataFrame = field(default_factory=pl.DataFrame)  # GDELT aggregates per directed dyad-month
    notes: list[str] = field(default_factory=list)
    charts: dict[str, alt.TopLevelMixin] = field(default_factory=chart_output.NamedCharts)

    def heading(self) -> str:
        """Markdown naming the pair (the notebook's first output; each chart names its data and dates)."""
        return pair_heading(self.names, self.a, self.b, "Diplomatic events in both directions")

    def key_facts(self) -> dict[str, object]:
        """Headline numbers: the last ICEWS year's counts both ways and the event-level coverage."""
        facts: dict[str, object] = {"dyad": f"{self.a}-{self.b}"}
        icews = self.counts.filter(pl.col("dataset") == "icews")
        if icews.height:
            last = int(icews["year"].max())
            rows = icews.filter(pl.col("year") == last)
            facts["icews_years"] = f"{int(icews['year'].min())}-{last}"
            for row in rows.sort("source_iso3").iter_rows(named=True):
                key = f"{row['source_iso3']}_to_{row['target_iso3']}_{last}"
                facts[key] = (f"{row['n_events']} events, net cooperation {row['net_coop']}, "
                              f"material conflict {row['material_conflict']}")
        else:
            facts["icews_years"] = None
        for dataset, n in self.event_level.group_by("dataset").agg(pl.col("n_events").sum()).sort("dataset").rows():
            facts[f"event_level_{dataset}"] = int(n)
        return facts

    def save_charts(self, out_dir: Path) -> list[Path]:
        """Write every chart as PNG, SVG and Vega-Lite JSON into ``out_dir``; return the paths."""
        return chart_output.save_all(self.charts, Path(out_dir))


def _direction(names: dict[str, str]) -> pl.Expr:
    return (pl.col("source_iso3").replace_strict(names, default=pl.col("source_iso3")) + " → "
            + pl.col("target_iso3").replace_strict(names, default=pl.col("target_iso3")))


def timeline_rows(events: pl.DataFrame, votes_naming: pl.DataFrame, a: str, b: str, names: dict[str, str],
                  since_year: int) -> pl.DataFrame:
    """Return timeline rows (date, lane, label, detail): analyst-coded A–B events and A's and B's votes
    on resolutions naming either state (``naming_resolutions`` output for both), from ``since_year``."""
    analyst = events.filter(
        (pl.col("dataset") == "analyst") & pl.col("source_iso3").is_in([a, b]) & pl.col("target_iso3").is_in([a, b])
        & (pl.col("date").dt.year() >= since_year)
    ).select(
        "date",
        ("events: " + _direction(names)).alias("lane"),
        pl.col("quad_class").replace_strict(QUAD_CLASSES, return_dtype=pl.String).alias("label"),
        (pl.col("cameo_code") + " " + pl.col("description")).alias("detail"),
    )
    rows = votes_naming.filter(pl.col("date").dt.year() >= since_year)
    votes = pl.concat([
        rows.select("date", pl.lit(f"votes: {names[state]}").alias("lane"),
                    ("vote " + pl.col(column)).alias("label"),
                    (pl.col("body") + " " + pl.col("symbol").fill_null("") + ": " + pl.col("title")).alias("detail"))
        for state, column in ((a, "vote_a"), (b, "vote_b"))
    ])
    return pl.concat([analyst, votes]).sort("date", "lane", "label", "detail")  # a total order: reproducible


def gdelt_source(months: pl.DataFrame) -> str:
    """The source line of GDELT aggregates: the aggregates and engines the rows come from, and their months."""
    parts = sorted({f"{agg} ({engine})" for agg, engine in months.select("aggregate", "engine").iter_rows()})
    return (f"Source: GDELT 2.0 events (the GDELT Project), aggregated per dyad-month with "
            f"python -m analysis events aggregate: {', '.join(parts)}; months {months['month'].min():%Y-%m} to "
            f"{months['month'].max():%Y-%m}.")


@remembered  # the dyad report computes it too, in the same kernel (reuse.py)
def prepare(country_a: str = "PAK", country_b: str = "IRN", start_year: int | None = None,
            end_year: int | None = None, timeline_since: int | None = None) -> EventsReport:
    """Compute the event tables and charts for A and B; return an ``EventsReport``.

    ``timeline_since`` (default: five years before the latest analyst-coded A–B event, or
    2019) is the first year of the events-and-votes timeline.
    """
    countries = load("countries")
    a, b = resolve(country_a, countries), resolve(country_b, countries)
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    events, counts_table = load("events"), load("event_counts_dyad_year")
    start = start_year if start_year is not None else 1979
    end = end_year if end_year is not None else 2100
    if start > end:
        raise ValueError(f"start_year ({start}) is after end_year ({end})")

    pair = counts_table.filter(pl.col("source_iso3").is_in([a, b]) & pl.col("target_iso3").is_in([a, b]))
    counts = counts_from_dyad_year(pair).filter(pl.col("year").is_between(start, end))
    event_level = dyad_event_counts(events, a, b, by="month").filter(pl.col("month").dt.year().is_between(start, end))

    analyst_years = events.filter((pl.col("dataset") == "analyst") & pl.col("source_iso3").is_in([a, b])
                                  & pl.col("target_iso3").is_in([a, b]))["date"].dt.year()
    since = timeline_since if timeline_since is not None else (int(analyst_years.max()) - 5 if analyst_years.len()
                                                               else 2019)
    roll_calls, votes = load("roll_calls"), load("votes")
    naming_b = naming_resolutions(roll_calls, votes, countries, a, b)
    naming_a = (naming_resolutions(roll_calls, votes, countries, b, a)
                .rename({"vote_a": "vote_b", "vote_b": "vote_a"}).select(naming_b.columns))
    naming = pl.concat([naming_b, naming_a]).unique(
        ["date", "body", "symbol", "title", "doc_type", "yes", "no", "abstain"], keep="first", maintain_order=True)
    timeline = timeline_rows(events, naming, a, b, names, since)

    months = load("event_counts_dyad_month").filter(
        pl.col("source_iso3").is_in([a, b]) & pl.col("target_iso3").is_in([a, b])
        & pl.col("month").dt.year().is_between(start, end))
    report = EventsReport(a, b, names, counts, event_level, timeline, months=months)
    if months.height:
        long = months.with_columns(_direction(names).alias("direction")).unpivot(
            index=["month", "direction", "aggregate", "engine"], on=list(QUAD_COLUMNS.values()),
            variable_name="quad", value_name="n",
        ).with_columns(pl.col("quad").replace_strict({v: QUAD_CLASSES[k] for k, v in QUAD_COLUMNS.items()}))
        report.charts["gdelt_months"] = charts.gdelt_months(long, a, b, names, gdelt_source(months))
    else:
        report.notes.append(
            "No GDELT monthly aggregates for the pair in the data; with a Google Cloud project, `python -m analysis "
            f"events aggregate --engine bigquery --project P --countries {a},{b} --from 2015-02-18 --to YYYY-MM-DD` "
            'adds GDELT months 2015–2026 (documentation: "Aggregate events").')
    if counts.height:
        long = counts.with_columns(_direction(names).alias("direction")).unpivot(
            index=["year", "direction", "dataset"], on=list(QUAD_COLUMNS.values()), variable_name="quad",
            value_name="n",
        ).with_columns(pl.col("quad").replace_strict({v: QUAD_CLASSES[k] for k, v in QUAD_COLUMNS.items()}))
        report.charts["event_quad_counts"] = charts.quad_counts(long, a, b, names)
        report.charts["net_cooperation"] = charts.net_cooperation(
            counts.with_columns(_direction(names).alias("direction")), a, b, names)
    else:
        report.notes.append(f"ICEWS dyad-year counts (2002-2014) have no events between {names[a]} and {names[b]} "
                            f"in the chosen years.")
    scored = event_level.filter(pl.col("n_goldstein") > 0)
    if scored.height:
        report.charts["goldstein_trend"] = charts.goldstein_trend(
            scored.with_columns(_direction(names).alias("direction")), a, b, names)
    else:
        report.notes.append(
            "No event-level data (with Goldstein weights) between the two in the chosen years; with internet, "
            f"`python -m analysis fetch gdelt --from YYYY-MM-DD --to YYYY-MM-DD --countries {a},{b}` adds GDELT events."
        )
    if timeline.height:
        report.charts["events_and_votes_timeline"] = charts.events_and_votes_timeline(timeline, a, b, names)
    return report
