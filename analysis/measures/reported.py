"""Trade figures published in the press, read against each other: whose books say what.

Takes the ``reported_figures`` table (``analysis.sources.reported_trade``): secondary
sources that quote a government's statistics. Nothing here converts a period to another
basis: a Pakistani fiscal year stays July–June, an Iranian year starts on 21 March, and
every sentence names the basis of each figure.

``nearest`` picks, for a pair, a direction and a year, the figures of whole periods (one
fiscal, Iranian or calendar year) that end in that year or in the ``NEAREST_YEARS`` − 1
years before it, and the leaders' and officials' "current" statements published then.
``books`` reads, for each government, the two-way trade its own statistics imply: its
published total when there is one, else its imports plus its exports (the figures where
it is the importer or the exporter) — a range over the periods picked. ``differ`` says
whether two such ranges are apart by more than ``DIFFER_RATIO`` (1.25: more than the
6% CIF/FOB margin and timing and basis differences of a few months explain).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

NEAREST_YEARS = 3
DIFFER_RATIO = 1.25
STATEMENT = "statement ('current')"


def pair_rows(reported: pl.DataFrame, a: str, b: str) -> pl.DataFrame:
    """The rows of the pair a–b (either order)."""
    first, second = sorted((a, b))
    return reported.filter((pl.col("iso3_a") == first) & (pl.col("iso3_b") == second))


def in_years(reported: pl.DataFrame, start: int, end: int) -> pl.DataFrame:
    """The rows whose period overlaps the years ``start``-``end``; undated rows by their publication year.

    A row with neither period dates nor a publication date is kept (nothing says it is outside).
    """
    published = pl.col("published").str.slice(0, 4).cast(pl.Int32, strict=False)
    dated = pl.col("period_start").is_not_null() & pl.col("period_end").is_not_null()
    overlaps = (pl.col("period_start").dt.year() <= end) & (pl.col("period_end").dt.year() >= start)
    return reported.filter(pl.when(dated).then(overlaps)
                           .when(published.is_not_null()).then(published.is_between(start, end))
                           .otherwise(True))


def _direction_filter(a: str, b: str, direction: str) -> pl.Expr:
    if direction == "total":
        return pl.lit(True)
    exporter, importer = (a, b) if direction == "a_to_b" else (b, a)
    return (pl.col("exporter_iso3") == exporter) & (pl.col("importer_iso3") == importer)


def nearest(reported: pl.DataFrame, a: str, b: str, year: int, direction: str = "total",
            years: int = NEAREST_YEARS) -> pl.DataFrame:
    """Return the pair's figures nearest to ``year``: whole periods ending in [year − years + 1, year].

    ``direction``: total (every figure of the pair), a_to_b or b_to_a (that flow only).
    Adds statements ("current") published in the same years, for a total. When no whole
    period ends in the window, the latest whole periods before it are taken (per
    government), so that a claim about a year after the last report still gets context.
    Sorted by statistics_of, period_end, line.
    """
    rows = pair_rows(reported, a, b).filter(_direction_filter(a, b, direction))
    whole = rows.filter(pl.col("whole_period") & pl.col("value_usd").is_not_null())
    end_year = pl.col("period_end").dt.year()
    picked = whole.filter(end_year.is_between(year - years + 1, year))
    if not picked.height:
        latest = whole.filter(end_year <= year)
        latest = latest.filter(end_year >= end_year.max().over("statistics_of") - years + 1)
        picked = latest
    if direction == "total":
        published = pl.col("published").str.slice(0, 4).cast(pl.Int32, strict=False)
        said = rows.filter((pl.col("basis") == STATEMENT) & pl.col("value_usd").is_not_null()
                           & published.is_between(year - years + 1, year))
        picked = pl.concat([picked, said])
    return picked.sort("statistics_of", "period_end", "line", nulls_last=True)


@dataclass(frozen=True)
class Book:
    """What one government's own statistics imply for the pair's trade: a range in US dollars."""

    iso3: str
    low: float
    high: float
    what: str  # e.g. "total trade" or "imports from IRN plus exports to IRN"
    periods: str  # e.g. "Iranian year 1401 (21 Mar 2022-20 Mar 2023)"


def _span(frame: pl.DataFrame) -> tuple[float, float]:
    return float(frame["value_usd"].min()), float(frame["value_usd"].max())


def books(rows: pl.DataFrame, a: str, b: str, direction: str = "total",
          names: dict[str, str] | None = None) -> dict[str, Book]:
    """Return, per government (a, b) with figures in ``rows``, the range its own statistics imply.

    ``rows``: ``nearest`` output. For a total: the government's published totals when there
    are any, else its imports (it is the importer) plus its exports (it is the exporter),
    the ranges added; for one direction: the exporter's export figures or the importer's
    import figures. Statements are left out (they are not statistics). ``names`` (ISO3 ->
    name) words the ``what`` of each book.
    """
    names = names or {}
    out: dict[str, Book] = {}
    stats = rows.filter(pl.col("basis") != STATEMENT)
    for gov in (a, b):
        own = stats.filter(pl.col("statistics_of") == gov)
        if not own.height:
            continue
        totals = own.filter(pl.col("flow") == "total")
        imports = own.filter((pl.col("flow") == "imports") & (pl.col("importer_iso3") == gov))
        exports = own.filter((pl.col("flow") == "exports") & (pl.col("exporter_iso3") == gov))
        other = names.get(b if gov == a else a, b if gov == a else a)
        if direction == "total" and totals.height:
            low, high = _span(totals)
            used, what = totals, "two-way trade" + (" (non-oil)" if totals["non_oil"].all() else "")
        elif imports.height or exports.height:
            parts = [(f, label) for f, label in ((imports, f"imports from {other}"), (exports, f"exports to {other}"))
                     if f.height]
            if direction != "total":
                parts = parts[:1] if parts else []
            spans = [_span(f) for f, _ in parts]
            low, high = sum(s[0] for s in spans), sum(s[1] for s in spans)
            used = pl.concat([f for f, _ in parts])
            what = " plus ".join(label for _, label in parts)
        else:
            continue
        periods = ", ".join(dict.fromkeys(used.sort("period_end")["period"].to_list()))
        out[gov] = Book(gov, low, high, what, periods)
    return out


def differ(one: Book, other: Book, ratio: float = DIFFER_RATIO) -> bool:
    """True when the two ranges are apart by more than ``ratio`` (the higher low over the lower high)."""
    lo_hi = min(one.high, other.high)
    hi_lo = max(one.low, other.low)
    if lo_hi <= 0:
        return hi_lo > 0
    return hi_lo / lo_hi > ratio


def _musd(value: float) -> str:
    millions = value / 1e6
    return f"US${millions:,.1f} million" if 0 < millions < 10 else f"US${millions:,.0f} million"


def _range(low: float, high: float) -> str:
    if abs(high - low) < 0.005 * max(high, 1.0):
        return f"US${low / 1e9:,.2f} billion"
    return f"US${low / 1e9:,.2f}–{high / 1e9:,.2f} billion"


def describe(row: dict, names: dict[str, str]) -> str:
    """One figure in words: what, how much, which period on which basis, who said it, where (with the URL)."""
    def name(code: str | None) -> str:
        return names.get(code or "", code or "?")

    oil = "non-oil " if row["non_oil"] else ""
    if row["flow"] == "total":
        what = f"{oil}two-way trade"
    elif row["flow"] == "imports":
        what = f"{name(row['importer_iso3'])}'s {oil}imports from {name(row['exporter_iso3'])}"
    else:
        what = f"{name(row['exporter_iso3'])}'s {oil}exports to {name(row['importer_iso3'])}"
    bound = "at least " if row["value_bound"] == "at least" else ""
    period = f"'current' ({row['period']})" if row["basis"] == STATEMENT else f"{row['period']}, {row['basis']}"
    return (f"{what} {bound}{_musd(row['value_usd'])} in {period} [{row['reported_by']}; {row['outlet']}, "
            f"{row['url']}]")


def books_text(near: pl.DataFrame, a: str, b: str, direction: str, names: dict[str, str]) -> str:
    """One sentence comparing what each government's own statistics imply (``books``); empty when none."""
    own = books(near, a, b, direction, names)
    if len(own) == 2:
        one, other = own[a], own[b]
        verb = "differ" if differ(one, other) else "roughly agree"
        return (f"The two countries' books {verb}: {names.get(a, a)}'s statistics give {one.what} of "
                f"{_range(one.low, one.high)} ({one.periods}); {names.get(b, b)}'s give {other.what} of "
                f"{_range(other.low, other.high)} ({other.periods}).")
    if len(own) == 1:
        (book,) = own.values()
        return (f"Only {names.get(book.iso3, book.iso3)}'s statistics are reported for these periods: "
                f"{book.what} of {_range(book.low, book.high)} ({book.periods}).")
    return ""


def secondary_summary(near: pl.DataFrame, a: str, b: str, claimed: float | None, direction: str,
                      names: dict[str, str]) -> str:
    """Sentences on the press figures ``near`` (``nearest`` output), grouped by whose statistics they quote.

    Lists every figure with its source and URL, then compares what each government's own
    statistics imply (``books_text``) and, when ``claimed`` is given, where the claim sits.
    """
    groups = {a: f"{names.get(a, a)}'s statistics", b: f"{names.get(b, b)}'s statistics",
              "leaders": "leaders' statements", "unattributed": "without an official source"}
    parts = []
    for who, title in groups.items():
        rows = near.filter(pl.col("statistics_of") == who)
        if rows.height:
            parts.append(f"{title}: " + "; ".join(describe(r, names) for r in rows.iter_rows(named=True)))
    text = ("Secondary figures -- press reports, not primary data; each period on its own basis, none converted. "
            + " | ".join(parts) + ".")
    compared = books_text(near, a, b, direction, names)
    text += f" {compared}" if compared else ""
    own = books(near, a, b, direction, names)
    if claimed is not None and own:
        where = []
        for book in own.values():
            who = names.get(book.iso3, book.iso3)
            if book.low <= claimed <= book.high:
                where.append(f"within {who}'s range")
            elif claimed > book.high:
                where.append(f"{claimed / book.high:.1f}x the high end of {who}'s" if claimed > 1.5 * book.high
                             else f"{(claimed - book.high) / book.high:.0%} above {who}'s")
            else:
                where.append(f"{(book.low - claimed) / book.low:.0%} below {who}'s")
        text += f" The claimed {_range(claimed, claimed)} is " + " and ".join(where) + "."
    return text
