"""The ``session_end`` check: the session of a body ended on a date, decided by the dates of
its decisions in the data.
"""

from __future__ import annotations

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.model import Claim
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Verdict


def check_session_end(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``session_end`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    p = claim.params
    body, end = p["body"], p["date"]
    rc = ck.data["roll_calls"].filter(pl.col("body") == body)
    without = ck.data["resolutions_without_roll_call"].filter(pl.col("body") == body)
    if p["session"] is not None:
        label = p["session"].strip()
        how = f"session {label}"
    else:
        hits = ck.data.named(p["b"]).filter(
            (pl.col("body") == body) & pl.col("year").is_between(p["from"], p["to"])
            & pl.col("session_label").is_not_null())
        if hits.height == 0:
            span = f"{p['from']}" if p["from"] == p["to"] else f"{p['from']}-{p['to']}"
            pending = [y for y in range(p["from"], p["to"] + 1)
                       if ck.cov.year_state(body, y) in ("before", "after")]
            return Verdict(claim, NOT_CHECKABLE, f"No recorded vote of the {body} naming {p['b']} in {span}, so "
                           f"the session is not identified.",
                           needed=ck.uncovered_need(body, pending) if pending else "the session's name",
                           plain=say.session_end(NOT_CHECKABLE, body=body, end=end, names=ck.names, b=p["b"],
                                                 span=(p["from"], p["to"])))
        nearest = hits.with_columns((pl.col("date") - pl.lit(end)).dt.total_days().abs().alias("_d")).sort(
            "_d", "date").row(0, named=True)
        label = nearest["session_label"]
        how = f"session {label}, which voted on {nearest['symbol']} naming {p['b']} on {nearest['date']}"
    held = pl.concat([rc.filter(pl.col("session_label") == label).select("date", "symbol", "doc_type"),
                      without.filter(pl.col("session_label") == label).select("date", "symbol", "doc_type")])
    if held.height == 0:
        return Verdict(claim, NOT_CHECKABLE, f"The data hold no decision of the {body}'s session {label}.",
                       needed=f"the records of the {body}'s session {label}",
                       plain=say.session_end(NOT_CHECKABLE, body=body, end=end, names=ck.names, label=label))
    first, last = held["date"].min(), held["date"].max()

    def plain(verdict: str) -> str:
        later = held.filter(pl.col("date") > end).sort("date", "symbol").select("symbol", "date").rows()
        return say.session_end(verdict, body=body, end=end, names=ck.names, label=label, last=last, later=later)
    rows = held.sort("date", "symbol")
    head = (f"The claim: the {body} session ended on {end}. The data identify {how}; its decisions in the data "
            f"are dated {first} to {last} ({held.height} in all).")
    if last > end:
        later = held.filter(pl.col("date") > end)
        return Verdict(claim, CONTRADICTED, f"{head} It still took decisions after {end}: "
                       f"{', '.join(f'{r[1]} on {r[0]}' for r in later.head(3).select('date', 'symbol').rows())}.",
                       rows, plain=plain(CONTRADICTED))
    if last == end:
        return Verdict(claim, SUPPORTED, f"{head} Its last decision in the data is dated {end}; the data hold "
                       f"decision dates, not the closing date.", rows, plain=plain(SUPPORTED))
    return Verdict(claim, NOT_CHECKABLE, f"{head} The data hold decision dates, not the closing date, so a close "
                   f"on {end} after the last decision can be neither confirmed nor ruled out.", rows,
                   f"the session's report or closing press release ({body} session {label})", plain(NOT_CHECKABLE))
