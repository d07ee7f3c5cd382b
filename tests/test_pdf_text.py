"""PDF page texts (``analysis.sources.pdf_text``): the pages asked for, in order; a bad file names itself."""

from __future__ import annotations

import shutil

import pytest

from analysis.sources import SourceFormatError, pdf_text
from analysis.sources.statedept import LAYOUTS, SOURCE


def _two_reports(raw_dir):
    years = sorted(LAYOUTS)[-2:]  # the two newest reports (real files of data/raw/statedept)
    return {y: raw_dir / SOURCE / LAYOUTS[y].file for y in years}, {y: set(sorted(LAYOUTS[y].pages())[:2])
                                                                     for y in years}


def test_the_pages_asked_for_in_order(raw_dir):
    files, pages = _two_reports(raw_dir)
    texts = pdf_text.page_texts(files, pages)
    assert texts.rows() == sorted(texts.rows())
    assert [(y, p) for y, p, _ in texts.rows()] == [(y, p) for y in sorted(pages) for p in sorted(pages[y])]
    assert all(len(t) > 200 for t in texts["text"])  # the table pages hold text, not scans
    # 2023 report, PDF page 61 (the overall table): "Pakistan PAK 19 44 25 0 36%"
    page_61 = pdf_text.page_texts({2023: files[2023]}, {2023: {61}})["text"][0]
    assert "Pakistan PAK 19 44 25 0 36%" in page_61


def test_a_bad_file_names_itself(raw_dir, tmp_path):
    files, pages = _two_reports(raw_dir)
    year = max(files)
    broken = tmp_path / files[year].name
    shutil.copyfile(files[year], broken)
    broken.write_bytes(broken.read_bytes()[:2000])  # a truncated download
    files[year] = broken
    with pytest.raises(SourceFormatError, match=rf"{broken.name}: not a readable PDF"):
        pdf_text.page_texts(files, pages)
    files[year] = tmp_path / "absent.pdf"
    with pytest.raises(SourceFormatError, match=r"absent.pdf: missing \(listed in data/raw/datasets\)"):
        pdf_text.page_texts(files, pages)
    with pytest.raises(SourceFormatError, match=r"pages, page 999 asked for"):
        pdf_text.page_texts({2022: raw_dir / SOURCE / LAYOUTS[2022].file}, {2022: {999}})
