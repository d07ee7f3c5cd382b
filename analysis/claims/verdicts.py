"""The verdict types of the claims check: :class:`Verdict` (one claim) and :class:`Report` (one file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analysis.claims.data import Coverage
from analysis.claims.model import Claim

#: what a vote check says of a state whose vote the roll call's source does not give (the veto list)
UNKNOWN_VOTE = "unknown (the source gives only the vetoing members' votes)"

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
NOT_CHECKABLE = "not checkable"
VERDICTS: tuple[str, ...] = (SUPPORTED, CONTRADICTED, NOT_CHECKABLE)



@dataclass
class Verdict:
    """The verdict on one claim.

    ``verdict`` is one of :data:`VERDICTS`; ``reason`` says why, in detail;
    ``needed`` (not checkable only) says what data would be needed; ``rows`` is a polars
    frame with the rows the verdict rests on (or, when not checkable, the nearest data
    as context); ``plain`` is one sentence a reader understands without knowing the data
    (:mod:`analysis.claims.sentences`, e.g. "Pakistan was not a member of the Human Rights
    Council in 2025, so it cast no vote on A/HRC/RES/58/21.").
    """

    claim: Claim
    verdict: str
    reason: str
    rows: pl.DataFrame = field(default_factory=pl.DataFrame)
    needed: str | None = None
    plain: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the verdict as plain Python (rows as a list of dicts), e.g. for a notebook."""
        return {
            "id": self.claim.id, "kind": self.claim.kind, "statement": self.claim.statement,
            "source": self.claim.source, "verdict": self.verdict, "reason": self.reason,
            "needed": self.needed, "plain": self.plain, "rows": self.rows.to_dicts(),
        }


@dataclass
class Report:
    """The result of :func:`check_file`: one :class:`Verdict` per claim, in file order.

    Also the file's path, citation and notes, the internal inconsistencies found by
    :func:`inconsistencies`, and the data's :class:`Coverage`.
    """

    path: Path
    citation: str | None
    notes: list[str]
    verdicts: list[Verdict]
    inconsistencies: list[str]
    coverage: Coverage

    def counts(self) -> dict[str, int]:
        """Return the number of claims per verdict (all three keys present)."""
        return {v: sum(x.verdict == v for x in self.verdicts) for v in VERDICTS}

    def by_id(self) -> dict[str, Verdict]:
        """Return the verdicts keyed by claim id."""
        return {v.claim.id: v for v in self.verdicts}

    def to_frame(self) -> pl.DataFrame:
        """Return one row per claim: id, kind, statement, verdict, reason, needed."""
        return pl.DataFrame(
            [{k: d[k] for k in ("id", "kind", "statement", "verdict", "reason", "needed")}
             for d in (v.to_dict() for v in self.verdicts)],
            schema={k: pl.String for k in ("id", "kind", "statement", "verdict", "reason", "needed")},
        )

