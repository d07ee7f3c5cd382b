"""What a story is about, sentence by sentence: the draft's types and the reading of time, body and states.

The drafter (``analysis.claims.draft.assemble``) reads each sentence with what the story said
before it, held in a :class:`Context`: the UN body last named, the vote the story is telling
(:class:`Anchor`), the states its resolutions are about (:func:`subject_states`) and its two
most-named states (:func:`story_pair`). Here are the readings every rule shares:

- :func:`times_in`: the dates and years a sentence names (``values.date``, relative to the
  publication date), each a :class:`When` that says where it came from; :func:`default_when`
  when the sentence names none (the story's current vote, else the publication year);
- :func:`sentence_body`: the body a sentence is about ("the Council" is the council named before);
- :func:`targets_of`: the states a resolution in the sentence is about ("resolution on Iran",
  "critical of Iran's", "the Iran measure", "human rights in Belarus");
- :func:`choose_b`: among candidate states, the one a roll call's title names on that day or
  in that year (``DataView.names``), with the reason;
- :func:`quote_of`: the exact words a claim rests on, from its first to its last mention.

:class:`DraftClaim` and :class:`NotEncoded` are what the drafter returns; :class:`DraftBook` holds them while the
rules run (``assemble.Assembler``, ``tallies.CountRules``).
"""


from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from analysis.claims.draft import values
from analysis.claims.draft.data import DataView
from analysis.claims.draft.pipeline import Mention, Sentence

#: Most tokens between the last voter named and its vote phrase ("Pakistan joined China, Russia, and several
#: African nations in rejecting": 6); further apart, the vote belongs to an unnamed subject ("countries choosing to").
MAX_GAP = 8
#: Bodies whose membership the data know (``composition`` and ``member`` claims).
LISTING = ("HRC", "CHR", "SC")
DEFINITE = re.compile(r"\b(the|this|that|its|it)\s+(resolution|vote|measure|text|draft)\b|\bit\b", re.IGNORECASE)
TALLY_CONTEXT = re.compile(r"\b(vote|votes|voted|voting|margin|tally|adopted|passed|approved|resolution|measure|"
                            r"favou?r|against|abstentions?)\b", re.IGNORECASE)


@dataclass
class DraftClaim:
    """A drafted claim: the claims file's fields, the sentence, the quote and its offset, and the choices made."""

    id: str
    kind: str
    statement: str
    quote: str
    quote_at: int
    fields: dict[str, Any]
    comments: list[str] = field(default_factory=list)

    def key(self) -> tuple:
        """What makes two drafted claims the same claim (kind and fields)."""
        return (self.kind, tuple(sorted((k, str(v)) for k, v in self.fields.items())))


@dataclass(frozen=True)
class NotEncoded:
    """A sentence that looks checkable but that no claim kind can hold: the quote, its offset and why."""

    quote: str
    quote_at: int
    reason: str


@dataclass(frozen=True)
class Anchor:
    """The vote a story is telling: its body, day and year, and how the story named it."""

    body: str
    date: dt.date | None
    year: int
    said: str


@dataclass(frozen=True)
class When:
    """The time a claim refers to: a day (``date``) or a ``year``, and where that came from (``why``)."""

    year: int
    date: dt.date | None
    why: str


@dataclass
class Context:
    text: str
    published: dt.date
    data: DataView
    body: str | None = None
    body_said: str | None = None
    anchor: Anchor | None = None
    subject: list[str] = field(default_factory=list)
    pair: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------ helpers


def states_between(sentence: Sentence, start: int, end: int) -> list[Mention]:
    return [m for m in sentence.of("STATE") if start <= m.start and m.end <= end]


def dedupe(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def targets_of(sentence: Sentence) -> list[Mention]:
    """States a resolution in the sentence is about: "resolution on Iran", "critical of Iran's", "the Iran measure"."""
    if "targets" not in sentence.cache:
        sentence.cache["targets"] = _find_targets(sentence)
    return sentence.cache["targets"]


def _find_targets(sentence: Sentence) -> list[Mention]:
    out: list[Mention] = []
    if not sentence.of("STATE"):
        return out
    states = sentence.of("STATE")
    counted = {i for m in sentence.of("ROLE_NUM", "PAIR_TALLY") for i in range(m.start, m.end)}
    links = sentence.links - counted  # "two against - U.S." is a count, not a resolution against the U.S.
    low = sentence.text.lower()
    for s in states:
        head = low[max(0, s.start_char - sentence.start_char - 40):s.start_char - sentence.start_char]
        if re.search(r"(human rights|situation|rapporteur|mandate) (in|on|of)\s*$", head):
            out.append(s)
    for res in sentence.of("RES"):
        before = [s for s in states if s.end == res.start or (s.end == res.start - 1)]
        out += before
        window = [s for s in states if res.end <= s.start <= res.end + 12]
        for s in window:
            if any(res.end <= i < s.start and s.start - i <= 3 for i in links):
                out.append(s)
                break
    return out


def _resolve_body(mention: Mention, ctx: Context) -> str | None:
    if mention.value == "ASSEMBLY":
        return "GA"
    if mention.value == "COUNCIL":
        return ctx.body if ctx.body in ("HRC", "SC", "CHR") else None
    return mention.value


def sentence_body(sentence: Sentence, ctx: Context) -> tuple[str | None, str]:
    """The body a sentence is about and how it was found (named in it, or the story's last body)."""
    for m in sentence.of("BODY"):
        body = _resolve_body(m, ctx)
        if body:
            how = f"'{m.text}' in the sentence" if m.value not in ("COUNCIL", "ASSEMBLY") else \
                f"'{m.text}' in the sentence, read as the {body} named before it ('{ctx.body_said}')"
            return body, how
    if ctx.body:
        return ctx.body, f"not named in the sentence; the story's last body ('{ctx.body_said}')"
    return None, "no UN body named in or before the sentence"


def times_in(sentence: Sentence, ctx: Context, start: int = 0, end: int = 10**9) -> list[When]:
    """The times named in tokens ``start``-``end`` of the sentence, in order."""
    out = []
    for m in sentence.of("DATE"):
        if not (start <= m.start and m.end <= end):
            continue
        if m.kind == "day":
            day = values.date(m.text, ctx.published)
            if day:
                out.append(When(day.year, day, f"'{m.text}' read as {day} (publication date {ctx.published})"))
        elif m.kind == "month":
            day = values.date(m.text.removeprefix("in ").removeprefix("In "), ctx.published)
            if day:
                out.append(When(day.year, None, f"'{m.text}' ({day:%B %Y}; a month names no single vote)"))
        elif m.kind == "year":
            out.append(When(int(m.text), None, f"'{m.text}' in the sentence"))
        elif m.kind == "relative":
            back = 1 if m.text.lower().startswith(("last", "previous", "a year")) else 0
            out.append(When(ctx.published.year - back, None, f"'{m.text}' read from the publication year "
                                                             f"{ctx.published.year}"))
    return out


def default_when(sentence: Sentence, ctx: Context) -> When:
    """A claim's time when its words give none: the story's current vote, else the publication year."""
    if ctx.anchor and (DEFINITE.search(sentence.text) or not sentence.of("RES")):
        a = ctx.anchor
        return When(a.year, a.date, f"no date in the sentence; the vote the story is telling ({a.said})")
    return When(ctx.published.year, None, f"no date in the sentence; the publication year ({ctx.published})")


def quote_of(ctx: Context, mentions: list[Mention], sentence: Sentence) -> tuple[str, int]:
    """The exact words a claim rests on: the article's text from its first to its last mention."""
    found = [m for m in mentions if m is not None]
    if not found:
        return sentence.text.strip(), sentence.start_char
    start, end = min(m.start_char for m in found), max(m.end_char for m in found)
    return ctx.text[start:end], start


def statement_of(sentence: Sentence) -> str:
    return " ".join(sentence.text.split())


def choose_b(candidates: list[str], body: str, when: When, ctx: Context, how: str,
              exclude: tuple[str, ...] = ()) -> tuple[str | None, str]:
    """The state the resolution is about: the candidate a roll call's title names on that day (or year).

    ``candidates`` first, then the story's other subject states (never one of ``exclude``, the voters).
    """
    if not candidates:
        return None, "the story names no state the resolution is about"
    if len(candidates) == 1 and when.date is None:
        return candidates[0], how
    candidates = dedupe([*candidates, *[c for c in ctx.subject if c not in candidates and c not in exclude]])
    for code in candidates:
        found = ctx.data.names(body, code, date=when.date, year=None if when.date else when.year)
        if found:
            if when.date is not None and code in ctx.subject:  # the story's vote names it: its subject from now on
                ctx.subject.remove(code)
                ctx.subject.insert(0, code)
            where = f"on {when.date}" if when.date else f"in {when.year}"
            others = [c for c in candidates if c != code]
            also = f" (not {', '.join(others)})" if others else ""
            return code, f"{how}; the title of {', '.join(found[:3])} ({body}, {where}) names {code}{also}"
    where = f"on {when.date}" if when.date else f"in {when.year}"
    return candidates[0], f"{how}; no {body} roll-call title {where} names it in the data"


# ------------------------------------------------------------------------------------ the story's states


def target_states(sentences: list[Sentence]) -> list[str]:
    """States named as a resolution's subject ("resolution on Iran", "supported Iran against ..."), most named first."""
    counts: Counter[str] = Counter()
    for s in sentences:
        for t in targets_of(s):
            counts[t.value] += 1
        for m in s.of("SIDING"):
            after = [x for x in s.of("STATE") if m.end <= x.start <= m.end + 1]
            if after:
                counts[after[0].value] += 1
    return [c for c, _ in counts.most_common()]


def subject_states(sentences: list[Sentence]) -> list[str]:
    """The states the story's resolutions may be about, best first.

    First :func:`target_states`; then the other states the story names outside its
    sentences about votes, most named first (a story about the Cuba embargo names Cuba
    without "on"); the states of the vote sentences come last.
    """
    targets = target_states(sentences)
    voting = _voter_states(sentences) - set(targets)
    named: Counter[str] = Counter(x.value for s in sentences for x in s.of("STATE"))
    rest = [c for c, _ in named.most_common() if c not in targets and c not in voting]
    return targets + rest + [c for c, _ in named.most_common() if c in voting]


def _voter_states(sentences: list[Sentence]) -> set[str]:
    """States the story names as casting a vote: just before a vote phrase, after "were", or after a count."""
    out: set[str] = set()
    for s in sentences:
        for m in s.of("VOTE", "ROLE_NUM"):
            if m.label == "VOTE":
                out |= {x.value for x in s.of("STATE") if 0 <= m.start - x.end <= MAX_GAP}
                rest = s.text[m.end_char - s.start_char:]
                were = re.search(r"\b(were|are|included|include)\b", rest)
                if were:
                    out |= {x.value for x in s.of("STATE") if x.start_char >= m.end_char + were.end()}
            elif re.match(r"\s*[-–—(:]", s.text[m.end_char - s.start_char:]):
                out |= {x.value for x in s.of("STATE") if x.start > m.end}
    return out


def story_pair(sentences: list[Sentence]) -> list[str]:
    """The story's two most-named states (names, demonyms, capitals), for trade figures: e.g. ['PAK', 'IRN']."""
    counts: Counter[str] = Counter(m.value for s in sentences for m in s.of("STATE"))
    return [c for c, _ in counts.most_common(2)]


class DraftBook:
    """The drafter's book: the claims and not-encoded sentences so far, with the story's :class:`Context`.

    The rules (``assemble.Assembler`` and ``tallies.CountRules``) write into it with ``_add`` (a claim with a
    unique id from its slug) and ``_skip`` (a sentence not encoded, once per place and reason); ``_merged``
    returns the claims with duplicates folded into the first one's comments."""

    def __init__(self, text: str, published: dt.date, data: DataView) -> None:
        self.ctx = Context(text=text, published=published, data=data)
        self.claims: list[DraftClaim] = []
        self.not_encoded: list[NotEncoded] = []
        self._ids: Counter[str] = Counter()


    def _add(self, kind: str, sentence: Sentence, mentions: list[Mention], fields: dict[str, Any],
             comments: list[str], slug: str) -> None:
        quote, at = quote_of(self.ctx, mentions, sentence)
        base = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        self._ids[base] += 1
        ident = base if self._ids[base] == 1 else f"{base}-{self._ids[base]}"
        self.claims.append(DraftClaim(ident, kind, statement_of(sentence), quote, at,
                                      {k: v for k, v in fields.items() if v is not None}, comments))

    def _skip(self, sentence: Sentence, mentions: list[Mention], reason: str) -> None:
        quote, at = quote_of(self.ctx, mentions, sentence)
        if not any(n.quote_at == at and n.reason == reason for n in self.not_encoded):
            self.not_encoded.append(NotEncoded(quote, at, reason))

    def _merged(self) -> list[DraftClaim]:
        seen: dict[tuple, DraftClaim] = {}
        for c in self.claims:
            first = seen.get(c.key())
            if first is None:
                seen[c.key()] = c
            else:
                first.comments.append(f"also said as: \"{' '.join(c.quote.split())}\"")
        return list(seen.values())
