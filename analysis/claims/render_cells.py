"""Cells and links shared by the claims report's formats: a cell as text, URLs and `code` spans in a reason,
resolution symbols linked to their voting records, a reason's first sentence.

Used by the plain-text table (:func:`cell`) and by the HTML (:mod:`analysis.claims.render_html`) and
Markdown (:mod:`analysis.claims.render_markdown`) formats.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from analysis.claims.checks import Report
from analysis.core.links import document_url, voting_records


def cell(value: Any, width: int = 40) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float):
        text = "NaN" if math.isnan(value) else f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:.4f}"
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


# A URL inside text: http(s), up to a space, a quote, an angle bracket or a square bracket.
_URL = re.compile(r"https?://[^\s<>\"'\[\]]+")
# A UN document symbol inside a cell such as "A/RES/78/220, A/RES/79/183".
_SYMBOL = re.compile(r"[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+")
# Words ending in a full stop that do not end a sentence.
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "cf.", "etc.", "vs.", "no.", "nos.", "para.", "art.", "approx.", "incl.",
                            "mr.", "mrs.", "ms.", "dr.", "st."})


def _split_url(match: str) -> tuple[str, str]:
    """A matched URL without the punctuation that ends the sentence around it: (url, trailing text)."""
    url = match.rstrip(".,;:!?")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url, match[len(url):]


def _pieces(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into ("text", ...), ("url", ...) and ("code", ...) pieces (code: between backticks)."""
    out: list[tuple[str, str]] = []
    for i, part in enumerate(re.split(r"`([^`\n]+)`", text)):
        if i % 2:
            out.append(("code", part))
            continue
        pos = 0
        for m in _URL.finditer(part):
            url, tail = _split_url(m.group())
            out += [("text", part[pos:m.start()]), ("url", url), ("text", tail)]
            pos = m.end()
        out.append(("text", part[pos:]))
    return [p for p in out if p[1]]


def _render(text: str, plain: Callable[[str], str], link: Callable[[str, str], str],
            code: Callable[[str], str]) -> str:
    """``text`` with its URLs as links and its `code` spans as code, each piece rendered by the given function."""
    return "".join(link(p, p) if kind == "url" else code(p) if kind == "code" else plain(p)
                   for kind, p in _pieces(text))


def _sentences(text: str) -> list[str]:
    """Split a reason into sentences (not inside brackets, not after e.g., not before a lower-case word)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ".!?" and depth == 0 and i + 1 < len(text) and text[i + 1].isspace():
            rest = text[i + 1:].lstrip()
            word = text[start:i + 1].rsplit(None, 1)[-1].lower()
            if rest and (rest[0].isupper() or rest[0].isdigit()) and word not in _ABBREVIATIONS:
                out.append(text[start:i + 1].strip())
                start = i + 1
    tail = text[start:].strip()
    return [*out, tail] if tail else out


def first_sentence(reason: str) -> str:
    """Return the one-line reason: the first sentence of ``reason``.

    A first sentence that only restates the claim (``The claim: 21–16, adopted.``) is
    skipped when more follows, so the line says what the data show.
    """
    sentences = _sentences(" ".join(reason.split()))
    if not sentences:
        return ""
    if len(sentences) > 1 and sentences[0].startswith("The claim:"):
        return sentences[1]
    return sentences[0]


def symbol_url(symbol: str, record_url: str | None = None) -> str:
    """The link of a resolution symbol in an HTML attribute (``analysis.core.links``; parentheses quoted)."""
    return document_url(symbol, record_url, safe="/")


def _is_symbol_column(name: str) -> bool:
    return name in ("symbol", "symbols") or name.endswith(("_symbol", "_symbols"))


def _frame_symbols(frame: pl.DataFrame) -> list[str]:
    """Every symbol in the symbol columns of ``frame``."""
    names = [name for name in frame.columns if _is_symbol_column(name) and frame[name].dtype == pl.String]
    return [m.group().rstrip(".-") for name in names for cell in frame[name].drop_nulls()
            for m in _SYMBOL.finditer(cell)]


def _records(report: Report) -> dict[str, str]:
    """The voting record the data hold for each symbol of every verdict's rows (``links.voting_records``,
    one read of ``roll_calls`` for the whole report)."""
    return voting_records(s for v in report.verdicts for s in _frame_symbols(v.rows))


def _row_cells(frame: pl.DataFrame, text: Callable[[str], str], link: Callable[[str, str], str],
               known: Mapping[str, str] | None = None) -> list[list[str]]:
    """Cells of ``frame``, nothing cut: ``text(cell)`` for most, symbols as ``link(symbol, url)``.

    A symbol links to its row's ``record_url`` when the frame has one (and the cell holds one
    symbol), else to the voting record the data hold for it (``known``, symbol -> record, default
    read with ``links.voting_records``), else to ``https://undocs.org/<symbol>``.
    """
    record = frame["record_url"].to_list() if "record_url" in frame.columns else [None] * frame.height
    if known is None:  # the record of a symbol whose row does not give it
        known = voting_records(_frame_symbols(frame))
    rows = []
    for i, row in enumerate(frame.iter_rows()):
        cells = []
        for name, value in zip(frame.columns, row, strict=True):
            plain = cell(value, width=sys.maxsize)
            if not (_is_symbol_column(name) and plain):
                cells.append(text(plain))
                continue
            single = name.endswith("symbol")
            parts, pos = [], 0
            for m in _SYMBOL.finditer(plain):
                sym = m.group().rstrip(".-")
                parts += [text(plain[pos:m.start()]),
                          link(sym, symbol_url(sym, (record[i] if single else None) or known.get(sym)))]
                pos = m.start() + len(sym)
            parts.append(text(plain[pos:]))
            cells.append("".join(parts))
        rows.append(cells)
    return rows
