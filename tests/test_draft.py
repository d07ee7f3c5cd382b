"""Drafting claims from an article (issue 24) on the built data: the seed round trip, recall on the reference
articles, anchoring to one vote, the command line and the marked-up article.

References are written by hand (claims/seed_article.toml, tests/fixtures/articles/*.reference.toml, each
with the article's source and date); vote facts used below are read from the built tables here.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from analysis import cli
from analysis.claims import check_file, read_claims_file
from analysis.claims.draft import Drafter, draft_article
from analysis.claims.draft.recall import cases, reference_claims, run_case, table

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "tests" / "fixtures" / "articles"
SEED = ARTICLES / "seed_2026-01-24.txt"
SEED_CLAIMS = REPO / "claims" / "seed_article.toml"


@pytest.fixture(scope="module")
def drafter(built) -> Drafter:
    return Drafter()


@pytest.fixture(scope="module")
def seed_draft(drafter, tmp_path_factory) -> Path:
    draft = draft_article(SEED, dt.date(2026, 1, 24), drafter)
    out = tmp_path_factory.mktemp("draft") / "seed_draft.toml"
    out.write_text(draft.toml(out), encoding="utf-8")
    return out


# ------------------------------------------------------------------ the seed, round trip


def test_seed_draft_quotes_are_the_articles_words(seed_draft, built):
    text = SEED.read_text(encoding="utf-8")
    parsed = read_claims_file(seed_draft, built["countries"])
    assert parsed.article == SEED  # recorded, relative to the draft or absolute
    assert len(parsed.claims) >= 12
    for c in parsed.claims:
        assert text[c.quote_at:c.quote_at + len(c.quote)] == c.quote, c.id
        assert " ".join(c.quote.split()) in c.statement or c.kind == "bloc_vote", c.id


def test_seed_draft_is_checked_unchanged_with_the_hand_files_verdicts(seed_draft, built):
    """Each drafted claim that recovers a hand-written one gets the same verdict from the check."""
    from analysis.claims.draft.recall import compare

    drafted = check_file(seed_draft, built)
    hand = check_file(SEED_CLAIMS, built)
    result = compare("seed", [v.claim for v in drafted.verdicts],
                     reference_claims(cases()[0], built["countries"]))
    assert result.recall >= 0.9 and not result.wrong
    by_draft, by_hand = drafted.by_id(), hand.by_id()
    for ref, got in result.matched:
        assert by_draft[got.id].verdict == by_hand[ref.id].verdict, (ref.id, got.id)
    # the article contradicts itself: the same conflict as the hand-written file
    assert any(x.startswith("conflict:") and "abstain" in x for x in drafted.inconsistencies)


def test_recall_on_every_reference_article(drafter, built, tmp_path, capsys):
    results = [run_case(case, drafter, tmp_path) for case in cases()]
    with capsys.disabled():
        print("\n" + table(results))
    assert len(results) >= 6  # the seed and at least five more real articles
    assert sum(len(r.matched) for r in results) / sum(len(r.reference) for r in results) >= 0.8
    wrong = [(r.name, d.id, ref.id) for r in results for d, ref in r.wrong]
    assert not wrong, wrong
    for r in results:  # every draft is a claims file the check reads
        assert r.drafted, r.name


def test_every_reference_article_draft_is_checked(drafter, built, tmp_path):
    for case in cases()[1:]:
        draft = draft_article(case.article, case.date, drafter)
        path = tmp_path / f"{case.name}.toml"
        path.write_text(draft.toml(path), encoding="utf-8")
        report = check_file(path, built)
        assert report.verdicts and all(v.claim.quote for v in report.verdicts), case.name


# ------------------------------------------------------------------ anchoring to one vote (NOTES.md)


def _vote(built, symbol: str, iso3: str) -> str:
    rc = built["roll_calls"].filter(pl.col("symbol") == symbol).select("body", "rcid")
    row = built["votes"].join(rc, on=["body", "rcid"]).filter(pl.col("iso3") == iso3)
    return str(row["vote"][0])


def test_bloc_vote_anchored_to_the_day_of_the_vote(built, tmp_path):
    """'Russia, Belarus, North Korea, Syria and Nicaragua voted against' (A/RES/ES-11/4, 12 October 2022)."""
    assert _vote(built, "A/RES/ES-11/4", "NIC") == "no" and _vote(built, "A/RES/ES-11/1", "NIC") == "abstain"
    members = '["RUS", "BLR", "PRK", "SYR", "NIC"]'
    path = tmp_path / "anchor.toml"
    path.write_text(f"""
[[claim]]
id = "day"
kind = "bloc_vote"
statement = "five voted against on Wednesday"
members = {members}
b = "UKR"
body = "GA"
vote = "no"
date = 2022-10-12

[[claim]]
id = "year"
kind = "bloc_vote"
statement = "five voted against (every 2022 resolution naming Ukraine)"
members = {members}
b = "UKR"
body = "GA"
vote = "no"
from = 2022
to = 2022

[[claim]]
id = "symbol"
kind = "bloc_vote"
statement = "five voted against A/RES/ES-11/4"
members = {members}
b = "UKR"
body = "GA"
vote = "no"
symbol = "A/RES/ES-11/4"

[[claim]]
id = "misprinted-symbol"
kind = "bloc_vote"
statement = "a symbol the data do not hold"
members = ["CHN", "PAK"]
b = "LKA"
body = "HRC"
vote = "no"
symbol = "A/HRC/51/5"

[[claim]]
id = "nicaragua-day"
kind = "votes_on_naming"
statement = "Nicaragua voted against on Wednesday"
a = "NIC"
b = "UKR"
body = "GA"
vote = "no"
date = 2022-10-12
""", encoding="utf-8")
    v = check_file(path, built).by_id()
    assert v["day"].verdict == "supported" and v["day"].rows["symbol"].to_list() == ["A/RES/ES-11/4"]
    assert v["year"].verdict == "contradicted" and "NIC" in v["year"].reason  # abstained on ES-11/1
    assert v["symbol"].verdict == "supported"
    assert v["misprinted-symbol"].verdict == "not checkable" and "A/HRC/51/5" in v["misprinted-symbol"].reason
    assert v["nicaragua-day"].verdict == "supported"


def test_anchoring_fields_are_validated(built, tmp_path):
    from analysis.claims import ClaimFormatError

    path = tmp_path / "bad.toml"
    path.write_text('[[claim]]\nid = "x"\nkind = "bloc_vote"\nstatement = "s"\nmembers = ["RUS", "BLR"]\n'
                    'b = "UKR"\nbody = "GA"\nvote = "no"\n', encoding="utf-8")
    with pytest.raises(ClaimFormatError, match="bloc_vote needs 'from' and 'to'.*'date'.*'symbol'"):
        read_claims_file(path, built["countries"])
    path.write_text('[[claim]]\nid = "x"\nkind = "votes_on_naming"\nstatement = "s"\na = "NIC"\nb = "UKR"\n'
                    'body = "GA"\nvote = "no"\ndate = 2022-10-12\nfrom = 2021\nto = 2021\n', encoding="utf-8")
    with pytest.raises(ClaimFormatError, match="date 2022-10-12 is not in the years 2021-2021"):
        read_claims_file(path, built["countries"])


def test_a_drafted_vote_on_a_day_is_anchored_to_it(drafter, built):
    draft = draft_article(ARTICLES / "thehill_2022-10-12.txt", dt.date(2022, 10, 12), drafter)
    dated = {c.fields.get("date") for c in draft.claims if c.kind in ("bloc_vote", "votes_on_naming", "tally")}
    assert dt.date(2022, 10, 12) in dated
    nicaragua = [c for c in draft.claims if c.fields.get("a") == "NIC"]
    assert nicaragua and nicaragua[0].fields["date"] == dt.date(2022, 10, 12) and nicaragua[0].fields["b"] == "UKR"
    eritrea = [c for c in draft.claims if c.fields.get("a") == "ERI"]  # "back in March": a year, not a day
    assert eritrea and "date" not in eritrea[0].fields and eritrea[0].fields["from"] == 2022


def test_not_encoded_sentences_say_why(drafter, built):
    draft = draft_article(SEED, dt.date(2026, 1, 24), drafter)
    reasons = {n.quote: n.reason for n in draft.not_encoded}
    assert any("$500 million" in q and "part of the trade" in r for q, r in reasons.items())
    assert any("Germany" in q and "sponsored" in r for q, r in reasons.items())
    assert any("several African nations" in q for q in reasons)
    lanka = draft_article(ARTICLES / "onlanka_2022-10-06.txt", dt.date(2022, 10, 6), drafter)
    assert any("Sri Lanka" in n.quote and "position, not a vote" in n.reason for n in lanka.not_encoded)
    assert not any(c.kind != "tally" and "LKA" in c.fields.get("members", [c.fields.get("a")])
                   for c in lanka.claims)


def test_an_article_without_claims_gives_an_empty_draft_that_says_why(drafter, built, tmp_path):
    path = tmp_path / "weather.txt"
    path.write_text("The weather in Geneva was mild on Tuesday, and the lake was calm. Visitors walked along the "
                    "shore and many cafes stayed open late into the evening for the first time this spring.",
                    encoding="utf-8")
    draft = draft_article(path, dt.date(2026, 3, 3), drafter)
    assert draft.claims == [] and "no sentence reports a UN vote" in draft.empty_reason
    assert "No claim drafted" in draft.toml()


# ------------------------------------------------------------------ command line


def test_cli_draft_writes_a_file_the_check_reads(built, tmp_path, capsys):
    out = tmp_path / "seed.toml"
    assert cli.main(["draft", str(SEED), "--date", "2026-01-24", "--out", str(out)]) == 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "claim(s)" in err and "2026-01-24 (given with --date)" in err
    assert cli.main(["claims", str(out)]) == 0
    assert "Summary:" in capsys.readouterr().out
    # an existing --out is not replaced without --force
    assert cli.main(["draft", str(SEED), "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err


def test_cli_draft_without_date_uses_the_date_line(built, capsys):
    assert cli.main(["draft", str(SEED)]) == 0
    captured = capsys.readouterr()
    assert "publication date 2026-01-24 (from the article: the date line)" in captured.err
    assert captured.out.startswith("# Claims drafted from")


@pytest.mark.parametrize(("content", "words"), [(b"", "no text"), (b"\x00\x01binary", "binary")])
def test_cli_draft_bad_input_is_one_line_exit_2(built, tmp_path, capsys, content, words):
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    assert cli.main(["draft", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("python -m analysis: error:") and words in err


def test_cli_draft_directory_and_bad_date(built, tmp_path, capsys):
    assert cli.main(["draft", str(tmp_path)]) == 2
    assert "a directory" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["draft", str(SEED), "--date", "24/01/2026"])
    assert exit_.value.code == 2


def test_cli_claims_html_marks_up_the_recorded_article(seed_draft, built, capsys):
    assert cli.main(["claims", str(seed_draft), "--format", "html"]) == 0
    html = capsys.readouterr().out
    parsed = read_claims_file(seed_draft, built["countries"])
    assert html.index('class="claims-article"') < html.index('class="claims-check"')
    for c in parsed.claims:
        assert f'id="quote-{c.id}"' in html and f'href="#quote-{c.id}"' in html and f'id="claim-{c.id}"' in html
    assert 'class="quote verdict-contradicted"' in html and 'class="quote verdict-supported"' in html


def test_cli_claims_article_option(built, capsys):
    assert cli.main(["claims", str(SEED_CLAIMS), "--format", "html", "--article", str(SEED)]) == 0
    html = capsys.readouterr().out  # the hand file has no quotes: the article is shown, nothing highlighted
    assert 'class="claims-article"' in html and 'class="quote verdict' not in html
    assert cli.main(["claims", str(SEED_CLAIMS), "--article", str(SEED)]) == 2
    assert "--format html only" in capsys.readouterr().err


def test_claims_json_keeps_quotes_and_offsets(seed_draft, built, capsys):
    assert cli.main(["claims", str(seed_draft), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    text = SEED.read_text(encoding="utf-8")
    for c in data["claims"]:
        assert text[c["quote_at"]:c["quote_end"]] == c["quote"]


def test_help_lists_draft_quickly():
    out = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True, check=True)
    assert "draft" in out.stdout
