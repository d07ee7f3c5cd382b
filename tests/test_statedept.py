"""The US State Department's voting-practices reports as a dataset (``analysis.sources.statedept``).

Expected values are typed from the PDFs (``data/raw/statedept-voting-practices/``), with the PDF
page (1-based, the file's own numbering) next to each; the 2023 row of Pakistan was checked on a
rendering of the page ("Page 61 of 121": Pakistan, PAK, 19, 44, 25, 0, 36%).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfReader

from analysis.sources import SourceFormatError, pdf_text, statedept
from analysis.sources.statedept_layout import LAYOUTS

REPORTS = Path(__file__).resolve().parents[1] / "data" / "raw" / "statedept-voting-practices"


def page_text(year: int, page: int) -> str:
    """One page's text, read straight from the PDF with pypdf (the extractor the package used before PDFium)."""
    return PdfReader(REPORTS / LAYOUTS[year].file).pages[page - 1].extract_text()


def pdfium_text(year: int, page: int) -> str:
    """One page's text as the build reads it (PDFium, ``analysis.sources.pdf_text``)."""
    return pdf_text.page_texts({year: REPORTS / LAYOUTS[year].file}, {year: {page}})["text"][0]


@pytest.mark.parametrize(("year", "page", "expected"), [
    # (same, opposite, abstain or partial, absent, printed %)
    (2013, 21, (24, 44, 13, 2, 35.3)),  # "Pakistan 24 44 13 2 35.3% 83.3%"
    (2017, 10, (13, 59, 18, 3, 24.0)),  # "Pakistan 13 59 18 3 24%"
    (2021, 36, (15, 44, 25, 2, 33.0)),  # "Pakistan PAK 15 25 44 2 33%": this report prints Partial before Opposite
    (2023, 61, (19, 44, 25, 0, 36.0)),  # "Pakistan PAK 19 44 25 0 36%"
])
def test_overall_row_of_pakistan_read_from_the_pdf_page(year, page, expected):
    rows = statedept.overall_rows(LAYOUTS[year], [(page, page_text(year, page))])
    pak = [r for r in rows if r["country"] == "Pakistan"]
    assert len(pak) == 1
    r = pak[0]
    assert (r["same"], r["opposite"], r["abstain_or_partial"], r["absent"], r["published_pct"]) == expected
    assert r["page"] == page


def test_a_name_wrapped_over_two_lines_is_one_state():
    # 2016 report, PDF page 30: "Antigua and" / "Barbuda 48 46 2 3 51.1% 81.7%"
    rows = statedept.overall_rows(LAYOUTS[2016], [(30, page_text(2016, 30))])
    atg = [r for r in rows if r["country"] == "Antigua and Barbuda"]
    assert [(r["same"], r["opposite"], r["abstain_or_partial"], r["absent"]) for r in atg] == [(48, 46, 2, 3)]
    assert not any(r["country"] == "Barbuda" for r in rows)


@pytest.mark.parametrize(("year", "page", "country", "printed"), [
    # (the state whose row the two extractors break or space differently, as the PDF prints its name)
    (2017, 8, "DOM", "Dominican Republic"),  # PDFium: "DominicanRepublic 11 64 17 1 21%"
    (2023, 56, "PRK", "Democratic People’s Republic of Korea"),  # PDFium: "...Republic of" / "Korea" / "PRK 7 54 ..."
    (2021, 33, "AFG", "Afghanistan"),  # the heading's "Voting" / "Coincidence" lines just above the first row
    (2016, 34, "MKD", "The Former Yugoslav Republic of Macedonia"),  # a name over three lines
])
def test_pypdf_and_pdfium_texts_give_the_same_rows(year, page, country, printed):
    layout = LAYOUTS[year]
    old, new = (statedept.overall_rows(layout, [(page, text)]) for text in (page_text(year, page),
                                                                                 pdfium_text(year, page)))
    assert page_text(year, page) != pdfium_text(year, page)  # the texts differ (whitespace) ...
    assert old == new  # ... the rows do not
    if not old[0]["iso3"]:
        statedept._iso3(old, layout.file)
    assert [r["country"] for r in old if r["iso3"] == country] == [printed]


def test_pypdf_and_pdfium_texts_give_the_same_list_of_votes():
    # 2020 report, pages 28-32: "A/RES/75/237" / "A global call for concrete action ..." (the title's capital A
    # starts the next line: not a part letter)
    layout = LAYOUTS[2020]
    pages = range(layout.listed[0], layout.listed[1] + 1)
    lists = [statedept.listed_symbols(layout, [(p, read(2020, p)) for p in pages], layout.listed_start,
                                      layout.listed_end) for read in (page_text, pdfium_text)]
    assert lists[0] == lists[1] and len(lists[0]) == 100
    assert [r["part"] for r in lists[0] if r["symbol"] == "A/RES/75/237"] == [None]


def test_every_report_year_lists_192_states(built):
    table = built["statedept_coincidence"]
    counts = dict(table.group_by("year").len().iter_rows())
    assert counts == {y: 192 for y in (*range(2013, 2018), *range(2019, 2024))} | {2018: 192}
    assert table.filter(pl.col("iso3") == "USA").height == 0  # the reference is not in its own table
    assert table["iso3"].null_count() == 0


def test_pakistan_in_the_built_table(built):
    pak = built["statedept_coincidence"].filter(pl.col("iso3") == "PAK").sort("year")
    by_year = {r["year"]: r for r in pak.iter_rows(named=True)}
    r = by_year[2023]
    assert (r["same"], r["opposite"], r["abstain_or_partial"], r["absent"], r["published_pct"]) == (19, 44, 25, 0, 36)
    assert (r["definition"], r["basis"], r["page"]) == ("statedept-2021", "pdf", 61)
    # 2020 report, PDF page 36: "Pakistan PAK 14 22 62 2 26%" (Same, Partial, Opposite, Absent)
    assert (by_year[2020]["opposite"], by_year[2020]["abstain_or_partial"]) == (62, 22)
    # 2018: no PDF; the transcription "Pakistan,PAK,12,74,22,2,0.21", labelled secondary
    r = by_year[2018]
    assert (r["same"], r["opposite"], r["abstain_or_partial"], r["absent"]) == (12, 74, 22, 2)
    assert r["basis"] == "transcription (secondary: no PDF)" and r["page"] is None


def test_the_pdf_wins_over_a_transcription_and_the_difference_is_noted(built):
    table = built["statedept_coincidence"]
    # 2013: the transcription has Canada 18-0-0-0 (the 18 Israel-related votes); the PDF's overall table
    # (page 19) "Canada 71 8 4 0 89.9% 97.0%"
    canada = table.filter((pl.col("year") == 2013) & (pl.col("iso3") == "CAN")).row(0, named=True)
    assert (canada["same"], canada["opposite"], canada["published_pct"], canada["basis"]) == (71, 8, 89.9, "pdf")
    assert canada["transcription_note"].startswith("transcription: same 18 (PDF 71); opposite 0 (PDF 8)")
    # from 2019 the transcriptions agree with the PDFs on every state
    later = table.filter(pl.col("year").is_between(2019, 2023))
    assert later["transcription_note"].null_count() == later.height
    notes = built["report"].notes
    assert any("statedept 2013: 192 states" in n and "Israel-related" in n for n in notes)


def test_lists_of_votes(built):
    listed = built["statedept_votes"]
    important_2013 = listed.filter((pl.col("year") == 2013) & (pl.col("list") == "important"))["symbol"]
    # 2013 report, PDF pages 23-25: the 11 important votes, each "A/Res/68/.. <date> <tally>"
    assert sorted(important_2013.to_list()) == sorted(f"A/RES/68/{n}" for n in (8, 12, 13, 31, 43, 51, 80, 144,
                                                                                182, 184, 209))
    counts = dict(listed.filter(pl.col("list") == "counted").group_by("year").len().iter_rows())
    # the reports' lists: 2017 "RESOLUTIONS ADOPTED 'WITH A VOTE' (93 RESOLUTIONS)" (page 13), 2019 100, 2022 89
    assert (counts[2017], counts[2019], counts[2022]) == (93, 100, 89)
    assert 2013 not in counts  # the 2013-2016 reports do not list their votes
    # a misprint corrected, with its reason: 2014 report, page 30, "A/Res/227   December 19   131-46(US)-3"
    fixed = listed.filter((pl.col("year") == 2014) & (pl.col("symbol") == "A/RES/69/227")).row(0, named=True)
    assert fixed["printed"] == "A/RES/227" and "without its session" in fixed["correction"]


def test_a_missing_section_names_the_report():
    layout = LAYOUTS[2013]
    with pytest.raises(SourceFormatError, match="Voting-Practices-in-the-United-Nations-2013.pdf: section start"):
        statedept.listed_symbols(layout, [(1, "nothing here")], "IMPORTANT VOTES \n", None)
