"""Reading an article: plain text or HTML (parsed with BeautifulSoup and lxml), checked before drafting.

:func:`read_article` returns an :class:`Article`: its text (for HTML, the text of the page's
blocks, one per line, scripts, styles and navigation left out), where it came from, and a
publication date when the article gives one (an HTML ``<meta property="article:published_time">``
or ``<time datetime>``, else a date in its first lines, as in "Tehran (...) 24 January 2026 –").
Quotes and character offsets in a drafted claims file refer to :attr:`Article.text`, so the
same reading must be used to show the article again (``analysis.claims.article``).

Bad input raises :class:`ArticleError` (a ``UserError``: one line, exit 2): a missing file, a
directory, a file over :data:`MAX_BYTES`, a binary or non-UTF-8 file, an article without text,
or one that is not English (fewer than :data:`MIN_STOPWORD_SHARE` of its words are English
stop words, spaCy's list).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.core.errors import UserError

#: Largest article read (5 MB): a news story is a few kilobytes.
MAX_BYTES = 5 * 1024 * 1024
#: Share of words that must be English stop words ("the", "of", "and" ...) for the text to count as English.
MIN_STOPWORD_SHARE = 0.10
#: Fewer words than this are too short to judge the language (the draft will say it found nothing).
MIN_WORDS_FOR_LANGUAGE = 20

_BLOCKS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "pre",
           "section", "article", "header", "footer", "br", "dd", "dt", "figcaption", "td", "th")
_DROP = ("script", "style", "noscript", "nav", "form", "iframe", "svg", "template", "aside", "button")
_DATE_LINE = re.compile(
    r"\b(\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})\b")


class ArticleError(UserError, ValueError):
    """An article that cannot be drafted from; the message names the file and why."""


@dataclass(frozen=True)
class Article:
    """An article read for drafting.

    ``path`` (the file), ``text`` (what quotes and offsets refer to), ``html`` (read from
    HTML), ``date`` (the publication date the article gives, or None) and ``date_source``
    (where that date was found, e.g. "the date line" or "<meta article:published_time>").
    """

    path: Path
    text: str
    html: bool
    date: dt.date | None = None
    date_source: str | None = None


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise ArticleError(f"{path}: a binary file, not an article (give a .txt or .html file)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{path}: not UTF-8 text (byte {exc.start}); save the article as UTF-8") from None


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document or fragment (``<!doctype``, ``<html``, ``<p>`` ...)."""
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.match(r"<(head|body|article|div|p|h[1-6]|section|main|span|meta)\b", head))


def html_text(markup: str) -> tuple[str, dt.date | None, str | None]:
    """Return the text of an HTML page (one block per line) and its publication date, if it gives one.

    Parsed with BeautifulSoup on lxml; scripts, styles, navigation and forms are dropped.
    The date comes from ``<meta property="article:published_time">`` (or ``name="date"``,
    ``pubdate``) or the first ``<time datetime>``.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    found: tuple[dt.date, str] | None = None
    for key, value in (("property", "article:published_time"), ("name", "date"), ("name", "pubdate"),
                       ("itemprop", "datePublished")):
        tag = soup.find("meta", attrs={key: value})
        day = _iso_day(tag.get("content") if tag else None)
        if day:
            found = (day, f"<meta {value}>")
            break
    if found is None:
        tag = soup.find("time", attrs={"datetime": True})
        day = _iso_day(tag.get("datetime") if tag else None)
        if day:
            found = (day, "<time datetime>")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    if soup.head:
        soup.head.decompose()
    for tag in soup.find_all(_BLOCKS):
        tag.insert_after("\n")
        if tag.name == "li":
            tag.insert_before("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().splitlines()]
    text = "\n".join(line for line in lines if line)
    return text, found[0] if found else None, found[1] if found else None


def _iso_day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def date_line(text: str) -> dt.date | None:
    """Return a full date (day, month, year) in the first three lines of ``text``, e.g. a dateline; else None."""
    head = "\n".join(text.splitlines()[:3])
    match = _DATE_LINE.search(head)
    if not match:
        return None
    value = match.group(1)
    for fmt in ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(" ".join(value.split()), fmt).date()
        except ValueError:
            continue
    return None


def english_share(text: str) -> tuple[float, int]:
    """Return (share of words that are English stop words, number of words) of ``text`` (spaCy's stop-word list)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())
    if not words:
        return 0.0, 0
    return sum(w in STOP_WORDS for w in words) / len(words), len(words)


def _load(path: Path) -> tuple[str, bool, dt.date | None, str | None]:
    """The article's text, whether it was HTML, and the date the HTML gives (raises :class:`ArticleError`)."""
    if path.is_dir():
        raise ArticleError(f"{path}: a directory, not an article file")
    if not path.exists():
        raise ArticleError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ArticleError(f"{path}: {size / 1e6:.1f} MB is too large for an article (at most {MAX_BYTES // 2**20} MB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read: {exc.strerror or exc}") from None
    raw = _decode(path, data)
    html = looks_like_html(raw)
    date, source = None, None
    text = raw
    if html:
        text, date, source = html_text(raw)
    return text.replace("\r\n", "\n").replace("\r", "\n"), html, date, source


def article_text(path: str | Path) -> str:
    """Return the text of the article at ``path`` as the drafter reads it (quotes and offsets refer to it).

    Plain text as it is (line ends made ``\\n``), HTML as the text of its blocks; raises
    :class:`ArticleError` like :func:`read_article` for a file that cannot be read (but does
    not judge the language).
    """
    return _load(Path(path))[0]


def read_article(path: str | Path) -> Article:
    """Read the article at ``path`` (plain text or HTML, UTF-8); return an :class:`Article`.

    Raises :class:`ArticleError` naming the file for a missing file, a directory, a file over
    5 MB, a binary or non-UTF-8 file, a file without text, and text that is not English.
    """
    path = Path(path)
    text, html, date, source = _load(path)
    if not text.strip():
        what = "the file is empty or its HTML has no text" if html else "the file is empty"
        raise ArticleError(f"{path}: no text to draft from ({what})")
    share, words = english_share(text)
    if words >= MIN_WORDS_FOR_LANGUAGE and share < MIN_STOPWORD_SHARE:
        raise ArticleError(f"{path}: does not read as English ({share:.0%} of {words} words are English stop words, "
                           f"English text has over {MIN_STOPWORD_SHARE:.0%}); the drafter reads English only")
    if date is None:
        date = date_line(text)
        source = "the date line" if date else None
    return Article(path=path, text=text, html=html, date=date, date_source=source)
