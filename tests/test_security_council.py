"""The Security Council: votes recorded from press releases (analysis.sources.un_press_votes), the build's
checks and merge, permanent seats and vetoes (analysis.measures.security_council), the CLI and the report."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest

from analysis.build import read_press_votes
from analysis.measures import security_council as sc
from analysis.schemas import conform
from analysis.sources import SourceFormatError, un_press_votes

D = dt.date
SEPT = "sc_iran_2025.csv"
HEADER_2025 = "date,draft_symbol,outcome,tally,state_name,iso3,vote,source_url"


# ---------------------------------------------------------------- the shipped files, end to end


def test_september_2025_votes_end_to_end(built):
    """Both drafts of 19 and 26 September 2025 failed 4-9-2 (sc_iran_2025.csv: 4 Y, 9 N, 2 A rows each)."""
    rc = built["roll_calls"].filter((pl.col("body") == "SC") & (pl.col("year") == 2025)
                                    & (pl.col("source") == "un_press")).sort("date")
    assert rc["date"].to_list() == [D(2025, 9, 19), D(2025, 9, 26)]
    for r in rc.iter_rows(named=True):
        assert (r["official_yes"], r["official_no"], r["official_abstain"]) == (4, 9, 2)
        assert (r["counted_yes"], r["counted_no"], r["counted_abstain"], r["n_listed"]) == (4, 9, 2, 15)
        assert r["outcome"] == "not adopted" and r["vetoed_by"] is None  # 4 yes: it failed without a veto
        assert r["source"] == "un_press" and r["tally_mismatch"] is False
        assert r["symbol"] is None  # a failed draft has no resolution symbol
        assert "recorded from a UN press release" in r["note"]
    votes = built["votes"].filter(pl.col("rcid").is_in(rc["rcid"].implode()))
    by_state = {(rcid, i): str(v) for rcid, i, v in votes.select("rcid", "iso3", "vote").iter_rows()}
    for rcid in rc["rcid"]:
        assert by_state[(rcid, "PAK")] == "yes"
        assert by_state[(rcid, "GUY")] == by_state[(rcid, "KOR")] == "abstain"
        assert sorted(i for (r, i), v in by_state.items() if r == rcid and v == "yes") == ["CHN", "DZA", "PAK",
                                                                                           "RUS"]
    permanent = votes.filter(pl.col("permanent"))["iso3"].unique().sort().to_list()
    assert permanent == ["CHN", "FRA", "GBR", "RUS", "USA"]
    assert votes.filter(~pl.col("permanent")).height == 2 * 10


def test_march_2026_resolution_2817_and_the_russian_draft(built):
    """sc_iran_2026.csv: S/RES/2817(2026) 13-0-2 with China and Russia abstaining; the Russian draft 4-2-9."""
    rc = built["roll_calls"].filter((pl.col("body") == "SC") & (pl.col("date") == D(2026, 3, 11))).sort("rcid")
    adopted, russian = rc.row(0, named=True), rc.row(1, named=True)
    assert (adopted["symbol"], adopted["outcome"], adopted["counted_yes"], adopted["counted_abstain"]) == (
        "S/RES/2817(2026)", "adopted", 13, 2)
    assert adopted["title"] == "GCC/Bahrain text condemning Iran's attacks on GCC states and Jordan"
    assert adopted["record_url"] == "https://press.un.org/en/2026/sc16315.doc.htm"
    # the United States voted no, but with 4 yes the draft could not pass: not a veto
    assert (russian["outcome"], russian["vetoed_by"], russian["counted_no"]) == ("not adopted", None, 2)
    assert russian["title"] == "Russian Federation draft on cessation of hostilities"
    press = built["press_votes"].filter(pl.col("iso3") == "PAK").sort("rcid")
    # Pakistan's yes on 2817 is derived (the release names the abstainers); on the Russian draft it is named
    assert press.filter(pl.col("rcid") == adopted["rcid"])["named_in_source"].to_list() == [False]
    assert press.filter(pl.col("rcid") == russian["rcid"])["named_in_source"].to_list() == [True]


def test_memberships_of_the_council(built):
    members = built["memberships"].filter(pl.col("body") == "SC")
    # 2025 and 2026 from the press-release votes (and 2025 from the excerpt too); the other years from the UN
    # Digital Library excerpt's complete records, whose members the file lists (counted here with the csv module)
    import csv

    path = Path(__file__).resolve().parents[1] / "data/raw/undl-sc-voting-excerpt/sc_voting_2026-02-06_tail.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["undl_id"] not in ("607729", "3979311")]  # cut / no vote
    listed: dict[int, set[str]] = {}
    for r in rows:
        listed.setdefault(int(r["date"][:4]), set()).add(r["ms_code"])
    listed[2026] = set(members.filter(pl.col("year") == 2026)["iso3"])
    assert members.group_by("year").len().sort("year").rows() == sorted((y, len(s)) for y, s in listed.items())
    assert {len(s) for s in listed.values()} == {15}
    assert "PAK" in members.filter(pl.col("year") == 2026)["iso3"].to_list()
    assert "GUY" not in members.filter(pl.col("year") == 2026)["iso3"].to_list()  # its term ended in 2025


# ---------------------------------------------------------------- the adapter's checks


def _members(raw_dir: Path) -> pl.DataFrame:
    return un_press_votes.read_members(raw_dir).select("body", "year", "iso3")


def _copy_with(tmp_path: Path, raw_dir: Path, edit) -> Path:
    """A copy of sc_iran_2025.csv with ``edit`` applied to its lines (header = lines[0])."""
    lines = (raw_dir / "un-press-votes" / SEPT).read_text(encoding="utf-8").splitlines()
    folder = tmp_path / "un-press-votes"
    folder.mkdir()
    (folder / SEPT).write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    shutil.copytree(raw_dir / "un-sc-members", tmp_path / "un-sc-members")
    return tmp_path


def test_rows_that_do_not_add_up_to_the_tally_stop_with_file_and_line(tmp_path, raw_dir):
    def flip(lines):  # line 7 (Guyana, A on 19 September) becomes a no: 4-10-1 against the tally 4-9-2
        assert lines[6].split(",")[5] == "GUY"
        lines[6] = lines[6].replace(",A,", ",N,")
        return lines

    raw = _copy_with(tmp_path, raw_dir, flip)
    with pytest.raises(SourceFormatError, match=r"sc_iran_2025\.csv, lines 2-16: the vote of 2025-09-19 .* has the "
                                                r"tally 4-9-2 .* count 4 yes, 10 no and 1 abstaining: a vote of a row "
                                                r"is wrong"):
        un_press_votes.read(raw, _members(raw))


def test_a_state_that_was_not_a_member_stops_with_file_and_line(tmp_path, raw_dir):
    def iran_for_guyana(lines):  # Iran never sat on the Council in 2025
        lines[6] = lines[6].replace(",Guyana,GUY,", ",Iran,IRN,")
        return lines

    raw = _copy_with(tmp_path, raw_dir, iran_for_guyana)
    with pytest.raises(SourceFormatError, match=r"sc_iran_2025\.csv, line 7: Iran \(IRN\) was not a member of the "
                                                r"SC in 2025"):
        un_press_votes.read(raw, _members(raw))


@pytest.mark.parametrize(("edit", "message"), [
    (lambda ls: [ls[0], ls[1].replace(",Y,", ",yes,")], r"line 2: vote 'yes' is not one of Y, N, A, -"),
    (lambda ls: [ls[0], ls[1].replace(",4-9-2,", ",4 to 9,")], r"line 2: tally '4 to 9' is not yes-no-abstain"),
    (lambda ls: [ls[0], ls[1].replace("2025-09-19", "19/09/2025")], r"line 2: date '19/09/2025' is not YYYY-MM-DD"),
    (lambda ls: [ls[0], ls[1].replace("not adopted", "rejected")], r"line 2: outcome 'rejected .*' does not start"),
    (lambda ls: [ls[0], ls[1], ls[1]], r"line 3: DZA is listed twice"),
    (lambda ls: [ls[0].replace(",source_url", ""), *(x.rsplit(",", 1)[0] for x in ls[1:3])],
     r"missing columns \['source_url'\]"),
])
def test_malformed_rows_name_the_file_and_line(tmp_path, raw_dir, edit, message):
    raw = _copy_with(tmp_path, raw_dir, edit)
    with pytest.raises(SourceFormatError, match=message):
        un_press_votes.read_file(raw / "un-press-votes" / SEPT)


def test_a_year_without_a_member_list_is_read_and_said_unchecked(tmp_path, raw_dir):
    raw = _copy_with(tmp_path, raw_dir, lambda ls: [x.replace("2025-09-", "2024-09-") for x in ls])
    press = un_press_votes.read(raw, _members(raw))
    assert press.roll_calls.height == 2
    assert any("no list of the SC's members in 2024; membership not checked" in n for n in press.notes)


def test_outcome_parsing_by_hand():
    text = "adopted as S/RES/2817(2026) (GCC/Bahrain text condemning Iran's attacks on GCC states and Jordan)"
    assert un_press_votes.symbol_from_outcome(text) == "S/RES/2817(2026)"
    title = "GCC/Bahrain text condemning Iran's attacks on GCC states and Jordan"
    assert un_press_votes.title_from_outcome(text) == title
    assert un_press_votes.symbol_from_outcome("adopted as S/RES/2231 (2015)") == "S/RES/2231 (2015)"
    assert un_press_votes.title_from_outcome("not adopted (4 in favour; 9 affirmative votes required)") is None
    assert un_press_votes.symbol_from_outcome("not adopted (4 in favour)") is None
    assert un_press_votes.derived_codes("abstainers named in source; Y derived = remaining 2026 members") == {"Y"}
    assert un_press_votes.derived_codes("named in source") == set()
    assert un_press_votes.derived_codes("") is None
    assert un_press_votes.body_of_file(Path("ga_2026_emergency.csv")) == "GA"
    assert un_press_votes.body_of_file(Path("votes.csv")) is None


def test_a_body_column_overrides_the_file_name_and_a_missing_body_is_an_error(tmp_path, raw_dir):
    lines = (raw_dir / "un-press-votes" / SEPT).read_text(encoding="utf-8").splitlines()[:16]
    path = tmp_path / "votes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"votes\.csv, line 2: body None is not one of"):
        un_press_votes.read_file(path)
    path.write_text("\n".join([lines[0] + ",body", *(x + ",SC" for x in lines[1:])]) + "\n", encoding="utf-8")
    assert set(un_press_votes.read_file(path)["body"]) == {"SC"}


# ---------------------------------------------------------------- no roll call counted twice


def _published_copy(press: un_press_votes.PressVotes, rcid: int, **changes) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A roll call as a published dataset would hold it: the press one, under another id and source."""
    rc = press.roll_calls.filter(pl.col("rcid") == rcid).with_columns(
        pl.lit(20_000_001).alias("rcid"), pl.lit("undl").alias("source"),
        *[pl.lit(v).alias(k) for k, v in changes.items()])
    votes = press.votes.filter(pl.col("rcid") == rcid).with_columns(pl.lit(20_000_001).alias("rcid"),
                                                                     pl.lit("undl").alias("source"))
    return conform(rc, "roll_calls"), conform(votes, "votes")


def test_a_press_roll_call_also_in_a_dataset_is_left_out_and_the_build_says_so(raw_dir):
    press = un_press_votes.read(raw_dir, _members(raw_dir))
    adopted = press.roll_calls.filter(pl.col("symbol") == "S/RES/2817(2026)")["rcid"][0]
    # by symbol (spaces and case do not matter)
    rc, votes = _published_copy(press, adopted, symbol="s/res/2817 (2026)")
    notes: list[str] = []
    merged = read_press_votes(raw_dir, rc, votes, notes)
    assert adopted not in merged.roll_calls["rcid"].to_list()
    assert merged.roll_calls.height == 3 and merged.votes.height == 45 and merged.press_votes.height == 45
    assert any("2026-03-11 is left out: undl has the same symbol; the published dataset wins" in n for n in notes)
    # a draft without a symbol: by body, date and tally
    sept = press.roll_calls.filter(pl.col("date") == D(2025, 9, 19))["rcid"][0]
    rc, votes = _published_copy(press, sept, symbol="S/2025/000")
    notes = []
    merged = read_press_votes(raw_dir, rc, votes, notes)
    assert sept not in merged.roll_calls["rcid"].to_list() and merged.roll_calls.height == 3
    assert any("2025-09-19 is left out: undl has a roll call of the same day and tally (S/2025/000)" in n
               for n in notes)


# ---------------------------------------------------------------- permanent seats, vetoes, counts


def _toy(rows: list[tuple[int, str, str]], outcome: str = "not adopted", yes: int | None = None):
    """Roll calls and votes of a made-up Council vote (synthetic, for the rule's edge cases)."""
    votes = pl.DataFrame({"body": ["SC"] * len(rows), "rcid": [r[0] for r in rows], "iso3": [r[1] for r in rows],
                          "vote": [r[2] for r in rows], "permanent": [None] * len(rows), "source": ["toy"] * len(rows)})
    rcids = sorted({r[0] for r in rows})
    rc = pl.DataFrame({"body": ["SC"] * len(rcids), "rcid": rcids, "date": [D(2020, 1, 1)] * len(rcids),
                       "outcome": [outcome] * len(rcids), "vetoed_by": [None] * len(rcids),
                       "official_yes": [yes] * len(rcids), "counted_yes": [None] * len(rcids),
                       "note": [None] * len(rcids)},
                      schema_overrides={"vetoed_by": pl.String, "official_yes": pl.Int32, "counted_yes": pl.Int32,
                                        "note": pl.String})
    votes = votes.cast({"rcid": pl.Int32, "permanent": pl.Boolean})
    return rc.cast({"rcid": pl.Int32}), votes


def test_vetoes_by_hand():
    # rcid 1: 13 yes, Russia no, China no -> vetoed by CHN,RUS; rcid 2: 4 yes, USA no -> not adopted (no veto needed)
    rows = [(1, f"E{i}", "yes") for i in range(13)] + [(1, "RUS", "no"), (1, "CHN", "no")]
    rows += [(2, f"E{i}", "yes") for i in range(4)] + [(2, "USA", "no")] + [(2, f"F{i}", "abstain") for i in range(9)]
    rc, votes = _toy(rows)
    votes = sc.with_permanent(votes, rc)
    assert votes.filter(pl.col("permanent"))["iso3"].sort().to_list() == ["CHN", "RUS", "USA"]
    out = sc.with_vetoes(rc.with_columns(pl.lit(None, pl.Int32).alias("official_yes"),
                                         pl.Series("counted_yes", [13, 4], pl.Int32)), votes)
    assert out.select("rcid", "outcome", "vetoed_by").rows() == [(1, "vetoed", "CHN,RUS"), (2, "not adopted", None)]


def test_a_source_that_says_vetoed_without_a_veto_keeps_its_word_with_a_note():
    rc, votes = _toy([(1, "USA", "abstain"), (1, "E1", "yes")], outcome="vetoed", yes=9)
    out = sc.with_vetoes(rc, sc.with_permanent(votes, rc)).row(0, named=True)
    assert out["outcome"] == "vetoed" and out["vetoed_by"] is None
    assert "source says vetoed" in out["note"]


def test_china_seat_before_and_after_1971():
    frame = pl.DataFrame({"iso3": ["TWN", "TWN", "CHN", "CHN", "PAK"],
                          "date": [D(1971, 10, 25), D(1971, 10, 26), D(1971, 10, 25), D(1971, 10, 26), D(2025, 1, 1)]})
    held = frame.select(sc.permanent_expr(pl.col("iso3"), pl.col("date")))[:, 0].to_list()
    assert held == [True, False, False, True, False]


def test_pair_record_counts_by_hand(built):
    """Pakistan and Russia on the four press-release votes: same on 19 and 26 Sep 2025 (yes, yes) and on the
    Russian draft (yes, yes); on 2817 Pakistan yes, Russia abstain. All four had a no or an abstention: contested.
    And on the eight resolutions of the shipped UN Digital Library excerpt Pakistan voted on (its rows: 2036, 2038,
    2042, 2045 of 2012 and 2775, 2783, 2805 of 2025 Y/Y, unanimous; 2779 of 2025 A/A, contested): same on all.
    Joint 4 + 8 = 12, same 3 + 8 = 11, contested 4 + 1 = 5, same among them 3 + 1 = 4."""
    record = sc.pair_record(built["votes"], built["roll_calls"], "PAK", "RUS")
    assert (record.joint, record.same, record.contested, record.same_contested) == (12, 11, 5, 4)
    assert record.sentence("Pakistan", "Russia", "Security Council") == (
        "Pakistan and Russia voted the same way on 4 of 5 contested votes of the Security Council "
        "(11 of 12 joint votes in all)")
    none = sc.pair_record(built["votes"], built["roll_calls"], "PAK", "IRN")
    assert none.joint == 0 and "never both voted" in none.sentence("Pakistan", "Iran", "Security Council")


# ---------------------------------------------------------------- the CLI and the report


def test_alignment_on_the_council_from_the_cli(built, capsys):
    from analysis.cli import main

    assert main(["alignment", "--a", "PAK", "--b", "RUS", "--body", "SC", "--from", "2025", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "year,n_joint,agreement,kappa,pi,s_score"
    # 2025: yes/yes twice (press releases) and, in the UN Digital Library excerpt, yes/yes on S/RES/2775, 2783,
    # 2805 and abstain/abstain on 2779 -> 6 joint votes, all the same: agreement 1; each state's marginals are
    # 5/6 yes, 1/6 abstain, so De = 2 * 5/6 * 1/6 * 0.5 > 0 and kappa = pi = 1 - 0 / De = 1
    assert lines[1] == "2025,6,1.0,1.0,1.0,1.0"
    # 2026: yes/abstain (d = 0.5) and yes/yes -> Do = 0.25, agreement 0.75
    assert lines[2].startswith("2026,2,0.75,")
    assert main(["alignment", "--a", "PAK", "--b", "IRN", "--body", "SC"]) == 2
    assert "never a member of the Security Council" in capsys.readouterr().err


def test_the_dyad_report_has_a_council_section_with_sources(built):
    from analysis.reports.dyad import prepare

    report = prepare("PAK", "IRN")
    section = next(s for s in report.sections if s.title == "The Security Council")
    table = section.markdown[0]
    assert "| 2025-09-19 |" in table and "| 2025-09-26 |" in table and table.count("| 2026-03-11 |") == 2
    assert "[S/RES/2817(2026)](https://undocs.org/S/RES/2817(2026))" in table
    assert "recorded from a [UN press release](https://press.un.org/en/2026/sc16315.doc.htm)" in table
    assert "yes (derived)" in table and "not a member" in table
    assert "Algeria, China, Russia" in table  # who voted as Pakistan on 19 September 2025
    # 4 from press releases and 8 from the UN Digital Library excerpt (4 in 2012, 4 in 2025)
    assert any(f.startswith("At the Security Council, Pakistan cast 12 recorded votes in the data (2012-02-22 to "
                            "2026-03-11)") for f in report.facts)


def test_claims_about_the_council(built, tmp_path):
    """A claims file with body = "SC": the verdicts follow the shipped press-release votes."""
    from analysis.claims import check_file

    path = tmp_path / "sc.toml"
    path.write_text('''[source]
citation = "test of the Security Council claims"

[[claim]]
id = "sept-tally"
kind = "tally"
statement = "The Council rejected the draft 4-9-2 on 19 September 2025."
body = "SC"
date = 2025-09-19
yes = 4
no = 9
abstain = 2
outcome = "not adopted"

[[claim]]
id = "pak-member"
kind = "member"
statement = "Pakistan sat on the Security Council in 2025."
a = "PAK"
body = "SC"
year = 2025

[[claim]]
id = "irn-member"
kind = "member"
statement = "Iran sat on the Security Council in 2026."
a = "IRN"
body = "SC"
year = 2026

[[claim]]
id = "pak-2817-no"
kind = "vote_on"
statement = "Pakistan voted against resolution 2817."
a = "PAK"
symbol = "S/RES/2817(2026)"
body = "SC"
vote = "no"
''', encoding="utf-8")
    report = check_file(path)
    assert [(v.claim.id, v.verdict) for v in report.verdicts] == [
        ("sept-tally", "supported"), ("pak-member", "supported"), ("irn-member", "contradicted"),
        ("pak-2817-no", "contradicted")]
