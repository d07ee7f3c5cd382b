"""How well a draft recovers hand-written claims: the matching rule, recall, extra and wrong claims.

**Matching rule.** A drafted claim recovers a reference claim when they have

- the same ``kind``;
- the same states (``a``, ``b`` and ``members``, as a set of ISO3 codes);
- the same ``body`` and the same ``vote``;
- the same years: every year the claim covers (``from``-``to``; the year of ``date``; the
  ``years`` years ending in ``ending``; ``year``);
- the same numbers: ``yes``, ``no``, ``abstain``, ``count``, ``group``, ``years``,
  ``session``, ``value_usd`` and ``date`` where the reference gives them.

Wording, ids, quantifier, outcome, comments and how a claim is anchored (a ``date`` or the
year around it) are not compared beyond that. Each reference claim is matched at most once.

**Recall** is the share of reference claims recovered. A drafted claim that matches none is
**extra**; it is **wrong** when a reference claim of the same kind and body is about the
same vote (the same years, and for votes an overlapping set of states) yet differs in a
state, the vote or a number: the drafter misread a fact the article states.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.claims.model import Claim

_NUMBERS = ("yes", "no", "abstain", "count", "group", "years", "session", "value_usd")


def _years(params: dict[str, Any]) -> frozenset[int]:
    if params.get("date") is not None:
        return frozenset({params["date"].year})
    if params.get("from") is not None:
        return frozenset(range(params["from"], params["to"] + 1))
    if params.get("ending") is not None:
        return frozenset(range(params["ending"] - params["years"] + 1, params["ending"] + 1))
    if params.get("year") is not None:
        return frozenset({params["year"]})
    return frozenset()


def _states(params: dict[str, Any]) -> frozenset[str]:
    found = {params.get("a"), params.get("b"), *(params.get("members") or [])}
    return frozenset(s for s in found if s)


@dataclass(frozen=True)
class Key:
    """What the matching rule compares: kind, states, body, vote, years and numbers."""

    kind: str
    states: frozenset[str]
    body: str | None
    vote: str | None
    years: frozenset[int]
    numbers: tuple

    @classmethod
    def of(cls, kind: str, params: dict[str, Any]) -> Key:
        """The key of a claim given as its kind and its fields (as ``Claim.params``)."""
        numbers = tuple((n, params.get(n)) for n in _NUMBERS)
        return cls(kind, _states(params), params.get("body"), params.get("vote"), _years(params), numbers)

    def describe(self) -> str:
        """A short line: kind, body, vote, states, years and the numbers given."""
        nums = ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in self.numbers
                         if v is not None)
        years = "-".join(str(y) for y in sorted(self.years)[:1] + sorted(self.years)[-1:][len(self.years) < 2:])
        parts = [self.kind, self.body or "", self.vote or "", ",".join(sorted(self.states)), years, nums]
        return " ".join(p for p in parts if p)


def matches(drafted: Claim, reference: Claim) -> bool:
    """True when ``drafted`` recovers ``reference`` by the matching rule (module docstring)."""
    d, r = Key.of(drafted.kind, drafted.params), Key.of(reference.kind, reference.params)
    if (d.kind, d.states, d.body, d.vote, d.years, d.numbers) != (r.kind, r.states, r.body, r.vote, r.years,
                                                                     r.numbers):
        return False
    day = reference.params.get("date")
    return day is None or drafted.params.get("date") in (None, day)


def _wrong(drafted: Claim, reference: Claim) -> bool:
    d, r = Key.of(drafted.kind, drafted.params), Key.of(reference.kind, reference.params)
    if d.kind != r.kind or d.body != r.body or d.years != r.years:
        return False
    if d.kind in ("votes_on_naming", "bloc_vote", "consecutive_years", "vote_on"):
        voters = lambda p: frozenset(p.get("members") or [p.get("a")])  # noqa: E731
        if not voters(drafted.params) & voters(reference.params):
            return False
    return (d.states, d.vote, d.numbers) != (r.states, r.vote, r.numbers)


@dataclass
class Recall:
    """The comparison of a draft with reference claims: matched pairs, missed, extra and wrong drafted claims."""

    name: str
    reference: list[Claim]
    drafted: list[Claim]
    matched: list[tuple[Claim, Claim]] = field(default_factory=list)
    missed: list[Claim] = field(default_factory=list)
    extra: list[Claim] = field(default_factory=list)
    wrong: list[tuple[Claim, Claim]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of reference claims recovered (1.0 for no reference claim)."""
        return len(self.matched) / len(self.reference) if self.reference else 1.0


def compare(name: str, drafted: list[Claim], reference: list[Claim]) -> Recall:
    """Match ``drafted`` against ``reference`` (each reference claim at most once); return a :class:`Recall`."""
    out = Recall(name, reference, drafted)
    free = list(reference)
    for d in drafted:
        hit = next((r for r in free if matches(d, r)), None)
        if hit is not None:
            free.remove(hit)
            out.matched.append((hit, d))
            continue
        near = next((r for r in reference if _wrong(d, r)), None)
        if near is not None:
            out.wrong.append((d, near))
        else:
            out.extra.append(d)
    out.missed = free
    return out


def table(results: list[Recall]) -> str:
    """A plain-text table: article, reference claims, recovered, recall, extra and wrong drafted claims, and a total."""
    rows = [("article", "reference", "recovered", "recall", "extra", "wrong")]
    for r in results:
        rows.append((r.name, str(len(r.reference)), str(len(r.matched)), f"{r.recall:.0%}", str(len(r.extra)),
                     str(len(r.wrong))))
    n_ref = sum(len(r.reference) for r in results)
    n_hit = sum(len(r.matched) for r in results)
    rows.append(("all", str(n_ref), str(n_hit), f"{n_hit / n_ref:.0%}" if n_ref else "-",
                 str(sum(len(r.extra) for r in results)), str(sum(len(r.wrong) for r in results))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths,
                                                                                                   strict=True)))
                     for row in rows)


# ------------------------------------------------------------------------------------ the reference articles

#: Claims in ``claims/seed_article.toml`` that an analyst added (not in the article): left out of its reference.
ANALYST_PREFIX = "Analyst's check"


@dataclass(frozen=True)
class Case:
    """A reference article: its name, text file, publication date and hand-written claims file."""

    name: str
    article: Path
    date: dt.date
    reference: Path


def cases(root: Path | None = None) -> list[Case]:
    """The reference articles: the seed (``claims/seed_article.toml``) and ``tests/fixtures/articles/*.reference.toml``.

    Each reference file's ``[source]`` gives the article (``article``) and its date (``date``).
    """
    import tomllib

    from analysis.core.paths import ROOT

    root = root or ROOT
    folder = root / "tests" / "fixtures" / "articles"
    out = [Case("seed (Palestine Telegraph, HRC, PAK-IRN)", folder / "seed_2026-01-24.txt", dt.date(2026, 1, 24),
                root / "claims" / "seed_article.toml")]
    for ref in sorted(folder.glob("*.reference.toml")):
        source = tomllib.loads(ref.read_text(encoding="utf-8"))["source"]
        out.append(Case(ref.name.removesuffix(".reference.toml"), folder / source["article"], source["date"], ref))
    return out


def reference_claims(case: Case, countries: Any) -> list[Claim]:
    """The hand-written claims of ``case`` (the seed's analyst-added GA checks left out)."""
    from analysis.claims.model import read_claims_file

    claims = read_claims_file(case.reference, countries).claims
    return [c for c in claims if not (c.source or "").startswith(ANALYST_PREFIX)]


def run_case(case: Case, drafter: Any, tmp: Path) -> Recall:
    """Draft ``case``'s article with ``drafter`` (a ``Drafter``), read the draft back as a claims file, compare."""
    from analysis.claims.draft import draft_article
    from analysis.claims.model import read_claims_file

    draft = draft_article(case.article, case.date, drafter)
    path = tmp / f"{case.article.stem}.draft.toml"
    path.write_text(draft.toml(path), encoding="utf-8")
    drafted = read_claims_file(path, drafter.data.countries).claims if draft.claims else []
    return compare(case.name, drafted, reference_claims(case, drafter.data.countries))
