"""The ``tally`` check: a roll call's yes / no / abstain counts and outcome against the official
tally, with the per-state list's count beside it (:mod:`analysis.measures.tallies`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.consistency import _years
from analysis.claims.model import Claim
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Verdict
from analysis.measures.tallies import format_tally

# ---- roll calls, membership and sessions (issue 10) ------------------

def _tally_rows(rc: pl.DataFrame) -> pl.DataFrame:
    """The evidence columns of roll calls for tally and session checks."""
    return rc.select(
        "date", pl.col("body").cast(pl.String), "session_label", pl.coalesce("symbol", "draft_symbol").alias(
            "symbol"), "doc_type", "outcome",
        pl.struct("official_yes", "official_no", "official_abstain").map_elements(
            lambda r: format_tally(r["official_yes"], r["official_no"], r["official_abstain"]),
            return_dtype=pl.String).alias("official_tally"),
        pl.struct("counted_yes", "counted_no", "counted_abstain", "n_listed", *(
            ["lists_members"] if "lists_members" in rc.columns else [])).map_elements(
            lambda r: f"vetoers only ({r['counted_no']} no)" if r.get("lists_members") is False
            else format_tally(r["counted_yes"], r["counted_no"], r["counted_abstain"]) if r["n_listed"]
            else "no list", return_dtype=pl.String).alias("per_state_list"),
        "record_url",
    ).sort("date", "symbol")

def check_tally(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``tally`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    p = claim.params
    body = p["body"]
    claimed = format_tally(p["yes"], p["no"], p["abstain"])

    def plain(verdict: str, found: Sequence[Mapping[str, Any]] = (), **facts: Any) -> str:
        return say.tally(verdict, claimed=(p["yes"], p["no"], p["abstain"]), outcome=p["outcome"], body=body,
                         names=ck.names, found=[say.TallyFound(
                             symbol=r["symbol"] or r["draft_symbol"] or f"the draft \"{r['title']}\"",
                             date=r["date"], outcome=r["outcome"],
                             official=(r["official_yes"], r["official_no"], r["official_abstain"]),
                             vetoed_by=[c for c in (r.get("vetoed_by") or "").split(",") if c])
                             for r in found], **facts)

    rc = ck.data["roll_calls"].filter(pl.col("body") == body)
    where = []
    if p["symbol"] is not None:
        rc = rc.filter((pl.col("symbol") == p["symbol"]) | (pl.col("draft_symbol") == p["symbol"]))
        where.append(p["symbol"])
    else:
        rc = rc.filter(pl.col("doc_type") == p["doc_type"])
    if p["date"] is not None:
        rc = rc.filter(pl.col("date") == p["date"])
        where.append(f"on {p['date']}")
    if p["from"] is not None:
        rc = rc.filter(pl.col("year").is_between(p["from"], p["to"]))
        where.append(f"in {p['from']}" if p["from"] == p["to"] else f"in {p['from']}-{p['to']}")
    if p["b"] is not None:
        rc = rc.join(ck.data.named(p["b"]).select("body", "rcid"), on=["body", "rcid"], how="semi")
        where.append(f"naming {p['b']}")
    what = f"{body} {'recorded vote' if p['symbol'] else p['doc_type']} {' '.join(where)}".strip()
    if rc.height == 0:
        years = ([p["date"].year] if p["date"] else list(range(p["from"], p["to"] + 1)) if p["from"] else [])
        outside = [y for y in years if ck.cov.year_state(body, y) in ("before", "after")]
        without = ck.data["resolutions_without_roll_call"].filter(pl.col("body") == body)
        if p["symbol"] is not None:
            without = without.filter((pl.col("symbol") == p["symbol"]) | (pl.col("draft_symbol") == p["symbol"]))
            hit = without.filter(pl.col("adoption").str.contains("without a vote|unanimously"))
            if hit.height:
                row = hit.row(0, named=True)
                return Verdict(claim, CONTRADICTED, f"{p['symbol']} was {row['adoption']} ({row['date']}), so "
                               f"there was no {claimed} vote.", hit.select("date", "symbol", "adoption", "title"),
                               plain=plain(CONTRADICTED, case="without vote",
                                           without=(p["symbol"], row["adoption"], row["date"])))
        if outside:
            return Verdict(claim, NOT_CHECKABLE, f"No {what} in the data; {_years(outside)} is outside the "
                           f"{ck.cov.describe(body)}.", needed=ck.uncovered_need(body, outside),
                           plain=plain(NOT_CHECKABLE, case="not found"))
        return Verdict(claim, NOT_CHECKABLE, f"No {what} in the data ({ck.cov.describe(body)}): it may have "
                       f"been adopted without a vote, or be found under another symbol or date.",
                       needed=f"the record of the vote ({what})", plain=plain(NOT_CHECKABLE, case="not found"))
    rows = _tally_rows(rc)

    def matches(yes: int | None, no: int | None, abstain: int | None) -> bool:
        return (yes, no) == (p["yes"], p["no"]) and (p["abstain"] is None or abstain == p["abstain"])

    official = [r for r in rc.iter_rows(named=True)
                if r["official_yes"] is not None and matches(r["official_yes"], r["official_no"],
                                                             r["official_abstain"])]
    partial = [r for r in rc.iter_rows(named=True) if r.get("lists_members") is False]
    counted = [r for r in rc.iter_rows(named=True) if r["n_listed"] and r.get("lists_members") is not False
               and matches(r["counted_yes"], r["counted_no"], r["counted_abstain"])]
    outcome_ok = [r for r in official if p["outcome"] in (None, r["outcome"])]

    def describe(r: dict) -> str:
        label = r["symbol"] or r["draft_symbol"] or f"the draft \"{r['title']}\""
        if r.get("lists_members") is False:
            return f"{ck.veto_sentence(r)} (the source gives no tally, only who vetoed)"
        text = (f"{label} ({r['date']}, {r['outcome'] or 'outcome not given'}): official tally "
                f"{format_tally(r['official_yes'], r['official_no'], r['official_abstain'])}")
        if r["tally_mismatch"]:
            text += (f", but the per-state list adds up to "
                     f"{format_tally(r['counted_yes'], r['counted_no'], r['counted_abstain'])}")
        elif r["official_yes"] is None and r["n_listed"]:
            text = (f"{label} ({r['date']}, {r['outcome'] or 'outcome not given'}): no official tally; the "
                    f"per-state list gives {format_tally(r['counted_yes'], r['counted_no'], r['counted_abstain'])}")
        return text

    found = "; ".join(describe(r) for r in rc.iter_rows(named=True))
    head = f"The claim: {claimed}" + (f", {p['outcome']}" if p["outcome"] else "") + f". Found ({what}): {found}."
    everything = list(rc.iter_rows(named=True))
    if outcome_ok:
        return Verdict(claim, SUPPORTED, head, rows, plain=plain(SUPPORTED, outcome_ok))
    if official:
        return Verdict(claim, CONTRADICTED, f"{head} The tally matches, but the text was "
                       f"{official[0]['outcome']} (the claim says {p['outcome']}).", rows,
                       plain=plain(CONTRADICTED, official, case="outcome"))
    if partial and len(partial) == rc.height:
        outcomes = {r["outcome"] for r in partial}
        if p["outcome"] is not None and p["outcome"] not in outcomes:
            return Verdict(claim, CONTRADICTED, f"{head} The claim says {p['outcome']}.", rows,
                           plain=plain(CONTRADICTED, partial, case="vetoed"))
        return Verdict(claim, NOT_CHECKABLE, f"{head} The outcome is as claimed, but the source of this roll "
                       f"call gives only the vetoing members' votes, not the tally.", rows,
                       "the official record of the vote (the meeting record) for the tally",
                       plain(NOT_CHECKABLE, partial, case="vetoed"))
    if counted and p["outcome"] in (None, counted[0]["outcome"]):
        return Verdict(claim, NOT_CHECKABLE, f"{head} The claim matches the per-state list, not the official "
                       f"tally; the two sources of the count disagree.", rows,
                       "the official record of the vote (e.g. the meeting record) to settle which count is right",
                       plain(NOT_CHECKABLE, counted, case="list only"))
    return Verdict(claim, CONTRADICTED, head, rows, plain=plain(CONTRADICTED, everything))
