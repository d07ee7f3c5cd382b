"""Rendering the claims check: the plain-text report and the command line ``claims FILE``."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from analysis.claims.checks import NOT_CHECKABLE, Report, check_file
from analysis.core.errors import UserError


def _cell(value: Any, width: int = 40) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float):
        text = "NaN" if math.isnan(value) else f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:.4f}"
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(frame: pl.DataFrame, indent: str = "      ", max_rows: int = 15) -> str:
    """Return ``frame`` as a compact plain-text table (long cells cut, at most ``max_rows`` rows)."""
    if frame.width == 0:
        return f"{indent}(no rows)"
    head = frame.head(max_rows)
    cells = [[_cell(v) for v in row] for row in head.iter_rows()]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(frame.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(frame.columns, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    if frame.height == 0:
        lines.append("(no rows)")
    if frame.height > max_rows:
        lines.append(f"… {frame.height - max_rows} more rows")
    return "\n".join(indent + line.rstrip() for line in lines)


def format_report(report: Report) -> str:
    """Return the report as plain text: each claim, its verdict, the reason and the rows it rests on.

    Ends with a count of verdicts and the internal inconsistencies between claims.
    """
    out = [f"Claims check: {report.path}"]
    if report.citation:
        out.append(f"Source: {report.citation}")
    out.append("Data coverage: " + "; ".join(report.coverage.lines()))
    out += [f"Note: {n}" for n in report.notes]
    for i, v in enumerate(report.verdicts, start=1):
        c = v.claim
        out += ["", f"[{i}] {c.id} ({c.kind})", f"    Claim:   {c.statement}"]
        if c.source and c.source != report.citation:
            out.append(f"    Source:  {c.source}")
        out.append(f"    Verdict: {v.verdict.upper()}")
        out.append(f"    Why:     {v.reason}")
        if v.needed:
            out.append(f"    Needed:  {v.needed}")
        if c.note:
            out.append(f"    Note:    {c.note}")
        if v.rows.width and (v.rows.height or v.verdict != NOT_CHECKABLE):
            out.append("    Rows:" if v.verdict != NOT_CHECKABLE else "    Rows (context):")
            out.append(format_table(v.rows))
    counts = report.counts()
    out += ["", "Summary: " + ", ".join(f"{n} {k}" for k, n in counts.items())]
    if report.inconsistencies:
        out.append("Inconsistencies between claims:")
        out += [f"  - {line}" for line in report.inconsistencies]
    else:
        out.append("Inconsistencies between claims: none found")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``claims FILE``: print the report; return 0 when it ran, 2 (one line on stderr) on a bad file.

    Also 2 when the processed tables are missing (the message says how to build them).
    """
    parser = argparse.ArgumentParser(prog="python -m analysis claims",
                                     description="Check the claims in a TOML file against the processed data.")
    parser.add_argument("file", type=Path, help="claims file, e.g. claims/seed_article.toml")
    args = parser.parse_args(argv)
    try:
        report = check_file(args.file)
    except UserError as exc:
        print(f"python -m analysis claims: error: {exc.one_line()}", file=sys.stderr)
        return 2
    sys.stdout.write(format_report(report))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
