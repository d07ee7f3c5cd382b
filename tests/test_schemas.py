"""The table declarations (``analysis.schemas``, dataframely): each kind of violation is caught, and the
error names the table, the row, the column and the value. Small frames built by hand."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from analysis import schemas
from analysis.core.errors import UserError
from analysis.schemas import SchemaError, conform, validate, validate_events
from analysis.schemas.doc import data_dictionary

DICTIONARY = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"


def _frame(table: str, rows: dict) -> pl.DataFrame:
    """``rows`` as a ``table`` frame, the columns it leaves out null."""
    frame = pl.DataFrame(rows)
    return conform(frame.with_columns(pl.lit(None).alias(c) for c in schemas.SCHEMAS[table] if c not in rows), table)


def _countries(*codes: str) -> pl.DataFrame:
    return _frame("countries", {"iso3": list(codes), "name": list(codes), "historical": [False] * len(codes)})


def _roll_calls(**overrides) -> pl.DataFrame:
    rows = {"body": ["GA", "GA"], "rcid": [1, 2], "session": [70, 70], "date": [dt.date(2016, 3, 1)] * 2,
            "year": [2016, 2016], "symbol": ["A/RES/70/1", "A/RES/70/2"], "title": ["t1", "t2"],
            **{flag: [False, False] for flag in schemas.ISSUES}, "important": [None, None],
            "amend": [False, False], "para": [False, False], "doc_type": ["resolution"] * 2,
            "source": ["unvotes"] * 2}
    rows.update(overrides)
    return conform(pl.DataFrame(rows), "roll_calls")


def _votes(**overrides) -> pl.DataFrame:
    rows = {"body": ["GA"] * 4, "rcid": [1, 1, 2, 2], "iso3": ["PAK", "IRN"] * 2,
            "vote": ["yes", "no", "abstain", "yes"], "source": ["unvotes"] * 4}
    rows.update(overrides)
    return conform(pl.DataFrame(rows), "votes")


def _trade(**overrides) -> pl.DataFrame:
    rows = {"year": [2015, 2015], "reporter_iso3": ["PAK", "IRN"], "partner_iso3": ["IRN", "PAK"],
            "flow": ["import", "import"], "value_usd": [1e6, 2e6], "valuation": ["CIF", "CIF"],
            "smoothed": [False, False], "source": ["imf_dots"] * 2}
    rows.update(overrides)
    return conform(pl.DataFrame(rows), "trade")


def _tables(**tables: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {"countries": _countries("PAK", "IRN"), "roll_calls": _roll_calls(), "votes": _votes(), **tables}


def _fails(tables: dict[str, pl.DataFrame], *parts: str) -> str:
    with pytest.raises(SchemaError) as caught:
        validate(tables)
    message = str(caught.value)
    for part in parts:
        assert part in message, message
    return message


def test_valid_tables_pass_and_errors_are_user_errors():
    validate(_tables(trade=_trade()))
    assert issubclass(SchemaError, UserError)


def test_a_duplicate_key_names_the_rows_and_the_key():
    votes = _votes(rcid=[1, 1, 2, 1], iso3=["PAK", "IRN", "PAK", "PAK"])
    _fails(_tables(votes=votes), "votes: 2 rows share a key ('body', 'rcid', 'iso3'), e.g. rows 0, 3: "
                                 "body GA, rcid 1, iso3 PAK")


def test_a_null_key_names_row_column_and_value():
    _fails(_tables(roll_calls=_roll_calls(rcid=[1, None])),
           "roll_calls: row 1 (body GA): rcid = null: a null value where none is allowed")


def test_a_required_column_may_not_be_null():
    _fails(_tables(votes=_votes(vote=["yes", None, "no", "yes"])),
           "votes: row 1 (body GA, rcid 1, iso3 IRN): vote = null: a null value where none is allowed")


def test_an_unknown_code_is_refused_by_its_dtype():
    with pytest.raises(SchemaError, match="votes: a value does not fit the schema"):
        _votes(vote=["yes", "maybe", "no", "yes"])


def test_dates_out_of_range_and_year_mismatch(monkeypatch):
    _fails(_tables(roll_calls=_roll_calls(date=[dt.date(2016, 3, 1), dt.date(1945, 6, 26)], year=[2016, 1945])),
           "roll_calls: row 1 (body GA, rcid 2): date = 1945-06-26: a date before 1946-01-01")
    monkeypatch.setenv("UNALIGN_TODAY", "2016-03-01")
    _fails(_tables(roll_calls=_roll_calls(date=[dt.date(2016, 3, 1), dt.date(2016, 3, 2)])),
           "roll_calls: row 1 (body GA, rcid 2): date = 2016-03-02: a date after today (2016-03-01)")
    monkeypatch.delenv("UNALIGN_TODAY")
    _fails(_tables(roll_calls=_roll_calls(year=[2016, 2015])),
           "roll_calls: row 1 (body GA, rcid 2): date = 2016-03-01, year = 2015: year differs from the date's")


def test_trade_ranges_and_self_trade():
    _fails(_tables(trade=_trade(value_usd=[1e6, -5.0])),
           "trade: row 1 (source imf_dots, smoothed False, year 2015, reporter_iso3 IRN, partner_iso3 PAK, "
           "flow import): value_usd = -5.0: a negative value")
    message = _fails(_tables(trade=_trade(year=[1869, 1869])), "year = 1869: a year before 1870", "(1 more row)")
    assert message.startswith("trade: row 0 (source imf_dots, smoothed False, reporter_iso3 PAK, partner_iso3 IRN, "
                              "flow import)"), message
    _fails(_tables(trade=_trade(partner_iso3=["IRN", "IRN"])),
           "trade: row 1 (source imf_dots, smoothed False, year 2015, flow import): "
           "reporter_iso3 = 'IRN', partner_iso3 = 'IRN': a state trading with itself")


def test_references_between_tables():
    _fails(_tables(votes=_votes(rcid=[1, 1, 2, 3])),
           "votes: votes refer to no roll call: [('GA', 3)]; 1 row, the first row 3 (iso3 IRN): body = 'GA', rcid = 3")
    _fails(_tables(votes=_votes(iso3=["PAK", "XYZ", "PAK", "IRN"])),
           "votes: country codes not in the countries table: ['XYZ']; 1 row, the first row 1 (body GA, rcid 1): "
           "iso3 = 'XYZ'")
    _fails(_tables(trade=_trade(partner_iso3=["IRN", "ATL"])),
           "trade: country codes not in the countries table: ['ATL']", "row 1", "partner_iso3 = 'ATL'")


def test_columns_and_dtypes_must_be_exact():
    _fails(_tables(countries=_countries("PAK", "IRN").drop("note")),
           "countries: columns/dtypes differ from the schema: missing columns ['note']")
    _fails(_tables(votes=_votes().with_columns(pl.col("rcid").cast(pl.Int64))),
           "votes: columns/dtypes differ from the schema: rcid is Int64, not Int32")
    with pytest.raises(SchemaError, match=re.escape("validate: tables ['roll_calls', 'votes'] not given")):
        validate({"countries": _countries("PAK")})


def _events(**overrides) -> pl.DataFrame:
    rows = {"dataset": ["icews", "icews"], "source_event_id": ["1", "2"],
            "date": [dt.date(2015, 1, 1), dt.date(2015, 1, 2)], "source_iso3": ["PAK", None],
            "target_iso3": ["IRN", "PAK"], "cameo_code": ["010", "010"], "quad_class": [1, 1],
            "goldstein": [0.0, 0.0]}
    rows.update(overrides)
    return _frame("events", rows)


def _codes(**overrides) -> pl.DataFrame:
    rows = {"code": ["010", "20"], "quad_class": [1, 4], "goldstein": [0.0, -10.0]}
    rows.update(overrides)
    return _frame("event_codes", rows)


def _fails_events(tables: dict[str, pl.DataFrame], *parts: str, countries: pl.DataFrame | None = None) -> None:
    with pytest.raises(SchemaError) as caught:
        validate_events(tables, countries)
    for part in parts:
        assert part in str(caught.value), str(caught.value)


def test_the_event_tables():
    validate_events({"events": _events(), "event_codes": _codes()}, _countries("PAK", "IRN"))
    _fails_events({"events": _events(date=[dt.date(1978, 12, 31), dt.date(2015, 1, 2)])},
                  "events: row 0 (dataset icews, source_event_id 1): date = 1978-12-31: a date before 1979-01-01")
    _fails_events({"events": _events(cameo_code=["010", "999"]), "event_codes": _codes()},
                  "events: CAMEO codes not in event_codes: ['999']", "row 1", "cameo_code = '999'")
    _fails_events({"events": _events(target_iso3=["IRN", "ATL"])}, "events: country codes not in the countries "
                  "table: ['ATL']", "target_iso3 = 'ATL'", countries=_countries("PAK", "IRN"))
    _fails_events({"event_codes": _codes(goldstein=[0.0, -11.0])},
                  "event_codes: row 1 (code 20): goldstein = -11.0: a Goldstein weight outside [-10, 10]")
    _fails_events({"event_codes": _codes(quad_class=[0, 4])},
                  "event_codes: row 0 (code 010): quad_class = 0: a quad class outside 1..4")
    counts = conform(pl.DataFrame({"dataset": ["icews"], "year": [2015], "source_iso3": ["PAK"],
                                   "target_iso3": ["IRN"], "verbal_coop": [3], "material_coop": [-1],
                                   "verbal_conflict": [0], "material_conflict": [0]}), "event_counts_dyad_year")
    _fails_events({"event_counts_dyad_year": counts},
                  "event_counts_dyad_year: row 0 (dataset icews, year 2015, source_iso3 PAK, target_iso3 IRN): "
                  "material_coop = -1: a negative value")


def test_dtype_dicts_and_keys_come_from_the_declarations():
    assert schemas.SCHEMAS["votes"] == {c: col.dtype for c, col in schemas.DECLARED["votes"].columns().items()}
    assert list(schemas.TRADE) == ["year", "reporter_iso3", "partner_iso3", "flow", "value_usd", "valuation",
                                   "smoothed", "estimated", "source"]
    assert schemas.KEYS["trade"][:2] == ("source", "smoothed")  # the build sorts trade by its key, source first
    assert schemas.ROLL_CALLS["body"] == schemas.Body and schemas.VOTES["vote"] == schemas.Vote
    for table, declaration in schemas.DECLARED.items():
        for name, column in declaration.columns().items():
            assert column.description and "\n" not in column.description, (table, name)
        assert declaration.__doc__ and re.match(r"\S", declaration.__doc__), table


def test_a_null_key_is_named_before_the_duplicate_it_makes():
    _fails(_tables(votes=_votes(rcid=[1, 1, 2, 1], iso3=["PAK", None, "PAK", None])),
           "votes: row 1 (body GA, rcid 1): iso3 = null: a null value where none is allowed (1 more row)")


def test_the_data_dictionary_is_current():
    text = data_dictionary()
    assert DICTIONARY.read_text(encoding="utf-8") == text, (
        "docs/data-dictionary.md is not current: run python scripts/write_data_dictionary.py")
    for table, declaration in schemas.DECLARED.items():
        section = text.split(f"\n## {table}\n", 1)[1].split("\n## ", 1)[0]
        for name, column in declaration.columns().items():
            assert f"| `{name}` |" in section and column.description.replace("|", "\\|") in section, (table, name)


def test_every_broken_rule_is_named():
    message = _fails(_tables(trade=_trade(year=[1869, 2015], value_usd=[1e6, -5.0])), "year = 1869: a year before 1870")
    assert message.endswith("; also: value_usd: a negative value (1 row)"), message
