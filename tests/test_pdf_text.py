"""PDF page texts (``analysis.sources.pdf_text``): files read in child interpreters give what one process reads."""

from __future__ import annotations

import shutil

import pytest

from analysis.sources import SourceFormatError, pdf_text
from analysis.sources.statedept import LAYOUTS, SOURCE


def _two_reports(raw_dir):
    years = sorted(LAYOUTS)[-2:]  # the two newest reports (real files of data/raw/statedept)
    return {y: raw_dir / SOURCE / LAYOUTS[y].file for y in years}, {y: set(sorted(LAYOUTS[y].pages())[:2])
                                                                     for y in years}


def test_children_read_what_one_process_reads(raw_dir):
    files, pages = _two_reports(raw_dir)
    one = pdf_text.page_texts(files, pages, workers=1)
    two = pdf_text.page_texts(files, pages, workers=2)
    assert one.height == 4 and one.equals(two)
    assert all(len(t) > 200 for t in one["text"])  # the table pages hold text, not scans


def test_a_bad_file_names_itself_from_a_child(raw_dir, tmp_path):
    files, pages = _two_reports(raw_dir)
    year = max(files)
    broken = tmp_path / files[year].name
    shutil.copyfile(files[year], broken)
    broken.write_bytes(broken.read_bytes()[:2000])  # a truncated download
    files[year] = broken
    with pytest.raises(SourceFormatError, match=rf"{broken.name}: not a readable PDF"):
        pdf_text.page_texts(files, pages, workers=2)
    files[year] = tmp_path / "absent.pdf"
    with pytest.raises(SourceFormatError, match=r"absent.pdf: missing \(listed in data/raw/datasets\)"):
        pdf_text.page_texts(files, pages, workers=2)
