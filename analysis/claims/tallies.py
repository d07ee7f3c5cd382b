"""The ``tally`` check: a roll call's yes / no / abstain counts and outcome against the official
tally, with the per-state list's count beside it (:mod:`analysis.measures.tallies`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.consistency import _years
from analysis.claims.model import Claim
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Verdict
from analysis.measures.tallies import format_tally

#: The columns of a tally verdict's rows.
ROWS: dict[str, pl.DataType] = {"date": pl.Date, "body": pl.String, "session_label": pl.String,
                                "symbol": pl.String, "doc_type": pl.String, "outcome": pl.String,
                                "official_tally": pl.String, "per_state_list": pl.String, "record_url": pl.String}


def _tally_columns(rc: pl.DataFrame) -> list[pl.Expr | str]:
    """The evidence columns of roll calls for tally checks (:data:`ROWS`)."""
    return [
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
    ]


class TallyKey(NamedTuple):
    """Which roll calls a ``tally`` claim is about: of ``body`` and ``symbol`` (or draft symbol), else of
    ``doc_type``; narrowed to the day ``date``, the years ``start``-``end`` and titles naming ``b``."""

    body: str
    symbol: str | None
    doc_type: str
    date: dt.date | None
    start: int | None
    end: int | None
    b: str | None


class TallyFound(NamedTuple):
    """One key's roll calls: each as a dict of its ``roll_calls`` columns (in the table's order), and the
    rows a verdict shows (columns :data:`ROWS`, by date and symbol)."""

    roll_calls: list[dict[str, Any]]
    rows: pl.DataFrame


def tally_key(claim: Claim) -> TallyKey:
    """The :class:`TallyKey` of a ``tally`` claim."""
    p = claim.params
    return TallyKey(p["body"], p["symbol"], p["doc_type"], p["date"], p["from"], p["to"], p["b"])


class TallyBatch:
    """The roll calls of every ``tally`` claim of a file, found at once (:meth:`get`).

    The claims with a symbol are joined to the roll calls carrying it (``symbol`` or ``draft_symbol``),
    the others to their body's roll calls of ``doc_type`` on their day or in their years; then each
    claim's day, years and state named (``ClaimData.named``) narrow them. Each key gets the roll calls a
    query of its own finds, in the same order (``tests/test_claims_batch.py`` compares the two).
    """

    def __init__(self, ck: Checker, claims: Sequence[Claim]) -> None:
        keys = list(dict.fromkeys(tally_key(c) for c in claims))
        self.asked: set[TallyKey] = set(keys)
        self._found = _tally_batch(ck, keys)

    def get(self, key: TallyKey) -> TallyFound | None:
        """The roll calls of ``key``, or None when the data hold none."""
        return self._found.get(key)


_KEY_SCHEMA = {"_i": pl.Int64, "_body": pl.String, "_symbol": pl.String, "_doc_type": pl.String, "_date": pl.Date,
               "_start": pl.Int32, "_end": pl.Int32, "_b": pl.String}


def _tally_batch(ck: Checker, keys: Sequence[TallyKey]) -> dict[TallyKey, TallyFound]:
    """Per key with a roll call, its :class:`TallyFound`."""
    if not keys:
        return {}
    asked = pl.DataFrame([(i, *k) for i, k in enumerate(keys)], schema=_KEY_SCHEMA, orient="row")
    rc = ck.data["roll_calls"].with_row_index("_rc").with_columns(pl.col("body").cast(pl.String).alias("_body"))
    symbols = (pl.concat([rc.select("_rc", "_body", pl.col("symbol").alias("_key")),
                          rc.select("_rc", "_body", pl.col("draft_symbol").alias("_key"))])
               .drop_nulls("_key").unique())
    by_symbol = (asked.filter(pl.col("_symbol").is_not_null())
                 .join(symbols, left_on=["_body", "_symbol"], right_on=["_body", "_key"], how="inner"))
    typed = asked.filter(pl.col("_symbol").is_null())
    by_years = (typed.filter(pl.col("_start").is_not_null())
                .with_columns(pl.int_ranges("_start", pl.col("_end") + 1, dtype=pl.Int32).alias("year")).explode("year")
                .join(rc.select("_rc", "_body", "doc_type", "year"), left_on=["_body", "_doc_type", "year"],
                      right_on=["_body", "doc_type", "year"], how="inner"))
    by_day = (typed.filter(pl.col("_start").is_null())
              .join(rc.select("_rc", "_body", "doc_type", "date"), left_on=["_body", "_doc_type", "_date"],
                    right_on=["_body", "doc_type", "date"], how="inner"))
    columns = [*_KEY_SCHEMA, "_rc"]
    hits = (pl.concat([by_symbol.select(columns), by_years.select(columns), by_day.select(columns)])
            .join(rc, on="_rc", how="inner", suffix="_rc")
            .filter((pl.col("_date").is_null() | (pl.col("date") == pl.col("_date")))
                    & (pl.col("_start").is_null() | pl.col("year").is_between(pl.col("_start"), pl.col("_end")))))
    named = [b for b in asked["_b"].unique().to_list() if b is not None]
    if named:
        naming = pl.concat([ck.data.named(b).select(pl.col("body").cast(pl.String).alias("_body"), "rcid",
                                                    pl.lit(b).alias("_b")) for b in sorted(named)])
        hits = pl.concat([hits.filter(pl.col("_b").is_null()),
                          hits.join(naming, on=["_body", "rcid", "_b"], how="semi")])
    hits = hits.sort("_i", "_rc")
    shown = (hits.select("_i", *_tally_columns(rc)).sort("_i", "date", "symbol", maintain_order=True)
             .partition_by("_i", as_dict=True, include_key=False, maintain_order=True))
    found: dict[int, list[dict[str, Any]]] = {}
    for r in hits.select("_i", *ck.data["roll_calls"].columns).iter_rows(named=True):
        found.setdefault(r.pop("_i"), []).append(r)
    return {keys[i]: TallyFound(found[i], part) for (i,), part in shown.items()}



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

    where = []
    if p["symbol"] is not None:
        where.append(p["symbol"])
    if p["date"] is not None:
        where.append(f"on {p['date']}")
    if p["from"] is not None:
        where.append(f"in {p['from']}" if p["from"] == p["to"] else f"in {p['from']}-{p['to']}")
    if p["b"] is not None:
        where.append(f"naming {p['b']}")
    what = f"{body} {'recorded vote' if p['symbol'] else p['doc_type']} {' '.join(where)}".strip()
    found = ck.batch("tally", claim, TallyBatch, tally_key).get(tally_key(claim))
    if found is None:
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
    rows, everything = found.rows, found.roll_calls

    def matches(yes: int | None, no: int | None, abstain: int | None) -> bool:
        return (yes, no) == (p["yes"], p["no"]) and (p["abstain"] is None or abstain == p["abstain"])

    official = [r for r in everything
                if r["official_yes"] is not None and matches(r["official_yes"], r["official_no"],
                                                             r["official_abstain"])]
    partial = [r for r in everything if r.get("lists_members") is False]
    counted = [r for r in everything if r["n_listed"] and r.get("lists_members") is not False
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

    listing = "; ".join(describe(r) for r in everything)
    head = f"The claim: {claimed}" + (f", {p['outcome']}" if p["outcome"] else "") + f". Found ({what}): {listing}."
    if outcome_ok:
        return Verdict(claim, SUPPORTED, head, rows, plain=plain(SUPPORTED, outcome_ok))
    if official:
        return Verdict(claim, CONTRADICTED, f"{head} The tally matches, but the text was "
                       f"{official[0]['outcome']} (the claim says {p['outcome']}).", rows,
                       plain=plain(CONTRADICTED, official, case="outcome"))
    if partial and len(partial) == len(everything):
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
