"""analysis.core.registry on small SYNTHETIC tables: coverage, captions and BibTeX, values by hand."""

from __future__ import annotations

import datetime as dt
import shutil

import polars as pl

from analysis.core import paths, registry

D = dt.date


def _tables(tmp_path):
    """SYNTHETIC roll calls of two declared sources and trade of one, written as processed tables."""
    out = tmp_path / "processed"
    out.mkdir()
    pl.DataFrame({
        "body": ["GA", "GA", "GA", "HRC", "GA"],
        "source": ["unvotes", "unvotes", "dgacm", "ohchr", "dgacm"],
        "date": [D(1950, 3, 1), D(1990, 5, 2), D(2021, 1, 4), D(2010, 6, 1), D(2024, 12, 20)],
    }).write_parquet(out / "roll_calls.parquet")
    pl.DataFrame({"source": ["cow", "cow", "imf_dots"], "year": [1900, 2001, 1999]}).write_parquet(
        out / "trade.parquet")
    return out


def test_coverage_is_first_last_and_rows_by_hand(tmp_path):
    out = _tables(tmp_path)
    specs = {d.id: d.coverage for d in registry.load().values() if d.id in ("unvotes", "unga-dgacm", "cow-trade")}
    got = registry.coverage_of(specs, out)
    # unvotes: 1950-03-01 and 1990-05-02 (2 rows); dgacm: 2021-01-04 and 2024-12-20 (2 rows); COW: 1900, 2001
    assert got["unvotes"] == registry.Coverage(D(1950, 3, 1), D(1990, 5, 2), 2)
    assert got["unga-dgacm"] == registry.Coverage(D(2021, 1, 4), D(2024, 12, 20), 2)
    assert got["cow-trade"] == registry.Coverage(1900, 2001, 2)
    only_hrc = registry.coverage_of({"ohchr-voting": registry.get("ohchr-voting").coverage}, out, {"body": "HRC"})
    assert only_hrc["ohchr-voting"] == registry.Coverage(D(2010, 6, 1), D(2010, 6, 1), 1)
    assert registry.coverage_of(specs, tmp_path / "none")["unvotes"] == registry.Coverage(None, None, 0)


def test_caption_names_the_datasets_that_fill_the_rows_in_date_order(tmp_path):
    out = _tables(tmp_path)
    unvotes, dgacm = registry.get("unvotes").short, registry.get("unga-dgacm").short
    assert registry.caption(("roll_calls",), out, {"body": "GA"}) == (
        f"Sources: {unvotes}, 1950–1990; {dgacm}, 2021–2024.")
    ohchr = registry.get("ohchr-voting").short
    assert registry.caption(("roll_calls",), out, {"body": "HRC"}) == f"Source: {ohchr}, 2010."
    assert registry.caption(("events",), out) == "Source: no data in events."


def test_a_changed_table_changes_the_caption_without_a_code_change(tmp_path):
    out = _tables(tmp_path)
    before = registry.caption(("trade",), out)
    pl.DataFrame({"source": ["cow", "imf_dots", "imf_dots"], "year": [1900, 1999, 2023]}).write_parquet(
        out / "trade.parquet")
    after = registry.caption(("trade",), out)
    assert f"{registry.get('imf-dots').short}, 1999." in before
    assert f"{registry.get('imf-dots').short}, 1999–2023." in after


def test_bibtex_escapes_and_defaults(tmp_path):
    raw = tmp_path / "raw"
    (raw / "datasets").mkdir(parents=True)
    shutil.copy(paths.raw_dir() / "datasets" / "cow-trade.toml", raw / "datasets" / "cow-trade.toml")
    text = (raw / "datasets" / "cow-trade.toml").read_text(encoding="utf-8")
    (raw / "datasets" / "cow-trade.toml").write_text(
        text.replace('title = "Correlates of War Project Trade Data Set Codebook, Version 4.0"',
                     'title = "Trade & 100% of #flows"'), encoding="utf-8")
    bib = registry.bibtex(registry.load(raw).values())
    assert "  title = {Trade \\& 100\\% of \\#flows}," in bib
    assert "  url = {https://correlatesofwar.org/data-sets/bilateral-trade/}," in bib  # the declaration's URL
    assert "  note = {Version: 4.0. Licence: Free with citation.}" in bib
