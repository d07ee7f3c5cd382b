"""The order ``make test`` hands out its files in (``LONGEST_FIRST`` in tests/conftest.py) names files that exist."""

from __future__ import annotations

from analysis.core.paths import ROOT
from tests.conftest import LONGEST_FIRST


def test_the_longest_files_listed_first_exist_once_each():
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)
    missing = [path for path in LONGEST_FIRST if not (ROOT / path).is_file()]
    assert missing == [], f"tests/conftest.py LONGEST_FIRST names files that are gone: {missing}"
