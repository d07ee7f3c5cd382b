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

import datetime as dt
import re
from collections import Counter
from typing import Any

from analysis.claims.draft import values
from analysis.claims.draft.data import DataView
from analysis.claims.draft.pipeline import Mention, Sentence
from analysis.claims.draft.story import (
    LISTING,
    MAX_GAP,
    TALLY_CONTEXT,
    Anchor,
    Context,
    DraftClaim,
    NotEncoded,
    When,
    choose_b,
    dedupe,
    default_when,
    quote_of,
    sentence_body,
    statement_of,
    states_between,
    story_pair,
    subject_states,
    target_states,
    targets_of,
    times_in,
)

# ------------------------------------------------------------------------------------ the drafter


#: Labels some rule acts on: a sentence with none of them (and no "vote", no heading) only updates the context.
_ACTIVE = frozenset({"VOTE", "SIDING", "ROLE_NUM", "PAIR_TALLY", "MEMBERS", "GROUP_COUNT", "SESSION_END", "TERM",
                     "MONEY", "SPONSOR", "ABSENT", "VAGUE_GROUP", "CONSECUTIVE", "OUTCOME"})


class Assembler:
    """Turns an article's sentences into :class:`DraftClaim` s and :class:`NotEncoded` sentences."""

    def __init__(self, text: str, published: dt.date, data: DataView) -> None:
        self.ctx = Context(text=text, published=published, data=data)
        self.claims: list[DraftClaim] = []
        self.not_encoded: list[NotEncoded] = []
        self._ids: Counter[str] = Counter()

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

    # ---- bookkeeping --------------------------------------------------------------

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

    # ---- tallies ----------------------------------------------------------------------

    def _tally(self, s: Sentence, body: str | None, body_how: str, pending: dict[str, Any] | None
               ) -> dict[str, Any] | None:
        counts: dict[str, int] = {}
        used: list[Mention] = []
        context = TALLY_CONTEXT.search(s.text)
        for m in s.of("PAIR_TALLY"):
            if not context:
                continue
            counts.setdefault("yes", m.value[0])
            counts.setdefault("no", m.value[1])
            if len(m.value) > 2:
                counts.setdefault("abstain", m.value[2])
            used.append(m)
        for m in s.of("ROLE_NUM"):
            role, n = m.value
            if role not in counts:
                counts[role] = n
                used.append(m)
        self._groups_after_counts(s, body, body_how)
        if pending is not None:
            missing = [r for r in ("yes", "no", "abstain") if r in counts and r not in pending["counts"]]
            only_tally = not s.of("VOTE", "STATE") or all(r not in pending["counts"] for r in counts)
            if missing and only_tally and s.index - pending["last"] <= 3:
                for r in missing:
                    pending["counts"][r] = counts[r]
                pending["mentions"] += used
                pending["last"] = s.index
                if "yes" in pending["counts"] and "no" in pending["counts"] and "abstain" in pending["counts"]:
                    self._tally_claim(pending)
                    return None
                return pending
            self._flush(pending)
            pending = None
        if not counts:
            return None
        item = {"sentence": s, "counts": counts, "mentions": used, "body": body, "body_how": body_how,
                "last": s.index}
        inferred = self._counted_states(s)
        if "yes" in counts and "no" not in counts and inferred.get("no"):
            counts["no"] = len(inferred["no"])
            item["inferred"] = f"no = {counts['no']}: the states the sentence lists as opposed"
            if "abstain" not in counts and inferred.get("abstain"):
                counts["abstain"] = len(inferred["abstain"])
        if "yes" in counts and "no" in counts and ("abstain" in counts or s.of("PAIR_TALLY") or s.of("STATE")):
            self._tally_claim(item)
            return None
        return item  # partial, or a heading line whose abstentions may follow on the next line

    def _counted_states(self, s: Sentence) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        last = 0
        for m in s.of("VOTE"):
            states = [x.value for x in states_between(s, last, m.start)]
            out.setdefault(m.value, []).extend(states)
            last = m.end
        return out

    def _groups_after_counts(self, s: Sentence, body: str | None, body_how: str) -> None:
        """'two against - U.S. and Israel', 'three abstentions (Marshall Islands, ...)': the named states voted so."""
        for m in s.of("ROLE_NUM"):
            rest = s.text[m.end_char - s.start_char:]
            if not re.match(r"\s*[-–—(:]", rest):
                continue
            close = re.search(r"[)]|\b(and|with|while)\s+\d|\bwith\b", rest)
            stop = m.end_char + (close.start() if close else len(rest))
            states = [x for x in s.of("STATE") if m.end_char <= x.start_char < stop]
            if len(states) < 1 or body is None:
                continue
            role, n = m.value
            ctx = self.ctx
            times = times_in(s, ctx)
            when = times[0] if times else default_when(s, ctx)
            listed = dedupe([x.value for x in states])
            b, b_how = choose_b([c for c in ctx.subject if c not in listed], body, when, ctx,
                                 f"the story's subject ({', '.join(ctx.subject)})", tuple(listed))
            codes = [c for c in listed if c != b]
            if b is None or not codes:
                continue
            comments = [f"body: {body} ({body_how})", f"b: {b} ({b_how})", f"time: {when.why}",
                        f"vote: {role} ('{m.text}' followed by the states)"]
            if len(codes) != n:
                comments.append(f"the count says {n}, the story names {len(codes)}")
            anchor: dict[str, Any] = {"date": when.date} if when.date else {"from": when.year, "to": when.year}
            kind_fields = ({"a": codes[0], "b": b, "body": body, "vote": role, **anchor, "quantifier": "at_least_once"}
                           if len(codes) == 1 else {"members": codes, "b": b, "body": body, "vote": role, **anchor})
            self._add("votes_on_naming" if len(codes) == 1 else "bloc_vote", s, [m, *states], kind_fields, comments,
                      f"{body}-bloc-{role}-{'-'.join(c.lower() for c in codes[:3])}-{when.date or when.year}")

    def _tally_claim(self, item: dict[str, Any]) -> None:
        ctx = self.ctx
        s: Sentence = item["sentence"]
        body = item["body"]
        counts = item["counts"]
        if body is None:
            self._skip(s, item["mentions"], "a tally, but no UN body is named in or before it")
            return
        times = times_in(s, ctx)
        when = times[0] if times else default_when(s, ctx)
        outcome = next((m.value for m in s.of("OUTCOME")), None)
        symbols = [x for x in s.of("SYMBOL") if ctx.data.has_symbol(body, x.value)]
        b, b_how = choose_b(dedupe([t.value for t in targets_of(s)]) or ctx.subject, body, when, ctx,
                             "the resolution in the sentence" if targets_of(s) else
                             f"the story's subject ({', '.join(ctx.subject)})")
        fields: dict[str, Any] = {"body": body, "yes": counts["yes"], "no": counts["no"],
                                  "abstain": counts.get("abstain"), "outcome": outcome}
        comments = [f"body: {body} ({item['body_how']})"]
        if symbols:
            fields["symbol"] = symbols[0].value
            comments.append(f"found by the symbol the story prints ({symbols[0].value})")
        else:
            fields.update({"date": when.date} if when.date else {"from": when.year, "to": when.year})
            comments.append(f"time: {when.why}")
            if b:
                fields["b"] = b
                comments.append(f"b: {b} ({b_how})")
        for x in s.of("SYMBOL"):
            if x not in symbols:
                comments.append(f"symbol: '{x.value}' is not a recorded {body} vote in the data; not used")
        if item.get("inferred"):
            comments.append(item["inferred"])
        if outcome is None:
            comments.append("outcome: not said in the sentence (not checked)")
        if len({m.start_char for m in item["mentions"]}) and item["last"] != s.index:
            comments.append("counts read over consecutive lines")
        mentions = item["mentions"]
        start = min(m.start_char for m in mentions)
        end = max(m.end_char for m in mentions)
        span = Sentence(s.index, start, end, ctx.text[start:end])
        quote_sentence = s if all(s.start_char <= m.start_char < s.end_char for m in mentions) else span
        self._add("tally", quote_sentence, [*mentions, *s.of("OUTCOME")[:1]], fields, comments,
                  f"{body}-tally-{counts['yes']}-{counts['no']}-{when.date or when.year}")

    def _flush(self, item: dict[str, Any]) -> None:
        """A tally still open at the end of its lines: a claim when both counts are known, else not encoded."""
        if "yes" in item["counts"] and "no" in item["counts"]:
            self._tally_claim(item)
        else:
            self._partial(item)

    def _partial(self, item: dict[str, Any]) -> None:
        have = ", ".join(f"{r} {n}" for r, n in item["counts"].items())
        self._skip(item["sentence"], item["mentions"], f"a vote count ({have}) without both the yes and the no "
                   f"count: a tally claim needs both")

    # ---- counts, terms, session ends ----------------------------------------------------

    def _counts(self, s: Sentence, body: str | None, body_how: str) -> None:
        ctx = self.ctx
        times = times_in(s, ctx)
        current = bool(s.of("CURRENT"))
        when = times[0] if times else (When(ctx.published.year, None, f"'current': the publication year "
                                            f"({ctx.published})") if current else default_when(s, ctx))
        for m in s.of("MEMBERS", "GROUP_COUNT"):
            n, group = (m.value, None) if m.label == "MEMBERS" else m.value
            if body not in LISTING:
                self._skip(s, [m], f"the size of the {body or 'body'}: composition claims cover bodies that list "
                           f"their members (HRC, CHR, SC), not the {body or 'unnamed body'}")
                continue
            fields = {"body": body, "year": when.year, "count": n, "group": group}
            comments = [f"body: {body} ({body_how})", f"time: {when.why}"]
            if group:
                comments.append(f"'{m.text}': members of the UN regional group {group}")
            self._add("composition", s, [m], fields, comments, f"{body}-{n}-{(group or 'members').lower()}-"
                                                               f"{when.year}")
        ends = s.of("SESSION_END")
        days = [t for t in times if t.date]
        if ends and days and body:
            sessions = s.of("SESSION")
            fields: dict[str, Any] = {"body": body, "date": days[0].date}
            comments = [f"body: {body} ({body_how})", f"date: {days[0].why}"]
            if sessions:
                fields["session"] = sessions[0].value
                comments.append(f"session: '{sessions[0].text}'")
            elif ctx.subject:
                b, b_how = choose_b(ctx.subject, body, When(days[0].year, None, ""), ctx,
                                     f"the story's subject ({', '.join(ctx.subject)})")
                fields.update({"b": b, "from": days[0].year, "to": days[0].year})
                comments.append(f"the session is the one that voted on a resolution naming {b} in {days[0].year} "
                                f"({b_how})")
            self._add("session_end", s, [ends[0], *[m for m in s.of("DATE") if m.kind == "day"][:1]], fields,
                      comments, f"{body}-session-end-{days[0].date}")
        for term in s.of("TERM"):
            holders = s.of("STATE")
            years = [t for t in times if t.date is None and re.search(r"\b(expire|end|run)", s.text)]
            if not holders or not years:
                continue
            if body not in LISTING:
                self._skip(s, [holders[0], term], "a term on a body without membership lists in the data")
                continue
            end = years[0].year
            self._add("member", s, [holders[0], term, *[m for m in s.of("DATE") if m.kind == "year"][:1]],
                      {"a": holders[0].value, "body": body, "from": end - term.value + 1, "to": end},
                      [f"body: {body} ({body_how})", f"'{term.text}' ending {end}: a member in each of "
                       f"{end - term.value + 1}-{end}"], f"{body}-{holders[0].value}-member-to-{end}")

    # ---- trade ------------------------------------------------------------------------

    def _trade(self, s: Sentence) -> None:
        ctx = self.ctx
        for m in s.of("MONEY"):
            amount, currency = m.value
            if not s.of("TRADE"):
                self._skip(s, [m], f"an amount ({m.text}) that is not a trade figure between two states")
                continue
            part = s.of("PART_TRADE")
            if part:
                self._skip(s, [*part[:1], m], f"a trade figure for part of the trade ('{part[0].text}'): the data "
                           f"have no trade by border post, sector or contract")
                continue
            if not values.is_us_dollars(currency):
                self._skip(s, [m], f"an amount in {currency or 'another currency'} ({m.text}): trade claims are "
                           f"in US dollars and the drafter converts no currency")
                continue
            states = dedupe([x.value for x in s.of("STATE")])
            pair = states if len(states) == 2 else ctx.pair
            if len(pair) != 2:
                self._skip(s, [m], "a trade figure, but the story does not name two states")
                continue
            times = [t for t in times_in(s, ctx) if t.date is None]
            if times:
                year, why = times[0].year, times[0].why
            else:
                year = ctx.published.year - 1
                why = (f"{'present tense (' + s.of('CURRENT')[0].text + ')' if s.of('CURRENT') else 'no year'}: "
                       f"the last full year before publication ({ctx.published})")
            pair_how = "the two states in the sentence" if len(states) == 2 else \
                "the story's two most-named states"
            self._add("trade_about", s, [*s.of("TRADE")[:1], m], {
                "a": pair[0], "b": pair[1], "year": year, "value_usd": amount, "direction": "total"},
                [f"a, b: {pair[0]}, {pair[1]} ({pair_how})", f"year: {year} ({why})",
                 f"value: {m.text} = {amount:,.0f} US$, total trade both ways"],
                f"trade-{pair[0]}-{pair[1]}-{year}")

    # ---- markers: what is not encoded ------------------------------------------------

    def _markers(self, s: Sentence) -> None:
        for m in s.of("SPONSOR"):
            after = [x for x in s.of("STATE") if m.end <= x.start <= m.end + 1]
            self._skip(s, [m, *after], "who tabled or sponsored a text is not in the data")
        for m in s.of("VAGUE_GROUP"):
            self._skip(s, [m], f"'{m.text}' is not a number or a list of states")
        for m in s.of("ABSENT"):
            self._skip(s, [*s.of("STATE")[:1], m], "not voting or absence: vote claims take yes, no or abstain only")
        for m in s.of("CONSECUTIVE"):
            if not any(c.quote_at >= s.start_char and c.quote_at < s.end_char and c.kind == "consecutive_years"
                       for c in self.claims):
                self._skip(s, [m], f"'{m.text}' of the body's own decisions (or of a group), not of one state's "
                           f"votes: consecutive_years is about one state")
