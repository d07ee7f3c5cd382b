"""From recognised mentions to draft claims: the rules that turn a story's sentences into checkable claims.

Each sentence is read on its own, with three things carried from the sentences before it:
the UN body last named (a bare "the Council" is that body), the vote the story is telling
(:class:`Anchor`: set by a sentence that reports a vote with a day, e.g. "on Wednesday" or
"on 12 October", or with a symbol the data hold), and the story's subject state (the state
its resolutions are about, :func:`subject_states`).

The rules, in the order they are tried on a sentence:

1. **votes**: a vote phrase ("voted against", "abstained", "opposing", "form a blocking
   minority") takes as voters the states between the previous vote phrase (or the start of
   the sentence) and itself; a phrase with none inherits the voters of the previous one
   ("Pakistan abstained ... but voted against"); "those voting against ... were A, B" takes
   the states after "were". "Supported / sided with X against a resolution" is a no vote on
   a resolution naming X. One voter gives ``votes_on_naming`` (``vote_on`` when the story
   prints a symbol the data hold), several a ``bloc_vote``; with "Nth consecutive year", a
   ``consecutive_years`` claim. The state the resolution is about is never its own voter
   ("Sri Lanka rejected the resolution" is a position, not a vote).
2. **tallies**: "21-16", "25 in favour and 13 against", "by 143 votes to 5", "Votes In
   Favor: 20" (also over the next lines) give a ``tally`` when both the yes and the no count
   are known; a group after a count ("two against - U.S. and Israel") is a bloc vote too.
3. **counts**: "the 47-member Council", "47 member states" and "18 Asian states" give a
   ``composition`` of a body that lists its members (HRC, CHR, SC); "a two-year term expires
   in 2027" a ``member`` claim; "the session concluded on 22 January 2026" a ``session_end``.
4. **trade**: a US-dollar amount in a sentence about trade gives ``trade_about`` for the
   story's two states ("currently", "annually": the last full year before publication).

Time: the year of a claim is the date or year in its part of the sentence, else in the
sentence, else the story's current vote (when the sentence speaks of "the resolution", "the
vote" ...), else the publication year; each claim's comments say which. A day makes the
claim anchored to that day's vote (``date``).

Sentences that look checkable but fit no kind (a sponsor, "several African nations", a yes
count without a no count, a trade figure for border posts, a non-dollar amount ...) are
returned as :class:`NotEncoded` with the reason.
"""

from __future__ import annotations

import re
from typing import Any

from analysis.claims.draft.pipeline import Mention, Sentence
from analysis.claims.draft.story import (
    MAX_GAP,
    Anchor,
    DraftClaim,
    NotEncoded,
    When,
    choose_b,
    dedupe,
    default_when,
    sentence_body,
    states_between,
    story_pair,
    subject_states,
    target_states,
    targets_of,
    times_in,
)
from analysis.claims.draft.tallies import CountRules

# ------------------------------------------------------------------------------------ the drafter


#: Labels some rule acts on: a sentence with none of them (and no "vote", no heading) only updates the context.
_ACTIVE = frozenset({"VOTE", "SIDING", "ROLE_NUM", "PAIR_TALLY", "MEMBERS", "GROUP_COUNT", "SESSION_END", "TERM",
                     "MONEY", "SPONSOR", "ABSENT", "VAGUE_GROUP", "CONSECUTIVE", "OUTCOME"})


class Assembler(CountRules):
    """Turns an article's sentences into :class:`DraftClaim` s and :class:`NotEncoded` sentences (rule 1, the
    votes, here; rules 2-4 and the markers in :class:`~analysis.claims.draft.tallies.CountRules`)."""

    def run(self, sentences: list[Sentence]) -> tuple[list[DraftClaim], list[NotEncoded]]:
        """Draft every sentence in order; return the claims (duplicates merged) and the sentences not encoded."""
        ctx = self.ctx
        ctx.subject = subject_states(sentences)
        ctx.targets = target_states(sentences)
        ctx.pair = story_pair(sentences)
        pending: dict[str, Any] | None = None
        for i, s in enumerate(sentences):
            body, body_how = sentence_body(s, ctx)
            explicit = [m for m in s.of("BODY") if m.value not in ("COUNCIL", "ASSEMBLY")]
            if explicit:
                ctx.body, ctx.body_said = explicit[0].value, explicit[0].text
            elif s.of("BODY") and body:
                ctx.body = body
            if not _ACTIVE & {m.label for m in s.mentions} and "vot" not in s.text.lower() \
                    and not s.text.rstrip().endswith(":"):
                if pending:  # nothing here for any rule: only an open tally may close
                    pending = self._tally(s, body, body_how, pending)
                continue
            self._lists(s, sentences, i, body, body_how)
            self._update_anchor(s, body)
            self._votes(s, body, body_how)
            pending = self._tally(s, body, body_how, pending)
            self._counts(s, body, body_how)
            self._trade(s)
            self._markers(s)
        if pending:
            self._flush(pending)
        return self._merged(), self.not_encoded

    # ---- the vote a story is telling ------------------------------------------------

    def _update_anchor(self, s: Sentence, body: str | None) -> None:
        ctx = self.ctx
        reports_vote = bool(s.of("VOTE", "OUTCOME", "PAIR_TALLY", "ROLE_NUM")) or re.search(
            r"\bvot(ed|e|ing)\b", s.text, re.IGNORECASE)
        if not body or not reports_vote or s.of("SESSION_END"):
            times = times_in(s, ctx)
            if times and any(t.date is None for t in times) and s.of("VOTE", "SIDING"):
                ctx.anchor = None  # a vote in another year: the story moved on
            return
        days = [t for t in times_in(s, ctx) if t.date]
        if days:
            day = days[0]
            ctx.anchor = Anchor(body, day.date, day.year, day.why)
        elif any(t.date is None for t in times_in(s, ctx)):
            ctx.anchor = None

    # ---- votes ----------------------------------------------------------------------

    def _events(self, s: Sentence) -> list[tuple[Mention, str, Mention | None]]:
        """Vote phrases of the sentence: (phrase, vote, state sided with)."""
        events = []
        states = s.of("STATE")
        for m in s.mentions:
            if m.label == "SIDING":
                after = [x for x in states if m.end <= x.start <= m.end + 1]
                if after and re.search(r"\bagainst\b", s.text[after[0].end_char - s.start_char:], re.IGNORECASE) \
                        and s.of("RES"):
                    events.append((m, "no", after[0]))
                elif m.text.lower() == "backed" and not after:
                    events.append((m, "yes", None))
            elif m.label == "VOTE":
                after = [x for x in states if m.end <= x.start <= m.end + 1]
                if m.text.lower() == "backed" and after:
                    continue
                events.append((m, m.value, None))
            elif m.label == "ROLE_NUM" and re.search(r"\bthe\s*$", s.text[:m.start_char - s.start_char]):
                events.append((m, m.value[0], None))  # "joined Russia as the five opposing votes"
        return sorted(events, key=lambda e: e[0].start)

    def _votes(self, s: Sentence, body: str | None, body_how: str) -> None:
        events = self._events(s)
        if not events:
            return
        ctx = self.ctx
        targets = targets_of(s)
        target_codes = dedupe([t.value for t in targets])
        previous: list[Mention] = []
        last_end = 0
        end_tokens = max(m.end for m in s.mentions) + 1
        for k, (m, vote, sided) in enumerate(events):
            next_start = events[k + 1][0].start if k + 1 < len(events) else end_tokens
            voters = [x for x in states_between(s, last_end, m.start) if x not in targets and x is not sided]
            if voters and m.start - voters[-1].end > MAX_GAP:
                self._skip(s, [voters[-1], m], f"a vote phrase ('{m.text}') too far from the states named before it "
                           f"to say they cast it")
                previous = []
                last_end = m.end
                continue
            after_were = re.search(r"\b(were|are|included|include)\b", s.text[m.end_char - s.start_char:])
            if not voters and after_were and not previous:
                cut = m.end_char + after_were.end()
                voters = [x for x in states_between(s, m.end, next_start) if x.start_char >= cut and x not in targets]
            own = bool(voters)
            if not voters:
                voters = previous
            previous = voters
            segment = (min(v.start for v in voters) if own else last_end, next_start)
            last_end = m.end
            if not voters:
                continue
            codes = dedupe([v.value for v in voters])
            if not sided and not target_codes and set(codes) <= set(ctx.targets[:1]):
                self._skip(s, [*voters, m], f"{codes[0]} is the state the story's resolution is about: its "
                           f"rejecting (or accepting) the text is a position, not a vote (it may not sit on the "
                           f"{body or 'body'})")
                continue
            b_candidates = [sided.value] if sided else (target_codes or [c for c in ctx.subject if c not in codes])
            b_how = (f"'{sided.text}' (sided with)" if sided else
                     f"the resolution in the sentence ('{targets[0].text}')" if target_codes else
                     f"the story's subject ({', '.join(ctx.subject)}: the state its resolutions are about)"
                     if ctx.subject else "")
            evidence = [*voters, m] + ([sided] if sided else targets[:1])
            if body is None:
                self._skip(s, evidence, "a vote, but no UN body is named in or before the sentence")
                continue
            times = times_in(s, ctx, *segment) or times_in(s, ctx)
            when = times[0] if times else default_when(s, ctx)
            b, b_how = choose_b(b_candidates, body, when, ctx, b_how, tuple(codes))
            if b is None:
                self._skip(s, evidence, "a vote, but the story names no state the resolution is about")
                continue
            if b in codes:
                codes = [c for c in codes if c != b]
                if not codes:
                    self._skip(s, evidence, f"{b} is the state the resolution is about: its rejecting (or "
                               f"accepting) the text is a position, not a vote (it may not sit on the {body})")
                    continue
            evidence += [t for t in s.of("DATE") if segment[0] <= t.start < segment[1]][:1]
            comments = [f"body: {body} ({body_how})", f"b: {b} ({b_how})", f"time: {when.why}",
                        f"vote: {vote} ('{m.text}'{' ' + sided.text if sided else ''})"]
            for vague in s.of("VAGUE_GROUP"):
                comments.append(f"not encoded: '{vague.text}' (not a number or a list of states)")
            self._vote_claims(s, body, b, codes, vote, when, evidence, comments)

    def _vote_claims(self, s: Sentence, body: str, b: str, codes: list[str], vote: str, when: When,
                     evidence: list[Mention], comments: list[str]) -> None:
        ctx = self.ctx
        consecutive = s.of("CONSECUTIVE")
        symbols = [x for x in s.of("SYMBOL") if ctx.data.has_symbol(body, x.value)]
        for x in s.of("SYMBOL"):
            if x not in symbols:
                comments.append(f"symbol: '{x.value}' is not a recorded {body} vote in the data; not used")
        slug_states = "-".join(c.lower() for c in codes[:3])
        when_slug = str(when.date or when.year)
        if consecutive and len(codes) == 1:
            n = consecutive[0].value
            self._add("consecutive_years", s, [*evidence, consecutive[0]],
                      {"a": codes[0], "b": b, "body": body, "vote": vote, "years": n, "ending": when.year},
                      [*comments, f"'{consecutive[0].text}': a run of {n} years ending {when.year}"],
                      f"{body}-{slug_states}-{n}-years-{when.year}")
            return
        if symbols and len(codes) == 1:
            self._add("vote_on", s, [*evidence, symbols[0]],
                      {"a": codes[0], "symbol": symbols[0].value, "body": body, "vote": vote},
                      [*comments, f"anchored to the symbol the story prints ({symbols[0].value})"],
                      f"{body}-{slug_states}-{vote}-{symbols[0].value}")
            return
        anchor: dict[str, Any] = {"date": when.date} if when.date else {"from": when.year, "to": when.year}
        if symbols:
            anchor = {"symbol": symbols[0].value, "from": when.year, "to": when.year}
        if len(codes) == 1:
            fields = {"a": codes[0], "b": b, "body": body, "vote": vote, **anchor, "quantifier": "at_least_once"}
            self._add("votes_on_naming", s, evidence, fields,
                      [*comments, "quantifier: at_least_once (the sentence reports one vote)"
                       + (f"; anchored to the vote of {when.date}" if when.date else "")],
                      f"{body}-{slug_states}-{vote}-{when_slug}")
        else:
            self._add("bloc_vote", s, evidence, {"members": codes, "b": b, "body": body, "vote": vote, **anchor},
                      [*comments] + ([f"anchored to the vote of {when.date}"] if when.date else []),
                      f"{body}-bloc-{vote}-{slug_states}-{when_slug}")
        for session in s.of("SESSION"):
            if session.value.isdigit() and len(codes) == 1:
                self._add("votes_on_naming", s, [*evidence, session],
                          {"a": codes[0], "b": b, "body": body, "vote": vote, "session": int(session.value),
                           "quantifier": "at_least_once"},
                          [*comments[:2], f"the same claim read by the session the story names ('{session.text}')"],
                          f"{body}-{slug_states}-{vote}-session-{session.value}")

    # ---- lists under headings ("Voted in Favor:") ----------------------------------------

    def _lists(self, s: Sentence, sentences: list[Sentence], i: int, body: str | None, body_how: str) -> None:
        heading = s.text.strip()
        if not heading.endswith(":") or len(heading) > 40:
            return
        role = None
        low = heading.lower()
        if re.search(r"favou?r|\byes\b", low):
            role = "yes"
        elif re.search(r"against|\bno\b", low):
            role = "no"
        elif re.search(r"abstain|abstention", low):
            role = "abstain"
        if role is None:
            return
        items: list[tuple[Sentence, Mention | None, str]] = []
        for t in sentences[i + 1:]:
            if re.fullmatch(r"\d+[.)]?|[-•*]", t.text.strip()):
                continue
            line = re.sub(r"^\s*(\d+[.)]|[-•*])\s*", "", t.text.strip())
            if not line or line.endswith(":") or len(line) > 60:
                break
            states = t.of("STATE")
            if states:
                items.append((t, states[0], line))
                continue
            close = self._close_state(line)
            items.append((t, None, line) if close is None else (t, Mention("STATE", 0, 0, t.start_char,
                                                                             t.end_char, line, close), line))
        if len(items) < 2:
            return
        ctx = self.ctx
        codes = dedupe([m.value for _, m, _ in items if m is not None])
        unknown = [line for _, m, line in items if m is None]
        fuzzy = [f"'{m.text}' read as {m.value} (the closest state name)" for _, m, _ in items
                 if m is not None and m.end == 0]
        if body is None:
            self._skip(s, [], "a list of votes, but no UN body is named in or before it")
            return
        when = ctx.anchor and When(ctx.anchor.year, ctx.anchor.date, f"the vote the story is telling "
                                                                      f"({ctx.anchor.said})")
        when = when or default_when(s, ctx)
        b, b_how = choose_b([c for c in ctx.subject if c not in codes], body, when, ctx,
                             f"the story's subject ({', '.join(ctx.subject)})", tuple(codes))
        if b is None:
            self._skip(s, [], "a list of votes, but the story names no state the resolution is about")
            return
        comments = [f"body: {body} ({body_how})", f"b: {b} ({b_how})", f"time: {when.why}",
                    f"vote: {role} (the list under the heading '{heading}')", *fuzzy]
        if unknown:
            comments.append(f"not encoded: {', '.join(repr(u) for u in unknown)} (no state of that name)")
        last = items[-1][0]
        span = Sentence(s.index, s.start_char, last.end_char, self.ctx.text[s.start_char:last.end_char])
        anchor: dict[str, Any] = {"date": when.date} if when.date else {"from": when.year, "to": when.year}
        self._add("bloc_vote", span, [Mention("HEAD", 0, 0, s.start_char, last.end_char, "")],
                  {"members": [c for c in codes if c != b], "b": b, "body": body, "vote": role, **anchor},
                  comments, f"{body}-list-{role}-{when.date or when.year}")

    def _close_state(self, line: str) -> str | None:
        import difflib

        from analysis.core.countries import known_names

        names = {n: c for n, c in known_names().items() if len(c) == 1}
        hit = difflib.get_close_matches(line.lower(), list(names), n=1, cutoff=0.85)
        return next(iter(names[hit[0]])) if hit else None
