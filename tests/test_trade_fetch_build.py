"""End to end, offline: a fetched IMF response (real format) goes through the build into the
trade table, the mirror statistics and the dyad-year panel.

The build is of the unit tests' cut of the real raw data (``tests/fixtures/mini-raw``: COW 1950 and 2010-2014,
the Pakistan and Iran IMF workbooks), which holds every source the assertions name."""

from __future__ import annotations

import polars as pl
import pytest

from analysis import build
from analysis.fetch.trade import fetch_trade
from analysis.measures import trade
from tests.mini import MINI_RAW
from tests.test_fetch_trade import IMF_BYTES, IMF_G998, IMF_WORLD, FakeResponse, FakeSession, copy_raw, variant


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    """One fetch (offline, a real response relabelled) and one build for the module's tests."""
    tmp_path = tmp_path_factory.mktemp("fetched")
    tmp_raw = copy_raw(tmp_path, MINI_RAW)
    # The real IMTS response (USA's exports to two aggregates, 2023-2024) relabelled in memory as
    # Pakistan's exports to Iran (FOB) and Iran's imports from Pakistan (CIF): both reports of one flow.
    body = variant(
        IMF_BYTES,
        (IMF_WORLD, b'COUNTRY="PAK" INDICATOR="XG_FOB_USD" COUNTERPART_COUNTRY="IRN"'),
        (IMF_G998, b'COUNTRY="IRN" INDICATOR="MG_CIF_USD" COUNTERPART_COUNTRY="PAK"'),
    )
    session = FakeSession(FakeResponse(body))
    written = fetch_trade("PAK", "IRN", 2023, 2024, source="imf", raw_dir=tmp_raw, session=session)
    assert written
    out = tmp_path / "processed"
    with pytest.MonkeyPatch.context() as mp:  # a stage cache of its own, not the run's (a different raw folder)
        mp.setenv("UNALIGN_CACHE_DIR", str(tmp_path / "stage-cache"))
        report = build.build(raw=tmp_raw, out=out)
    assert any(note.startswith("imf-imts:") for note in report.notes)
    return {name: pl.read_parquet(out / f"{name}.parquet") for name in ("trade", "dyad_year")}


def test_fetched_rows_reach_the_trade_table_with_their_source(fetched):
    imf = fetched["trade"].filter(pl.col("source") == "imf_imts")
    assert set(imf["year"]) == {2023, 2024}
    assert set(zip(imf["reporter_iso3"], imf["flow"], imf["valuation"], strict=True)) == {
        ("PAK", "export", "FOB"), ("IRN", "import", "CIF")
    }


def test_mirror_gap_from_both_reports(fetched):
    table = trade.dyad_trade(fetched["trade"], "PAK", "IRN").filter(pl.col("source") == "imf_imts")
    for row in table.iter_rows(named=True):
        exports, imports = row["a_to_b_exports_reported"], row["a_to_b_imports_reported"]
        assert exports is not None and imports is not None
        assert row["a_to_b_mirror_gap_usd"] == pytest.approx(exports - imports / 1.06)
        assert (row["a_to_b_value_used"], row["a_to_b_used_side"]) == (imports, "importer CIF")


def test_panel_uses_fetched_years_after_the_shipped_data(fetched):
    panel = fetched["dyad_year"].filter((pl.col("iso3_a") == "IRN") & (pl.col("iso3_b") == "PAK"))
    by_year = dict(zip(panel["year"], panel["trade_source"], strict=True))
    assert by_year[1950] == "cow"  # before the DOTS workbooks begin
    assert by_year[2014] == "imf_dots"  # each importer's own report, shipped
    assert by_year[2023] == "imf_imts" and by_year[2024] == "imf_imts"
    row = panel.filter(pl.col("year") == 2023).row(0, named=True)
    # goods from PAK to IRN (b_to_a, the pair being IRN-PAK): Iran's own report of its imports
    assert row["trade_b_to_a_side"] == "imf_imts: importer's own report (CIF)"
