"""Resolutions that name a state, with A's and B's votes and membership status."""

from __future__ import annotations

import datetime as dt
import sqlite3

import polars as pl

from analysis.measures.resolutions import name_pattern, naming_resolutions


def test_name_pattern_matches_official_titles(built):
    pattern = name_pattern("IRN", built["countries"])
    assert pattern.search("Situation of human rights in the Islamic Republic of Iran")
    assert not pattern.search("Situation of human rights in the Syrian Arab Republic")
    # a historical state without a countrycode pattern falls back to its name
    assert name_pattern("DDR", built["countries"]).search("Admission of the German Democratic Republic")


def test_pakistan_iran_table(built, raw_dir):
    table = naming_resolutions(built["roll_calls"], built["votes"], built["countries"], "PAK", "IRN")
    # A/RES/78/220, 19 Dec 2023: 78 yes, 30 no, 68 abstain; Pakistan and Iran both no.
    row = table.filter(pl.col("symbol") == "A/RES/78/220").row(0, named=True)
    assert row["date"] == dt.date(2023, 12, 19)
    assert (row["yes"], row["no"], row["abstain"]) == (78, 30, 68)
    assert (row["vote_a"], row["vote_b"]) == ("no", "no")
    # R/66/175 (2011): the resolution and Iran's no-action motion are two rows; votes reversed.
    pair = table.filter(pl.col("symbol") == "A/RES/66/175").sort("doc_type")
    assert pair["doc_type"].to_list() == ["motion", "resolution"]
    assert pair["vote_b"].to_list() == ["yes", "no"]

    # HRC: Iran has never been a member; to October 2024 Pakistan is "not a member" exactly where
    # the sqlite file (the cross-check) has no Pakistan row for an Iran resolution.
    hrc = table.filter(pl.col("body") == "HRC")
    con = sqlite3.connect(raw_dir / "hrc" / "votes.sqlite3")
    iran = {r[0] for r in con.execute("SELECT name FROM resolutions WHERE summary LIKE '%Republic of Iran%'")}
    with_pak = {r[0] for r in con.execute("SELECT resolution_name FROM votes WHERE country_short = 'PAK'")}
    # the primary harvest adds 25/24 (March 2014), 58/21 (April 2025) and S-39/1 (January 2026)
    assert set(hrc["symbol"]) == iran | {"A/HRC/RES/25/24", "A/HRC/RES/58/21", "A/HRC/RES/S-39/1"}
    assert set(hrc["vote_b"]) == {"not a member"}
    not_member = set(hrc.filter(pl.col("vote_a") == "not a member")["symbol"])
    assert not_member == (iran - with_pak) | {"A/HRC/RES/58/21"}
    assert "A/HRC/RES/55/19" in not_member  # April 2024: Pakistan was not on the Council
    s39 = hrc.filter(pl.col("symbol") == "A/HRC/RES/S-39/1").row(0, named=True)
    assert (s39["vote_a"], s39["official_yes"], s39["official_no"], s39["official_abstain"]) == ("no", 25, 7, 14)
    # CHR: the Commission's Iran resolutions from 1983 on, with Pakistan's votes
    chr_ = table.filter(pl.col("body") == "CHR")
    assert chr_.height == 17 and chr_["date"].min() == dt.date(1983, 3, 8)
    assert set(chr_["vote_a"]) == {"no", "not a member"}


def test_year_range_and_body_filters(built):
    table = naming_resolutions(
        built["roll_calls"], built["votes"], built["countries"], "PAK", "IRN",
        start_year=2020, end_year=2022, bodies=("GA",),
    )
    assert set(table["body"]) == {"GA"}
    assert table["date"].dt.year().is_between(2020, 2022).all()
    assert table.height == 3  # one Iran human-rights resolution a year: 75/191, 76/178, 77/228


def test_titles_naming_in_polars_gives_pythons_rows(built):
    """For every state: the roll calls ``titles_naming`` finds (polars' regex, or Python's for the patterns with
    look-arounds) are those whose title Python's ``re`` matches, computed here title by title (each distinct
    title once)."""
    from analysis.measures.resolutions import _PYTHON_ONLY, titles_naming

    roll_calls, countries = built["roll_calls"], built["countries"]
    titles = roll_calls["title"].drop_nulls().unique().to_list()
    python_only = 0
    for iso3 in countries["iso3"].to_list():
        pattern = name_pattern(iso3, countries)
        python_only += bool(_PYTHON_ONLY.search(pattern.pattern))
        naming = [t for t in titles if pattern.search(t)]  # Python's re, title by title
        expected = roll_calls.filter(pl.col("title").is_in(naming))
        assert titles_naming(roll_calls, countries, iso3).equals(expected), iso3
    assert 0 < python_only < countries.height  # both engines are exercised
