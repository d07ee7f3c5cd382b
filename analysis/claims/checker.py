"""What the checks of one file share: :class:`Checker` (the data, the coverage, the state names) and its helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

import polars as pl

from analysis.claims.data import ClaimData
from analysis.claims.model import Claim
from analysis.core import registry
from analysis.core.vocab import BODY_NAMES, LISTING_BODIES
from analysis.measures.resolutions import with_votes

B = TypeVar("B")


def where_from(body: str, datasets: Mapping[str, registry.Dataset] | None = None) -> str:
    """Where later votes of ``body`` come from, read from the registry (``datasets``, default
    ``registry.load()``): every declared dataset that brings the body's votes, with its command,
    e.g. " from UN Digital Library voting records (`python -m analysis fetch votes --body GA`)";
    "" when none is declared."""
    ways = [f"{d.short} (`{d.fetch.format(body=body)}`)" for d in (datasets or registry.load()).values()
            if d.fetch and body in d.bodies]
    return f" from {' or '.join(ways)}" if ways else ", added to data/raw"


class Checker:
    """Data shared by the checks of one file: its :class:`ClaimData`, the coverage and the state names."""

    def __init__(self, data: ClaimData, claims: Sequence[Claim] = ()) -> None:
        """``claims``: every claim the checker will be asked about, so that a kind's check can answer
        them all at once (in :attr:`batches`, by kind) before the first is asked for."""
        self.data = data
        self.claims = list(claims)
        #: per claim kind, what its check computed for all the claims of that kind at once
        self.batches: dict[str, Any] = {}
        self._datasets: dict[str, registry.Dataset] | None = None
        self._members_by_year: dict[tuple[str, int], set[str]] | None = None
        self.cov = data.coverage
        countries = data["countries"]
        self.names = dict(zip(countries["iso3"], countries["name"], strict=True))
        self.members = data["memberships"]

    def of_kind(self, kind: str) -> list[Claim]:
        """The claims of ``kind`` among :attr:`claims`."""
        return [c for c in self.claims if c.kind == kind]

    def batch(self, kind: str, claim: Claim, make: Callable[[Checker, list[Claim]], B],
              key: Callable[[Claim], Hashable]) -> B:
        """The batch answering every ``kind`` claim of the file at once: ``make(self, claims)`` on first use, kept in
        :attr:`batches` under ``kind``; made again, with ``claim`` added, when ``key(claim)`` is not among the
        batch's ``asked`` keys (a claim the file did not list)."""
        batch = self.batches.get(kind)
        if batch is None or key(claim) not in batch.asked:
            batch = self.batches[kind] = make(self, [*self.of_kind(kind), claim])
        return batch

    @property
    def datasets(self) -> dict[str, registry.Dataset]:
        """The registry's declared datasets (``registry.load()``, read once per checker)."""
        if self._datasets is None:
            self._datasets = registry.load()
        return self._datasets

    def nonmember(self, body: str, iso3: str, year: int) -> bool:
        """True when the ``memberships`` table says ``iso3`` was not a member of ``body`` in ``year``.

        Only bodies that list their members (HRC, CHR) have such a table; elsewhere, and in a
        year the table does not cover, the answer is False (not known to be a non-member).
        """
        return body in LISTING_BODIES and self.member_status(body, iso3, year) is False

    def member_status(self, body: str, iso3: str, year: int) -> bool | None:
        """:func:`analysis.measures.memberships.member_status` on the ``memberships`` table, from an index made once:
        True if ``iso3`` sat on ``body`` in ``year``, False if not, None if the data do not say."""
        listed = self._listed().get((body, year))
        return None if listed is None else iso3 in listed

    def member_years(self, body: str, iso3: str) -> list[int]:
        """:func:`analysis.measures.memberships.member_years` from the same index: the sorted years ``iso3`` sat."""
        return sorted(y for (b, y), listed in self._listed().items() if b == body and iso3 in listed)

    def _listed(self) -> dict[tuple[str, int], set[str]]:
        """(body, year) -> the states the ``memberships`` table lists for it."""
        if self._members_by_year is None:
            self._members_by_year = {}
            for body, year, iso3 in self.members.select(pl.col("body").cast(pl.String), "year", "iso3").iter_rows():
                self._members_by_year.setdefault((body, year), set()).add(iso3)
        return self._members_by_year

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
                f"needed: {BODY_NAMES.get(body, body)} recorded votes for {span}{where_from(body, self.datasets)}, "
                f"then `python -m analysis build`")

    def veto_sentence(self, r: Mapping[str, Any]) -> str:
        """E.g. "S/2019/756 was vetoed by Russia and China on 2019-09-19" for a vetoed roll call's row."""
        label = r["symbol"] or r["draft_symbol"] or f"the draft \"{r['title']}\""
        who = " and ".join(sorted(self.names.get(c, c) for c in (r["vetoed_by"] or "").split(",") if c))
        who = who or "a permanent member (not named)"
        where = " (Security Council veto list)" if r.get("source") == "unsc-vetoes" else ""
        return f"{label} was vetoed by {who} on {r['date']}{where}"
