"""Writing a draft as a claims file (TOML, with comments) that ``python -m analysis claims`` checks unchanged.

The file starts with comments saying how it was made (the article, the publication date
used and where it came from, the number of claims) and that it is a draft to review. The
``[source]`` table records the article's path (``article``, relative to the claims file when
it can be) and date; every ``[[claim]]`` carries ``statement`` (the sentence), ``quote`` (the
exact words it rests on) and ``quote_at`` (their character offset in the article's text),
with a comment above it for each choice the drafter made. The sentences not encoded follow
as comments at the end, each with its reason. Written with tomlkit, atomically.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import tomlkit

from analysis.claims.draft.assemble import DraftClaim, NotEncoded
from analysis.core import clock
from analysis.core.atomic import write_text

#: The order of a claim's fields in the file (others follow in the order given).
_ORDER = ("id", "kind", "statement", "quote", "quote_at", "a", "members", "b", "symbol", "body", "vote", "date",
          "from", "to", "session", "year", "years", "ending", "count", "group", "yes", "no", "abstain", "outcome",
          "value_usd", "direction", "quantifier")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _article_ref(article: Path, out: Path | None) -> str:
    """The article's path as the claims file should record it: relative to the file's folder when possible."""
    article = article.resolve()
    if out is None:
        return str(article)
    try:
        relative = os.path.relpath(article, out.resolve().parent)
    except ValueError:  # another drive
        return str(article)
    return str(article) if relative.startswith("..") else relative


def draft_toml(claims: list[DraftClaim], not_encoded: list[NotEncoded], *, article: Path, published: dt.date,
               date_basis: str, out: Path | None = None, empty_reason: str | None = None) -> str:
    """Return the draft as TOML text (see the module docstring); ``out`` is where it will be written."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"Claims drafted from {article} by `python -m analysis draft` on {clock.today()}."))
    doc.add(tomlkit.comment("A draft: read each claim against its quote, fix what the drafter misread, then check "
                            "it with `python -m analysis claims FILE`."))
    doc.add(tomlkit.comment(f"Publication date used: {published} ({date_basis})."))
    doc.add(tomlkit.comment(f"{len(claims)} claim(s) drafted; {len(not_encoded)} sentence(s) not encoded "
                            f"(listed at the end)."))
    if empty_reason:
        doc.add(tomlkit.comment(f"No claim drafted: {empty_reason}"))
    doc.add(tomlkit.nl())
    source = tomlkit.table()
    source.add("citation", f"{article.name} (drafted {clock.today()})")
    source.add("article", _article_ref(article, out))
    source.add("date", published)
    notes = tomlkit.array()
    notes.append(f"Drafted by python -m analysis draft; publication date {published} ({date_basis}).")
    if empty_reason:
        notes.append(f"No claim drafted: {empty_reason}")
    for item in not_encoded:
        notes.append(f"Not encoded: \"{_one_line(item.quote)}\" ({item.reason}).")
    notes.multiline(True)
    source.add("notes", notes)
    doc.add("source", source)
    if claims:
        array = tomlkit.aot()
        for claim in claims:
            table = tomlkit.table()
            for comment in claim.comments:
                table.add(tomlkit.comment(_one_line(comment)))
            fields: dict[str, Any] = {"id": claim.id, "kind": claim.kind, "statement": claim.statement,
                                      "quote": claim.quote, "quote_at": claim.quote_at, **claim.fields}
            for key in sorted(fields, key=lambda k: _ORDER.index(k) if k in _ORDER else len(_ORDER)):
                table.add(key, fields[key])
            array.append(table)
        doc.add("claim", array)
    return tomlkit.dumps(doc)


def write_draft(text: str, out: Path) -> Path:
    """Write the TOML ``text`` to ``out`` atomically (a temporary file, then a rename); return ``out``."""
    return write_text(text, out)
