"""Adapters in ``analysis.sources`` against the raw published files.

Expected values come from the raw files themselves (read here with pyreadr / json /
sqlite3, independently of the adapters) or from facts written out below.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyreadr
import pytest

from analysis.core import countries
from analysis.sources import SourceFormatError, dgacm, voeten

LISTS = ("MS_in_favour", "MS_against", "MS_abstaining")
LIST_VOTE = {"MS_in_favour": "yes", "MS_against": "no", "MS_abstaining": "abstain"}


# --------------------------------------------------------------------------- raw readers (independent of the adapters)


def _read_rda(path: Path, name: str) -> pl.DataFrame:
    return pyreadr.read_r(str(path), output_format="polars")[name]


def _raw_json_records(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def raw_un_votes(raw_dir: Path) -> pl.DataFrame:
    return _read_rda(raw_dir / "unvotes" / "un_votes.rda", "un_votes").with_columns(
        pl.col("rcid").cast(pl.Int32), pl.col("vote").cast(pl.String)
    )


@pytest.fixture(scope="module")
def raw_un_roll_calls(raw_dir: Path) -> pl.DataFrame:
    return _read_rda(raw_dir / "unvotes" / "un_roll_calls.rda", "un_roll_calls").with_columns(
        pl.col("rcid").cast(pl.Int32)
    )


#: The five unvotes roll calls the build drops as exact copies of an earlier one (same symbol, date and every
#: state's vote; analysis.measures.record_fixes, shown on the raw file in tests/test_ga_audit.py).
DROPPED = [5740, 5798, 5919, 5938, 6006]


@pytest.fixture(scope="module")
def kept_un_votes(raw_un_votes: pl.DataFrame) -> pl.DataFrame:
    """The raw unvotes votes without the five dropped copies: what the build keeps."""
    return raw_un_votes.filter(~pl.col("rcid").is_in(DROPPED))


@pytest.fixture(scope="module")
def raw_voeten(raw_dir: Path) -> pl.DataFrame:
    return _read_rda(raw_dir / "voeten" / "UNVotesPublished.RData", "x")


@pytest.fixture(scope="module")
def dgacm_records(raw_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """(file name, record) for every record of every DGACM file, read with json only."""
    out = []
    for path in sorted((raw_dir / "unga-dgacm").glob("*.json")):
        out += [(path.name, rec) for rec in _raw_json_records(path)]
    return out


@pytest.fixture(scope="module")
def dgacm_data(raw_dir: Path) -> dgacm.DgacmData:
    return dgacm.read(raw_dir)


@pytest.fixture(scope="module")
def hrc_db(raw_dir: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(f"file:{raw_dir / 'hrc' / 'votes.sqlite3'}?mode=ro", uri=True)
    yield con
    con.close()


def _ga(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("body") == "GA")


def _votes_with_dates(built: dict[str, Any]) -> pl.DataFrame:
    return _ga(built["votes"]).join(_ga(built["roll_calls"]).select("rcid", "date"), on="rcid")


# --------------------------------------------------------------------------- unvotes


def test_unvotes_raw_files_have_the_published_counts(raw_un_roll_calls, raw_un_votes):
    assert raw_un_roll_calls.height == 6_203
    assert raw_un_votes.height == 870_109


def test_unvotes_row_counts_in_build(built, raw_un_votes):
    roll_calls = _ga(built["roll_calls"]).filter(pl.col("source") == "unvotes")
    votes = _ga(built["votes"]).filter(pl.col("source") == "unvotes")
    dropped = raw_un_votes.filter(pl.col("rcid").is_in(DROPPED)).height
    assert dropped == 174 + 187 + 150 + 151 + 188  # the five copies' votes
    assert roll_calls.height == 6_203 - 5
    assert votes.height == 870_109 - dropped
    assert set(votes["vote"].cast(pl.String).unique()) == {"yes", "abstain", "no"}


def test_unvotes_votes_per_roll_call_match_raw(built, kept_un_votes):
    """Every roll call kept keeps exactly the raw number of yes / abstain / no votes."""
    raw = kept_un_votes.group_by("rcid", "vote").len().sort("rcid", "vote")
    ours = (
        _ga(built["votes"])
        .filter(pl.col("source") == "unvotes")
        .with_columns(pl.col("vote").cast(pl.String))
        .group_by("rcid", "vote")
        .len()
        .sort("rcid", "vote")
    )
    assert raw.rows() == ours.rows()


@pytest.mark.parametrize(("iso2", "iso3"), [("CS", "CSK"), ("DD", "DDR"), ("YD", "YMD"), ("RU", "RUS")])
def test_unvotes_historical_iso2_codes(built, kept_un_votes, iso2, iso3):
    raw = kept_un_votes.filter(pl.col("country_code") == iso2).select("rcid", "vote")
    assert raw.height > 0
    ours = (
        _ga(built["votes"])
        .filter(pl.col("source") == "unvotes", pl.col("iso3") == iso3)
        .select("rcid", pl.col("vote").cast(pl.String))
    )
    assert sorted(raw.rows()) == sorted(ours.rows())


def test_ussr_votes_are_filed_under_russia(built, raw_un_votes, raw_un_roll_calls):
    """unvotes files the USSR as RU; its votes before the dissolution (25 Dec 1991) must be RUS."""
    ussr = (
        raw_un_votes.filter(pl.col("country_code") == "RU")
        .join(raw_un_roll_calls.select("rcid", "date"), on="rcid")
        .filter(pl.col("date") < dt.date(1991, 12, 25))
    )
    assert ussr.height > 3_000
    ours = _votes_with_dates(built).filter(pl.col("iso3") == "RUS", pl.col("date") < dt.date(1991, 12, 25))
    from_unvotes = ours.filter(pl.col("source") == "unvotes").select("rcid", pl.col("vote").cast(pl.String))
    assert sorted(from_unvotes.rows()) == sorted(ussr.select("rcid", "vote").rows())
    # Voeten's USSR absences (COW 365) are filed under RUS too, never on a roll call unvotes already has
    absences = ours.filter(pl.col("source") == "voeten")
    assert absences.height > 0 and set(absences["vote"]) == {"absent"}
    assert not set(absences["rcid"]) & set(ussr["rcid"])
    assert "SUN" not in set(built["votes"]["iso3"])


def test_federal_republic_of_germany_is_deu(built, kept_un_votes):
    frg = kept_un_votes.filter(pl.col("country") == "Federal Republic of Germany")
    assert frg.height > 0 and frg["country_code"].null_count() == frg.height
    ours = (
        _ga(built["votes"])
        .filter(pl.col("source") == "unvotes", pl.col("iso3") == "DEU")
        .select("rcid", pl.col("vote").cast(pl.String))
    )
    germany = kept_un_votes.filter(pl.col("country_code") == "DE").select("rcid", "vote")
    assert sorted(ours.rows()) == sorted(frg.select("rcid", "vote").rows() + germany.rows())


def test_zanzibar_and_yemen_arab_republic(built, raw_un_votes):
    ours = _ga(built["votes"]).filter(pl.col("source") == "unvotes")
    zanzibar = raw_un_votes.filter(pl.col("country") == "Zanzibar")
    assert sorted(zanzibar["rcid"]) == sorted(ours.filter(pl.col("iso3") == "ZAN")["rcid"])
    yar = set(raw_un_votes.filter(pl.col("country") == "Yemen Arab Republic")["rcid"])
    assert yar and yar <= set(ours.filter(pl.col("iso3") == "YEM")["rcid"])


def test_yugoslavia_code_depends_on_date(built, kept_un_votes, raw_un_roll_calls):
    """unvotes' YU: YUG before 2000-11-01, SCG until 2006-06-02, SRB from 2006-06-03."""
    yu = kept_un_votes.filter(pl.col("country_code") == "YU").join(raw_un_roll_calls.select("rcid", "date"), on="rcid")
    ours = _votes_with_dates(built).filter(pl.col("source") == "unvotes")
    periods = {
        "YUG": yu.filter(pl.col("date") < dt.date(2000, 11, 1)),
        "SCG": yu.filter(pl.col("date") >= dt.date(2000, 11, 1), pl.col("date") < dt.date(2006, 6, 3)),
        "SRB": yu.filter(pl.col("date") >= dt.date(2006, 6, 3)),
    }
    for iso3, rows in periods.items():
        assert rows.height > 0, iso3
        got = ours.filter(pl.col("iso3") == iso3).select("rcid", pl.col("vote").cast(pl.String))
        assert sorted(got.rows()) == sorted(rows.select("rcid", "vote").rows()), iso3
    assert not ours.filter(pl.col("iso3") == "YUG", pl.col("date") >= dt.date(2000, 11, 1)).height
    assert not ours.filter(pl.col("iso3") == "SRB", pl.col("date") < dt.date(2006, 6, 3)).height


def test_symbols_are_normalised(built, raw_un_roll_calls):
    rc = _ga(built["roll_calls"]).filter(pl.col("source") == "unvotes")
    assert rc.filter(pl.col("rcid") == 2868)["symbol"].to_list() == ["A/RES/40/141"]
    assert raw_un_roll_calls.filter(pl.col("rcid") == 2868)["unres"].to_list() == ["R/40/141"]
    raw_r = raw_un_roll_calls.filter(pl.col("unres").str.starts_with("R/") & ~pl.col("rcid").is_in(DROPPED)).select(
        "rcid", "unres")
    joined = raw_r.join(rc.select("rcid", "symbol"), on="rcid")
    assert joined.height == raw_r.height > 5_000
    expected = ["A/RES/" + u.strip()[2:] for u in joined["unres"]]
    assert joined["symbol"].to_list() == expected
    assert not rc.filter(pl.col("symbol").str.starts_with("R/")).height


def test_r_66_175_has_two_roll_calls(built):
    rc = _ga(built["roll_calls"]).filter(pl.col("symbol") == "A/RES/66/175").sort("rcid")
    assert rc["rcid"].to_list() == [5134, 5916]
    assert rc["doc_type"].to_list() == ["resolution", "motion"]
    assert rc["date"].to_list() == [dt.date(2011, 12, 19)] * 2


# --------------------------------------------------------------------------- Voeten status rows


def test_voeten_status_rows_only_absent_or_not_member(raw_dir):
    status = voeten.read_status_rows(raw_dir)
    assert set(status["vote"].cast(pl.String).unique()) == {"absent", "not_member"}
    assert status.select("rcid", "iso3").is_duplicated().sum() == 0


def test_voeten_rows_in_build(built, raw_voeten):
    ours = _ga(built["votes"]).filter(pl.col("source") == "voeten")
    assert set(ours["vote"].cast(pl.String).unique()) == {"absent", "not_member"}
    raw_counts = Counter(raw_voeten["vote"].to_list())
    # no two raw rows of one roll call map to one ISO3 code and unvotes never has a row for them
    assert ours.height == raw_counts[8] + raw_counts[9]
    assert ours.filter(pl.col("vote") == "absent").height == raw_counts[8]


@pytest.mark.parametrize(
    ("rcid", "ccode", "raw_code", "iso3", "vote", "symbol"),
    [
        (46, 770, 8, "PAK", "absent", "A/RES/2/299"),  # Pakistan absent, 4 Sep 1947
        (8, 630, 8, "IRN", "absent", "A/RES/1/297"),  # Iran absent, 5 Jan 1946
        (3, 31, 9, "BHS", "not_member", "A/RES/1/66"),  # the Bahamas were not a member in 1946
    ],
)
def test_voeten_known_rows(built, raw_voeten, rcid, ccode, raw_code, iso3, vote, symbol):
    raw = raw_voeten.filter(pl.col("rcid") == rcid, pl.col("ccode") == ccode)
    assert raw["vote"].to_list() == [raw_code]
    assert "R/" + symbol.removeprefix("A/RES/") == raw["unres"][0]
    ours = _ga(built["votes"]).filter(pl.col("rcid") == rcid, pl.col("iso3") == iso3)
    assert ours["vote"].cast(pl.String).to_list() == [vote]
    assert ours["source"].to_list() == ["voeten"]
    assert _ga(built["roll_calls"]).filter(pl.col("rcid") == rcid)["symbol"].to_list() == [symbol]


# --------------------------------------------------------------------------- DGACM


def test_dgacm_iran_resolution_78_220(built):
    rc = _ga(built["roll_calls"]).filter(pl.col("symbol") == "A/RES/78/220")
    assert rc.height == 1
    row = rc.row(0, named=True)
    assert row["title"] == "Situation of human rights in the Islamic Republic of Iran"
    assert row["date"] == dt.date(2023, 12, 19)
    assert row["year"] == 2023 and row["session"] == 78
    assert row["source"] == "dgacm" and row["hr"] is True
    votes = _ga(built["votes"]).filter(pl.col("rcid") == row["rcid"])
    counts = Counter(votes["vote"].cast(pl.String).to_list())
    assert counts == {"yes": 78, "no": 30, "abstain": 68}
    by_state = dict(zip(votes["iso3"], votes["vote"].cast(pl.String), strict=True))
    assert by_state["PAK"] == "no"
    assert by_state["IRN"] == "no"
    assert by_state["USA"] == "yes"


def test_dgacm_vote_counts_match_raw_lists(built, dgacm_records):
    """Each DGACM roll call has as many yes/no/abstain rows as distinct names in the raw lists.

    The lists also agree with the published counts, except A/RES/77/293, whose record
    publishes 59 abstentions but names only 58 states (a quirk of the raw file).
    """
    rc = _ga(built["roll_calls"]).filter(pl.col("source") == "dgacm")
    counts = (
        _ga(built["votes"])
        .join(rc.select("rcid", "symbol"), on="rcid")
        .with_columns(pl.col("vote").cast(pl.String))
        .group_by("symbol", "vote")
        .len()
    )
    ours = {(s, v): n for s, v, n in counts.iter_rows()}
    first: dict[str, dict[str, Any]] = {}
    for _, rec in dgacm_records:
        first.setdefault(rec["symbol"].strip(), rec)
    mismatched_published = set()
    for symbol in rc["symbol"]:
        rec = first[symbol]
        for key, vote in LIST_VOTE.items():
            names = set(rec.get(key) or [])
            assert ours.get((symbol, vote), 0) == len(names), (symbol, vote)
            if names and str(len(names)) != rec[f"{key}_count"].strip():
                mismatched_published.add((symbol, vote))
    assert mismatched_published == {("A/RES/77/293", "abstain")}


def test_every_dgacm_name_maps_to_iso3(dgacm_records):
    names = {n for _, rec in dgacm_records for key in LISTS for n in rec.get(key) or []}
    assert len(names) == 199  # 193 member states, six of them in two or more spellings
    mapping = countries.iso3_from_names(names)
    assert set(mapping) == names
    assert sorted(n for n, code in mapping.items() if not code) == []
    assert len(set(mapping.values())) == 193  # the UN has 193 member states
    facts = {
        "PAKISTAN": "PAK",
        "IRAN (ISLAMIC REPUBLIC OF)": "IRN",
        "NIGER": "NER",
        "NIGERIA": "NGA",
        "DOMINICA": "DMA",
        "DOMINICAN REPUBLIC": "DOM",
        "CONGO": "COG",
        "DEMOCRATIC REPUBLIC OF THE CONGO": "COD",
        "GUINEA": "GIN",
        "GUINEA-BISSAU": "GNB",
        "EQUATORIAL GUINEA": "GNQ",
        "PAPUA NEW GUINEA": "PNG",
        "SUDAN": "SDN",
        "SOUTH SUDAN": "SSD",
        "REPUBLIC OF KOREA": "KOR",
        "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA": "PRK",
        "NETHERLANDS (KINGDOM OF THE)": "NLD",
        "NETHERLANDS": "NLD",
        "COTE D'IVOIRE": "CIV",
        "CÔTE D'IVOIRE": "CIV",
        "TÜRKÝYE": "TUR",
        "TURKEY": "TUR",
        "TÜRKİYE": "TUR",
        "ESWATINI": "SWZ",
        "UNITED KINGDOM": "GBR",
        "UNITED STATES": "USA",
        "RUSSIAN FEDERATION": "RUS",
        "SERBIA": "SRB",
        "MICRONESIA (FEDERATED STATES OF)": "FSM",
        "SAINT VINCENT AND THE GRENADINES": "VCT",
        "VIET NAM": "VNM",
    }
    assert {n: mapping[n] for n in facts} == facts


def test_dgacm_repeated_records_are_collapsed(built, dgacm_records, dgacm_data):
    voted = Counter(rec["symbol"].strip() for _, rec in dgacm_records if any(rec.get(k) for k in LISTS))
    repeated = {s for s, n in voted.items() if n > 1}
    files_with_repeats = {f for f, rec in dgacm_records if rec["symbol"].strip() in repeated}
    assert len(repeated) >= 20 and {"79.json", "80.json"} <= files_with_repeats
    adapter_symbols = dgacm_data.roll_calls["symbol"]
    assert adapter_symbols.is_duplicated().sum() == 0
    assert set(adapter_symbols) == set(voted)
    built_dg = _ga(built["roll_calls"]).filter(pl.col("source") == "dgacm")
    assert built_dg["symbol"].is_duplicated().sum() == 0
    assert repeated <= set(built_dg["symbol"])


def test_dgacm_recorded_vote_without_lists_is_skipped(built, dgacm_records, dgacm_data):
    rec = next(r for f, r in dgacm_records if r["symbol"] == "A/RES/75/254 A-C" and f == "75.json")
    assert rec["adoption_type"] == "By a recorded vote"
    assert not any(rec.get(k) for k in LISTS)
    assert any("A/RES/75/254 A-C" in s and "75.json" in s for s in dgacm_data.skipped)
    assert any("A/RES/75/254 A-C" in note for note in built["report"].notes)
    assert "A/RES/75/254 A-C" not in set(built["roll_calls"]["symbol"].drop_nulls())


def test_dgacm_dates_match_raw(built, dgacm_records):
    def parse(text: str) -> dt.date:
        text = text.replace("\xa0", " ").strip()
        if text[:4].isdigit():
            return dt.date.fromisoformat(text[:10])
        return dt.datetime.strptime(text, "%d %B %Y").date()

    first: dict[str, dt.date] = {}
    for _, rec in dgacm_records:
        first.setdefault(rec["symbol"].strip(), parse(rec["adoption_date"]))
    rc = _ga(built["roll_calls"]).filter(pl.col("source") == "dgacm")
    assert rc.height > 600
    for symbol, date in rc.select("symbol", "date").iter_rows():
        assert date == first[symbol], symbol


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-10-10 00:00:00", "2019-10-10"),
        ("16 December 2020", "2020-12-16"),
        ("19\xa0December 2023", "2023-12-19"),
        ("9\xa0January 2024", "2024-01-09"),
        ("  2 March 2022 ", "2022-03-02"),
        ("2024-09-22", "2024-09-22"),
    ],
)
def test_parse_date(text, expected):
    assert dgacm.parse_date(text, "78.json: A/RES/78/1") == expected


@pytest.mark.parametrize("text", ["December 16th, 2020", "", "31 February 2021", "2019/10/10"])
def test_parse_date_unreadable_raises_naming_the_place(text):
    with pytest.raises(SourceFormatError) as err:
        dgacm.parse_date(text, "77.json: A/RES/77/999")
    assert "77.json: A/RES/77/999" in str(err.value)


def test_every_raw_adoption_date_parses(dgacm_records):
    for name, rec in dgacm_records:
        iso = dgacm.parse_date(rec["adoption_date"], f"{name}: {rec['symbol']}")
        assert dt.date(2019, 9, 1) <= dt.date.fromisoformat(iso) <= dt.date(2026, 12, 31)


def test_load_records_json_lines_and_single_object(tmp_path, raw_dir):
    records = [{"symbol": "A/RES/1/1", "title": "a"}, {"symbol": "A/RES/1/2", "title": "b"}]
    lines = tmp_path / "lines.json"
    lines.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    single = tmp_path / "single.json"
    single.write_text(json.dumps(records[0], indent=2), encoding="utf-8")
    array = tmp_path / "array.json"
    array.write_text(json.dumps(records), encoding="utf-8")
    assert dgacm.load_records(lines) == records
    assert dgacm.load_records(single) == [records[0]]
    assert dgacm.load_records(array) == records
    # the real files: S-32.json is one object, 74.json is JSON lines
    s32 = dgacm.load_records(raw_dir / "unga-dgacm" / "S-32.json")
    assert [r["symbol"] for r in s32] == ["A/RES/S-32/1"]
    raw74 = (raw_dir / "unga-dgacm" / "74.json").read_text(encoding="utf-8")
    n_lines = sum(1 for line in raw74.splitlines() if line.strip())
    assert len(dgacm.load_records(raw_dir / "unga-dgacm" / "74.json")) == n_lines == 266


def test_load_records_bad_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"symbol": "A/RES/1/1"}\n{"symbol": \n', encoding="utf-8")
    with pytest.raises(SourceFormatError) as err:
        dgacm.load_records(bad)
    assert "bad.json" in str(err.value) and "line 2" in str(err.value)


def _record(dgacm_records, symbol: str) -> dict[str, Any]:
    return json.loads(json.dumps(next(r for _, r in dgacm_records if r["symbol"] == symbol)))


def _write_raw(tmp_path: Path, records: list[dict[str, Any]], name: str = "78.json") -> Path:
    raw = tmp_path / "raw"
    (raw / "unga-dgacm").mkdir(parents=True)
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    (raw / "unga-dgacm" / name).write_text(text, encoding="utf-8")
    return raw


def test_dgacm_read_tiny_raw_dir(tmp_path, dgacm_records):
    rec = _record(dgacm_records, "A/RES/78/220")
    data = dgacm.read(_write_raw(tmp_path, [rec, rec]))  # an exact repeat is collapsed
    assert data.roll_calls["symbol"].to_list() == ["A/RES/78/220"]
    assert data.votes.height == 78 + 30 + 68
    assert data.skipped == []


def test_dgacm_unmapped_name_raises_naming_it(tmp_path, dgacm_records):
    rec = _record(dgacm_records, "A/RES/78/220")
    rec["MS_against"] = ["ATLANTIS" if n == "PAKISTAN" else n for n in rec["MS_against"]]
    assert "ATLANTIS" in rec["MS_against"]
    with pytest.raises(SourceFormatError) as err:
        dgacm.read(_write_raw(tmp_path, [rec]))
    assert "ATLANTIS" in str(err.value)
    assert "78.json" in str(err.value)


def test_dgacm_misencoded_repeat_is_collapsed(tmp_path, dgacm_records):
    """79.json holds A/RES/79/266 twice: once with 'TÜRKÝYE' (mis-encoded), once with 'TÜRKİYE'."""
    copies = [json.loads(json.dumps(r)) for f, r in dgacm_records if f == "79.json" and r["symbol"] == "A/RES/79/266"]
    assert len(copies) == 2
    spellings = [{n for k in LISTS for n in r.get(k) or [] if n.startswith("TÜRK")} for r in copies]
    assert sorted(map(sorted, spellings)) == [["TÜRKÝYE"], ["TÜRKİYE"]]
    data = dgacm.read(_write_raw(tmp_path, copies, "79.json"))
    assert data.roll_calls["symbol"].to_list() == ["A/RES/79/266"]
    assert data.votes.filter(pl.col("iso3") == "TUR").height == 1
    assert data.votes.height == len({n for k in LISTS for n in copies[1].get(k) or []})


def test_dgacm_conflicting_repeat_raises_naming_symbol(tmp_path, dgacm_records):
    rec = _record(dgacm_records, "A/RES/78/220")
    changed = json.loads(json.dumps(rec))
    changed["MS_against"].remove("PAKISTAN")
    changed["MS_in_favour"].append("PAKISTAN")
    with pytest.raises(SourceFormatError) as err:
        dgacm.read(_write_raw(tmp_path, [rec, changed]))
    assert "A/RES/78/220" in str(err.value)


# --------------------------------------------------------------------------- HRC


def test_hrc_raw_counts(hrc_db):
    assert hrc_db.execute("SELECT count(*) FROM resolutions").fetchone()[0] == 974
    assert hrc_db.execute("SELECT count(*) FROM votes").fetchone()[0] == 45_387


def test_every_sqlite_hrc_vote_is_in_the_build(built, hrc_db):
    """The sqlite file is the cross-check: each of its (symbol, date, state, vote) is in the primary's roll calls.

    NO_VOTE is absent; HRC rows come from the OHCHR harvest (source ohchr), none from the sqlite.
    """
    codes = {"YES": "yes", "NO": "no", "ABSTAIN": "abstain", "NO_VOTE": "absent"}
    raw = {
        (name.strip(), date.replace("/", "-"), iso3, codes[vote])
        for name, date, iso3, vote in hrc_db.execute(
            "SELECT v.resolution_name, r.vote_date, v.country_short, v.vote FROM votes v "
            "JOIN resolutions r ON r.name = v.resolution_name")
    }
    assert len(raw) == 45_387
    hrc_rc = built["roll_calls"].filter(pl.col("body") == "HRC").select("rcid", "symbol", "date")
    ours = (
        built["votes"].filter(pl.col("body") == "HRC").join(hrc_rc, on="rcid")
        .select("symbol", pl.col("date").cast(pl.String), "iso3", pl.col("vote").cast(pl.String))
    )
    assert raw <= set(ours.iter_rows())
    assert set(built["votes"].filter(pl.col("body") == "HRC")["source"]) == {"ohchr"}
    n_no_vote = hrc_db.execute("SELECT count(*) FROM votes WHERE vote = 'NO_VOTE'").fetchone()[0]
    assert n_no_vote > 0 and sum(1 for r in raw if r[3] == "absent") == n_no_vote
    assert "not_member" not in set(ours["vote"])


def test_pakistan_voted_no_on_every_hrc_iran_resolution(built, hrc_db):
    sql = """
        SELECT r.name, v.vote FROM resolutions r JOIN votes v ON v.resolution_name = r.name
        WHERE v.country_short = 'PAK'
          AND (r.summary LIKE 'Situation of human rights in the Islamic Republic of Iran%'
               OR r.summary LIKE 'Deteriorating situation of human rights in the Islamic Republic of Iran%')
    """
    expected = sorted(hrc_db.execute(sql).fetchall())
    assert len(expected) >= 10
    assert {vote for _, vote in expected} == {"NO"}
    hrc_rc = built["roll_calls"].filter(
        pl.col("body") == "HRC",
        pl.col("title").str.starts_with("Situation of human rights in the Islamic Republic of Iran")
        | pl.col("title").str.starts_with("Deteriorating situation of human rights in the Islamic Republic of Iran"),
    )
    pak = (
        built["votes"]
        .filter(pl.col("body") == "HRC", pl.col("iso3") == "PAK")
        .join(hrc_rc.select("rcid", "symbol"), on="rcid")
        .select("symbol", pl.col("vote").cast(pl.String))
        .sort("symbol")
    )
    # the harvest also holds A/HRC/RES/25/24 (28 March 2014), which the sqlite file lacks
    assert pak.rows() == sorted([(name, "no") for name, _ in expected] + [("A/HRC/RES/25/24", "no")])
    only = built["hrc_crosscheck"].filter(pl.col("kind") == "roll call only in ohchr")
    assert "A/HRC/RES/25/24" in set(only["symbol"])
