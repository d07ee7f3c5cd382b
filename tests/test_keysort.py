"""``analysis.core.keysort.sort_by_key`` gives the order of ``DataFrame.sort`` (property tests on synthetic
frames, named as such: the real tables' order is checked by the build's tests and scripts/compare_processed.py)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.keysort import sort_by_key

CODES = ["PAK", "IRN", "USA", "ÅLA", "Zed", "abc", "CIV", "côte", "", "B"]  # non-ASCII, lower case, empty


@st.composite
def synthetic_frames(draw) -> pl.DataFrame:
    """A synthetic frame whose key (flag, year, a, b, flow) is unique, rows in a drawn order."""
    keys = draw(st.lists(st.tuples(st.booleans(), st.integers(-5, 3000), st.sampled_from(CODES),
                                   st.sampled_from(CODES), st.sampled_from(["import", "export"])),
                         min_size=0, max_size=60, unique=True))
    frame = pl.DataFrame(keys, schema={"flag": pl.Boolean, "year": pl.Int32, "a": pl.String, "b": pl.String,
                                       "flow": pl.Enum(["import", "export"])}, orient="row")
    return frame.with_columns(pl.int_range(pl.len()).alias("value"))


@settings(max_examples=200, deadline=None)
@given(synthetic_frames(), st.permutations(["flag", "year", "a", "b", "flow"]))
def test_the_order_of_sort_for_unique_keys(frame, keys):
    assert sort_by_key(frame, keys).equals(frame.sort(keys))


def test_a_key_with_nulls_or_too_wide_falls_back_to_sort():
    with_null = pl.DataFrame({"a": ["x", None, "b"], "n": [1, 2, 3]})
    assert sort_by_key(with_null, ["a", "n"]).equals(with_null.sort(["a", "n"]))
    wide = pl.DataFrame({"x": [2**40, 0, 5], "y": [0, 2**40, 7]}, schema={"x": pl.Int64, "y": pl.Int64})
    assert sort_by_key(wide, ["x", "y"]).equals(wide.sort(["x", "y"]))  # 41 + 41 bits: more than 64


def test_by_hand():
    # (source constant: no bits) year then reporter: 2001 < 2002; "IRN" < "PAK"
    frame = pl.DataFrame({"source": ["cow"] * 4, "year": [2002, 2001, 2002, 2001],
                          "reporter": ["PAK", "PAK", "IRN", "IRN"]})
    out = sort_by_key(frame, ["source", "year", "reporter"])
    assert out.rows() == [("cow", 2001, "IRN"), ("cow", 2001, "PAK"), ("cow", 2002, "IRN"), ("cow", 2002, "PAK")]
