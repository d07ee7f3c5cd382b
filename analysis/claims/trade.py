"""The trade check: ``trade_about`` (A-B goods trade in a year, by the package's rule of
:func:`analysis.measures.trade.figure_used`), with the press figures when no primary figure reaches the year.

The trade claims of a file are answered together (:class:`TradeBatch`): the published rows of
every pair they name are read in one scan, and :func:`~analysis.measures.trade.figure_used`,
:func:`~analysis.measures.trade.directed_flows` and :func:`~analysis.measures.trade_sources.compare`
run once over all of them -- each works flow by flow (a flow's result depends only on that
flow's rows), so one run over the rows of many pairs gives, for each pair, what a run over its
own rows gives. A few joins then lay out, per pair (and year), what
:func:`~analysis.measures.trade.pair_figures_used` and :func:`~analysis.measures.trade.dyad_trade`
return for one pair: the figure used per year and direction, and each source's figure.
"""

from __future__ import annotations

import math

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.consistency import _usd
from analysis.claims.model import Claim
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Verdict
from analysis.measures.reported import nearest, secondary_summary
from analysis.measures.trade import directed_flows, figure_used
from analysis.measures.trade_sources import compare as compare_sources

#: Columns of the figure used per pair and year (as ``pair_figures_used`` returns them).
_USED = {"year": pl.Int32, "a_to_b_usd": pl.Float64, "a_to_b_side": pl.String, "b_to_a_usd": pl.Float64,
         "b_to_a_side": pl.String, "total_usd": pl.Float64, "own_reports": pl.Boolean}
#: Columns of each source's figure for one pair and year (the part of ``dyad_trade`` the check shows).
_BY_SOURCE = {"source": pl.String, "year": pl.Int32, "a_to_b_value_used": pl.Float64,
              "a_to_b_used_side": pl.String, "b_to_a_value_used": pl.Float64, "b_to_a_used_side": pl.String,
              "total_usd": pl.Float64}
#: Columns of COW against DOTS (``analysis.measures.trade_sources.compare``) the check uses.
_FLAGGED = {"exporter": pl.String, "importer": pl.String, "cow_usd": pl.Float64, "dots_usd": pl.Float64,
            "dots_basis": pl.String}


class TradeBatch:
    """The trade of every ``trade_about`` claim of a file, computed at once.

    ``claims``: the trade claims. Holds, per ordered pair (A, B), the figure used per year
    (:meth:`figures`) and, per (A, B, year), each source's figure (:meth:`by_source`) and the
    flows where COW and DOTS disagree (:meth:`flagged`).
    """

    def __init__(self, ck: Checker, claims: list[Claim]) -> None:
        asked = pl.DataFrame([trade_key(c) for c in claims],
                             schema={"a": pl.String, "b": pl.String, "year": pl.Int32}, orient="row").unique(
            maintain_order=True)
        self.asked: set[tuple[str, str, int]] = set(asked.rows())
        ck.data.trade_pairs(asked.select("a", "b").rows())
        rows = ck.data.trade_rows()
        pairs = asked.select("a", "b").unique(maintain_order=True)
        self._figures = _split(_figures_used(figure_used(rows), pairs), ["a", "b"], _USED)
        self._by_source = _split(_each_source(directed_flows(rows), asked), ["a", "b", "year"], _BY_SOURCE)
        self._flagged = _split(_disagreements(compare_sources(rows).filter(pl.col("flagged")), asked),
                               ["a", "b", "year"], _FLAGGED)

    def figures(self, a: str, b: str) -> pl.DataFrame:
        """A-B trade per year by the rule of ``figure_used`` (the columns of ``pair_figures_used``)."""
        return self._figures.get((a, b), _empty(_USED))

    def by_source(self, a: str, b: str, year: int) -> pl.DataFrame:
        """Each source's A-B figures in ``year`` (source, year, both directions' value and side, total_usd)."""
        return self._by_source.get((a, b, year), _empty(_BY_SOURCE))

    def flagged(self, a: str, b: str, year: int) -> pl.DataFrame:
        """The A-B flows of ``year`` (either direction) where COW and DOTS disagree, by exporter and importer."""
        return self._flagged.get((a, b, year), _empty(_FLAGGED))


_EMPTY: dict[int, pl.DataFrame] = {}


def _empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame of ``schema`` (made once per schema; callers get a copy)."""
    if id(schema) not in _EMPTY:
        _EMPTY[id(schema)] = pl.DataFrame(schema=schema)
    return _EMPTY[id(schema)].clone()


def _split(frame: pl.DataFrame, keys: list[str], schema: dict[str, pl.DataType]) -> dict[tuple, pl.DataFrame]:
    """``frame`` cut into one frame per value of ``keys`` (in its order), each with the columns of ``schema``."""
    return {key: part[list(schema)] for key, part in
            frame.partition_by(keys, as_dict=True, maintain_order=True).items()}


def _directed(frame: pl.DataFrame, pairs: pl.DataFrame, exporter: str, importer: str, on: list[str] | None = None,
              ) -> pl.DataFrame:
    """Rows of ``frame`` (with exporter and importer) for each row of ``pairs``: ``exporter`` and ``importer``
    name the columns of ``pairs`` that hold the exporter and the importer; ``on`` other columns to match."""
    on = on or []
    return pairs.join(frame, left_on=[exporter, importer, *on], right_on=["exporter", "importer", *on],
                      how="inner", maintain_order="left_right")


def _figures_used(used: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """Per pair (a, b) and year, what ``pair_figures_used(trade, a, b)`` gives, from ``figure_used`` of all pairs."""
    def direction(exporter: str, importer: str, prefix: str) -> pl.DataFrame:
        return _directed(used, pairs, exporter, importer).select(
            "a", "b", "year", pl.col("value_used").alias(f"{prefix}_usd"),
            (pl.col("source") + ": " + pl.col("used_side")).alias(f"{prefix}_side"),
            pl.col("own_report").alias(f"_{prefix}_own"))

    table = direction("a", "b", "a_to_b").join(direction("b", "a", "b_to_a"), on=["a", "b", "year"], how="full",
                                               coalesce=True)
    return table.with_columns(
        pl.sum_horizontal("a_to_b_usd", "b_to_a_usd").alias("total_usd"),
        (pl.col("_a_to_b_own").fill_null(False) & pl.col("_b_to_a_own").fill_null(False)).alias("own_reports"),
    ).sort("a", "b", "year")


def _each_source(flows: pl.DataFrame, asked: pl.DataFrame) -> pl.DataFrame:
    """Per (a, b, year) asked, each source's figures (the columns of ``dyad_trade`` the check shows)."""
    def direction(exporter: str, importer: str, prefix: str) -> pl.DataFrame:
        return _directed(flows, asked, exporter, importer, ["year"]).select(
            "a", "b", "year", "source", pl.col("value_used").alias(f"{prefix}_value_used"),
            pl.col("used_side").alias(f"{prefix}_used_side"))

    keys = ["a", "b", "year", "source"]
    return (direction("a", "b", "a_to_b").join(direction("b", "a", "b_to_a"), on=keys, how="full", coalesce=True)
            .with_columns(pl.when(pl.col("a_to_b_value_used").is_null() & pl.col("b_to_a_value_used").is_null())
                          .then(None).otherwise(pl.col("a_to_b_value_used").fill_null(0)
                                                + pl.col("b_to_a_value_used").fill_null(0)).alias("total_usd"))
            .sort("a", "b", "year", "source"))


def _disagreements(flagged: pl.DataFrame, asked: pl.DataFrame) -> pl.DataFrame:
    """Per (a, b, year) asked, the flagged flows of ``compare`` in either direction, by exporter and importer."""
    both = pl.concat([_directed(flagged, asked, "a", "b", ["year"]).with_columns(
                          pl.col("a").alias("exporter"), pl.col("b").alias("importer")),
                      _directed(flagged, asked, "b", "a", ["year"]).with_columns(
                          pl.col("b").alias("exporter"), pl.col("a").alias("importer"))], how="diagonal_relaxed")
    return both.sort("a", "b", "year", "exporter", "importer")



def trade_key(claim: Claim) -> tuple:
    """What a ``trade_about`` claim asks its :class:`TradeBatch` for: the pair and the year."""
    return claim["a"], claim["b"], claim["year"]


def check_trade_about(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``trade_about`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    p = claim.params
    a, b, year, claimed, tol, direction = p["a"], p["b"], p["year"], p["value_usd"], p["tolerance"], p["direction"]
    label = {"total": f"total {a}-{b} trade", "a_to_b": f"goods from {a} to {b}",
             "b_to_a": f"goods from {b} to {a}"}[direction]
    batch = ck.batch("trade_about", claim, TradeBatch, trade_key)
    used = batch.figures(a, b)
    column = {"total": "total_usd", "a_to_b": "a_to_b_usd", "b_to_a": "b_to_a_usd"}[direction]
    # the rows with a figure in the direction asked (``have``), and those of the year (no query per claim)
    have_at = [i for i, v in enumerate(used[column].to_list()) if v is not None]
    years = used["year"].to_list()
    in_year_at = [i for i in have_at if years[i] == year]
    if not in_year_at:
        have = used[have_at] if have_at else used.clear()
        return _trade_not_checkable(ck, claim, a, b, year, claimed, direction, label, have, column)
    in_year = used[in_year_at]
    best = in_year.row(0, named=True)
    value = float(best[column])
    off = abs(claimed - value) / value if value else math.inf
    ok = off <= tol
    sides = (f"{a}->{b} {_usd(best['a_to_b_usd'])} ({best['a_to_b_side']}), "
             f"{b}->{a} {_usd(best['b_to_a_usd'])} ({best['b_to_a_side']})")
    by_source = batch.by_source(a, b, year)
    dyad_column = {"total": "total_usd", "a_to_b": "a_to_b_value_used", "b_to_a": "b_to_a_value_used"}[direction]
    others = [r for r in by_source.iter_rows(named=True) if r[dyad_column] is not None]
    also = "; each source on its own: " + ", ".join(
        f"{r['source']} {_usd(r[dyad_column])}" for r in others) if others else ""
    flagged = list(batch.flagged(a, b, year).iter_rows(named=True))
    if direction != "total":
        exporter, importer = (a, b) if direction == "a_to_b" else (b, a)
        flagged = [r for r in flagged if r["exporter"] == exporter and r["importer"] == importer]
    disagree = ""
    if flagged:
        disagree = " COW and the IMF's DOTS disagree on this year (beyond 10% and US$1 million): " + "; ".join(
            f"{r['exporter']}->{r['importer']} COW {_usd(r['cow_usd'])} vs DOTS {_usd(r['dots_usd'])} "
            f"({r['dots_basis']})" for r in flagged) + "; the verdict follows the rule."
    reason = (f"{label} in {year}, by the package's rule (each state's own report of its imports first): "
              f"{_usd(value)} [{sides}]{also}.{disagree} Claimed {_usd(claimed)}: {off:.1%} off the data, "
              f"{'within' if ok else 'outside'} the {tol:.0%} tolerance.")
    shown = _shown(in_year, by_source)
    verdict = SUPPORTED if ok else CONTRADICTED
    return Verdict(claim, verdict, reason, shown, plain=say.trade(
        verdict, a=a, b=b, year=year, claimed=claimed, names=ck.names, direction=direction, value=value,
        tolerance=tol))

#: The columns of a trade verdict's rows: the figure used, then each source's.
_SHOWN = ("source", "year", "a_to_b_usd", "a_to_b_side", "b_to_a_usd", "b_to_a_side", "total_usd")


def _shown(in_year: pl.DataFrame, by_source: pl.DataFrame) -> pl.DataFrame:
    """The rows a verdict shows: the figure used in the year (source "figure used"), then each source's
    figures (columns :data:`_SHOWN`), put together from the batch's frames without a query."""
    used = pl.DataFrame([pl.Series("source", ["figure used"] * in_year.height, dtype=pl.String),
                         *in_year[list(_SHOWN[1:])].get_columns()])
    each = by_source[["source", "year", "a_to_b_value_used", "a_to_b_used_side", "b_to_a_value_used",
                      "b_to_a_used_side", "total_usd"]]
    each.columns = list(_SHOWN)
    return pl.concat([used, each], how="vertical_relaxed")


def _reported_pairs(ck: Checker) -> set[tuple[str, str]]:
    """The pairs (A < B) the ``reported_figures`` table has rows for (read once per checker)."""
    if "reported_pairs" not in ck.batches:
        reported = ck.data["reported_figures"]
        ck.batches["reported_pairs"] = set(zip(reported["iso3_a"].to_list(), reported["iso3_b"].to_list(),
                                               strict=True))
    return ck.batches["reported_pairs"]


def _trade_not_checkable(ck: Checker, claim: Claim, a: str, b: str, year: int, claimed: float, direction: str,
                         label: str, have: pl.DataFrame, column: str) -> Verdict:
    """No primary figure for the year: the nearest primary figure, then the press figures by whose books."""
    shipped = ", ".join(f"{s} {lo}-{hi}" for s, (lo, hi) in sorted(ck.cov.trade.items()))
    last_year = int(have["year"].max()) if have.height else None
    latest_value = None
    context = ""
    if last_year is not None:
        latest = have.row(have["year"].to_list().index(last_year), named=True)
        latest_value = latest[column]
        context = (f" The latest primary figure is {last_year}: {_usd(latest[column])} "
                   f"({_pct(claimed, latest[column])} from the claimed {_usd(claimed)}; "
                   f"{a}->{b} {latest['a_to_b_side'] or 'none'}, {b}->{a} {latest['b_to_a_side'] or 'none'}).")
    reason = (f"No primary {a}-{b} trade figure for {year} (trade data: {shipped}; {a}-{b} has figures to "
              f"{last_year}).{context}")
    if "has_reported" not in ck.batches:
        ck.batches["has_reported"] = ck.data.has("reported_figures")
    rows = pl.DataFrame()
    if ck.batches["has_reported"] and tuple(sorted((a, b))) in _reported_pairs(ck):  # else nearest finds none
        reported = ck.data["reported_figures"]
        near = nearest(reported, a, b, year, direction)
        if near.height:
            reason += " " + secondary_summary(near, a, b, claimed, direction, ck.names)
            rows = near.select("statistics_of", "label", "measure", "period", "basis", "value_text", "value_usd",
                               "reported_by", "outlet", "url", "published")
    start = last_year + 1 if last_year is not None and last_year < year else year
    ways = [f"`{d.fetch.format(a=a, b=b, start=start, end=year)}` ({d.short})"
            for d in ck.datasets.values() if d.fetch and d.coverage and d.coverage.table == "trade"]
    need = f"primary figures for {year}: {' or '.join(ways)} (needs internet), then `make data`"
    return Verdict(claim, NOT_CHECKABLE, reason, rows, need, say.trade(
        NOT_CHECKABLE, a=a, b=b, year=year, claimed=claimed, names=ck.names, direction=direction,
        last_year=last_year if latest_value is not None else None, latest=latest_value))


def _pct(claimed: float, value: float) -> str:
    return f"{abs(claimed - value) / value:.1%} off" if value else "n/a"
