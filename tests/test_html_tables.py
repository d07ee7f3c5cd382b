"""Tables for people (analysis.reports.html_tables) on SYNTHETIC frames, expected values written out by hand."""

from __future__ import annotations

import base64
import re

import polars as pl

from analysis.reports.html_tables import FactsTable, frame_html


def test_a_long_table_shows_its_last_rows_all_behind_a_toggle_and_a_csv_of_every_row():
    frame = pl.DataFrame({"year": [2021, 2022, 2023, 2024], "agreement": [0.5, None, float("nan"), 0.75]})
    page = frame_html(frame, caption="Agreement by year", shown=2, last=True)
    visible = page.split("<details>")[0]
    assert "Agreement by year: last 2 of 4 rows" in visible
    assert re.findall(r"<tr><td class=\"num\">(\d+)</td>", visible) == ["2023", "2024"]
    assert "<summary>Show all 4 rows</summary>" in page
    assert visible.count("<td>—</td>") == 1 and ">nan<" not in page.lower()  # NaN shown as —, never "nan"
    data = re.search(r'download="agreement_by_year\.csv" href="data:text/csv;base64,([^"]+)"', page).group(1)
    assert base64.b64decode(data).decode() == "year,agreement\n2021,0.5\n2022,\n2023,NaN\n2024,0.75\n"


def test_a_short_table_is_shown_whole_without_toggle():
    page = frame_html(pl.DataFrame({"symbol": ["A/HRC/RES/58/21"],
                                    "record_url": ["https://searchlibrary.ohchr.org/record/31972"]}), shown=5)
    assert "<details>" not in page and "CSV" not in page
    assert '<a href="https://searchlibrary.ohchr.org/record/31972">A/HRC/RES/58/21</a>' in page


def test_facts_read_as_a_table_with_the_pair_s_names_and_stay_key_value_text():
    facts = FactsTable({"rank_of_b_among_partners_last_year": 83, "last_year": 2025, "hrc_years_b": None,
                        "joint_votes": 16368}, names=("Pakistan", "Iran"))
    assert repr(facts) == ("rank_of_b_among_partners_last_year: 83\nlast_year: 2025\nhrc_years_b: None\n"
                           "joint_votes: 16368")
    page = facts._repr_html_()
    assert "<th>Rank of Iran among partners last year</th><td>83</td>" in page
    assert "<th>Last year</th><td>2025</td>" in page  # a year without a thousands separator
    assert "<th>Human Rights Council years Iran</th><td>—</td>" in page
    assert "<th>Joint votes</th><td>16,368</td>" in page
