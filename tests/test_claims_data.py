"""What the claims check reads (issue 21): lazy scans of the processed Parquet, only the states named.

Expected values come from the built tables filtered here with plain polars, or from the
OHCHR record of A/HRC/RES/S-39/1 (23 January 2026: 25 yes, 7 no, 14 abstentions, as the
Council's voting record lists them) -- never from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analysis import claims as cl
from analysis.claims.data import ClaimData

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "claims" / "seed_article.toml"


def test_lazy_scan_gives_the_verdicts_of_the_whole_tables(built):
    """``check_file`` without tables scans this run's Parquet files; same verdicts, reasons and coverage."""
    whole = cl.check_file(SEED, built)
    lazy = cl.check_file(SEED)
    assert [(v.claim.id, v.verdict, v.reason, v.needed) for v in lazy.verdicts] == \
        [(v.claim.id, v.verdict, v.reason, v.needed) for v in whole.verdicts]
    assert all(a.rows.equals(b.rows) for a, b in zip(lazy.verdicts, whole.verdicts, strict=True))
    assert lazy.coverage == whole.coverage


def test_only_the_named_states_votes_are_read(built):
    data = ClaimData(built, ["PAK", "IRN"])
    expected = built["votes"].filter(pl.col("iso3") == "PAK").select("body", "rcid", "iso3", "vote")
    assert data.state_votes("PAK").equals(expected)
    assert sorted(data._by_state) == ["IRN", "PAK"]
    data.state_votes("CHN")  # a state asked for later is read on its own
    assert sorted(data._by_state) == ["CHN", "IRN", "PAK"]
    with pytest.raises(KeyError, match="read only in part"):
        data["votes"]


def test_pair_trade_is_the_pairs_published_rows(built):
    data = ClaimData(built)
    data.trade_pairs([("PAK", "IRN"), ("IND", "USA")])
    t = built["trade"]
    both = (((pl.col("reporter_iso3") == "PAK") & (pl.col("partner_iso3") == "IRN"))
            | ((pl.col("reporter_iso3") == "IRN") & (pl.col("partner_iso3") == "PAK")))
    expected = t.filter(both & ~pl.col("smoothed"))
    got = data.pair_trade("IRN", "PAK")
    keys = ["source", "year", "reporter_iso3", "partner_iso3", "flow"]
    assert got.height == expected.height > 0
    assert got.sort(keys).equals(expected.sort(keys))


def test_votes_on_counts_every_state_of_a_roll_call(built):
    rc = built["roll_calls"].filter(pl.col("symbol") == "A/HRC/RES/S-39/1")
    assert rc.height == 1
    votes = ClaimData(built).votes_on(rc.select("body", "rcid"))
    counts = dict(votes.group_by("vote").len().iter_rows())
    assert (counts.get("yes"), counts.get("no"), counts.get("abstain")) == (25, 7, 14)


def test_a_missing_table_says_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("UNALIGN_PROCESSED_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="python -m analysis build"):
        cl.check_file(SEED)
