"""What the drafter asks of the processed data: which states a vote's title names, which symbols exist.

The draft follows the article; the data only help it say *which vote* a sentence is about:

- :meth:`DataView.names` -- do the titles of a body's roll calls on a date (or in a year) name a
  state? A story about "the resolution condemning Russia's annexation of ... Ukraine" is
  anchored to the General Assembly roll call of that day whose title names Ukraine
  (A/RES/ES-11/4, "Territorial integrity of Ukraine ..."), not Russia;
- :meth:`DataView.has_symbol` -- is a symbol the story prints a recorded vote (or its
  draft) of the body? A misprinted symbol is reported in a comment and not used as an anchor.

Tables are read through ``analysis.core.tables`` (``countries``, ``roll_calls``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import polars as pl


@dataclass
class DataView:
    """The ``countries`` and ``roll_calls`` tables, with cached look-ups for anchoring."""

    countries: pl.DataFrame
    roll_calls: pl.DataFrame

    @classmethod
    def load(cls) -> DataView:
        """Read the processed tables (``MissingTableError`` says how to build them)."""
        from analysis.core.tables import load

        return cls(load("countries"), load("roll_calls"))

    @functools.cached_property
    def _symbols(self) -> dict[str, frozenset[str]]:
        rc = self.roll_calls.with_columns(pl.col("body").cast(pl.String))
        out: dict[str, set[str]] = {}
        for body, symbol, draft in rc.select("body", "symbol", "draft_symbol").iter_rows():
            out.setdefault(body, set()).update(s for s in (symbol, draft) if s)
        return {k: frozenset(v) for k, v in out.items()}

    def has_symbol(self, body: str, symbol: str) -> bool:
        """True when ``symbol`` is the symbol (or draft symbol) of a recorded vote of ``body`` in the data."""
        return symbol in self._symbols.get(body, frozenset())

    @functools.lru_cache(maxsize=512)  # noqa: B019 - one view per drafter, kept for its life
    def _named(self, iso3: str) -> pl.DataFrame:
        from analysis.measures.resolutions import titles_naming

        return titles_naming(self.roll_calls, self.countries, iso3).select(
            pl.col("body").cast(pl.String), "date", "year", "symbol")

    def names(self, body: str, iso3: str, *, date: dt.date | None = None, year: int | None = None) -> list[str]:
        """Symbols of ``body``'s roll calls on ``date`` (or in ``year``) whose title names ``iso3`` (may be empty)."""
        key = (body, iso3, date, None if date else year)
        found = self._found.get(key)
        if found is None:
            rows = self._named(iso3).filter(pl.col("body") == body)
            if date is not None:
                rows = rows.filter(pl.col("date") == date)
            elif year is not None:
                rows = rows.filter(pl.col("year") == year)
            found = self._found[key] = [s or "?" for s in rows["symbol"].to_list()]
        return list(found)

    @functools.cached_property
    def _found(self) -> dict[tuple, list[str]]:
        return {}

    def __hash__(self) -> int:  # for lru_cache on methods
        return id(self)
