"""The ``agreement_change`` check: A and B's agreement measure in a body rose or fell
between two years (:func:`analysis.measures.alignment.dyad_alignment`).

The claims of a file are answered together (:class:`AlignmentBatch`): the two years of every
claim are joined to their body's roll calls (of the claim's issue, as
:func:`~analysis.measures.alignment.filter_roll_calls` selects them) and to both states' votes in
one pass; the joint votes are counted per claim and year and turned into the measures by
:func:`~analysis.measures.alignment.measures_from_counts`, the closed forms ``dyad_alignment`` uses,
so each claim gets the rows ``dyad_alignment`` gives for its years (``tests/test_claims_batch.py``
compares the two on the real claims files).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.model import MEASURES, Claim
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Verdict
from analysis.core.vocab import CAST_VOTES, ISSUES

#: The columns of ``dyad_alignment`` by year, as the check shows them.
ROWS: dict[str, pl.DataType] = {"year": pl.Int32, "n_joint": pl.Int64, "agreement": pl.Float64,
                                "kappa": pl.Float64, "pi": pl.Float64, "s_score": pl.Float64}


class AlignmentKey(NamedTuple):
    """What one ``agreement_change`` claim asks: A and B's alignment in ``body`` (on ``issue``) in two years."""

    a: str
    b: str
    body: str
    issue: str | None
    start: int
    end: int


def alignment_key(claim: Claim) -> AlignmentKey:
    """The :class:`AlignmentKey` of an ``agreement_change`` claim."""
    p = claim.params
    return AlignmentKey(p["a"], p["b"], p["body"], p["issue"], p["from"], p["to"])


class AlignmentBatch:
    """A and B's alignment in the two years of every ``agreement_change`` claim of a file, computed at once.

    :meth:`rows` gives, for one :class:`AlignmentKey`, what ``dyad_alignment(votes of A and B,
    roll_calls, A, B, body=, issue=, start_year=, end_year=)`` gives in its two years (columns
    :data:`ROWS`, by year; a year without a joint vote has no row), or the ``ValueError`` message
    it raises when A or B has no vote in the data.
    """

    def __init__(self, ck: Checker, claims: Sequence[Claim]) -> None:
        keys = list(dict.fromkeys(alignment_key(c) for c in claims))
        self.asked: set[AlignmentKey] = set(keys)
        #: the states without a single vote row (``dyad_alignment`` raises for them)
        self._missing = {s for k in keys for s in (k.a, k.b) if ck.data.state_votes(s).height == 0}
        self._rows = _alignment_rows(ck, keys)

    def error(self, key: AlignmentKey) -> str | None:
        """The error ``dyad_alignment`` raises for ``key`` (A, then B, without a vote row), or None."""
        for name, state in (("a", key.a), ("b", key.b)):
            if state in self._missing:
                return f"{name}={state!r} does not occur in the votes frame"
        return None

    def rows(self, key: AlignmentKey) -> pl.DataFrame:
        """The alignment rows of ``key``'s two years (columns :data:`ROWS`, sorted by year)."""
        return self._rows.get(key, pl.DataFrame(schema=ROWS))


def _alignment_rows(ck: Checker, keys: Sequence[AlignmentKey]) -> dict[AlignmentKey, pl.DataFrame]:
    """Per key, its two years' rows: the joint votes of A and B counted on the roll calls of its body, year
    (and issue), and the counts turned into the measures (``measures_from_counts``)."""
    import numpy as np  # numpy: imported only for this kind

    from analysis.measures.alignment import measures_from_counts

    asked = pl.DataFrame([(i, k.a, k.b, k.body, k.issue, year) for i, k in enumerate(keys)
                          for year in sorted({k.start, k.end})],
                         schema={"_i": pl.Int64, "a": pl.String, "b": pl.String, "body": pl.String,
                                 "issue": pl.String, "year": pl.Int32}, orient="row")
    roll_calls = ck.data["roll_calls"]
    issues = [i for i in ISSUES if i in roll_calls.columns]
    rc = roll_calls.select(pl.col("body").cast(pl.String), pl.col("rcid").cast(pl.Int32),
                           pl.col("year").cast(pl.Int32), *issues)
    kept = pl.col("issue").is_null()  # no issue asked, or the roll call is flagged for it (filter_roll_calls)
    for issue in issues:
        kept = kept | ((pl.col("issue") == issue) & pl.col(issue).fill_null(False))
    calls = (asked.join(rc, on=["body", "year"], how="inner").filter(kept)
             .select("_i", "a", "b", "body", "year", "rcid"))
    votes = ck.data.votes_of([*asked["a"], *asked["b"]], calls["rcid"])
    cast = votes.select("body", pl.col("rcid").cast(pl.Int32), "iso3", "vote").filter(
        pl.col("vote").cast(pl.String).is_in(list(CAST_VOTES)))
    calls = calls.with_columns(pl.col("body").cast(votes.schema["body"]))  # the votes' own body type: no copy
    joint = (calls.join(cast.rename({"iso3": "a", "vote": "x"}), on=["body", "rcid", "a"], how="inner")
             .join(cast.rename({"iso3": "b", "vote": "y"}), on=["body", "rcid", "b"], how="inner"))
    counts = joint.group_by("_i", "year").agg(
        pl.len().cast(pl.Int64).alias("n"),
        (pl.col("x") == "yes").sum().cast(pl.Int64).alias("a_y"), (pl.col("x") == "no").sum().cast(pl.Int64)
        .alias("a_n"), (pl.col("y") == "yes").sum().cast(pl.Int64).alias("b_y"),
        (pl.col("y") == "no").sum().cast(pl.Int64).alias("b_n"),
        ((pl.col("x") == pl.col("y")) & (pl.col("x") != "abstain")).sum().cast(pl.Int64).alias("both"),
    ).sort("_i", "year")
    out = np.empty((5, counts.height))
    measures_from_counts(*(counts[c].to_numpy().copy() for c in ("n", "a_y", "a_n", "b_y", "b_n", "both")), out)
    frame = pl.DataFrame([counts["_i"], counts["year"], pl.Series("n_joint", out[0], dtype=pl.Int64),
                          *(pl.Series(name, out[row]) for row, name in enumerate(MEASURES, start=1))])
    parts = frame.partition_by("_i", as_dict=True, include_key=False, maintain_order=True)
    return {keys[i]: part for (i,), part in parts.items()}



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
    batch, key = ck.batch("agreement_change", claim, AlignmentBatch, alignment_key), alignment_key(claim)
    error = batch.error(key)
    if error is not None:
        return Verdict(claim, NOT_CHECKABLE, f"No alignment for {a}-{b}: {error}.",
                       needed=f"recorded votes of both {a} and {b}",
                       plain=plain(NOT_CHECKABLE, missing={y: [] for y in (start, end)}))
    rows = batch.rows(key)
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
