"""Recall of ``python -m analysis draft`` on the reference articles: a table, then each miss and extra claim.

Drafts the seed article and every ``tests/fixtures/articles/*.reference.toml`` article with its
publication date, compares the drafts with the hand-written claims (the matching rule of
``analysis.claims.draft.recall``) and prints recall, extra and wrong drafted claims per
article. Needs the processed tables (``make data``). Usage: ``python scripts/draft_recall.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from analysis.claims.draft import Drafter
from analysis.claims.draft.recall import Key, cases, run_case, table


def main() -> int:
    """Print the recall table and the claims behind it; return 0."""
    drafter = Drafter()
    with tempfile.TemporaryDirectory() as tmp:
        results = [run_case(case, drafter, Path(tmp)) for case in cases()]
    print(table(results))
    for r in results:
        if not (r.missed or r.extra or r.wrong):
            continue
        print(f"\n{r.name}:")
        for c in r.missed:
            print(f"  missed: {c.id}: {Key.of(c.kind, c.params).describe()}")
        for c in r.extra:
            print(f"  extra:  {c.id}: {Key.of(c.kind, c.params).describe()}  <- \"{c.quote}\"")
        for d, ref in r.wrong:
            print(f"  WRONG:  {d.id}: {Key.of(d.kind, d.params).describe()} (reference {ref.id}: "
                  f"{Key.of(ref.kind, ref.params).describe()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
