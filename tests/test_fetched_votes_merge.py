"""Fetched voting records (UN Digital Library) merged with the published GA sources: no roll call counted twice
(analysis.build.read_fetched_votes)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from analysis.build import read_fetched_votes
from tests.raw_registry import record

FIXTURE = Path(__file__).parent / "fixtures" / "undl" / "ga_A-RES-80-214_rec4096564_excerpt.xml"


def _raw_with(tmp_path: Path, name: str, data: bytes) -> Path:
    """A raw folder whose manifest lists one fetched UNDL page (the real excerpt, or an edit of it)."""
    raw = tmp_path / "raw"
    (raw / "undl" / "GA").mkdir(parents=True)
    (raw / "undl" / "GA" / name).write_bytes(data)
    record(raw, [{"path": f"undl/GA/{name}", "source": "undl", "origin": "tests/fixtures/undl (see its README)",
                  "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}])
    return raw


def test_a_fetched_record_dgacm_already_has_is_not_counted_twice(built, tmp_path):
    """A/RES/80/214 (UNDL record 4096564) is in DGACM: the fetched copy is left out, with a note."""
    published = built["roll_calls"]
    assert published.filter(pl.col("symbol") == "A/RES/80/214")["source"].to_list() == ["dgacm"]
    notes: list[str] = []
    rc, votes = read_fetched_votes(_raw_with(tmp_path, "page.xml", FIXTURE.read_bytes()), published, notes)
    assert rc.height == 0 and votes.height == 0
    assert "undl GA: 1 fetched roll calls; 1 already in a published dataset (same symbol: the published dataset " \
           "wins); 0 added" in notes
    # the DGACM copy agrees with the fetched record's official tally (996 $b 167, $c 2, $d 11)
    dgacm = published.filter(pl.col("symbol") == "A/RES/80/214").row(0, named=True)
    assert (dgacm["official_yes"], dgacm["official_no"], dgacm["official_abstain"]) == (167, 2, 11)


def test_a_fetched_record_no_dataset_has_is_added_once(built, tmp_path):
    """The same record under a symbol no source has (an in-memory edit: A/RES/80/214 -> A/RES/80/999, twice
    in two cached pages): added once, with its three listed members (USA no, GBR yes, RUS without a vote)."""
    edited = FIXTURE.read_bytes().replace(b"A/RES/80/214", b"A/RES/80/999")
    raw = _raw_with(tmp_path, "page1.xml", edited)
    (raw / "undl" / "GA" / "page2.xml").write_bytes(edited)
    record(raw, [{"path": "undl/GA/page2.xml", "source": "undl", "origin": "tests/fixtures/undl (see its README)",
                  "sha256": hashlib.sha256(edited).hexdigest(), "bytes": len(edited)}])
    notes: list[str] = []
    rc, votes = read_fetched_votes(raw, built["roll_calls"], notes)
    assert rc["symbol"].to_list() == ["A/RES/80/999"] and rc["source"].to_list() == ["undl"]
    assert rc["rcid"].to_list() == [20_000_000 + 4096564]
    assert sorted(votes.select("iso3", pl.col("vote").cast(pl.String)).rows()) == [
        ("GBR", "yes"), ("RUS", "absent"), ("USA", "no")]
    merged = pl.concat([built["roll_calls"].select("body", "rcid"), rc.select("body", "rcid")])
    assert merged.is_duplicated().sum() == 0


@pytest.mark.parametrize("symbol", [b"a/res/80/214", b"A/RES/80/ 214"])
def test_the_merge_ignores_case_and_spaces_in_symbols(built, tmp_path, symbol):
    edited = FIXTURE.read_bytes().replace(b"A/RES/80/214", symbol)
    notes: list[str] = []
    rc, _ = read_fetched_votes(_raw_with(tmp_path, "page.xml", edited), built["roll_calls"], notes)
    assert rc.height == 0
