"""Country codes and names: ISO3 is the project's key for every state.

Conversion between ISO2, ISO3, Correlates of War (COW) numbers and English names uses
the maintained ``countrycode`` package (the Python port of the R package by Arel-Bundock
et al., *JOSS* 2018). We chose it over ``country_converter`` because it carries COW codes
(needed for Voeten's file and, later, COW trade) and works with pandas 3; see docs/explanation/design.md.

What no library knows is spelled out here, explicitly and once:

=====  ==========================  ====  =======  =============================================
iso3   state                       COW   succ.    how its votes are counted
=====  ==========================  ====  =======  =============================================
RUS    USSR (1946-1991)            365   -        as Russia (RUS): the Russian Federation took
                                                  over the USSR's seat (unvotes files it as RU)
DEU    Federal Republic of Germany 260   -        as Germany (DEU), 1973-1990
DDR    German Democratic Republic  265   DEU      own code (ISO 3166-3 DDR), 1973-1990
YUG    Yugoslavia (SFRY/FRY)       345   SRB      own code (ISO 3166-3 YUG), votes before 2000-11-01
SCG    Serbia and Montenegro       345   SRB      own code (ISO 3166-3 SCG), 2000-11-01 to 2006-06-02
SRB    Serbia                      345   -        from 2006-06-03 (unvotes keeps Serbia under YU)
CSK    Czechoslovakia              315   CZE      own code (ISO 3166-3 CSK), to 1992
YEM    Yemen Arab Republic         678   -        as Yemen (YEM): North Yemen's seat continued
YMD    People's Dem. Rep. of Yemen 680   YEM      own code (ISO 3166-3 YMD), 1967-1990
ZAN    Zanzibar                    511   TZA      project code ZAN (no ISO code), 1963-1964
AUH    Austria-Hungary             300   AUT      project code (trade 1870-1913)
KRE    Korea (Korean Empire)       730   -        project code (trade 1888-1905)
RVN    Republic of Vietnam (South) 817   VNM      project code (trade 1954-1959)
ANT    Netherlands Antilles        -     CUW      ISO code until 2010 (IMF DOTS partner, trade only)
XKX    Kosovo                      347   -        user-assigned code used by the EU and World Bank
=====  ==========================  ====  =======  =============================================

In yearly data (trade) COW 345 is YUG to 2000, SCG 2001-2005 and SRB from 2006.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import importlib.util
import pickle
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from analysis.core.errors import UserError

#: Historical states the libraries do not know, with the code the project gives them.
HISTORICAL: list[dict[str, object]] = [
    {"iso3": "DDR", "cow_code": 265, "name": "German Democratic Republic", "successor_iso3": "DEU",
     "note": "ISO 3166-3 code; member 1973-1990"},
    {"iso3": "YUG", "cow_code": 345, "name": "Yugoslavia", "successor_iso3": "SRB",
     "note": "ISO 3166-3 code; votes before 2000-11-01 (SFRY, then the FRY)"},
    {"iso3": "SCG", "cow_code": 345, "name": "Serbia and Montenegro", "successor_iso3": "SRB",
     "note": "ISO 3166-3 code; votes 2000-11-01 to 2006-06-02"},
    {"iso3": "CSK", "cow_code": 315, "name": "Czechoslovakia", "successor_iso3": "CZE",
     "note": "ISO 3166-3 code; dissolved 1992 into CZE and SVK"},
    {"iso3": "YMD", "cow_code": 680, "name": "Yemen People's Republic (South Yemen)", "successor_iso3": "YEM",
     "note": "ISO 3166-3 code; member 1967-1990"},
    {"iso3": "ZAN", "cow_code": 511, "name": "Zanzibar", "successor_iso3": "TZA",
     "note": "project code (no ISO code exists); member December 1963 to April 1964"},
    {"iso3": "AUH", "cow_code": 300, "name": "Austria-Hungary", "successor_iso3": "AUT",
     "note": "project code (COW abbreviation); COW trade 1870-1913"},
    {"iso3": "KRE", "cow_code": 730, "name": "Korea (Joseon / Korean Empire)", "successor_iso3": None,
     "note": "project code; COW trade 1888-1905 (COW 730, before Japanese annexation)"},
    {"iso3": "RVN", "cow_code": 817, "name": "Republic of Vietnam (South Vietnam)", "successor_iso3": "VNM",
     "note": "project code (COW abbreviation); COW trade 1954-1959"},
    {"iso3": "ANT", "cow_code": None, "name": "Netherlands Antilles", "successor_iso3": "CUW",
     "note": "ISO 3166-1 alpha-3 until 2010 (ISO 3166-3 ANHH); dissolved 2010 into Curacao, Sint Maarten and the "
             "Caribbean Netherlands; a partner in the IMF DOTS workbooks"},
]
HISTORICAL_ISO3 = frozenset(str(h["iso3"]) for h in HISTORICAL)
#: Common names of states that are counted under another code or have a historical code.
ALIASES = {
    "east germany": "DDR", "gdr": "DDR", "west germany": "DEU", "federal republic of germany": "DEU",
    "south yemen": "YMD", "north yemen": "YEM", "yemen arab republic": "YEM", "yugoslavia": "YUG",
    "serbia and montenegro": "SCG", "czechoslovakia": "CSK", "zanzibar": "ZAN",
    "soviet union": "RUS", "ussr": "RUS",
}

#: Current states that countrycode does not know by ISO3 (Kosovo's user-assigned code XKX).
_EXTRA_CURRENT = {"XKX": {"name": "Kosovo", "cow_code": 347}}
#: COW codes of current states that countrycode does not map, and notes on merged states.
_COW_FIXED = {"SRB": 345}
_NOTES = {
    "RUS": "includes the USSR's votes 1946-1991 (COW 365)",
    "DEU": "includes the Federal Republic of Germany 1973-1990 (COW 260/255)",
    "YEM": "includes the Yemen Arab Republic (North Yemen, COW 678) before 1990",
}

# Dates at which COW 345 / unvotes "YU" changes its ISO3 code.
SCG_FROM = dt.date(2000, 11, 1)
SRB_FROM = dt.date(2006, 6, 3)

#: COW codes that need a fixed ISO3 (historical states, or codes countrycode lacks).
_COW_TO_ISO3 = {
    260: "DEU", 265: "DDR", 315: "CSK", 511: "ZAN", 678: "YEM", 680: "YMD", 365: "RUS",
    300: "AUH", 730: "KRE", 817: "RVN", 347: "XKX",
}
#: unvotes ISO2 codes that are historical (country_code column).
_ISO2_TO_ISO3 = {"CS": "CSK", "DD": "DDR", "YD": "YMD"}
#: unvotes rows with no ISO2 code at all, keyed by the unvotes country name.
_NAME_TO_ISO3 = {
    "Yemen Arab Republic": "YEM",
    "Zanzibar": "ZAN",
    "Federal Republic of Germany": "DEU",
}
#: Spellings in the DGACM files that no name matcher reads (mis-encoded): name -> iso3.
#: 'TÜRKÝYE' is 'TÜRKİYE' with the dotted capital I (U+0130) mis-encoded as Ý (U+00DD).
DGACM_NAME_FIXES = {"TÜRKÝYE": "TUR"}


class UnknownCountryError(UserError, ValueError):
    """A country name or code that the project cannot resolve."""


def yugoslavia_code(dates: pl.Expr) -> pl.Expr:
    """Return an expression giving YUG / SCG / SRB for votes of COW 345 (unvotes YU) by date."""
    return (
        pl.when(dates >= SRB_FROM).then(pl.lit("SRB"))
        .when(dates >= SCG_FROM).then(pl.lit("SCG"))
        .otherwise(pl.lit("YUG"))
    )


def yugoslavia_code_by_year(years: pl.Expr) -> pl.Expr:
    """Return YUG / SCG / SRB for COW 345 by calendar year (for yearly data such as trade).

    A year takes the state that existed for most of it: YUG to 2000, SCG 2001-2005, SRB from 2006.
    """
    return (
        pl.when(years >= SRB_FROM.year).then(pl.lit("SRB"))
        .when(years > SCG_FROM.year).then(pl.lit("SCG"))
        .otherwise(pl.lit("YUG"))
    )


def _convert(values: Sequence[object], origin: str, destination: str) -> dict[object, str | None]:
    unique = sorted({v for v in values if v is not None}, key=str)
    if not unique:
        return {}
    from countrycode import countrycode  # imported when needed: it loads pandas (about 0.4 s)

    return dict(zip(unique, countrycode(list(unique), origin=origin, destination=destination), strict=True))


def iso3_from_iso2(codes: Iterable[str]) -> dict[str, str | None]:
    """Map ISO2 codes (incl. unvotes' historical CS, DD, YD) to ISO3; unknown → None.

    ``YU`` is not mapped here because its ISO3 depends on the date (``yugoslavia_code``).
    """
    codes = list(codes)
    mapping = {c: v for c, v in _convert(codes, "iso2c", "iso3c").items() if isinstance(c, str)}
    mapping.update({c: _ISO2_TO_ISO3[c] for c in codes if c in _ISO2_TO_ISO3})
    return mapping


def iso3_from_unvotes_name(names: Iterable[str]) -> dict[str, str | None]:
    """Map the unvotes country names of rows without an ISO2 code to ISO3."""
    return {n: _NAME_TO_ISO3.get(n) for n in names}


def iso3_from_cow(codes: Iterable[int]) -> dict[int, str | None]:
    """Map COW numeric codes to ISO3 (345 is date-dependent and returned as None)."""
    codes = [int(c) for c in codes]
    mapping = {int(c): v for c, v in _convert(codes, "cown", "iso3c").items()}  # type: ignore[arg-type]
    mapping.update({c: _COW_TO_ISO3[c] for c in codes if c in _COW_TO_ISO3})
    mapping.pop(345, None)
    return mapping


def iso3_from_names(names: Iterable[str]) -> dict[str, str | None]:
    """Map English country names in any common spelling (e.g. DGACM's upper case) to ISO3."""
    names = list(names)
    mapping = {n: v for n, v in _convert(names, "country.name", "iso3c").items() if isinstance(n, str)}
    mapping.update({n: DGACM_NAME_FIXES[n] for n in names if n in DGACM_NAME_FIXES})
    return mapping


#: Where ``un_group`` comes from.
UN_GROUP_SOURCE = "OHCHR voting harvest (lszoszk/hrc-voting, data.js countries list)"


def build_countries(iso3_codes: Iterable[str], groups: dict[str, str] | None = None) -> pl.DataFrame:
    """Return the ``countries`` table for the given ISO3 codes (historical ones included).

    Takes every code that occurs in the data and, optionally, each state's UN regional group
    (ISO3 -> AFRICAN, ASIA_PACIFIC, EEG, GRULAC or WEOG; states without one get null).
    Names and COW codes of current states come from ``countrycode``; historical states from
    ``HISTORICAL``. Raises ``UnknownCountryError`` for a code neither knows.
    """
    groups = groups or {}
    codes = sorted(set(iso3_codes))
    current = [c for c in codes if c not in HISTORICAL_ISO3]
    names = {**_convert(current, "iso3c", "country.name"),
             **{c: v["name"] for c, v in _EXTRA_CURRENT.items() if c in current}}
    cows = {**_convert(current, "iso3c", "cown"),
            **{c: v["cow_code"] for c, v in _EXTRA_CURRENT.items() if c in current}}
    unknown = [c for c in current if not names.get(c)]
    if unknown:
        raise UnknownCountryError(f"ISO3 codes unknown to countrycode and not in HISTORICAL: {unknown}")
    rows = [
        {
            "iso3": c,
            "cow_code": _COW_FIXED.get(c, cows.get(c)),
            "name": names[c],
            "historical": False,
            "successor_iso3": None,
            "note": _NOTES.get(c),
        }
        for c in current
    ]
    rows += [{**h, "historical": True} for h in HISTORICAL if h["iso3"] in codes]
    for row in rows:
        row["un_group"] = groups.get(str(row["iso3"]))
        row["un_group_source"] = UN_GROUP_SOURCE if row["un_group"] else None
    from analysis.schemas import COUNTRIES  # here, not at the top: reading countries needs no schemas (dataframely)

    return pl.DataFrame(rows, schema=COUNTRIES).sort("iso3")


#: countrycode's English name columns a user may type (whole names only, see ``name_candidates``).
NAME_COLUMNS = ("country.name.en", "cldr.name.en", "cldr.short.en", "cldr.variant.en", "un.name.en", "iso.name.en",
                "cow.name", "p4.name", "vdem.name")
#: Common names no countrycode column holds (lower case, normalised) -> ISO3.
EXTRA_NAMES = {
    "usa": "USA", "u.s.": "USA", "u.s.a.": "USA", "america": "USA", "britain": "GBR", "great britain": "GBR",
    "micronesia": "FSM", "dr congo": "COD", "drc": "COD", "burma": "MMR", "east timor": "TLS",
    "cape verde": "CPV", "vatican": "VAT", "holy see": "VAT", "kosovo": "XKX", "state of palestine": "PSE",
    "turkiye": "TUR", "north korea": "PRK", "south korea": "KOR", "persia": "IRN", "islamic republic of iran": "IRN",
}


def _normalise(text: str) -> str:
    """Lower case, accents and "(the)" dropped, apostrophes plain, a leading "the" dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\u2019", "'").replace("(the)", " ")
    text = " ".join(text.replace(",", " , ").split()).replace(" ,", ",")
    return text[4:] if text.startswith("the ") else text


@functools.lru_cache(maxsize=1)
def codelist() -> dict[str, list[Any]]:
    """Return countrycode's code list: column name (``iso3c``, ``country.name.en.regex``, ...) -> values.

    Read from the package's own data file (``countrycode/data/codelist.pickle``, a dict of
    lists), which takes about 0.06 s; ``import countrycode`` also imports pandas (about
    0.8 s), which the claims check and the CLI's name look-ups do not need. Falls back to
    the package's ``codelist`` if a later release moves that file.
    """
    spec = importlib.util.find_spec("countrycode")  # finds the package without importing it
    data = Path(spec.origin).parent / "data" / "codelist.pickle" if spec and spec.origin else None
    if data is not None and data.is_file():
        with data.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 -- the installed package's own data file
    from countrycode import codelist as packaged

    return packaged


@functools.lru_cache(maxsize=1)
def _name_index() -> dict[str, frozenset[str]]:
    """Every whole name a user may type (normalised) -> the ISO3 codes it names."""
    index: dict[str, set[str]] = {}
    codes = codelist()["iso3c"]
    for column in NAME_COLUMNS:
        for code, name in zip(codes, codelist()[column], strict=True):
            if code and isinstance(name, str) and name.strip():
                index.setdefault(_normalise(name), set()).add(code)
    for name, code in {**EXTRA_NAMES, **ALIASES}.items():
        index.setdefault(_normalise(name), set()).add(code)
    for h in HISTORICAL:
        index.setdefault(_normalise(str(h["name"])), set()).add(str(h["iso3"]))
    return {k: frozenset(v) for k, v in index.items()}


def known_names() -> dict[str, frozenset[str]]:
    """Return every whole state name the package reads (normalised: lower case, no accents) -> its ISO3 codes.

    The same index as :func:`name_candidates` uses (countrycode's English name columns, the
    project's aliases and historical states); a name with two codes is ambiguous ("korea").
    """
    return dict(_name_index())


def name_candidates(text: str) -> set[str]:
    """Return the ISO3 codes of which ``text`` is a whole name (any spelling countrycode or the project knows).

    Only whole names count -- no pattern search, so "Iran Pakistan", "not Pakistan",
    "Indiana" or "New Mexico" name no state. Takes any text; returns a set (empty when
    nothing matches).
    """
    return set(_name_index().get(_normalise(text), ()))


def resolve(query: str, countries: pl.DataFrame) -> str:
    """Return the ISO3 code for ``query``: an ISO3 code or a whole name ("Iran", "Pakistan", "Côte d'Ivoire").

    Names resolve only when the whole text is a known name, alias or spelling of one state
    (``name_candidates``). Raises ``UnknownCountryError`` with close matches when the query
    names no state, names a state without data in ``countries``, or could be two states.
    """
    text = query.strip()
    known = set(countries["iso3"].to_list())
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    if text.upper() in known:
        return text.upper()
    found = name_candidates(text)
    inside = found & known
    if len(inside) == 1:
        return inside.pop()
    if len(inside) > 1:
        both = ", ".join(f"{c} ({names[c]})" for c in sorted(inside))
        raise UnknownCountryError(f"{query!r} could be {both}; give the ISO3 code")
    if found:
        codes = ", ".join(sorted(found))
        raise UnknownCountryError(f"{query!r} ({codes}) has no rows in the data (no UN votes, trade or events)")
    index = _name_index()
    spelled = {n: sorted(c & known)[0] for n, c in index.items() if c & known}
    close = [spelled[n] for n in difflib.get_close_matches(_normalise(text), list(spelled), n=3, cutoff=0.75)]
    close += difflib.get_close_matches(text.upper(), sorted(known), n=2, cutoff=0.5)
    hint = ", ".join(f"{iso} ({names[iso]})" for iso in dict.fromkeys(close))
    raise UnknownCountryError(f"unknown country {query!r}" + (f"; did you mean: {hint}?" if hint else ""))
