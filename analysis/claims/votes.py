"""The vote checks on roll calls naming a state: ``votes_on_naming``, ``bloc_vote`` and ``consecutive_years``
(``vote_on`` is in :mod:`analysis.claims.vote_on`).

Each takes the file's :class:`~analysis.claims.checker.Checker` and a claim and returns its
:class:`~analysis.claims.verdicts.Verdict`; the rules for votes are in :mod:`analysis.claims.checks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from analysis.claims import sentences as say
from analysis.claims.checker import Checker
from analysis.claims.consistency import _years
from analysis.claims.model import Claim
from analysis.claims.naming import NamingRequest, naming_batch
from analysis.claims.verdicts import CONTRADICTED, NOT_CHECKABLE, SUPPORTED, Verdict
from analysis.core.vocab import CAST_VOTES


def _naming_request(claim: Claim, a: str) -> NamingRequest:
    """The roll calls naming B that a vote claim asks about for state ``a`` (a member, for ``bloc_vote``)."""
    p = claim.params
    if claim.kind == "consecutive_years":
        n, ending = p["years"], p["ending"]
        return NamingRequest(a, p["b"], p["body"], ending - n + 1 - (1 if p["exact"] else 0), ending, p["doc_type"])
    start, end, day = p.get("from"), p.get("to"), p.get("date")
    if day is not None and start is None:  # anchored to one day: its year is the claim's year
        start = end = day.year
    return NamingRequest(a, p["b"], p["body"], start, end, p["doc_type"], p.get("session"), day, p.get("symbol"))


def _naming_requests(claim: Claim) -> list[NamingRequest]:
    """Every request of ``claim`` (none for a kind that reads no roll calls naming B)."""
    if claim.kind in ("votes_on_naming", "consecutive_years"):
        return [_naming_request(claim, claim["a"])]
    if claim.kind == "bloc_vote":
        return [_naming_request(claim, m) for m in claim["members"]]
    return []


def _naming_rows(ck: Checker, request: NamingRequest) -> pl.DataFrame:
    """The rows of ``request``: from the batch of every request of the checker's claims (made on first
    use, :func:`analysis.claims.naming.naming_batch`), else on their own (``Checker.naming``)."""
    if "naming" not in ck.batches:
        ck.batches["naming"] = naming_batch(ck.data, [r for c in ck.claims for r in _naming_requests(c)])
    rows = ck.batches["naming"].get(request)
    return rows if rows is not None else ck.naming(*request)


def naming_verdict(ck: Checker, claim: Claim, a: str) -> tuple[str, str, str | None, pl.DataFrame, say.NamingFacts]:
    """Evaluate "A voted V on every / at least one roll call naming B" for state ``a``.

    Returns the verdict, the reason, the data needed, the rows and the facts for the plain sentence.
    """
    p = claim.params
    body, b, vote = p["body"], p["b"], p["vote"]
    quantifier = p.get("quantifier", "every")
    request = _naming_request(claim, a)
    start, end, session, day, symbol = request.start, request.end, request.session, request.date, request.symbol
    rows = _naming_rows(ck, request)
    # (symbol, date, A's vote or status)
    votes = list(zip(rows["symbol"].to_list(), rows["date"].to_list(), rows["vote_a"].to_list(), strict=True))
    facts = say.NamingFacts(a=a, b=b, body=body, vote=vote, doc_type=p["doc_type"], quantifier=quantifier,
                            start=start, end=end, session=session, on=day, symbol=symbol, votes=list(votes),
                            last=ck.cov.votes[body][1])
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
        recorded = ck.data["roll_calls"].filter(
            (pl.col("body") == body) & ((pl.col("symbol") == symbol) | (pl.col("draft_symbol") == symbol)))
        if recorded.height == 0:
            facts.unknown_symbol = True
            return (NOT_CHECKABLE, f"No recorded vote on {symbol} in the {body} data ({ck.cov.describe(body)}): "
                    f"it may have been adopted without a vote, be outside the coverage, or be spelled "
                    f"differently.", f"a recorded vote on {symbol} ({body} voting records)",
                    _shown(rows, a), facts)

    pending: list[int] = []
    notes: list[str] = []
    if session is not None:
        in_session = ck.data["roll_calls"].filter((pl.col("body") == body) & (pl.col("session") == session))
        if in_session.height == 0:
            last = ck.data["roll_calls"].filter(pl.col("body") == body)["session"].max()
            pending = [start or ck.cov.votes[body][1].year + 1]
            notes.append(f"session {session} has no recorded vote in the data (last {body} session: {last})")
        else:
            lo, hi = in_session["date"].min(), in_session["date"].max()
            notes.append(f"Session {session}'s recorded votes in the data: {in_session.height}, {lo} to {hi}")
            if hi == ck.cov.votes[body][1]:
                notes.append(f"it is the last session in the data (votes end {hi})")
            years_in = sorted(set(in_session["year"].to_list()))
            if start is not None and not set(years_in) & set(range(start, end + 1)):
                notes.append(f"the session met in {', '.join(map(str, years_in))}, not in the claimed years")
            if all(ck.nonmember(body, a, y) for y in years_in):
                facts.nonmember = years_in
                notes.append(f"{a} was not a member of the {body} in {', '.join(map(str, years_in))}")
    if start is not None:
        outside = [y for y in range(start, end + 1) if ck.nonmember(body, a, y)]
        facts.nonmember = sorted(set(facts.nonmember) | set(outside))
        if outside:
            notes.append(f"{a} is listed on none of the {body}'s recorded votes in {_years(outside)}: not a "
                         f"member {'that year' if len(outside) == 1 else 'in those years'}")
        for year in range(start, end + 1):
            state = ck.cov.year_state(body, year)
            nonmember = year in outside
            if state in ("before", "after"):
                pending.append(year)
            elif state == "partial":
                if not any(d is not None and d.year == year for _, d, _ in votes) and not nonmember:
                    pending.append(year)
                else:
                    notes.append(f"{year} is covered only to {ck.cov.votes[body][1]}")

    cast = [r for r in votes if r[2] in CAST_VOTES]
    right = [r for r in cast if r[2] == vote]
    wrong = [r for r in cast if r[2] != vote]
    silent = [r for r in votes if r[2] not in CAST_VOTES]
    shown = _shown(rows, a)
    summary = _summary(votes, a, where)
    extra = ("; ".join(dict.fromkeys(notes)) + ".") if notes else ""
    need = ck.uncovered_need(body, pending) if pending else None
    last = ck.cov.votes[body][1]
    facts.pending = sorted(set(pending))
    gap = ", ".join(f"{y} after {last}" if ck.cov.year_state(body, y) == "partial" else str(y)
                    for y in sorted(set(pending)))

    if rows.height == 0 and not pending:
        return (CONTRADICTED, f"{summary} There was no such roll call for {a} to vote {vote} on. {extra}".strip(),
                None, shown if session is None else _session_rows(ck, body, session), facts)
    if quantifier == "every":
        if wrong:
            return (CONTRADICTED, f"{summary} The claim says {a} voted {vote} on every one; it cast "
                    f"{_list_votes(wrong)}. {extra}".strip(), None, shown, facts)
        if pending:
            covered = "The covered part does not contradict the claim, but " if rows.height else ""
            return (NOT_CHECKABLE, f"{summary} {covered}{gap} is not covered. {extra}".strip(), need, shown, facts)
        if not right:
            return (CONTRADICTED, f"{summary} {a} cast no vote on any of them, so it did not vote {vote}. "
                    f"{extra}".strip(), None, shown, facts)
        tail = f" It cast no vote on {len(silent)} ({_list_votes(silent)})." if silent else ""
        return (SUPPORTED, f"{summary} {a} voted {vote} on all {len(right)} on which it voted.{tail} "
                f"{extra}".strip(), None, shown, facts)
    if right:
        return (SUPPORTED, f"{summary} {a} voted {vote} on {len(right)} of them "
                f"({', '.join('?' if r[0] is None else r[0] for r in right)}). {extra}".strip(), None, shown, facts)
    if pending and rows.height == 0:
        return (NOT_CHECKABLE, f"{summary} {gap} is not covered. {extra}".strip(), need, shown, facts)
    if pending:
        return (NOT_CHECKABLE, f"{summary} {a} did not vote {vote} in the covered part; {gap} is not covered. "
                f"{extra}".strip(), need, shown, facts)
    return (CONTRADICTED, f"{summary} {a} voted {vote} on none of them. {extra}".strip(), None, shown, facts)

def _shown(rows: pl.DataFrame, a: str) -> pl.DataFrame:
    """The columns of a naming request's ``rows`` a verdict shows, A's vote named ``vote_<a>`` (no query run)."""
    shown = rows[["date", "body", "symbol", "doc_type", "yes", "no", "abstain", "vote_a"]]
    shown.columns = [*shown.columns[:-1], f"vote_{a}"]
    return shown


def _session_rows(ck: Checker, body: str, session: int) -> pl.DataFrame:
    """The roll calls of ``session`` (date, symbol, doc_type, title): the evidence that none names B."""
    rc = ck.data["roll_calls"].filter((pl.col("body") == body) & (pl.col("session") == session))
    return rc.select("date", pl.col("body").cast(pl.String), "session", "symbol", "doc_type", "title").sort(
        "date", "symbol")

def _summary(votes: Sequence[tuple[str | None, dt.date, str]], a: str, where: str) -> str:
    """How many roll calls ``votes`` (symbol, date, A's vote or status) holds, and A's votes on them counted."""
    if not votes:
        return f"The data hold no roll call among the {where} (titles naming the state)."
    parts = ", ".join(f"{v} {n}" for v, n in sorted(_count([r[2] for r in votes]).items()))
    return f"{len(votes)} roll call(s) among the {where}; {a}: {parts}."

def _list_votes(votes: Sequence[tuple[str | None, dt.date, str]], limit: int = 6) -> str:
    """E.g. "no on A/RES/1 (2020-01-01); yes on A/RES/2 (...)" for (symbol, date, vote) rows, at most ``limit``."""
    items = [f"{v} on {s or '(no symbol)'} ({d})" for s, d, v in votes[:limit]]
    more = f" and {len(votes) - limit} more" if len(votes) > limit else ""
    return "; ".join(items) + more


def check_votes_on_naming(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``votes_on_naming`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    verdict, reason, need, rows, facts = naming_verdict(ck, claim, claim["a"])
    return Verdict(claim, verdict, reason, rows, need, say.naming(verdict, facts, ck.names))

def check_bloc_vote(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``bloc_vote`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    results = {m: naming_verdict(ck, claim, m) for m in claim["members"]}
    frames = [r[3] for r in results.values()]
    plain = {m: (r[0], r[4]) for m, r in results.items()}
    shown = _side_by_side(frames)
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
                       f"{lines}", shown, plain=say.bloc(CONTRADICTED, plain, ck.names))
    if NOT_CHECKABLE in verdicts.values():
        need = next(r[2] for r in results.values() if r[0] == NOT_CHECKABLE)
        return Verdict(claim, NOT_CHECKABLE, f"{lines}{tally}", shown, need,
                       say.bloc(NOT_CHECKABLE, plain, ck.names))
    return Verdict(claim, SUPPORTED, f"Every member voted {claim['vote']}.{tally} {lines}", shown,
                   plain=say.bloc(SUPPORTED, plain, ck.names))

def _side_by_side(frames: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """The members' rows of a ``bloc_vote`` claim side by side: the first frame, each other's last column (its
    member's vote) joined on (date, symbol, doc_type) (a full join, nulls equal).

    The members' requests differ only in the state, so their frames usually list the same roll calls in the same
    order; when those keys are also unique, the join is the first frame with the other vote columns beside it,
    put together without a query (``tests/test_claims_batch.py`` checks the two agree on the real files).
    """
    keys = ["date", "symbol", "doc_type"]
    first = frames[0]
    names = [f.columns[-1] for f in frames]
    if (all(n.startswith("vote_") for n in names) and len(set(names)) == len(names)
            and all(f.height == first.height and all(f[k].equals(first[k], null_equal=True) for k in keys)
                    for f in frames[1:])
            and len(set(zip(*(first[k].to_list() for k in keys), strict=True))) == first.height):
        return first.hstack([f[names[i]] for i, f in enumerate(frames) if i])
    shown = first
    for rows in frames[1:]:
        shown = shown.join(rows.select(*keys, rows.columns[-1]), on=keys, how="full", coalesce=True,
                           nulls_equal=True)
    return shown


def check_consecutive_years(ck: Checker, claim: Claim) -> Verdict:
    """Return the :class:`Verdict` on a ``consecutive_years`` claim (the rules are in :mod:`analysis.claims.checks`)."""
    p = claim.params
    a, b, body, vote, n, ending = p["a"], p["b"], p["body"], p["vote"], p["years"], p["ending"]
    window = list(range(ending - n + 1, ending + 1))
    years = ([ending - n] if p["exact"] else []) + window
    rows = _naming_rows(ck, _naming_request(claim, a))
    table = []
    codes: dict[int, str] = {}  # each year's status for the plain sentence (say.run)
    listed = list(zip(rows["year"].to_list(), rows["vote_a"].to_list(), rows["symbol"].to_list(), strict=True))
    for year in years:
        state = ck.cov.year_state(body, year)
        yr_votes = [v for y, v, _ in listed if y == year]
        yr_symbols = [s for y, _, s in listed if y == year]
        cast = [v for v in yr_votes if v in CAST_VOTES]
        statuses = ", ".join(f"{k} {c}" for k, c in sorted(_count(yr_votes).items()))
        cover = {"covered": "covered", "partial": f"to {ck.cov.votes[body][1]}"}.get(state, "not covered")
        if state in ("before", "after"):
            status = codes[year] = "not covered"
        elif not yr_votes:
            if state == "partial" and not ck.nonmember(body, a, year):
                status = codes[year] = "not covered"
            elif ck.nonmember(body, a, year):
                status = f"breaks: no roll call whose title names {b}, and {a} not a member of the {body}"
                codes[year] = "no roll call, not a member"
            else:
                status = f"breaks: no roll call whose title names {b}"
                codes[year] = "no roll call"
        elif any(c != vote for c in cast):
            codes[year] = ", ".join(sorted({c for c in cast if c != vote}))
            status = f"breaks: voted {codes[year]}"
        elif not cast:
            silent = sorted(set(yr_votes))
            status = f"breaks: did not vote ({', '.join(silent)})"
            codes[year] = silent[0] if len(silent) == 1 else "absent"
        else:
            status = codes[year] = "ok"
        table.append({"year": year, "coverage": cover, "roll_calls": len(yr_votes),
                      "symbols": ", ".join(s or "?" for s in yr_symbols),
                      f"vote_{a}": statuses, "status": status, "in_run": year in window})
    frame = pl.DataFrame(table, schema={"year": pl.Int32, "coverage": pl.String, "roll_calls": pl.Int64,
                                        "symbols": pl.String, f"vote_{a}": pl.String, "status": pl.String,
                                        "in_run": pl.Boolean})
    run = [r for r in table if r["in_run"]]
    broken = [r for r in run if r["status"].startswith("breaks")]
    unknown = [r["year"] for r in run if r["status"] == "not covered"]
    span = f"{window[0]}-{window[-1]}" if n > 1 else f"{window[0]}"
    ask = f"{_ordinal(n)} consecutive year ending {ending} needs {a} to have voted {vote} in the {body} on " \
          f"roll calls naming {b} in each of {span}"

    def plain(verdict: str) -> str:
        return say.run(verdict, a=a, b=b, body=body, vote=vote, years=n, ending=ending, names=ck.names,
                       status=codes, exact=p["exact"], last=ck.cov.votes[body][1])

    if broken:
        why = "; ".join(f"{r['year']}: {r['status'][len('breaks: '):]}" for r in broken)
        hint = (" A year is found only through titles naming the state; a generic title (e.g. some unvotes "
                "records: 'Human rights situations and reports of special rapporteurs') hides a resolution, so "
                "check that year's roll calls." if "title" in why else "")
        return Verdict(claim, CONTRADICTED, f"A {ask}; the run breaks in {why}.{hint}", frame,
                       plain=plain(CONTRADICTED))
    if unknown:
        yrs = unknown
        return Verdict(claim, NOT_CHECKABLE, f"A {ask}; {', '.join(map(str, yrs))} not covered (the covered years "
                       f"are consistent with it).", frame, ck.uncovered_need(body, yrs), plain(NOT_CHECKABLE))
    if p["exact"]:
        before = next(r for r in table if not r["in_run"])
        if before["status"] == "ok":
            return Verdict(claim, CONTRADICTED, f"A {ask}, and not in {ending - n}; but {a} also voted {vote} in "
                           f"{ending - n}, so the run is longer than {n} years.", frame,
                           plain=plain(CONTRADICTED))
        if before["status"] == "not covered":
            return Verdict(claim, NOT_CHECKABLE, f"The {n} years hold, but {ending - n} is not covered, so "
                           f"whether the run is exactly {n} years is not known.", frame,
                           ck.uncovered_need(body, [ending - n]), plain(NOT_CHECKABLE))
    return Verdict(claim, SUPPORTED, f"A {ask}; every one of them holds.", frame, plain=plain(SUPPORTED))


def _count(values: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def _ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    return words.get(n, f"{n}th")
