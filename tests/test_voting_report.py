"""What the voting notebook shows, computed by analysis.voting_report, checked against the raw files."""

from __future__ import annotations

import polars as pl
import pytest

from analysis import voting_report
from analysis.paths import raw_dir
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
        encodings = [spec.get("encoding", {})] + [layer.get("encoding", {}) for layer in spec.get("layer", [])]
        axes = [enc[ch] for enc in encodings for ch in ("x", "y") if ch in enc]
        assert axes, name
        for axis in axes:  # every positional axis is titled (None only for category labels)
            assert "title" in axis, (name, axis)
        assert any(axis["title"] for axis in axes), name


@pytest.mark.parametrize("a, b, body", [("BRA", "ZAF", "GA"), ("IND", "USA", "HRC"), ("Brazil", "South Africa", "GA")])
def test_other_pairs_run_unchanged(built, a, b, body):
    report = voting_report.prepare(a, b, start_year=2010, end_year=2020, body=body)
    assert report.dyad.height > 0
    assert report.dyad["year"].is_between(2010, 2020).all()
    assert set(report.with_partners["iso3"]) >= {report.b}
