"""The run's "today", and the refusal of data dated after it.

The package has no calendar horizon of its own: a record is valid up to the day the run
happens. ``today()`` is that day in UTC; the environment variable ``UNALIGN_TODAY``
(``YYYY-MM-DD``) sets another one, for tests and for rebuilding the tables as they were on
an earlier day. A vote, an event or a trade year after ``today()`` cannot be real, so
adapters refuse it with :func:`refuse_future`, whose one-line error names the file, the
row and the date. Fetchers run the same check before anything is written to ``data/raw``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from analysis.core.errors import UserError

if TYPE_CHECKING:
    import polars as pl

ENV = "UNALIGN_TODAY"


class FutureDateError(UserError, ValueError):
    """A record is dated after the run's today; the message names the file, the row and the date."""


class TodaySettingError(UserError, ValueError):
    """``UNALIGN_TODAY`` is not a date ``YYYY-MM-DD``."""


def today() -> dt.date:
    """Return the run's today: ``UNALIGN_TODAY`` when set (``YYYY-MM-DD``), else the current date in UTC.

    Raises ``TodaySettingError`` when the variable is set but not a date.
    """
    text = os.environ.get(ENV, "").strip()
    if not text:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise TodaySettingError(f"{ENV}={text!r} is not a date YYYY-MM-DD") from None


def utcnow() -> dt.datetime:
    """Return the current time in UTC (naive), or the end of ``UNALIGN_TODAY`` when that day is earlier.

    For fetchers that need the hour (GDELT publishes a file every 15 minutes).
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return min(now, dt.datetime.combine(today(), dt.time.max))


def _hint() -> str:
    day = today()
    if os.environ.get(ENV, "").strip():
        return f"after today ({day}, set by {ENV})"
    return f"after today ({day} UTC; set {ENV}=YYYY-MM-DD to build as of another day)"


def refuse_future(frame: pl.DataFrame, column: str, *, file: object | None, row: pl.Expr,
                  what: str = "date") -> None:
    """Raise ``FutureDateError`` if any value of ``column`` in ``frame`` lies after ``today()``.

    Takes the frame as read from ``file`` (a path or its name, shown in the message), the
    column holding a ``pl.Date`` (or, for a year column, ``pl.Int*``: compared with today's
    year) and ``row``, an expression that describes a row for a reader ("line 12",
    "record 4 (A/RES/80/1)"). ``what`` names the value ("date", "year", "adopted"). The
    message names the first such row and how many there are; returns None when all is well.
    """
    import polars as pl

    if frame.height == 0 or column not in frame.columns:
        return
    day = today()
    limit = day.year if frame.schema[column].is_integer() else day
    late = frame.filter(pl.col(column) > limit)
    if late.height == 0:
        return
    first = late.sort(column, descending=True).head(1).select(row.alias("_row"), pl.col(column).alias("_value"))
    where, value = first["_row"][0], first["_value"][0]
    more = f" ({late.height - 1:,} more row(s) like it)" if late.height > 1 else ""
    prefix = "" if file is None else f"{file}: "
    raise FutureDateError(f"{prefix}{where}: {what} {value} is {_hint()}{more}; nothing was written")


def refuse_future_value(value: dt.date | int | None, *, file: object, row: str, what: str = "date") -> None:
    """Raise ``FutureDateError`` if ``value`` (a date, or a year as an int) lies after ``today()``.

    The one-value form of :func:`refuse_future`, for adapters that read record by record;
    ``file`` and ``row`` say where the value stands. Returns None for None or an earlier value.
    """
    if value is None:
        return
    day = today()
    if (value > day.year) if isinstance(value, int) else (value > day):
        raise FutureDateError(f"{file}: {row}: {what} {value} is {_hint()}; nothing was written")


def latest(frames: Iterable[pl.DataFrame]) -> dt.date | None:
    """Return the latest day the ``frames`` speak of, or None when they hold no dated row.

    Reads the columns ``date`` and ``month`` (dates; a month is its first day) and ``year``
    (a year is its 1 January, so that a year lies after today exactly when it is after
    today's year).
    """
    days = []
    for frame in frames:
        for column in ("date", "month", "year"):
            if column in frame.columns and frame.height:
                value = frame[column].max()
                if isinstance(value, int):
                    value = dt.date(value, 1, 1)
                if isinstance(value, dt.date):
                    days.append(value)
    return max(days, default=None)


def within_today(frame: pl.DataFrame) -> bool:
    """True when no ``date``, ``month`` or ``year`` value of ``frame`` lies after ``today()`` (see :func:`latest`).

    A quick test for results computed on an earlier day (the build's stage cache, the whole
    build's no-change check); the adapters' own checks (:func:`refuse_future`) say where a
    late value stands.
    """
    last = latest([frame])
    return last is None or last <= today()
