"""Claims check (issue 6): every claim kind supported and contradicted on the real data.

Expected values come from the raw-derived tables read directly here, from the command
line (``python -m analysis alignment``), or from hand reasoning written next to them
(UN symbols and votes of the Iran human-rights resolutions) -- never from the code
under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from analysis import claims as cl

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "claims" / "seed_article.toml"

S, C, N = cl.SUPPORTED, cl.CONTRADICTED, cl.NOT_CHECKABLE


# ---------------------------------------------------------------- helpers


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return repr(v)


def toml_text(*claim_tables: dict[str, Any]) -> str:
    """Render claims as a TOML claims file (enough of TOML for these tests)."""
    out = ['[source]\ncitation = "test"\n']
    for table in claim_tables:
        out.append("[[claim]]")
        out += [f"{k} = {_value(v)}" for k, v in table.items()]
        out.append("")
    return "\n".join(out)


@pytest.fixture
def write(tmp_path):
    def _write(*claim_tables: dict[str, Any], name: str = "claims.toml") -> Path:
        path = tmp_path / name
        path.write_text(toml_text(*claim_tables), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def check(built, write):
    """Check one claim given as keyword fields; return its Verdict."""

    def _check(**fields: Any) -> cl.Verdict:
        fields.setdefault("id", "c1")
        fields.setdefault("statement", "test claim")
        [claim] = cl.load_claims(write(fields), built["countries"])
        return cl.check_claim(claim, built)

    return _check


def hrc_last_date(built) -> dt.date:
    return built["roll_calls"].filter(pl.col("body") == "HRC")["date"].max()


def pak_hrc_years(built) -> set[int]:
    """Years in which PAK has any row at an HRC roll call (members are listed, absent included)."""
    rc = built["roll_calls"].filter(pl.col("body") == "HRC").select("body", "rcid", "year")
    rows = built["votes"].filter((pl.col("body") == "HRC") & (pl.col("iso3") == "PAK"))
    return set(rows.join(rc, on=["body", "rcid"])["year"].to_list())


def vote_of(built, body: str, symbol: str, iso3: str, doc_type: str = "resolution") -> str | None:
    rc = built["roll_calls"].filter(
        (pl.col("body") == body) & (pl.col("symbol") == symbol) & (pl.col("doc_type") == doc_type))
    assert rc.height == 1, (symbol, doc_type)
    v = built["votes"].join(rc.select("body", "rcid"), on=["body", "rcid"]).filter(pl.col("iso3") == iso3)
    return None if v.height == 0 else str(v["vote"][0])


# GA resolutions "Situation of human rights in the Islamic Republic of Iran", 2019-2025
# (UN documents; Pakistan voted no on each).
GA_IRAN_2019_2025 = ["A/RES/74/167", "A/RES/75/191", "A/RES/76/178", "A/RES/77/228",
                     "A/RES/78/220", "A/RES/79/183", "A/RES/80/222"]
NAMING = dict(kind="votes_on_naming", a="PAK", b="IRN")


def test_data_facts_the_tests_rest_on(built):
    # hand-known facts, read straight from the tables
    for symbol in GA_IRAN_2019_2025:
        assert vote_of(built, "GA", symbol, "PAK") == "no"
    assert vote_of(built, "GA", "A/RES/66/175", "PAK", "motion") == "yes"
    assert vote_of(built, "GA", "A/RES/66/175", "PAK", "resolution") == "no"
    # Pakistan sat on the HRC 2018-2023 and not in 2024 (elected again only for 2026-2028)
    years = pak_hrc_years(built)
    assert {2018, 2019, 2020, 2021, 2022, 2023} <= years and 2024 not in years
    assert vote_of(built, "HRC", "A/HRC/RES/55/19", "PAK") is None
    assert vote_of(built, "HRC", "A/HRC/RES/55/19", "CHN") == "no"
    assert vote_of(built, "HRC", "A/HRC/RES/55/19", "CUB") == "no"
    assert vote_of(built, "HRC", "A/HRC/RES/55/19", "RUS") is None


# ---------------------------------------------------------------- votes_on_naming


def test_votes_on_naming_every_no_ga_supported(check):
    v = check(**NAMING, body="GA", vote="no", **{"from": 2019, "to": 2025})
    assert v.verdict == S, v.reason
    assert v.rows["symbol"].to_list() == GA_IRAN_2019_2025
    assert set(v.rows["vote_PAK"].to_list()) == {"no"}


def test_votes_on_naming_every_yes_ga_contradicted(check):
    v = check(**NAMING, body="GA", vote="yes", **{"from": 2019, "to": 2025})
    assert v.verdict == C
    assert "A/RES/78/220" in v.reason and v.rows.height == len(GA_IRAN_2019_2025)


def test_votes_on_naming_excludes_procedural_motions_by_default(check):
    # 2011: resolution A/RES/66/175 (PAK no) and a procedural motion on it (PAK yes)
    assert check(**NAMING, body="GA", vote="no", **{"from": 2011, "to": 2011}).verdict == S
    assert check(**NAMING, body="GA", vote="no", doc_type="motion", **{"from": 2011, "to": 2011}).verdict == C
    motion = check(**NAMING, body="GA", vote="yes", doc_type="motion", quantifier="at_least_once",
                   **{"from": 2011, "to": 2011})
    assert motion.verdict == S and motion.rows["doc_type"].to_list() == ["motion"]


def test_votes_on_naming_hrc_not_a_member_in_2024_is_contradicted(check, built):
    v = check(**NAMING, body="HRC", vote="no", **{"from": 2024, "to": 2024})
    assert v.verdict == C
    assert v.rows["symbol"].to_list() == ["A/HRC/RES/55/19"]
    assert v.rows["vote_PAK"].to_list() == ["not a member"]
    assert "not a member" in v.reason


def test_votes_on_naming_non_member_years_do_not_contradict_every(check):
    # 2020-2023 Pakistan voted no on each HRC Iran resolution; 2024 it was not a member
    v = check(**NAMING, body="HRC", vote="no", **{"from": 2020, "to": 2024})
    assert v.verdict == S, v.reason
    assert v.rows["symbol"].to_list() == ["A/HRC/RES/43/24", "A/HRC/RES/46/18", "A/HRC/RES/49/24",
                                          "A/HRC/RES/S-35/1", "A/HRC/RES/52/27", "A/HRC/RES/55/19"]
    assert "2024" in v.reason and "not a member" in v.reason
    assert check(**NAMING, body="HRC", vote="abstain", **{"from": 2020, "to": 2024}).verdict == C


def test_votes_on_naming_at_least_once(check):
    assert check(**NAMING, body="HRC", vote="no", quantifier="at_least_once",
                 **{"from": 2006, "to": 2024}).verdict == S
    assert check(**NAMING, body="HRC", vote="yes", quantifier="at_least_once",
                 **{"from": 2018, "to": 2023}).verdict == C


def test_votes_on_naming_after_hrc_coverage_not_checkable(check, built):
    last = hrc_last_date(built)
    v = check(**NAMING, body="HRC", vote="abstain", quantifier="at_least_once", **{"from": 2027, "to": 2027})
    assert v.verdict == N
    assert f"HRC votes after {last:%B %Y} are not in the shipped data" in v.needed
    assert f"HRC coverage 2006-06-29 to {last}" in v.needed
    # a range that reaches past the coverage: covered part fine, rest unknown
    v = check(**NAMING, body="GA", vote="no", **{"from": 2024, "to": 2027})
    assert v.verdict == N and "2027" in v.reason


def test_votes_on_naming_by_session(check, built):
    # HRC session 57 (Sept-Oct 2024) held no recorded vote on a text naming Iran
    v = check(**NAMING, body="HRC", vote="no", session=57, quantifier="at_least_once")
    assert v.verdict == C
    session = built["roll_calls"].filter((pl.col("body") == "HRC") & (pl.col("session") == 57))
    assert not session["title"].str.contains("(?i)iran").any()
    assert v.rows.height == session.height
    # session 52 (2023): A/HRC/RES/52/27, Pakistan no
    assert check(**NAMING, body="HRC", vote="no", session=52).verdict == S
    far = check(**NAMING, body="HRC", vote="no", session=63, quantifier="at_least_once")
    assert far.verdict == N


# ---------------------------------------------------------------- vote_on


def test_vote_on_supported_and_contradicted(check):
    v = check(kind="vote_on", a="Pakistan", symbol="A/RES/78/220", body="GA", vote="no")
    assert v.verdict == S and v.rows["vote_PAK"].to_list() == ["no"]
    assert check(kind="vote_on", a="PAK", symbol="A/RES/78/220", body="GA", vote="yes").verdict == C


def test_vote_on_symbol_with_several_roll_calls(check):
    v = check(kind="vote_on", a="PAK", symbol="A/RES/66/175", body="GA", vote="no")
    assert v.verdict == S
    assert sorted(v.rows["doc_type"].to_list()) == ["motion", "resolution"]  # all shown
    assert v.rows.filter(pl.col("counts"))["doc_type"].to_list() == ["resolution"]
    motion = check(kind="vote_on", a="PAK", symbol="A/RES/66/175", body="GA", vote="no", doc_type="motion")
    assert motion.verdict == C and "yes" in motion.reason


def test_vote_on_not_member_and_unknown_symbol(check):
    v = check(kind="vote_on", a="PAK", symbol="A/HRC/RES/55/19", body="HRC", vote="no")
    assert v.verdict == C and "not a member" in v.reason
    assert check(kind="vote_on", a="PAK", symbol="A/RES/99/999", body="GA", vote="no").verdict == N


# ---------------------------------------------------------------- trade_about


def import_report(built, source: str, exporter: str, importer: str, year: int = 2014) -> float:
    """The importer's report of its imports from ``exporter`` in ``source`` (COW: its estimate)."""
    t = built["trade"].filter(
        (pl.col("source") == source) & ~pl.col("smoothed") & (pl.col("year") == year)
        & (pl.col("reporter_iso3") == importer) & (pl.col("partner_iso3") == exporter) & (pl.col("flow") == "import"))
    return float(t["value_usd"][0])


def test_trade_about_supported_and_contradicted(check, built):
    # the rule: each state's own report of its imports (IMF DOTS), not COW
    total = import_report(built, "imf_dots", "PAK", "IRN") + import_report(built, "imf_dots", "IRN", "PAK")
    assert total == pytest.approx(269.487493e6 + 185.730555e6)  # the two workbooks' 2014 import figures
    cow = import_report(built, "cow", "PAK", "IRN") + import_report(built, "cow", "IRN", "PAK")
    assert cow == pytest.approx(2.352e9)  # COW v4: 551 + 1,801 million US$
    v = check(kind="trade_about", a="PAK", b="Iran", year=2014, value_usd=455e6)
    assert v.verdict == S and v.rows["total_usd"][0] == pytest.approx(total)
    assert v.rows["source"].to_list() == ["figure used", "cow", "imf_dots"]
    assert "COW and the IMF's DOTS disagree on this year" in v.reason and "1,801 million" in v.reason
    # COW's figure is named, but the verdict follows the rule
    by_cow = check(kind="trade_about", a="PAK", b="IRN", year=2014, value_usd=2.35e9)
    assert by_cow.verdict == C and "cow 2,352 million US$" in by_cow.reason
    # tolerance: 480e6 is 5.4% off 455.2e6
    assert check(kind="trade_about", a="PAK", b="IRN", year=2014, value_usd=480e6).verdict == S
    assert check(kind="trade_about", a="PAK", b="IRN", year=2014, value_usd=480e6, tolerance=0.05).verdict == C


def test_trade_about_directions(check, built):
    pak_to_irn = import_report(built, "imf_dots", "PAK", "IRN")  # Iran's report of its imports from Pakistan
    assert check(kind="trade_about", a="PAK", b="IRN", year=2014, value_usd=pak_to_irn,
                 direction="a_to_b").verdict == S
    assert check(kind="trade_about", a="PAK", b="IRN", year=2014, value_usd=pak_to_irn,
                 direction="b_to_a").verdict == C


def test_trade_about_after_shipped_data_not_checkable(check, built):
    last = built["trade"].filter(pl.col("source") == "imf_dots")["year"].max()
    assert last == 2020
    v = check(kind="trade_about", a="PAK", b="IRN", year=2024, value_usd=2.5e9)
    assert v.verdict == N
    assert "python -m analysis fetch trade --a PAK --b IRN --from 2021 --to 2024" in v.needed
    latest = import_report(built, "imf_dots", "IRN", "PAK", 2020) + import_report(built, "imf_dots", "PAK", "IRN", 2020)
    assert f"The latest primary figure is 2020: {latest / 1e6:,.0f} million US$" in v.reason
    assert "Secondary figures -- press reports, not primary data" in v.reason
    assert v.rows.height and v.rows["url"].str.starts_with("https://").all()  # the press figures, as context


def test_trade_about_without_press_figures_gives_the_primary_context_only(built, write):
    tables = {k: v for k, v in built.items() if k != "reported_figures"}
    [claim] = cl.load_claims(write({"id": "c1", "statement": "s", "kind": "trade_about", "a": "PAK", "b": "IRN",
                                    "year": 2024, "value_usd": 2.5e9}), built["countries"])
    v = cl.check_claim(claim, tables)
    assert v.verdict == N and "Secondary figures" not in v.reason and v.rows.height == 0


# ---------------------------------------------------------------- agreement_change


@pytest.fixture(scope="module")
def cli_alignment(built) -> dict[int, dict[str, float]]:
    result = subprocess.run([sys.executable, "-m", "analysis", "alignment", "--a", "PAK", "--b", "IRN",
                             "--format", "csv"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return {int(r["year"]): {k: float(v) for k, v in r.items() if k != "year"}
            for r in csv.DictReader(io.StringIO(result.stdout))}


def test_agreement_change_supported_and_contradicted(check, cli_alignment):
    a2014, a2024 = cli_alignment[2014]["agreement"], cli_alignment[2024]["agreement"]
    actual = "rose" if a2024 > a2014 else "fell"
    other = "fell" if actual == "rose" else "rose"
    fields = dict(kind="agreement_change", a="PAK", b="IRN", body="GA", **{"from": 2014, "to": 2024})
    v = check(**fields, direction=actual)
    assert v.verdict == S
    got = dict(zip(v.rows["year"].to_list(), v.rows["agreement"].to_list(), strict=True))
    assert got[2014] == pytest.approx(a2014, abs=1e-12) and got[2024] == pytest.approx(a2024, abs=1e-12)
    assert check(**fields, direction=other).verdict == C


def test_agreement_change_other_measure(check, cli_alignment):
    k2020, k2022 = cli_alignment[2020]["kappa"], cli_alignment[2022]["kappa"]
    actual = "rose" if k2022 > k2020 else "fell"
    fields = dict(kind="agreement_change", a="PAK", b="IRN", body="GA", measure="kappa", **{"from": 2020, "to": 2022})
    assert check(**fields, direction=actual).verdict == S
    assert check(**fields, direction="fell" if actual == "rose" else "rose").verdict == C


def test_agreement_change_not_checkable(check):
    # beyond the GA data
    v = check(kind="agreement_change", a="PAK", b="IRN", body="GA", direction="rose", **{"from": 2024, "to": 2030})
    assert v.verdict == N and "2030" in v.needed
    # Pakistan was not on the HRC in 2024: no joint HRC votes with anyone
    v = check(kind="agreement_change", a="PAK", b="CHN", body="HRC", direction="rose", **{"from": 2023, "to": 2024})
    assert v.verdict == N and "2024" in v.reason


# ---------------------------------------------------------------- consecutive_years


def test_consecutive_years_ga_supported(check):
    v = check(kind="consecutive_years", a="PAK", b="IRN", body="GA", vote="no", years=3, ending=2025)
    assert v.verdict == S
    assert v.rows.filter(pl.col("in_run"))["symbols"].to_list() == GA_IRAN_2019_2025[-3:]
    # nine years 2017-2025: A/RES/72/189 (2017) and A/RES/73/181 (2018) were no too
    assert check(kind="consecutive_years", a="PAK", b="IRN", body="GA", vote="no", years=9, ending=2025).verdict == S


def test_consecutive_years_exact_contradicted_when_run_is_longer(check):
    # "third consecutive year" read strictly: 2022 (A/RES/77/228) was a no too, so 2025 is at least the fourth
    v = check(kind="consecutive_years", a="PAK", b="IRN", body="GA", vote="no", years=3, ending=2025, exact=True)
    assert v.verdict == C and "2022" in v.reason


def test_consecutive_years_hrc_contradicted_by_non_membership(check):
    v = check(kind="consecutive_years", a="PAK", b="IRN", body="HRC", vote="no", years=2, ending=2024)
    assert v.verdict == C and "2024" in v.reason and "not a member" in v.reason
    # ...while 2022-2023 holds (A/HRC/RES/49/24, S-35/1, 52/27: all no)
    assert check(kind="consecutive_years", a="PAK", b="IRN", body="HRC", vote="no", years=2,
                 ending=2023).verdict == S
    # a year not covered does not save a run broken in a covered year
    v = check(kind="consecutive_years", a="PAK", b="IRN", body="HRC", vote="no", years=3, ending=2026)
    assert v.verdict == C


def test_consecutive_years_across_sessions_71_to_73(check, built):
    # In unvotes, sessions 71-73 keep the agenda item in `descr` and the title in `short`; the adapter uses the
    # title there, so the GA's 2016 Iran resolution (A/RES/71/204) names Iran and a ten-year run 2016-2025
    # holds: Pakistan voted no on A/RES/71/204 (2016) ... A/RES/80/222 (2025).
    title = built["roll_calls"].filter(pl.col("symbol") == "A/RES/71/204")["title"][0]
    assert title == "Situation of human rights in the Islamic Republic of Iran"
    v = check(kind="consecutive_years", a="PAK", b="IRN", body="GA", vote="no", years=10, ending=2025)
    assert v.verdict == S, v.reason


def test_consecutive_years_not_checkable(check):
    # 2026 is covered only to June (no Iran resolution yet), 2027 not at all
    v = check(kind="consecutive_years", a="PAK", b="IRN", body="GA", vote="no", years=3, ending=2027)
    assert v.verdict == N and "2027" in v.needed


# ---------------------------------------------------------------- bloc_vote


def test_bloc_vote(check):
    fields = dict(kind="bloc_vote", b="IRN", body="HRC", vote="no", **{"from": 2024, "to": 2024})
    assert check(**fields, members=["CHN", "Cuba"]).verdict == S
    v = check(**fields, members=["PAK", "CHN", "RUS"])
    assert v.verdict == C
    row = v.rows.row(0, named=True)
    assert (row["vote_PAK"], row["vote_CHN"], row["vote_RUS"]) == ("not a member", "no", "not a member")
    assert (row["yes"], row["no"], row["abstain"]) == (24, 8, 15)  # A/HRC/RES/55/19 adopted 24-8-15


# ---------------------------------------------------------------- consistency


def claim(id: str, kind: str = "votes_on_naming", **params: Any) -> cl.Claim:
    base = {"doc_type": "resolution", "quantifier": "every", "session": None, "from": None, "to": None}
    if kind != "votes_on_naming":
        base = {}
    return cl.Claim(id=id, kind=kind, statement=id, params={**base, **params})


HRC = dict(a="PAK", b="IRN", body="HRC")


def year(y: int) -> dict[str, int]:
    return {"from": y, "to": y}


def test_inconsistency_conflict_and_tension():
    against_2024 = claim("against-2024", **HRC, vote="no", **{"from": 2024, "to": 2024})
    abstain_2024 = claim("abstain-2024", **HRC, vote="abstain", quantifier="at_least_once", **year(2024))
    no_2025 = claim("no-2025", **HRC, vote="no", quantifier="at_least_once", **{"from": 2025, "to": 2025})
    abstain_2025 = claim("abstain-2025", **HRC, vote="abstain", quantifier="at_least_once", **year(2025))
    third = claim("third", "consecutive_years", **HRC, vote="no", years=3, ending=2026, doc_type="resolution",
                  exact=False)
    found = cl.inconsistencies([against_2024, abstain_2024, no_2025, abstain_2025, third])
    conflicts = [x for x in found if x.startswith("conflict:")]
    tensions = [x for x in found if x.startswith("tension:")]
    assert any("'against-2024'" in x and "'abstain-2024'" in x for x in conflicts)
    assert any("'abstain-2024'" in x and "'third'" in x for x in conflicts)  # the run needs a no in 2024
    assert any("'abstain-2025'" in x and "'third'" in x and "2025" in x for x in conflicts)
    assert any("'no-2025'" in x and "'abstain-2025'" in x for x in tensions)
    assert not any("'against-2024'" in x and "'third'" in x for x in found)  # same vote


def test_inconsistency_needs_same_state_pair_and_body():
    x = claim("x", **HRC, vote="no", **{"from": 2024, "to": 2024})
    assert cl.inconsistencies([x, claim("y", a="PAK", b="IRN", body="GA", vote="yes", **year(2024))]) == []
    assert cl.inconsistencies([x, claim("z", a="PAK", b="ISR", body="HRC", vote="yes", **year(2024))]) == []
    # "every" over a range vs a vote in a year inside it
    wide = claim("wide", **HRC, vote="no", **{"from": 2019, "to": 2023})
    inside = claim("inside", **HRC, vote="yes", quantifier="at_least_once", **{"from": 2021, "to": 2021})
    [line] = cl.inconsistencies([wide, inside])
    assert line.startswith("conflict:") and "2021" in line


def test_inconsistency_other_kinds():
    v1 = claim("v1", "vote_on", a="PAK", symbol="A/RES/78/220", body="GA", vote="no", doc_type="resolution")
    v2 = claim("v2", "vote_on", a="PAK", symbol="A/RES/78/220", body="GA", vote="yes", doc_type="resolution")
    g = dict(a="PAK", b="IRN", body="GA", measure="agreement", issue=None)
    up = claim("up", "agreement_change", **g, direction="rose", **{"from": 2014, "to": 2024})
    down = claim("down", "agreement_change", **g, direction="fell", **{"from": 2014, "to": 2024})
    t = dict(year=2025, direction="total", tolerance=0.25)
    small = claim("small", "trade_about", a="PAK", b="IRN", value_usd=2.5e9, **t)
    large = claim("large", "trade_about", a="IRN", b="PAK", value_usd=6e9, **t)
    close = claim("close", "trade_about", a="PAK", b="IRN", value_usd=2.8e9, **t)
    found = cl.inconsistencies([v1, v2, up, down, small, large, close])
    assert len(found) == 4, found
    assert any("'v1'" in x and "'v2'" in x for x in found)
    assert any("'up'" in x and "'down'" in x for x in found)
    assert any("'small'" in x and "'large'" in x for x in found)
    assert any("'close'" in x and "'large'" in x for x in found)


# ---------------------------------------------------------------- file format


GOOD = dict(id="ok", kind="vote_on", statement="s", a="PAK", symbol="A/RES/78/220", body="GA", vote="no")


@pytest.mark.parametrize("change, fragment", [
    ({"kind": "votes_for"}, "unknown kind 'votes_for'"),
    ({"vote": "against"}, "bad vote 'against'"),
    ({"a": "Atlantis"}, "unknown country 'Atlantis'"),
    ({"body": "ECOSOC"}, "bad body 'ECOSOC'"),
    ({"symbl": "x"}, "unknown field(s) symbl"),
    ({"doc_type": "speech"}, "bad doc_type 'speech'"),
])
def test_format_errors_name_file_and_claim(built, write, change, fragment):
    path = write(GOOD, {**GOOD, "id": "bad-one", **change})
    with pytest.raises(cl.ClaimFormatError) as err:
        cl.load_claims(path, built["countries"])
    message = str(err.value)
    assert str(path) in message and "'bad-one'" in message and fragment in message


def test_format_errors_missing_fields_and_ids(built, write):
    missing = {k: v for k, v in GOOD.items() if k != "symbol"}
    with pytest.raises(cl.ClaimFormatError, match=r"claims.toml: claim 'ok': missing field 'symbol'"):
        cl.load_claims(write(missing), built["countries"])
    with pytest.raises(cl.ClaimFormatError, match="claim #1 \\(no id\\): missing field 'id'"):
        cl.load_claims(write({k: v for k, v in GOOD.items() if k != "id"}), built["countries"])
    with pytest.raises(cl.ClaimFormatError, match="claim 'ok': id used twice"):
        cl.load_claims(write(GOOD, GOOD), built["countries"])
    reversed_years = dict(id="rev", kind="votes_on_naming", statement="s", a="PAK", b="IRN", body="GA", vote="no",
                          **{"from": 2025, "to": 2019})
    with pytest.raises(cl.ClaimFormatError, match="claim 'rev': reversed years"):
        cl.load_claims(write(reversed_years), built["countries"])
    no_years = dict(id="ny", kind="votes_on_naming", statement="s", a="PAK", b="IRN", body="GA", vote="no")
    with pytest.raises(cl.ClaimFormatError, match="claim 'ny': .*'from' and 'to'"):
        cl.load_claims(write(no_years), built["countries"])


def test_format_errors_bad_toml_and_missing_file(built, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[claim]\nid = 1\n", encoding="utf-8")
    with pytest.raises(cl.ClaimFormatError, match="bad.toml: not valid TOML"):
        cl.load_claims(bad, built["countries"])
    with pytest.raises(cl.ClaimFormatError, match="no such file"):
        cl.load_claims(tmp_path / "nope.toml", built["countries"])


def test_claim_fields_normalised(built, write):
    [c] = cl.load_claims(write({**GOOD, "a": "Pakistan"}), built["countries"])
    assert c["a"] == "PAK" and c["doc_type"] == "resolution" and c.source == "test"


# ---------------------------------------------------------------- command line


def test_main_prints_report_and_exit_codes(built, write, capsys):
    assert cl.main([str(write(GOOD))]) == 0
    out = capsys.readouterr().out
    assert "[1] ok (vote_on)" in out and "Verdict: SUPPORTED" in out and "Summary: 1 supported" in out

    bad = write({**GOOD, "vote": "against"}, name="bad.toml")
    assert cl.main([str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.toml" in err[0] and "'ok'" in err[0]


def test_analysis_claims_subcommand(built):
    from analysis import cli

    commands = next(a for a in cli.parser()._actions if a.dest == "command").choices
    assert "claims" in commands
    result = subprocess.run([sys.executable, "-m", "analysis", "claims", str(SEED)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "hrc-third-consecutive-year" in result.stdout
    result = subprocess.run([sys.executable, "-m", "analysis", "claims", "no-such.toml"], capture_output=True,
                            text=True)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_module_runs_as_a_script(built):
    result = subprocess.run([sys.executable, "-m", "analysis.claims", str(SEED)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Inconsistencies between claims:" in result.stdout


# ---------------------------------------------------------------- the shipped seed file


SEED_VERDICTS = {
    # A/HRC/RES/S-39/1 (23 January 2026): Pakistan voted no
    "hrc-2026-against": S,
    # Pakistan was not on the Council in 2025 (A/HRC/RES/58/21 lists 47 members without it)
    "hrc-2025-abstained": C,
    "hrc-57th-session-2025": C,
    # Pakistan was not an HRC member in 2024, so it did not vote against A/HRC/RES/55/19
    "hrc-2024-against": C,
    # the run 2024-2026 is broken in 2024 and 2025 (not a member)
    "hrc-third-consecutive-year": C,
    # session 57 (Sept-Oct 2024) held no recorded vote on Iran, and Pakistan was not a member
    "hrc-57th-session": C,
    # Pakistan and Russia were not members in 2024; China voted no
    "hrc-2024-blocking-minority": C,
    # the official tally of A/HRC/RES/S-39/1 is 25-7-14, not 21-16
    "hrc-2026-tally": C,
    # Pakistan and China voted no in January 2026; Russia was not a member
    "hrc-2026-with-china-russia": C,
    # the vote of the 39th special session was taken on 23 January 2026, after the claimed close
    "hrc-session-concluded-22-jan": C,
    # the 2026 records list 47 members, 13 of them from the Asia-Pacific group
    "hrc-47-members": S,
    "hrc-18-asian-states": C,
    # a member in 2026; 2027 is after the data
    "hrc-term-to-2027": N,
    # GA: Pakistan voted no on A/RES/79/183 and A/RES/80/222, and on A/RES/78/220 in 2023
    "ga-2024-iran-hr": S,
    "ga-2025-iran-hr": S,
    "ga-2024-2025-every": S,
    "ga-third-consecutive-year": S,
    # COW trade ends 2014
    "trade-2.5bn": N,
}


@pytest.fixture(scope="module")
def seed_report(built) -> cl.Report:
    return cl.check_file(SEED, built)


def test_seed_article_verdicts(seed_report):
    got = {i: v.verdict for i, v in seed_report.by_id().items()}
    assert got == SEED_VERDICTS
    assert all(v.claim.source and "Palestine Telegraph" in v.claim.source for v in seed_report.verdicts)
    assert seed_report.counts() == {S: 6, C: 10, N: 2}


def test_seed_article_not_checkable_says_what_is_needed(seed_report, built):
    by_id = seed_report.by_id()
    last = hrc_last_date(built)
    term = by_id["hrc-term-to-2027"]
    assert f"HRC votes after {last:%B %Y} are not in the shipped data" in term.needed and "2027" in term.needed
    assert "2006–2011, 2013–2015, 2018–2023, 2026" in term.reason
    trade = by_id["trade-2.5bn"]
    assert "python -m analysis fetch trade --a PAK --b IRN --from 2021 --to 2025" in trade.needed


def test_seed_trade_claim_lists_both_governments_figures_with_their_urls(seed_report, raw_dir):
    trade = seed_report.by_id()["trade-2.5bn"]
    press = pl.read_csv(raw_dir / "reported" / "pak_irn_trade_reported.csv", infer_schema_length=0)
    # Iran's customs / trade bodies: two-way trade in the Iranian year 1401 (2,300 and 2,320 million)
    iran = press.filter((pl.col("period_type") == "Iranian year") & pl.col("measure").str.starts_with("total"))
    assert sorted(iran["value_usd_millions"].to_list()) == ["2300", "2320"]
    # Pakistan's own imports from Iran, whole fiscal years ending 2023-2025 and calendar 2023: 880 ... 1,222
    pakistan = press.filter((pl.col("measure") == "PAK imports from IRN")
                            & pl.col("period").is_in(["FY2022-23 (Jul-Jun)", "2023 (calendar)", "FY2023-24 (Jul-Jun)",
                                                      "FY2024-25 (Jul-Jun)"]))
    assert sorted(float(v) for v in pakistan["value_usd_millions"]) == [880.0, 944.0, 1037.0, 1222.0]
    for url in [*iran["url"], *pakistan["url"]]:
        assert url in trade.reason and url in trade.rows["url"].to_list()
    assert "Pakistan's statistics:" in trade.reason and "Iran's statistics:" in trade.reason
    # Pakistan's imports (880-1,222) plus its exports to Iran (0.1, FY2022-23) against Iran's 2,300-2,320
    assert "The two countries' books differ" in trade.reason
    assert "US$0.88–1.22 billion" in trade.reason and "US$2.30–2.32 billion" in trade.reason
    assert "Iranian year (from 21 March)" in trade.reason and "Pakistani fiscal year (July–June)" in trade.reason
    assert set(trade.rows["label"]) >= {"press report of Pakistan's official statistics",
                                        "press report of Iran's official statistics"}


def test_seed_article_internal_contradiction_detected(seed_report):
    found = seed_report.inconsistencies
    assert any(x.startswith("conflict:") and "'hrc-2025-abstained'" in x and "'hrc-third-consecutive-year'" in x
               for x in found)
    assert any(x.startswith("tension:") and "'hrc-2025-abstained'" in x and "'hrc-57th-session-2025'" in x
               for x in found)


def test_seed_report_text_and_dicts(seed_report):
    text = cl.format_report(seed_report)
    for key in SEED_VERDICTS:
        assert key in text
    assert "Verdict: NOT CHECKABLE" in text and "Needed:" in text and "A/HRC/RES/55/19" in text
    assert "Inconsistencies between claims:" in text
    d = seed_report.by_id()["ga-2024-2025-every"].to_dict()
    assert d["verdict"] == S and [r["symbol"] for r in d["rows"]] == ["A/RES/79/183", "A/RES/80/222"]
    assert seed_report.to_frame().height == len(SEED_VERDICTS)


# ---------------------------------------------------------------- tally, member, composition, session_end


def test_tally_by_symbol_and_by_the_state_named(check):
    v = check(kind="tally", body="HRC", symbol="A/HRC/RES/S-39/1", yes=25, no=7, abstain=14, outcome="adopted")
    assert v.verdict == S, v.reason
    assert v.rows.select("symbol", "official_tally", "per_state_list").rows() == [
        ("A/HRC/RES/S-39/1", "25–7–14", "25–7–14")]
    # the seed's "21-16": found by body, year and the state named, and contradicted by the official tally
    v = check(kind="tally", body="HRC", b="Iran", yes=21, no=16, **{"from": 2026, "to": 2026})
    assert v.verdict == C and "A/HRC/RES/S-39/1 (2026-01-23, adopted): official tally 25–7–14" in v.reason
    # "adopted by 25 votes to 7" without the abstentions holds; so does the draft symbol, and a date
    assert check(kind="tally", body="HRC", symbol="A/HRC/S-39/L.1", yes=25, no=7).verdict == S
    assert check(kind="tally", body="HRC", b="IRN", date="2026-01-23", yes=25, no=7, abstain=14).verdict == S


def test_tally_where_the_list_and_the_official_tally_disagree(check):
    # A/HRC/RES/60/3 (Sudan, 6 October 2025): official 24-11-12, per-state list 22-11-14
    official = check(kind="tally", body="HRC", symbol="A/HRC/RES/60/3", yes=24, no=11, abstain=12)
    assert official.verdict == S and "the per-state list adds up to 22–11–14" in official.reason
    listed = check(kind="tally", body="HRC", symbol="A/HRC/RES/60/3", yes=22, no=11, abstain=14)
    assert listed.verdict == N and "the two sources of the count disagree" in listed.reason
    assert check(kind="tally", body="HRC", symbol="A/HRC/RES/60/3", yes=30, no=11).verdict == C


def test_tally_outcome_and_texts_without_a_vote(check, built):
    # A/HRC/59/L.1/Rev.1 was rejected 4-25
    v = check(kind="tally", body="HRC", symbol="A/HRC/59/L.1/Rev.1", yes=4, no=25, outcome="adopted")
    assert v.verdict == C and "the text was not adopted (the claim says adopted)" in v.reason
    without = built["resolutions_without_roll_call"].filter(
        (pl.col("body") == "HRC") & (pl.col("adoption") == "adopted without a vote")
        & pl.col("symbol").str.starts_with("A/HRC/RES/")).sort("date").row(-1, named=True)
    v = check(kind="tally", body="HRC", symbol=without["symbol"], yes=30, no=5)
    assert v.verdict == C and "adopted without a vote" in v.reason
    after = check(kind="tally", body="HRC", b="IRN", yes=20, no=10, **{"from": 2027, "to": 2027})
    assert after.verdict == N and "2027" in after.needed


def test_member_claims(check):
    assert check(kind="member", a="PAK", body="HRC", year=2026).verdict == S
    v = check(kind="member", a="Pakistan", body="HRC", year=2025)
    assert v.verdict == C and "2006–2011, 2013–2015, 2018–2023, 2026" in v.reason
    assert check(kind="member", a="PAK", body="HRC", year=2025, member=False).verdict == S
    span = check(kind="member", a="PAK", body="HRC", **{"from": 2026, "to": 2027})
    assert span.verdict == N and span.rows["member"].to_list() == [True, None]
    assert check(kind="member", a="IRN", body="CHR", year=1984).verdict == C
    assert check(kind="member", a="IRN", body="CHR", **{"from": 1992, "to": 1994}).verdict == S
    assert check(kind="member", a="PAK", body="CHR", year=1953).verdict == N  # no recorded CHR vote that year


def test_composition_claims(check):
    assert check(kind="composition", body="HRC", year=2026, count=47).verdict == S
    asia = check(kind="composition", body="HRC", year=2026, group="ASIA_PACIFIC", count=18)
    assert asia.verdict == C and "list 13 members from the Asia-Pacific States group" in asia.reason
    assert set(asia.rows["in_group"].to_list()) == {13} and asia.rows.height == 11
    assert check(kind="composition", body="HRC", year=2026, group="WEOG", count=7, date="2026-01-23").verdict == S
    assert check(kind="composition", body="CHR", year=1984, count=43).verdict == S
    assert check(kind="composition", body="HRC", year=2027, count=47).verdict == N


def test_session_end_claims(check):
    v = check(kind="session_end", body="HRC", date="2026-01-22", b="IRN", **{"from": 2026, "to": 2026})
    assert v.verdict == C and "session S-39" in v.reason and "A/HRC/RES/S-39/1 on 2026-01-23" in v.reason
    assert check(kind="session_end", body="HRC", date="2026-01-23", session="S-39").verdict == S
    later = check(kind="session_end", body="HRC", date="2026-01-30", session="S-39")
    assert later.verdict == N and "closing date" in later.reason
    assert check(kind="session_end", body="HRC", date="2026-01-22", session="S-99").verdict == N


@pytest.mark.parametrize("fields, fragment", [
    (dict(kind="member", a="PAK", body="HRC", year=2026, **{"from": 2026, "to": 2026}), "either 'year' or"),
    (dict(kind="member", a="PAK", body="GA", year=2026), "bad body (membership is known for these bodies) 'GA'"),
    (dict(kind="tally", body="HRC", yes=1, no=2), "tally needs 'symbol', or 'date'"),
    (dict(kind="composition", body="HRC", year=2026, count=47, date="2025-01-01"), "is not in year 2026"),
    (dict(kind="composition", body="HRC", year=2026, count=47, group="ASIA"), "bad group 'ASIA'"),
    (dict(kind="session_end", body="HRC", date="2026-01-22"), "session_end needs 'session'"),
    (dict(kind="session_end", body="HRC", date="22 January 2026", session="S-39"), "a date must be YYYY-MM-DD"),
])
def test_new_kinds_format_errors_name_the_claim(built, write, fields, fragment):
    path = write({"id": "bad-one", "statement": "x", **fields})
    with pytest.raises(cl.ClaimFormatError) as err:
        cl.load_claims(path, built["countries"])
    assert str(path) in str(err.value) and "claim 'bad-one'" in str(err.value) and fragment in str(err.value)


def test_toml_date_values_are_read(built, tmp_path):
    path = tmp_path / "dates.toml"
    path.write_text('[[claim]]\nid = "d"\nkind = "session_end"\nstatement = "x"\nbody = "HRC"\n'
                    'date = 2026-01-22\nsession = "S-39"\n', encoding="utf-8")
    [claim] = cl.load_claims(path, built["countries"])
    assert claim["date"] == dt.date(2026, 1, 22)
    assert cl.check_claim(claim, built).verdict == C
