"""Numbers, money and dates in a story's words, read with maintained parsers.

- numbers: digits ("1,200", "07") directly, number words ("seven", "twelve") and ordinals
  ("third", "31st") with ``number-parser``;
- money: ``price-parser`` reads the currency and the amount ("US$ 3", "Rs 10", "$2.5"); the
  scale word after it ("billion", "bn", "million") multiplies it (:data:`lexicon.SCALES`);
- dates: ``dateparser`` (English only, relative to the publication date, preferring the
  past). A weekday ("on Wednesday") is the latest such day on or before the publication date:
  a story published on a Wednesday that says "on Wednesday" means that day.

Every parser call is cached: a story repeats its dates and figures.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from analysis.claims.draft.lexicon import SCALES, US_DOLLARS, WEEKDAYS

_ORDINAL_DIGITS = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def number(text: str) -> float | None:
    """Return the value of a number written in digits ("1,200", "2.5", "07") or words ("seven"); else None."""
    plain = text.replace(",", "").strip()
    try:
        return float(plain)
    except ValueError:
        pass
    from number_parser import parse_number

    value = parse_number(text.lower())
    return float(value) if isinstance(value, int | float) else None


def whole(text: str) -> int | None:
    """Return ``text`` as a whole number (see :func:`number`), or None when it is not one."""
    value = number(text)
    return int(value) if value is not None and value == int(value) else None


@functools.lru_cache(maxsize=1024)
def ordinal(text: str) -> int | None:
    """Return the value of an ordinal ("third", "31st", "fifty-first"); else None."""
    match = _ORDINAL_DIGITS.match(text.strip())
    if match:
        return int(match.group(1))
    from number_parser import parse_ordinal

    value = parse_ordinal(text.lower())
    return int(value) if isinstance(value, int) else None


@functools.lru_cache(maxsize=1024)
def money(text: str, scale: str | None) -> tuple[float, str] | None:
    """Return (amount, currency as written) of a money phrase such as "US$ 3" with its scale word ("bn").

    The amount is multiplied by the scale (:data:`lexicon.SCALES`). Returns None when
    price-parser finds no amount.
    """
    from price_parser import Price

    price = Price.fromstring(text)
    if price.amount is None:
        return None
    factor = SCALES.get((scale or "").lower().rstrip("."), 1.0)
    return float(price.amount) * factor, (price.currency or "").strip()


def is_us_dollars(currency: str) -> bool:
    """True when price-parser's currency text means US dollars ("$", "US$", "USD")."""
    return currency.upper().replace(" ", "") in US_DOLLARS


@functools.lru_cache(maxsize=4096)
def date(text: str, base: dt.date) -> dt.date | None:
    """Return the date ``text`` names ("23 January 2026", "Oct. 12", "on Wednesday"), relative to ``base``; else None.

    A weekday is the latest such day on or before ``base``; other relative expressions
    ("last month") and dates without a year take the past nearest ``base`` (dateparser's
    ``PREFER_DATES_FROM = "past"``).
    """
    words = text.lower().replace("'s", "").split()
    weekday = [w for w in words if w in WEEKDAYS]
    if weekday and len(words) <= 2:
        back = (base.weekday() - WEEKDAYS.index(weekday[0])) % 7
        return base - dt.timedelta(days=back)
    import dateparser

    settings = {"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False}
    found = dateparser.parse(text, languages=["en"], settings=settings)
    return found.date() if found else None
