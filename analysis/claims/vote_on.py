"""The ``vote_on`` check: A's vote on the roll call(s) of a symbol (or of its draft) in a body.

The claims of a file are answered together (:class:`VoteOnBatch`): every claim's symbol is
joined to the roll calls of its body that carry it (as ``symbol`` or ``draft_symbol``), then to
the vote rows of each claim's state (read up front for every state the file names), in one pass;
each claim then gets the rows a query of its own gives (``tests/test_claims_batch.py`` compares
the two on the real claims files).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.model import Claim
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, UNKNOWN_VOTE, Verdict
from analysis.core.vocab import CAST_VOTES, LISTING_BODIES

#: The columns of a ``vote_on`` verdict's rows (``vote`` is named ``vote_<A>`` in the verdict).
ROWS: dict[str, pl.DataType] = {"date": pl.Date, "body": pl.String, "symbol": pl.String, "doc_type": pl.String,
                                "yes": pl.Int32, "no": pl.Int32, "abstain": pl.Int32, "vote": pl.String,
                                "counts": pl.Boolean}
#: The columns of a vetoed roll call that ``Checker.veto_sentence`` reads.
_VETO = ("date", "rcid", "symbol", "draft_symbol", "title", "vetoed_by", "source")


class VoteOnKey(NamedTuple):
    """What one ``vote_on`` claim asks: ``a``'s votes on the roll calls of ``body`` on ``symbol``, of ``doc_type``."""

    a: str
    body: str
    symbol: str
    doc_type: str


class VoteOnRows(NamedTuple):
    """One key's answer: the rows shown (columns :data:`ROWS`, sorted by date and doc_type) and the vetoed
    roll calls among them (their :data:`_VETO` columns, by date and rcid)."""

    rows: pl.DataFrame
    vetoed: list[dict[str, Any]]


def vote_on_key(claim: Claim) -> VoteOnKey:
    """The :class:`VoteOnKey` of a ``vote_on`` claim."""
    p = claim.params
    return VoteOnKey(p["a"], p["body"], p["symbol"], p["doc_type"])


class VoteOnBatch:
    """The roll calls and votes of every ``vote_on`` claim of a file, computed at once (:meth:`get`)."""

    def __init__(self, ck: Checker, claims: Sequence[Claim]) -> None:
        keys = list(dict.fromkeys(vote_on_key(c) for c in claims))
        self.asked: set[VoteOnKey] = set(keys)
        self._found = _vote_on_rows(ck, keys)

    def get(self, key: VoteOnKey) -> VoteOnRows | None:
        """The rows of ``key``, or None when its body holds no roll call of that symbol."""
        return self._found.get(key)


def _vote_on_rows(ck: Checker, keys: Sequence[VoteOnKey]) -> dict[VoteOnKey, VoteOnRows]:
    """Per key with a roll call, its :class:`VoteOnRows`: the roll calls of its body whose symbol or draft
    symbol is the key's, with A's vote or status and the per-state list's count."""
    if not keys:
        return {}
    asked = pl.DataFrame([(i, *k) for i, k in enumerate(keys)], orient="row",
                         schema={"_i": pl.Int64, "a": pl.String, "_body": pl.String, "_symbol": pl.String,
                                 "_doc_type": pl.String})
    rc = ck.data["roll_calls"].with_row_index("_rc")
    body = pl.col("body").cast(pl.String).alias("_body")
    symbols = (pl.concat([rc.select("_rc", body, pl.col("symbol").alias("_key")),
                          rc.select("_rc", body, pl.col("draft_symbol").alias("_key"))])
               .drop_nulls("_key").unique())
    hits = (asked.join(symbols, left_on=["_body", "_symbol"], right_on=["_body", "_key"], how="inner")
            .select("_i", "a", "_body", "_doc_type", "_rc").join(rc, on="_rc", how="inner"))
    own = (ck.data.votes_of(asked["a"], hits["rcid"])
           .select(body, "rcid", pl.col("iso3").alias("a"), pl.col("vote").cast(pl.String).alias("_own")))
    partial = pl.col("lists_members").not_().fill_null(False) if "lists_members" in rc.columns else pl.lit(False)
    fallback = pl.when(pl.col("_body").is_in(list(LISTING_BODIES))).then(pl.lit("not a member")).otherwise(
        pl.lit("not recorded"))
    rows = (
        hits.join(own, on=["_body", "rcid", "a"], how="left")
        .with_columns(
            pl.when(pl.col("_own").is_null() & partial).then(pl.lit(UNKNOWN_VOTE))
            .when(pl.col("_own").is_null()).then(fallback)
            .when(pl.col("_own") == "not_member").then(pl.lit("not a member"))
            .otherwise(pl.col("_own")).alias("vote"),
            (pl.col("doc_type") == pl.col("_doc_type")).alias("counts"),
            *[pl.when(~partial).then(pl.col(f"counted_{v}")).alias(v) for v in ("yes", "no", "abstain")],
        )
        .sort("_i", "date", "rcid")
        .sort("_i", "date", "doc_type", maintain_order=True)
    )
    shown = rows.select("_i", "date", pl.col("_body").alias("body"),
                        pl.coalesce("symbol", "draft_symbol").alias("symbol"), *list(ROWS)[3:])
    parts = shown.partition_by("_i", as_dict=True, include_key=False, maintain_order=True)
    vetoed: dict[int, list[dict[str, Any]]] = {}
    for r in (rows.filter(pl.col("outcome") == "vetoed").select("_i", *_VETO).sort("_i", "date", "rcid")
              .iter_rows(named=True)):
        vetoed.setdefault(r.pop("_i"), []).append(r)
    return {keys[i]: VoteOnRows(part, vetoed.get(i, [])) for (i,), part in parts.items()}



def check_vote_on(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``vote_on`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    p = claim.params
    a, body, symbol, vote, doc_type = p["a"], p["body"], p["symbol"], p["vote"], p["doc_type"]
    found = ck.batch("vote_on", claim, VoteOnBatch, vote_on_key).get(vote_on_key(claim))
    if found is None:
        return Verdict(claim, NOT_CHECKABLE,
                       f"No recorded vote on {symbol} in the {body} data ({ck.cov.describe(body)}): it may "
                       f"have been adopted without a vote, be outside the coverage, or be spelled differently.",
                       needed=f"a recorded vote on {symbol} ({body} voting records)",
                       plain=say.vote_on(NOT_CHECKABLE, a=a, symbol=symbol, vote=vote, doc_type=doc_type,
                                         names=ck.names, body=body))
    rows = found.rows.clone()  # the batch's frame is left as it is
    rows.columns = [f"vote_{a}" if c == "vote" else c for c in rows.columns]
    listed = list(zip(rows["date"].to_list(), rows["doc_type"].to_list(), rows[f"vote_{a}"].to_list(),
                      rows["counts"].to_list(), strict=True))
    used: list[tuple[dt.date, str, str]] = [(d, t, v) for d, t, v, c in listed if c is True]
    others = [(t, v) for _, t, v, c in listed if c is False]
    also = (f" Other roll calls on {symbol} (not counted): " + "; ".join(f"{t}: {v}" for t, v in others) + ".") \
        if others else ""
    if not used:
        kinds = ", ".join(sorted({t for _, t, _, _ in listed}))
        return Verdict(claim, NOT_CHECKABLE, f"{symbol} has recorded votes in the {body} data, but none of "
                       f"doc_type {doc_type} (there are: {kinds}).{also}", rows,
                       f"a recorded {doc_type} vote on {symbol}, or set doc_type to one of: {kinds}",
                       say.vote_on(NOT_CHECKABLE, a=a, symbol=symbol, vote=vote, doc_type=doc_type,
                                   names=ck.names, body=body, kinds=sorted({t for _, t, _, _ in listed})))
    got = [v for _, _, v in used]
    desc = ", ".join(got)
    when = used[0][0]

    def plain(verdict: str) -> str:
        return say.vote_on(verdict, a=a, symbol=symbol, vote=vote, doc_type=doc_type, names=ck.names,
                           body=body, got=got, when=when)
    vetoes = "".join(f" {ck.veto_sentence(r)}." for r in found.vetoed)
    if all(g == vote for g in got):
        return Verdict(claim, SUPPORTED, f"{a}'s vote on {symbol} ({doc_type}, {when}): {desc}."
                       f"{vetoes}{also}", rows, plain=plain(SUPPORTED))
    if UNKNOWN_VOTE in got:
        return Verdict(claim, NOT_CHECKABLE, f"{a}'s vote on {symbol} ({doc_type}, {when}): {desc}."
                       f"{vetoes}{also}", rows, f"the record of the vote on {symbol} listing every member's vote "
                       f"(e.g. the meeting record)", plain(NOT_CHECKABLE))
    not_cast = [g for g in got if g not in CAST_VOTES]
    why = f" ({a} cast no vote: {', '.join(not_cast)})" if not_cast and len(not_cast) == len(got) else ""
    return Verdict(claim, CONTRADICTED, f"{a}'s vote on {symbol} ({doc_type}, {when}) was {desc}, "
                   f"not {vote}{why}.{vetoes}{also}", rows, plain=plain(CONTRADICTED))
