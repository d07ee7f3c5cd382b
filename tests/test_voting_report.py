"""What the voting notebook shows, computed by analysis.reports.voting, checked against the raw files."""

from __future__ import annotations

import polars as pl
import pytest

from analysis.core.paths import raw_dir
from analysis.reports import voting as voting_report
from tests.independent import dgacm_by_year


@pytest.fixture(scope="module")
def pak_irn(built):
    return voting_report.prepare()


def test_key_facts_match_the_raw_files(pak_irn):
    facts = pak_irn.key_facts()
    assert facts["dyad"] == "PAK-IRN"
    # 2026 has fewer than 30 recorded GA votes (the DGACM file ends in June 2026), so the
    # ranking year is 2025, computed independently from the DGACM JSON here:
    assert facts["last_year"] == 2025
    expected = dgacm_by_year(raw_dir(), "PAKISTAN", "IRAN (ISLAMIC REPUBLIC OF)")[2025]
    assert facts["agreement_last_year"] == round(expected["agreement"], 4)
    assert facts["rank_of_b_among_partners_last_year"] >= 1
    assert facts["rank_of_b_among_partners_last_year"] <= facts["partners_ranked_last_year"]


def test_pooled_alignment_weights_years_by_joint_votes(pak_irn, built):
    # Pooled agreement over a range equals the n-weighted mean of the yearly agreements
    # (1 - Do is a mean of d over joint votes), so the two routes must agree.
    votes, roll_calls = built["votes"], built["roll_calls"]
    pooled = voting_report.pooled_alignment(votes, roll_calls, "PAK", "IRN", body="GA", start_year=2000,
                                            end_year=2009)
    yearly = pak_irn.dyad.filter(pl.col("year").is_between(2000, 2009))
    weighted = (yearly["agreement"] * yearly["n_joint"]).sum() / yearly["n_joint"].sum()
    assert pooled["n_joint"][0] == yearly["n_joint"].sum()
    assert pooled["agreement"][0] == pytest.approx(weighted, abs=1e-12)


def test_charts_have_titles_axis_labels_and_sources(pak_irn):
    for name, chart in pak_irn.charts.items():
        spec = chart.to_dict()
        title = spec["title"]
        assert title["text"] and any("Source" in s for s in title["subtitle"]), name
        views = [spec, *spec.get("vconcat", [])]  # a linked pair of views is a vconcat
        encodings = [enc for view in views for enc in
                     [view.get("encoding", {})] + [layer.get("encoding", {}) for layer in view.get("layer", [])]]
        axes = [enc[ch] for enc in encodings for ch in ("x", "y") if ch in enc]
        assert axes, name
        for axis in axes:  # every positional axis is titled (None only for category labels)
            assert "title" in axis, (name, axis)
        assert any(axis["title"] for axis in axes), name


@pytest.mark.parametrize("a, b, body, years", [("BRA", "ZAF", "GA", (2010, 2020)), ("IND", "USA", "HRC", (2010, 2020)),
                                               ("Brazil", "South Africa", "GA", (2010, 2020)),
                                               ("PAK", "IND", "CHR", (1980, 2005))])
def test_other_pairs_run_unchanged(built, a, b, body, years):
    report = voting_report.prepare(a, b, start_year=years[0], end_year=years[1], body=body)
    assert report.dyad.height > 0
    assert report.dyad["year"].is_between(*years).all()
    assert set(report.with_partners["iso3"]) >= {report.b}


def test_membership_facts_and_chart(pak_irn):
    facts = pak_irn.key_facts()
    # read off the HRC's and CHR's recorded votes (tests/test_ohchr.py checks the underlying rows)
    assert facts["hrc_years_a"] == "2006–2011, 2013–2015, 2018–2023, 2026"
    assert facts["hrc_years_b"] == "none"
    assert facts["chr_years_b"] == "1947–1948, 1958, 1967–1972, 1974–1980, 1992–1994"
    spec = pak_irn.charts["council_membership"].to_dict()
    assert spec["mark"]["type"] == "rect" and spec["encoding"]["x"]["scale"]["domain"] == [1946, 2027]
    # the table of resolutions naming B shows the official tally, and the list's count where it differs
    table = pak_irn.naming_table()
    s39 = table.filter(pl.col("symbol") == "A/HRC/RES/S-39/1").row(0, named=True)
    assert (s39["official_tally"], s39["per_state_count"], s39["vote_a"]) == ("25–7–14", None, "no")
    assert set(table["body"]) == {"GA", "HRC", "CHR", "SC"}  # SC: resolution 2817 (2026) names Iran
