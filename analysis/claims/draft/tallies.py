"""The drafter's rules 2-4 and its markers: tallies, counts (composition, terms, session ends), trade figures, and
the sentences that look checkable but are not encoded (see ``analysis.claims.draft.assemble`` for the rules in order).

:class:`CountRules` is a part of the :class:`~analysis.claims.draft.assemble.Assembler`; it writes into the
:class:`~analysis.claims.draft.story.DraftBook` it extends.
"""

from __future__ import annotations

import re
from typing import Any

from analysis.claims.draft import values
from analysis.claims.draft.pipeline import Mention, Sentence
from analysis.claims.draft.story import (
    LISTING,
    TALLY_CONTEXT,
    DraftBook,
    When,
    choose_b,
    dedupe,
    default_when,
    states_between,
    targets_of,
    times_in,
)


class CountRules(DraftBook):
    """Tallies over one or more lines, the named states after a count, composition, terms, session ends, trade
    figures and the markers of what is not encoded (each rule a method the drafter calls on every sentence)."""


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
