"""The recognisers: a blank English spaCy pipeline with rule-based matchers, no trained model.

:class:`Recogniser` tokenises an article with ``spacy.blank("en")``, splits it into
sentences (spaCy's ``sentencizer``, plus a break at every line end, since headings and list
items stand on their own lines) and finds :class:`Mention` s with a ``PhraseMatcher`` (state
names from the package's country table, demonyms, capitals, bodies, vote words) and a
``Matcher`` (token patterns for tallies, counts, sessions, runs of years, terms, money and
dates). Overlaps are resolved longest first within two families: figures (a tally, a count,
a date ...) and words (a state, a body, a vote ...); a figure hides the words inside it
("7 voted against" is a count, not a vote) but never a state or a body.

Labels and values (``Mention.value``):

=============  ===========================================================================
STATE          ISO3 ("Pakistan", "Pakistani", "Islamabad"); ``kind`` name|demonym|capital
BODY           GA, HRC, CHR, SC, or COUNCIL / ASSEMBLY (resolved from context)
GROUP          UN regional group of an adjective ("Asian")
VOTE           yes | no | abstain ("voted against", "abstained", "backed")
SIDING         "supported", "sided with" (a state then follows)
ROLE_NUM       (role, n): "25 in favour", "seven against", "Abstentions: 20"
PAIR_TALLY     (yes, no[, abstain]): "21-16", "143 to 5", "by 24 votes to 15"
MEMBERS        n: "the 47-member Council", "47 member states"
GROUP_COUNT    (n, group): "18 Asian states"
VAGUE_GROUP    group: "several African nations"
SESSION        label: "57" ("57th session"), "S-39" ("39th special session")
CONSECUTIVE    n: "third consecutive year", "31st straight year"
TERM           n: "two-year term"
MONEY          the phrase, read by ``values.money``
DATE           (text, precision day|month|year|relative) parsed by ``values.date``
SYMBOL         a UN document symbol ("A/HRC/RES/51/1"), found by a regular expression
RES, OUTCOME, SESSION_END, SPONSOR, ABSENT, TRADE, PART_TRADE, CURRENT: marker words
=============  ===========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from analysis.claims.draft import lexicon as lx

#: Token patterns' building blocks.
_NUM = {"LIKE_NUM": True}
# predicates without regular expressions (set look-ups and lengths are cached per token; a count's range is checked
# when the match is read)
_COUNT = {"LIKE_NUM": True, "LENGTH": {"<=": 9}}
_ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                  "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth",
                  "seventieth", "eightieth", "ninetieth"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
_ORDINALS = [f"{n}{'th' if 10 <= n % 100 <= 20 else _SUFFIX.get(n % 10, 'th')}" for n in range(1, 200)]
_ORD = {"LOWER": {"IN": [*_ORDINALS, *_ORDINAL_WORDS]}}
_YEAR = {"TEXT": {"IN": [str(y) for y in range(1945, 2101)]}}
_MONTH = {"LOWER": {"IN": [*lx.MONTHS, *lx.MONTH_ABBREVIATIONS]}}
_DAY = {"TEXT": {"IN": [str(d) for d in range(1, 32)]}}
_ADVERB = {"LOWER": {"IN": ["overwhelmingly", "unanimously", "narrowly", "again", "also", "then", "reportedly",
                            "once", "similarly", "likewise", "still", "later"]}, "OP": "?"}
_SCALE = {"LOWER": {"IN": list(lx.SCALES)}}
_CURRENCY = {"TEXT": {"IN": ["$", "US$", "USD", "Rs", "Rs.", "PKR", "INR", "€", "£", "EUR", "GBP", "CNY", "IRR",
                             "Rials", "rials", "Rupees", "rupees", "¥", "AED", "SAR"]}}
_ROLE = {"LOWER": {"IN": list(lx.ROLE_WORDS)}}
_GAP = {"IS_PUNCT": False, "LIKE_NUM": False, "IS_SPACE": False, "OP": "{0,3}"}

_SYMBOL = re.compile(r"\b[AS]/(?:[A-Za-z0-9.\-]+/)+[A-Za-z0-9.\-]*[0-9][A-Za-z0-9.\-]*")

#: Figures hide the marker words inside them; they never hide a state or a body.
_FIGURES = frozenset({"ROLE_NUM", "PAIR_TALLY", "MEMBERS", "GROUP_COUNT", "SESSION", "CONSECUTIVE", "TERM", "MONEY",
                      "DATE", "SYMBOL", "VAGUE_GROUP"})
_KEPT_UNDER_FIGURES = frozenset({"STATE", "BODY"})
_COUNTED = frozenset({"ROLE_NUM", "PAIR_TALLY", "MEMBERS", "GROUP_COUNT", "TERM"})


@dataclass(frozen=True)
class Mention:
    """Something recognised in the article: ``label``, token span ``start``-``end``, characters, text and value."""

    label: str
    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    value: Any = None
    kind: str | None = None


@dataclass
class Sentence:
    """One sentence (or heading, or list item) of the article and the mentions in it."""

    index: int
    start_char: int
    end_char: int
    text: str
    mentions: list[Mention] = field(default_factory=list)
    span: Any = None
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def links(self) -> frozenset[int]:
        """Token indices of the words that introduce a resolution's state ("on", "of", "against" ...)."""
        if "links" not in self.cache:
            span = self.span
            self.cache["links"] = frozenset() if span is None else frozenset(
                t.i for t in span if t.lower_ in lx.TARGET_LINKS)
        return self.cache["links"]

    def of(self, *labels: str) -> list[Mention]:
        """The mentions with one of ``labels``, in order (indexed by label on first use)."""
        index = self.cache.get("by_label")
        if index is None:
            index = {}
            for m in self.mentions:
                index.setdefault(m.label, []).append(m)
            self.cache["by_label"] = index
        if len(labels) == 1:
            return list(index.get(labels[0], ()))
        return [m for m in self.mentions if m.label in labels]


def _state_names(countries: pl.DataFrame) -> dict[str, tuple[str, str]]:
    """Lower-case phrase -> (ISO3, kind) for every state name, demonym and capital of states in ``countries``."""
    from analysis.core.countries import known_names

    known = set(countries["iso3"].to_list())
    out: dict[str, tuple[str, str]] = {}
    for name, codes in known_names().items():
        inside = codes & known
        if len(inside) == 1 and len(codes) == 1:
            out[name] = (next(iter(inside)), "name")
    for name in countries["name"].to_list():
        out.setdefault(name.lower(), (countries.filter(pl.col("name") == name)["iso3"][0], "name"))
    out.update({k: (v, "name") for k, v in lx.EXTRA_NAMES.items() if v in known})
    out.update({k: (v, "demonym") for k, v in lx.DEMONYMS.items() if v in known})
    out.update({k: (v, "capital") for k, v in lx.CAPITALS.items() if v in known})
    return out


def _patterns() -> dict[str, list[list[dict[str, Any]]]]:
    role_colon = {"LOWER": {"IN": ["favor", "favour", "against", "abstentions", "abstention", "abstained"]}}
    return {
        "ROLE_NUM": [[_COUNT, _GAP, _ROLE], [role_colon, {"ORTH": ":"}, _COUNT],
                     [{"LOWER": {"IN": ["by", "with"]}}, _COUNT, {"LOWER": "votes"}]],
        "PAIR_TALLY": [
            [_COUNT, {"ORTH": {"IN": ["-", "–", "—"]}}, _COUNT, {"ORTH": {"IN": ["-", "–", "—"]}, "OP": "?"},
             {**_COUNT, "OP": "?"}],
            [_COUNT, {"LOWER": "votes", "OP": "?"}, {"LOWER": "to"}, _COUNT],
        ],
        "MEMBERS": [[_COUNT, {"ORTH": "-"}, {"LOWER": "member"}],
                    [_COUNT, {"LOWER": "member"}, {"LOWER": {"IN": ["states", "countries", "nations"]}}],
                    [_COUNT, {"LOWER": "members"}]],
        "GROUP_COUNT": [[_COUNT, {"LOWER": {"IN": ["latin", "eastern", "western"]}, "OP": "?"},
                         {"LOWER": {"IN": ["asian", "african", "american", "european", "asia-pacific"]}},
                         {"LOWER": {"IN": ["states", "countries", "nations", "members"]}}]],
        "VAGUE_GROUP": [[{"LOWER": {"IN": ["several", "some", "many", "other", "various", "most", "few"]}},
                         {"LOWER": {"IN": ["latin", "eastern", "western"]}, "OP": "?"},
                         {"LOWER": {"IN": ["asian", "african", "american", "european", "arab", "western", "muslim"]}},
                         {"LOWER": {"IN": ["states", "countries", "nations"]}}]],
        "SESSION": [[_ORD, {"IS_ALPHA": True, "LOWER": {"NOT_IN": ["session", "sessions", "year"]}, "OP": "{0,3}"},
                     {"LOWER": "session"}],
                    [{"LOWER": {"IN": _TENS}}, {"ORTH": "-"}, _ORD,
                     {"IS_ALPHA": True, "LOWER": {"NOT_IN": ["session", "sessions"]}, "OP": "{0,3}"},
                     {"LOWER": "session"}]],
        "CONSECUTIVE": [[_ORD, {"LOWER": {"IN": ["consecutive", "straight", "successive", "running"]}},
                         {"LOWER": "year"}],
                        [_ORD, {"LOWER": {"IN": ["straightyear", "consecutiveyear"]}}],
                        [{"LOWER": {"IN": _TENS}}, {"ORTH": "-"}, _ORD,
                         {"LOWER": {"IN": ["consecutive", "straight", "successive"]}}, {"LOWER": "year"}]],
        "TERM": [[_COUNT, {"ORTH": "-"}, {"LOWER": "year"}, {"LOWER": "term"}]],
        "MONEY": [[_CURRENCY, {"ORTH": ".", "OP": "?"}, _NUM, {**_SCALE, "OP": "?"}],
                  [{"ORTH": "US"}, {"ORTH": "$"}, _NUM, {**_SCALE, "OP": "?"}],
                  [_NUM, {**_SCALE, "OP": "?"}, {"LOWER": {"IN": ["dollars", "usd", "rupees", "euros", "rials"]}}]],
        "DATE_DAY": [[_DAY, _MONTH, {**_YEAR, "OP": "?"}],
                     [_MONTH, {"ORTH": ".", "OP": "?"}, _DAY, {"ORTH": ",", "OP": "?"}, {**_YEAR, "OP": "?"}],
                     [{"LOWER": {"IN": list(lx.WEEKDAYS)}}], [{"LOWER": {"IN": ["yesterday", "today"]}}]],
        "DATE_MONTH": [[_MONTH, _YEAR], [{"LOWER": "in"}, {"LOWER": {"IN": list(lx.MONTHS)}}]],
        "DATE_YEAR": [[_YEAR]],
        "DATE_RELATIVE": [[{"LOWER": {"IN": ["last", "this", "previous"]}}, {"LOWER": "year"}],
                          [{"LOWER": "a"}, {"LOWER": "year"}, {"LOWER": "ago"}]],
        "VOTE_NO": [[{"LOWER": {"IN": ["voted", "voting", "vote", "votes"]}}, _ADVERB, {"LOWER": "against"}]],
        "VOTE_YES": [[{"LOWER": {"IN": ["voted", "voting", "vote", "votes"]}}, _ADVERB,
                      {"LOWER": "in"}, {"LOWER": {"IN": ["favour", "favor"]}}, {"LOWER": "of", "OP": "?"}]],
    }


_WORD_LISTS: dict[str, Iterable[str]] = {
    "SIDING": lx.SIDING_WORDS, "RES": lx.RESOLUTION_NOUNS, "OUTCOME": lx.OUTCOME_WORDS,
    "SESSION_END": lx.SESSION_END_WORDS, "SPONSOR": lx.SPONSOR_WORDS, "ABSENT": lx.ABSENT_WORDS,
    "TRADE": lx.TRADE_WORDS, "PART_TRADE": lx.PART_OF_TRADE_WORDS, "CURRENT": lx.CURRENT_WORDS,
}


_AFTER_LINE_END = re.compile(r"\n\s*(?=\S)")


def _line_breaks(doc, text: str | None = None):  # noqa: ANN001, ANN201 - a spaCy component
    """Start a sentence after every line end (headings and list items stand alone), in one array operation.

    ``text`` is the doc's text when the caller has it (``doc.text`` joins every token again).
    """
    import numpy as np
    from spacy.attrs import IDX, SENT_START

    ends = [m.end() for m in _AFTER_LINE_END.finditer(doc.text if text is None else text)]
    if not ends or len(doc) < 2:
        return doc
    starts = doc.to_array([IDX]).ravel()
    at = np.searchsorted(starts, np.asarray(ends))
    at = at[(at > 0) & (at < len(doc))]
    flags = doc.to_array([SENT_START]).ravel().astype("int32")
    flags[at] = 1
    flags[0] = 1
    doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
    return doc


#: Words (lower case) a token pattern can start or hinge on besides numbers: the patterns run only on sentences
#: holding one of them or a number-like token (most sentences of a story hold neither).
_HINT_WORDS = frozenset({
    *_ORDINALS, *_ORDINAL_WORDS, *_TENS, *lx.MONTHS, *lx.MONTH_ABBREVIATIONS, *lx.WEEKDAYS, "yesterday", "today",
    "year", "vote", "votes", "voted", "voting", "several", "some", "many", "other", "various", "most", "few",
    "dollars", "rupees", "euros", "rials", "$", "us$", "usd", "rs", "rs.", "pkr", "inr", "€", "£", "¥", "eur",
    "gbp", "cny", "irr", "aed", "sar", "favor", "favour", "against", "abstentions", "abstention", "abstained",
})


class Recogniser:
    """The spaCy pipeline and matchers for one country table; call it on a text to get its sentences.

    Build once (``Recogniser(countries)``) and reuse: building the matchers takes about a
    second, reading an article a few milliseconds.
    """

    def __init__(self, countries: pl.DataFrame) -> None:
        import numpy as np
        import spacy
        from spacy.language import Language
        from spacy.matcher import Matcher, PhraseMatcher

        if "unalign_line_breaks" not in Language.factories:
            Language.component("unalign_line_breaks", func=_line_breaks)
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.nlp.add_pipe("unalign_line_breaks")  # in the pipeline for users of ``nlp``; ``sentences`` runs it itself
        self.states = _state_names(countries)
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        make = self.nlp.make_doc
        # the tokenizer's exceptions are case-sensitive ("U.S." is one token, "u.s." two): add each spelling's cases
        variants = {v for name in self.states for v in (name, name.title(), name.upper())}
        self.phrases.add("STATE", [make(v) for v in sorted(variants)])
        self.phrases.add("BODY", [make(p) for p in lx.BODY_PHRASES])
        self.phrases.add("GROUP", [make(p) for p in lx.GROUP_ADJECTIVES])
        self.phrases.add("VOTE", [make(p) for p in lx.VOTE_WORDS])
        for label, words in _WORD_LISTS.items():
            self.phrases.add(label, [make(w) for w in words])
        self.matcher = Matcher(self.nlp.vocab)
        for label, patterns in _patterns().items():
            self.matcher.add(label, patterns)
        strings = self.nlp.vocab.strings
        self.hint_ids = np.asarray(sorted(strings.add(w) for w in _HINT_WORDS), dtype="uint64")

    # ---- reading ----------------------------------------------------------------

    def sentences(self, text: str) -> list[Sentence]:
        """Return the sentences of ``text`` with their mentions (overlaps resolved)."""
        import numpy as np
        from spacy.attrs import LIKE_NUM, LOWER, SENT_START

        doc = self.nlp.make_doc(text)
        for name, component in self.nlp.pipeline:
            doc = _line_breaks(doc, text) if name == "unalign_line_breaks" else component(doc)
        attrs = doc.to_array([SENT_START, LIKE_NUM, LOWER])
        bounds = [*np.flatnonzero(attrs[:, 0].astype("int64") == 1).tolist(), len(doc)]
        if not bounds or bounds[0] != 0:
            bounds.insert(0, 0)
        sents = [doc[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
        # the token patterns only run on sentences with a number, a month, a weekday, a vote word ... (few do)
        hints = np.cumsum((attrs[:, 1] == 1) | np.isin(attrs[:, 2], self.hint_ids))
        candidates = [self._phrase(doc, mid, s, e) for mid, s, e in self.phrases(doc)]
        for sent in sents:
            if hints[sent.end - 1] - (hints[sent.start - 1] if sent.start else 0) > 0:
                candidates += [self._pattern(doc, mid, sent.start + s, sent.start + e)
                               for mid, s, e in self.matcher(sent)]
        candidates += self._symbols(doc, text)
        mentions = _resolve([m for m in candidates if m is not None])
        out = [Sentence(i, s.start_char, s.end_char, s.text, span=s) for i, s in enumerate(sents)]
        starts = [s.start_char for s in out]
        import bisect

        for m in mentions:
            out[bisect.bisect_right(starts, m.start_char) - 1].mentions.append(m)
        return [s for s in out if s.text.strip()]

    def _phrase(self, doc: Any, match_id: int, start: int, end: int) -> Mention | None:
        label = self.nlp.vocab.strings[match_id]
        span = doc[start:end]
        low = span.text.lower()
        value: Any = None
        kind = None
        if label == "STATE":
            if not span.text[0].isupper():
                return None
            value, kind = self.states[low]
            if len(low.replace(".", "")) <= 3 and not span.text.replace(".", "").isupper():
                return None  # "us", "Uk": only US, U.S., UK, UAE in capitals name a state
        elif label == "BODY":
            value = lx.BODY_PHRASES[low]
            if value == "COUNCIL" and start > 0 and doc[start - 1].lower_ in lx.OTHER_COUNCILS | {"security"}:
                return None
            if value == "COUNCIL" and start > 0 and doc[start - 1].text.isupper() and len(doc[start - 1]) > 1:
                return None  # "OIC Council", "GCC Council"
            if value == "COUNCIL" and end < len(doc) and doc[end].lower_ == "of":
                return None  # "Council of Foreign Ministers", "Council of Europe"
        elif label == "GROUP":
            value = lx.GROUP_ADJECTIVES[low]
        elif label == "VOTE":
            value = lx.VOTE_WORDS[low]
        elif label == "OUTCOME":
            value = lx.OUTCOME_WORDS[low]
        return Mention(label, start, end, span.start_char, span.end_char, span.text, value, kind)

    def _pattern(self, doc: Any, match_id: int, start: int, end: int) -> Mention | None:
        from analysis.claims.draft import values

        label = self.nlp.vocab.strings[match_id]
        span = doc[start:end]
        words = [t.lower_ for t in span]
        value: Any = None
        kind = None
        if any(t.like_num and t.is_digit and len(t) > 3 for t in span) and label in _COUNTED:
            return None  # a count of votes or members has at most three digits (not a year)
        if label == "ROLE_NUM":
            if words[-1] == "votes":
                n, role = values.whole(span[1].text), "yes"
            elif words[-1] in lx.ROLE_WORDS:
                n, role = values.whole(span[0].text), lx.ROLE_WORDS[words[-1]]
            else:
                n, role = values.whole(span[-1].text), lx.ROLE_WORDS[words[0]]
            if n is None:
                return None
            value = (role, n)
        elif label == "PAIR_TALLY":
            numbers = [values.whole(t.text) for t in span if t.like_num]
            if any(n is None for n in numbers) or len(numbers) < 2:
                return None
            if start > 0 and doc[start - 1].text in ("$", "US$", "between", "from", "aged", "ages"):
                return None
            value = tuple(numbers)
        elif label in ("MEMBERS", "TERM"):
            value = values.whole(span[0].text)
        elif label == "GROUP_COUNT":
            group = " ".join(words[1:-1])
            value = (values.whole(span[0].text), lx.GROUP_ADJECTIVES.get(group))
            if value[1] is None:
                return None
        elif label == "VAGUE_GROUP":
            value = lx.GROUP_ADJECTIVES.get(" ".join(words[1:-1]), " ".join(words[1:-1]))
        elif label in ("SESSION", "CONSECUTIVE"):
            n = _ordinal_of(span)
            if n is None:
                return None
            value = (f"S-{n}" if "special" in words else str(n)) if label == "SESSION" else n
        elif label == "MONEY":
            scale = words[-1] if words[-1] in lx.SCALES else None
            body = span[:-1] if scale else span
            value = values.money(body.text, scale)
            if value is None:
                return None
        elif label.startswith("DATE_"):
            kind = label.removeprefix("DATE_").lower()
            if words[0] == "in" and end < len(doc) and re.match(r"^(19|20)\d\d$", doc[end].text):
                return None  # "in September 2025" is one date (month and year)
            label = "DATE"
            value = span.text
        elif label in ("VOTE_NO", "VOTE_YES"):
            value = "no" if label == "VOTE_NO" else "yes"
            label = "VOTE"
        if value is None and label not in ("DATE",):
            return None
        return Mention(label, start, end, span.start_char, span.end_char, span.text, value, kind)

    @staticmethod
    def _symbols(doc: Any, text: str) -> list[Mention]:
        out = []
        for match in _SYMBOL.finditer(text):
            text = match.group().rstrip(".-")
            span = doc.char_span(match.start(), match.start() + len(text), alignment_mode="expand")
            if span is not None:
                out.append(Mention("SYMBOL", span.start, span.end, match.start(), match.start() + len(text), text,
                                   text))
        return out


def _ordinal_of(span: Any) -> int | None:
    from analysis.claims.draft import values

    first = span[0].lower_
    if first in _TENS and len(span) > 2:
        tens = values.number(first)
        unit = values.ordinal(span[2].lower_)
        return int(tens + unit) if tens is not None and unit is not None else None
    return values.ordinal(first)


_PRIORITY = {"SYMBOL": 0, "MONEY": 1, "PAIR_TALLY": 2, "ROLE_NUM": 3, "GROUP_COUNT": 4, "MEMBERS": 5, "TERM": 5,
             "CONSECUTIVE": 6, "SESSION": 7, "VAGUE_GROUP": 8, "DATE": 9}


def _resolve(candidates: list[Mention]) -> list[Mention]:
    """Keep the longest mention of each family where mentions overlap (a figure also hides marker words)."""
    figures = sorted((m for m in candidates if m.label in _FIGURES),
                     key=lambda m: (-(m.end - m.start), _PRIORITY.get(m.label, 10), m.start))
    words = sorted((m for m in candidates if m.label not in _FIGURES),
                   key=lambda m: (-(m.end - m.start), m.start))
    taken_fig: set[int] = set()
    kept: list[Mention] = []
    for m in figures:
        span = set(range(m.start, m.end))
        if not span & taken_fig:
            kept.append(m)
            taken_fig |= span
    taken_word: set[int] = set()
    for m in words:
        span = set(range(m.start, m.end))
        if span & taken_word:
            continue
        if m.label not in _KEPT_UNDER_FIGURES and span & taken_fig:
            continue
        kept.append(m)
        taken_word |= span
    return sorted(kept, key=lambda m: (m.start_char, m.end_char))
