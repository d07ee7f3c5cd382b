"""The project's canonical tables: column names and dtypes, defined once.

Adapters in ``analysis.sources`` produce frames in these schemas; ``conform`` casts a
frame to a schema and ``validate`` checks keys, codes and ranges before anything is
written. The README's "Data model" section documents the same tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from analysis.core.clock import today
from analysis.core.errors import UserError
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

Body = pl.Enum(list(BODIES))
Vote = pl.Enum(list(VOTE_VALUES))

COUNTRIES: dict[str, pl.DataType] = {
    "iso3": pl.String,  # ISO 3166-1 alpha-3, or ISO 3166-3 / project code for historical states
    "cow_code": pl.Int32,  # Correlates of War numeric code (null if COW has none)
    "name": pl.String,  # English short name
    "historical": pl.Boolean,  # True for states that no longer exist
    "successor_iso3": pl.String,  # for historical states: the state that took over its seat
    "note": pl.String,  # how a historical state is handled
    "un_group": pl.String,  # UN regional group (AFRICAN, ASIA_PACIFIC, EEG, GRULAC, WEOG); null = no source gives it
    "un_group_source": pl.String,  # where un_group comes from (the OHCHR harvest's countries list)
}

ROLL_CALLS: dict[str, pl.DataType] = {
    "body": Body,
    "rcid": pl.Int32,  # unique within body
    "session": pl.Int32,  # GA: regular session in progress; HRC/CHR: session number (null for special sessions)
    "session_label": pl.String,  # the session as the UN names it: "80", "ES-10", "S-39", "61"
    "date": pl.Date,
    "year": pl.Int32,  # calendar year of the vote
    "symbol": pl.String,  # resolution / document symbol, e.g. A/RES/78/220
    "title": pl.String,
    **{flag: pl.Boolean for flag in ISSUES},
    "important": pl.Boolean,  # US State Department "important vote" (null = unknown)
    "amend": pl.Boolean,  # vote on an amendment (null = unknown)
    "para": pl.Boolean,  # separate vote on a paragraph (null = unknown)
    "doc_type": pl.String,  # resolution / amendment / paragraph / motion / decision
    "draft_symbol": pl.String,  # the draft voted on (A/HRC/S-39/L.1, A/80/L.6); null = the source does not give it
    "outcome": pl.String,  # adopted / not adopted / vetoed; null = the source does not say
    "vetoed_by": pl.String,  # SC: the permanent member(s) whose no vote defeated a draft with 9+ yes ("RUS", "CHN,RUS")
    "record_url": pl.String,  # the voting record (OHCHR Search Library) or document; null = none given
    # the official tally as the source publishes it (null = it publishes none)
    "official_yes": pl.Int32,
    "official_no": pl.Int32,
    "official_abstain": pl.Int32,
    "official_non_voting": pl.Int32,  # members present or listed who did not vote
    "official_total": pl.Int32,  # members on the record (HRC 47, or 46 with a seat vacant; CHR 53/43/32/...)
    # counts of the per-state rows in ``votes`` (filled in by the build)
    "counted_yes": pl.Int32,
    "counted_no": pl.Int32,
    "counted_abstain": pl.Int32,
    "counted_absent": pl.Int32,
    "n_listed": pl.Int32,  # states with a row other than not_member (HRC/CHR: the members listed on the record)
    # False: the source gives only some members' votes (SC veto list: the vetoers' no), the others are unknown,
    # not absent; null = the record lists every member (or the source does not say)
    "lists_members": pl.Boolean,
    "tally_mismatch": pl.Boolean,  # official yes/no/abstain differ from the counted rows; null = no official tally
    "note": pl.String,  # what the build noticed about this roll call (vacant seat, tally mismatch, ...)
    "source": pl.String,  # adapter that produced the row
}

#: roll_calls columns an adapter may leave out: ``conform`` fills them with null (the source does not
#: say); the ``counted_*``, ``n_listed`` and ``tally_mismatch`` columns are always computed by the build.
ROLL_CALL_OPTIONAL: tuple[str, ...] = (
    "session_label", "draft_symbol", "outcome", "vetoed_by", "record_url", "official_yes", "official_no",
    "official_abstain", "official_non_voting", "official_total", "counted_yes", "counted_no", "counted_abstain",
    "counted_absent", "n_listed", "lists_members", "tally_mismatch", "note",
)

VOTES: dict[str, pl.DataType] = {
    "body": Body,
    "rcid": pl.Int32,
    "iso3": pl.String,
    "vote": Vote,
    "permanent": pl.Boolean,  # SC: the state held a permanent seat (``vocab.SC_PERMANENT``); null for other bodies
    "source": pl.String,
}
#: votes columns an adapter may leave out (``conform`` adds them as null).
VOTES_OPTIONAL: tuple[str, ...] = ("permanent",)

MEMBERSHIPS: dict[str, pl.DataType] = {
    "body": Body,  # HRC, CHR or SC (bodies whose records list their members)
    "year": pl.Int32,
    "iso3": pl.String,
    "first_listed": pl.Date,  # date of the first recorded vote of the year that lists the state
    "last_listed": pl.Date,  # ... and of the last
    "n_listed": pl.Int32,  # the year's recorded votes that list the state
    "n_roll_calls": pl.Int32,  # the year's recorded votes with a list of members
    "basis": pl.String,  # how membership is known ("listed on recorded votes")
}

RESOLUTIONS_WITHOUT_ROLL_CALL: dict[str, pl.DataType] = {
    "body": Body,
    "record_id": pl.String,  # the source's id: OHCHR record id, or the DGACM symbol
    "symbol": pl.String,
    "date": pl.Date,
    "year": pl.Int32,
    "session": pl.Int32,
    "session_label": pl.String,
    "title": pl.String,
    "doc_type": pl.String,  # resolution / decision / amendment
    "adoption": pl.String,  # adopted without a vote / non-recorded vote / adopted unanimously / withdrawn / ...
    "official_yes": pl.Int32,  # totals of a non-recorded vote where the source gives them
    "official_no": pl.Int32,
    "official_abstain": pl.Int32,
    "draft_symbol": pl.String,
    "record_url": pl.String,
    "source": pl.String,
}

#: The per-state rows of roll calls recorded from press releases (``analysis.sources.un_press_votes``),
#: with what the source says of each vote: the provenance behind those roll calls' ``votes`` rows.
PRESS_VOTES: dict[str, pl.DataType] = {
    "body": Body,
    "rcid": pl.Int32,
    "iso3": pl.String,
    "state_name": pl.String,  # as the source names it
    "vote": Vote,
    "named_in_source": pl.Boolean,  # True: the source names this vote; False: derived (see basis); null: not stated
    "basis": pl.String,  # as in the file, e.g. "abstainers named in source; Y derived = remaining 2026 members"
    "source_url": pl.String,  # the press release or story giving the vote
    "file": pl.String,  # the CSV under data/raw/un-press-votes/
    "line": pl.Int32,  # its line (header = 1)
}

HRC_CROSSCHECK: dict[str, pl.DataType] = {
    "kind": pl.String,  # different vote / listed only in ohchr / listed only in sqlite / roll call only in sqlite
    "symbol": pl.String,
    "date": pl.Date,
    "rcid": pl.Int32,  # the HRC roll call in ``roll_calls`` (OHCHR record id); null when only the sqlite has it
    "iso3": pl.String,  # null for a whole roll call
    "vote_ohchr": Vote,  # the primary source's code, as counted (null = not listed)
    "vote_sqlite": Vote,  # the cross-check's code (null = not listed)
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
    "estimated": pl.Boolean,  # True: an IMF estimate (DOTS " e"); False: the reporter's own figure; null: not said
    "source": pl.String,  # "cow" | "imf_dots" (shipped workbooks) | "imf_imts" (fetched) | "comtrade" (fetched)
}
#: trade columns a source may lack; ``conform`` adds them as null (the source does not say).
TRADE_OPTIONAL: tuple[str, ...] = ("estimated",)

#: COW beside IMF DOTS per directed flow (``analysis.measures.trade_sources``).
TRADE_SOURCES: dict[str, pl.DataType] = {
    "year": pl.Int32,
    "exporter": pl.String,
    "importer": pl.String,
    "cow_usd": pl.Float64,  # COW's figure (its estimate of the importer's imports), current USD
    "dots_importer_usd": pl.Float64,  # the importer's report in DOTS (CIF); null = none
    "dots_importer_estimated": pl.Boolean,  # True: an IMF estimate (" e")
    "dots_exporter_usd": pl.Float64,  # the exporter's report in DOTS (FOB)
    "dots_exporter_estimated": pl.Boolean,
    "dots_usd": pl.Float64,  # the DOTS figure compared: the importer's when above 0, else the exporter's
    "dots_basis": pl.String,  # "importer's report (CIF)" | "exporter's report (FOB)"
    "diff_usd": pl.Float64,  # cow_usd - dots_usd
    "ratio": pl.Float64,  # cow_usd / dots_usd; null when dots_usd is 0
    "agreement": pl.Enum(["equal within rounding", "within 1%", "within 10%", "within 2×", "beyond 2×"]),
    "flagged": pl.Boolean,  # |diff| > 10% of dots_usd and > US$1 million
}

#: Trade figures published in the press (``analysis.sources.reported_trade``): secondary sources.
REPORTED_FIGURES: dict[str, pl.DataType] = {
    "file": pl.String,  # the CSV under data/raw/reported/
    "line": pl.Int32,  # its line (header = 1)
    "iso3_a": pl.String,  # the pair, in alphabetical order
    "iso3_b": pl.String,
    "flow": pl.String,  # "total" | "exports" | "imports" (whose: exporter_iso3 -> importer_iso3)
    "exporter_iso3": pl.String,  # null for totals
    "importer_iso3": pl.String,
    "non_oil": pl.Boolean,  # the figure leaves out oil (Iran's "non-oil" trade statistics)
    "measure": pl.String,  # as in the file
    "period": pl.String,  # as in the file: "FY2022-23 (Jul-Jun)", "1401 (21 Mar 2022-20 Mar 2023)"
    "period_type": pl.String,  # as in the file
    "basis": pl.String,  # Pakistani fiscal year (July–June), Iranian year (from 21 March), calendar year, ...
    "whole_period": pl.Boolean,  # one whole year of its basis (not a part of a year, several years or a statement)
    "period_start": pl.Date,  # as the row states it; null for a statement or an unclear basis
    "period_end": pl.Date,
    "value_text": pl.String,  # as published (US$ millions)
    "value_usd": pl.Float64,  # US dollars; null when the text is not one figure
    "value_bound": pl.String,  # "exact" | "at least" | "two figures"
    "statistics_of": pl.String,  # PAK | IRN | leaders | unattributed
    "label": pl.String,  # e.g. "press report of Pakistan's official statistics"
    "reported_by": pl.String,  # as in the file
    "outlet": pl.String,
    "url": pl.String,
    "published": pl.String,  # as in the file (a date, a month, or null)
}

EVENT_CODES: dict[str, pl.DataType] = {
    "code": pl.String,  # CAMEO event code, leading zeros kept: "01", "010", "0211"
    "description": pl.String,  # CAMEO 1.1b3 name (ICEWS's table; GDELT's when ICEWS lacks the code)
    "description_gdelt": pl.String,  # GDELT's description (null where GDELT's table has none)
    "root_code": pl.String,  # first two digits, "01".."20"
    "quad_class": pl.Int8,  # 1..4 (Duval & Thompson; roots 01-05, 06-08, 09-13, 14-20)
    "quad_label": pl.String,  # verbal cooperation, material cooperation, verbal conflict, material conflict
    "quad_class_gdelt": pl.Int8,  # the class GDELT's QuadClass column gives (roots 01-05, 06-09, 10-14, 15-20)
    "goldstein_gdelt": pl.Float64,  # GDELT's CAMEO.goldsteinscale.txt (null where it lacks the code)
    "goldstein_icews": pl.Float64,  # ICEWS's table (andybega/icews cameo-codes.csv)
    "goldstein": pl.Float64,  # the weight the project uses (see analysis.sources.cameo.GOLDSTEIN_CHOICE)
    "goldstein_choice": pl.String,  # which table the weight comes from and whether the two agree
}

EVENTS: dict[str, pl.DataType] = {
    "dataset": pl.String,  # "icews" | "gdelt" | "analyst"
    "source_event_id": pl.String,  # ICEWS Event ID, GDELT GLOBALEVENTID, analyst "<file>:<line>"
    "date": pl.Date,  # the day the event took place (as the dataset dates it)
    "source_iso3": pl.String,  # ISO3 of the acting state; null = no country (IGO, region, unidentified)
    "target_iso3": pl.String,
    "source_sector": pl.String,  # ICEWS sectors / GDELT actor type codes, comma-separated; null = none
    "target_sector": pl.String,
    "cameo_code": pl.String,
    "quad_class": pl.Int8,  # from cameo_code (event_codes.quad_class), the same rule for every dataset
    "goldstein": pl.Float64,  # the project's weight for cameo_code (event_codes.goldstein)
    "intensity": pl.Float64,  # the dataset's own published score (ICEWS Intensity, GDELT GoldsteinScale)
    "domestic": pl.Boolean,  # source and target in the same country
    "source_state": pl.Boolean,  # the source actor is a state: the country itself or its government
    "target_state": pl.Boolean,
    "state_actor": pl.Boolean,  # both actors are states (a state-to-state event)
    "description": pl.String,  # analyst: the coder's description; ICEWS/GDELT: "source name -> target name"
    "citation": pl.String,  # analyst: the cited source; GDELT: SOURCEURL; ICEWS: publisher and story id
}

#: Events per quad class (Duval & Thompson 1980; ICEWS's names), the counts of the dyad-period tables.
QUAD_COUNTS: dict[str, pl.DataType] = {
    "verbal_coop": pl.Int64, "material_coop": pl.Int64, "verbal_conflict": pl.Int64, "material_conflict": pl.Int64,
}

EVENT_COUNTS_DYAD_YEAR: dict[str, pl.DataType] = {
    "dataset": pl.String,  # "icews", or "gdelt" for the whole years of GDELT aggregates
    "year": pl.Int32,
    "source_iso3": pl.String,
    "target_iso3": pl.String,
    **QUAD_COUNTS,
}

#: GDELT events aggregated per directed dyad and month by ``python -m analysis events aggregate``
#: (``analysis.sources.gdelt_aggregates``): the same quad classes and weights as ``events``.
EVENT_COUNTS_DYAD_MONTH: dict[str, pl.DataType] = {
    "dataset": pl.String,  # "gdelt"
    "month": pl.Date,  # first day of the month
    "source_iso3": pl.String,
    "target_iso3": pl.String,
    **QUAD_COUNTS,
    "n_events": pl.Int64,  # all events, the four classes and any whose code has no class
    "goldstein_sum": pl.Float64,  # the project's Goldstein weights (event_codes.goldstein) summed
    "goldstein_mean": pl.Float64,
    "n_source_urls": pl.Int64,  # distinct articles (SOURCEURL): the largest of one quad class, a lower bound
    "aggregate": pl.String,  # the aggregate it comes from: data/raw/gdelt-aggregates/<aggregate>/
    "engine": pl.String,  # duckdb | spark | bigquery
}

IDEAL_POINTS: dict[str, pl.DataType] = {
    "iso3": pl.String,
    "session": pl.Int32,
    "year": pl.Int32,  # calendar year of most of the session's cast votes
    "issue": pl.String,  # "all" or an issue flag (me, nu, di, hr, co, ec)
    "ideal_point": pl.Float64,  # null when not estimated; ``note`` says why
    "se": pl.Float64,
    "se_type": pl.String,  # "posterior_sd" or "bootstrap"
    "n_votes": pl.Int32,  # informative cast votes (yes/abstain/no on roll calls with variation)
    "note": pl.String,
}

#: The US State Department's published voting coincidence with the United States per report year and
#: state (``analysis.sources.statedept``): the report's own counts and percentage.
STATEDEPT_COINCIDENCE: dict[str, pl.DataType] = {
    "year": pl.Int32,  # the report year (calendar year; to 2016 the autumn session of that year)
    "iso3": pl.String,
    "country": pl.String,  # as printed
    "same": pl.Int32,  # identical votes
    "opposite": pl.Int32,
    "abstain_or_partial": pl.Int32,  # to 2016: the state abstained; from 2017: exactly one of the two abstained
    "absent": pl.Int32,
    "published_pct": pl.Float64,  # the coincidence as printed, in percent
    "definition": pl.String,  # statedept-2016 | statedept-2017 | statedept-2021 (analysis.measures.coincidence)
    "basis": pl.String,  # "pdf" | "transcription (secondary: no PDF)"
    "file": pl.String,  # under data/raw/statedept-voting-practices/
    "page": pl.Int32,  # PDF page (1-based); null for a transcription
    "transcription_note": pl.String,  # how the third-party transcription differs from the PDF (null: agrees)
}

#: The votes a State Department report lists: every counted recorded vote (from the 2017 report on) and
#: the important recorded votes.
STATEDEPT_VOTES: dict[str, pl.DataType] = {
    "year": pl.Int32,
    "list": pl.String,  # "counted" | "important"
    "symbol": pl.String,  # A/RES/72/164 (misprints corrected, see printed/correction)
    "parts": pl.String,  # the parts listed separately ("A,B" for A/RES/75/254[A], [B]); null = the whole text
    "page": pl.Int32,
    "printed": pl.String,  # the symbol as printed, where it was corrected
    "correction": pl.String,  # why
    "file": pl.String,
}

KEYS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3",),
    "roll_calls": ("body", "rcid"),
    "votes": ("body", "rcid", "iso3"),
    "trade": ("source", "smoothed", "year", "reporter_iso3", "partner_iso3", "flow"),
    "event_codes": ("code",),
    "events": ("dataset", "source_event_id"),
    "event_counts_dyad_year": ("dataset", "year", "source_iso3", "target_iso3"),
    "event_counts_dyad_month": ("dataset", "month", "source_iso3", "target_iso3"),
    "ideal_points": ("issue", "session", "iso3"),
    "memberships": ("body", "year", "iso3"),
    "resolutions_without_roll_call": ("source", "record_id"),
    "press_votes": ("body", "rcid", "iso3"),
    "trade_sources": ("year", "exporter", "importer"),
    "reported_figures": ("file", "line"),
    "statedept_coincidence": ("year", "iso3"),
    "statedept_votes": ("year", "list", "symbol"),
}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "countries": COUNTRIES,
    "roll_calls": ROLL_CALLS,
    "votes": VOTES,
    "trade": TRADE,
    "event_codes": EVENT_CODES,
    "events": EVENTS,
    "event_counts_dyad_year": EVENT_COUNTS_DYAD_YEAR,
    "event_counts_dyad_month": EVENT_COUNTS_DYAD_MONTH,
    "ideal_points": IDEAL_POINTS,
    "memberships": MEMBERSHIPS,
    "resolutions_without_roll_call": RESOLUTIONS_WITHOUT_ROLL_CALL,
    "hrc_crosscheck": HRC_CROSSCHECK,
    "press_votes": PRESS_VOTES,
    "trade_sources": TRADE_SOURCES,
    "reported_figures": REPORTED_FIGURES,
    "statedept_coincidence": STATEDEPT_COINCIDENCE,
    "statedept_votes": STATEDEPT_VOTES,
}

FIRST_DATE = dt.date(1946, 1, 1)


class SchemaError(UserError, ValueError):
    """A table breaks the project's schema; the message names the table and the rows."""


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


def _show(frame: pl.DataFrame, n: int = 5) -> str:
    return "; ".join(str(r) for r in frame.head(n).iter_rows(named=True))


def check_unique(frame: pl.DataFrame, keys: Sequence[str], table: str) -> None:
    """Raise ``SchemaError`` listing example rows if ``keys`` are not unique in ``frame``."""
    dup = frame.filter(pl.struct(list(keys)).is_duplicated())
    if dup.height:
        raise SchemaError(f"{table}: {dup.height} rows share a key {tuple(keys)}, e.g. {_show(dup.select(keys))}")


def check_table(frame: pl.DataFrame, table: str) -> None:
    """Raise ``SchemaError`` unless ``frame`` has the exact schema of ``table`` and unique, non-null keys."""
    schema = SCHEMAS[table]
    if list(frame.schema.items()) != list(schema.items()):
        raise SchemaError(f"{table}: columns/dtypes {dict(frame.schema)} differ from the schema {schema}")
    keys = KEYS[table]
    nulls = frame.filter(pl.any_horizontal([pl.col(k).is_null() for k in keys]))
    if nulls.height:
        raise SchemaError(f"{table}: {nulls.height} rows with a null key, e.g. {_show(nulls)}")
    check_unique(frame, keys, table)


FIRST_TRADE_YEAR = 1870


def _first_bad(frame: pl.DataFrame, condition: pl.Expr, table: str, problem: str, row: pl.Expr) -> None:
    """Raise ``SchemaError`` naming the table, how many rows break ``condition`` and the first one (``row``)."""
    bad = frame.filter(condition)
    if bad.height:
        where = bad.head(1).select(row.alias("_row"))["_row"][0]
        more = f" ({bad.height - 1:,} more)" if bad.height > 1 else ""
        raise SchemaError(f"{table}: {where}: {problem}{more}")


def _validate_trade(trade: pl.DataFrame, countries: pl.DataFrame) -> None:
    row = pl.format("source {}, {} {} {} {}", "source", "reporter_iso3", "flow", "partner_iso3", "year")
    _first_bad(trade, pl.col("year") < FIRST_TRADE_YEAR, "trade", f"a year before {FIRST_TRADE_YEAR}", row)
    _first_bad(trade, pl.col("year") > today().year, "trade", f"a year after today ({today()})", row)
    _first_bad(trade, pl.col("value_usd") < 0, "trade", "a negative value", row)
    _first_bad(trade, pl.col("reporter_iso3") == pl.col("partner_iso3"), "trade", "a state trading with itself", row)
    codes = pl.concat([trade["reporter_iso3"], trade["partner_iso3"]]).unique()
    unknown = sorted(set(codes.to_list()) - set(countries["iso3"].to_list()))
    if unknown:
        raise SchemaError(f"trade: country codes not in the countries table: {unknown}")


def validate(tables: dict[str, pl.DataFrame]) -> None:
    """Check the canonical tables together; raise ``SchemaError`` on the first problem.

    Takes a dict with ``countries``, ``roll_calls``, ``votes`` and optionally ``trade``,
    ``memberships``, ``resolutions_without_roll_call`` and ``ideal_points``. Checks: each conforms
    to its schema, keys are unique, no nulls in key columns, every vote refers to a
    roll call, every iso3 is in ``countries``, dates lie between 1946-01-01 and the run's
    today (``analysis.core.clock.today``) and ``year`` equals the date's year; trade years
    from 1870 to today's, no negative values, no state trading with itself, every trade
    iso3 in ``countries``. Each error names the table and the first offending row.
    """
    for name, frame in tables.items():
        check_table(frame, name)

    countries, roll_calls, votes = tables["countries"], tables["roll_calls"], tables["votes"]
    if "trade" in tables:
        _validate_trade(tables["trade"], countries)
    row = pl.format("{} rcid {} ({}, source {}, dated {})", "body", "rcid", pl.col("symbol").fill_null("no symbol"),
                    "source", pl.col("date").cast(pl.String).fill_null("none"))
    _first_bad(roll_calls, pl.col("date").is_null(), "roll_calls", "no date", row)
    _first_bad(roll_calls, pl.col("date") < FIRST_DATE, "roll_calls", f"a date before {FIRST_DATE}", row)
    _first_bad(roll_calls, pl.col("date") > today(), "roll_calls", f"a date after today ({today()})", row)
    _first_bad(roll_calls, pl.col("date").dt.year() != pl.col("year"), "roll_calls", "year differs from the date's",
               row)
    orphans = votes.join(roll_calls, on=["body", "rcid"], how="anti")
    if orphans.height:
        raise SchemaError(f"votes: {orphans.height} votes refer to no roll call, e.g. {_show(orphans)}")
    unknown = votes.join(countries, on="iso3", how="anti")
    if unknown.height:
        codes = sorted(unknown["iso3"].unique().to_list())
        raise SchemaError(f"votes: country codes not in the countries table: {codes}")
    if "memberships" in tables:
        unknown = tables["memberships"].join(countries, on="iso3", how="anti")
        if unknown.height:
            raise SchemaError(f"memberships: country codes not in the countries table: "
                              f"{sorted(unknown['iso3'].unique().to_list())}")


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
FIRST_EVENT_DATE = dt.date(1979, 1, 1)  # GDELT's and ICEWS's earliest coverage
EVENT_TABLES: tuple[str, ...] = ("event_codes", "events", "event_counts_dyad_year", "event_counts_dyad_month")


def validate_events(tables: dict[str, pl.DataFrame], countries: pl.DataFrame | None = None) -> None:
    """Check the event tables in ``tables`` (any of event_codes, events, event_counts_dyad_year).

    Each must have exactly its schema, unique non-null keys; every event code must be in
    ``event_codes`` (when given), dates from 1979-01-01 to the run's today, Goldstein weights in
    [-10, 10], counts non-negative, and every ISO3 code in ``countries`` (when given).
    Raises ``SchemaError`` naming the table and example rows.
    """
    for name, frame in tables.items():
        check_table(frame, name)
    codes = tables.get("event_codes")
    if codes is not None:
        bad = codes.filter(~pl.col("goldstein").is_between(-10, 10) | ~pl.col("quad_class").is_between(1, 4))
        if bad.height:
            raise SchemaError(f"event_codes: weights or quad classes out of range: {bad.head(3).rows()}")
    events = tables.get("events")
    if events is not None:
        row = pl.format("{} event {} (dated {})", "dataset", "source_event_id",
                        pl.col("date").cast(pl.String).fill_null("none"))
        _first_bad(events, pl.col("date").is_null(), "events", "no date", row)
        _first_bad(events, pl.col("date") < FIRST_EVENT_DATE, "events", f"a date before {FIRST_EVENT_DATE}", row)
        _first_bad(events, pl.col("date") > today(), "events", f"a date after today ({today()})", row)
        if codes is not None:
            unknown = events.join(codes, left_on="cameo_code", right_on="code", how="anti")
            if unknown.height:
                raise SchemaError(
                    f"events: CAMEO codes not in event_codes: {sorted(unknown['cameo_code'].unique().to_list())}"
                )
    counts = tables.get("event_counts_dyad_year")
    if counts is not None:
        bad = counts.filter(pl.any_horizontal([pl.col(c) < 0 for c in QUAD_COLUMNS.values()]))
        if bad.height:
            raise SchemaError(f"event_counts_dyad_year: negative counts, e.g. {bad.head(3).rows()}")
    if countries is not None:
        known = countries["iso3"].implode()
        for name, frame in tables.items():
            cols = [c for c in ("source_iso3", "target_iso3") if c in frame.columns]
            if not cols:
                continue
            used = pl.concat([frame[c] for c in cols]).drop_nulls().unique()
            unknown = used.filter(~used.is_in(known))
            if unknown.len():
                raise SchemaError(f"{name}: country codes not in the countries table: {sorted(unknown)}")
