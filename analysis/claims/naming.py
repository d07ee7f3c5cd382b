"""Roll calls whose title names a state, with two states' votes, for many requests at once.

The vote checks (``votes_on_naming``, ``bloc_vote``, ``consecutive_years``) each ask for the
roll calls of a body whose title names B, narrowed by doc_type, session, day, symbol and
years, with A's and B's votes (:meth:`analysis.claims.checker.Checker.naming`, one request).
:func:`naming_batch` answers every request of a file with a few joins: the roll calls naming
each B once (``ClaimData.named``), joined to the requests on (B, body) and filtered by each
request's narrowing, then to the vote rows of A and of B (read up front for every state the
file names), with the statuses of :func:`analysis.measures.resolutions.with_votes`. Each
request's rows are those :meth:`~analysis.claims.checker.Checker.naming` returns for it (the
same columns, order and values; ``tests/test_claims_batch.py`` compares the two on the real
claims files).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

import polars as pl

from analysis.claims.data import ClaimData
from analysis.measures.resolutions import DETAILS
from analysis.measures.resolutions import _status as status  # the statuses with_votes gives


class NamingRequest(NamedTuple):
    """One request: the roll calls of ``body`` naming ``b`` (narrowed by the rest) with ``a``'s and ``b``'s votes."""

    a: str
    b: str
    body: str
    start: int | None
    end: int | None
    doc_type: str | None
    session: int | None = None
    date: dt.date | None = None
    symbol: str | None = None


_SCHEMA = {"_req": pl.Int64, "a": pl.String, "b": pl.String, "_body": pl.String, "_start": pl.Int32,
           "_end": pl.Int32, "_doc_type": pl.String, "_session": pl.Int32, "_date": pl.Date, "_symbol": pl.String}


def naming_batch(data: ClaimData, requests: Iterable[NamingRequest]) -> dict[NamingRequest, pl.DataFrame]:
    """Return the rows of every request in ``requests`` (as ``Checker.naming`` returns them), by request.

    A request whose roll calls lack a counted tally (the build always counts it) is left out:
    ``Checker.naming`` answers it on its own.
    """
    asked = list(dict.fromkeys(requests))
    if not asked:
        return {}
    frame = pl.DataFrame([(i, *r) for i, r in enumerate(asked)], schema=_SCHEMA, orient="row")
    named = pl.concat([data.named(b).with_columns(pl.lit(b).alias("b")) for b in frame["b"].unique().sort()],
                      how="vertical").with_row_index("_rc")
    # the columns a request narrows on, matched first; the roll calls' other columns are gathered after
    keys = named.select("_rc", "b", pl.col("body").cast(pl.String).alias("_body"), "year", "doc_type", "session",
                        "date", "symbol", "draft_symbol")
    ranged = pl.col("_start").is_not_null() & pl.col("_end").is_not_null()
    by_year = (frame.filter(ranged).with_columns(pl.int_ranges("_start", pl.col("_end") + 1, dtype=pl.Int32)
                                                 .alias("year")).explode("year")
               .join(keys, on=["b", "_body", "year"], how="inner", maintain_order="left_right"))
    open_ended = (frame.filter(~ranged).join(keys, on=["b", "_body"], how="inner", maintain_order="left_right")
                  .filter((pl.col("_start").is_null() | (pl.col("year") >= pl.col("_start")))
                          & (pl.col("_end").is_null() | (pl.col("year") <= pl.col("_end")))))
    matched = (pl.concat([by_year.select(open_ended.columns), open_ended])
               .filter(_kept("doc_type", "_doc_type") & _kept("session", "_session") & _kept("date", "_date")
                       & (pl.col("_symbol").is_null() | (pl.col("symbol") == pl.col("_symbol"))
                          | (pl.col("draft_symbol") == pl.col("_symbol"))))
               .select("_req", "a", "b", "_rc"))
    rc = matched.join(named.drop("b"), on="_rc", how="left", maintain_order="left").drop("_rc")
    uncounted = set(rc.filter(pl.col("counted_yes").is_null())["_req"].to_list())
    if "lists_members" in rc.columns and "n_listed" in rc.columns:  # a partial list: a missing vote is unknown
        rc = rc.with_columns(pl.when(pl.col("lists_members").not_().fill_null(False)).then(0)
                             .otherwise(pl.col("n_listed")).alias("n_listed"))
    votes = data.votes_of([*frame["a"], *frame["b"]], rc["rcid"])  # only the roll calls asked about
    rows = (
        rc.with_columns(pl.col(f"counted_{v}").alias(v) for v in ("yes", "no", "abstain"))
        .join(votes.rename({"iso3": "a", "vote": "own_a"}), on=["body", "rcid", "a"], how="left",
              maintain_order="left")
        .join(votes.rename({"iso3": "b", "vote": "own_b"}), on=["body", "rcid", "b"], how="left",
              maintain_order="left")
        .with_columns(*[pl.col(v).fill_null(0) for v in ("yes", "no", "abstain")],
                      pl.col("n_listed").alias("_listed"))
        .with_columns(status(pl.col("own_a"), pl.col("body"), pl.col("_listed")).alias("vote_a"),
                      status(pl.col("own_b"), pl.col("body"), pl.col("_listed")).alias("vote_b"),
                      pl.col("body").cast(pl.String))
        .select("_req", "date", "body", "symbol", "doc_type", "title", "yes", "no", "abstain", *DETAILS[:-1],
                "vote_a", "vote_b")
        .sort("_req", "date", "body", "symbol", maintain_order=True)
        .with_columns(pl.col("date").dt.year().cast(pl.Int32).alias("year"))
    )
    parts = rows.partition_by("_req", as_dict=True, include_key=False, maintain_order=True)
    empty = rows.drop("_req").clear()
    return {r: parts.get((i,), empty) for i, r in enumerate(asked) if i not in uncounted}


def _kept(column: str, wanted: str) -> pl.Expr:
    """No narrowing asked (``wanted`` null), or ``column`` equals it."""
    return pl.col(wanted).is_null() | (pl.col(column) == pl.col(wanted))
