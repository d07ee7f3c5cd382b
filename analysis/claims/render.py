"""Rendering the claims check: plain text, HTML, Markdown and JSON, and the command line ``claims FILE``.

- :func:`format_report`: the plain-text report (the command line's default);
- :func:`~analysis.claims.render_html.format_html`: a self-contained HTML fragment (its own scoped ``<style>``, no
  external CSS or JavaScript) for a notebook or the dyad report: a summary line with the
  counts as coloured badges, the contradictions within the story, a table with one row per
  claim (verdict badge, one-line reason) and, under each row, the evidence in a
  ``<details>`` block with every resolution symbol linked to its record;
- :func:`~analysis.claims.render_markdown.format_markdown`: the same content as Markdown;
- :func:`format_json`: the report as JSON (dates as ISO strings, NaN as ``null``).

``python -m analysis claims FILE --format text|html|json|md`` prints one of them. The HTML and
Markdown formats are in their own modules (with the cells and links they share in
:mod:`analysis.claims.render_cells`) and re-exported here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from analysis.claims.checks import NOT_CHECKABLE, Report, check_file
from analysis.claims.render_cells import cell, first_sentence, symbol_url
from analysis.claims.render_html import VERDICT_CLASSES, format_html
from analysis.claims.render_markdown import format_markdown
from analysis.core.errors import UserError

__all__ = ["FORMATS", "VERDICT_CLASSES", "first_sentence", "format_html", "format_json", "format_markdown",
           "format_report", "format_table", "main", "report_dict", "symbol_url"]

#: Output formats of the command line (``--format``); ``text`` is :func:`format_report`.
FORMATS: tuple[str, ...] = ("text", "html", "json", "md")


def format_table(frame: pl.DataFrame, indent: str = "      ", max_rows: int = 15) -> str:
    """Return ``frame`` as a compact plain-text table (long cells cut, at most ``max_rows`` rows)."""
    if frame.width == 0:
        return f"{indent}(no rows)"
    head = frame.head(max_rows)
    cells = [[cell(v) for v in row] for row in head.iter_rows()]
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
# JSON
# --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready Python: dates as ISO strings, NaN and infinities as None."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def report_dict(report: Report) -> dict[str, Any]:
    """Return the report as plain Python, the content of :func:`format_json`."""
    cov = report.coverage
    sources: dict[str, dict[str, Any]] = {}
    for (body, source), (lo, hi) in sorted(cov.vote_sources.items()):
        sources.setdefault(body, {})[source] = {"first": lo, "last": hi}
    claims = [{
        "id": v.claim.id, "kind": v.claim.kind, "statement": v.claim.statement, "source": v.claim.source,
        "note": v.claim.note, "quote": v.claim.quote, "quote_at": v.claim.quote_at,
        "quote_end": None if v.claim.quote is None or v.claim.quote_at is None
        else v.claim.quote_at + len(v.claim.quote),
        "verdict": v.verdict, "reason": v.reason, "plain": v.plain, "needed": v.needed,
        "params": v.claim.params, "rows": v.rows.to_dicts(),
    } for v in report.verdicts]
    return _plain({
        "file": str(report.path), "citation": report.citation, "notes": report.notes,
        "coverage": {
            "votes": {body: {"first": lo, "last": hi} for body, (lo, hi) in sorted(cov.votes.items())},
            "vote_sources": sources,
            "trade": {src: {"first": lo, "last": hi} for src, (lo, hi) in sorted(cov.trade.items())},
        },
        "summary": report.counts(), "inconsistencies": report.inconsistencies, "claims": claims,
    })


def format_json(report: Report) -> str:
    """Return the report as JSON (``indent=2``), valid for any JSON reader.

    ``{"file", "citation", "notes", "coverage", "summary": {"supported": n, "contradicted": n,
    "not checkable": n}, "inconsistencies": [...], "claims": [{"id", "kind", "statement",
    "source", "note", "quote", "quote_at", "quote_end", "verdict", "reason", "plain", "needed", "params",
    "rows": [records]}]}``; ``plain`` is the verdict in one plain sentence
    (:mod:`analysis.claims.sentences`); ``quote_at``/``quote_end`` are the quote's character offsets in the
    article's text (null without a quote).
    Dates are ISO strings, NaN is ``null``; anything else JSON cannot hold becomes a string.
    """
    return json.dumps(report_dict(report), indent=2, default=str, allow_nan=False)


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

_FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_report, "html": format_html, "json": lambda r: format_json(r) + "\n", "md": format_markdown,
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``claims FILE [--format text|html|json|md]``: print the report; return 0 when it ran.

    Returns 2 (one line on stderr) on a bad file or format, or when the processed tables
    are missing (the message says how to build them). ``text`` (the default) is
    :func:`format_report`.
    """
    parser = _Parser(prog="python -m analysis claims",
                     description="Check the claims in a TOML file against the processed data.")
    parser.add_argument("file", type=Path, help="claims file, e.g. claims/seed_article.toml")
    parser.add_argument("--format", default="text", choices=FORMATS,
                        help="output: text (default), html (a fragment), json or md (Markdown)")
    parser.add_argument("--article", type=Path,
                        help="with --format html: show this article with each claim's quote highlighted "
                             "(default: the article the file records in [source] article)")
    args = parser.parse_args(argv)
    try:
        if args.article is not None and args.format != "html":
            raise UserError(f"--article {args.article}: the marked-up article is part of --format html only")
        report = check_file(args.file)
        text = _FORMATTERS[args.format](report)
        if args.format == "html":
            text = _with_article(report, args.file, args.article) or text
    except UserError as exc:
        print(f"python -m analysis claims: error: {exc.one_line()}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def _with_article(report: Report, file: Path, article: Path | None) -> str | None:
    """The HTML with the marked-up article: ``article`` if given, else the file's ``[source] article`` if it exists."""
    from analysis.claims.model import source_article

    path = article if article is not None else source_article(file)
    if path is None or (article is None and not path.exists()):
        return None
    from analysis.claims.article import format_html_with_article
    from analysis.claims.draft.reading import article_text

    return format_html_with_article(report, article_text(path))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
