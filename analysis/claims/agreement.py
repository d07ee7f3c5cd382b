"""The ``agreement_change`` check: A and B's agreement measure in a body rose or fell
between two years (:func:`analysis.measures.alignment.dyad_alignment`).
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.model import Claim
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Verdict


def check_agreement_change(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``agreement_change`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    p = claim.params
    a, b, body, start, end, measure = p["a"], p["b"], p["body"], p["from"], p["to"], p["measure"]
    pending = [y for y in (start, end) if ck.cov.year_state(body, y) in ("before", "after")]

    def plain(verdict: str, **facts: Any) -> str:
        return say.agreement(verdict, a=a, b=b, body=body, measure=measure, start=start, end=end,
                             names=ck.names, direction=p["direction"], last=ck.cov.votes[body][1], **facts)

    if pending:
        return Verdict(claim, NOT_CHECKABLE, f"{', '.join(map(str, pending))} is outside the {body} data.",
                       needed=ck.uncovered_need(body, pending), plain=plain(NOT_CHECKABLE, outside=pending))
    from analysis.measures.alignment import dyad_alignment  # numpy: imported only for this kind

    try:
        table = dyad_alignment(ck.data.pair_votes(a, b), ck.data["roll_calls"], a, b, body=body,
                               issue=p["issue"], start_year=start, end_year=end)
    except ValueError as exc:
        return Verdict(claim, NOT_CHECKABLE, f"No alignment for {a}-{b}: {exc}.",
                       needed=f"recorded votes of both {a} and {b}",
                       plain=plain(NOT_CHECKABLE, missing={y: [] for y in (start, end)}))
    rows = table.filter(pl.col("year").is_in([start, end]))
    found = {int(r["year"]): r for r in rows.iter_rows(named=True)}
    partial = [y for y in (start, end) if ck.cov.year_state(body, y) == "partial"]
    caveat = (f" {', '.join(map(str, partial))} is covered only to {ck.cov.votes[body][1]}, so its value "
              f"rests on the votes so far.") if partial else ""
    missing = [y for y in (start, end) if y not in found]
    if missing:
        why = []
        absent_in: dict[int, list[str]] = {}
        for y in missing:
            absent = absent_in[y] = [s for s in (a, b) if ck.nonmember(body, s, y)]
            why.append(f"{y}" + (f" ({', '.join(absent)} not a member of the {body})" if absent else ""))
        return Verdict(claim, NOT_CHECKABLE, f"{a} and {b} have no joint recorded vote in the {body} in "
                       f"{', '.join(why)}, so their {measure} is undefined there.{caveat}", rows,
                       "joint recorded votes of both states in both years", plain(NOT_CHECKABLE, missing=absent_in))
    v0, v1 = found[start][measure], found[end][measure]
    if any(v is None or math.isnan(v) for v in (v0, v1)):
        return Verdict(claim, NOT_CHECKABLE, f"{measure} is undefined (NaN) in {start} or {end}.{caveat}", rows,
                       "a measure defined in both years (e.g. agreement)", plain(NOT_CHECKABLE))
    actual = "rose" if v1 > v0 else "fell" if v1 < v0 else "unchanged"
    filt = f", issue {p['issue']}" if p["issue"] else ""
    reason = (f"{a}-{b} {measure} in the {body}{filt}: {v0:.4f} in {start} (n_joint {found[start]['n_joint']}) "
              f"-> {v1:.4f} in {end} (n_joint {found[end]['n_joint']}): {actual} (change {v1 - v0:+.4f}).{caveat}")
    verdict = SUPPORTED if actual == p["direction"] else CONTRADICTED
    return Verdict(claim, verdict, reason, rows, plain=plain(verdict, before=v0, after=v1))
