"""What the claims checks read: the small tables whole, votes and trade only for the states and pairs named.

A claims file names a handful of states; the processed ``votes`` (1.4 million rows) and
``trade`` (4.6 million rows) tables are far bigger than what its checks read. :class:`ClaimData`
reads them through lazy scans (``polars.scan_parquet`` on the processed files, or
``DataFrame.lazy()`` on frames a caller passes), so that polars pushes the predicate (the
states, the body) and the projection (the columns a check uses) down into the Parquet reader:
only those rows and columns are materialised. The votes of the states the whole file names
are read in one scan, up front, then split per state in memory (a state asked for later is
read on its own); the trade of the pairs its trade claims name, in one scan.

:func:`coverage` reads the first and last date of each body's roll calls and the first and
last year of each trade source from the data, never from constants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from analysis.core import tables as processed_tables
from analysis.measures.resolutions import titles_naming

#: Tables read whole (each well under 10 MB in memory).
SMALL: tuple[str, ...] = ("countries", "roll_calls", "memberships", "resolutions_without_roll_call")
#: Tables read only in part (rows of the states named, columns a check uses).
LARGE: tuple[str, ...] = ("votes", "trade")
#: Optional: without it a trade claim lists no press figures.
OPTIONAL: tuple[str, ...] = ("reported_figures",)
#: Every table a check may read.
TABLES: tuple[str, ...] = (*SMALL, *LARGE, *OPTIONAL)

VOTE_COLUMNS = ("body", "rcid", "iso3", "vote")


@dataclass(frozen=True)
class Coverage:
    """What the processed tables cover, read from the data.

    ``votes``: body -> (first, last roll-call date); ``vote_sources``: (body, source) ->
    (first, last date); ``trade``: source -> (first, last year).
    """

    votes: dict[str, tuple[dt.date, dt.date]]
    vote_sources: dict[tuple[str, str], tuple[dt.date, dt.date]]
    trade: dict[str, tuple[int, int]]

    def year_state(self, body: str, year: int) -> str:
        """Return ``covered``, ``partial`` (the body's last year, covered only in part), ``before`` or ``after``."""
        first, last = self.votes[body]
        if year < first.year:
            return "before"
        if year > last.year:
            return "after"
        if year == last.year and last < dt.date(year, 12, 31):
            return "partial"
        return "covered"

    def describe(self, body: str) -> str:
        """Return e.g. ``HRC coverage 2006-06-29 to 2024-10-11``."""
        first, last = self.votes[body]
        return f"{body} coverage {first} to {last}"

    def lines(self) -> list[str]:
        """Return one line per body and per trade source, each source named as the registry declares it."""
        from analysis.core.registry import named

        out = []
        for body, (first, last) in sorted(self.votes.items()):
            parts = [f"{named('roll_calls', src)} {lo} to {hi}"
                     for (b, src), (lo, hi) in sorted(self.vote_sources.items(), key=lambda kv: kv[1]) if b == body]
            out.append(f"{body} votes {first} to {last} ({'; '.join(parts)})")
        for src, (lo, hi) in sorted(self.trade.items()):
            out.append(f"trade ({named('trade', src)}) {lo}-{hi}")
        return out


def coverage(tables: Mapping[str, pl.DataFrame | pl.LazyFrame]) -> Coverage:
    """Return the :class:`Coverage` of ``tables`` (``roll_calls`` and ``trade``, frames or lazy frames).

    Only ``body``, ``source`` and ``date`` of the roll calls and ``source``, ``year`` and
    ``value_usd`` of the trade rows are read.
    """
    rc = tables["roll_calls"].lazy().select(pl.col("body").cast(pl.String), "source", "date")
    by_body = rc.group_by("body").agg(pl.col("date").min().alias("lo"), pl.col("date").max().alias("hi"))
    by_source = rc.group_by("body", "source").agg(pl.col("date").min().alias("lo"), pl.col("date").max().alias("hi"))
    by_trade = (tables["trade"].lazy().select("source", "year", "value_usd")
                .filter(pl.col("value_usd").is_not_null())
                .group_by("source").agg(pl.col("year").min().alias("lo"), pl.col("year").max().alias("hi")))
    by_body, by_source, by_trade = pl.collect_all([by_body, by_source, by_trade])
    return Coverage(
        votes={r["body"]: (r["lo"], r["hi"]) for r in by_body.iter_rows(named=True)},
        vote_sources={(r["body"], r["source"]): (r["lo"], r["hi"]) for r in by_source.iter_rows(named=True)},
        trade={r["source"]: (r["lo"], r["hi"]) for r in by_trade.iter_rows(named=True)},
    )


class ClaimData:
    """The data the checks of one file read, scanned lazily and split once.

    ``frames`` maps table names to DataFrames (e.g. a test's build); ``None`` scans the
    processed Parquet files (``analysis.core.tables``: a missing or damaged file raises
    the error that says how to rebuild it). ``states`` are the states the claims name: their
    vote rows are read in one scan, up front; the trade rows of the pairs declared with
    :meth:`trade_pairs` in one scan, on first use.

    Small tables (:data:`SMALL`) are read whole on first use; ``votes`` and ``trade`` only
    through :meth:`state_votes`, :meth:`body_votes`, :meth:`votes_on` and :meth:`pair_trade`.
    """

    def __init__(self, frames: Mapping[str, pl.DataFrame] | None = None, states: Iterable[str] = ()) -> None:
        self._frames = frames
        self._small: dict[str, pl.DataFrame] = {}
        self._by_state: dict[str, pl.DataFrame] = {}
        self._by_body: dict[str, pl.DataFrame] = {}
        self._named: dict[str, pl.DataFrame] = {}
        self._trade_pairs: set[str] = set()
        self._trade: tuple[pl.DataFrame, pl.Series] | None = None
        self._read_pairs: set[str] = set()  # the pairs whose rows self._trade holds
        self._coverage: Coverage | None = None
        self.prefetch(states)

    # ---- reading ----------------------------------------------------------

    def scan(self, table: str) -> pl.LazyFrame:
        """Return ``table`` as a lazy frame (nothing read yet)."""
        if self._frames is not None:
            return self._frames[table].lazy()
        return processed_tables.scan(table)

    def _collect(self, table: str, query: pl.LazyFrame) -> pl.DataFrame:
        if self._frames is not None:
            return query.collect()
        return processed_tables.collect(table, query)

    def has(self, table: str) -> bool:
        """True when ``table`` is there (``reported_figures`` is optional)."""
        if self._frames is not None:
            return table in self._frames
        return processed_tables.exists(table)

    def __getitem__(self, table: str) -> pl.DataFrame:
        """Return a small table (:data:`SMALL`, :data:`OPTIONAL`) whole; the large ones are never read whole."""
        if table in LARGE:
            raise KeyError(f"{table} is read only in part: use state_votes, body_votes, votes_on or pair_trade")
        if table not in self._small:
            self._small[table] = self._collect(table, self.scan(table))
        return self._small[table]

    @property
    def coverage(self) -> Coverage:
        """The data's :class:`Coverage` (computed once)."""
        if self._coverage is None:
            self._coverage = coverage({"roll_calls": self["roll_calls"], "trade": self.scan("trade")})
        return self._coverage

    # ---- votes ------------------------------------------------------------

    def prefetch(self, states: Iterable[str]) -> None:
        """Read the vote rows of ``states`` not yet read (one scan)."""
        wanted = sorted(set(states) - set(self._by_state))
        if not wanted:
            return
        rows = self._collect("votes", self.scan("votes").select(VOTE_COLUMNS)
                             .filter(pl.col("iso3").is_in(wanted)))
        split = {key[0]: frame for key, frame in rows.partition_by("iso3", as_dict=True).items()}
        empty = rows.clear()
        for iso3 in wanted:
            self._by_state[iso3] = split.get(iso3, empty)

    def state_votes(self, iso3: str) -> pl.DataFrame:
        """Vote rows (body, rcid, iso3, vote) of one state."""
        if iso3 not in self._by_state:
            self.prefetch([iso3])
        return self._by_state[iso3]

    def votes_of(self, states: Iterable[str], rcids: pl.Series) -> pl.DataFrame:
        """Vote rows (body, rcid, iso3, vote) of ``states`` on the roll calls numbered ``rcids`` (any body):
        the states' rows put together without a copy, then only those roll calls' rows kept."""
        frames = [self.state_votes(s) for s in sorted(set(states))]
        if not frames:
            return self._collect("votes", self.scan("votes").select(VOTE_COLUMNS).head(0))
        return pl.concat(frames, rechunk=False).filter(pl.col("rcid").is_in(rcids.unique().implode()))

    def pair_votes(self, a: str, b: str) -> pl.DataFrame:
        """Vote rows of two states (enough for their alignment)."""
        return pl.concat([self.state_votes(a), self.state_votes(b)])

    def body_votes(self, body: str) -> pl.DataFrame:
        """Vote rows (body, rcid, iso3, vote) of one body."""
        if body not in self._by_body:
            self._by_body[body] = self._collect("votes", self.scan("votes").select(VOTE_COLUMNS)
                                                .filter(pl.col("body") == body))
        return self._by_body[body]

    def votes_on(self, roll_calls: pl.DataFrame) -> pl.DataFrame:
        """Vote rows (body, rcid, iso3, vote) of every state on ``roll_calls`` (body, rcid): to count a tally."""
        keys = roll_calls.select("body", "rcid").unique()
        query = (self.scan("votes").select(VOTE_COLUMNS)
                 .filter(pl.col("rcid").is_in(keys["rcid"].implode()))
                 .join(keys.lazy(), on=["body", "rcid"], how="semi"))
        return self._collect("votes", query)

    def named(self, b: str) -> pl.DataFrame:
        """Roll calls of every body whose title names ``b`` (``analysis.measures.resolutions.titles_naming``)."""
        if b not in self._named:
            self._named[b] = titles_naming(self["roll_calls"], self["countries"], b)
        return self._named[b]

    # ---- trade ------------------------------------------------------------

    def pair_trade(self, a: str, b: str) -> pl.DataFrame:
        """The trade rows between ``a`` and ``b`` in both directions (every source, published flows only).

        The rows of every pair declared with :meth:`trade_pairs` are read in one scan (a pair
        not declared is added, and the pairs are read again) and kept sorted by pair, so each
        pair is a slice. Shares of each state's total trade cannot be
        computed from it (the trade check does not use them).
        """
        key = _pair_key(a, b)
        self._trade_pairs.add(key)
        trade, keys = self._trade if key in self._read_pairs and self._trade else self._read_trade()
        lo, hi = keys.search_sorted(key, side="left"), keys.search_sorted(key, side="right")
        return trade.slice(lo, hi - lo)

    def _read_trade(self) -> tuple[pl.DataFrame, pl.Series]:
        """Read the published trade rows of every declared pair, sorted by pair, and their keys (``"A-B"``, A < B).

        The states are pushed down into the Parquet reader as a predicate on the raw columns
        (only rows between two of the states are materialised); a semi-join on the directed
        pairs then keeps the pairs asked for.
        """
        pairs = sorted(self._trade_pairs)
        split = [key.split("-") for key in pairs]
        directed = pl.DataFrame([(a, b) for a, b in split] + [(b, a) for a, b in split if a != b],
                                schema={"reporter_iso3": pl.String, "partner_iso3": pl.String}, orient="row")
        states = sorted({s for pair in split for s in pair})
        lo_hi = pl.min_horizontal("reporter_iso3", "partner_iso3") + "-" + pl.max_horizontal(
            "reporter_iso3", "partner_iso3")
        query = (self.scan("trade")
                 .filter(~pl.col("smoothed") & pl.col("reporter_iso3").is_in(states)
                         & pl.col("partner_iso3").is_in(states))
                 .join(directed.lazy(), on=["reporter_iso3", "partner_iso3"], how="semi", maintain_order="left")
                 .with_columns(lo_hi.alias("_pair"))
                 .sort("_pair", maintain_order=True))
        trade = self._collect("trade", query)
        self._trade, self._read_pairs = (trade.drop("_pair"), trade["_pair"]), set(pairs)
        return self._trade

    def trade_rows(self) -> pl.DataFrame:
        """The published trade rows of every pair declared with :meth:`trade_pairs` (read in one scan)."""
        trade, _ = self._trade if self._trade and self._trade_pairs <= self._read_pairs else self._read_trade()
        return trade

    def trade_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Declare the pairs of the file's trade claims, so that their trade is read in one scan."""
        self._trade_pairs |= {_pair_key(a, b) for a, b in pairs}


def _pair_key(a: str, b: str) -> str:
    return "-".join(sorted((a, b)))
