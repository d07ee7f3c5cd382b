"""Drafting a claims file from a story's own words: ``python -m analysis draft ARTICLE``.

A journalist or analyst gives an article (plain text or HTML); the drafter writes the
claims file that ``python -m analysis claims`` checks, for them to review. The parts:

- ``reading``: read and check the article (HTML through BeautifulSoup/lxml; size, binary,
  empty, language), find its publication date;
- ``lexicon``: the small tested word tables (demonyms, capitals, bodies, vote words ...);
- ``values``: numbers, money and dates with number-parser, price-parser and dateparser;
- ``pipeline``: the spaCy pipeline (blank English, sentencizer, PhraseMatcher, Matcher) that
  finds states, bodies, votes, tallies, counts, sessions, runs of years, money and dates;
- ``data``: what the drafter asks of the processed tables to anchor a claim to one vote;
- ``story``: the draft's types and what each sentence is about (time, body, states);
- ``assemble``: the rules from mentions to claims (and to sentences "not encoded");
- ``recall``: how a draft compares with hand-written claims (the matching rule);
- ``writer``: the TOML, with a comment for every choice.

:func:`draft_article` returns a :class:`Draft`; :func:`main` is the command line. Every
claim has ``statement`` (its sentence), ``quote`` (the exact words, a substring of the
article's text) and ``quote_at`` (their character offset there).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.claims.draft.assemble import Assembler, DraftClaim, NotEncoded
from analysis.claims.draft.data import DataView
from analysis.claims.draft.reading import Article, ArticleError, read_article
from analysis.core import clock
from analysis.core.errors import UserError

__all__ = ["Article", "ArticleError", "Draft", "DraftClaim", "Drafter", "NotEncoded", "draft_article", "main",
           "read_article"]


@dataclass
class Draft:
    """A drafted claims file: the article, the publication date used and why, the claims, what was not encoded."""

    article: Article
    published: dt.date
    date_basis: str
    claims: list[DraftClaim]
    not_encoded: list[NotEncoded]
    empty_reason: str | None = None
    sentences: int = 0
    notes: list[str] = field(default_factory=list)

    def toml(self, out: Path | None = None) -> str:
        """The draft as claims-file TOML (``out``: where it will be written, for the article's relative path)."""
        from analysis.claims.draft.writer import draft_toml

        return draft_toml(self.claims, self.not_encoded, article=self.article.path, published=self.published,
                          date_basis=self.date_basis, out=out, empty_reason=self.empty_reason)


class Drafter:
    """The spaCy pipeline and the data look-ups, built once and reused for many articles."""

    def __init__(self, data: DataView | None = None) -> None:
        from analysis.claims.draft.pipeline import Recogniser

        self.data = data or DataView.load()
        self.recogniser = Recogniser(self.data.countries)

    def draft(self, article: Article, date: dt.date | None = None) -> Draft:
        """Draft the claims of ``article``; ``date`` (the publication date) overrides the article's own."""
        if date is not None:
            published, basis = date, "given with --date"
        elif article.date is not None:
            published, basis = article.date, f"from the article: {article.date_source}"
        else:
            published, basis = clock.today(), "no date given or found in the article: today"
        sentences = self.recogniser.sentences(article.text)
        claims, not_encoded = Assembler(article.text, published, self.data).run(sentences)
        empty = None
        if not claims:
            empty = ("no sentence reports a UN vote, tally, membership count, session or trade figure the check "
                     "can encode" + (f" ({len(not_encoded)} sentence(s) listed as not encoded)" if not_encoded else ""))
        return Draft(article, published, basis, claims, not_encoded, empty, len(sentences))


def draft_article(path: str | Path, date: dt.date | None = None, drafter: Drafter | None = None) -> Draft:
    """Read the article at ``path`` and draft its claims; return a :class:`Draft`.

    ``date`` is the publication date (relative dates such as "on Thursday" or "last year"
    are read from it); without it, the article's own date (an HTML meta date or a date
    line), else today. Raises :class:`ArticleError` for bad input.
    """
    article = read_article(path)
    return (drafter or Drafter()).draft(article, date)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``draft``'s arguments (ARTICLE, --date, --out, --force) to ``parser``."""
    parser.add_argument("article", type=Path, help="the article: a plain-text or HTML file (UTF-8)")
    parser.add_argument("--date", type=_date, help="publication date YYYY-MM-DD (default: the article's date line "
                                                   "or HTML meta date, else today)")
    parser.add_argument("--out", type=Path, help="claims file to write (default: print the TOML)")
    parser.add_argument("--force", action="store_true", help="replace an existing --out file")


def run(args: argparse.Namespace) -> int:
    """Run ``draft`` with parsed arguments: write (or print) the TOML, say what was drafted on stderr; return 0.

    Raises ``UserError`` (one line, exit 2 in ``analysis.cli``) for bad input or an output
    that exists (without ``--force``) or is a directory.
    """
    from analysis.claims.draft.writer import write_draft
    from analysis.core.errors import OutputPathError

    out: Path | None = args.out
    if out is not None:
        if out.is_dir():
            raise OutputPathError(f"--out {out}: a directory; give a file name such as draft.toml")
        if out.exists() and not args.force:
            raise OutputPathError(f"--out {out}: exists; give another name or --force to replace it")
        if out.resolve() == args.article.resolve():
            raise OutputPathError(f"--out {out}: is the article itself")
    draft = draft_article(args.article, args.date)
    text = draft.toml(out)
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            write_draft(text, out)
        except OSError as exc:
            raise OutputPathError(f"--out {out}: cannot write: {exc.strerror or exc}") from None
    where = f"wrote {out}" if out else "printed the draft"
    summary = (f"{len(draft.claims)} claim(s), {len(draft.not_encoded)} sentence(s) not encoded"
               if draft.claims else f"no claim: {draft.empty_reason}")
    print(f"python -m analysis draft: {where}: {summary}; publication date {draft.published} ({draft.date_basis})",
          file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m analysis.claims.draft ARTICLE [--date D] [--out F]``; return the exit status (2 on bad input)."""
    parser = argparse.ArgumentParser(prog="python -m analysis draft", description=__doc__.split("\n")[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except UserError as exc:
        print(f"python -m analysis draft: error: {exc.one_line()}", file=sys.stderr)
        return 2
