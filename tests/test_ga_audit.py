"""The GA record audited against the State Department's reports (``analysis.measures.ga_audit``,
``python -m analysis audit``), the duplicate fixed, the important flags, and ``--important`` without flags."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analysis import cli
from analysis.measures import record_fixes
from analysis.measures.ga_audit import audit, known_gap_lines
from analysis.sources import unvotes
from analysis.sources.statedept_layout import LAYOUTS

# the known gaps of the GA record, as the documentation states them
README = Path(__file__).resolve().parents[1] / "docs" / "explanation" / "limits.md"


@pytest.fixture(scope="module")
def audits(built):
    stated = {y: layout.stated_votes for y, layout in LAYOUTS.items()}
    return {a.year: a for a in audit(built["roll_calls"], built["votes"], built["statedept_votes"],
                                     built["statedept_coincidence"], stated=stated)}


def test_2019_misses_the_spring_votes(audits):
    a = audits[2019]
    # the 2019 report lists 100 votes (pages 24-41); unvotes has none from January to September 2019
    assert a.listed_votes == 100 and a.package_votes == 90
    assert len(a.missing) == 10 and "A/RES/73/295" in a.missing
    assert all(s.startswith("A/RES/73/") for s in a.missing) and a.extra == []
    assert a.important_unflagged == ["A/RES/73/298", "A/RES/73/304"]  # listed important, not in the package


def test_2020_misses_the_votes_dgacm_lacks(audits):
    assert {"A/RES/74/300", "A/RES/74/301", "A/RES/74/302", "A/RES/74/306", "A/RES/74/307"} <= set(audits[2020].missing)


def test_2013_to_2015_hold_fewer_autumn_votes_than_the_reports_count(audits):
    # the reports state 90, 98 and 90 recorded plenary votes (2013 p. 18, 2014 p. 20, 2015 p. 30)
    assert [(audits[y].stated_votes, audits[y].package_votes) for y in (2013, 2014, 2015)] == [
        (90, 60), (98, 76), (90, 73)]
    assert [audits[y].n_missing for y in (2013, 2014, 2015)] == [30, 22, 17]


def test_2022_and_2023_agree_with_the_reports(audits):
    for year in (2022, 2023):
        a = audits[year]
        assert a.missing == [] and a.extra == [] and a.duplicates == []
        assert a.n_states >= 190 and a.mean_abs_diff_pp < 0.5 and a.within_1pp == a.n_states


def test_every_important_vote_is_flagged_where_the_package_has_it(audits):
    for year, a in audits.items():
        assert a.important_flagged_extra == [], year
        if year in (2013, 2014, 2015, 2016, 2017, 2021, 2022, 2023):
            assert a.important_unflagged == [], year
    assert "A/RES/71/198" in audits[2016].important_listed  # the flag unvotes lacked (issue 26)


def test_the_2017_duplicate_is_gone(built, audits):
    assert built["roll_calls"].filter((pl.col("body") == "GA") & (pl.col("rcid") == 6006)).height == 0
    assert audits[2017].duplicates == []
    assert any(n.startswith("GA: rcid 6006 (A/RES/72/164, 2017-12-19) repeats rcid 5569 exactly")
               for n in built["report"].notes)


def test_exact_duplicates_on_the_raw_unvotes_record(raw_dir, built):
    """Read unvotes again: five later rcids (meeting-record descriptions) repeat a resolution's roll call state by
    state, 6006 = 5569 (A/RES/72/164) among them; paragraph votes alike are kept apart."""
    rc = unvotes.read_roll_calls(raw_dir)
    votes = unvotes.read_votes(raw_dir, rc)
    dupes = record_fixes.exact_duplicates(rc, votes)
    assert dupes.select("rcid", "duplicate_of", "symbol").rows() == [
        (5740, 4587, "A/RES/59/28"), (5798, 4735, "A/RES/61/156"), (5919, 5179, "A/RES/66/257"),
        (5938, 5248, "A/RES/67/243"), (6006, 5569, "A/RES/72/164")]
    # the two copies of A/RES/72/164 carry the same 188 votes
    assert votes.filter(pl.col("rcid") == 5569).height == votes.filter(pl.col("rcid") == 6006).height == 188
    removed = [n for n in built["report"].notes if n.startswith("GA: rcid ") and "repeats rcid" in n]
    assert len(removed) == 5
    # A/RES/61/77: rcids 5788 and 5790, two operative paragraphs voted alike on 6 December 2006, both kept
    assert rc.filter(pl.col("rcid").is_in([5788, 5790]))["para"].to_list() == [True, True]


def test_important_flags_from_the_reports_on_a_small_case():
    """Synthetic: one listed resolution, its paragraph vote, another resolution and a year without a report."""
    rc = pl.DataFrame({
        "body": ["GA"] * 4, "rcid": [1, 2, 3, 4], "year": [2019, 2019, 2019, 2018], "session": [74, 74, 74, 73],
        "symbol": ["A/RES/74/1", "A/RES/74/1", "A/RES/74/2", "A/RES/73/9"], "amend": [False] * 4,
        "para": [False, True, False, False], "doc_type": ["resolution", "paragraph", "resolution", "resolution"],
        "important": [None, None, True, True]}, schema_overrides={"important": pl.Boolean})
    listed = pl.DataFrame({"year": [2019], "list": ["important"], "symbol": ["A/RES/74/1"]})
    out, changes = record_fixes.important_from_reports(rc, listed)
    assert out["important"].to_list() == [True, False, False, True]  # 2018 has no report: unchanged
    assert changes.select("rcid", "before", "after").rows() == [(1, None, True), (2, None, False), (3, True, False)]


def test_known_gaps_in_the_readme(audits):
    lines = known_gap_lines(list(audits.values()))
    assert lines[0].startswith("2013: the package holds 60 of the 90 recorded votes")
    text = " ".join(README.read_text(encoding="utf-8").split())
    for line in lines:
        assert line in text, line


# --------------------------------------------------------------------------- command line


def test_cli_audit_one_year(built, capsys):
    assert cli.main(["audit", "--body", "GA", "--year", "2019"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GA 2019 (report: pdf, definition statedept-2017)")
    assert "missing (listed by the report, not in the package): 10: A/RES/73/268, A/RES/73/295" in out


def test_cli_audit_year_without_report(built, capsys):
    assert cli.main(["audit", "--body", "GA", "--year", "2012"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--year 2012: no State Department report in the data" in err


def test_important_on_years_without_flags_is_an_error(built, capsys):
    assert cli.main(["alignment", "--a", "PAK", "--b", "IRN", "--important", "--from", "2017", "--to", "2019"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--important: no GA vote is flagged important in 2018" in err
    assert cli.main(["alignment", "--a", "PAK", "--b", "IRN", "--important", "--from", "2019", "--to", "2023"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in out[1:]] == ["2019", "2020", "2021", "2022", "2023"]
