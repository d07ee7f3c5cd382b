"""The membership checks: ``member`` (A sat on the HRC / CHR in a year) and ``composition``
(how many members, of a regional group, a body had), read from the states each recorded vote lists
(:mod:`analysis.measures.memberships`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.consistency import _years
from analysis.claims.model import Claim
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Verdict
from analysis.core.vocab import UN_GROUPS
from analysis.measures.memberships import spans


def _member_years_text(ck: Checker, body: str, iso3: str) -> str:
    """E.g. "PAK sat on the HRC in 2006–2011, 2013–2015 (data: 2006-06-19 to 2026-03-31)"."""
    years = ck.member_years(body, iso3)
    first, last = ck.cov.votes[body]
    when = spans(years) if years else "no year"
    return f"{iso3} sat on the {body} in {when} (membership read from recorded votes {first} to {last})"

def check_member(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``member`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    p = claim.params
    a, body, want = p["a"], p["body"], p["member"]
    status = {y: ck.member_status(body, a, y) for y in range(p["from"], p["to"] + 1)}
    table = pl.DataFrame(
        {"year": list(status), "member": list(status.values()),
         "coverage": ["no recorded vote of the body in the data" if v is None else "recorded votes list members"
                      for v in status.values()]},
        schema={"year": pl.Int32, "member": pl.Boolean, "coverage": pl.String})
    said = "a member" if want else "not a member"
    span = f"{p['from']}" if p["from"] == p["to"] else f"{p['from']}-{p['to']}"
    context = _member_years_text(ck, body, a) + "."
    wrong = [y for y, v in status.items() if v is not None and v != want]
    unknown = [y for y, v in status.items() if v is None]

    def plain(verdict: str) -> str:
        return say.member(verdict, a=a, body=body, want=want, years=list(status), names=ck.names, wrong=wrong,
                          unknown=unknown, member_years=ck.member_years(body, a),
                          last=ck.cov.votes[body][1])
    if wrong:
        return Verdict(claim, CONTRADICTED, f"The claim: {a} was {said} of the {body} in {span}. But in "
                       f"{_years(wrong)} it was {'not ' if want else ''}listed on the {body}'s recorded votes. "
                       f"{context}", table, plain=plain(CONTRADICTED))
    if unknown:
        return Verdict(claim, NOT_CHECKABLE, f"The claim: {a} was {said} of the {body} in {span}. "
                       f"{_years(unknown)}: the data hold no recorded vote of the {body}, so membership is not "
                       f"known there. {context}", table, ck.uncovered_need(body, unknown), plain(NOT_CHECKABLE))
    return Verdict(claim, SUPPORTED, f"{a} was {said} of the {body} in every year of {span}. {context}", table,
                   plain=plain(SUPPORTED))

def _listed_per_roll_call(ck: Checker, body: str) -> pl.DataFrame:
    """Per recorded vote of ``body`` (body, rcid): how many states it lists (vote rows but ``not_member``,
    ``listed``), how many of each UN regional group (``_in_<GROUP>``) and without a group (``without_group``).
    Counted once per body for all the composition claims of the checker."""
    made = ck.batches.setdefault("listed_per_roll_call", {})
    if body not in made:
        listed = (ck.data.body_votes(body).filter(pl.col("vote") != "not_member")
                  .join(ck.data["countries"].select("iso3", "un_group"), on="iso3", how="left"))
        made[body] = listed.group_by("body", "rcid").agg(
            pl.len().alias("listed"),
            *[(pl.col("un_group") == group).sum().alias(f"_in_{group}") for group in UN_GROUPS],
            pl.col("un_group").is_null().sum().alias("without_group"))
    return made[body]


class CompositionKey(NamedTuple):
    """What one ``composition`` claim counts: the members of ``body`` (of UN regional ``group``) listed on its
    recorded votes in ``year`` (on ``date``)."""

    body: str
    year: int
    date: dt.date | None
    group: str | None


def composition_key(claim: Claim) -> CompositionKey:
    """The :class:`CompositionKey` of a ``composition`` claim."""
    p = claim.params
    return CompositionKey(p["body"], p["year"], p["date"], p["group"])


class CompositionBatch:
    """The members listed on the recorded votes of every ``composition`` claim of a file, counted at once.

    The claims are joined to the recorded votes of their body and year that list states (``n_listed > 0``,
    narrowed to their day), then to the counts per recorded vote (:func:`_listed_per_roll_call`, one per
    body). :meth:`get` gives each claim the rows a query of its own gives, by date and symbol.
    """

    def __init__(self, ck: Checker, claims: Sequence[Claim]) -> None:
        keys = list(dict.fromkeys(composition_key(c) for c in claims))
        self.asked: set[CompositionKey] = set(keys)
        self._found = _composition_rows(ck, keys)

    def get(self, key: CompositionKey) -> pl.DataFrame | None:
        """The rows of ``key`` (date, symbol, listed, in_group, without_group), or None when no recorded vote
        of its body lists members on its day or in its year."""
        return self._found.get(key)


def _composition_rows(ck: Checker, keys: Sequence[CompositionKey]) -> dict[CompositionKey, pl.DataFrame]:
    if not keys:
        return {}
    asked = pl.DataFrame([(i, *k) for i, k in enumerate(keys)], orient="row",
                         schema={"_i": pl.Int64, "_body": pl.String, "year": pl.Int32, "_date": pl.Date,
                                 "_group": pl.String})
    rc = (ck.data["roll_calls"].filter(pl.col("n_listed") > 0)
          .select(pl.col("body").cast(pl.String).alias("_body"), "year", "rcid", "date", "symbol"))
    hits = (asked.join(rc, on=["_body", "year"], how="inner")
            .filter(pl.col("_date").is_null() | (pl.col("date") == pl.col("_date"))))
    if hits.height == 0:
        return {}
    per = pl.concat([_listed_per_roll_call(ck, body).with_columns(pl.col("body").cast(pl.String).alias("_body"))
                     .drop("body") for body in sorted(set(hits["_body"]))], how="vertical")
    in_group = pl.col("listed")
    for group in UN_GROUPS:
        in_group = pl.when(pl.col("_group") == group).then(pl.col(f"_in_{group}")).otherwise(in_group)
    rows = (hits.join(per, on=["_body", "rcid"], how="inner")
            .select("_i", "date", "symbol", "listed", in_group.alias("in_group"), "without_group", "rcid")
            .sort("_i", "rcid").sort("_i", "date", "symbol", maintain_order=True).drop("rcid")
            .partition_by("_i", as_dict=True, include_key=False, maintain_order=True))
    empty = pl.DataFrame(schema={"date": pl.Date, "symbol": pl.String, "listed": pl.UInt32,
                                 "in_group": pl.UInt32, "without_group": pl.UInt32})
    return {keys[i]: rows.get((i,), empty) for i in sorted(set(hits["_i"]))}



def check_composition(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``composition`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    p = claim.params
    body, year, group, count = p["body"], p["year"], p["group"], p["count"]
    who = f"members from the {UN_GROUPS[group]} group ({group})" if group else "members"
    when = f"on {p['date']}" if p["date"] else f"in {year}"

    def plain(verdict: str, seen: Sequence[int] = (), votes: int = 0) -> str:
        return say.composition(verdict, body=body, count=count, names=ck.names, year=year, on=p["date"],
                               group=group, seen=seen, votes=votes)

    per = ck.batch("composition", claim, CompositionBatch, composition_key).get(composition_key(claim))
    if per is None:
        return Verdict(claim, NOT_CHECKABLE, f"No recorded vote of the {body} {when} lists its members in the "
                       f"data ({ck.cov.describe(body)}).", needed=ck.uncovered_need(body, [year]),
                       plain=plain(NOT_CHECKABLE))
    counts = sorted(set(per["in_group"].to_list()))
    seen = f"{counts[0]}" if len(counts) == 1 else f"between {counts[0]} and {counts[-1]}"
    base = (f"The claim: {count} {who} {when}. The {per.height} recorded vote(s) of the {body} {when} list "
            f"{seen} {who}.")
    without = per["without_group"].to_list()
    if sum(without):
        base += f" {max(without)} listed state(s) have no regional group in the data."
    if ck.cov.year_state(body, year) == "partial":
        base += f" {year} is covered to {ck.cov.votes[body][1]}."
    if count in counts:
        extra = "" if len(counts) == 1 else " The number changed during the year; the claim matches some votes."
        return Verdict(claim, SUPPORTED, base + extra, per, plain=plain(SUPPORTED, counts, per.height))
    return Verdict(claim, CONTRADICTED, base, per, plain=plain(CONTRADICTED, counts, per.height))
