"""Internal consistency between the claims of one file, without data (rules in :mod:`analysis.claims.checks`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["inconsistencies"]

from analysis.claims.model import Claim

T = TypeVar("T")


def _usd(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1e6:,.0f} million US$"


@dataclass(frozen=True)
class _Fact:
    """What a claim implies about A's votes on roll calls of ``body`` naming B in ``year``."""

    claim: str
    a: str
    b: str
    body: str
    year: int
    vote: str
    all: bool  # all of A's votes that year were ``vote``
    cast: bool  # A cast ``vote`` at least once that year


def _facts(claim: Claim) -> list[_Fact]:
    p = claim.params
    if claim.kind == "votes_on_naming" and p.get("date") is not None:  # one day's vote: A cast V that year
        return [_Fact(claim.id, p["a"], p["b"], p["body"], p["date"].year, p["vote"], False, True)]
    if claim.kind == "votes_on_naming" and p["from"] is not None:
        single = p["from"] == p["to"]
        every = p["quantifier"] == "every"
        if not (every or single):
            return []
        return [_Fact(claim.id, p["a"], p["b"], p["body"], y, p["vote"], every, single)
                for y in range(p["from"], p["to"] + 1)]
    if claim.kind == "consecutive_years":
        return [_Fact(claim.id, p["a"], p["b"], p["body"], y, p["vote"], True, True)
                for y in range(p["ending"] - p["years"] + 1, p["ending"] + 1)]
    if claim.kind == "bloc_vote":
        if p.get("date") is not None or p.get("symbol") is not None:  # one vote: each member cast V that year
            years = [p["date"].year] if p.get("date") is not None else \
                list(range(p["from"], p["to"] + 1)) if p["from"] is not None else []
            return [_Fact(claim.id, m, p["b"], p["body"], y, p["vote"], False, True)
                    for m in p["members"] for y in years]
        single = p["from"] == p["to"]
        return [_Fact(claim.id, m, p["b"], p["body"], y, p["vote"], True, single)
                for m in p["members"] for y in range(p["from"], p["to"] + 1)]
    return []


def _years(years: Sequence[int]) -> str:
    years = sorted(set(years))
    return ", ".join(map(str, years))


def inconsistencies(claims: Sequence[Claim]) -> list[str]:
    """Return the pairs of claims that cannot both be true (``conflict: ...``) or only unusually (``tension: ...``).

    Works on the claims alone (no data); the rules are in the module docstring: facts
    (a, b, body, year, vote) implied by the vote claims, plus ``vote_on``,
    ``agreement_change`` and ``trade_about`` pairs. One line per pair of claims.
    """
    found: dict[tuple[str, str, str], list[int]] = {}
    texts: dict[tuple[str, str, str], str] = {}
    facts = [f for c in claims for f in _facts(c)]
    for f, g in _pairs(facts, lambda f: (f.a, f.b, f.body, f.year)):
        if f.claim == g.claim or f.vote == g.vote:
            continue
        if (f.all and g.cast) or (g.all and f.cast):
            level = "conflict"
            text = (f"claims {f.claim!r} and {g.claim!r} cannot both be true: {f.claim!r} implies {f.a} "
                    f"{'voted ' + f.vote + ' on every' if f.all else 'cast ' + f.vote + ' on at least one'} "
                    f"{f.body} roll call naming {f.b} in {{years}}, {g.claim!r} that it "
                    f"{'voted ' + g.vote + ' on every one' if g.all else 'cast ' + g.vote + ' on at least one'}")
        elif f.cast and g.cast:
            level = "tension"
            text = (f"claims {f.claim!r} ({f.vote}) and {g.claim!r} ({g.vote}) are both true only if the "
                    f"{f.body} held at least two recorded votes naming {f.b} in {{years}} and {f.a} voted "
                    f"differently on them")
        else:
            continue
        key = (level, f.claim, g.claim)
        found.setdefault(key, []).append(f.year)
        texts[key] = text
    out = [f"{level}: " + texts[(level, x, y)].replace("{years}", _years(yrs))
           for (level, x, y), yrs in found.items()]

    def pairs(kind: str, key: Callable[[Claim], Hashable]) -> Iterator[tuple[Claim, Claim]]:
        return _pairs([c for c in claims if c.kind == kind], key)

    for c, d in pairs("vote_on", lambda c: (c["a"], c["body"], c["symbol"], c["doc_type"])):
        if c["vote"] != d["vote"]:
            out.append(f"conflict: claims {c.id!r} and {d.id!r} give {c['a']} two votes on {c['symbol']} "
                       f"({c['doc_type']}): {c['vote']} and {d['vote']}")
    for c, d in pairs("agreement_change", lambda c: (*sorted((c["a"], c["b"])), c["body"], c["measure"], c["issue"])):
        # the same pair (either order), body, measure and issue
        if (c["from"], c["to"]) == (d["from"], d["to"]) and c["direction"] != d["direction"]:
            out.append(f"conflict: claims {c.id!r} and {d.id!r} say {c['measure']} {c['direction']} and "
                       f"{d['direction']} over the same years {c['from']}-{c['to']}")
        elif (c["from"], c["to"]) == (d["to"], d["from"]) and c["direction"] == d["direction"]:
            out.append(f"conflict: claims {c.id!r} and {d.id!r} say {c['measure']} {c['direction']} both from "
                       f"{c['from']} to {c['to']} and back")
    for c, d in pairs("trade_about", lambda c: (c["year"], _directed(c))):
        lo_c, hi_c = c["value_usd"] / (1 + c["tolerance"]), c["value_usd"] / (1 - c["tolerance"])
        lo_d, hi_d = d["value_usd"] / (1 + d["tolerance"]), d["value_usd"] / (1 - d["tolerance"])
        if hi_c < lo_d or hi_d < lo_c:
            out.append(f"conflict: claims {c.id!r} and {d.id!r} put the same {c['year']} trade at "
                       f"{_usd(c['value_usd'])} and {_usd(d['value_usd'])}, further apart than their tolerances allow")
    return out


def _pairs(items: Sequence[T], key: Callable[[T], Hashable]) -> Iterator[tuple[T, T]]:
    """Every pair (items[i], items[j]), i < j, whose ``key`` is equal, in the order of the double loop
    ``for i ...: for j > i ...`` (without visiting the pairs whose keys differ: linear in the items plus pairs)."""
    groups: dict[Hashable, list[int]] = {}
    for i, x in enumerate(items):
        groups.setdefault(key(x), []).append(i)
    seen: dict[Hashable, int] = {}
    for x in items:
        k = key(x)
        at = seen[k] = seen.get(k, -1) + 1  # the position of x in its group
        for j in groups[k][at + 1:]:
            yield x, items[j]


def _directed(claim: Claim) -> tuple[str, ...]:
    a, b, direction = claim["a"], claim["b"], claim["direction"]
    if direction == "total":
        return ("total", *sorted((a, b)))
    return (a, b) if direction == "a_to_b" else (b, a)
