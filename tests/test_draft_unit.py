"""Drafting claims from an article (issue 24), the parts that need no build: word tables, parsers, recognisers,
reading, the recall rule, the TOML writer and the marked-up article.

Sentences are real: from the seed article (../shared/seed-article.txt, copied to
tests/fixtures/articles/seed_2026-01-24.txt) and the reference articles in tests/fixtures/articles
(sources in their *.reference.toml), or the forms issue 24 quotes from stories. Expected values
are read off the sentences by hand.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import polars as pl
import pytest

from analysis.claims.draft import lexicon, values
from analysis.claims.draft.reading import ArticleError, date_line, english_share, html_text, read_article

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
SEED = ARTICLES / "seed_2026-01-24.txt"

# States the sentences below name, with their names from countrycode (no build needed).
CODES = ["PAK", "IRN", "CHN", "RUS", "USA", "ISR", "UKR", "CUB", "LKA", "SYR", "PRK", "BLR", "NIC", "ERI", "IND",
         "ZAF", "DEU", "GBR", "KOR", "MNE", "CIV", "BGD", "PHL", "POL", "ARG", "HUN", "PRY", "MKD", "AFG", "SAU"]


@pytest.fixture(scope="module")
def recogniser():
    from analysis.claims.draft.pipeline import Recogniser
    from analysis.core.countries import build_countries

    return Recogniser(build_countries(CODES))


def mentions(recogniser, text: str, label: str) -> list:
    """(text, value) of every mention with ``label`` in ``text``."""
    return [(m.text, m.value) for s in recogniser.sentences(text) for m in s.of(label)]


# ------------------------------------------------------------------ word tables


def test_demonyms_and_capitals_name_real_states():
    from analysis.core.countries import known_names

    codes = {c for v in known_names().values() for c in v}
    for table in (lexicon.DEMONYMS, lexicon.CAPITALS, lexicon.EXTRA_NAMES):
        unknown = {k: v for k, v in table.items() if v not in codes}
        assert not unknown, unknown
    assert lexicon.DEMONYMS["pakistani"] == "PAK" and lexicon.DEMONYMS["iranian"] == "IRN"
    assert lexicon.CAPITALS["tehran"] == "IRN" and lexicon.CAPITALS["islamabad"] == "PAK"
    # vague words are never states
    assert not {"island", "nation", "western", "african", "geneva"} & set(lexicon.DEMONYMS | lexicon.CAPITALS)


def test_group_adjectives_are_un_groups():
    from analysis.core.vocab import UN_GROUPS

    assert set(lexicon.GROUP_ADJECTIVES.values()) <= set(UN_GROUPS)
    assert lexicon.GROUP_ADJECTIVES["asian"] == "ASIA_PACIFIC"


# ------------------------------------------------------------------ parsers (number-parser, price-parser, dateparser)


@pytest.mark.parametrize(("text", "value"), [("21", 21), ("07", 7), ("seven", 7), ("twelve", 12), ("1,200", 1200)])
def test_numbers(text, value):
    assert values.whole(text) == value


@pytest.mark.parametrize(("text", "value"), [("third", 3), ("57th", 57), ("31st", 31), ("33rd", 33), ("first", 1)])
def test_ordinals(text, value):
    assert values.ordinal(text) == value


def test_money_with_scale_words():
    assert values.money("$2.5", "billion") == (2.5e9, "$")
    assert values.money("US$ 3", "bn") == (3e9, "US$")
    amount, currency = values.money("Rs 10", "billion")
    assert amount == 1e10 and not values.is_us_dollars(currency)
    assert values.is_us_dollars("$") and values.is_us_dollars("US$") and values.is_us_dollars("USD")


def test_dates_relative_to_publication():
    base = dt.date(2026, 1, 24)  # a Saturday
    assert values.date("23 January 2026", base) == dt.date(2026, 1, 23)
    assert values.date("Thursday", base) == dt.date(2026, 1, 22)
    assert values.date("Oct. 12", dt.date(2022, 10, 13)) == dt.date(2022, 10, 12)
    # a story published on a Wednesday about "Wednesday" means that day, not a week before
    assert values.date("Wednesday", dt.date(2022, 10, 12)) == dt.date(2022, 10, 12)
    assert values.date("September 2025", base).year == 2025


# ------------------------------------------------------------------ recognisers on real sentences


def test_states_by_name_short_name_demonym_and_capital(recogniser):
    found = mentions(recogniser, "Iranian Foreign Minister Abbas Araghchi expressed gratitude to his Pakistani "
                                 "counterpart Ishaq Dar.", "STATE")
    assert found == [("Iranian", "IRN"), ("Pakistani", "PAK")]
    found = mentions(recogniser, "Pakistan voted against a resolution critical of Iran's human rights record, "
                                 "aligning with Tehran's stance.", "STATE")
    assert found == [("Pakistan", "PAK"), ("Iran", "IRN"), ("Tehran", "IRN")]
    found = mentions(recogniser, "Those voting against this year's resolution were the U.S., Israel, Argentina.",
                     "STATE")
    assert [v for _, v in found] == ["USA", "ISR", "ARG"]
    assert mentions(recogniser, "Votes against: UK of Great Britain & Northern Ireland", "STATE") == [
        ("UK of Great Britain & Northern Ireland", "GBR")]


def test_vague_references_are_not_states(recogniser):
    text = "Thursday's vote tied the record of support for the Caribbean island nation. Let us see."
    assert mentions(recogniser, text, "STATE") == []
    assert mentions(recogniser, "Pakistan joined China, Russia, and several African nations in rejecting the Iran "
                                "measure.", "VAGUE_GROUP") == [("several African nations", "AFRICAN")]


@pytest.mark.parametrize(("text", "body"), [
    ("Araghchi thanked Pakistan for opposing the UNHRC resolution on Iran.", "HRC"),
    ("Iran has thanked Pakistan for its support at the United Nations Human Rights Council.", "HRC"),
    ("Iran consistently defends sovereignty at Geneva forums.", "HRC"),
    ("The U.N. General Assembly has voted overwhelmingly to condemn the embargo.", "GA"),
    ("UNGA adopted the text.", "GA"),
    ("The resolution was vetoed in the Security Council.", "SC"),
    ("The UNSC met on Friday.", "SC"),
])
def test_bodies(recogniser, text, body):
    assert [v for _, v in mentions(recogniser, text, "BODY")] == [body]


def test_other_councils_are_not_un_bodies(recogniser):
    text = "Pakistan prepares to host 35th OIC Council of Foreign Ministers in May 2026."
    assert mentions(recogniser, text, "BODY") == []


@pytest.mark.parametrize(("text", "vote"), [
    ("Pakistan voted against a resolution critical of Iran's human rights record.", "no"),
    ("Rwanda voted in favour of the resolution.", "yes"),
    ("In 2025, Pakistan abstained on a similar measure.", "abstain"),
    ("143 countries, including Rwanda, backed the resolution.", "yes"),
    ("Only Belarus, Nicaragua, North Korea and Syria sided with Russia in opposing the resolution.", "no"),
    ("Pakistan joined China, Russia, and several African nations in rejecting the Iran measure.", "no"),
    ("Syria, North Korea and Belarus joined Russia in voting against the text.", "no"),
    ("The 2024 vote saw Pakistan, China, and Russia form a blocking minority.", "no"),
])
def test_votes(recogniser, text, vote):
    assert [v for _, v in mentions(recogniser, text, "VOTE")] == [vote]


def test_siding_with_a_state(recogniser):
    text = "Pakistan supported Iran at the 57th UNHRC session in September 2025 against a similar resolution."
    assert [t for t, _ in mentions(recogniser, text, "SIDING")] == ["supported"]


@pytest.mark.parametrize(("text", "label", "value"), [
    ("Pakistan joined China in rejecting the Iran measure, which passed with a narrow 21-16 margin.", "PAIR_TALLY",
     [(21, 16)]),
    ("The resolution passed by 24 votes to 15, with 8 abstentions.", "PAIR_TALLY", [(24, 15)]),
    ("The draft was adopted with 25 in favour and 13 against.", "ROLE_NUM", [("yes", 25), ("no", 13)]),
    ("It was adopted by a vote of 132 in favour to 3 against with 5 abstentions.", "ROLE_NUM",
     [("yes", 132), ("no", 3), ("abstain", 5)]),
    ("adopted by 165 votes in favour, seven against, and twelve abstentions on Wednesday.", "ROLE_NUM",
     [("yes", 165), ("no", 7), ("abstain", 12)]),
    ("Votes In Favor: 20\n\nVotes Against: 07\n\nAbstentions: 20", "ROLE_NUM",
     [("yes", 20), ("no", 7), ("abstain", 20)]),
])
def test_tallies(recogniser, text, label, value):
    assert [v for _, v in mentions(recogniser, text, label)] == value


def test_counts_sessions_runs_and_terms(recogniser):
    assert mentions(recogniser, "The resolution passed the 47-member Council.", "MEMBERS") == [("47-member", 47)]
    assert mentions(recogniser, "with 47 member states voting on various resolutions", "MEMBERS") == [
        ("47 member states", 47)]
    assert mentions(recogniser, "The current council composition includes 18 Asian states.", "GROUP_COUNT") == [
        ("18 Asian states", (18, "ASIA_PACIFIC"))]
    assert [v for _, v in mentions(recogniser, "at the 57th UNHRC session in September 2025", "SESSION")] == ["57"]
    assert [v for _, v in mentions(recogniser, "the Council's 39th special session on Iran", "SESSION")] == ["S-39"]
    assert [v for _, v in mentions(recogniser, "This marks the third consecutive year Pakistan supported Iran.",
                                   "CONSECUTIVE")] == [3]
    assert [v for _, v in mentions(recogniser, "condemn the embargo for a 31st straightyear.", "CONSECUTIVE")] == [31]
    assert [v for _, v in mentions(recogniser, "Pakistan's two-year term expires in 2027.", "TERM")] == [2]


def test_money(recogniser):
    assert mentions(recogniser, "They discussed expanding trade volume currently at $2.5 billion annually.",
                    "MONEY") == [("$2.5 billion", (2.5e9, "$"))]
    assert [v for _, v in mentions(recogniser, "Two-way trade reached US$ 3 bn last year.", "MONEY")] == [
        (3e9, "US$")]
    assert [v[1] for _, v in mentions(recogniser, "Exports were worth Rs 10 billion.", "MONEY")] == ["Rs"]


def test_dates_and_symbols(recogniser):
    found = mentions(recogniser, "The session concluded on 22 January 2026, after the vote on Thursday.", "DATE")
    assert [t for t, _ in found] == ["22 January 2026", "Thursday"]
    text = "The new resolution A/HRC/51/5 was presented at the 51st regular session."
    assert mentions(recogniser, text, "SYMBOL") == [("A/HRC/51/5", "A/HRC/51/5")]


def test_headings_and_list_items_are_sentences(recogniser):
    text = (ARTICLES / "onlanka_2022-10-06.txt").read_text(encoding="utf-8")
    sentences = [s.text.strip() for s in recogniser.sentences(text)]
    assert "Voted in Favor:" in sentences and "Votes Against:" in sentences
    assert "Argentina" in sentences and "United States of America" in sentences


# ------------------------------------------------------------------ reading articles


def test_read_plain_text_and_its_date_line():
    article = read_article(SEED)
    assert not article.html and article.date == dt.date(2026, 1, 24) and article.date_source == "the date line"
    assert article.text.startswith("Tehran (The Palestine Telegraph Newspaper) 24 January 2026")
    assert date_line("no date here\nnor here") is None


def test_read_html_with_a_real_parser(tmp_path):
    page = ("<!doctype html><html><head><title>t</title><meta property=\"article:published_time\" "
            "content=\"2022-10-12T15:06:00Z\"><script>var x = '<p>not text</p>';</script></head><body>"
            "<nav>Home | World</nav><article><h1>UN vote</h1><p>Syria, North Korea, Belarus and Nicaragua "
            "<em>joined</em> Russia as the five opposing votes.</p><p>China &amp; India abstained.</p></article>"
            "</body></html>")
    path = tmp_path / "story.html"
    path.write_text(page, encoding="utf-8")
    text, date, source = html_text(page)
    assert date == dt.date(2022, 10, 12) and source == "<meta article:published_time>"
    assert "Syria, North Korea, Belarus and Nicaragua joined Russia as the five opposing votes." in text.splitlines()
    assert "China & India abstained." in text.splitlines()
    assert "not text" not in text and "Home | World" not in text
    article = read_article(path)
    assert article.html and article.date == dt.date(2022, 10, 12)


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "no text"),
    (b"   \n\n  ", "no text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
    (b"caf\xe9 au lait", "not UTF-8"),
    ("La Asamblea General de la ONU aprobó el miércoles una resolución que pide el fin del embargo impuesto por "
     "los Estados Unidos contra Cuba, con 187 votos a favor, dos en contra y una abstención, por trigésimo primer "
     "año consecutivo en la sede de las Naciones Unidas.".encode(), "not read as English"),
])
def test_bad_articles_raise_one_line(tmp_path, content, problem):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as err:
        read_article(path)
    message = err.value.one_line()
    assert str(path) in message and "\n" not in message
    assert problem.split()[-1] in message.replace("does not read", "not read")


def test_directory_missing_and_huge_files(tmp_path):
    with pytest.raises(ArticleError, match="a directory"):
        read_article(tmp_path)
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.seek(5 * 1024 * 1024 + 10)
        f.write(b"x")
    with pytest.raises(ArticleError, match="too large"):
        read_article(big)


def test_english_share_separates_english_from_spanish_and_german():
    from analysis.claims.draft.reading import MIN_STOPWORD_SHARE

    # the seed's prose (0.25) and the list-heavy onlanka page (0.19, mostly country names) read as English
    for name in ("seed_2026-01-24.txt", "onlanka_2022-10-06.txt"):
        assert english_share((ARTICLES / name).read_text(encoding="utf-8"))[0] > MIN_STOPWORD_SHARE, name
    spanish, _ = english_share("La Asamblea General aprobó una resolución que pide el fin del embargo contra Cuba.")
    german, _ = english_share("Die Generalversammlung der Vereinten Nationen hat am Mittwoch eine Resolution "
                              "verabschiedet, die ein Ende des Embargos gegen Kuba fordert.")
    assert spanish < MIN_STOPWORD_SHARE and german < MIN_STOPWORD_SHARE


# ------------------------------------------------------------------ the recall rule


def claim(kind: str, **params) -> object:
    from analysis.claims.model import Claim

    base = {"from": None, "to": None, "date": None}
    return Claim(id=params.pop("id", "x"), kind=kind, statement="s", params={**base, **params})


def test_matching_rule_compares_kind_states_body_vote_years_and_numbers():
    from analysis.claims.draft.recall import compare, matches

    ref = claim("bloc_vote", members=["PAK", "CHN", "RUS"], b="IRN", body="HRC", vote="no", **{"from": 2024,
                                                                                              "to": 2024})
    same = claim("bloc_vote", members=["RUS", "PAK", "CHN"], b="IRN", body="HRC", vote="no", **{"from": 2024,
                                                                                               "to": 2024})
    assert matches(same, ref)
    for change in ({"vote": "abstain"}, {"body": "GA"}, {"b": "ISR"}, {"from": 2025, "to": 2025},
                   {"members": ["PAK", "CHN"]}):
        other = claim("bloc_vote", **{**same.params, **change})
        assert not matches(other, ref), change
    tally = claim("tally", body="HRC", b="IRN", yes=21, no=16, abstain=None, **{"from": 2026, "to": 2026})
    assert not matches(claim("tally", **{**tally.params, "no": 15}), tally)
    dated = claim("votes_on_naming", a="NIC", b="UKR", body="GA", vote="no", date=dt.date(2022, 10, 12))
    by_year = claim("votes_on_naming", a="NIC", b="UKR", body="GA", vote="no", **{"from": 2022, "to": 2022})
    assert matches(by_year, dated) and matches(dated, by_year)
    assert not matches(claim("votes_on_naming", **{**dated.params, "date": dt.date(2022, 3, 2)}), dated)
    # a misread state in the same vote is wrong, another claim is extra
    result = compare("x", [claim("bloc_vote", **{**same.params, "b": "ISR"}), tally], [ref])
    assert len(result.wrong) == 1 and result.extra == [tally] and result.recall == 0.0


# ------------------------------------------------------------------ writing and the marked-up article


def test_draft_toml_is_valid_and_keeps_quotes(tmp_path):
    from analysis.claims.draft.assemble import DraftClaim, NotEncoded
    from analysis.claims.draft.writer import draft_toml

    text = SEED.read_text(encoding="utf-8")
    quote = "Pakistan voted against a resolution critical of Iran"
    at = text.index(quote)
    c = DraftClaim("hrc-pak-no-2026", "votes_on_naming", "Pakistan voted against ...", quote, at,
                   {"a": "PAK", "b": "IRN", "body": "HRC", "vote": "no", "from": 2026, "to": 2026,
                    "quantifier": "at_least_once"}, ["body: HRC (the story's last body)"])
    out = tmp_path / "draft.toml"
    toml = draft_toml([c], [NotEncoded("$500 million", 10, "a trade figure for part of the trade")],
                      article=SEED, published=dt.date(2026, 1, 24), date_basis="given", out=out)
    assert "# body: HRC (the story's last body)" in toml
    data = tomllib.loads(toml)
    [parsed] = data["claim"]
    assert text[parsed["quote_at"]:parsed["quote_at"] + len(parsed["quote"])] == quote
    assert data["source"]["date"] == dt.date(2026, 1, 24)
    assert any("Not encoded" in n and "$500 million" in n for n in data["source"]["notes"])


def test_article_html_highlights_and_links_every_quote():
    from analysis.claims.article import article_html, format_html_with_article
    from analysis.claims.checks import CONTRADICTED, SUPPORTED, Coverage, Report, Verdict
    from analysis.claims.model import Claim

    text = "Pakistan voted against a <resolution> on Iran. It passed 21-16.\nEnd."
    a = Claim("a-1", "votes_on_naming", "s", {}, quote="Pakistan voted against a <resolution> on Iran", quote_at=0)
    b = Claim("b 2", "tally", "s", {}, quote="21-16", quote_at=text.index("21-16"))
    c = Claim("c", "tally", "s", {}, quote="not in the text", quote_at=3)
    day = dt.date(2026, 1, 1)
    report = Report(Path("x.toml"), None, [], [Verdict(a, SUPPORTED, "r"), Verdict(b, CONTRADICTED, "r"),
                                              Verdict(c, CONTRADICTED, "r")], [],
                    Coverage({"HRC": (day, day)}, {}, {}))
    html = article_html(text, report)
    assert '<a class="quote verdict-supported" href="#claim-a-1"' in html
    assert '<a class="quote verdict-contradicted" href="#claim-b-2"' in html
    assert 'id="quote-a-1"' in html and 'id="quote-b-2"' in html
    assert "&lt;resolution&gt;" in html and "<resolution>" not in html
    assert "Quotes not found in this text: c" in html
    both = format_html_with_article(report, text)
    assert 'href="#quote-a-1"' in both and 'id="claim-a-1"' in both


def test_help_does_not_import_spacy():
    import subprocess
    import sys

    code = ("import sys; from analysis.cli import parser; parser().format_help(); "
            "print('spacy' in sys.modules, 'polars' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_countries_frame_for_the_recogniser_is_real():
    from analysis.core.countries import build_countries

    frame = build_countries(["PAK", "IRN"])
    assert isinstance(frame, pl.DataFrame) and set(frame["iso3"]) == {"PAK", "IRN"}
