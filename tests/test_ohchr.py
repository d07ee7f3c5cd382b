"""The Commission on Human Rights and the Human Rights Council from the OHCHR harvest (issue 10).

Expected values come from the raw files (read here independently of the adapter, see
``tests/independent.py``) or are written out from the published records, e.g. the
official tally of A/HRC/RES/S-39/1 (25-7-14) and GA resolution 60/251's seats per group.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from analysis.core import manifest
from analysis.measures import memberships
from analysis.sources import SourceFormatError, ohchr
from tests.independent import ohchr_data, ohchr_state_votes
from tests.mini import MINI_RAW

HARVEST_CODES = {"Y": "yes", "N": "no", "A": "abstain", ".": "absent", "-": "absent"}


def _rc(built, body: str, symbol: str) -> dict:
    rows = built["roll_calls"].filter((pl.col("body") == body) & (pl.col("symbol") == symbol))
    assert rows.height == 1, (symbol, rows.height)
    return rows.row(0, named=True)


def _votes(built, rc: dict) -> dict[str, str]:
    rows = built["votes"].filter((pl.col("body") == rc["body"]) & (pl.col("rcid") == rc["rcid"]))
    return dict(zip(rows["iso3"], rows["vote"].cast(pl.String), strict=True))


# --------------------------------------------------------------------------- the story's vote


def test_s39_january_2026_vote_on_iran(built):
    rc = _rc(built, "HRC", "A/HRC/RES/S-39/1")
    assert rc["date"] == dt.date(2026, 1, 23)
    assert (rc["official_yes"], rc["official_no"], rc["official_abstain"]) == (25, 7, 14)
    assert (rc["counted_yes"], rc["counted_no"], rc["counted_abstain"], rc["counted_absent"]) == (25, 7, 14, 1)
    assert rc["tally_mismatch"] is False
    assert (rc["n_listed"], rc["official_total"]) == (47, 47)
    assert rc["session"] is None and rc["session_label"] == "S-39"  # the 39th special session
    assert rc["outcome"] == "adopted"
    assert rc["draft_symbol"] == "A/HRC/S-39/L.1"
    assert rc["record_url"] == "https://searchlibrary.ohchr.org/record/35192"
    assert rc["rcid"] == 35192 and rc["source"] == "ohchr"
    votes = _votes(built, rc)
    assert {s: votes[s] for s in ("PAK", "IND", "CHN")} == {"PAK": "no", "IND": "no", "CHN": "no"}
    assert votes["MUS"] == "absent"
    assert "RUS" not in votes and "IRN" not in votes  # not members: no row
    assert memberships.member_status(built["memberships"], "HRC", "RUS", 2026) is False
    assert memberships.member_status(built["memberships"], "HRC", "PAK", 2026) is True


def test_58_21_april_2025_iran_pakistan_not_a_member(built):
    rc = _rc(built, "HRC", "A/HRC/RES/58/21")
    assert rc["date"] == dt.date(2025, 4, 3)
    assert (rc["official_yes"], rc["official_no"], rc["official_abstain"]) == (24, 8, 15)
    assert rc["tally_mismatch"] is False and rc["n_listed"] == 47
    assert "PAK" not in _votes(built, rc)
    assert memberships.member_status(built["memberships"], "HRC", "PAK", 2025) is False
    from analysis.measures.resolutions import naming_resolutions

    table = naming_resolutions(built["roll_calls"], built["votes"], built["countries"], "PAK", "IRN", start_year=2025,
                               end_year=2025, bodies=("HRC",))
    assert table.select("symbol", "vote_a", "vote_b", "official_yes").rows() == [
        ("A/HRC/RES/58/21", "not a member", "not a member", 24)]


def test_every_hrc_record_lists_its_members_and_says_when_a_seat_was_vacant(built):
    hrc = built["roll_calls"].filter((pl.col("body") == "HRC") & (pl.col("n_listed") > 0))
    assert hrc.height == 1038
    full = hrc.filter(pl.col("n_listed") == 47)
    short = hrc.filter(pl.col("n_listed") != 47)
    assert full.height == 1024 and set(full["official_total"].to_list()) == {47}
    # 13 records of July 2018 and July 2022 list 46: the source's own total is 46 (a seat was vacant)
    vacant = short.filter(pl.col("official_total") == 46)
    assert vacant.height == 13 and set(vacant["n_listed"].to_list()) == {46}
    assert all("a seat was vacant (the source's total is 46)" in n for n in vacant["note"].to_list())
    # one record lists 46 of 47: Benin twice, one member missing; the note says so
    odd = short.filter(pl.col("official_total") == 47)
    assert odd["symbol"].to_list() == ["A/HRC/51/L.43"]
    assert "46 members listed but the source's total is 47" in odd["note"][0]
    # the 9 recorded votes without a per-state list carry no votes and say why
    empty = built["roll_calls"].filter(pl.col("body").is_in(["HRC", "CHR"]) & (pl.col("n_listed") == 0))
    assert empty.height == 9
    assert set(empty["note"].to_list()) == {"the source has no per-state list for this recorded vote"}


def test_chr_iran_1984_read_end_to_end(built, raw_dir):
    """E/CN.4/RES/1984/54, 'Human rights situation in the Islamic Republic of Iran', from the raw files."""
    rc = _rc(built, "CHR", "E/CN.4/RES/1984/54")
    assert rc["title"] == "Human rights situation in the Islamic Republic of Iran"
    assert (rc["date"], rc["year"], rc["session"], rc["session_label"]) == (dt.date(1984, 3, 14), 1984, 40, "40")
    assert (rc["official_yes"], rc["official_no"], rc["official_abstain"], rc["official_total"]) == (21, 6, 15, 43)
    assert (rc["counted_yes"], rc["counted_no"], rc["counted_abstain"], rc["counted_absent"]) == (21, 6, 15, 1)
    assert rc["outcome"] == "adopted" and rc["doc_type"] == "resolution" and rc["hr"] is True
    raw = {iso: HARVEST_CODES[c] for iso, c in ohchr_state_votes(raw_dir, "E/CN.4/RES/1984/54").items()}
    assert len(raw) == 43
    # the harvest's historical codes: SUN counted as Russia, GER (FRG) as Germany
    expected = {{"SUN": "RUS", "GER": "DEU"}.get(k, k): v for k, v in raw.items()}
    assert _votes(built, rc) == expected
    assert expected["PAK"] == "no" and expected["RUS"] == "yes" and expected["DEU"] == "yes"
    assert expected["MRT"] == "absent" and "IRN" not in expected
    from analysis.measures.resolutions import naming_resolutions

    table = naming_resolutions(built["roll_calls"], built["votes"], built["countries"], "PAK", "IRN",
                               start_year=1984, end_year=1984, bodies=("CHR",))
    assert table.select("symbol", "yes", "no", "abstain", "official_yes", "vote_a", "vote_b").rows() == [
        ("E/CN.4/RES/1984/54", 21, 6, 15, 21, "no", "not a member")]


# --------------------------------------------------------------------------- tallies


def test_official_tallies_and_mismatches(built, raw_dir):
    rc = built["roll_calls"]
    sudan = _rc(built, "HRC", "A/HRC/RES/60/3")
    assert (sudan["official_yes"], sudan["official_no"], sudan["official_abstain"]) == (24, 11, 12)
    assert (sudan["counted_yes"], sudan["counted_no"], sudan["counted_abstain"]) == (22, 11, 14)
    assert sudan["tally_mismatch"] is True
    assert sudan["note"] == "official tally 24-11-12 but the per-state list gives 22-11-14"
    # the harvest's own count of mismatches is 148 (its meta "mismatched"); the build finds two more:
    # the records where the harvest lists a state twice (Benin, Peru), which it counted twice
    data = ohchr_data(raw_dir)
    assert data["meta"]["coverage"]["mismatched"] == 148
    flagged = rc.filter(pl.col("body").is_in(["HRC", "CHR"]) & pl.col("tally_mismatch"))
    assert flagged.height == 150
    assert set(flagged.filter(pl.col("body") == "HRC")["symbol"]) >= {"A/HRC/RES/60/3", "A/HRC/51/L.43"}
    assert "E/CN.4/RES/1999/S-4/1" in set(flagged["symbol"])
    notes = "\n".join(built["report"].notes)
    assert "tallies HRC: 1,038 of 1,046 roll calls have an official tally and a per-state list; 131 disagree" in notes
    assert "tallies CHR: 667 of 668 roll calls have an official tally and a per-state list; 19 disagree" in notes
    # the GA's official counts come from DGACM: A/RES/77/293 gives 59 abstentions but names 58 states
    ga = _rc(built, "GA", "A/RES/77/293")
    assert (ga["official_abstain"], ga["counted_abstain"], ga["tally_mismatch"]) == (59, 58, True)
    assert built["roll_calls"].filter((pl.col("source") == "dgacm") & pl.col("official_yes").is_null()).height == 0
    assert built["roll_calls"].filter(pl.col("source") == "unvotes")["official_yes"].null_count() == 6203 - 5


def test_outcome_agrees_with_the_sqlite_passed_flag(built, raw_dir):
    with sqlite3.connect(f"file:{raw_dir / 'hrc' / 'votes.sqlite3'}?mode=ro", uri=True) as con:
        passed = {(name.strip(), date.replace("/", "-")): flag
                  for name, date, flag in con.execute("SELECT name, vote_date, passed FROM resolutions")}
    hrc = built["roll_calls"].filter((pl.col("body") == "HRC") & pl.col("outcome").is_not_null())
    compared = 0
    for symbol, date, outcome in hrc.select("symbol", "date", "outcome").iter_rows():
        flag = passed.get((symbol, date.isoformat()))
        if flag is None:
            continue
        compared += 1
        if symbol in ("A/HRC/RES/56/18", "A/HRC/RES/56/20", "A/HRC/RES/56/21"):
            continue  # adopted resolutions the sqlite marks passed=0 (it has no votes for them either)
        assert (outcome == "adopted") == bool(flag), (symbol, date, outcome, flag)
    # 974 sqlite roll calls, less 5 of unknown outcome, plus 2 second records under one symbol and date
    assert compared == 971
    # without a verb in the statement and without a per-state list, the outcome is left unknown
    unknown = built["roll_calls"].filter(pl.col("body").is_in(["HRC", "CHR"]) & pl.col("outcome").is_null())
    assert sorted(unknown["symbol"]) == ["A/HRC/15/L.35", "A/HRC/18/L.33", "A/HRC/19/L.42", "A/HRC/29/L.39",
                                         "A/HRC/50/L.40"]
    rejected = built["roll_calls"].filter(pl.col("symbol") == "A/HRC/59/L.1/Rev.1")
    assert rejected["outcome"].to_list() == ["not adopted"]  # "rejected by the Human Rights Council"


# --------------------------------------------------------------------------- one HRC, not two


def test_hrc_has_one_source_and_nothing_counted_twice(built):
    rc, votes = built["roll_calls"], built["votes"]
    assert set(rc.filter(pl.col("body").is_in(["HRC", "CHR"]))["source"]) == {"ohchr"}
    assert set(votes.filter(pl.col("body").is_in(["HRC", "CHR"]))["source"]) == {"ohchr"}
    assert rc.filter(pl.col("body") == "HRC").height == 1046 and rc.filter(pl.col("body") == "CHR").height == 668
    assert votes.filter(pl.col("body") == "HRC").height == 48_772
    assert votes.filter(pl.col("body") == "CHR").height == 31_384
    # a text with a roll call is not also in the table of resolutions without one (by OHCHR record, and by
    # symbol, date and title: early CHR symbols such as E/CN.4/RES(I) name a whole session's texts)
    without = built["resolutions_without_roll_call"]
    records = set(rc.filter(pl.col("source") == "ohchr")["rcid"].cast(pl.String))
    assert not records & set(without.filter(pl.col("source") == "ohchr")["record_id"])
    assert rc.join(without, on=["body", "symbol", "date", "title"], how="semi").height == 0
    assert without.filter(pl.col("source") == "ohchr").height == 6346 - 1714


def test_the_two_hrc_sources_agree(built):
    """sqlite (2006-2024) against the primary harvest, state-vote by state-vote; fails if they drift."""
    assert "45,387 of 45,387 shared state-votes agree (100.000%)" in "\n".join(built["report"].notes)
    diff = built["hrc_crosscheck"]
    votes = diff.filter(pl.col("iso3").is_not_null())
    assert votes.select("kind", "symbol", "date", "iso3", pl.col("vote_ohchr").cast(pl.String),
                        pl.col("vote_sqlite").cast(pl.String)).rows() == [
        ("listed only in ohchr", "A/HRC/26/L.34", dt.date(2014, 6, 24), "VEN", "absent", None)]
    assert diff.filter(pl.col("kind") == "roll call only in sqlite").height == 0
    # the harvest holds 17 recorded votes in the sqlite's dates that the sqlite lacks, e.g. the second of two
    # amendments filed under one symbol on one day (A/HRC/32/L.54), and the 7 July / 8 July A/HRC/50/L.25
    only = diff.filter(pl.col("kind") == "roll call only in ohchr")
    assert only.height == 17
    assert {("A/HRC/32/L.54", 31021), ("A/HRC/50/L.25", 30625)} <= set(only.select("symbol", "rcid").rows())


def test_symbol_only_matching_explains_the_issues_eight_differences(raw_dir):
    """Matched on symbol alone, A/HRC/50/L.25 (two amendments of 7 and 8 July 2022) looks like a disagreement."""
    data = ohchr_data(raw_dir)
    first: dict[str, int] = {}
    for i, r in enumerate(data["res"]):
        first.setdefault(r["sym"].strip(), i)
    harvest = {(i, iso): HARVEST_CODES[c] for iso, v in data["votes"].items() for i, c in zip(v["r"], v["v"],
                                                                                                 strict=True)}
    code = {"YES": "yes", "NO": "no", "ABSTAIN": "abstain", "NO_VOTE": "absent"}
    with sqlite3.connect(f"file:{raw_dir / 'hrc' / 'votes.sqlite3'}?mode=ro", uri=True) as con:
        rows = con.execute("SELECT resolution_name, country_short, vote FROM votes").fetchall()
    shared = [(s, iso, code[v], harvest[(first[s.strip()], iso)]) for s, iso, v in rows
              if (first.get(s.strip()), iso) in harvest]
    differ = {s for s, _, a, b in shared if a != b}
    assert len(shared) == 45_387 and differ == {"A/HRC/50/L.25"}


# --------------------------------------------------------------------------- membership and groups


def test_memberships(built):
    m = built["memberships"]
    assert memberships.member_years(m, "HRC", "PAK") == [2006, 2007, 2008, 2009, 2010, 2011, 2013, 2014, 2015,
                                                          2018, 2019, 2020, 2021, 2022, 2023, 2026]
    assert memberships.member_years(m, "HRC", "IRN") == []
    assert memberships.member_status(m, "HRC", "PAK", 2027) is None  # after the data: unknown
    assert memberships.member_status(m, "CHR", "PAK", 1953) is None  # no recorded vote that year
    assert memberships.covered_years(m, "HRC") == list(range(2006, 2027))
    assert len(memberships.covered_years(m, "CHR")) == 47
    # Russia was suspended from the Council on 7 April 2022: listed on part of 2022's votes only
    rus = m.filter((pl.col("body") == "HRC") & (pl.col("iso3") == "RUS") & (pl.col("year") == 2022)).row(0, named=True)
    assert rus["n_listed"] < rus["n_roll_calls"] and rus["last_listed"] < dt.date(2022, 4, 8)
    # every member listed in 2026 sat at every 2026 vote
    y2026 = m.filter((pl.col("body") == "HRC") & (pl.col("year") == 2026))
    assert y2026.height == 47 and (y2026["n_listed"] == y2026["n_roll_calls"]).all()
    assert memberships.spans([2006, 2007, 2008, 2013, 2015, 2016]) == "2006–2008, 2013, 2015–2016"


def test_regional_groups_on_the_2026_council(built):
    """GA resolution 60/251: 13 African, 13 Asia-Pacific, 6 Eastern European, 8 GRULAC and 7 WEOG seats."""
    countries = built["countries"]
    assert countries.filter(pl.col("iso3") == "PAK").select("un_group", "un_group_source").row(0) == (
        "ASIA_PACIFIC", "OHCHR voting harvest (lszoszk/hrc-voting, data.js countries list)")
    assert countries.filter(pl.col("iso3").is_in(["RUS", "DEU"]))["un_group"].to_list() == ["WEOG", "EEG"]
    rc = _rc(built, "HRC", "A/HRC/RES/S-39/1")
    listed = pl.DataFrame({"iso3": list(_votes(built, rc))}).join(countries, on="iso3")
    counts = dict(listed.group_by("un_group").len().iter_rows())
    assert counts == {"AFRICAN": 13, "ASIA_PACIFIC": 13, "EEG": 6, "GRULAC": 8, "WEOG": 7}


def test_resolutions_without_roll_call(built, raw_dir):
    without = built["resolutions_without_roll_call"]
    csv = pl.read_csv(raw_dir / "ohchr-voting" / "resolutions.csv", infer_schema_length=0)
    expected = dict(csv.filter(~pl.col("vote_type").str.starts_with("RECORDED")).group_by("vote_type").len()
                    .iter_rows())
    got = dict(without.filter(pl.col("source") == "ohchr").group_by("adoption").len().iter_rows())
    assert got == {ohchr.ADOPTION[k]: v for k, v in expected.items()}
    assert got["adopted without a vote"] == 3835
    ga = without.filter(pl.col("body") == "GA")
    assert ga.height == 1458 and set(ga["adoption"]) == {"adopted without a vote"}
    assert ga["symbol"].is_duplicated().sum() == 0


# --------------------------------------------------------------------------- bad input


def _raw_with(raw_dir: Path, tmp_path: Path, data_js: str) -> Path:
    """A raw folder whose data.js is ``data_js`` (manifest updated), every other file linked to the real one."""
    raw = tmp_path / "raw"
    for path in raw_dir.rglob("*"):
        if path.is_file():
            target = raw / path.relative_to(raw_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.name == "data.js" or path.parent.name == "datasets":
                continue
            target.symlink_to(path)
    js = raw / "ohchr-voting" / "data.js"
    js.write_text(data_js, encoding="utf-8")
    shutil.copytree(raw_dir / "datasets", raw / "datasets", dirs_exist_ok=True)
    declaration = raw / "datasets" / "ohchr-voting.toml"
    old = manifest.sha256_of(raw_dir / "ohchr-voting" / "data.js")
    declaration.write_text(declaration.read_text(encoding="utf-8").replace(old, manifest.sha256_of(js)),
                           encoding="utf-8")
    return raw


def _with_code(raw_dir: Path, state: str, symbol: str, code: str) -> str:
    text = (raw_dir / "ohchr-voting" / "data.js").read_text(encoding="utf-8")
    data = ohchr_data(raw_dir)
    index = next(i for i, r in enumerate(data["res"]) if r["sym"] == symbol)
    entry = data["votes"][state]
    position = entry["r"].index(index)
    letters = entry["v"][:position] + code + entry["v"][position + 1:]
    return text.replace(json.dumps(entry["v"]), json.dumps(letters), 1)


def test_unknown_code_stops_the_build_naming_symbol_and_state(tmp_path):
    """On the unit tests' cut of the harvest (tests/fixtures/mini-raw: HRC 2014, CHR 2005), so the build is small."""
    raw = _raw_with(MINI_RAW, tmp_path, _with_code(MINI_RAW, "PAK", "A/HRC/RES/25/28", "X"))
    with pytest.raises(SourceFormatError, match=r"A/HRC/RES/25/28 \(record 35463\): state PAK: unknown vote code "
                                                r"'X'"):
        ohchr.read(raw)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "analysis", "build"], capture_output=True, text=True,
                            env={**_env(), "UNALIGN_RAW_DIR": str(raw), "UNALIGN_PROCESSED_DIR": str(out)})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "state PAK: unknown vote code 'X'" in result.stderr
    assert not list(out.glob("*.parquet"))  # nothing written (the folder may hold the build lock)


def test_a_state_listed_twice_with_two_codes_stops_the_adapter(raw_dir, tmp_path):
    data = ohchr_data(raw_dir)
    index = next(i for i, r in enumerate(data["res"]) if r["sym"] == "A/HRC/RES/S-39/1")
    data["votes"]["PAK"]["r"].append(index)
    data["votes"]["PAK"]["v"] += "Y"
    raw = _raw_with(raw_dir, tmp_path, "window.DATA = " + json.dumps(data) + ";\n")
    with pytest.raises(SourceFormatError, match=r"A/HRC/RES/S-39/1 \(record 35192\): state PAK is listed twice "
                                                r"with different codes"):
        ohchr.read(raw)


def test_data_js_without_its_prefix_is_refused(raw_dir, tmp_path):
    raw = _raw_with(raw_dir, tmp_path, "{}")
    with pytest.raises(SourceFormatError, match="does not start with 'window.DATA ='"):
        ohchr.read(raw)


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("UNALIGN_")}


# --------------------------------------------------------------------------- the CLI


def test_cli_alignment_body_chr(built):
    result = subprocess.run([sys.executable, "-m", "analysis", "alignment", "--a", "PAK", "--b", "IND", "--body",
                             "CHR", "--from", "1984", "--to", "1984"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "year,n_joint,agreement,kappa,pi,s_score"
    # by hand from the per-state rows of 1984's 20 CHR recorded votes
    rc = built["roll_calls"].filter((pl.col("body") == "CHR") & (pl.col("year") == 1984)).select("rcid")
    v = built["votes"].filter(pl.col("body") == "CHR").join(rc, on="rcid")
    pak = dict(v.filter(pl.col("iso3") == "PAK").select("rcid", "vote").iter_rows())
    ind = dict(v.filter(pl.col("iso3") == "IND").select("rcid", "vote").iter_rows())
    level = {"yes": 1, "abstain": 2, "no": 3}
    joint = [(level[pak[r]], level[ind[r]]) for r in pak if r in ind and pak[r] in level and ind[r] in level]
    agreement = 1 - sum(abs(x - y) / 2 for x, y in joint) / len(joint)
    year, n, agree, *_ = lines[1].split(",")
    assert (int(year), int(n)) == (1984, len(joint))
    assert float(agree) == pytest.approx(agreement, abs=1e-12)


def test_copied_raw_files_carry_the_published_checksums(raw_dir):
    """The manifest records the sha256 the publisher's copy has (../shared/data/README.md); the build checks it."""
    entries = {e.path: e.sha256 for e in manifest.load(raw_dir) if e.source == "ohchr-voting"}
    assert entries == {
        "ohchr-voting/resolutions.csv": "7cc5a2b401d91ef19fdaf676015213649d197593ad86aaf1a6e5b7e346eb1995",
        "ohchr-voting/data.js": "204b40dfef2651a91d2ba4665384deec8b9db0a2012cd52085134e2c6cb07c49",
        "ohchr-voting/LICENSE": "d6cc5f22c5e01ff4002adcc9b4e65c82f10f30a52452cb1a64abe6f9c55fb8bb",
    }
    assert "PolyForm Noncommercial" in (raw_dir / "ohchr-voting" / "LICENSE").read_text(encoding="utf-8")
