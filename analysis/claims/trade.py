"""The trade check: ``trade_about`` (A-B goods trade in a year, by the package's rule of
:func:`analysis.measures.trade.figure_used`), with the press figures when no primary figure reaches the year.
"""

from __future__ import annotations

import math

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.consistency import _usd
from analysis.claims.model import Claim
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Verdict
from analysis.core import registry
from analysis.measures.reported import nearest, secondary_summary
from analysis.measures.trade import dyad_trade, pair_figures_used
from analysis.measures.trade_sources import compare as compare_sources


def check_trade_about(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``trade_about`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    p = claim.params
    a, b, year, claimed, tol, direction = p["a"], p["b"], p["year"], p["value_usd"], p["tolerance"], p["direction"]
    label = {"total": f"total {a}-{b} trade", "a_to_b": f"goods from {a} to {b}",
             "b_to_a": f"goods from {b} to {a}"}[direction]
    pair = ck.data.pair_trade(a, b)
    used = pair_figures_used(pair, a, b)
    column = {"total": "total_usd", "a_to_b": "a_to_b_usd", "b_to_a": "b_to_a_usd"}[direction]
    have = used.filter(pl.col(column).is_not_null())
    in_year = have.filter(pl.col("year") == year)
    if in_year.height == 0:
        return _trade_not_checkable(ck, claim, a, b, year, claimed, direction, label, have, column)
    best = in_year.row(0, named=True)
    value = float(best[column])
    off = abs(claimed - value) / value if value else math.inf
    ok = off <= tol
    sides = (f"{a}->{b} {_usd(best['a_to_b_usd'])} ({best['a_to_b_side']}), "
             f"{b}->{a} {_usd(best['b_to_a_usd'])} ({best['b_to_a_side']})")
    by_source = dyad_trade(pair.filter(pl.col("year") == year), a, b)
    dyad_column = {"total": "total_usd", "a_to_b": "a_to_b_value_used", "b_to_a": "b_to_a_value_used"}[direction]
    others = by_source.filter(pl.col(dyad_column).is_not_null())
    also = "; each source on its own: " + ", ".join(
        f"{r['source']} {_usd(r[dyad_column])}" for r in others.iter_rows(named=True)) if others.height else ""
    flagged = compare_sources(pair.filter(pl.col("year") == year)).filter(pl.col("flagged"))
    if direction != "total":
        exporter, importer = (a, b) if direction == "a_to_b" else (b, a)
        flagged = flagged.filter((pl.col("exporter") == exporter) & (pl.col("importer") == importer))
    disagree = ""
    if flagged.height:
        disagree = " COW and the IMF's DOTS disagree on this year (beyond 10% and US$1 million): " + "; ".join(
            f"{r['exporter']}->{r['importer']} COW {_usd(r['cow_usd'])} vs DOTS {_usd(r['dots_usd'])} "
            f"({r['dots_basis']})" for r in flagged.iter_rows(named=True)) + "; the verdict follows the rule."
    reason = (f"{label} in {year}, by the package's rule (each state's own report of its imports first): "
              f"{_usd(value)} [{sides}]{also}.{disagree} Claimed {_usd(claimed)}: {off:.1%} off the data, "
              f"{'within' if ok else 'outside'} the {tol:.0%} tolerance.")
    shown = pl.concat([in_year.select(
        pl.lit("figure used").alias("source"), "year", "a_to_b_usd", "a_to_b_side", "b_to_a_usd", "b_to_a_side",
        "total_usd"), by_source.select(
        "source", "year", pl.col("a_to_b_value_used").alias("a_to_b_usd"), pl.col("a_to_b_used_side")
        .alias("a_to_b_side"), pl.col("b_to_a_value_used").alias("b_to_a_usd"),
        pl.col("b_to_a_used_side").alias("b_to_a_side"), "total_usd")], how="vertical_relaxed")
    verdict = SUPPORTED if ok else CONTRADICTED
    return Verdict(claim, verdict, reason, shown, plain=say.trade(
        verdict, a=a, b=b, year=year, claimed=claimed, names=ck.names, direction=direction, value=value,
        tolerance=tol))

def _trade_not_checkable(ck: Checker, claim: Claim, a: str, b: str, year: int, claimed: float, direction: str,
                         label: str, have: pl.DataFrame, column: str) -> Verdict:
    """No primary figure for the year: the nearest primary figure, then the press figures by whose books."""
    shipped = ", ".join(f"{s} {lo}-{hi}" for s, (lo, hi) in sorted(ck.cov.trade.items()))
    last_year = int(have["year"].max()) if have.height else None
    latest_value = None
    context = ""
    if last_year is not None:
        latest = have.filter(pl.col("year") == last_year).row(0, named=True)
        latest_value = latest[column]
        context = (f" The latest primary figure is {last_year}: {_usd(latest[column])} "
                   f"({_pct(claimed, latest[column])} from the claimed {_usd(claimed)}; "
                   f"{a}->{b} {latest['a_to_b_side'] or 'none'}, {b}->{a} {latest['b_to_a_side'] or 'none'}).")
    reason = (f"No primary {a}-{b} trade figure for {year} (trade data: {shipped}; {a}-{b} has figures to "
              f"{last_year}).{context}")
    reported = ck.data["reported_figures"] if ck.data.has("reported_figures") else None
    rows = pl.DataFrame()
    if reported is not None:
        near = nearest(reported, a, b, year, direction)
        if near.height:
            reason += " " + secondary_summary(near, a, b, claimed, direction, ck.names)
            rows = near.select("statistics_of", "label", "measure", "period", "basis", "value_text", "value_usd",
                               "reported_by", "outlet", "url", "published")
    start = last_year + 1 if last_year is not None and last_year < year else year
    ways = [f"`{d.fetch.format(a=a, b=b, start=start, end=year)}` ({d.short})"
            for d in registry.load().values() if d.fetch and d.coverage and d.coverage.table == "trade"]
    need = f"primary figures for {year}: {' or '.join(ways)} (needs internet), then `make data`"
    return Verdict(claim, NOT_CHECKABLE, reason, rows, need, say.trade(
        NOT_CHECKABLE, a=a, b=b, year=year, claimed=claimed, names=ck.names, direction=direction,
        last_year=last_year if latest_value is not None else None, latest=latest_value))


def _pct(claimed: float, value: float) -> str:
    return f"{abs(claimed - value) / value:.1%} off" if value else "n/a"
