"""The project's canonical tables: column names and dtypes, defined once.

Adapters in ``analysis.sources`` produce frames in these schemas; ``conform`` casts a
frame to a schema and ``validate`` checks keys, codes and ranges before anything is
written. The README's "Data model" section documents the same tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

BODIES: tuple[str, ...] = ("GA", "HRC")
VOTE_VALUES: tuple[str, ...] = ("yes", "abstain", "no", "absent", "not_member")
#: Vote values that are actual votes (codes 1, 2, 3 in Voeten's scheme).
CAST_VOTES: tuple[str, ...] = ("yes", "abstain", "no")
ISSUES: tuple[str, ...] = ("me", "nu", "di", "hr", "co", "ec")
ISSUE_NAMES: dict[str, str] = {
    "me": "Palestinian conflict / Middle East",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}

Body = pl.Enum(list(BODIES))
Vote = pl.Enum(list(VOTE_VALUES))

COUNTRIES: dict[str, pl.DataType] = {
    "iso3": pl.String,  # ISO 3166-1 alpha-3, or ISO 3166-3 / project code for historical states
    "cow_code": pl.Int32,  # Correlates of War numeric code (null if COW has none)
    "name": pl.String,  # English short name
    "historical": pl.Boolean,  # True for states that no longer exist
    "successor_iso3": pl.String,  # for historical states: the state that took over its seat
    "note": pl.String,  # how a historical state is handled
}

ROLL_CALLS: dict[str, pl.DataType] = {
    "body": Body,
    "rcid": pl.Int32,  # unique within body
    "session": pl.Int32,  # GA: regular session in progress; HRC: session number (null for special sessions)
    "date": pl.Date,
    "year": pl.Int32,  # calendar year of the vote
    "symbol": pl.String,  # resolution / document symbol, e.g. A/RES/78/220
    "title": pl.String,
    **{flag: pl.Boolean for flag in ISSUES},
    "important": pl.Boolean,  # US State Department "important vote" (null = unknown)
    "amend": pl.Boolean,  # vote on an amendment (null = unknown)
    "para": pl.Boolean,  # separate vote on a paragraph (null = unknown)
    "doc_type": pl.String,  # resolution / amendment / paragraph / motion / decision
    "source": pl.String,  # adapter that produced the row
}

VOTES: dict[str, pl.DataType] = {
    "body": Body,
    "rcid": pl.Int32,
    "iso3": pl.String,
    "vote": Vote,
    "source": pl.String,
}

FLOWS: tuple[str, ...] = ("import", "export")
Flow = pl.Enum(list(FLOWS))

TRADE: dict[str, pl.DataType] = {
    "year": pl.Int32,
    "reporter_iso3": pl.String,  # the state whose figure this is (COW: the importing state)
    "partner_iso3": pl.String,
    "flow": Flow,  # import = reporter's imports from partner; export = reporter's exports to partner
    "value_usd": pl.Float64,  # current US dollars (not millions); null = missing, never 0
    "valuation": pl.String,  # "CIF" (imports), "FOB" (exports), or null when the source does not say (COW)
    "smoothed": pl.Boolean,  # True for COW's smoothed series (smoothflow1), False for the flow as published
    "source": pl.String,  # "cow" | "imf_dots" | "comtrade"
}

KEYS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3",),
    "roll_calls": ("body", "rcid"),
    "votes": ("body", "rcid", "iso3"),
    "trade": ("source", "smoothed", "year", "reporter_iso3", "partner_iso3", "flow"),
}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "countries": COUNTRIES,
    "roll_calls": ROLL_CALLS,
    "votes": VOTES,
    "trade": TRADE,
}

FIRST_DATE = dt.date(1946, 1, 1)
LAST_DATE = dt.date(2026, 12, 31)


class SchemaError(ValueError):
    """A table breaks the project's schema; the message names the table and the rows."""


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Select and cast ``frame``'s columns to the schema of ``table``; return the new frame.

    Raises ``SchemaError`` naming the missing columns. Casting is strict: a value that
    does not fit the dtype (e.g. an unknown vote value) raises instead of becoming null.
    """
    schema = SCHEMAS[table]
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise SchemaError(f"{table}: missing columns {missing}")
    try:
        return frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])
    except pl.exceptions.InvalidOperationError as exc:  # pragma: no cover - message passthrough
        raise SchemaError(f"{table}: a value does not fit the schema: {exc}") from exc


def _show(frame: pl.DataFrame, n: int = 5) -> str:
    return "; ".join(str(r) for r in frame.head(n).iter_rows(named=True))


def check_unique(frame: pl.DataFrame, keys: Sequence[str], table: str) -> None:
    """Raise ``SchemaError`` listing example rows if ``keys`` are not unique in ``frame``."""
    dup = frame.filter(pl.struct(list(keys)).is_duplicated())
    if dup.height:
        raise SchemaError(f"{table}: {dup.height} rows share a key {tuple(keys)}, e.g. {_show(dup.select(keys))}")


FIRST_TRADE_YEAR = 1870


def _validate_trade(trade: pl.DataFrame, countries: pl.DataFrame) -> None:
    bad = trade.filter(
        ~pl.col("year").is_between(FIRST_TRADE_YEAR, LAST_DATE.year)
        | (pl.col("value_usd") < 0)
        | (pl.col("reporter_iso3") == pl.col("partner_iso3"))
    )
    if bad.height:
        raise SchemaError(f"trade: {bad.height} rows with a year out of range, a negative value or a self-pair, "
                          f"e.g. {_show(bad)}")
    codes = pl.concat([trade["reporter_iso3"], trade["partner_iso3"]]).unique()
    unknown = sorted(set(codes.to_list()) - set(countries["iso3"].to_list()))
    if unknown:
        raise SchemaError(f"trade: country codes not in the countries table: {unknown}")


def validate(tables: dict[str, pl.DataFrame]) -> None:
    """Check the canonical tables together; raise ``SchemaError`` on the first problem.

    Takes a dict with ``countries``, ``roll_calls``, ``votes`` and optionally ``trade``. Checks: each conforms
    to its schema, keys are unique, no nulls in key columns, every vote refers to a
    roll call, every iso3 is in ``countries``, dates lie in [1946-01-01, 2026-12-31] and
    ``year`` equals the date's year; trade years in [1870, 2026], no negative values, no
    state trading with itself, every trade iso3 in ``countries``.
    """
    for name, frame in tables.items():
        schema = SCHEMAS[name]
        if list(frame.schema.items()) != list(schema.items()):
            raise SchemaError(f"{name}: columns/dtypes {dict(frame.schema)} differ from the schema {schema}")
        keys = KEYS[name]
        nulls = frame.filter(pl.any_horizontal([pl.col(k).is_null() for k in keys]))
        if nulls.height:
            raise SchemaError(f"{name}: {nulls.height} rows with a null key, e.g. {_show(nulls)}")
        check_unique(frame, keys, name)

    countries, roll_calls, votes = tables["countries"], tables["roll_calls"], tables["votes"]
    if "trade" in tables:
        _validate_trade(tables["trade"], countries)
    bad_dates = roll_calls.filter(
        pl.col("date").is_null()
        | (pl.col("date") < FIRST_DATE)
        | (pl.col("date") > LAST_DATE)
        | (pl.col("date").dt.year() != pl.col("year"))
    )
    if bad_dates.height:
        raise SchemaError(f"roll_calls: {bad_dates.height} rows with a date out of range, e.g. {_show(bad_dates)}")
    orphans = votes.join(roll_calls, on=["body", "rcid"], how="anti")
    if orphans.height:
        raise SchemaError(f"votes: {orphans.height} votes refer to no roll call, e.g. {_show(orphans)}")
    unknown = votes.join(countries, on="iso3", how="anti")
    if unknown.height:
        codes = sorted(unknown["iso3"].unique().to_list())
        raise SchemaError(f"votes: country codes not in the countries table: {codes}")
