"""The canonical tables declared once, as dataframely schemas: columns, dtypes, keys, rules, descriptions.

Each class is one processed table (``data/processed/<table>.parquet``); its docstring describes the
table, each column carries a one-line ``description``, ``primary_key`` columns form the table's
key (unique, never null), ``nullable=False`` marks the other columns that may not be null, and
``check`` / ``@dy.rule()`` hold the per-row rules. A rule's name maps to the sentence an error
prints in ``PROBLEMS``. The dtype dicts (``schemas.ROLL_CALLS`` ...), ``schemas.KEYS`` and the data
dictionary (``docs/data-dictionary.md``) are all derived from these classes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import dataframely as dy
import polars as pl

from analysis.core.clock import today
from analysis.core.vocab import BODIES, ISSUE_NAMES, ISSUES, VOTE_VALUES

FIRST_DATE = dt.date(1946, 1, 1)
FIRST_TRADE_YEAR = 1870
FIRST_EVENT_DATE = dt.date(1979, 1, 1)  # GDELT's and ICEWS's earliest coverage
FLOWS: tuple[str, ...] = ("import", "export")
AGREEMENT: tuple[str, ...] = ("equal within rounding", "within 1%", "within 10%", "within 2×", "beyond 2×")

#: What each named rule means, as an error prints it (``{today}`` is the run's today).
PROBLEMS: dict[str, str] = {
    "primary_key": "rows share a key",
    "nullability": "a null value where none is allowed",
    "from_1946": f"a date before {FIRST_DATE}",
    "from_1979": f"a date before {FIRST_EVENT_DATE}",
    "not_after_today": "a date after today ({today})",
    "year_from_1870": f"a year before {FIRST_TRADE_YEAR}",
    "year_not_after_today": "a year after today's ({today})",
    "non_negative": "a negative value",
    "goldstein_range": "a Goldstein weight outside [-10, 10]",
    "quad_class_range": "a quad class outside 1..4",
    "year_is_date_year": "year differs from the date's",
    "not_self_trade": "a state trading with itself",
}

Check = dict[str, Callable[[pl.Expr], pl.Expr]]
FROM_1946: Check = {"from_1946": lambda c: c >= FIRST_DATE}
FROM_1979: Check = {"from_1979": lambda c: c >= FIRST_EVENT_DATE}
NOT_AFTER_TODAY: Check = {"not_after_today": lambda c: c <= today()}  # evaluated when a table is validated
TRADE_YEAR: Check = {"year_from_1870": lambda c: c >= FIRST_TRADE_YEAR,
                     "year_not_after_today": lambda c: c <= today().year}
NON_NEGATIVE: Check = {"non_negative": lambda c: c >= 0}


def _col(kind: Callable[..., dy.Column], description: str, *, key: bool = False, required: bool = False,
         **options: Any) -> dy.Column:
    """A column: nullable unless it is part of the key (``key``) or ``required``."""
    return kind(primary_key=key, nullable=not (key or required), description=description, **options)


def _enum(categories: tuple[str, ...]) -> Callable[..., dy.Column]:
    return lambda **kw: dy.Enum(list(categories), **kw)


Body = _enum(BODIES)
Vote = _enum(VOTE_VALUES)
Flow = _enum(FLOWS)
S, I8, I32, I64, F64, B, D = dy.String, dy.Int8, dy.Int32, dy.Int64, dy.Float64, dy.Bool, dy.Date


class Countries(dy.Schema):
    """Every state the tables name: current states and the historical states decided in ``analysis.core.countries``."""

    iso3 = _col(S, "ISO 3166-1 alpha-3, or ISO 3166-3 / project code for historical states", key=True)
    cow_code = _col(I32, "Correlates of War numeric code (null if COW has none)")
    name = _col(S, "English short name", required=True)
    historical = _col(B, "True for states that no longer exist", required=True)
    successor_iso3 = _col(S, "for historical states: the state that took over its seat")
    note = _col(S, "how a historical state is handled")
    un_group = _col(S, "UN regional group (AFRICAN, ASIA_PACIFIC, EEG, GRULAC, WEOG); null = no source gives it")
    un_group_source = _col(S, "where un_group comes from (the OHCHR harvest's countries list)")


_ISSUE = "Voeten issue flag: "


class RollCalls(dy.Schema):
    """One row per recorded vote (roll call) of the General Assembly, the HRC, the CHR and the Security Council."""

    body = _col(Body, "the UN body: GA, HRC, CHR or SC", key=True)
    rcid = _col(I32, "roll-call id, unique within body", key=True)
    session = _col(I32, "GA: regular session in progress; HRC/CHR: session number (null for special sessions)")
    session_label = _col(S, 'the session as the UN names it: "80", "ES-10", "S-39", "61"')
    date = _col(D, "date of the vote (1946-01-01 to the run's today)", required=True,
                check=FROM_1946 | NOT_AFTER_TODAY)
    year = _col(I32, "calendar year of the vote (equals the date's year)", required=True)
    symbol = _col(S, "resolution / document symbol, e.g. A/RES/78/220")
    title = _col(S, "title of the text voted on")
    me = _col(B, _ISSUE + ISSUE_NAMES["me"])
    nu = _col(B, _ISSUE + ISSUE_NAMES["nu"])
    di = _col(B, _ISSUE + ISSUE_NAMES["di"])
    hr = _col(B, _ISSUE + ISSUE_NAMES["hr"])
    co = _col(B, _ISSUE + ISSUE_NAMES["co"])
    ec = _col(B, _ISSUE + ISSUE_NAMES["ec"])
    important = _col(B, 'US State Department "important vote" (null = unknown)')
    amend = _col(B, "vote on an amendment (null = unknown)")
    para = _col(B, "separate vote on a paragraph (null = unknown)")
    doc_type = _col(S, "resolution / amendment / paragraph / motion / decision")
    draft_symbol = _col(S, "the draft voted on (A/HRC/S-39/L.1, A/80/L.6); null = the source does not give it")
    outcome = _col(S, "adopted / not adopted / vetoed; null = the source does not say")
    vetoed_by = _col(S, 'SC: the permanent member(s) whose no vote defeated a draft with 9+ yes ("RUS", "CHN,RUS")')
    record_url = _col(S, "the voting record (OHCHR Search Library) or document; null = none given")
    official_yes = _col(I32, "official tally as the source publishes it: yes (null = it publishes none)")
    official_no = _col(I32, "official tally: no")
    official_abstain = _col(I32, "official tally: abstentions")
    official_non_voting = _col(I32, "official tally: members present or listed who did not vote")
    official_total = _col(I32, "official tally: members on the record (HRC 47, 46 with a seat vacant; CHR 53/43/...)")
    counted_yes = _col(I32, "yes rows in votes for this roll call (filled in by the build)")
    counted_no = _col(I32, "no rows in votes (filled in by the build)")
    counted_abstain = _col(I32, "abstain rows in votes (filled in by the build)")
    counted_absent = _col(I32, "absent rows in votes (filled in by the build)")
    n_listed = _col(I32, "states with a row other than not_member (HRC/CHR: the members listed on the record)")
    lists_members = _col(B, "False: the source gives only some members' votes (SC veto list: the vetoers' no), the "
                            "others are unknown, not absent; null = the record lists every member (or not said)")
    tally_mismatch = _col(B, "official yes/no/abstain differ from the counted rows; null = no official tally")
    note = _col(S, "what the build noticed about this roll call (vacant seat, tally mismatch, ...)")
    source = _col(S, "adapter that produced the row", required=True)

    @dy.rule()
    def year_is_date_year(cls) -> pl.Expr:
        return pl.col("date").dt.year() == pl.col("year")


assert tuple(c for c in RollCalls.column_names() if c in ISSUES) == ISSUES, "one Boolean column per issue flag"


class Votes(dy.Schema):
    """One row per state and roll call: how the state voted (absent and not_member kept distinct)."""

    body = _col(Body, "the UN body of the roll call", key=True)
    rcid = _col(I32, "the roll call (roll_calls.rcid)", key=True)
    iso3 = _col(S, "the state (countries.iso3)", key=True)
    vote = _col(Vote, "yes / abstain / no / absent / not_member", required=True)
    permanent = _col(B, "SC: the state held a permanent seat (vocab.SC_PERMANENT); null for other bodies")
    source = _col(S, "adapter that produced the row", required=True)


class Trade(dy.Schema):
    """Goods trade per reporter, partner, flow and year, from COW, IMF DOTS / IMTS and UN Comtrade."""

    source = _col(S, '"cow" | "imf_dots" (shipped workbooks) | "imf_imts" (fetched) | "comtrade" (fetched)', key=True)
    smoothed = _col(B, "True for COW's smoothed series (smoothflow1), False for the flow as published", key=True)
    year = _col(I32, "calendar year (1870 to the run's year)", key=True, check=TRADE_YEAR)
    reporter_iso3 = _col(S, "the state whose figure this is (COW: the importing state)", key=True)
    partner_iso3 = _col(S, "the other state", key=True)
    flow = _col(Flow, "import = reporter's imports from partner; export = reporter's exports to partner", key=True)
    value_usd = _col(F64, "current US dollars (not millions); null = missing, never 0", check=NON_NEGATIVE)
    valuation = _col(S, '"CIF" (imports), "FOB" (exports), or null when the source does not say (COW)')
    estimated = _col(B, 'True: an IMF estimate (DOTS " e"); False: the reporter\'s own figure; null: not said')

    @dy.rule()
    def not_self_trade(cls) -> pl.Expr:
        return pl.col("reporter_iso3") != pl.col("partner_iso3")


#: The column order of ``trade`` as written (the key is declared first above, for the data dictionary).
TRADE_ORDER: tuple[str, ...] = ("year", "reporter_iso3", "partner_iso3", "flow", "value_usd", "valuation",
                                "smoothed", "estimated", "source")


class Memberships(dy.Schema):
    """Who sat on the HRC, the CHR and the SC in a year: states listed on at least one of the year's recorded votes."""

    body = _col(Body, "HRC, CHR or SC (bodies whose records list their members)", key=True)
    year = _col(I32, "calendar year", key=True)
    iso3 = _col(S, "the state (countries.iso3)", key=True)
    first_listed = _col(D, "date of the first recorded vote of the year that lists the state")
    last_listed = _col(D, "date of the last recorded vote of the year that lists the state")
    n_listed = _col(I32, "the year's recorded votes that list the state")
    n_roll_calls = _col(I32, "the year's recorded votes with a list of members")
    basis = _col(S, 'how membership is known ("listed on recorded votes")')


class ResolutionsWithoutRollCall(dy.Schema):
    """Texts settled without a recorded vote (adopted without a vote, non-recorded vote, withdrawn, ...)."""

    body = _col(Body, "the UN body", required=True)
    record_id = _col(S, "the source's id: OHCHR record id, or the DGACM symbol", key=True)
    symbol = _col(S, "resolution / decision symbol")
    date = _col(D, "date of the decision")
    year = _col(I32, "calendar year of the decision")
    session = _col(I32, "session number")
    session_label = _col(S, "the session as the UN names it")
    title = _col(S, "title of the text")
    doc_type = _col(S, "resolution / decision / amendment")
    adoption = _col(S, "adopted without a vote / non-recorded vote / adopted unanimously / withdrawn / ...")
    official_yes = _col(I32, "yes total of a non-recorded vote where the source gives it")
    official_no = _col(I32, "no total of a non-recorded vote where the source gives it")
    official_abstain = _col(I32, "abstentions of a non-recorded vote where the source gives them")
    draft_symbol = _col(S, "the draft adopted")
    record_url = _col(S, "the record or document; null = none given")
    source = _col(S, "adapter that produced the row", key=True)


class PressVotes(dy.Schema):
    """Per-state rows of roll calls recorded from press releases, with what the source says of each vote."""

    body = _col(Body, "the UN body of the roll call", key=True)
    rcid = _col(I32, "the roll call (roll_calls.rcid)", key=True)
    iso3 = _col(S, "the state (countries.iso3)", key=True)
    state_name = _col(S, "the state as the source names it")
    vote = _col(Vote, "yes / abstain / no / absent / not_member")
    named_in_source = _col(B, "True: the source names this vote; False: derived (see basis); null: not stated")
    basis = _col(S, 'as in the file, e.g. "abstainers named in source; Y derived = remaining 2026 members"')
    source_url = _col(S, "the press release or story giving the vote")
    file = _col(S, "the CSV under data/raw/un-press-votes/")
    line = _col(I32, "its line (header = 1)")


class HrcCrosscheck(dy.Schema):
    """Every difference between the two HRC sources: the OHCHR harvest (primary) and the HRC sqlite file."""

    kind = _col(S, "different vote / listed only in ohchr / listed only in sqlite / roll call only in sqlite")
    symbol = _col(S, "the roll call's symbol")
    date = _col(D, "the roll call's date")
    rcid = _col(I32, "the HRC roll call in roll_calls (OHCHR record id); null when only the sqlite has it")
    iso3 = _col(S, "the state; null for a whole roll call")
    vote_ohchr = _col(Vote, "the primary source's code, as counted (null = not listed)")
    vote_sqlite = _col(Vote, "the cross-check's code (null = not listed)")


class TradeSources(dy.Schema):
    """COW beside IMF DOTS per directed flow (``analysis.measures.trade_sources``)."""

    year = _col(I32, "calendar year", key=True)
    exporter = _col(S, "the exporting state (ISO3)", key=True)
    importer = _col(S, "the importing state (ISO3)", key=True)
    cow_usd = _col(F64, "COW's figure (its estimate of the importer's imports), current USD")
    dots_importer_usd = _col(F64, "the importer's report in DOTS (CIF); null = none")
    dots_importer_estimated = _col(B, 'True: the importer\'s DOTS figure is an IMF estimate (" e")')
    dots_exporter_usd = _col(F64, "the exporter's report in DOTS (FOB); null = none")
    dots_exporter_estimated = _col(B, 'True: the exporter\'s DOTS figure is an IMF estimate (" e")')
    dots_usd = _col(F64, "the DOTS figure compared: the importer's when above 0, else the exporter's")
    dots_basis = _col(S, "\"importer's report (CIF)\" | \"exporter's report (FOB)\"")
    diff_usd = _col(F64, "cow_usd - dots_usd")
    ratio = _col(F64, "cow_usd / dots_usd; null when dots_usd is 0")
    agreement = _col(_enum(AGREEMENT), "how close the two are: " + " / ".join(AGREEMENT))
    flagged = _col(B, "|diff| > 10% of dots_usd and > US$1 million")


class ReportedFigures(dy.Schema):
    """Trade figures published in the press (``analysis.sources.reported_trade``): secondary sources."""

    file = _col(S, "the CSV under data/raw/reported/", key=True)
    line = _col(I32, "its line (header = 1)", key=True)
    iso3_a = _col(S, "the pair, in alphabetical order: first state")
    iso3_b = _col(S, "the pair: second state")
    flow = _col(S, '"total" | "exports" | "imports" (whose: exporter_iso3 -> importer_iso3)')
    exporter_iso3 = _col(S, "the exporting state; null for totals")
    importer_iso3 = _col(S, "the importing state; null for totals")
    non_oil = _col(B, 'the figure leaves out oil (Iran\'s "non-oil" trade statistics)')
    measure = _col(S, "as in the file")
    period = _col(S, 'as in the file: "FY2022-23 (Jul-Jun)", "1401 (21 Mar 2022-20 Mar 2023)"')
    period_type = _col(S, "as in the file")
    basis = _col(S, "Pakistani fiscal year (July–June), Iranian year (from 21 March), calendar year, ...")
    whole_period = _col(B, "one whole year of its basis (not a part of a year, several years or a statement)")
    period_start = _col(D, "as the row states it; null for a statement or an unclear basis")
    period_end = _col(D, "as the row states it; null for a statement or an unclear basis")
    value_text = _col(S, "as published (US$ millions)")
    value_usd = _col(F64, "US dollars; null when the text is not one figure")
    value_bound = _col(S, '"exact" | "at least" | "two figures"')
    statistics_of = _col(S, "PAK | IRN | leaders | unattributed")
    label = _col(S, 'e.g. "press report of Pakistan\'s official statistics"')
    reported_by = _col(S, "as in the file")
    outlet = _col(S, "the publication")
    url = _col(S, "where it was published")
    published = _col(S, "as in the file (a date, a month, or null)")


class EventCodes(dy.Schema):
    """The CAMEO event codes with their quad classes and Goldstein weights (``analysis.sources.cameo``)."""

    code = _col(S, 'CAMEO event code, leading zeros kept: "01", "010", "0211"', key=True)
    description = _col(S, "CAMEO 1.1b3 name (ICEWS's table; GDELT's when ICEWS lacks the code)")
    description_gdelt = _col(S, "GDELT's description (null where GDELT's table has none)")
    root_code = _col(S, 'first two digits, "01".."20"')
    quad_class = _col(I8, "1..4 (Duval & Thompson; roots 01-05, 06-08, 09-13, 14-20)",
                      check={"quad_class_range": lambda c: c.is_between(1, 4)})
    quad_label = _col(S, "verbal cooperation, material cooperation, verbal conflict, material conflict")
    quad_class_gdelt = _col(I8, "the class GDELT's QuadClass column gives (roots 01-05, 06-09, 10-14, 15-20)")
    goldstein_gdelt = _col(F64, "GDELT's CAMEO.goldsteinscale.txt (null where it lacks the code)")
    goldstein_icews = _col(F64, "ICEWS's table (andybega/icews cameo-codes.csv)")
    goldstein = _col(F64, "the weight the project uses (see analysis.sources.cameo.GOLDSTEIN_CHOICE)",
                     check={"goldstein_range": lambda c: c.is_between(-10, 10)})
    goldstein_choice = _col(S, "which table the weight comes from and whether the two agree")


class Events(dy.Schema):
    """One row per coded event from ICEWS, GDELT or the analysts' files."""

    dataset = _col(S, '"icews" | "gdelt" | "analyst"', key=True)
    source_event_id = _col(S, 'ICEWS Event ID, GDELT GLOBALEVENTID, analyst "<file>:<line>"', key=True)
    date = _col(D, "the day the event took place (as the dataset dates it; 1979-01-01 to today)", required=True,
                check=FROM_1979 | NOT_AFTER_TODAY)
    source_iso3 = _col(S, "ISO3 of the acting state; null = no country (IGO, region, unidentified)")
    target_iso3 = _col(S, "ISO3 of the state acted on; null = no country")
    source_sector = _col(S, "ICEWS sectors / GDELT actor type codes, comma-separated; null = none")
    target_sector = _col(S, "the target's sectors / actor type codes, comma-separated; null = none")
    cameo_code = _col(S, "CAMEO event code (event_codes.code)")
    quad_class = _col(I8, "from cameo_code (event_codes.quad_class), the same rule for every dataset")
    goldstein = _col(F64, "the project's weight for cameo_code (event_codes.goldstein)")
    intensity = _col(F64, "the dataset's own published score (ICEWS Intensity, GDELT GoldsteinScale)")
    domestic = _col(B, "source and target in the same country")
    source_state = _col(B, "the source actor is a state: the country itself or its government")
    target_state = _col(B, "the target actor is a state: the country itself or its government")
    state_actor = _col(B, "both actors are states (a state-to-state event)")
    description = _col(S, 'analyst: the coder\'s description; ICEWS/GDELT: "source name -> target name"')
    citation = _col(S, "analyst: the cited source; GDELT: SOURCEURL; ICEWS: publisher and story id")


_QUAD = "events of quad class "


class EventCountsDyadYear(dy.Schema):
    """Events per directed dyad and year and quad class (ICEWS's dyad-year file; GDELT's whole years)."""

    dataset = _col(S, '"icews", or "gdelt" for the whole years of GDELT aggregates', key=True)
    year = _col(I32, "calendar year", key=True)
    source_iso3 = _col(S, "the acting state", key=True)
    target_iso3 = _col(S, "the state acted on", key=True)
    verbal_coop = _col(I64, _QUAD + "1, verbal cooperation", check=NON_NEGATIVE)
    material_coop = _col(I64, _QUAD + "2, material cooperation", check=NON_NEGATIVE)
    verbal_conflict = _col(I64, _QUAD + "3, verbal conflict", check=NON_NEGATIVE)
    material_conflict = _col(I64, _QUAD + "4, material conflict", check=NON_NEGATIVE)


class EventCountsDyadMonth(dy.Schema):
    """GDELT events per directed dyad and month (``python -m analysis events aggregate``)."""

    dataset = _col(S, '"gdelt"', key=True)
    month = _col(D, "first day of the month", key=True)
    source_iso3 = _col(S, "the acting state", key=True)
    target_iso3 = _col(S, "the state acted on", key=True)
    verbal_coop = _col(I64, _QUAD + "1, verbal cooperation")
    material_coop = _col(I64, _QUAD + "2, material cooperation")
    verbal_conflict = _col(I64, _QUAD + "3, verbal conflict")
    material_conflict = _col(I64, _QUAD + "4, material conflict")
    n_events = _col(I64, "all events, the four classes and any whose code has no class")
    goldstein_sum = _col(F64, "the project's Goldstein weights (event_codes.goldstein) summed")
    goldstein_mean = _col(F64, "the project's Goldstein weights averaged")
    n_source_urls = _col(I64, "distinct articles (SOURCEURL): the largest of one quad class, a lower bound")
    aggregate = _col(S, "the aggregate it comes from: data/raw/gdelt-aggregates/<aggregate>/")
    engine = _col(S, "duckdb | spark | bigquery")


class IdealPoints(dy.Schema):
    """GA ideal points per state, session and issue (``analysis.measures.idealpoints``)."""

    iso3 = _col(S, "the state", key=True)
    session = _col(I32, "GA session", key=True)
    year = _col(I32, "calendar year of most of the session's cast votes")
    issue = _col(S, '"all" or an issue flag (me, nu, di, hr, co, ec)', key=True)
    ideal_point = _col(F64, "standardised, US side positive; null when not estimated (note says why)")
    se = _col(F64, "its standard error")
    se_type = _col(S, '"posterior_sd" or "bootstrap"')
    n_votes = _col(I32, "informative cast votes (yes/abstain/no on roll calls with variation)")
    note = _col(S, "why a row is missing or thin")


class StatedeptCoincidence(dy.Schema):
    """The US State Department's published voting coincidence with the United States, per report year and state."""

    year = _col(I32, "the report year (calendar year; to 2016 the autumn session of that year)", key=True)
    iso3 = _col(S, "the state", key=True)
    country = _col(S, "as printed")
    same = _col(I32, "identical votes")
    opposite = _col(I32, "opposite votes")
    abstain_or_partial = _col(I32, "to 2016: the state abstained; from 2017: exactly one of the two abstained")
    absent = _col(I32, "the state was absent")
    published_pct = _col(F64, "the coincidence as printed, in percent")
    definition = _col(S, "statedept-2016 | statedept-2017 | statedept-2021 (analysis.measures.coincidence)")
    basis = _col(S, '"pdf" | "transcription (secondary: no PDF)"')
    file = _col(S, "under data/raw/statedept-voting-practices/")
    page = _col(I32, "PDF page (1-based); null for a transcription")
    transcription_note = _col(S, "how the third-party transcription differs from the PDF (null: agrees)")


class StatedeptVotes(dy.Schema):
    """The votes a State Department report lists: every counted recorded vote (from 2017) and the important ones."""

    year = _col(I32, "the report year", key=True)
    list = _col(S, '"counted" | "important"', key=True)
    symbol = _col(S, "A/RES/72/164 (misprints corrected, see printed/correction)", key=True)
    parts = _col(S, 'the parts listed separately ("A,B" for A/RES/75/254[A], [B]); null = the whole text')
    page = _col(I32, "PDF page (1-based)")
    printed = _col(S, "the symbol as printed, where it was corrected")
    correction = _col(S, "why it was corrected")
    file = _col(S, "the report under data/raw/statedept-voting-practices/")


#: Every processed table the schemas declare, by table name.
DECLARED: dict[str, type[dy.Schema]] = {
    "countries": Countries,
    "roll_calls": RollCalls,
    "votes": Votes,
    "trade": Trade,
    "event_codes": EventCodes,
    "events": Events,
    "event_counts_dyad_year": EventCountsDyadYear,
    "event_counts_dyad_month": EventCountsDyadMonth,
    "ideal_points": IdealPoints,
    "memberships": Memberships,
    "resolutions_without_roll_call": ResolutionsWithoutRollCall,
    "hrc_crosscheck": HrcCrosscheck,
    "press_votes": PressVotes,
    "trade_sources": TradeSources,
    "reported_figures": ReportedFigures,
    "statedept_coincidence": StatedeptCoincidence,
    "statedept_votes": StatedeptVotes,
}

#: Column order where the written table differs from the declaration's (the key comes first in a declaration).
ORDER: dict[str, tuple[str, ...]] = {"trade": TRADE_ORDER}


def dtypes(table: str) -> dict[str, pl.DataType]:
    """The polars dtype of each column of ``table``, in the written column order."""
    columns = DECLARED[table].columns()
    return {name: columns[name].dtype for name in ORDER.get(table, tuple(columns))}


def key(table: str) -> tuple[str, ...]:
    """The key columns of ``table``, in the order the key is declared."""
    return tuple(DECLARED[table].primary_key())
