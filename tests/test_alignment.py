"""Tests for ``analysis.measures.alignment``: hand-computed cases, a naive reference, properties.

All frames here are small SYNTHETIC examples built in the tests; the hypothesis tests
generate random synthetic vote panels.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analysis.measures.alignment import (
    ISSUES,
    MEASURES,
    alignment_with_all,
    all_dyads_alignment,
    dyad_alignment,
    filter_roll_calls,
    rank_partners,
)

VOTE_VALUES = ["yes", "abstain", "no", "absent", "not_member"]
VOTE = pl.Enum(VOTE_VALUES)
BODY = pl.Enum(["GA", "HRC"])
CODE = {"yes": 1, "abstain": 2, "no": 3}
TOL = 1e-12


# --------------------------------------------------------------------------
# Synthetic frame builders
# --------------------------------------------------------------------------


def make_roll_calls(rows: Iterable[dict[str, object]]) -> pl.DataFrame:
    """Roll calls in the project schema; each row needs rcid, other columns default."""
    records = []
    for row in rows:
        year = int(row.get("year", 2000))  # type: ignore[call-overload]
        record: dict[str, object] = {
            "body": "GA",
            "session": year - 1945,
            "date": dt.date(year, 6, 1),
            "year": year,
            "symbol": f"A/RES/{row['rcid']}",
            "title": "synthetic",
            **{flag: False for flag in ISSUES},
            "important": None,
            "amend": None,
            "para": None,
            "source": "synthetic",
        }
        record.update(row)
        records.append(record)
    schema = {
        "body": BODY,
        "rcid": pl.Int32,
        "session": pl.Int32,
        "date": pl.Date,
        "year": pl.Int32,
        "symbol": pl.String,
        "title": pl.String,
        **{flag: pl.Boolean for flag in ISSUES},
        "important": pl.Boolean,
        "amend": pl.Boolean,
        "para": pl.Boolean,
        "source": pl.String,
    }
    return pl.DataFrame(records, schema=schema)


def make_votes(panel: dict[str, Sequence[str]], rcids: Sequence[int], body: str = "GA") -> pl.DataFrame:
    """Votes frame from {iso3: [vote on rcids[0], vote on rcids[1], ...]}."""
    rows = [
        {"body": body, "rcid": rcid, "iso3": iso3, "vote": vote}
        for iso3, votes in panel.items()
        for rcid, vote in zip(rcids, votes, strict=True)
    ]
    schema = {"body": BODY, "rcid": pl.Int32, "iso3": pl.String, "vote": VOTE}
    return pl.DataFrame(rows, schema=schema)


def one_year(panel: dict[str, Sequence[str]], year: int = 2000) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Votes and roll calls for one GA year with as many roll calls as votes per state."""
    count = len(next(iter(panel.values())))
    rcids = list(range(1, count + 1))
    return make_votes(panel, rcids), make_roll_calls({"rcid": r, "year": year} for r in rcids)


def only_row(frame: pl.DataFrame) -> dict[str, object]:
    assert frame.height == 1, frame
    return frame.row(0, named=True)


# --------------------------------------------------------------------------
# Naive reference (pure Python, loops over pairs)
# --------------------------------------------------------------------------


def naive_measures(pairs: list[tuple[int, int]]) -> dict[str, float]:
    """Definitions applied literally to joint (x, y) votes coded 1..3."""
    n = len(pairs)
    values = (1, 2, 3)

    def d(x: int, y: int) -> float:
        return abs(x - y) / 2

    do = sum(d(x, y) for x, y in pairs) / n
    pa = {v: sum(x == v for x, _ in pairs) / n for v in values}
    pb = {v: sum(y == v for _, y in pairs) / n for v in values}
    pooled = {v: (pa[v] + pb[v]) / 2 for v in values}
    de_kappa = sum(pa[x] * pb[y] * d(x, y) for x in values for y in values)
    de_pi = sum(pooled[x] * pooled[y] * d(x, y) for x in values for y in values)
    return {
        "n_joint": n,
        "agreement": 1 - do,
        "kappa": 1 - do / de_kappa if de_kappa > 0 else math.nan,
        "pi": 1 - do / de_pi if de_pi > 0 else math.nan,
        "s_score": 1 - 2 * do,
    }


def naive_all_dyads(votes: pl.DataFrame, roll_calls: pl.DataFrame, body: str = "GA") -> list[dict[str, object]]:
    """All dyad-years by looping over years and pairs of states."""
    year_of = {r["rcid"]: r["year"] for r in roll_calls.iter_rows(named=True) if r["body"] == body}
    cast: dict[tuple[int, str], dict[int, int]] = {}
    for row in votes.iter_rows(named=True):
        if row["body"] == body and row["rcid"] in year_of and row["vote"] in CODE:
            cast.setdefault((year_of[row["rcid"]], row["iso3"]), {})[row["rcid"]] = CODE[row["vote"]]
    out = []
    for year in sorted({y for y, _ in cast}):
        states = sorted(s for y, s in cast if y == year)
        for a, b in itertools.combinations(states, 2):
            va, vb = cast[(year, a)], cast[(year, b)]
            pairs = [(va[r], vb[r]) for r in sorted(va.keys() & vb.keys())]
            if pairs:
                out.append({"year": year, "iso3_a": a, "iso3_b": b, **naive_measures(pairs)})
    return out


def assert_rows_close(got: Sequence[dict[str, object]], want: Sequence[dict[str, object]]) -> None:
    """Same rows in the same order; measures equal to TOL, NaN matching NaN."""
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        for key, expected in w.items():
            actual = g[key]
            if key in MEASURES:
                assert isinstance(actual, float) and isinstance(expected, float)
                if math.isnan(expected):
                    assert math.isnan(actual), (key, g, w)
                else:
                    assert abs(actual - expected) <= TOL, (key, g, w)
            else:
                assert actual == expected, (key, g, w)


# --------------------------------------------------------------------------
# Hand-computed cases
# --------------------------------------------------------------------------


def test_hand_computed_equal_marginals() -> None:
    # A = [yes, yes, abstain, no] = [1, 1, 2, 3];  B = [yes, no, abstain, yes] = [1, 3, 2, 1]
    # d = |x - y| / 2 = [0, 1, 0, 1] -> Do = 2 / 4 = 0.5
    # agreement = 1 - 0.5 = 0.5;  s = 1 - 2 * 0.5 = 0
    # pA = pB = (yes 2/4, abstain 1/4, no 1/4) = (.5, .25, .25)
    # De = sum pA(x) pB(y) d(x, y) = 2 * [.5*.25*.5 + .5*.25*1 + .25*.25*.5]
    #    = 2 * [.0625 + .125 + .03125] = .4375
    # kappa = 1 - .5 / .4375 = 1 - 8/7 = -1/7; pooled marginals equal pA, so pi = -1/7
    votes, roll_calls = one_year({"AAA": ["yes", "yes", "abstain", "no"], "BBB": ["yes", "no", "abstain", "yes"]})
    row = only_row(dyad_alignment(votes, roll_calls, "AAA", "BBB"))
    assert row["year"] == 2000
    assert row["n_joint"] == 4
    assert row["agreement"] == pytest.approx(0.5, abs=TOL)
    assert row["s_score"] == pytest.approx(0.0, abs=TOL)
    assert row["kappa"] == pytest.approx(-1 / 7, abs=TOL)
    assert row["pi"] == pytest.approx(-1 / 7, abs=TOL)


def test_hand_computed_kappa_differs_from_pi() -> None:
    # A = [yes, yes, yes, no] = [1, 1, 1, 3];  B = [yes, abstain, no, no] = [1, 2, 3, 3]
    # d = [0, .5, 1, 0] -> Do = 1.5 / 4 = .375; agreement = .625; s = 1 - .75 = .25
    # pA = (3/4, 0, 1/4), pB = (1/4, 1/4, 2/4)
    # De_kappa = pA(1) [pB(2) .5 + pB(3) 1] + pA(3) [pB(1) 1 + pB(2) .5]
    #          = .75 * (.125 + .5) + .25 * (.25 + .125) = .46875 + .09375 = .5625
    # kappa = 1 - .375 / .5625 = 1 - 2/3 = 1/3
    # pooled p = (.5, .125, .375)
    # De_pi = 2 [p1 p2 .5 + p1 p3 1 + p2 p3 .5] = 2 [.03125 + .1875 + .0234375] = .484375
    # pi = 1 - .375 / .484375 = 1 - 24/31 = 7/31
    votes, roll_calls = one_year({"AAA": ["yes", "yes", "yes", "no"], "BBB": ["yes", "abstain", "no", "no"]})
    row = only_row(dyad_alignment(votes, roll_calls, "AAA", "BBB"))
    assert row["n_joint"] == 4
    assert row["agreement"] == pytest.approx(0.625, abs=TOL)
    assert row["s_score"] == pytest.approx(0.25, abs=TOL)
    assert row["kappa"] == pytest.approx(1 / 3, abs=TOL)
    assert row["pi"] == pytest.approx(7 / 31, abs=TOL)


def test_abstain_gets_half_credit() -> None:
    # yes vs abstain: d = |1 - 2| / 2 = .5 -> agreement .5, s 0
    # n = 1, pA = (1, 0, 0), pB = (0, 1, 0): De_kappa = d(1, 2) = .5 -> kappa = 1 - .5/.5 = 0
    # pooled p = (.5, .5, 0): De_pi = 2 * .5 * .5 * .5 = .25 -> pi = 1 - .5/.25 = -1
    votes, roll_calls = one_year({"AAA": ["yes"], "BBB": ["abstain"]})
    row = only_row(dyad_alignment(votes, roll_calls, "AAA", "BBB"))
    assert (row["n_joint"], row["agreement"], row["s_score"]) == (1, 0.5, 0.0)
    assert row["kappa"] == pytest.approx(0.0, abs=TOL)
    assert row["pi"] == pytest.approx(-1.0, abs=TOL)


def test_yes_against_no_is_zero_agreement() -> None:
    # d(1, 3) = 1 -> agreement 0, s -1; De_kappa = 1 -> kappa 0; pooled (.5, 0, .5): De_pi = .5 -> pi -1
    votes, roll_calls = one_year({"AAA": ["yes"], "BBB": ["no"]})
    row = only_row(dyad_alignment(votes, roll_calls, "AAA", "BBB"))
    assert (row["agreement"], row["s_score"], row["kappa"], row["pi"]) == (0.0, -1.0, 0.0, -1.0)


def test_absent_and_not_member_are_not_votes() -> None:
    # rc1 both yes; rc2 B absent; rc3 B not_member; rc4 A absent; rc5 A yes, B no
    # joint roll calls: rc1, rc5 -> n = 2, d = [0, 1], Do = .5, agreement .5
    votes, roll_calls = one_year(
        {
            "AAA": ["yes", "no", "yes", "absent", "yes"],
            "BBB": ["yes", "absent", "not_member", "no", "no"],
        }
    )
    row = only_row(dyad_alignment(votes, roll_calls, "AAA", "BBB"))
    assert row["n_joint"] == 2
    assert row["agreement"] == pytest.approx(0.5, abs=TOL)
    pair = only_row(all_dyads_alignment(votes, roll_calls))
    assert pair["n_joint"] == 2


def test_no_chance_disagreement_gives_nan_kappa_and_pi() -> None:
    # Both always yes: Do = 0, pA = pB = (1, 0, 0) -> De = 0 -> kappa, pi NaN; agreement = s = 1
    votes, roll_calls = one_year(
        {"AAA": ["yes"] * 3, "BBB": ["yes"] * 3, "CCC": ["abstain"] * 3, "DDD": ["abstain"] * 3}
    )
    row = only_row(dyad_alignment(votes, roll_calls, "AAA", "BBB"))
    assert (row["n_joint"], row["agreement"], row["s_score"]) == (3, 1.0, 1.0)
    assert math.isnan(row["kappa"]) and math.isnan(row["pi"])
    # Both always abstain: the same
    row = only_row(dyad_alignment(votes, roll_calls, "CCC", "DDD"))
    assert math.isnan(row["kappa"]) and math.isnan(row["pi"])
    # Always yes vs always abstain: De_kappa = d(1, 2) = .5 = Do -> kappa 0 (not NaN)
    row = only_row(dyad_alignment(votes, roll_calls, "AAA", "CCC"))
    assert row["kappa"] == pytest.approx(0.0, abs=TOL)


def test_no_joint_roll_call_gives_no_row() -> None:
    votes, roll_calls = one_year({"AAA": ["yes", "absent"], "BBB": ["not_member", "no"], "CCC": ["yes", "no"]})
    assert dyad_alignment(votes, roll_calls, "AAA", "BBB").height == 0
    pairs = all_dyads_alignment(votes, roll_calls).select("iso3_a", "iso3_b").rows()
    assert pairs == [("AAA", "CCC"), ("BBB", "CCC")]


def test_year_grouping_gives_one_row_per_year() -> None:
    # 2001: [yes, yes] vs [yes, no] -> agreement (1 + 0) / 2 = .5
    # 2000: [yes, abstain] vs [yes, abstain] -> agreement 1
    votes = make_votes({"AAA": ["yes", "yes", "yes", "abstain"], "BBB": ["yes", "no", "yes", "abstain"]}, [1, 2, 3, 4])
    roll_calls = make_roll_calls(
        [{"rcid": 1, "year": 2001}, {"rcid": 2, "year": 2001}, {"rcid": 3, "year": 2000}, {"rcid": 4, "year": 2000}]
    )
    table = dyad_alignment(votes, roll_calls, "AAA", "BBB")
    assert table.columns == ["year", "n_joint", *MEASURES]
    assert table["year"].to_list() == [2000, 2001]
    assert table["n_joint"].to_list() == [2, 2]
    assert table["agreement"].to_list() == pytest.approx([1.0, 0.5], abs=TOL)
    by_session = dyad_alignment(votes, roll_calls, "AAA", "BBB", by="session")
    assert by_session.columns == ["session", "n_joint", *MEASURES]
    assert by_session["session"].to_list() == [55, 56]


def test_session_grouping_skips_roll_calls_without_session() -> None:
    # rc 3 (a special session, session null) is left out when grouping by session only
    votes = make_votes({"AAA": ["yes", "yes", "yes"], "BBB": ["yes", "no", "no"]}, [1, 2, 3])
    roll_calls = make_roll_calls([{"rcid": 1, "session": 50}, {"rcid": 2, "session": 51}, {"rcid": 3, "session": None}])
    by_session = dyad_alignment(votes, roll_calls, "AAA", "BBB", by="session")
    assert by_session.select("session", "n_joint", "agreement").rows() == [(50, 1, 1.0), (51, 1, 0.0)]
    # by year all three count: d = [0, 1, 1] -> agreement 1/3
    by_year = only_row(dyad_alignment(votes, roll_calls, "AAA", "BBB"))
    assert (by_year["n_joint"], by_year["agreement"]) == (3, pytest.approx(1 / 3, abs=TOL))


def test_sparse_roll_call_ids() -> None:
    # rcids far apart take the binary-search path of the rcid -> column mapping
    rcids = [7, 40_000_000, 90_000_000]
    votes = make_votes({"AAA": ["yes", "no", "abstain"], "BBB": ["yes", "yes", "abstain"]}, rcids)
    roll_calls = make_roll_calls({"rcid": r} for r in rcids)
    # d = [0, 1, 0] -> agreement 2/3
    row = only_row(all_dyads_alignment(votes, roll_calls))
    assert (row["n_joint"], row["agreement"]) == (3, pytest.approx(2 / 3, abs=TOL))


def test_output_schema_and_empty_results() -> None:
    votes, roll_calls = one_year({"AAA": ["yes", "no"], "BBB": ["yes", "yes"]})
    dyad = dyad_alignment(votes, roll_calls, "AAA", "BBB")
    measure_types = {m: pl.Float64 for m in MEASURES}
    assert dict(dyad.schema) == {"year": pl.Int32, "n_joint": pl.Int64, **measure_types}
    everyone = alignment_with_all(votes, roll_calls, "AAA")
    assert dict(everyone.schema) == {"year": pl.Int32, "iso3": pl.String, "n_joint": pl.Int64, **measure_types}
    dyads = all_dyads_alignment(votes, roll_calls)
    expected = {"year": pl.Int32, "iso3_a": pl.String, "iso3_b": pl.String, "n_joint": pl.Int64, **measure_types}
    assert dict(dyads.schema) == expected
    empty = all_dyads_alignment(votes, roll_calls, start_year=2001)
    assert empty.height == 0 and dict(empty.schema) == expected
    assert dyad_alignment(votes, roll_calls, "AAA", "BBB", start_year=2001).schema == dyad.schema
    assert alignment_with_all(votes, roll_calls, "AAA", start_year=2001).schema == everyone.schema


def test_string_and_enum_vote_columns_agree() -> None:
    votes, roll_calls = one_year({"AAA": ["yes", "no", "abstain", "absent"], "BBB": ["no", "no", "yes", "yes"]})
    as_string = votes.with_columns(pl.col("vote").cast(pl.String), pl.col("body").cast(pl.String))
    assert_frame_equal(all_dyads_alignment(votes, roll_calls), all_dyads_alignment(as_string, roll_calls))


def test_unknown_vote_value_is_rejected() -> None:
    votes, roll_calls = one_year({"AAA": ["yes"], "BBB": ["no"]})
    bad = votes.with_columns(pl.col("vote").cast(pl.String).replace("no", "nay"))
    with pytest.raises(pl.exceptions.InvalidOperationError):
        all_dyads_alignment(bad, roll_calls)


# --------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------


@pytest.fixture
def filter_case() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Four GA roll calls with different flags; A and B agree only on rc 1."""
    roll_calls = make_roll_calls(
        [
            {"rcid": 1, "year": 2000, "me": True, "important": True},
            {"rcid": 2, "year": 2000, "hr": True, "important": False, "amend": True},
            {"rcid": 3, "year": 2001, "me": True, "important": None, "para": True},
            {"rcid": 4, "year": 2002, "hr": True, "important": True, "amend": False, "para": False},
        ]
    )
    votes = make_votes({"AAA": ["yes", "yes", "yes", "yes"], "BBB": ["yes", "no", "no", "no"]}, [1, 2, 3, 4])
    return votes, roll_calls


def test_filter_issue(filter_case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = filter_case
    assert filter_roll_calls(roll_calls, issue="me")["rcid"].to_list() == [1, 3]
    table = dyad_alignment(votes, roll_calls, "AAA", "BBB", issue="me")
    # 2000: rc 1 only (agree); 2001: rc 3 only (yes vs no)
    assert table.select("year", "n_joint", "agreement").rows() == [(2000, 1, 1.0), (2001, 1, 0.0)]


def test_filter_important_only(filter_case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = filter_case
    # important == True: rc 1 and 4; null (unknown, rc 3) and False (rc 2) are dropped
    assert filter_roll_calls(roll_calls, important_only=True)["rcid"].to_list() == [1, 4]
    table = dyad_alignment(votes, roll_calls, "AAA", "BBB", important_only=True)
    assert table.select("year", "n_joint").rows() == [(2000, 1), (2002, 1)]


def test_filter_exclude_amendments(filter_case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = filter_case
    # rc 2 is an amendment, rc 3 a paragraph vote; rc 1 (nulls) and rc 4 (False) stay
    assert filter_roll_calls(roll_calls, exclude_amendments=True)["rcid"].to_list() == [1, 4]
    n_joint = dyad_alignment(votes, roll_calls, "AAA", "BBB", exclude_amendments=True)["n_joint"].sum()
    assert n_joint == 2


def test_filter_year_range(filter_case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = filter_case
    assert filter_roll_calls(roll_calls, start_year=2001)["rcid"].to_list() == [3, 4]
    assert filter_roll_calls(roll_calls, end_year=2001)["rcid"].to_list() == [1, 2, 3]
    assert filter_roll_calls(roll_calls, start_year=2001, end_year=2001)["rcid"].to_list() == [3]
    table = dyad_alignment(votes, roll_calls, "AAA", "BBB", start_year=2001, end_year=2002)
    assert table["year"].to_list() == [2001, 2002]


def test_filters_combine(filter_case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = filter_case
    chosen = filter_roll_calls(roll_calls, issue="hr", important_only=True, exclude_amendments=True, end_year=2002)
    assert chosen["rcid"].to_list() == [4]


def test_bodies_are_separate() -> None:
    # The same rcid exists in GA and HRC with different votes; each body sees only its own.
    ga_votes = make_votes({"AAA": ["yes", "yes"], "BBB": ["yes", "yes"]}, [1, 2], body="GA")
    hrc_votes = make_votes({"AAA": ["yes", "yes"], "BBB": ["no", "no"]}, [1, 2], body="HRC")
    votes = pl.concat([ga_votes, hrc_votes])
    roll_calls = pl.concat(
        [
            make_roll_calls([{"rcid": 1}, {"rcid": 2}]),
            make_roll_calls([{"rcid": 1, "body": "HRC"}, {"rcid": 2, "body": "HRC"}]),
        ]
    )
    ga = only_row(dyad_alignment(votes, roll_calls, "AAA", "BBB"))
    hrc = only_row(dyad_alignment(votes, roll_calls, "AAA", "BBB", body="HRC"))
    assert (ga["n_joint"], ga["agreement"]) == (2, 1.0)
    assert (hrc["n_joint"], hrc["agreement"]) == (2, 0.0)
    assert only_row(all_dyads_alignment(votes, roll_calls, body="HRC"))["agreement"] == 0.0


# --------------------------------------------------------------------------
# Invalid arguments
# --------------------------------------------------------------------------


def test_unknown_issue_is_rejected(filter_case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = filter_case
    with pytest.raises(ValueError, match=r"issue.*'me'"):
        filter_roll_calls(roll_calls, issue="economy")
    with pytest.raises(ValueError, match="issue"):
        all_dyads_alignment(votes, roll_calls, issue="xx")


def test_unknown_body_is_rejected(filter_case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = filter_case
    with pytest.raises(ValueError, match=r"body.*'GA'.*'HRC'"):
        filter_roll_calls(roll_calls, body="ECOSOC")
    with pytest.raises(ValueError, match="body"):
        dyad_alignment(votes, roll_calls, "AAA", "BBB", body="ga")


def test_reversed_years_are_rejected(filter_case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = filter_case
    with pytest.raises(ValueError, match="start_year"):
        filter_roll_calls(roll_calls, start_year=2002, end_year=2000)
    with pytest.raises(ValueError, match="start_year"):
        alignment_with_all(votes, roll_calls, "AAA", start_year=2002, end_year=2000)
    assert filter_roll_calls(roll_calls, start_year=2000, end_year=2000).height == 2


def test_unknown_grouping_and_state_are_rejected(filter_case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = filter_case
    with pytest.raises(ValueError, match="by"):
        all_dyads_alignment(votes, roll_calls, by="decade")
    with pytest.raises(ValueError, match="ZZZ"):
        dyad_alignment(votes, roll_calls, "AAA", "ZZZ")
    with pytest.raises(ValueError, match="ZZZ"):
        alignment_with_all(votes, roll_calls, "ZZZ")


# --------------------------------------------------------------------------
# Vectorised versions against the dyad version and the naive reference
# --------------------------------------------------------------------------

SMALL_PANEL = {
    "ARG": ["yes", "yes", "no", "abstain", "yes", "absent", "yes", "no", "abstain"],
    "BRA": ["yes", "no", "no", "abstain", "yes", "yes", "yes", "yes", "abstain"],
    "CHN": ["abstain", "yes", "no", "yes", "not_member", "yes", "no", "no", "yes"],
    "DEU": ["not_member", "not_member", "not_member", "no", "no", "abstain", "yes", "yes", "no"],
    "EGY": ["yes", "yes", "yes", "yes", "yes", "yes", "absent", "absent", "absent"],
    "FRA": ["no", "absent", "abstain", "abstain", "no", "yes", "yes", "abstain", "no"],
}
SMALL_YEARS = [1990, 1990, 1990, 1991, 1991, 1991, 1991, 1993, 1993]


@pytest.fixture
def small() -> tuple[pl.DataFrame, pl.DataFrame]:
    rcids = list(range(101, 101 + len(SMALL_YEARS)))
    roll_calls = make_roll_calls({"rcid": r, "year": y} for r, y in zip(rcids, SMALL_YEARS, strict=True))
    return make_votes(SMALL_PANEL, rcids), roll_calls


def test_all_dyads_matches_naive_reference(small: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = small
    got = all_dyads_alignment(votes, roll_calls)
    want = naive_all_dyads(votes, roll_calls)
    assert len(want) > 20  # the fixture exercises many dyad-years
    assert_rows_close(got.to_dicts(), want)


def test_all_dyads_matches_dyad_alignment(small: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = small
    table = all_dyads_alignment(votes, roll_calls)
    assert table.columns == ["year", "iso3_a", "iso3_b", "n_joint", *MEASURES]
    assert table.sort("year", "iso3_a", "iso3_b").equals(table)
    assert (table["iso3_a"] < table["iso3_b"]).all()
    for a, b in itertools.combinations(sorted(SMALL_PANEL), 2):
        dyad = dyad_alignment(votes, roll_calls, a, b)
        pair = table.filter(iso3_a=a, iso3_b=b).drop("iso3_a", "iso3_b")
        assert_rows_close(dyad.to_dicts(), pair.to_dicts())


def test_alignment_with_all_matches_all_dyads(small: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = small
    dyads = all_dyads_alignment(votes, roll_calls)
    for a in SMALL_PANEL:
        everyone = alignment_with_all(votes, roll_calls, a)
        assert everyone.columns == ["year", "iso3", "n_joint", *MEASURES]
        assert a not in everyone["iso3"].to_list()
        assert everyone.sort("year", "iso3").equals(everyone)
        expected = (
            dyads.filter((pl.col("iso3_a") == a) | (pl.col("iso3_b") == a))
            .with_columns(iso3=pl.when(pl.col("iso3_a") == a).then("iso3_b").otherwise("iso3_a"))
            .select(everyone.columns)
            .sort("year", "iso3")
        )
        assert_rows_close(everyone.to_dicts(), expected.to_dicts())


def test_groups_with_many_roll_calls_use_exact_wide_path() -> None:
    # > 255 roll calls in one group no longer fit three counts in a float32; the result
    # must still be exact (checked against the naive reference).
    rng = np.random.default_rng(7)
    n_rc = 300
    panel = {
        iso3: list(rng.choice(VOTE_VALUES, size=n_rc, p=[0.5, 0.2, 0.2, 0.05, 0.05])) for iso3 in ("AAA", "BBB", "CCC")
    }
    votes, roll_calls = one_year(panel)
    assert_rows_close(all_dyads_alignment(votes, roll_calls).to_dicts(), naive_all_dyads(votes, roll_calls))
    assert_rows_close(
        alignment_with_all(votes, roll_calls, "BBB").filter(iso3="CCC").drop("iso3").to_dicts(),
        dyad_alignment(votes, roll_calls, "BBB", "CCC").to_dicts(),
    )


# --------------------------------------------------------------------------
# rank_partners
# --------------------------------------------------------------------------


def test_rank_partners() -> None:
    table = pl.DataFrame(
        {
            "year": [2000, 2000, 2000, 2000, 2000, 2001],
            "iso3": ["BBB", "CCC", "DDD", "EEE", "FFF", "BBB"],
            "n_joint": [20, 20, 20, 5, 20, 20],
            "agreement": [0.5, 0.9, 0.5, 1.0, 0.7, 0.1],
            "kappa": [0.1, math.nan, 0.2, 0.3, 0.4, 0.1],
            "pi": [0.1, 0.2, 0.3, 0.4, 0.5, 0.1],
            "s_score": [0.0, 0.8, 0.0, 1.0, 0.4, -0.8],
        },
        schema_overrides={"year": pl.Int32},
    )
    ranked = rank_partners(table, "AAA", 2000)
    assert ranked.columns == ["iso3", "n_joint", "agreement", "rank", "n_partners"]
    # EEE has only 5 joint votes (< min_joint 10); BBB and DDD tie for rank 3
    assert ranked.select("iso3", "rank").rows() == [("CCC", 1), ("FFF", 2), ("BBB", 3), ("DDD", 3)]
    assert ranked["n_partners"].to_list() == [4] * 4
    by_kappa = rank_partners(table, "AAA", 2000, measure="kappa", min_joint=1)
    # CCC's kappa is NaN (no chance disagreement) and is left out
    assert by_kappa["iso3"].to_list() == ["FFF", "EEE", "DDD", "BBB"]
    assert rank_partners(table, "AAA", 1999).height == 0
    with pytest.raises(ValueError, match="measure"):
        rank_partners(table, "AAA", 2000, measure="cosine")


def test_rank_partners_on_alignment_with_all(small: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = small
    everyone = alignment_with_all(votes, roll_calls, "ARG")
    ranked = rank_partners(everyone, "ARG", 1991, min_joint=1)
    expected = everyone.filter(year=1991).sort("agreement", descending=True)["agreement"].to_list()
    assert ranked["agreement"].to_list() == expected
    assert ranked["rank"].to_list()[0] == 1


# --------------------------------------------------------------------------
# Property tests on SYNTHETIC random panels (hypothesis)
# --------------------------------------------------------------------------

STATE_POOL = ["AAA", "BBB", "CCC", "DDD", "EEE"]


@st.composite
def synthetic_panels(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A SYNTHETIC random GA panel: 2-5 states, 1-15 roll calls over 1-3 years."""
    n_states = draw(st.integers(2, len(STATE_POOL)))
    n_rc = draw(st.integers(1, 15))
    years = draw(st.lists(st.integers(2000, 2002), min_size=n_rc, max_size=n_rc))
    vote = st.sampled_from(VOTE_VALUES)
    panel = {s: draw(st.lists(vote, min_size=n_rc, max_size=n_rc)) for s in STATE_POOL[:n_states]}
    rcids = list(range(1, n_rc + 1))
    roll_calls = make_roll_calls({"rcid": r, "year": y} for r, y in zip(rcids, years, strict=True))
    return make_votes(panel, rcids), roll_calls


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)


@PROPERTY_SETTINGS
@given(synthetic_panels())
def test_property_matches_naive_reference(case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = case
    assert_rows_close(all_dyads_alignment(votes, roll_calls).to_dicts(), naive_all_dyads(votes, roll_calls))


@PROPERTY_SETTINGS
@given(synthetic_panels())
def test_property_symmetry(case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = case
    assert_frame_equal(dyad_alignment(votes, roll_calls, "AAA", "BBB"), dyad_alignment(votes, roll_calls, "BBB", "AAA"))


@PROPERTY_SETTINGS
@given(synthetic_panels())
def test_property_bounds(case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = case
    table = all_dyads_alignment(votes, roll_calls)
    assert (table["n_joint"] >= 1).all()
    assert table["agreement"].is_between(0.0, 1.0).all()
    assert table["s_score"].is_between(-1.0, 1.0).all()
    for measure in ("kappa", "pi"):
        finite = table[measure].filter(table[measure].is_not_nan())
        assert (finite <= 1.0 + TOL).all()


@PROPERTY_SETTINGS
@given(synthetic_panels())
def test_property_identical_states_fully_agree(case: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    votes, roll_calls = case
    twin = votes.filter(iso3="AAA").with_columns(iso3=pl.lit("ZZZ"))
    table = dyad_alignment(pl.concat([votes, twin]), roll_calls, "AAA", "ZZZ")
    assert (table["agreement"] == 1.0).all()
    assert (table["s_score"] == 1.0).all()
    # kappa / pi are 1, or NaN when the state cast one single vote value all year
    for measure in ("kappa", "pi"):
        assert table[measure].fill_nan(1.0).eq(1.0).all()


@PROPERTY_SETTINGS
@given(synthetic_panels(), st.randoms(use_true_random=False))
def test_property_row_order_invariance(case: tuple[pl.DataFrame, pl.DataFrame], rnd: object) -> None:
    votes, roll_calls = case
    order = list(range(votes.height))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    shuffled = votes[order]
    assert_frame_equal(all_dyads_alignment(votes, roll_calls), all_dyads_alignment(shuffled, roll_calls))
    rc_order = list(range(roll_calls.height))[::-1]
    assert_frame_equal(
        alignment_with_all(votes, roll_calls, "AAA"), alignment_with_all(shuffled, roll_calls[rc_order], "AAA")
    )
