"""Plain sentences: one sentence per verdict that a journalist reads without knowing the data model.

Every check of :mod:`analysis.claims.checks` passes the facts it computed (states as ISO3
codes, symbols, dates, counts, statuses) to one function here per claim kind; the function
picks the template for the verdict and writes the sentence: states by name ("Pakistan",
not "PAK"), bodies by name ("the Human Rights Council"), dates in words ("23 January
2026"), numbers one to nine in words ("one recorded vote"), votes as verbs ("voted
against"). The sentence is ``Verdict.plain``; ``Verdict.reason`` keeps the detailed form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from analysis.core.vocab import BODY_NAMES, CAST_VOTES, UN_GROUPS
from analysis.measures.memberships import spans

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
NOT_CHECKABLE = "not checkable"

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
             8: "eighth", 9: "ninth"}
#: names read with "the" in a sentence ("the United States", "the Philippines")
_THE = ("United ", "Netherlands", "Philippines", "Russian Federation", "Republic of", "Democratic Republic",
        "Central African", "Czech Republic", "Dominican Republic", "Gambia", "Bahamas", "Comoros",
        "Maldives", "Marshall Islands", "Solomon Islands", "Holy See", "Sudan", "United Arab Emirates")
#: a vote as a verb taking the text as object ("voted against A/RES/79/183")
VERBS = {"yes": "voted in favour of", "no": "voted against", "abstain": "abstained on"}
#: a vote as a verb without object ("not against")
_SHORT = {"yes": "in favour", "no": "against", "abstain": "abstaining"}
_DOC = {"resolution": "resolution", "amendment": "amendment", "paragraph": "separate vote on a paragraph",
        "motion": "procedural motion", "decision": "decision"}
_MEASURES = {"agreement": "share of votes cast the same way", "kappa": "agreement score (Cohen's kappa)",
             "pi": "agreement score (Scott's pi)", "s_score": "voting similarity score (S-score)"}


# ---------------------------------------------------------------- words


def number(n: int) -> str:
    """Return ``n`` in words from zero to nine, else in digits (with thousands separators)."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """Return e.g. "one recorded vote", "three recorded votes", "12 recorded votes"."""
    return f"{number(n)} {noun if n == 1 else plural or noun + 's'}"


def ordinal(n: int) -> str:
    """Return "third" for 3, "57th" for 57 (words to nine)."""
    if n in _ORDINALS:
        return _ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def and_list(items: Sequence[str]) -> str:
    """Return "A", "A and B", "A, B and C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def day(d: dt.date) -> str:
    """Return e.g. "23 January 2026"."""
    return f"{d.day} {d:%B %Y}"


def state(iso3: str, names: Mapping[str, str], *, start: bool = False) -> str:
    """Return the state's name from the countries table, with "the" where English needs it."""
    name = names.get(iso3, iso3)
    if name.startswith(_THE) or name.endswith(("Islands", "Republic")):
        return ("The " if start else "the ") + name
    return name


def body_name(body: str) -> str:
    """Return e.g. "the Human Rights Council"."""
    return f"the {BODY_NAMES.get(body, body)}"


def years_text(years: Sequence[int]) -> str:
    """Return "2024", "2024 and 2025", "2023, 2024 and 2025"; five years or more as runs ("2006–2011 and 2013")."""
    years = sorted(set(years))
    if len(years) <= 4:
        return and_list([str(y) for y in years])
    return and_list(spans(years).split(", "))


def span_text(start: int, end: int) -> str:
    """Return "in 2025" or "from 2024 to 2025"."""
    return f"in {start}" if start == end else f"from {start} to {end}"


def money(usd: float) -> str:
    """Return e.g. "US$2.5 billion", "US$373 million", "US$0.4 million"."""
    if abs(usd) >= 1e9:
        return f"US${usd / 1e9:,.2f}".rstrip("0").rstrip(".") + " billion"
    if abs(usd) >= 1e7:
        return f"US${usd / 1e6:,.0f} million"
    return f"US${usd / 1e6:,.1f} million"


def session_name(label: str) -> str:
    """Return "the 39th special session" for "S-39", "the 58th session" for "58"."""
    label = str(label).strip()
    special = label.upper().startswith(("S-", "ES-"))
    digits = label.split("-")[-1]
    if not digits.isdigit():
        return f"session {label}"
    kind = "emergency special session" if label.upper().startswith("ES-") else "special session" if special \
        else "session"
    return f"the {ordinal(int(digits))} {kind}"


def _doc(doc_type: str, n: int = 1) -> str:
    noun = _DOC.get(doc_type, doc_type)
    return noun if n == 1 else noun + "s"


def _an(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _symbols(symbols: Sequence[str | None], limit: int = 3) -> str:
    named = [s or "a text without a symbol" for s in symbols]
    if len(named) > limit:
        return f"{', '.join(named[:limit])} and {counted(len(named) - limit, 'other')}"
    return and_list(named)


# ---------------------------------------------------------------- votes on texts naming a state


@dataclass
class NamingFacts:
    """What a check of "A voted V on the texts of a body naming B" found, for one state ``a``.

    ``votes`` holds one (symbol, date, status) per roll call found, the status being a
    vote (yes, no, abstain) or why there is none (not a member, absent, not recorded);
    ``pending`` the years the data do not cover; ``nonmember`` the years ``a`` was not a
    member of the body; ``last`` the body's last recorded vote in the data.
    """

    a: str
    b: str
    body: str
    vote: str
    doc_type: str
    quantifier: str = "every"
    start: int | None = None
    end: int | None = None
    session: int | None = None
    on: dt.date | None = None
    symbol: str | None = None
    votes: list[tuple[str | None, dt.date, str]] = field(default_factory=list)
    pending: list[int] = field(default_factory=list)
    nonmember: list[int] = field(default_factory=list)
    last: dt.date | None = None
    unknown_symbol: bool = False

    def scope(self, names: Mapping[str, str]) -> str:
        """E.g. "resolutions on Iran in the General Assembly from 2024 to 2025"."""
        text = f"{_doc(self.doc_type, 2)} on {state(self.b, names)} in {body_name(self.body)}"
        if self.on is not None:
            return text + f" on {day(self.on)}"
        if self.session is not None:
            text += f" at its {session_name(str(self.session))[4:]}"
        if self.start is not None:
            text += f" {span_text(self.start, self.end or self.start)}"
        return text


def _cast(f: NamingFacts) -> list[tuple[str | None, dt.date, str]]:
    return [v for v in f.votes if v[2] in CAST_VOTES]


def _why_silent(f: NamingFacts, names: Mapping[str, str]) -> str:
    """Why ``a`` cast no vote on the roll calls found, e.g. "was not a member of the Human Rights Council in 2025"."""
    silent = [v for v in f.votes if v[2] not in CAST_VOTES]
    statuses = {v[2] for v in silent}
    if statuses == {"not a member"}:
        years = sorted({v[1].year for v in silent})
        return f"was not a member of {body_name(f.body)} in {years_text(years)}"
    if statuses == {"absent"}:
        return "was absent"
    if statuses == {"not recorded"}:
        return "is not among the states the record lists as voting"
    return "was absent or not a member"


def _silent_sentence(f: NamingFacts, names: Mapping[str, str]) -> str:
    silent = [v for v in f.votes if v[2] not in CAST_VOTES]
    what = _symbols([v[0] for v in silent]) if len(silent) <= 3 else \
        f"any of the {counted(len(silent), _doc(f.doc_type))} on {state(f.b, names)}"
    return f"{state(f.a, names, start=True)} {_why_silent(f, names)}, so it cast no vote on {what}."


def _uncovered(f: NamingFacts, names: Mapping[str, str], what: str) -> str:
    last = f"{body_name(f.body)}'s recorded votes in the data end on {day(f.last)}" if f.last else \
        f"the data hold no recorded vote of {body_name(f.body)} then"
    when = f" in {years_text(f.pending)}" if f.pending else ""
    return f"{last[0].upper()}{last[1:]}, so {what}{when} cannot be checked."


def _wrong_votes(rows: Sequence[tuple[str | None, dt.date, str]]) -> str:
    """E.g. "voted in favour of A/RES/1 and abstained on A/RES/2"."""
    by_vote: dict[str, list[str | None]] = {}
    for symbol, _, status in rows:
        by_vote.setdefault(status, []).append(symbol)
    return and_list([f"{VERBS[v]} {_symbols(s)}" for v, s in by_vote.items()])


def naming(verdict: str, f: NamingFacts, names: Mapping[str, str]) -> str:
    """The sentence for a ``votes_on_naming`` verdict (and for one member of a ``bloc_vote``)."""
    a = state(f.a, names, start=True)
    verb = VERBS[f.vote]
    cast = _cast(f)
    right = [v for v in cast if v[2] == f.vote]
    wrong = [v for v in cast if v[2] != f.vote]
    if f.unknown_symbol:
        return (f"There is no recorded vote on {f.symbol} in the data: it may have been adopted without a vote, "
                f"or its symbol may be written differently.")
    if not f.votes and verdict == CONTRADICTED:
        where = body_name(f.body)
        rest = f.scope(names).split(f" in {where}", 1)[1]
        held = f"{where[0].upper()}{where[1:]} held no recorded vote on a {_doc(f.doc_type)} on {state(f.b, names)}"
        member = ""
        if f.nonmember:
            member = f", and {state(f.a, names)} was not a member of it in {years_text(f.nonmember)}"
        return f"{held}{rest}{member}, so {state(f.a, names)} cannot have {verb} one."
    if verdict == NOT_CHECKABLE:
        done = f"; in the part the data cover, {state(f.a, names)} did not {_base(f.vote)} any" \
            if f.quantifier != "every" and f.votes else ""
        return _uncovered(f, names, f"{possessive(state(f.a, names))} votes") [:-1] + done + "."
    if verdict == SUPPORTED:
        if f.quantifier == "every" and len(right) > 1:
            many = "both" if len(right) == 2 else f"all {number(len(right))}"
            text = f"{a} {verb} {many} {f.scope(names)} ({_symbols([v[0] for v in right])})."
        elif len(right) == 1:
            text = f"{a} {verb} {right[0][0] or 'the text'} on {day(right[0][1])}."
        else:
            text = f"{a} {verb} {counted(len(right), _doc(f.doc_type))} on " \
                   f"{f.scope(names).split(' on ', 1)[1]} ({_symbols([v[0] for v in right])})."
        silent = [v for v in f.votes if v[2] not in CAST_VOTES]
        if f.quantifier == "every" and silent:
            text += f" It {_why_silent(f, names)} and cast no vote on {_symbols([v[0] for v in silent])}."
        return text
    # contradicted
    if wrong and (f.quantifier == "every" or not right):
        if len(f.votes) == 1:
            symbol, when, status = wrong[0]
            return f"{a} {VERBS[status]} {symbol or 'the text'} on {day(when)}, not {_SHORT[f.vote]}."
        these = f"the {counted(len(f.votes), _doc(f.doc_type))}"
        if f.quantifier != "every":
            these = f"any of {these}"
        elif len(f.votes) == 2:
            these = f"both {_doc(f.doc_type, 2)}"
        else:
            these = f"every one of {these}"
        return (f"{a} did not {_base(f.vote)} {these} on "
                f"{f.scope(names).split(' on ', 1)[1]}: it {_wrong_votes(wrong)}.")
    return _silent_sentence(f, names)


def _base(vote: str) -> str:
    return {"yes": "vote in favour of", "no": "vote against", "abstain": "abstain on"}[vote]


def possessive(name: str) -> str:
    """Return "Pakistan's", "the United States'"."""
    return name + ("'" if name.endswith("s") else "'s")


def bloc(verdict: str, members: Mapping[str, tuple[str, NamingFacts]], names: Mapping[str, str]) -> str:
    """The sentence for a ``bloc_vote`` verdict: who voted as claimed, and who did not and why.

    ``members`` maps each member to its own verdict and facts (a ``votes_on_naming`` check).
    """
    facts = [f for _, f in members.values()]
    f0 = facts[0]
    symbols = sorted({v[0] or "the text" for f in facts for v in f.votes})
    verb = VERBS[f0.vote]
    good = [m for m, (v, _) in members.items() if v == SUPPORTED]
    target = _symbols(symbols) if symbols else f"the {f0.scope(names)}"
    if f0.unknown_symbol:
        return naming(NOT_CHECKABLE, f0, names)
    if verdict == SUPPORTED:
        return f"{and_list([state(m, names) for m in members])} all {verb} {target}."
    if verdict == NOT_CHECKABLE:
        bad = next(f for v, f in members.values() if v == NOT_CHECKABLE)
        return _uncovered(bad, names, "the votes")
    if not any(f.votes for f in facts):
        return naming(CONTRADICTED, f0, names).replace(f"so {state(f0.a, names)} cannot", "so they cannot")
    groups: dict[str, list[str]] = {}
    for m, (v, f) in members.items():
        if v != CONTRADICTED:
            continue
        wrong = [x for x in _cast(f) if x[2] != f.vote]
        what = _wrong_votes(wrong) if wrong else f"{_why_silent(f, names)} and cast no vote"
        groups.setdefault(what, []).append(m)
    clauses = []
    for what, who in groups.items():
        if len(who) > 1:
            what = what.replace("was not a member", "were not members").replace("was absent", "were absent")
            what = what.replace("is not among", "are not among")
        clauses.append(f"{and_list([state(m, names) for m in who])} {what}")
    head = f"{and_list([state(m, names) for m in good])} {verb} {target}, but " if good else ""
    text = head + and_list(clauses) + "."
    return text[0].upper() + text[1:]


# ---------------------------------------------------------------- one vote


def vote_on(verdict: str, *, a: str, symbol: str, vote: str, doc_type: str, names: Mapping[str, str],
            body: str, got: Sequence[str] = (), when: dt.date | None = None, kinds: Sequence[str] = ()) -> str:
    """The sentence for a ``vote_on`` verdict.

    ``got`` holds A's status on each counted roll call (a vote, or not a member, absent,
    not recorded, or unknown), ``when`` the date of the first; ``kinds`` the kinds of roll
    call on the symbol when none is of ``doc_type``.
    """
    name = state(a, names, start=True)
    if verdict == NOT_CHECKABLE and kinds:
        return (f"{symbol} was put to a recorded vote only as {_an(and_list([_doc(k) for k in kinds]))}, not as "
                f"{_an(_doc(doc_type))}, so a vote on the {_doc(doc_type)} cannot be checked.")
    if verdict == NOT_CHECKABLE and not got:
        return (f"There is no recorded vote on {symbol} in the data: it may have been adopted without a vote, "
                f"or its symbol may be written differently.")
    if verdict == NOT_CHECKABLE:
        return (f"The source for the vote on {symbol} gives only the votes of the members that vetoed it, so "
                f"{possessive(state(a, names))} vote is not known.")
    on = f" on {day(when)}" if when else ""
    if verdict == SUPPORTED:
        return f"{name} {VERBS[vote]} {symbol}{on}."
    cast = [g for g in got if g in CAST_VOTES and g != vote]
    if cast:
        return f"{name} {VERBS[cast[0]]} {symbol}{on}, not {_SHORT[vote]}."
    if "not a member" in got:
        return f"{name} was not a member of {body_name(body)} when it voted on {symbol}{on}, so it cast no vote."
    if "absent" in got:
        return f"{name} was absent when {body_name(body)} voted on {symbol}{on}, so it cast no vote."
    return f"{name} is not among the states the record of the vote on {symbol}{on} lists as voting."


# ---------------------------------------------------------------- trade


def trade(verdict: str, *, a: str, b: str, year: int, claimed: float, names: Mapping[str, str],
          direction: str = "total", value: float | None = None, tolerance: float = 0.25,
          last_year: int | None = None, latest: float | None = None) -> str:
    """The sentence for a ``trade_about`` verdict (``value`` the data's figure, or ``latest`` the last one)."""
    what = {"total": f"Trade between {state(a, names)} and {state(b, names)}",
            "a_to_b": f"{possessive(state(a, names, start=True))} exports to {state(b, names)}",
            "b_to_a": f"{possessive(state(b, names, start=True))} exports to {state(a, names)}"}[direction]
    if verdict == NOT_CHECKABLE or value is None:
        if last_year is None or latest is None:
            return (f"The official trade statistics in the data hold no figure for {what[0].lower()}{what[1:]}, "
                    f"so the claimed {money(claimed)} in {year} cannot be checked.")
        return (f"The official trade statistics in the data end in {last_year}, when {what[0].lower()}{what[1:]} "
                f"came to {money(latest)}, so the claimed {money(claimed)} for {year} cannot be checked.")
    off = abs(claimed - value) / value if value else float("inf")
    if verdict == SUPPORTED:
        return (f"{what} came to {money(value)} in {year}, close to the claimed {money(claimed)} (within "
                f"{tolerance:.0%}).")
    side = "too high" if claimed > value else "too low"
    return f"{what} came to {money(value)} in {year}, so the claimed {money(claimed)} is {off:.0%} {side}."


# ---------------------------------------------------------------- agreement


def agreement(verdict: str, *, a: str, b: str, body: str, measure: str, start: int, end: int,
              names: Mapping[str, str], direction: str, before: float | None = None, after: float | None = None,
              outside: Sequence[int] = (), missing: Mapping[int, Sequence[str]] | None = None,
              last: dt.date | None = None) -> str:
    """The sentence for an ``agreement_change`` verdict.

    ``before``/``after`` are the measure in ``start`` and ``end``; when not checkable, ``outside``
    are years outside the data and ``missing`` maps a year without joint votes to the states not
    members then (or, empty, a measure undefined there).
    """
    pair = f"{state(a, names)} and {state(b, names)}"
    where = f"in {body_name(body)}"
    if outside:
        end_of = f" end on {day(last)}" if last else " do not reach that far"
        return (f"{body_name(body)[0].upper()}{body_name(body)[1:]}'s recorded votes in the data{end_of}, so "
                f"the voting of {pair} in {years_text(outside)} cannot be compared.")
    if missing:
        parts = []
        for year, absent in sorted(missing.items()):
            were = "not members" if len(absent) > 1 else "not a member"
            why = f" ({and_list([state(s, names) for s in absent])} {were})" if absent else ""
            parts.append(f"{year}{why}")
        return (f"{pair[0].upper()}{pair[1:]} have no recorded vote together {where} in {and_list(parts)}, "
                f"so their agreement cannot be compared.")
    if verdict == NOT_CHECKABLE or before is None or after is None:
        return f"The {_MEASURES.get(measure, measure)} of {pair} {where} is not defined in {start} or {end}."
    actual = "rose" if after > before else "fell" if after < before else "did not change"
    if measure == "agreement":
        text = (f"{where[0].upper()}{where[1:]}, {pair} voted the same way on {before:.0%} of the votes they both "
                f"cast in {start} and on {after:.0%} in {end}")
    else:
        text = (f"The {_MEASURES.get(measure, measure)} of {pair} {where} went from {before:.2f} in {start} to "
                f"{after:.2f} in {end}")
    subject = "their agreement" if measure == "agreement" else "it"
    if verdict == SUPPORTED:
        return f"{text}, so {subject} {actual}."
    return f"{text}, so {subject} {actual}; it did not {'rise' if direction == 'rose' else 'fall'}."


# ---------------------------------------------------------------- consecutive years


def run(verdict: str, *, a: str, b: str, body: str, vote: str, years: int, ending: int,
        names: Mapping[str, str], status: Mapping[int, str], exact: bool = False,
        last: dt.date | None = None) -> str:
    """The sentence for a ``consecutive_years`` verdict.

    ``status`` maps each year checked to ``ok``, ``not covered``, ``no roll call``,
    ``no roll call, not a member``, ``not a member`` / ``absent`` / ``not recorded`` (no vote
    cast), or the other vote cast (``yes``, ``no``, ``abstain``, several joined by ", ").
    """
    who = state(a, names)
    what = f"{_doc('resolution', 2)} on {state(b, names)} in {body_name(body)}"
    window = list(range(ending - years + 1, ending + 1))
    if verdict == SUPPORTED:
        ok = f"{who[0].upper()}{who[1:]} {_past(vote)} {what} in each of {years_text(window)}" \
            if years > 1 else f"{who[0].upper()}{who[1:]} {_past(vote)} {what} in {ending}"
        if exact:
            return f"{ok}, but not in {ending - years}, so {ending} was the {ordinal(years)} year running."
        return f"{ok}, so {ending} was at least the {ordinal(years)} year running."
    if verdict == NOT_CHECKABLE:
        gaps = [y for y, s in status.items() if s == "not covered"]
        end_of = f"end on {day(last)}" if last else "do not cover it"
        if exact and gaps == [ending - years]:
            return (f"{who[0].upper()}{who[1:]} {_past(vote)} {what} in each of {years_text(window)}, but "
                    f"{ending - years} is not in the data, so whether the run began in {window[0]} cannot be "
                    f"checked.")
        return (f"{body_name(body)[0].upper()}{body_name(body)[1:]}'s recorded votes in the data {end_of}, so "
                f"{years_text(gaps)} cannot be checked; the years covered are consistent with the claim.")
    broken = {y: s for y, s in status.items() if y in window and s not in ("ok", "not covered")}
    if not broken and exact:
        return (f"{who[0].upper()}{who[1:]} also {_past(vote)} {what} in {ending - years}, so the run is longer "
                f"than {counted(years, 'year')}.")
    groups: dict[str, list[int]] = {}
    for y, s in broken.items():
        groups.setdefault(s, []).append(y)
    clauses = []
    for s, ys in groups.items():
        when = f"in {years_text(ys)}"
        if s == "no roll call":
            clauses.append(f"{when} {body_name(body)} held no recorded vote on a resolution on {state(b, names)}")
        elif s == "no roll call, not a member":
            clauses.append(f"{when} it was not a member of {body_name(body)}, which held no recorded vote on "
                           f"a resolution on {state(b, names)}")
        elif s == "not a member":
            clauses.append(f"{when} it was not a member of {body_name(body)} and cast no vote")
        elif s == "absent":
            clauses.append(f"{when} it was absent and cast no vote")
        elif s == "not recorded":
            clauses.append(f"{when} it is not among the states the record lists as voting")
        else:
            clauses.append(f"{when} it {and_list([_past(v) for v in s.split(', ')])} them instead")
    head = f"{who[0].upper()}{who[1:]} did not {_base(vote)} {what} in each of {years_text(window)}"
    return f"{head}, so {ending} was not the {ordinal(years)} year running: {and_list(clauses)}."


def _past(vote: str) -> str:
    return {"yes": "voted in favour of", "no": "voted against", "abstain": "abstained on"}.get(vote, vote)


# ---------------------------------------------------------------- tally, membership, composition, sessions


def _tally_words(yes: int | None, no: int | None, abstain: int | None) -> str:
    text = f"by {number(yes or 0)} votes to {number(no or 0)}"
    if abstain is not None:
        text += f", with {counted(abstain, 'abstention')}"
    return text


_OUTCOME = {"adopted": "adopted", "not adopted": "rejected", "vetoed": "vetoed", None: "put to the vote"}


@dataclass
class TallyFound:
    """One roll call a tally claim found: its symbol, date, outcome, official tally and the per-state list's."""

    symbol: str
    date: dt.date
    outcome: str | None
    official: tuple[int | None, int | None, int | None]
    listed: tuple[int | None, int | None, int | None] | None = None
    vetoed_by: Sequence[str] = ()


def tally(verdict: str, *, claimed: tuple[int, int, int | None], outcome: str | None, body: str,
          names: Mapping[str, str], found: Sequence[TallyFound] = (), without: tuple[str, str, dt.date] | None = None,
          case: str = "") -> str:
    """The sentence for a ``tally`` verdict.

    ``case`` is ``without vote`` (``without`` = symbol, how adopted, date), ``not found``,
    ``outcome`` (the tally matches, the outcome does not), ``vetoed`` (the source gives no
    tally), ``list only`` (the claim matches the per-state list, not the official tally),
    or "" (matched, or no tally matches).
    """
    want = f"{number(claimed[0])} to {number(claimed[1])}"
    if case == "without vote" and without:
        symbol, how, when = without
        return f"{symbol} was {how} on {day(when)}, so there was no {want} vote."
    if case == "not found" or not found:
        return (f"There is no recorded vote of {body_name(body)} matching the claim in the data: the text may "
                f"have been adopted without a vote, or be outside the years the data cover.")
    r = found[0]
    if case == "vetoed":
        who = and_list([state(s, names) for s in r.vetoed_by]) or "a permanent member"
        if verdict == CONTRADICTED:
            return f"{r.symbol} was vetoed by {who} on {day(r.date)}, not {_OUTCOME.get(outcome, outcome)}."
        return (f"{r.symbol} was vetoed by {who} on {day(r.date)}; the source names only the vetoing members, so "
                f"the tally cannot be checked.")
    said = f"{r.symbol} was {_OUTCOME.get(r.outcome, r.outcome)} on {day(r.date)} {_tally_words(*r.official)}"
    if case == "list only":
        return (f"{said}; the claimed {want} matches only the list of how each state voted, which adds up "
                f"differently, so the two counts disagree.")
    if case == "outcome":
        return f"{said}, not {_OUTCOME.get(outcome, outcome)}."
    if verdict == SUPPORTED:
        return f"{said}, as claimed."
    if len(found) > 1:
        return f"None of the {counted(len(found), 'recorded vote')} found was {want}: {said}."
    return f"{said}, not {want}."


def member(verdict: str, *, a: str, body: str, want: bool, years: Sequence[int], names: Mapping[str, str],
           wrong: Sequence[int] = (), unknown: Sequence[int] = (), member_years: Sequence[int] = (),
           last: dt.date | None = None) -> str:
    """The sentence for a ``member`` verdict.

    ``wrong`` are the years against the claim, ``unknown`` the years the data do not cover.
    """
    who = state(a, names, start=True)
    where = body_name(body)
    if verdict == CONTRADICTED:
        sat = f"; it sat on it in {years_text(member_years)}" if member_years else "; it never sat on it in the data"
        return f"{who} was {'not ' if want else ''}a member of {where} in {years_text(wrong)}{sat}."
    if verdict == NOT_CHECKABLE:
        known = [y for y in years if y not in unknown]
        end = f"{where[0].upper()}{where[1:]}'s recorded votes in the data end on {day(last)}" \
            if last and min(unknown) > last.year else f"The data hold no recorded vote of {where} in " \
            f"{years_text(unknown)}"
        also = f"; it was {'' if want else 'not '}a member in {years_text(known)}" if known else ""
        return f"{end}, so {possessive(state(a, names))} membership in {years_text(unknown)} cannot be checked{also}."
    return f"{who} was {'' if want else 'not '}a member of {where} in {years_text(years)}."


def composition(verdict: str, *, body: str, count: int, names: Mapping[str, str], year: int,
                on: dt.date | None = None, group: str | None = None, seen: Sequence[int] = (), votes: int = 0) -> str:
    """The sentence for a ``composition`` verdict (``seen``: the counts found on the ``votes`` recorded votes)."""
    who = f"members from the {UN_GROUPS[group]} group" if group else "members"
    when = f"on {day(on)}" if on else f"in {year}"
    where = body_name(body)
    if verdict == NOT_CHECKABLE:
        return f"The data hold no recorded vote of {where} {when} listing its members, so its size cannot be checked."
    seen = sorted(seen)
    got = number(seen[0]) if len(seen) == 1 else f"between {number(seen[0])} and {number(seen[-1])}"
    at = "its recorded vote" if votes == 1 else f"each of its {counted(votes, 'recorded vote')}"
    if verdict == SUPPORTED:
        if len(seen) == 1:
            return f"{where[0].upper()}{where[1:]} had {number(count)} {who} at {at} {when}, as claimed."
        return f"{where[0].upper()}{where[1:]} had {number(count)} {who} at some of its recorded votes {when} " \
               f"(the number varied between {number(seen[0])} and {number(seen[-1])})."
    return f"{where[0].upper()}{where[1:]} had {got} {who} at {at} {when}, not {number(count)}."


def session_end(verdict: str, *, body: str, end: dt.date, names: Mapping[str, str], label: str | None = None,
                b: str | None = None, span: tuple[int, int] | None = None, last: dt.date | None = None,
                later: Sequence[tuple[str, dt.date]] = ()) -> str:
    """The sentence for a ``session_end`` verdict (``later``: decisions after ``end``, as (symbol, date))."""
    where = body_name(body)
    if label is None:
        return (f"The data hold no recorded vote of {where} on a resolution on {state(b or '', names)} "
                f"{span_text(*span) if span else ''}, so the session cannot be identified.").replace("  ", " ")
    session = f"{possessive(where)} {session_name(label)[4:]}"
    if last is None:
        return f"The data hold no decision of {session_name(label)} of {where}."
    if verdict == CONTRADICTED:
        what = and_list([f"{s or 'a text'} on {day(d)}" for s, d in later[:3]])
        return f"{session[0].upper()}{session[1:]} was still taking decisions after {day(end)}: it voted on {what}."
    if verdict == SUPPORTED:
        return f"The last decision of {session} in the data is dated {day(end)}, the day claimed."
    return (f"The last decision of {session} in the data is dated {day(last)}; the data do not give the closing "
            f"date, so a close on {day(end)} can be neither confirmed nor ruled out.")
