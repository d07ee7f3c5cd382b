"""Tallies, memberships and the cross-check of two sources, on small frames worked out by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl

from analysis.measures import crosscheck, memberships, tallies
from analysis.schemas import conform


def _roll_calls(rows: list[dict]) -> pl.DataFrame:
    base = {"session": 1, "year": 2020, "title": "t", "me": False, "nu": False, "di": False, "hr": True, "co": False,
            "ec": False, "important": None, "amend": False, "para": False, "doc_type": "resolution",
            "source": "test"}
    return conform(pl.DataFrame([{**base, "date": dt.date(r.get("year", 2020), 3, 1), **r} for r in rows]),
                   "roll_calls")


def _votes(body: str, rcid: int, codes: dict[str, str]) -> pl.DataFrame:
    return conform(pl.DataFrame({"body": body, "rcid": rcid, "iso3": list(codes), "vote": list(codes.values()),
                                 "source": "test"}), "votes")


def test_with_counts_flags_mismatches_and_vacant_seats():
    rc = _roll_calls([
        # official 2-1-0, rows 2 yes 1 no 1 absent: agree
        {"body": "HRC", "rcid": 1, "symbol": "R1", "official_yes": 2, "official_no": 1, "official_abstain": 0,
         "official_total": 4},
        # official 3-0-1, rows 2-1-1: mismatch; 4 listed of a source total of 4 (< 47: a vacant seat)
        {"body": "HRC", "rcid": 2, "symbol": "R2", "official_yes": 3, "official_no": 0, "official_abstain": 1,
         "official_total": 4},
        # no official tally: mismatch unknown
        {"body": "GA", "rcid": 3, "symbol": "R3"},
        # a recorded vote without a per-state list: nothing counted, mismatch unknown
        {"body": "CHR", "rcid": 4, "symbol": "R4", "official_yes": 5, "official_no": 1, "official_abstain": 0,
         "official_total": 18, "note": "no list"},
    ])
    votes = pl.concat([
        _votes("HRC", 1, {"AAA": "yes", "BBB": "yes", "CCC": "no", "DDD": "absent"}),
        _votes("HRC", 2, {"AAA": "yes", "BBB": "yes", "CCC": "no", "DDD": "abstain"}),
        _votes("GA", 3, {"AAA": "yes", "BBB": "not_member"}),
    ])
    out = tallies.with_counts(rc, votes).sort("rcid")
    assert out.columns == rc.columns
    assert out.select("counted_yes", "counted_no", "counted_abstain", "counted_absent", "n_listed").rows() == [
        (2, 1, 0, 1, 4), (2, 1, 1, 0, 4), (1, 0, 0, 0, 1), (0, 0, 0, 0, 0)]
    assert out["tally_mismatch"].to_list() == [False, True, None, None]
    notes = out["note"].to_list()
    assert notes[0] == "4 members listed: a seat was vacant (the source's total is 4)"
    assert notes[1] == ("official tally 3-0-1 but the per-state list gives 2-1-1; 4 members listed: a seat was vacant "
                        "(the source's total is 4)")
    assert notes[2] is None and notes[3] == "no list"


def test_format_tally():
    assert tallies.format_tally(25, 7, 14) == "25–7–14"
    assert tallies.format_tally(21, 16, None) == "21–16"
    assert tallies.format_tally(None, None, None) == "n/a"


def test_derive_memberships_by_hand():
    rc = _roll_calls([
        {"body": "HRC", "rcid": 1, "symbol": "R1", "year": 2020},
        {"body": "HRC", "rcid": 2, "symbol": "R2", "year": 2020},
        {"body": "HRC", "rcid": 3, "symbol": "R3", "year": 2021},
        {"body": "GA", "rcid": 1, "symbol": "G1", "year": 2020},
    ])
    votes = pl.concat([
        _votes("HRC", 1, {"AAA": "yes", "BBB": "absent"}),
        _votes("HRC", 2, {"AAA": "no", "CCC": "yes"}),
        _votes("HRC", 3, {"CCC": "abstain"}),
        _votes("GA", 1, {"AAA": "yes", "ZZZ": "not_member"}),
    ])
    table = memberships.derive(rc, votes)
    assert table.select("body", "year", "iso3", "n_listed", "n_roll_calls").rows() == [
        ("HRC", 2020, "AAA", 2, 2), ("HRC", 2020, "BBB", 1, 2), ("HRC", 2020, "CCC", 1, 2), ("HRC", 2021, "CCC", 1, 1)]
    assert memberships.member_status(table, "HRC", "BBB", 2020) is True  # absent is still a member
    assert memberships.member_status(table, "HRC", "AAA", 2021) is False
    assert memberships.member_status(table, "HRC", "AAA", 2022) is None
    assert memberships.member_years(table, "HRC", "CCC") == [2020, 2021]


def _sec(rows: list[tuple[int, str, dt.date]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"rcid": pl.Int32, "symbol": pl.String, "date": pl.Date}, orient="row")


def test_compare_two_sources_by_hand():
    day = dt.date(2016, 6, 28)
    prim_rc = _roll_calls([
        {"body": "HRC", "rcid": 10, "symbol": "L.1", "year": 2016},
        {"body": "HRC", "rcid": 11, "symbol": "L.1", "year": 2016},  # a second text filed under one symbol
        {"body": "HRC", "rcid": 12, "symbol": "L.2", "year": 2016},
    ]).with_columns(pl.lit(day).alias("date"))
    prim_votes = pl.concat([
        _votes("HRC", 10, {"AAA": "yes", "BBB": "no"}),
        _votes("HRC", 11, {"AAA": "no", "BBB": "no"}),
        _votes("HRC", 12, {"AAA": "yes", "BBB": "abstain", "CCC": "absent"}),
    ])
    sec_rc = _sec([(1, "L.1", day), (2, "L.2", day), (3, "L.3", day)])
    sec_votes = pl.concat([
        _votes("HRC", 1, {"AAA": "no", "BBB": "no"}),  # matches record 11 exactly, record 10 on one state
        _votes("HRC", 2, {"AAA": "yes", "BBB": "yes", "DDD": "no"}),
    ])
    check = crosscheck.compare(prim_rc, prim_votes, sec_rc, sec_votes)
    # L.1 -> record 11 (2 agreeing) rather than 10 (1 agreeing); L.2 -> 12
    assert (check.matched_roll_calls, check.secondary_roll_calls) == (2, 3)
    # shared state-votes: AAA, BBB on L.1 (agree) and AAA, BBB on L.2 (AAA agrees, BBB differs)
    assert (check.shared_state_votes, check.agreeing) == (4, 3)
    assert check.agreement == 0.75
    got = check.differences.select("kind", "symbol", "rcid", "iso3", pl.col("vote_ohchr").cast(pl.String),
                                   pl.col("vote_sqlite").cast(pl.String)).sort("kind", "iso3", nulls_last=True).rows()
    assert got == [
        ("different vote", "L.2", 12, "BBB", "abstain", "yes"),
        ("listed only in ohchr", "L.2", 12, "CCC", "absent", None),
        ("listed only in sqlite", "L.2", 12, "DDD", None, "no"),
        ("roll call only in ohchr", "L.1", 10, None, None, None),
        ("roll call only in sqlite", "L.3", None, None, None, None),
    ]
    assert "2 of 3 sqlite roll calls matched; 3 of 4 shared state-votes agree (75.000%)" in check.summary()
