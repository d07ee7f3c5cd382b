"""The project's canonical tables: columns, dtypes, keys, rules and descriptions, declared once.

The declarations are dataframely schemas (``analysis.schemas.tables``, one class per processed
table); everything else here is derived from them: the dtype dicts (``ROLL_CALLS``, ``VOTES``, ...),
``SCHEMAS``, ``KEYS`` and the data dictionary (``analysis.schemas.doc``, ``docs/data-dictionary.md``).
Adapters in ``analysis.sources`` produce frames in these schemas; ``conform`` casts a frame to a
schema and ``validate`` / ``validate_events`` check keys, nulls, codes, ranges and the references
between tables before anything is written (``analysis.schemas.checks``).

Why dataframely rather than pandera's polars backend: dataframely is written for polars first
(its rules are polars expressions, run lazily in one pass), one class declares a table's columns,
dtypes, primary key, per-column rules and cross-column rules together, and its failure info
(``Schema.filter``) gives the failing rows with the rule each breaks, which the error messages
need to name the table, row, column and value.
"""

from __future__ import annotations

import polars as pl

from analysis.core.vocab import (  # noqa: F401 - the vocabulary, re-exported with the schemas
    BODIES,
    BODY_NAMES,
    CAST_VOTES,
    ISSUE_NAMES,
    ISSUES,
    LISTING_BODIES,
    OUTCOMES,
    SC_PERMANENT,
    SC_PERMANENT_FORMER,
    UN_GROUPS,
    VOTE_VALUES,
)
from analysis.schemas.checks import (  # noqa: F401 - re-exported
    REFERENCES,
    Reference,
    SchemaError,
    check_references,
    check_table,
    check_unique,
)
from analysis.schemas.tables import (  # noqa: F401 - re-exported
    DECLARED,
    FIRST_DATE,
    FIRST_EVENT_DATE,
    FIRST_TRADE_YEAR,
    FLOWS,
    dtypes,
    key,
)

Body = pl.Enum(list(BODIES))
Vote = pl.Enum(list(VOTE_VALUES))
Flow = pl.Enum(list(FLOWS))

#: Column name -> polars dtype of every processed table, in the written column order (from the declarations).
SCHEMAS: dict[str, dict[str, pl.DataType]] = {table: dtypes(table) for table in DECLARED}
#: The key columns of each table with a key (from the declarations' ``primary_key`` columns).
KEYS: dict[str, tuple[str, ...]] = {table: key(table) for table in DECLARED if key(table)}

COUNTRIES = SCHEMAS["countries"]
ROLL_CALLS = SCHEMAS["roll_calls"]
VOTES = SCHEMAS["votes"]
TRADE = SCHEMAS["trade"]
MEMBERSHIPS = SCHEMAS["memberships"]
RESOLUTIONS_WITHOUT_ROLL_CALL = SCHEMAS["resolutions_without_roll_call"]
PRESS_VOTES = SCHEMAS["press_votes"]
HRC_CROSSCHECK = SCHEMAS["hrc_crosscheck"]
TRADE_SOURCES = SCHEMAS["trade_sources"]
REPORTED_FIGURES = SCHEMAS["reported_figures"]
EVENT_CODES = SCHEMAS["event_codes"]
EVENTS = SCHEMAS["events"]
EVENT_COUNTS_DYAD_YEAR = SCHEMAS["event_counts_dyad_year"]
EVENT_COUNTS_DYAD_MONTH = SCHEMAS["event_counts_dyad_month"]
IDEAL_POINTS = SCHEMAS["ideal_points"]
STATEDEPT_COINCIDENCE = SCHEMAS["statedept_coincidence"]
STATEDEPT_VOTES = SCHEMAS["statedept_votes"]

#: roll_calls columns an adapter may leave out: ``conform`` fills them with null (the source does not
#: say); the ``counted_*``, ``n_listed`` and ``tally_mismatch`` columns are always computed by the build.
ROLL_CALL_OPTIONAL: tuple[str, ...] = (
    "session_label", "draft_symbol", "outcome", "vetoed_by", "record_url", "official_yes", "official_no",
    "official_abstain", "official_non_voting", "official_total", "counted_yes", "counted_no", "counted_abstain",
    "counted_absent", "n_listed", "lists_members", "tally_mismatch", "note",
)
#: votes columns an adapter may leave out (``conform`` adds them as null).
VOTES_OPTIONAL: tuple[str, ...] = ("permanent",)
#: trade columns a source may lack; ``conform`` adds them as null (the source does not say).
TRADE_OPTIONAL: tuple[str, ...] = ("estimated",)

# --------------------------------------------------------------------------- the event tables

#: Event datasets, in the precedence used by ``analysis.measures.events.add_event_counts``.
EVENT_DATASETS: tuple[str, ...] = ("icews", "gdelt", "analyst")
#: Quad classes (Duval & Thompson 1980; ICEWS): CAMEO roots 01-05, 06-08, 09-13, 14-20.
QUAD_CLASSES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
#: Name of each quad-class count column, by quad class.
QUAD_COLUMNS: dict[int, str] = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
#: Events per quad class (Duval & Thompson 1980; ICEWS's names), the counts of the dyad-period tables.
QUAD_COUNTS: dict[str, pl.DataType] = {c: EVENT_COUNTS_DYAD_YEAR[c] for c in QUAD_COLUMNS.values()}
EVENT_TABLES: tuple[str, ...] = ("event_codes", "events", "event_counts_dyad_year", "event_counts_dyad_month")


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Select and cast ``frame``'s columns to the schema of ``table``; return the new frame.

    For ``roll_calls`` the columns in ``ROLL_CALL_OPTIONAL`` (for ``trade``, ``TRADE_OPTIONAL``; for ``votes``,
    ``VOTES_OPTIONAL``)
    that ``frame`` lacks are added as null (the source does not say). Raises ``SchemaError``
    naming the missing columns. Casting is strict: a value that
    does not fit the dtype (e.g. an unknown vote value) raises instead of becoming null.
    """
    schema = SCHEMAS[table]
    optional = {"roll_calls": ROLL_CALL_OPTIONAL, "trade": TRADE_OPTIONAL, "votes": VOTES_OPTIONAL}.get(table, ())
    frame = frame.with_columns(pl.lit(None).alias(c) for c in optional if c not in frame.columns)
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise SchemaError(f"{table}: missing columns {missing}")
    try:
        return frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])
    except pl.exceptions.InvalidOperationError as exc:  # pragma: no cover - message passthrough
        raise SchemaError(f"{table}: a value does not fit the schema: {exc}") from exc


def validate(tables: dict[str, pl.DataFrame]) -> None:
    """Check the canonical tables together; raise ``SchemaError`` on the first problem.

    Takes a dict with ``countries``, ``roll_calls``, ``votes`` and optionally any other declared
    table (``trade``, ``memberships``, ``resolutions_without_roll_call``, ``ideal_points``, ...).
    Each must have exactly its declared columns and dtypes and keep its declaration's rules: a
    unique key without nulls, required columns not null, roll-call dates from 1946-01-01 to the
    run's today (``analysis.core.clock.today``) and ``year`` equal to the date's year, trade years
    from 1870 to today's, no negative trade values, no state trading with itself. Then the
    references (``checks.REFERENCES``): every vote refers to a roll call, every iso3 of votes,
    memberships and trade is in ``countries``. Each error names the table, the first offending
    row (its index in the frame, counting from 0, and its key), the column and its value.
    """
    missing = [t for t in ("countries", "roll_calls", "votes") if t not in tables]
    if missing:
        raise SchemaError(f"validate: tables {missing} not given")
    for name, frame in tables.items():
        check_table(frame, name)
    check_references(tables)


def validate_events(tables: dict[str, pl.DataFrame], countries: pl.DataFrame | None = None) -> None:
    """Check the event tables in ``tables`` (any of event_codes, events, event_counts_dyad_year/month).

    Each must have exactly its schema, unique non-null keys; every event code must be in
    ``event_codes`` (when given), dates from 1979-01-01 to the run's today, Goldstein weights in
    [-10, 10], quad classes 1..4, counts non-negative, and every ISO3 code in ``countries``
    (when given: only its ``iso3`` column is read). Raises ``SchemaError`` naming the table,
    the row, the column and the value.
    """
    for name, frame in tables.items():
        check_table(frame, name)
    check_references({**tables, "countries": countries} if countries is not None else tables)
