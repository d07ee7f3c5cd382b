"""The dyad report's key facts, checked against the raw files and by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pyreadr
import pytest

from analysis.core.paths import raw_dir
from analysis.reports import dyad as dyad_report
from tests.independent import dgacm_records


@pytest.fixture(scope="module")
def pak_irn(built):
    return dyad_report.prepare(claims_file=str(raw_dir().parent.parent / "claims" / "seed_article.toml"))


def test_identical_share_2025_from_the_dgacm_files(built):
    # Independently: every 2025 DGACM record (each symbol once) listing both states; share with the same vote.
    lists = {"MS_in_favour": "yes", "MS_against": "no", "MS_abstaining": "abstain"}
    seen, same, joint = set(), 0, 0
    for rec in dgacm_records(raw_dir()):
        cast = {n: v for k, v in lists.items() for n in rec[k]}
        if not cast or rec["symbol"] in seen or "2025" not in rec["adoption_date"]:
            continue
        seen.add(rec["symbol"])
        a, b = cast.get("PAKISTAN"), cast.get("IRAN (ISLAMIC REPUBLIC OF)")
        if a and b:
            joint += 1
            same += a == b
    share, n = dyad_report.identical_share(built["votes"], built["roll_calls"], "PAK", "IRN", 2025)
    assert n == joint and share == pytest.approx(same / joint)


def test_streak_on_iran_human_rights_resolutions_from_the_raw_files(pak_irn):
    # unvotes: titles in `descr` (sessions 71-73: in `short`); PAK's votes from un_votes.rda.
    rolls = pyreadr.read_r(str(raw_dir() / "unvotes/un_roll_calls.rda"), output_format="polars")["un_roll_calls"]
    votes = pyreadr.read_r(str(raw_dir() / "unvotes/un_votes.rda"), output_format="polars")["un_votes"]
    text = (pl.col("descr").fill_null("") + " " + pl.col("short").fill_null("")).str.to_lowercase()
    # titles vary: "Situation of human rights in ...", "Human rights situation in ...", "Human rights in ..."
    iran = rolls.filter(text.str.contains("islamic republic of iran", literal=True)
                        & text.str.contains("human rights", literal=True) & ~text.str.contains("motion", literal=True)
                        & (pl.col("para").fill_null(0) == 0) & (pl.col("amend").fill_null(0) == 0))
    pak = votes.filter(pl.col("country_code") == "PK").with_columns(pl.col("rcid").cast(pl.Int32))
    joined = iran.join(pak, on="rcid", how="left")
    assert joined["date"].min() == dt.date(1985, 12, 6)
    assert set(joined["vote"].cast(pl.String).to_list()) == {"no"}
    fact = next(f for f in pak_irn.facts if "General Assembly resolution on human rights" in f)
    assert "since 1985" in fact
    # unvotes rows + DGACM 2020-2025 (75/191, 76/178, 77/228, 78/220, 79/183, 80/222) = the count in the sentence
    assert f"({joined['unres'].n_unique() + 6} resolutions" in fact


def test_streak_since_by_hand():
    naming = pl.DataFrame({
        "date": [dt.date(2001, 1, 1), dt.date(2002, 1, 1), dt.date(2003, 1, 1), dt.date(2004, 1, 1)],
        "body": ["GA"] * 4, "doc_type": ["resolution"] * 4, "symbol": ["s1", "s2", "s3", "s4"],
        "title": ["Human rights in X"] * 4, "vote_a": ["no", "yes", "no", "no"],
    })
    run = dyad_report.streak_since(naming, "GA", "no")
    assert (run["since"], run["count"], run["total"]) == (2003, 2, 4)  # broken by the 2002 yes
    run = dyad_report.streak_since(naming.with_columns(pl.lit("abstain").alias("vote_a")), "GA", "no")
    assert run["since"] is None and run["count"] == 0


def test_sections_say_what_they_rest_on_and_degrade(built):
    # 2021-2025: no primary trade data (DOTS ends in 2020), only the press figures, labelled as secondary
    report = dyad_report.prepare("PAK", "IRN", start_year=2021, end_year=2025)
    trade = next(s for s in report.sections if s.title == "Trade")
    assert not trade.charts and "No goods trade" in trade.notes[0]
    assert "Press reports of official statistics" in trade.notes[1] and "secondary sources" in trade.notes[1]
    (press,) = trade.markdown
    assert press.startswith("**Press reports of official statistics** (secondary sources")
    # one table row per figure, each outlet linked to its article
    rows = [line for line in press.splitlines() if line.startswith("| press report")]
    assert len(rows) == 26 and all("](https://" in line for line in rows)
    assert any(f.startswith("No goods trade") for f in report.facts)
    for section in report.sections:
        assert section.rests_on
    # a pair and years with nothing at all: the section degrades to a note
    bare = dyad_report.prepare("BRA", "ZAF", start_year=2021, end_year=2025)
    trade = next(s for s in bare.sections if s.title == "Trade")
    assert not trade.available and "No goods trade" in trade.notes[0]


def test_trade_facts_name_their_source_and_the_disagreement(pak_irn):
    # PAK-IRN, every year (a claims file adds verdicts, not facts)
    trade_facts = [f for f in pak_irn.facts if "trade" in f or "COW" in f or "press reports" in f]
    first, disagree, press = trade_facts[:3]
    assert "in 2020" in first and "IMF DOTS, importer's own report (CIF)" in first
    # COW's and DOTS's 2014 figures, both given (COW v4: 551 + 1,801 = 2,352 million)
    assert "COW and IMF DOTS differ" in disagree and "COW gives 2,352 million US$" in disagree
    assert "press reports of official statistics (secondary sources" in press
    assert "The two countries' books differ" in press


def test_claims_section(pak_irn):
    text = pak_irn.claims_text()
    assert "hrc-2024-against" in text and "CONTRADICTED" in text


def test_ideal_point_sentence_matches_the_table(built):
    from analysis.reports import voting as voting_report

    vr = voting_report.prepare("PAK", "IRN")
    (sentence,) = dyad_report.ideal_point_facts(vr)
    last = built["ideal_points"].filter((pl.col("issue") == "all") & pl.col("ideal_point").is_not_null())
    session = last["session"].max()
    pos = dict(last.filter(pl.col("session") == session).select("iso3", "ideal_point").iter_rows())
    # independent recount with plain Python: ranks from the US side and the share of closer pairs
    rank_pak = 1 + sum(v > pos["PAK"] for v in pos.values())
    rank_irn = 1 + sum(v > pos["IRN"] for v in pos.values())
    values = list(pos.values())
    gap = abs(pos["PAK"] - pos["IRN"])
    pairs = [abs(x - y) for k, x in enumerate(values) for y in values[k + 1:]]
    closer = round(100 * sum(p < gap for p in pairs) / len(pairs))
    assert f"session {session}," in sentence
    assert f"Pakistan stands at {pos['PAK']:.2f} ({rank_pak} of {len(pos)} from the US side)" in sentence
    assert f"Iran at {pos['IRN']:.2f} ({rank_irn} of {len(pos)})" in sentence
    assert f"{closer}% of all pairs of states are closer together" in sentence


def test_council_facts_show_the_january_2026_vote_and_membership(pak_irn):
    hrc = next(f for f in pak_irn.facts if f.startswith("At the Human Rights Council"))
    assert "Latest: A/HRC/RES/S-39/1 on 2026-01-23, adopted 25–7–14; Pakistan: no." in hrc
    assert "The HRC data end on 2026-03-31." in hrc
    chr_ = next(f for f in pak_irn.facts if f.startswith("At the Commission on Human Rights"))
    assert "17 recorded votes on resolutions naming Iran (1983–2001)" in chr_
    members = next(f for f in pak_irn.facts if f.startswith("Pakistan sat on the Human Rights Council"))
    assert "Human Rights Council in 2006–2011, 2013–2015, 2018–2023, 2026" in members
    assert "the Commission's in 47 of its 61 years 1946–2006" in members


def test_council_breakdown_by_hand():
    """Two HRC votes; the latest one's per-state list does not add up to its official tally."""
    naming = pl.DataFrame({
        "date": [dt.date(2020, 3, 1), dt.date(2021, 3, 1)], "body": ["HRC", "HRC"],
        "symbol": ["A/HRC/RES/1/1", "A/HRC/RES/2/1"], "doc_type": ["resolution"] * 2,
        "yes": [20, 22], "no": [10, 11], "abstain": [17, 14],
        "official_yes": [20, 24], "official_no": [10, 11], "official_abstain": [17, 12],
        "tally_mismatch": [False, True], "outcome": ["adopted", "adopted"], "vote_a": ["no", "not a member"],
    })
    (sentence,) = dyad_report.council_breakdown(naming, "HRC", "A", "B")
    assert sentence == ("At the Human Rights Council, 2 recorded votes on resolutions naming B (2020–2021); "
                        "A: no on 1, not a member on 1. Latest: A/HRC/RES/2/1 on 2021-03-01, adopted 24–11–12 "
                        "(official tally; the per-state list adds up to 22–11–14); A: not a member.")
    assert dyad_report.council_breakdown(naming, "CHR", "A", "B") == []
