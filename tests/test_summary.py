"""The verdict summary at the top of a report (analysis.claims.summary), on the seed article's real claims."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polars as pl
import pytest

from analysis.claims import check_file
from analysis.claims.checks import Verdict
from analysis.claims.model import read_claims_file
from analysis.claims.summary import primary_record, summary_html

SEED = Path(__file__).resolve().parents[1] / "claims" / "seed_article.toml"


@pytest.fixture(scope="module")
def seed(built):
    return check_file(SEED, built)


def _verdict(rows: pl.DataFrame, kind: str = "vote_on") -> Verdict:
    claim = next(c for c in read_claims_file(SEED).claims if c.kind == kind)
    return Verdict(claim, "supported", "reason.", rows)


def test_primary_record_prefers_the_voting_record_then_the_document_then_the_press():
    both = pl.DataFrame({"symbol": ["A/HRC/RES/58/21"], "record_url": ["https://searchlibrary.ohchr.org/record/31972"]})
    assert primary_record(_verdict(both)) == ("A/HRC/RES/58/21 (OHCHR voting record)",
                                              "https://searchlibrary.ohchr.org/record/31972")
    symbols = pl.DataFrame({"date": ["2024-12-17", "2025-12-18"], "symbol": ["A/RES/79/183", "A/RES/80/222"]})
    assert primary_record(_verdict(symbols)) == ("A/RES/80/222 (UN document)", "https://undocs.org/A/RES/80/222")
    known = {"A/RES/80/222": "https://digitallibrary.un.org/record/4096999"}  # a record URL the caller knows
    assert primary_record(_verdict(symbols), known)[0] == "A/RES/80/222 (UN Digital Library record)"
    press = pl.DataFrame({"url": [None, "https://example.org/story"]})
    assert primary_record(_verdict(press)) == ("the press report", "https://example.org/story")
    assert primary_record(_verdict(pl.DataFrame())) is None
    trade = _verdict(pl.DataFrame(), kind="trade_about")
    assert primary_record(trade, trade_source=("IMF DOTS", "https://data.imf.org/")) == ("IMF DOTS",
                                                                                          "https://data.imf.org/")


def test_one_card_per_claim_with_badge_sentence_and_record(seed, built):
    page = summary_html(seed)
    cards = re.findall(r'<li class="(verdict-[a-z-]+)" id="summary-claim-([^"]+)">(.*?)</li>', page, flags=re.S)
    assert [c[1] for c in cards] == [v.claim.id for v in seed.verdicts]  # every claim, in file order
    counts = {k: sum(c[0] == f"verdict-{k.replace(' ', '-')}" for c in cards) for k in seed.counts()}
    assert counts == seed.counts()
    first = dict((c[1], c[2]) for c in cards)["hrc-2026-against"]
    assert '<span class="verdict-badge">supported</span>' in first
    assert "Pakistan voted against A/HRC/RES/S-39/1 on 23 January 2026." in html.unescape(first)
    # the record that decides it: A/HRC/RES/S-39/1's OHCHR voting record, read from the roll call
    url = built["roll_calls"].filter(pl.col("symbol") == "A/HRC/RES/S-39/1")["record_url"][0]
    assert f'Record: <a href="{url}">A/HRC/RES/S-39/1 (OHCHR voting record)</a>' in first
    assert 'href="#claim-hrc-2026-against">analyst details</a>' in first
    # the story's contradictions follow the cards
    assert page.index("The story contradicts itself") > page.index("</ol>")


def test_no_hrc_symbol_with_a_voting_record_links_elsewhere(seed, built):
    """Every HRC/CHR symbol the summary links has its OHCHR record, not the UN document page."""
    page = summary_html(seed)
    records = dict(built["roll_calls"].filter(pl.col("record_url").is_not_null()).select("symbol", "record_url")
                   .unique("symbol").iter_rows())
    for url, label in re.findall(r'<a href="([^"]+)">([^<]+) \((?:UN document|OHCHR voting record)\)</a>', page):
        if label in records:
            assert url == records[label], label
