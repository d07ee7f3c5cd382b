"""Checking tables against their declarations (``analysis.schemas.tables``); errors name table, row, column, value.

A table is checked in three steps: its columns and dtypes must be exactly the declared ones (in the
written order); then the declaration's rules (key unique and not null, required columns, ranges,
dates, per-row rules) run as one dataframely pass, ``Schema.is_valid`` (no copy of the table); only
when that fails does ``Schema.filter`` collect the failing rows, so the error can name the first.
The references between tables (every vote's roll call, every ISO3 code in ``countries``, every
event code in ``event_codes``) are declared in ``REFERENCES`` and checked by anti-joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dataframely as dy
import polars as pl

from analysis.core.clock import today
from analysis.core.errors import UserError
from analysis.schemas.tables import DECLARED, PROBLEMS, dtypes, key

_ROW = "_row"


class SchemaError(UserError, ValueError):
    """A table breaks the project's schema; the message names the table, the row, the column and the value."""


@dataclass(frozen=True)
class Reference:
    """Every non-null ``columns`` value of ``table`` must be a ``target_columns`` value of ``target``."""

    table: str
    columns: tuple[str, ...]
    target: str
    target_columns: tuple[str, ...]
    problem: str


def _to_countries(table: str, *columns: str) -> list[Reference]:
    return [Reference(table, (c,), "countries", ("iso3",), "country codes not in the countries table")
            for c in columns]


#: The foreign keys: checked whenever both tables are validated together.
REFERENCES: tuple[Reference, ...] = (
    Reference("votes", ("body", "rcid"), "roll_calls", ("body", "rcid"), "votes refer to no roll call"),
    *_to_countries("votes", "iso3"),
    *_to_countries("memberships", "iso3"),
    *_to_countries("trade", "reporter_iso3", "partner_iso3"),
    Reference("events", ("cameo_code",), "event_codes", ("code",), "CAMEO codes not in event_codes"),
    *_to_countries("events", "source_iso3", "target_iso3"),
    *_to_countries("event_counts_dyad_year", "source_iso3", "target_iso3"),
    *_to_countries("event_counts_dyad_month", "source_iso3", "target_iso3"),
)


def _value(value: object) -> str:
    """A value as an error shows it: text quoted (so blanks show), anything else as printed, null as null."""
    return "null" if value is None else repr(value) if isinstance(value, str) else str(value)


def _rows(n: int) -> str:
    return f"{n:,} row{'s' * (n != 1)}"


def _label(row: dict, columns: Sequence[str]) -> str:
    return ", ".join(f"{c} {'null' if row[c] is None else row[c]}" for c in columns)


def _values(row: dict, columns: Sequence[str]) -> str:
    return ", ".join(f"{c} = {_value(row[c])}" for c in columns)


def _problem(rule: str) -> str:
    name = rule.split("|")[-1].removeprefix("check__")
    text = PROBLEMS.get(name, f"breaks the rule {name!r}")
    return text.format(today=today())


def _rule_columns(rule: str, schema: type[dy.Schema]) -> list[str]:
    if "|" in rule:
        return [rule.split("|")[0]]
    if rule == "primary_key":
        return schema.primary_key()
    rules = schema._schema_validation_rules()  # a @dy.rule(): the columns its expression reads
    if rule in rules:
        return list(dict.fromkeys(rules[rule].expr.meta.root_names()))
    return []


def _report(frame: pl.DataFrame, table: str) -> None:
    """Raise ``SchemaError`` for the first rule ``frame`` breaks, naming the row, the columns and their values."""
    schema = DECLARED[table]
    with_row = type(f"{schema.__name__}Rows", (schema,), {_ROW: dy.UInt32(nullable=False)})
    _, failure = with_row.filter(frame.with_row_index(_ROW))
    counts = {rule: n for rule, n in failure.counts().items() if n}
    keys = schema.primary_key()
    order = [f"{k}|nullability" for k in keys] + ["primary_key"]  # a null key, then a shared key, then the rest
    rule = min(counts, key=lambda r: order.index(r) if r in order else len(order))
    details = failure.details().filter(pl.col(rule) == "invalid")
    first = details.row(0, named=True)
    columns = _rule_columns(rule, schema)
    if rule == "primary_key":
        rows = details.filter(*[pl.col(k).eq_missing(first[k]) for k in keys])[_ROW].to_list()
        raise SchemaError(f"{table}: {len(details):,} rows share a key {tuple(keys)}, e.g. rows "
                          f"{', '.join(map(str, rows[:5]))}: {_label(first, keys)}")
    where = _label(first, [k for k in keys if k not in columns])
    values = _values(first, columns)
    n = len(details) - 1
    more = f" ({n:,} more row{'s' * (n != 1)})" if n else ""
    others = [f"{', '.join(_rule_columns(r, schema))}: {_problem(r)} ({_rows(n)})" for r, n in counts.items()
              if r != rule]
    also = f"; also: {'; '.join(others)}" if others else ""
    raise SchemaError(f"{table}: row {first[_ROW]}{f' ({where})' if where else ''}: {values}: "
                      f"{_problem(rule)}{more}{also}")


def check_table(frame: pl.DataFrame, table: str) -> None:
    """Raise ``SchemaError`` unless ``frame`` has exactly the columns and dtypes of ``table`` and keeps its rules."""
    schema = dtypes(table)
    if list(frame.schema.items()) != list(schema.items()):
        missing = [c for c in schema if c not in frame.columns]
        extra = [c for c in frame.columns if c not in schema]
        wrong = [f"{c} is {frame.schema[c]}, not {t}" for c, t in schema.items()
                 if c in frame.columns and frame.schema[c] != t]
        said = [f"missing columns {missing}" * bool(missing), f"extra columns {extra}" * bool(extra),
                "; ".join(wrong)]
        raise SchemaError(f"{table}: columns/dtypes differ from the schema: "
                          f"{'; '.join(s for s in said if s) or 'another column order'} "
                          f"(the schema: {list(schema)})")
    if not DECLARED[table].is_valid(frame):
        _report(frame, table)


def check_unique(frame: pl.DataFrame, keys: Sequence[str], table: str) -> None:
    """Raise ``SchemaError`` naming example rows if ``keys`` are not unique in ``frame``."""
    dup = frame.with_row_index(_ROW).filter(pl.struct(list(keys)).is_duplicated())
    if dup.height:
        first = dup.row(0, named=True)
        raise SchemaError(f"{table}: {dup.height:,} rows share a key {tuple(keys)}, e.g. rows "
                          f"{', '.join(map(str, dup[_ROW].head(5)))}: {_label(first, keys)}")


def check_reference(tables: dict[str, pl.DataFrame], ref: Reference) -> None:
    """Raise ``SchemaError`` naming the values of ``ref.columns`` that ``ref.target`` lacks, and the first row."""
    frame, target = tables[ref.table], tables[ref.target]
    cols = list(ref.columns)
    used = frame.select(cols).drop_nulls().unique()
    missing = used.join(target.select(ref.target_columns).unique(), left_on=cols,
                        right_on=list(ref.target_columns), how="anti")
    if not missing.height:
        return
    bad = frame.with_row_index(_ROW).join(missing, on=cols, how="semi")
    first = bad.row(0, named=True)
    values = sorted(missing.rows()) if len(cols) > 1 else sorted(missing[cols[0]].to_list())
    keys = [k for k in key(ref.table) if k not in cols]
    where = f" ({_label(first, keys)})" if keys else ""
    raise SchemaError(f"{ref.table}: {ref.problem}: {values[:20]}{' ...' if len(values) > 20 else ''}; "
                      f"{_rows(bad.height)}, the first row {first[_ROW]}{where}: "
                      f"{_values(first, cols)}")


def check_references(tables: dict[str, pl.DataFrame]) -> None:
    """Check every declared reference whose two tables are in ``tables``."""
    for ref in REFERENCES:
        if ref.table in tables and ref.target in tables:
            check_reference(tables, ref)
