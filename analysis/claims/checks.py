"""The checks: a verdict for every claim, read from the processed data.

An analyst writes the checkable statements of a story in a small TOML file
(``claims/*.toml``, format in ``docs/reference/claims-format.md``, validated by ``analysis.claims.model``),
one ``[[claim]]`` table per claim, each a structured query over the processed tables.
:func:`check_file` gives every claim a verdict:

* ``supported`` -- with the rows it rests on;
* ``contradicted`` -- with the rows that contradict it;
* ``not checkable`` -- the shipped data do not reach that far; the verdict says what
  data would be needed (and, where there is some, shows the nearest data as context).

Coverage limits are read from the data (first and last roll-call date per body and
source, trade years per source and per pair), never hard-coded.

Claim kinds (``kind``):

``votes_on_naming``
    A voted ``vote`` on every (``quantifier = "every"``, the default) or at least one
    (``"at_least_once"``) roll call of ``body`` whose title names B
    (:func:`analysis.measures.resolutions.naming_resolutions`), of ``doc_type`` (default
    ``resolution``: procedural motions and amendments are left out), in the years
    ``from``-``to`` and/or at HRC/GA ``session``.
``vote_on``
    A's vote on the roll call(s) of ``symbol`` in ``body`` (of ``doc_type``) was ``vote``.
``trade_about``
    A-B goods trade in ``year`` (``direction`` total, a_to_b or b_to_a) was about
    ``value_usd``: supported when ``|value_usd - data| <= tolerance * data``.
``agreement_change``
    A and B's ``measure`` (agreement, kappa, pi, s_score) in ``body`` ``rose`` / ``fell``
    from year ``from`` to year ``to`` (:func:`analysis.measures.alignment.dyad_alignment`).
``consecutive_years``
    ``ending`` was (at least) the ``years``-th consecutive year in which A voted ``vote``
    on the roll calls of ``body`` naming B; ``exact = true`` also requires that the run
    did not extend to the year before.
``bloc_vote``
    Every state in ``members`` voted ``vote`` on every roll call of ``body`` naming B in
    ``from``-``to`` (e.g. "Pakistan, China and Russia formed a blocking minority").
``tally``
    The roll call of ``symbol`` (or of its draft), or of ``doc_type`` on ``date`` / in
    ``from``-``to`` whose title names ``b``, was adopted by ``yes`` votes to ``no`` (with
    ``abstain`` abstentions; ``outcome``): checked against the official tally, with the
    per-state list's count beside it where the two differ (:mod:`analysis.measures.tallies`).
``member``
    A was (``member = true``) or was not a member of ``body`` (HRC, CHR) in ``year`` or
    in each of ``from``-``to`` (:mod:`analysis.measures.memberships`).
``composition``
    In ``year`` (or on ``date``) ``body`` had ``count`` members, of UN regional ``group``
    when given, counted on the states each recorded vote lists.
``session_end``
    The session of ``body`` (``session`` label, or the one that voted on a resolution
    naming ``b`` in ``from``-``to``) ended on ``date``: decided by the dates of its
    decisions in the data.

Rules for votes (the module's decisions, also in ``docs/explanation/claims.md``):

1. Only yes / abstain / no are votes. ``absent``, ``not a member`` and ``not recorded``
   (a GA source that lists only the states that voted) are listed in the reason but are
   never a vote.
2. ``every``: contradicted by any cast vote other than ``vote``; a roll call on which A
   cast no vote (e.g. not a member) neither supports nor contradicts. If A cast no vote
   at all in the whole range (or the data hold no roll call naming B there), the claim
   that A voted is contradicted. ``at_least_once``: supported by one cast ``vote``.
3. ``consecutive_years``: each year of the run must have at least one roll call naming
   B on which A cast ``vote`` and no other vote. A covered year with no such roll call,
   or in which A cast no vote (not a member, absent, not recorded), breaks the run.
4. A year after (or before) the body's coverage is not checkable. The body's last year,
   covered only in part (HRC to 2026-03-31), counts as covered when the data hold a roll
   call naming B in it; otherwise the rest of that year is not checkable -- except, in
   the HRC and the CHR, for a state the ``memberships`` table shows was not a member that
   year (all members are listed at every recorded vote, absent included).
5. Verdict order: a contradiction in the covered data wins; otherwise any uncovered part
   makes the claim not checkable; otherwise it is supported.

Internal consistency (:func:`inconsistencies`) works on the claims alone, without data:
each vote claim implies facts about (a, b, body, year): *all* of A's votes on roll calls
naming B that year were V (``every`` quantifier, ``consecutive_years``, ``bloc_vote``)
and/or A *cast* V at least once that year (``at_least_once`` over a single year,
``every`` over a single year, each year of a ``consecutive_years`` run, ``bloc_vote`` over
a single year). "all V1" and "cast V2" (V1 != V2) cannot both be true: a **conflict**.
"cast V1" and "cast V2" can both be true only if the body held two such roll calls that
year and A voted differently on them: a **tension**. Also conflicts: two ``vote_on``
claims on the same roll call with different votes, two ``agreement_change`` claims on
the same years with opposite directions, two ``trade_about`` claims on the same year and
direction whose tolerance bands do not overlap.

The plain-text report and the command line ``python -m analysis claims FILE`` are in
``analysis.claims.render``.

One module per family of kinds holds the checks: :mod:`~analysis.claims.votes`, :mod:`~analysis.claims.vote_on`,
:mod:`~analysis.claims.trade`,
:mod:`~analysis.claims.agreement`, :mod:`~analysis.claims.tallies`, :mod:`~analysis.claims.membership` and
:mod:`~analysis.claims.sessions`; :mod:`~analysis.claims.checker` holds what they share and
:mod:`~analysis.claims.verdicts` the verdict types (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import polars as pl

from analysis.claims import agreement, membership, sessions, tallies, trade, vote_on, votes
from analysis.claims.checker import Checker
from analysis.claims.consistency import inconsistencies
from analysis.claims.data import ClaimData, Coverage
from analysis.claims.model import Claim, read_claims_file
from analysis.claims.verdicts import (
    CONTRADICTED,
    NOT_CHECKABLE,
    SUPPORTED,
    UNKNOWN_VOTE,
    VERDICTS,
    Report,
    Verdict,
)

__all__ = ["CONTRADICTED", "NOT_CHECKABLE", "SUPPORTED", "UNKNOWN_VOTE", "VERDICTS", "CHECKS", "Coverage", "Report",
           "Verdict", "check_claim", "check_file", "check_one", "inconsistencies"]

#: The check of each claim kind: (checker, claim) -> verdict.
CHECKS: dict[str, Callable[[Checker, Claim], Verdict]] = {
    "votes_on_naming": votes.check_votes_on_naming,
    "bloc_vote": votes.check_bloc_vote,
    "vote_on": vote_on.check_vote_on,
    "consecutive_years": votes.check_consecutive_years,
    "trade_about": trade.check_trade_about,
    "agreement_change": agreement.check_agreement_change,
    "tally": tallies.check_tally,
    "member": membership.check_member,
    "composition": membership.check_composition,
    "session_end": sessions.check_session_end,
}


def check_one(checker: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on ``claim``, read through ``checker`` (the check of its kind, :data:`CHECKS`)."""
    return CHECKS[claim.kind](checker, claim)


def _states(claims: Sequence[Claim]) -> tuple[set[str], set[tuple[str, str]]]:
    """Return (every state the claims name, the pairs of their trade claims)."""
    named: set[str] = set()
    trading: set[tuple[str, str]] = set()
    for claim in claims:
        p = claim.params
        named |= {s for s in (p.get("a"), p.get("b")) if s} | set(p.get("members") or ())
        if claim.kind == "trade_about":
            trading.add((p["a"], p["b"]))
    return named, trading


def check_claim(claim: Claim, tables: Mapping[str, pl.DataFrame] | None = None) -> Verdict:
    """Check one claim against the processed tables; return its :class:`Verdict`.

    ``tables`` maps table names to frames (:data:`analysis.claims.data.TABLES`, e.g. a
    test's build); ``None`` reads the processed Parquet files, only the rows and columns the
    check needs. For many claims prefer :func:`check_file`, which reads the data once.
    """
    named, trading = _states([claim])
    data = ClaimData(tables, named)
    data.trade_pairs(trading)
    return check_one(Checker(data, [claim]), claim)


def check_file(path: str | Path, tables: Mapping[str, pl.DataFrame] | None = None) -> Report:
    """Load the claims file at ``path``, check every claim and the claims' consistency.

    ``tables`` maps table names to frames; ``None`` (the default) scans the processed
    Parquet files lazily (:class:`analysis.claims.data.ClaimData`: the vote rows of the
    states the claims name and the trade of the pairs its trade claims name, in one scan each), raising
    ``FileNotFoundError`` saying how to build them. Returns a :class:`Report`; raises
    :class:`ClaimFormatError` for a bad file.
    """
    data = ClaimData(tables)
    parsed = read_claims_file(path, data["countries"])
    named, trading = _states(parsed.claims)
    data.prefetch(named)
    data.trade_pairs(trading)
    checker = Checker(data, parsed.claims)
    verdicts = [check_one(checker, c) for c in parsed.claims]
    return Report(path=parsed.path, citation=parsed.citation, notes=parsed.notes, verdicts=verdicts,
                  inconsistencies=inconsistencies(parsed.claims), coverage=checker.cov)
