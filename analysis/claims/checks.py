"""The checks: a verdict for every claim, read from the processed data.

An analyst writes the checkable statements of a story in a small TOML file
(``claims/*.toml``, format in ``claims/README.md``, validated by ``analysis.claims.model``),
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

Rules for votes (the module's decisions, also in ``claims/README.md``):

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
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.consistency import _usd, _years, inconsistencies
from analysis.claims.data import ClaimData, Coverage
from analysis.claims.model import Claim, read_claims_file
from analysis.core import registry
from analysis.core.vocab import BODY_NAMES, CAST_VOTES, LISTING_BODIES, UN_GROUPS
from analysis.measures.memberships import member_status, member_years, spans
from analysis.measures.reported import nearest, secondary_summary
from analysis.measures.resolutions import with_votes
from analysis.measures.tallies import format_tally
from analysis.measures.trade import dyad_trade, pair_figures_used
from analysis.measures.trade_sources import compare as compare_sources

#: what a vote check says of a state whose vote the roll call's source does not give (the veto list)
UNKNOWN_VOTE = "unknown (the source gives only the vetoing members' votes)"

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
NOT_CHECKABLE = "not checkable"
VERDICTS: tuple[str, ...] = (SUPPORTED, CONTRADICTED, NOT_CHECKABLE)



# --------------------------------------------------------------------------
# Coverage, computed from the data
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------


@dataclass
class Verdict:
    """The verdict on one claim.

    ``verdict`` is one of :data:`VERDICTS`; ``reason`` says why, in detail;
    ``needed`` (not checkable only) says what data would be needed; ``rows`` is a polars
    frame with the rows the verdict rests on (or, when not checkable, the nearest data
    as context); ``plain`` is one sentence a reader understands without knowing the data
    (:mod:`analysis.claims.sentences`, e.g. "Pakistan was not a member of the Human Rights
    Council in 2025, so it cast no vote on A/HRC/RES/58/21.").
    """

    claim: Claim
    verdict: str
    reason: str
    rows: pl.DataFrame = field(default_factory=pl.DataFrame)
    needed: str | None = None
    plain: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the verdict as plain Python (rows as a list of dicts), e.g. for a notebook."""
        return {
            "id": self.claim.id, "kind": self.claim.kind, "statement": self.claim.statement,
            "source": self.claim.source, "verdict": self.verdict, "reason": self.reason,
            "needed": self.needed, "plain": self.plain, "rows": self.rows.to_dicts(),
        }


@dataclass
class Report:
    """The result of :func:`check_file`: one :class:`Verdict` per claim, in file order.

    Also the file's path, citation and notes, the internal inconsistencies found by
    :func:`inconsistencies`, and the data's :class:`Coverage`.
    """

    path: Path
    citation: str | None
    notes: list[str]
    verdicts: list[Verdict]
    inconsistencies: list[str]
    coverage: Coverage

    def counts(self) -> dict[str, int]:
        """Return the number of claims per verdict (all three keys present)."""
        return {v: sum(x.verdict == v for x in self.verdicts) for v in VERDICTS}

    def by_id(self) -> dict[str, Verdict]:
        """Return the verdicts keyed by claim id."""
        return {v.claim.id: v for v in self.verdicts}

    def to_frame(self) -> pl.DataFrame:
        """Return one row per claim: id, kind, statement, verdict, reason, needed."""
        return pl.DataFrame(
            [{k: d[k] for k in ("id", "kind", "statement", "verdict", "reason", "needed")}
             for d in (v.to_dict() for v in self.verdicts)],
            schema={k: pl.String for k in ("id", "kind", "statement", "verdict", "reason", "needed")},
        )


def _where_from(body: str) -> str:
    """Where later votes of ``body`` come from, read from the registry: every declared dataset that
    brings the body's votes, with its command, e.g. " from UN Digital Library voting records
    (`python -m analysis fetch votes --body GA`)"; "" when none is declared."""
    ways = [f"{d.short} (`{d.fetch.format(body=body)}`)" for d in registry.load().values()
            if d.fetch and body in d.bodies]
    return f" from {' or '.join(ways)}" if ways else ", added to data/raw"


class _Checker:
    """Data shared by the checks of one file: its :class:`ClaimData`, the coverage and the state names."""

    def __init__(self, data: ClaimData) -> None:
        self.data = data
        self.cov = data.coverage
        countries = data["countries"]
        self.names = dict(zip(countries["iso3"], countries["name"], strict=True))
        self.members = data["memberships"]

    # ---- helpers --------------------------------------------------------

    def nonmember(self, body: str, iso3: str, year: int) -> bool:
        """True when the ``memberships`` table says ``iso3`` was not a member of ``body`` in ``year``.

        Only bodies that list their members (HRC, CHR) have such a table; elsewhere, and in a
        year the table does not cover, the answer is False (not known to be a non-member).
        """
        return body in LISTING_BODIES and member_status(self.members, body, iso3, year) is False

    def naming(self, a: str, b: str, body: str, start: int | None, end: int | None,
               doc_type: str | None, session: int | None = None, date: dt.date | None = None,
               symbol: str | None = None) -> pl.DataFrame:
        """Roll calls of ``body`` naming ``b`` with A's status, plus ``year`` and ``session``.

        ``date`` keeps the roll calls of that day, ``symbol`` those of that symbol (or draft symbol).
        """
        rc = self.data.named(b).filter(pl.col("body") == body)
        if doc_type is not None:
            rc = rc.filter(pl.col("doc_type") == doc_type)
        if session is not None:
            rc = rc.filter(pl.col("session") == session)
        if date is not None:
            rc = rc.filter(pl.col("date") == date)
        if symbol is not None:
            rc = rc.filter((pl.col("symbol") == symbol) | (pl.col("draft_symbol") == symbol))
        if start is not None:
            rc = rc.filter(pl.col("year") >= start)
        if end is not None:
            rc = rc.filter(pl.col("year") <= end)
        counted = "counted_yes" in rc.columns and rc["counted_yes"].null_count() == 0
        if "lists_members" in rc.columns and "n_listed" in rc.columns:  # a partial list: a missing vote is unknown
            rc = rc.with_columns(pl.when(pl.col("lists_members").not_().fill_null(False)).then(0)
                                 .otherwise(pl.col("n_listed")).alias("n_listed"))
        rows = with_votes(rc, self.data.state_votes(a), self.data.state_votes(b),
                          None if counted else self.data.votes_on(rc))
        return rows.with_columns(pl.col("date").dt.year().cast(pl.Int32).alias("year"))

    def uncovered_need(self, body: str, years: Sequence[int]) -> str:
        """Say which votes are missing for ``years`` of ``body`` and what would be needed."""
        first, last = self.cov.votes[body]
        years = sorted(set(years))
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
        if years[-1] < first.year:
            return f"{body} votes before {first} are not in the data ({self.cov.describe(body)})"
        return (f"{body} votes after {last:%B %Y} are not in the shipped data ({self.cov.describe(body)}); "
                f"needed: {BODY_NAMES.get(body, body)} recorded votes for {span}{_where_from(body)}, "
                f"then `python -m analysis build`")

    def veto_sentence(self, r: Mapping[str, Any]) -> str:
        """E.g. "S/2019/756 was vetoed by Russia and China on 2019-09-19" for a vetoed roll call's row."""
        label = r["symbol"] or r["draft_symbol"] or f"the draft \"{r['title']}\""
        who = " and ".join(sorted(self.names.get(c, c) for c in (r["vetoed_by"] or "").split(",") if c))
        who = who or "a permanent member (not named)"
        where = " (Security Council veto list)" if r.get("source") == "unsc-vetoes" else ""
        return f"{label} was vetoed by {who} on {r['date']}{where}"

    # ---- one check per kind ---------------------------------------------

    def check(self, claim: Claim) -> Verdict:
        """Return the :class:`Verdict` on ``claim``."""
        method = getattr(self, f"_check_{claim.kind}")
        return method(claim)

    def _naming_verdict(self, claim: Claim, a: str) -> tuple[str, str, str | None, pl.DataFrame, say.NamingFacts]:
        """Evaluate "A voted V on every / at least one roll call naming B" for state ``a``.

        Returns the verdict, the reason, the data needed, the rows and the facts for the plain sentence.
        """
        p = claim.params
        body, b, vote = p["body"], p["b"], p["vote"]
        quantifier = p.get("quantifier", "every")
        start, end, session = p.get("from"), p.get("to"), p.get("session")
        day, symbol = p.get("date"), p.get("symbol")
        if day is not None and start is None:  # anchored to one day: its year is the claim's year
            start = end = day.year
        rows = self.naming(a, b, body, start, end, p["doc_type"], session, day, symbol)
        facts = say.NamingFacts(a=a, b=b, body=body, vote=vote, doc_type=p["doc_type"], quantifier=quantifier,
                                start=start, end=end, session=session, on=day, symbol=symbol,
                                votes=list(rows.select("symbol", "date", "vote_a").iter_rows()),
                                last=self.cov.votes[body][1])
        where = f"{body} {p['doc_type']}s naming {b}"
        if symbol is not None:
            where += f" of symbol {symbol}"
        if day is not None:
            where += f" on {day}"
        if session is not None:
            where += f" at session {session}"
        if start is not None and day is None:
            where += f" in {start}" if start == end else f" in {start}-{end}"
        if symbol is not None and rows.height == 0:
            recorded = self.data["roll_calls"].filter(
                (pl.col("body") == body) & ((pl.col("symbol") == symbol) | (pl.col("draft_symbol") == symbol)))
            if recorded.height == 0:
                facts.unknown_symbol = True
                return (NOT_CHECKABLE, f"No recorded vote on {symbol} in the {body} data ({self.cov.describe(body)}): "
                        f"it may have been adopted without a vote, be outside the coverage, or be spelled "
                        f"differently.", f"a recorded vote on {symbol} ({body} voting records)",
                        rows.select("date", "body", "symbol", "doc_type", "yes", "no", "abstain",
                                    pl.col("vote_a").alias(f"vote_{a}")), facts)

        pending: list[int] = []
        notes: list[str] = []
        if session is not None:
            in_session = self.data["roll_calls"].filter((pl.col("body") == body) & (pl.col("session") == session))
            if in_session.height == 0:
                last = self.data["roll_calls"].filter(pl.col("body") == body)["session"].max()
                pending = [start or self.cov.votes[body][1].year + 1]
                notes.append(f"session {session} has no recorded vote in the data (last {body} session: {last})")
            else:
                lo, hi = in_session["date"].min(), in_session["date"].max()
                notes.append(f"Session {session}'s recorded votes in the data: {in_session.height}, {lo} to {hi}")
                if hi == self.cov.votes[body][1]:
                    notes.append(f"it is the last session in the data (votes end {hi})")
                years_in = sorted(set(in_session["year"].to_list()))
                if start is not None and not set(years_in) & set(range(start, end + 1)):
                    notes.append(f"the session met in {', '.join(map(str, years_in))}, not in the claimed years")
                if all(self.nonmember(body, a, y) for y in years_in):
                    facts.nonmember = years_in
                    notes.append(f"{a} was not a member of the {body} in {', '.join(map(str, years_in))}")
        if start is not None:
            outside = [y for y in range(start, end + 1) if self.nonmember(body, a, y)]
            facts.nonmember = sorted(set(facts.nonmember) | set(outside))
            if outside:
                notes.append(f"{a} is listed on none of the {body}'s recorded votes in {_years(outside)}: not a "
                             f"member {'that year' if len(outside) == 1 else 'in those years'}")
            for year in range(start, end + 1):
                state = self.cov.year_state(body, year)
                nonmember = year in outside
                if state in ("before", "after"):
                    pending.append(year)
                elif state == "partial":
                    if rows.filter(pl.col("year") == year).height == 0 and not nonmember:
                        pending.append(year)
                    else:
                        notes.append(f"{year} is covered only to {self.cov.votes[body][1]}")

        cast = rows.filter(pl.col("vote_a").is_in(list(CAST_VOTES)))
        right = cast.filter(pl.col("vote_a") == vote)
        wrong = cast.filter(pl.col("vote_a") != vote)
        silent = rows.filter(~pl.col("vote_a").is_in(list(CAST_VOTES)))
        shown = rows.select("date", "body", "symbol", "doc_type", "yes", "no", "abstain",
                            pl.col("vote_a").alias(f"vote_{a}"))
        summary = self._summary(rows, a, where)
        extra = ("; ".join(dict.fromkeys(notes)) + ".") if notes else ""
        need = self.uncovered_need(body, pending) if pending else None
        last = self.cov.votes[body][1]
        facts.pending = sorted(set(pending))
        gap = ", ".join(f"{y} after {last}" if self.cov.year_state(body, y) == "partial" else str(y)
                        for y in sorted(set(pending)))

        if rows.height == 0 and not pending:
            return (CONTRADICTED, f"{summary} There was no such roll call for {a} to vote {vote} on. {extra}".strip(),
                    None, shown if session is None else self._session_rows(body, session), facts)
        if quantifier == "every":
            if wrong.height:
                return (CONTRADICTED, f"{summary} The claim says {a} voted {vote} on every one; it cast "
                        f"{self._list_votes(wrong)}. {extra}".strip(), None, shown, facts)
            if pending:
                covered = "The covered part does not contradict the claim, but " if rows.height else ""
                return (NOT_CHECKABLE, f"{summary} {covered}{gap} is not covered. {extra}".strip(), need, shown, facts)
            if right.height == 0:
                return (CONTRADICTED, f"{summary} {a} cast no vote on any of them, so it did not vote {vote}. "
                        f"{extra}".strip(), None, shown, facts)
            tail = f" It cast no vote on {silent.height} ({self._list_votes(silent)})." if silent.height else ""
            return (SUPPORTED, f"{summary} {a} voted {vote} on all {right.height} on which it voted.{tail} "
                    f"{extra}".strip(), None, shown, facts)
        if right.height:
            return (SUPPORTED, f"{summary} {a} voted {vote} on {right.height} of them "
                    f"({', '.join(right['symbol'].fill_null('?').to_list())}). {extra}".strip(), None, shown, facts)
        if pending and rows.height == 0:
            return (NOT_CHECKABLE, f"{summary} {gap} is not covered. {extra}".strip(), need, shown, facts)
        if pending:
            return (NOT_CHECKABLE, f"{summary} {a} did not vote {vote} in the covered part; {gap} is not covered. "
                    f"{extra}".strip(), need, shown, facts)
        return (CONTRADICTED, f"{summary} {a} voted {vote} on none of them. {extra}".strip(), None, shown, facts)

    def _session_rows(self, body: str, session: int) -> pl.DataFrame:
        """The roll calls of ``session`` (date, symbol, doc_type, title): the evidence that none names B."""
        rc = self.data["roll_calls"].filter((pl.col("body") == body) & (pl.col("session") == session))
        return rc.select("date", pl.col("body").cast(pl.String), "session", "symbol", "doc_type", "title").sort(
            "date", "symbol")

    def _summary(self, rows: pl.DataFrame, a: str, where: str) -> str:
        if rows.height == 0:
            return f"The data hold no roll call among the {where} (titles naming the state)."
        counts = rows.group_by("vote_a").len().sort("vote_a")
        parts = ", ".join(f"{r['vote_a']} {r['len']}" for r in counts.iter_rows(named=True))
        return f"{rows.height} roll call(s) among the {where}; {a}: {parts}."

    @staticmethod
    def _list_votes(rows: pl.DataFrame, limit: int = 6) -> str:
        items = [f"{r['vote_a']} on {r['symbol'] or '(no symbol)'} ({r['date']})"
                 for r in rows.head(limit).iter_rows(named=True)]
        more = f" and {rows.height - limit} more" if rows.height > limit else ""
        return "; ".join(items) + more

    def _check_votes_on_naming(self, claim: Claim) -> Verdict:
        verdict, reason, need, rows, facts = self._naming_verdict(claim, claim["a"])
        return Verdict(claim, verdict, reason, rows, need, say.naming(verdict, facts, self.names))

    def _check_bloc_vote(self, claim: Claim) -> Verdict:
        results = {m: self._naming_verdict(claim, m) for m in claim["members"]}
        frames = [r[3] for r in results.values()]
        plain = {m: (r[0], r[4]) for m, r in results.items()}
        shown = frames[0]
        for rows in frames[1:]:
            shown = shown.join(rows.select("date", "symbol", "doc_type", rows.columns[-1]),
                               on=["date", "symbol", "doc_type"], how="full", coalesce=True, nulls_equal=True)
        verdicts = {m: r[0] for m, r in results.items()}
        lines = " ".join(f"[{m}: {r[0]}] {r[1]}" for m, r in results.items())
        tally = "; ".join(
            f"{r['symbol'] or '?'} ({r['date']}): yes {r['yes']}, no {r['no']}, abstain {r['abstain']}"
            f" ({'more yes than no: the no votes did not block it' if r['yes'] > r['no'] else 'not more yes than no'})"
            for r in shown.iter_rows(named=True))
        tally = f" Tally: {tally}." if tally else ""
        if CONTRADICTED in verdicts.values():
            bad = [m for m, v in verdicts.items() if v == CONTRADICTED]
            return Verdict(claim, CONTRADICTED, f"Not every member voted {claim['vote']}: {', '.join(bad)}.{tally} "
                           f"{lines}", shown, plain=say.bloc(CONTRADICTED, plain, self.names))
        if NOT_CHECKABLE in verdicts.values():
            need = next(r[2] for r in results.values() if r[0] == NOT_CHECKABLE)
            return Verdict(claim, NOT_CHECKABLE, f"{lines}{tally}", shown, need,
                           say.bloc(NOT_CHECKABLE, plain, self.names))
        return Verdict(claim, SUPPORTED, f"Every member voted {claim['vote']}.{tally} {lines}", shown,
                       plain=say.bloc(SUPPORTED, plain, self.names))

    def _check_vote_on(self, claim: Claim) -> Verdict:
        p = claim.params
        a, body, symbol, vote, doc_type = p["a"], p["body"], p["symbol"], p["vote"], p["doc_type"]
        rc = self.data["roll_calls"].filter((pl.col("body") == body)
                                            & ((pl.col("symbol") == symbol) | (pl.col("draft_symbol") == symbol)))
        if rc.height == 0:
            return Verdict(claim, NOT_CHECKABLE,
                           f"No recorded vote on {symbol} in the {body} data ({self.cov.describe(body)}): it may "
                           f"have been adopted without a vote, be outside the coverage, or be spelled differently.",
                           needed=f"a recorded vote on {symbol} ({body} voting records)",
                           plain=say.vote_on(NOT_CHECKABLE, a=a, symbol=symbol, vote=vote, doc_type=doc_type,
                                             names=self.names, body=body))
        own = self.data.state_votes(a).filter(pl.col("body") == body).select(
            "body", "rcid", pl.col("vote").cast(pl.String).alias("own"))
        fallback = "not a member" if body in LISTING_BODIES else "not recorded"
        rows = (
            rc.join(own, on=["body", "rcid"], how="left")
            .with_columns(
                pl.when(pl.col("own").is_null() & (pl.col("lists_members").not_().fill_null(False)
                                                   if "lists_members" in rc.columns else pl.lit(False)))
                .then(pl.lit(UNKNOWN_VOTE))
                .when(pl.col("own").is_null()).then(pl.lit(fallback))
                .when(pl.col("own") == "not_member").then(pl.lit("not a member"))
                .otherwise(pl.col("own")).alias(f"vote_{a}"),
                (pl.col("doc_type") == doc_type).alias("counts"),
            )
            .sort("date", "rcid")
        )
        partial = pl.col("lists_members").not_().fill_null(False) if "lists_members" in rc.columns else pl.lit(False)
        tally = rc.select("body", "rcid", *[pl.when(~partial).then(pl.col(f"counted_{v}")).alias(v)
                                            for v in ("yes", "no", "abstain")])  # a partial list counts nothing
        rows = rows.join(tally, on=["body", "rcid"], how="left").select(
            "date", pl.col("body").cast(pl.String), pl.coalesce("symbol", "draft_symbol").alias("symbol"), "doc_type",
            "yes", "no", "abstain", f"vote_{a}",
            "counts").sort("date", "doc_type")
        used = rows.filter(pl.col("counts"))
        others = rows.filter(~pl.col("counts"))
        also = (f" Other roll calls on {symbol} (not counted): "
                + "; ".join(f"{r['doc_type']}: {r[f'vote_{a}']}" for r in others.iter_rows(named=True)) + ".") \
            if others.height else ""
        if used.height == 0:
            kinds = ", ".join(sorted(set(rows["doc_type"].to_list())))
            return Verdict(claim, NOT_CHECKABLE, f"{symbol} has recorded votes in the {body} data, but none of "
                           f"doc_type {doc_type} (there are: {kinds}).{also}", rows,
                           f"a recorded {doc_type} vote on {symbol}, or set doc_type to one of: {kinds}",
                           say.vote_on(NOT_CHECKABLE, a=a, symbol=symbol, vote=vote, doc_type=doc_type,
                                       names=self.names, body=body, kinds=sorted(set(rows["doc_type"].to_list()))))
        got = used[f"vote_{a}"].to_list()
        desc = ", ".join(got)

        def plain(verdict: str) -> str:
            return say.vote_on(verdict, a=a, symbol=symbol, vote=vote, doc_type=doc_type, names=self.names,
                               body=body, got=got, when=used["date"][0])
        vetoes = "".join(f" {self.veto_sentence(r)}." for r in rc.filter(pl.col("outcome") == "vetoed").sort(
            "date", "rcid").iter_rows(named=True))
        if all(g == vote for g in got):
            return Verdict(claim, SUPPORTED, f"{a}'s vote on {symbol} ({doc_type}, {used['date'][0]}): {desc}."
                           f"{vetoes}{also}", rows, plain=plain(SUPPORTED))
        if UNKNOWN_VOTE in got:
            return Verdict(claim, NOT_CHECKABLE, f"{a}'s vote on {symbol} ({doc_type}, {used['date'][0]}): {desc}."
                           f"{vetoes}{also}", rows, f"the record of the vote on {symbol} listing every member's vote "
                           f"(e.g. the meeting record)", plain(NOT_CHECKABLE))
        not_cast = [g for g in got if g not in CAST_VOTES]
        why = f" ({a} cast no vote: {', '.join(not_cast)})" if not_cast and len(not_cast) == len(got) else ""
        return Verdict(claim, CONTRADICTED, f"{a}'s vote on {symbol} ({doc_type}, {used['date'][0]}) was {desc}, "
                       f"not {vote}{why}.{vetoes}{also}", rows, plain=plain(CONTRADICTED))

    def _check_trade_about(self, claim: Claim) -> Verdict:
        p = claim.params
        a, b, year, claimed, tol, direction = p["a"], p["b"], p["year"], p["value_usd"], p["tolerance"], p["direction"]
        label = {"total": f"total {a}-{b} trade", "a_to_b": f"goods from {a} to {b}",
                 "b_to_a": f"goods from {b} to {a}"}[direction]
        pair = self.data.pair_trade(a, b)
        used = pair_figures_used(pair, a, b)
        column = {"total": "total_usd", "a_to_b": "a_to_b_usd", "b_to_a": "b_to_a_usd"}[direction]
        have = used.filter(pl.col(column).is_not_null())
        in_year = have.filter(pl.col("year") == year)
        if in_year.height == 0:
            return self._trade_not_checkable(claim, a, b, year, claimed, direction, label, have, column)
        best = in_year.row(0, named=True)
        value = float(best[column])
        off = abs(claimed - value) / value if value else math.inf
        ok = off <= tol
        sides = (f"{a}->{b} {_usd(best['a_to_b_usd'])} ({best['a_to_b_side']}), "
                 f"{b}->{a} {_usd(best['b_to_a_usd'])} ({best['b_to_a_side']})")
        by_source = dyad_trade(pair.filter(pl.col("year") == year), a, b)
        dyad_column = {"total": "total_usd", "a_to_b": "a_to_b_value_used", "b_to_a": "b_to_a_value_used"}[direction]
        others = by_source.filter(pl.col(dyad_column).is_not_null())
        also = "; each source on its own: " + ", ".join(
            f"{r['source']} {_usd(r[dyad_column])}" for r in others.iter_rows(named=True)) if others.height else ""
        flagged = compare_sources(pair.filter(pl.col("year") == year)).filter(pl.col("flagged"))
        if direction != "total":
            exporter, importer = (a, b) if direction == "a_to_b" else (b, a)
            flagged = flagged.filter((pl.col("exporter") == exporter) & (pl.col("importer") == importer))
        disagree = ""
        if flagged.height:
            disagree = " COW and the IMF's DOTS disagree on this year (beyond 10% and US$1 million): " + "; ".join(
                f"{r['exporter']}->{r['importer']} COW {_usd(r['cow_usd'])} vs DOTS {_usd(r['dots_usd'])} "
                f"({r['dots_basis']})" for r in flagged.iter_rows(named=True)) + "; the verdict follows the rule."
        reason = (f"{label} in {year}, by the package's rule (each state's own report of its imports first): "
                  f"{_usd(value)} [{sides}]{also}.{disagree} Claimed {_usd(claimed)}: {off:.1%} off the data, "
                  f"{'within' if ok else 'outside'} the {tol:.0%} tolerance.")
        shown = pl.concat([in_year.select(
            pl.lit("figure used").alias("source"), "year", "a_to_b_usd", "a_to_b_side", "b_to_a_usd", "b_to_a_side",
            "total_usd"), by_source.select(
            "source", "year", pl.col("a_to_b_value_used").alias("a_to_b_usd"), pl.col("a_to_b_used_side")
            .alias("a_to_b_side"), pl.col("b_to_a_value_used").alias("b_to_a_usd"),
            pl.col("b_to_a_used_side").alias("b_to_a_side"), "total_usd")], how="vertical_relaxed")
        verdict = SUPPORTED if ok else CONTRADICTED
        return Verdict(claim, verdict, reason, shown, plain=say.trade(
            verdict, a=a, b=b, year=year, claimed=claimed, names=self.names, direction=direction, value=value,
            tolerance=tol))

    def _trade_not_checkable(self, claim: Claim, a: str, b: str, year: int, claimed: float, direction: str,
                             label: str, have: pl.DataFrame, column: str) -> Verdict:
        """No primary figure for the year: the nearest primary figure, then the press figures by whose books."""
        shipped = ", ".join(f"{s} {lo}-{hi}" for s, (lo, hi) in sorted(self.cov.trade.items()))
        last_year = int(have["year"].max()) if have.height else None
        latest_value = None
        context = ""
        if last_year is not None:
            latest = have.filter(pl.col("year") == last_year).row(0, named=True)
            latest_value = latest[column]
            context = (f" The latest primary figure is {last_year}: {_usd(latest[column])} "
                       f"({_pct(claimed, latest[column])} from the claimed {_usd(claimed)}; "
                       f"{a}->{b} {latest['a_to_b_side'] or 'none'}, {b}->{a} {latest['b_to_a_side'] or 'none'}).")
        reason = (f"No primary {a}-{b} trade figure for {year} (trade data: {shipped}; {a}-{b} has figures to "
                  f"{last_year}).{context}")
        reported = self.data["reported_figures"] if self.data.has("reported_figures") else None
        rows = pl.DataFrame()
        if reported is not None:
            near = nearest(reported, a, b, year, direction)
            if near.height:
                reason += " " + secondary_summary(near, a, b, claimed, direction, self.names)
                rows = near.select("statistics_of", "label", "measure", "period", "basis", "value_text", "value_usd",
                                   "reported_by", "outlet", "url", "published")
        start = last_year + 1 if last_year is not None and last_year < year else year
        ways = [f"`{d.fetch.format(a=a, b=b, start=start, end=year)}` ({d.short})"
                for d in registry.load().values() if d.fetch and d.coverage and d.coverage.table == "trade"]
        need = f"primary figures for {year}: {' or '.join(ways)} (needs internet), then `make data`"
        return Verdict(claim, NOT_CHECKABLE, reason, rows, need, say.trade(
            NOT_CHECKABLE, a=a, b=b, year=year, claimed=claimed, names=self.names, direction=direction,
            last_year=last_year if latest_value is not None else None, latest=latest_value))

    def _check_agreement_change(self, claim: Claim) -> Verdict:
        p = claim.params
        a, b, body, start, end, measure = p["a"], p["b"], p["body"], p["from"], p["to"], p["measure"]
        pending = [y for y in (start, end) if self.cov.year_state(body, y) in ("before", "after")]

        def plain(verdict: str, **facts: Any) -> str:
            return say.agreement(verdict, a=a, b=b, body=body, measure=measure, start=start, end=end,
                                 names=self.names, direction=p["direction"], last=self.cov.votes[body][1], **facts)

        if pending:
            return Verdict(claim, NOT_CHECKABLE, f"{', '.join(map(str, pending))} is outside the {body} data.",
                           needed=self.uncovered_need(body, pending), plain=plain(NOT_CHECKABLE, outside=pending))
        from analysis.measures.alignment import dyad_alignment  # numpy: imported only for this kind

        try:
            table = dyad_alignment(self.data.pair_votes(a, b), self.data["roll_calls"], a, b, body=body,
                                   issue=p["issue"], start_year=start, end_year=end)
        except ValueError as exc:
            return Verdict(claim, NOT_CHECKABLE, f"No alignment for {a}-{b}: {exc}.",
                           needed=f"recorded votes of both {a} and {b}",
                           plain=plain(NOT_CHECKABLE, missing={y: [] for y in (start, end)}))
        rows = table.filter(pl.col("year").is_in([start, end]))
        found = {int(r["year"]): r for r in rows.iter_rows(named=True)}
        partial = [y for y in (start, end) if self.cov.year_state(body, y) == "partial"]
        caveat = (f" {', '.join(map(str, partial))} is covered only to {self.cov.votes[body][1]}, so its value "
                  f"rests on the votes so far.") if partial else ""
        missing = [y for y in (start, end) if y not in found]
        if missing:
            why = []
            absent_in: dict[int, list[str]] = {}
            for y in missing:
                absent = absent_in[y] = [s for s in (a, b) if self.nonmember(body, s, y)]
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

    def _check_consecutive_years(self, claim: Claim) -> Verdict:
        p = claim.params
        a, b, body, vote, n, ending = p["a"], p["b"], p["body"], p["vote"], p["years"], p["ending"]
        window = list(range(ending - n + 1, ending + 1))
        years = ([ending - n] if p["exact"] else []) + window
        rows = self.naming(a, b, body, min(years), max(years), p["doc_type"])
        table = []
        codes: dict[int, str] = {}  # each year's status for the plain sentence (say.run)
        for year in years:
            state = self.cov.year_state(body, year)
            yr = rows.filter(pl.col("year") == year)
            cast = [v for v in yr["vote_a"].to_list() if v in CAST_VOTES]
            statuses = ", ".join(f"{k} {c}" for k, c in sorted(_count(yr["vote_a"].to_list()).items()))
            cover = {"covered": "covered", "partial": f"to {self.cov.votes[body][1]}"}.get(state, "not covered")
            if state in ("before", "after"):
                status = codes[year] = "not covered"
            elif yr.height == 0:
                if state == "partial" and not self.nonmember(body, a, year):
                    status = codes[year] = "not covered"
                elif self.nonmember(body, a, year):
                    status = f"breaks: no roll call whose title names {b}, and {a} not a member of the {body}"
                    codes[year] = "no roll call, not a member"
                else:
                    status = f"breaks: no roll call whose title names {b}"
                    codes[year] = "no roll call"
            elif any(c != vote for c in cast):
                codes[year] = ", ".join(sorted({c for c in cast if c != vote}))
                status = f"breaks: voted {codes[year]}"
            elif not cast:
                silent = sorted(set(yr["vote_a"].to_list()))
                status = f"breaks: did not vote ({', '.join(silent)})"
                codes[year] = silent[0] if len(silent) == 1 else "absent"
            else:
                status = codes[year] = "ok"
            table.append({"year": year, "coverage": cover, "roll_calls": yr.height,
                          "symbols": ", ".join(s or "?" for s in yr["symbol"].to_list()),
                          f"vote_{a}": statuses, "status": status, "in_run": year in window})
        frame = pl.DataFrame(table, schema={"year": pl.Int32, "coverage": pl.String, "roll_calls": pl.Int64,
                                            "symbols": pl.String, f"vote_{a}": pl.String, "status": pl.String,
                                            "in_run": pl.Boolean})
        run = frame.filter(pl.col("in_run"))
        broken = run.filter(pl.col("status").str.starts_with("breaks"))
        unknown = run.filter(pl.col("status") == "not covered")
        span = f"{window[0]}-{window[-1]}" if n > 1 else f"{window[0]}"
        ask = f"{_ordinal(n)} consecutive year ending {ending} needs {a} to have voted {vote} in the {body} on " \
              f"roll calls naming {b} in each of {span}"

        def plain(verdict: str) -> str:
            return say.run(verdict, a=a, b=b, body=body, vote=vote, years=n, ending=ending, names=self.names,
                           status=codes, exact=p["exact"], last=self.cov.votes[body][1])

        if broken.height:
            why = "; ".join(f"{r['year']}: {r['status'][len('breaks: '):]}" for r in broken.iter_rows(named=True))
            hint = (" A year is found only through titles naming the state; a generic title (e.g. some unvotes "
                    "records: 'Human rights situations and reports of special rapporteurs') hides a resolution, so "
                    "check that year's roll calls." if "title" in why else "")
            return Verdict(claim, CONTRADICTED, f"A {ask}; the run breaks in {why}.{hint}", frame,
                           plain=plain(CONTRADICTED))
        if unknown.height:
            yrs = unknown["year"].to_list()
            return Verdict(claim, NOT_CHECKABLE, f"A {ask}; {', '.join(map(str, yrs))} not covered (the covered years "
                           f"are consistent with it).", frame, self.uncovered_need(body, yrs), plain(NOT_CHECKABLE))
        if p["exact"]:
            before = frame.filter(~pl.col("in_run")).row(0, named=True)
            if before["status"] == "ok":
                return Verdict(claim, CONTRADICTED, f"A {ask}, and not in {ending - n}; but {a} also voted {vote} in "
                               f"{ending - n}, so the run is longer than {n} years.", frame,
                               plain=plain(CONTRADICTED))
            if before["status"] == "not covered":
                return Verdict(claim, NOT_CHECKABLE, f"The {n} years hold, but {ending - n} is not covered, so "
                               f"whether the run is exactly {n} years is not known.", frame,
                               self.uncovered_need(body, [ending - n]), plain(NOT_CHECKABLE))
        return Verdict(claim, SUPPORTED, f"A {ask}; every one of them holds.", frame, plain=plain(SUPPORTED))

    # ---- roll calls, membership and sessions (issue 10) ------------------

    def _tally_rows(self, rc: pl.DataFrame) -> pl.DataFrame:
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

    def _check_tally(self, claim: Claim) -> Verdict:
        p = claim.params
        body = p["body"]
        claimed = format_tally(p["yes"], p["no"], p["abstain"])

        def plain(verdict: str, found: Sequence[Mapping[str, Any]] = (), **facts: Any) -> str:
            return say.tally(verdict, claimed=(p["yes"], p["no"], p["abstain"]), outcome=p["outcome"], body=body,
                             names=self.names, found=[say.TallyFound(
                                 symbol=r["symbol"] or r["draft_symbol"] or f"the draft \"{r['title']}\"",
                                 date=r["date"], outcome=r["outcome"],
                                 official=(r["official_yes"], r["official_no"], r["official_abstain"]),
                                 vetoed_by=[c for c in (r.get("vetoed_by") or "").split(",") if c])
                                 for r in found], **facts)

        rc = self.data["roll_calls"].filter(pl.col("body") == body)
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
            rc = rc.join(self.data.named(p["b"]).select("body", "rcid"), on=["body", "rcid"], how="semi")
            where.append(f"naming {p['b']}")
        what = f"{body} {'recorded vote' if p['symbol'] else p['doc_type']} {' '.join(where)}".strip()
        if rc.height == 0:
            years = ([p["date"].year] if p["date"] else list(range(p["from"], p["to"] + 1)) if p["from"] else [])
            outside = [y for y in years if self.cov.year_state(body, y) in ("before", "after")]
            without = self.data["resolutions_without_roll_call"].filter(pl.col("body") == body)
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
                               f"{self.cov.describe(body)}.", needed=self.uncovered_need(body, outside),
                               plain=plain(NOT_CHECKABLE, case="not found"))
            return Verdict(claim, NOT_CHECKABLE, f"No {what} in the data ({self.cov.describe(body)}): it may have "
                           f"been adopted without a vote, or be found under another symbol or date.",
                           needed=f"the record of the vote ({what})", plain=plain(NOT_CHECKABLE, case="not found"))
        rows = self._tally_rows(rc)

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
                return f"{self.veto_sentence(r)} (the source gives no tally, only who vetoed)"
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

    def member_years_text(self, body: str, iso3: str) -> str:
        """E.g. "PAK sat on the HRC in 2006–2011, 2013–2015 (data: 2006-06-19 to 2026-03-31)"."""
        years = member_years(self.members, body, iso3)
        first, last = self.cov.votes[body]
        when = spans(years) if years else "no year"
        return f"{iso3} sat on the {body} in {when} (membership read from recorded votes {first} to {last})"

    def _check_member(self, claim: Claim) -> Verdict:
        p = claim.params
        a, body, want = p["a"], p["body"], p["member"]
        status = {y: member_status(self.members, body, a, y) for y in range(p["from"], p["to"] + 1)}
        table = pl.DataFrame(
            {"year": list(status), "member": list(status.values()),
             "coverage": ["no recorded vote of the body in the data" if v is None else "recorded votes list members"
                          for v in status.values()]},
            schema={"year": pl.Int32, "member": pl.Boolean, "coverage": pl.String})
        said = "a member" if want else "not a member"
        span = f"{p['from']}" if p["from"] == p["to"] else f"{p['from']}-{p['to']}"
        context = self.member_years_text(body, a) + "."
        wrong = [y for y, v in status.items() if v is not None and v != want]
        unknown = [y for y, v in status.items() if v is None]

        def plain(verdict: str) -> str:
            return say.member(verdict, a=a, body=body, want=want, years=list(status), names=self.names, wrong=wrong,
                              unknown=unknown, member_years=member_years(self.members, body, a),
                              last=self.cov.votes[body][1])
        if wrong:
            return Verdict(claim, CONTRADICTED, f"The claim: {a} was {said} of the {body} in {span}. But in "
                           f"{_years(wrong)} it was {'not ' if want else ''}listed on the {body}'s recorded votes. "
                           f"{context}", table, plain=plain(CONTRADICTED))
        if unknown:
            return Verdict(claim, NOT_CHECKABLE, f"The claim: {a} was {said} of the {body} in {span}. "
                           f"{_years(unknown)}: the data hold no recorded vote of the {body}, so membership is not "
                           f"known there. {context}", table, self.uncovered_need(body, unknown), plain(NOT_CHECKABLE))
        return Verdict(claim, SUPPORTED, f"{a} was {said} of the {body} in every year of {span}. {context}", table,
                       plain=plain(SUPPORTED))

    def _check_composition(self, claim: Claim) -> Verdict:
        p = claim.params
        body, year, group, count = p["body"], p["year"], p["group"], p["count"]
        rc = self.data["roll_calls"].filter((pl.col("body") == body) & (pl.col("year") == year)
                                              & (pl.col("n_listed") > 0))
        if p["date"] is not None:
            rc = rc.filter(pl.col("date") == p["date"])
        who = f"members from the {UN_GROUPS[group]} group ({group})" if group else "members"
        when = f"on {p['date']}" if p["date"] else f"in {year}"

        def plain(verdict: str, seen: Sequence[int] = (), votes: int = 0) -> str:
            return say.composition(verdict, body=body, count=count, names=self.names, year=year, on=p["date"],
                                   group=group, seen=seen, votes=votes)

        if rc.height == 0:
            return Verdict(claim, NOT_CHECKABLE, f"No recorded vote of the {body} {when} lists its members in the "
                           f"data ({self.cov.describe(body)}).", needed=self.uncovered_need(body, [year]),
                           plain=plain(NOT_CHECKABLE))
        listed = (self.data.body_votes(body).filter(pl.col("vote") != "not_member")
                  .join(rc.select("body", "rcid"), on=["body", "rcid"], how="semi")
                  .join(self.data["countries"].select("iso3", "un_group"), on="iso3", how="left"))
        per = (listed.group_by("rcid").agg(
            pl.len().alias("listed"),
            ((pl.col("un_group") == group).sum() if group else pl.len()).alias("in_group"),
            pl.col("un_group").is_null().sum().alias("without_group"))
            .join(rc.select("rcid", "date", "symbol"), on="rcid").sort("date", "symbol")
            .select("date", "symbol", "listed", "in_group", "without_group"))
        counts = sorted(set(per["in_group"].to_list()))
        seen = f"{counts[0]}" if len(counts) == 1 else f"between {counts[0]} and {counts[-1]}"
        base = (f"The claim: {count} {who} {when}. The {per.height} recorded vote(s) of the {body} {when} list "
                f"{seen} {who}.")
        if per["without_group"].sum():
            base += f" {per['without_group'].max()} listed state(s) have no regional group in the data."
        if self.cov.year_state(body, year) == "partial":
            base += f" {year} is covered to {self.cov.votes[body][1]}."
        if count in counts:
            extra = "" if len(counts) == 1 else " The number changed during the year; the claim matches some votes."
            return Verdict(claim, SUPPORTED, base + extra, per, plain=plain(SUPPORTED, counts, per.height))
        return Verdict(claim, CONTRADICTED, base, per, plain=plain(CONTRADICTED, counts, per.height))

    def _check_session_end(self, claim: Claim) -> Verdict:
        p = claim.params
        body, end = p["body"], p["date"]
        rc = self.data["roll_calls"].filter(pl.col("body") == body)
        without = self.data["resolutions_without_roll_call"].filter(pl.col("body") == body)
        if p["session"] is not None:
            label = p["session"].strip()
            how = f"session {label}"
        else:
            hits = self.data.named(p["b"]).filter(
                (pl.col("body") == body) & pl.col("year").is_between(p["from"], p["to"])
                & pl.col("session_label").is_not_null())
            if hits.height == 0:
                span = f"{p['from']}" if p["from"] == p["to"] else f"{p['from']}-{p['to']}"
                pending = [y for y in range(p["from"], p["to"] + 1)
                           if self.cov.year_state(body, y) in ("before", "after")]
                return Verdict(claim, NOT_CHECKABLE, f"No recorded vote of the {body} naming {p['b']} in {span}, so "
                               f"the session is not identified.",
                               needed=self.uncovered_need(body, pending) if pending else "the session's name",
                               plain=say.session_end(NOT_CHECKABLE, body=body, end=end, names=self.names, b=p["b"],
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
                           plain=say.session_end(NOT_CHECKABLE, body=body, end=end, names=self.names, label=label))
        first, last = held["date"].min(), held["date"].max()

        def plain(verdict: str) -> str:
            later = held.filter(pl.col("date") > end).sort("date", "symbol").select("symbol", "date").rows()
            return say.session_end(verdict, body=body, end=end, names=self.names, label=label, last=last, later=later)
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


def _count(values: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def _ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    return words.get(n, f"{n}th")


def _pct(claimed: float, value: float) -> str:
    return f"{abs(claimed - value) / value:.1%} off" if value else "n/a"


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
    return _Checker(data).check(claim)


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
    checker = _Checker(data)
    verdicts = [checker.check(c) for c in parsed.claims]
    return Report(path=parsed.path, citation=parsed.citation, notes=parsed.notes, verdicts=verdicts,
                  inconsistencies=inconsistencies(parsed.claims), coverage=checker.cov)
