"""Analyst-coded events: the shipped Pakistan-Iran file and the format's validation."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from analysis.schemas import EVENTS, validate_events
from analysis.sources import SourceFormatError, analyst_events, cameo

SHIPPED = "analyst/pak_irn_seed_article.csv"
HEADER = "date,source,target,cameo_code,description,citation"
GOOD = '2026-01-23,IRN,PAK,041,"A phone call, briefly.","Some paper, 24 January 2026"'


@pytest.fixture(scope="module")
def codes(raw_dir: Path) -> pl.DataFrame:
    return cameo.read(raw_dir)


def test_shipped_file(raw_dir, codes):
    events = analyst_events.read_events(raw_dir, codes)
    with open(raw_dir / SHIPPED, encoding="utf-8", newline="") as handle:
        raw = list(csv.DictReader(handle))
    assert events.height == len(raw) == 14
    assert dict(events.schema) == EVENTS
    validate_events({"events": events, "event_codes": codes})
    assert set(events["date"]) == {dt.date(2026, 1, 23)}
    assert set(zip(events["source_iso3"], events["target_iso3"], strict=True)) == {("IRN", "PAK"), ("PAK", "IRN")}
    article = "The Palestine Telegraph, 24 January 2026, 'Iran thanks Pakistan"
    assert all(c.startswith(article) for c in events["citation"])
    assert all(r["note"] for r in raw)  # every coding decision explained
    assert events["cameo_code"].to_list() == [r["cameo_code"] for r in raw]  # leading zeros kept: "041", "0311"
    call = events.filter(pl.col("cameo_code") == "041")
    assert call.height == 2 and set(call["source_iso3"]) == {"IRN", "PAK"}  # reciprocal: both directions
    thanks = events.filter(pl.col("cameo_code") == "051").row(0, named=True)
    assert (thanks["source_iso3"], thanks["target_iso3"], thanks["goldstein"]) == ("IRN", "PAK", 3.4)
    assert events["state_actor"].all() and not events["domestic"].any()
    assert events["source_event_id"][0] == "pak_irn_seed_article.csv:2"
    assert set(events["quad_class"]) == {1}  # all verbal cooperation


def _write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "coded.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_names_and_codes_are_both_accepted(tmp_path, codes):
    path = _write(tmp_path, GOOD, '2026-01-24,Pakistan,Iran,0311,"Pipeline.","Paper"')
    events = analyst_events.read_file(path, codes)
    assert events["source_iso3"].to_list() == ["IRN", "PAK"] and events["target_iso3"].to_list() == ["PAK", "IRN"]
    assert events["source_event_id"].to_list() == ["coded.csv:2", "coded.csv:3"]


def test_optional_note_column(tmp_path, codes):
    path = _write(tmp_path, GOOD + ',"why 041"', header=HEADER + ",note")
    assert analyst_events.read_file(path, codes).height == 1


@pytest.mark.parametrize(("row", "message"), [
    ('2026-01-23,IRN,PAK,999,"x","y"', r"line 3: unknown CAMEO code '999'"),
    ('2026-01-23,IRN,PAK,41,"x","y"', r"line 3: unknown CAMEO code '41' \(leading zero lost\? '041' is a code\)"),
    ('2026-01-23,IRN,Atlantis,041,"x","y"', r"line 3: unknown country 'Atlantis' in column target"),
    ('2026-01-23,XYZ,PAK,041,"x","y"', r"line 3: unknown country 'XYZ' in column source"),
    ('23/01/2026,IRN,PAK,041,"x","y"', r"line 3: date '23/01/2026' is not YYYY-MM-DD"),
    ('2026-02-30,IRN,PAK,041,"x","y"', r"line 3: date '2026-02-30' is not a calendar date"),
    ('2026-01-23,PAK,Pakistan,041,"x","y"', r"line 3: source and target are the same state \(PAK\)"),
    ('2026-01-23,IRN,PAK,041,"","y"', r"line 3: empty required field\(s\) \['description'\]"),
    ('2026-01-23,IRN,PAK,041,"x"', r"line 3: 5 fields, the header has 6"),
    ('2026-01-23,IRN,PAK,041,"x","y","z"', r"line 3: 7 fields, the header has 6"),
    ('2026-01-23,IRN,PAK,041,"' + "x" * 301 + '","y"', r"line 3: description has 301 characters, at most 300"),
])
def test_bad_rows_are_rejected_with_file_and_line(tmp_path, codes, row, message):
    path = _write(tmp_path, GOOD, row)
    with pytest.raises(SourceFormatError, match=rf"coded.csv: {message}"):
        analyst_events.read_file(path, codes)


def test_line_numbers_count_physical_lines(tmp_path, codes):
    multi = '2026-01-23,IRN,PAK,041,"two\nlines","y"'
    path = _write(tmp_path, multi, '2026-01-23,IRN,PAK,999,"x","y"')
    with pytest.raises(SourceFormatError, match=r"coded.csv: line 4: unknown CAMEO code"):
        analyst_events.read_file(path, codes)


@pytest.mark.parametrize(("header", "message"), [
    ("date,source,target,code,description,citation", r"missing \['cameo_code'\], unknown \['code'\]"),
    (HEADER + ",comment", r"unknown \['comment'\]"),
])
def test_bad_header_is_rejected(tmp_path, codes, header, message):
    with pytest.raises(SourceFormatError, match=rf"coded.csv: line 1: .*{message}"):
        analyst_events.read_file(_write(tmp_path, GOOD, header=header), codes)
