"""The UN Digital Library's voting-data CSVs (``analysis.sources.undl_csv``), ``fetch votes --from-file FILE.csv``
and the merge with the published sources.

Real files: the shipped SC excerpt (``data/raw/undl-sc-voting-excerpt/``: the Library's header and
the last 1,100 rows of its Security Council file of 2026-02-06) and the GA file's header with two
of its rows (``tests/fixtures/undl/ga_voting_data_first_rows.csv``, provenance in its README).
Expected values are counted from those files (by a reader independent of the adapter: ``csv``).
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from analysis import cli
from analysis.core import registry
from analysis.fetch import votes as fetch
from analysis.measures.source_agreement import compare_by_symbol
from analysis.sources import SourceFormatError, undl, undl_csv
from tests.raw_registry import declare, declared_files

ROOT = Path(__file__).resolve().parents[1]
SC_FILE = ROOT / "data" / "raw" / "undl-sc-voting-excerpt" / "sc_voting_2026-02-06_tail.csv"
GA_FILE = ROOT / "tests" / "fixtures" / "undl" / "ga_voting_data_first_rows.csv"


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_headers_are_recognised():
    assert tuple(rows_of(SC_FILE)[0]) == undl_csv.SC_COLUMNS
    assert tuple(rows_of(GA_FILE)[0]) == undl_csv.GA_COLUMNS
    assert undl_csv.is_voting_csv(SC_FILE) and undl_csv.is_voting_csv(GA_FILE)
    assert not undl_csv.is_voting_csv(ROOT / "data" / "raw" / "un-press-votes" / "sc_iran_2025.csv")


def test_sc_excerpt_read_as_the_file_says():
    rows = rows_of(SC_FILE)
    per_record = Counter(r["undl_id"] for r in rows)
    assert len(rows) == 1100 and len(per_record) == 74
    data = undl_csv.parse(SC_FILE)
    # 74 records: S/RES/2638(2022) adopted without a vote (15 rows of X), S/RES/1771(2007) cut by the excerpt
    # (5 of its 15 rows): 72 roll calls of 15 members
    assert data.roll_calls.height == 72 and data.votes.height == 72 * 15
    assert data.skipped == ["sc_voting_2026-02-06_tail.csv: record 3979311 (S/RES/2638(2022)) was adopted without "
                            "a vote: not a roll call, skipped"]
    assert data.notes == ["sc_voting_2026-02-06_tail.csv: record 607729 (S/RES/1771(2007)) lists 5 of its 15 members "
                          "(the file holds part of the record): left out"]
    kept = [r for r in rows if r["undl_id"] not in ("3979311", "607729")]
    expected = Counter({"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}[r["ms_vote"]] for r in kept)
    assert Counter(data.votes["vote"].cast(pl.String).to_list()) == expected
    assert set(data.roll_calls["body"].cast(pl.String)) == {"SC"}
    assert data.roll_calls["rcid"].min() > undl.RCID_BASE
    # the official tally equals the rows on every kept record (checked in the file's own totals)
    assert (data.roll_calls["official_total"] == 15).all()


def test_permanent_members_and_a_record(built):
    data = undl_csv.parse(SC_FILE)
    rc = data.roll_calls.filter(pl.col("symbol") == "S/RES/1929(2010)").row(0, named=True)
    # "685888,...,2010-06-09,S/RES/1929(2010),S/2010/283,S/PV.6335,..." 12-2-1 (Brazil and Turkey no, Lebanon abstains)
    assert (rc["official_yes"], rc["official_no"], rc["official_abstain"], rc["date"].isoformat()) == (
        12, 2, 1, "2010-06-09")
    assert rc["draft_symbol"] == "S/2010/283" and rc["record_url"] == "https://digitallibrary.un.org/record/685888"
    votes = data.votes.filter(pl.col("rcid") == rc["rcid"])
    assert dict(votes.filter(pl.col("vote") != "yes").select("iso3", pl.col("vote").cast(pl.String)).rows()) == {
        "BRA": "no", "TUR": "no", "LBN": "abstain"}
    assert sorted(votes.filter(pl.col("permanent"))["iso3"].to_list()) == ["CHN", "FRA", "GBR", "RUS", "USA"]


def test_pakistans_2025_council_votes_are_in_the_package(built):
    rc = built["roll_calls"].filter(pl.col("body") == "SC")
    pak = (built["votes"].filter((pl.col("body") == "SC") & (pl.col("iso3") == "PAK"))
           .join(rc.select("rcid", "symbol", "source"), on="rcid"))
    got = dict(pak.filter(pl.col("symbol").str.contains(r"\(2025\)")).select(
        "symbol", pl.col("vote").cast(pl.String)).rows())
    # the excerpt's rows: PAK Y on 2775, A on 2779, Y on 2783, Y on 2805
    assert got == {"S/RES/2775(2025)": "yes", "S/RES/2779(2025)": "abstain", "S/RES/2783(2025)": "yes",
                   "S/RES/2805(2025)": "yes"}
    assert set(pak.filter(pl.col("symbol").str.contains(r"\(2025\)"))["source"]) == {"undl-csv"}
    assert any(n == "undl SC: 72 fetched roll calls; 0 already in a published dataset (same symbol: the published "
                    "dataset wins); 72 added" for n in built["report"].notes)


def test_ga_first_rows_a_record_cut_short_is_reported():
    data = undl_csv.parse(GA_FILE)
    assert data.roll_calls.height == 0
    assert data.notes == ["ga_voting_data_first_rows.csv: record 4025240 (A/RES/ES-10/21) lists 2 of its 193 members "
                          "(the file holds part of the record): left out"]


def test_ga_first_rows_read_as_a_whole_record(tmp_path):
    """With its total_ms read as 2 (an in-memory edit of the real rows, test only), the record parses: the GA
    layout's title, session, tally and the X of a member that did not vote."""
    text = GA_FILE.read_text(encoding="utf-8").replace(",193.0,", ",2.0,")
    path = tmp_path / "ga.csv"
    path.write_text(text, encoding="utf-8")
    data = undl_csv.parse(path)
    rc = data.roll_calls.row(0, named=True)
    assert (rc["body"], rc["symbol"], rc["session"], rc["session_label"]) == ("GA", "A/RES/ES-10/21", 78, "ES-10")
    assert rc["title"] == "Protection of civilians and upholding legal and humanitarian obligations"
    assert (rc["official_yes"], rc["official_no"], rc["official_abstain"], rc["official_non_voting"]) == (
        120, 14, 45, 14)
    assert dict(data.votes.select("iso3", pl.col("vote").cast(pl.String)).rows()) == {"AFG": "yes", "BEN": "absent"}
    assert rc["me"] is True  # "TERRITORIES OCCUPIED BY ISRAEL--SETTLEMENT POLICY"


def test_an_unknown_vote_code_names_the_record(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(SC_FILE.read_text(encoding="utf-8").replace(",SLOVAKIA,False,Y,", ",SLOVAKIA,False,Q,", 1),
                    encoding="utf-8")
    with pytest.raises(SourceFormatError, match="bad.csv: record 607729 .*SLOVAKIA: unknown vote code 'Q'"):
        undl_csv.parse(path)


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="other.csv: not a UN Digital Library voting-data CSV"):
        undl_csv.parse(path)


# --------------------------------------------------------------------------- fetch votes --from-file


@pytest.fixture
def raw(tmp_path) -> Path:
    root = tmp_path / "raw"
    root.mkdir()
    declare(root, "undl", "undl-csv", "ohchr-export")
    return root


def test_from_file_copies_the_sc_csv_with_its_manifest_entry(raw, monkeypatch, capsys):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(raw))
    assert cli.main(["fetch", "votes", "--body", "SC", "--from-file", str(SC_FILE)]) == 0
    target = raw / "undl-csv" / "SC" / SC_FILE.name
    assert target.read_bytes() == SC_FILE.read_bytes()
    entry = declared_files(raw)[0]
    assert entry["path"] == f"undl-csv/SC/{SC_FILE.name}" and entry["source"] == "undl-csv"
    assert entry["sha256"] == hashlib.sha256(SC_FILE.read_bytes()).hexdigest()
    assert "record/4055387" in entry["origin"] and "non-commercial use with attribution" in registry.get(
        "undl-csv", raw).terms
    out = capsys.readouterr().out.splitlines()
    assert out == [str(target), f"SC: 72 new roll calls (2007-08-24..2025-11-26) from {SC_FILE.name}"]


def test_from_file_refuses_a_csv_of_the_other_body_or_without_a_roll_call(raw):
    with pytest.raises(ValueError, match="holds SC roll calls, not"):
        fetch.fetch_votes("GA", raw_dir=raw, from_file=SC_FILE, log=lambda _: None)
    with pytest.raises(ValueError, match="no roll call"):
        fetch.fetch_votes("GA", raw_dir=raw, from_file=GA_FILE, log=lambda _: None)


# --------------------------------------------------------------------------- disagreements are reported


def test_a_disagreement_between_sources_is_reported():
    """The excerpt's S/RES/1929(2010) against a copy of itself with Lebanon's abstention turned into a yes and the
    tally edited to match (an in-memory edit, test only): one note names the state and both votes."""
    data = undl_csv.parse(SC_FILE)
    rc = data.roll_calls.filter(pl.col("symbol") == "S/RES/1929(2010)")
    votes = data.votes.filter(pl.col("rcid") == rc["rcid"][0])
    other_rc = rc.with_columns(pl.lit(999).cast(pl.Int32).alias("rcid"), pl.lit("other").alias("source"),
                               pl.lit(13).cast(pl.Int32).alias("official_yes"),
                               pl.lit(0).cast(pl.Int32).alias("official_abstain"))
    other_votes = votes.with_columns(pl.lit(999).cast(pl.Int32).alias("rcid"),
                                     pl.when(pl.col("iso3") == "LBN").then(pl.lit("yes")).otherwise(
                                         pl.col("vote").cast(pl.String)).alias("vote"))
    notes = compare_by_symbol(rc, votes, other_rc, other_votes)
    assert notes[0] == ("undl-csv SC: S/RES/1929(2010) disagrees with other: tally 12-2-1 against 13-2-0; 1 states "
                        "vote otherwise: LBN abstain (yes) (the published vote in brackets); the published dataset's "
                        "record is used")
    assert notes[-1] == ("fetched records also in a published dataset: 1; 0 agree on the tally and every state's "
                         "yes/no/abstain, 1 do not")
    assert compare_by_symbol(rc, votes, rc, votes)[-1] == ("fetched records also in a published dataset: 1; 1 agree "
                                                           "on the tally and every state's yes/no/abstain, 0 do not")
