"""The State Department's voting coincidence (``analysis.measures.coincidence``): hand-computed cases and the
published figures.

The small frames below are synthetic (made up to exercise each rule), named so; the last tests
use the real processed tables and the reports' printed counts.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest

from analysis import cli
from analysis.measures import alignment
from analysis.measures.coincidence import COLUMNS, coincidence, definition_for, key_fact


def synthetic(votes_of: dict[str, list[str | None]], session: int = 68, year: int = 2013,
              para: list[bool] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Synthetic GA roll calls 1..n in ``year`` (session ``session``), votes per state (None = no row)."""
    n = len(next(iter(votes_of.values())))
    para = para or [False] * n
    rc = pl.DataFrame({
        "body": ["GA"] * n, "rcid": list(range(1, n + 1)), "session": [session] * n, "year": [year] * n,
        "date": [dt.date(year, 12, 1)] * n, "amend": [False] * n, "para": para,
        "doc_type": ["paragraph" if p else "resolution" for p in para],
        "important": [None] * n,
    }, schema_overrides={"rcid": pl.Int32, "session": pl.Int32, "year": pl.Int32, "important": pl.Boolean})
    rows = [{"body": "GA", "rcid": k + 1, "iso3": state, "vote": v}
            for state, vs in votes_of.items() for k, v in enumerate(vs) if v is not None]
    return rc, pl.DataFrame(rows, schema_overrides={"rcid": pl.Int32})


# USA:  yes  no   yes      abstain  no   yes
# AAA:  yes  yes  abstain  yes      no   (no row: absent)
CASE = {"USA": ["yes", "no", "yes", "abstain", "no", "yes"],
        "AAA": ["yes", "yes", "abstain", "yes", "no", None]}


def row(table: pl.DataFrame, iso3: str = "AAA") -> dict:
    return table.filter(pl.col("iso3") == iso3).row(0, named=True)


def test_2016_definition_identical_over_identical_plus_opposite():
    rc, votes = synthetic(CASE, year=2013, session=68)
    r = row(coincidence(votes, rc, "statedept-2016"))
    # the US abstained on roll call 4: not counted. Counted 1, 2, 3, 5, 6:
    # same 1 and 5; opposite 2; AAA abstains on 3; absent on 6 -> 2 / (2 + 1)
    assert (r["n_votes"], r["same"], r["opposite"], r["abstain_or_partial"], r["absent"]) == (5, 2, 1, 1, 1)
    assert r["coincidence"] == pytest.approx(2 / 3)


def test_2016_definition_counts_the_autumn_session_only():
    rc, votes = synthetic(CASE, year=2013, session=67)  # session 67 in 2013: the spring of the 67th session
    assert coincidence(votes, rc, "statedept-2016").height == 0
    assert coincidence(votes, rc, "statedept-2017").height == 1  # the calendar year's final votes


def test_2017_definition_half_a_point_for_a_partial_vote():
    rc, votes = synthetic(CASE, year=2019, session=74)
    r = row(coincidence(votes, rc, "statedept-2017"))
    # all six counted (the US voted on each): same 1, 5; opposite 2; partial 3 (AAA abstains) and 4 (US abstains);
    # absent 6 -> (2 + 0.5 * 2) / (2 + 1 + 2) = 3 / 5
    assert (r["n_votes"], r["same"], r["opposite"], r["abstain_or_partial"], r["absent"]) == (6, 2, 1, 2, 1)
    assert r["coincidence"] == pytest.approx(3 / 5)


def test_2021_definition_scores_an_absence_as_a_partial_vote():
    rc, votes = synthetic(CASE, year=2022, session=77)
    r = row(coincidence(votes, rc, "statedept-2021"))
    # (2 + 0.5 * 2 + 0.5 * 1) / (2 + 1 + 2 + 1) = 3.5 / 6
    assert r["coincidence"] == pytest.approx(3.5 / 6)


def test_both_abstaining_is_the_same_vote_from_2017():
    rc, votes = synthetic({"USA": ["abstain", "yes"], "AAA": ["abstain", "no"]}, year=2019, session=74)
    r = row(coincidence(votes, rc, "statedept-2017"))
    assert (r["same"], r["opposite"], r["abstain_or_partial"]) == (1, 1, 0)
    assert r["coincidence"] == pytest.approx(0.5)


def test_paragraph_votes_count_to_2016_only():
    rc, votes = synthetic({"USA": ["yes", "yes"], "AAA": ["no", "yes"]}, year=2013, session=68, para=[True, False])
    assert row(coincidence(votes, rc, "statedept-2016"))["n_votes"] == 2
    assert row(coincidence(votes, rc, "statedept-2017"))["n_votes"] == 1


def test_no_identical_or_opposite_vote_gives_nan():
    rc, votes = synthetic({"USA": ["yes"], "AAA": ["abstain"]}, year=2013, session=68)
    assert math.isnan(row(coincidence(votes, rc, "statedept-2016"))["coincidence"])


def test_unknown_definition_is_refused():
    rc, votes = synthetic(CASE)
    with pytest.raises(ValueError, match="definition must be one of statedept-2016"):
        coincidence(votes, rc, "statedept-1999")


def test_2017_definition_equals_agreement_on_final_votes():
    rc, votes = synthetic(CASE, year=2019, session=74)
    ours = row(coincidence(votes, rc, "statedept-2017"))["coincidence"]
    agree = alignment.dyad_alignment(votes.with_columns(pl.col("vote").cast(pl.Enum(["yes", "abstain", "no",
                                                                                    "absent", "not_member"]))),
                                     rc, "AAA", "USA")["agreement"][0]
    assert ours == pytest.approx(agree)


def test_the_definition_of_each_report_year():
    assert [definition_for(y) for y in (2013, 2016, 2017, 2020, 2021, 2023)] == [
        "statedept-2016", "statedept-2016", "statedept-2017", "statedept-2017", "statedept-2021", "statedept-2021"]


def test_cli_definitions_are_the_measures():
    from analysis.measures.coincidence import DEFINITIONS

    assert set(cli.COINCIDENCE_DEFINITIONS) == {"report", *DEFINITIONS}


# --------------------------------------------------------------------------- real data


def test_pakistan_2023_as_published(built):
    """2023 report, PDF page 61: Pakistan 19 same, 44 opposite, 25 partial, 0 absent, 36% -- the package's
    DGACM records of 2023 give the same counts."""
    table = coincidence(built["votes"], built["roll_calls"], "statedept-2021", states=["PAK"], start_year=2023,
                        end_year=2023)
    r = row(table, "PAK")
    assert (r["n_votes"], r["same"], r["opposite"], r["abstain_or_partial"], r["absent"]) == (88, 19, 44, 25, 0)
    assert r["coincidence"] == pytest.approx((19 + 25 / 2) / 88)  # 0.358 -> 36%
    fact = key_fact(table, "PAK", "Pakistan", "the United States", "statedept-2021")
    assert fact.sentence() == ("Pakistan voted with the United States on 36% of recorded votes in 2023 "
                               "(State Department measure)")


def test_cli_coincidence_pak_usa(built, capsys):
    assert cli.main(["alignment", "--a", "PAK", "--b", "USA", "--measure", "coincidence", "--definition",
                     "statedept-2017", "--from", "2022", "--to", "2023"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "year,definition," + ",".join(COLUMNS[2:])
    # 2022 report, page 53: "Pakistan PAK 17 44 28 0 35%"; 2023 report, page 61: 19 44 25 0
    assert out[1].startswith("2022,statedept-2017,89,17,44,28,0,0.348")
    assert out[2].startswith("2023,statedept-2017,88,19,44,25,0,0.357")


def test_cli_coincidence_refuses_other_bodies(built, capsys):
    assert cli.main(["alignment", "--a", "PAK", "--b", "USA", "--measure", "coincidence", "--body", "HRC"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--measure coincidence is the State Department's measure" in err
