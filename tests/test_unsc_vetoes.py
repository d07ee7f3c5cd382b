"""The Security Council veto list (``analysis.sources.unsc_vetoes``), checked against the real file.

Expected values are read off ``data/raw/unsc-vetoes/unsc_vetoes_1946_sept2022.csv`` with Python's
csv module here, or quoted from its rows (row n = the n-th row after the header).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from analysis.core import manifest
from analysis.measures import memberships, security_council
from analysis.schemas import SCHEMAS, conform
from analysis.sources import SourceFormatError, unsc_vetoes

FILE = "unsc-vetoes/unsc_vetoes_1946_sept2022.csv"


@pytest.fixture(scope="module")
def path(raw_dir: Path) -> Path:
    [csv_path] = [p for p in manifest.files_of("unsc-vetoes", raw_dir) if p.suffix == ".csv"]
    assert csv_path == raw_dir / FILE
    return csv_path


@pytest.fixture(scope="module")
def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def vetoes(path: Path) -> unsc_vetoes.Vetoes:
    return unsc_vetoes.parse(path)


def _one(vetoes: unsc_vetoes.Vetoes, draft: str) -> dict:
    [row] = vetoes.roll_calls.filter(pl.col("draft_symbol") == draft).iter_rows(named=True)
    return row


def test_one_roll_call_per_row_and_one_no_per_vetoing_member(vetoes, rows):
    assert len(rows) == 214  # the data README's row count
    assert vetoes.roll_calls.height == len(rows)
    named = sum(1 for r in rows for k in (1, 2, 3) if r[f"member_veto{k}"].strip())
    assert vetoes.votes.height == named == 265
    assert vetoes.roll_calls["rcid"].n_unique() == len(rows)
    assert set(vetoes.votes["vote"].cast(pl.String)) == {"no"} and vetoes.votes["permanent"].all()
    rc = vetoes.roll_calls
    assert set(rc["outcome"]) == {"vetoed"} and set(rc["body"]) == {"SC"} and set(rc["source"]) == {"unsc-vetoes"}
    assert not rc["lists_members"].any()  # the other members' votes are unknown
    assert (rc["date"].min(), rc["date"].max()) == (dt.date(1946, 2, 16), dt.date(2022, 7, 8))
    # rows whose draft field is a meeting record (S/PV...) have no draft symbol
    assert rc.filter(pl.col("draft_symbol").is_null()).height == sum(r["draft"].startswith("S/PV") for r in rows) == 23


def test_s_2019_756_vetoed_by_russia_and_china(vetoes, rows):
    [raw] = [r for r in rows if r["draft"] == "S/2019/756"]
    assert (raw["date"], raw["member_veto1"], raw["member_veto2"], raw["meeting_record"]) == (
        "9/19/2019", "Russia", "China", "S/PV.8623")
    r = _one(vetoes, "S/2019/756")
    assert (r["date"], r["vetoed_by"], r["record_url"]) == (dt.date(2019, 9, 19), "CHN,RUS",
                                                            "https://undocs.org/S/PV.8623")
    assert r["title"].startswith("The situation in the Middle East") and r["me"]
    assert r["lists_members"] is False and "unknown, not absent" in r["note"]
    votes = vetoes.votes.filter(pl.col("rcid") == r["rcid"])
    assert votes.select("iso3", pl.col("vote").cast(pl.String)).rows() == [("CHN", "no"), ("RUS", "no")]


def test_the_ussr_is_coded_as_russia_and_the_rows_without_a_draft_symbol(vetoes, rows):
    assert (rows[0]["date"], rows[0]["draft"], rows[0]["member_veto1"]) == ("2/16/1946", "S/PV.23", "USSR")
    first = vetoes.roll_calls.sort("rcid").row(0, named=True)
    assert (first["date"], first["draft_symbol"], first["vetoed_by"]) == (dt.date(1946, 2, 16), None, "RUS")
    assert "no draft symbol in the list (it gives 'S/PV.23')" in first["note"]
    # 26 June 1946: three vetoes at one meeting (S/PV.49), three roll calls
    day = vetoes.roll_calls.filter(pl.col("date") == dt.date(1946, 6, 26))
    assert sorted(day["rcid"]) == [194606260, 194606261, 194606262]
    # China after 25 October 1971 is the PRC: Bangladesh's admission, 25 August 1972 (S/10771)
    assert _one(vetoes, "S/10771")["vetoed_by"] == "CHN"


def test_the_per_member_columns_that_disagree_are_shown_not_picked_silently(vetoes, rows):
    names = {"China", "France", "Russia", "USSR", "USA", "UK"}
    disagree = [r for r in rows
                if {r[f"member_veto{k}"] for k in (1, 2, 3)} - {""} != {n for n in names if r[n] == "1"}]
    assert len(disagree) == 26
    # S/12211 (Namibia, 19 October 1976): member_veto1..3 name France, the UK and the USA; the 0/1 columns leave
    # out France
    r = _one(vetoes, "S/12211")
    assert r["date"] == dt.date(1976, 10, 19) and r["vetoed_by"] == "FRA,GBR,USA"
    assert "member_veto1..3 name FRA, GBR, USA, the per-member 0/1 columns mark GBR, USA" in r["note"]
    assert any("on 26 rows the per-member 0/1 columns disagree" in n for n in vetoes.notes)


@pytest.mark.parametrize(("draft", "symbol"), [
    ("S/3713/Rev.1 (as amended)", "S/3713/Rev.1"), ("S/471 and S/471/Add.1", "S/471"), ("S/552, S/PV.202", "S/552"),
    ("S/15255/Rev.2(as corrected)", "S/15255/Rev.2"), ("S/PV.49", None), ("S/2022/538", "S/2022/538"),
])
def test_draft_symbols(draft, symbol):
    assert unsc_vetoes.draft_symbol(draft) == symbol


def _edited(tmp_path: Path, path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / path.name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


@pytest.mark.parametrize(("old", "new", "message"), [
    ("1946,2/16/1946,2,S/PV.23", "1946,1946-02-16,2,S/PV.23", r"row 1 \(draft 'S/PV.23'\): date '1946-02-16' is not "
                                                               r"M/D/YYYY"),
    ("1946,2/16/1946,2,S/PV.23", "1947,2/16/1946,2,S/PV.23", r"row 1 .*year '1947' differs"),
    ("Lebanon,Middle East,USSR,", "Lebanon,Middle East,Soviet Union,", r"row 1 .*vetoing member 'Soviet Union'"),
    ("Lebanon,Middle East,USSR,", "Lebanon,Middle East,,", r"row 1 .*no vetoing member"),
    ("S/2022/538,S/PV.9087,The situation in the Middle East,Syria,Middle East,Russia",
     "S/2022/538,S/PV.9087,The situation in the Middle East,Syria,Middle East,USSR", r"row 214 .*USSR vetoing on "
                                                                                     r"2022-07-08"),
])
def test_bad_rows_name_the_file_and_row(tmp_path, path, old, new, message):
    bad = _edited(tmp_path, path, old, new)
    with pytest.raises(SourceFormatError, match=message) as info:
        unsc_vetoes.parse(bad)
    assert str(bad) in str(info.value)


def test_a_missing_column_names_the_file(tmp_path, path):
    bad = _edited(tmp_path, path, "member_veto1,", "vetoer1,")
    with pytest.raises(SourceFormatError, match=r"missing columns \['member_veto1'\]") as info:
        unsc_vetoes.parse(bad)
    assert str(bad) in str(info.value)


def test_china_before_october_1971_is_the_republic_of_china(tmp_path, path):
    edited = _edited(tmp_path, path, "Lebanon,Middle East,USSR,", "Lebanon,Middle East,China,")
    assert unsc_vetoes.parse(edited).roll_calls.sort("rcid")["vetoed_by"][0] == "TWN"


def _existing(draft: str, vetoed_by: str | None, outcome: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One SC roll call another source holds (rcid 20000001), with 15 members' votes."""
    rc = conform(pl.DataFrame({
        "body": ["SC"], "rcid": [20_000_001], "session": [None], "date": [dt.date(2019, 9, 19)], "year": [2019],
        "symbol": [None], "title": ["t"], **{f: [False] for f in ("me", "nu", "di", "hr", "co", "ec")},
        "important": [None], "amend": [False], "para": [False], "doc_type": ["resolution"], "draft_symbol": [draft],
        "outcome": [outcome], "vetoed_by": [vetoed_by], "official_yes": [12], "official_no": [2],
        "official_abstain": [1], "note": [None], "source": ["undl-csv"]}), "roll_calls")
    states = ["CHN", "RUS", "USA", "GBR", "FRA", "BEL", "CIV", "DOM", "GNQ", "DEU", "IDN", "KWT", "PER", "POL", "ZAF"]
    votes = conform(pl.DataFrame({"body": ["SC"] * 15, "rcid": [20_000_001] * 15, "iso3": states,
                                  "vote": ["no", "no"] + ["yes"] * 12 + ["abstain"], "permanent": [None] * 15,
                                  "source": ["undl-csv"] * 15}), "votes")
    return rc, votes


def test_a_draft_already_held_is_matched_not_doubled(vetoes):
    rc, votes = _existing("S/2019/756", "CHN,RUS", "vetoed")
    out_rc, out_votes, notes = security_council.merge_veto_list(vetoes, rc, votes)
    assert out_rc.height == 1 + 213 and out_votes.height == 15 + 263
    assert out_rc.filter(pl.col("draft_symbol") == "S/2019/756")["rcid"].to_list() == [20_000_001]
    [note] = out_rc.filter(pl.col("rcid") == 20_000_001)["note"].to_list()
    assert note.endswith("says S/2019/756 was vetoed by CHN,RUS on 2019-09-19: agrees")
    assert any("1 matched to a roll call already held (same draft symbol; 0 disagreeing), 213 added" in n
               for n in notes)
    assert out_rc.schema == pl.Schema(SCHEMAS["roll_calls"])


def test_a_disagreement_keeps_both_facts_and_says_so(vetoes):
    rc, votes = _existing("S/2019/756", "RUS", "vetoed")
    out_rc, _, notes = security_council.merge_veto_list(vetoes, rc, votes)
    row = out_rc.filter(pl.col("rcid") == 20_000_001).row(0, named=True)
    assert row["vetoed_by"] == "RUS"  # the record's own value stays
    assert "vetoed by CHN,RUS on 2019-09-19; this record has outcome vetoed and vetoed_by RUS: the sources disagree" \
        in row["note"]
    assert any(n.startswith("unsc-vetoes: S/2019/756 (2019-09-19): the veto list says vetoed by CHN,RUS; undl-csv "
                            "has outcome vetoed, vetoed_by RUS: the sources disagree") for n in notes)


def test_veto_roll_calls_say_nothing_about_membership(vetoes):
    rc, votes = security_council.merge_veto_list(vetoes, pl.DataFrame(schema=SCHEMAS["roll_calls"]),
                                  pl.DataFrame(schema=SCHEMAS["votes"]))[:2]
    assert rc.filter(pl.col("rcid") == _one(vetoes, "S/2019/756")["rcid"]).select(
        "counted_no", "counted_yes", "counted_absent", "n_listed").row(0) == (2, 0, 0, 2)
    assert memberships.derive(rc, votes).height == 0  # never "the other 13 were not members"


# ---------------------------------------------------------------- the build, the CLI, the report and the claims


def test_the_build_holds_every_veto(built):
    rc = built["roll_calls"].filter(pl.col("source") == "unsc-vetoes")
    assert rc.height == 214 and rc["lists_members"].not_().all()
    assert built["votes"].filter(pl.col("source") == "unsc-vetoes").height == 265
    notes = "\n".join(built["report"].notes)
    assert "unsc-vetoes: 214 vetoes; 0 matched to a roll call already held" in notes
    # the SC memberships still come only from the records that list every member (2007 on)
    assert built["memberships"].filter(pl.col("body") == "SC")["year"].min() >= 2007


def test_alignment_on_the_council_counts_co_vetoes_and_says_so(built, capsys):
    from analysis.cli import main

    assert main(["alignment", "--a", "RUS", "--b", "CHN", "--body", "SC", "--from", "2019", "--to", "2019",
                 "--format", "csv"]) == 0
    out = capsys.readouterr()
    # 2019: six resolutions of the UNDL excerpt both voted yes on, and three drafts both vetoed (S/2019/186,
    # S/2019/756, S/2019/961)
    assert out.out.strip().splitlines()[1].startswith("2019,9,1.0,")
    assert "3 of these joint votes come from the Security Council veto list" in out.err


def test_a_veto_claim(built):
    import analysis.claims as cl
    from analysis.claims.model import Claim

    def claim(kind: str, **params) -> Claim:
        return Claim(id="c", kind=kind, statement="s", params=params)

    v = cl.check_claim(claim("vote_on", a="RUS", symbol="S/2019/756", body="SC", vote="no", doc_type="resolution"),
                       built)
    assert v.verdict == cl.SUPPORTED
    assert "S/2019/756 was vetoed by China and Russia on 2019-09-19 (Security Council veto list)" in v.reason
    v = cl.check_claim(claim("vote_on", a="USA", symbol="S/2019/756", body="SC", vote="yes", doc_type="resolution"),
                       built)
    assert v.verdict == cl.NOT_CHECKABLE and "unknown" in v.reason and "not a member" not in v.reason
    tally = {"body": "SC", "yes": 12, "no": 2, "abstain": 1, "symbol": "S/2019/756", "b": None, "date": None,
             "from": None, "to": None, "doc_type": "resolution"}
    assert cl.check_claim(claim("tally", **tally, outcome="vetoed"), built).verdict == cl.NOT_CHECKABLE
    assert cl.check_claim(claim("tally", **tally, outcome="adopted"), built).verdict == cl.CONTRADICTED
