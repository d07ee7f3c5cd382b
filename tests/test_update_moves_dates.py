"""Issue 22, part 5: an `update` that brings roll calls dated after the shipped data moves every date
the package shows — chart captions, the coverage line, `sources` and the claims check's coverage —
with no code change, because each reads the registry and the built tables.

On the unit tests' cut of the real raw data (tests/fixtures/mini-raw), its GA records cut further to before
session 80 (a copy without unga-dgacm/80.json and the special and emergency sessions' files, those of them it
holds), so the real UN Digital Library record of A/RES/80/214
(18 December 2025, tests/fixtures/undl, a recorded page) is dated after them. The session below
serves that recorded page; nothing goes to the network. The build runs without the alignment and
ideal-point stages (``with_alignment=False``): nothing checked here reads them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from pathlib import Path

import polars as pl
import tomlkit

from analysis import build as build_mod
from analysis import cli
from analysis import update as update_mod
from analysis.claims.data import coverage as claims_coverage
from analysis.core import paths, registry
from analysis.reports import charts
from tests.mini import MINI_RAW

FIXTURES = Path(__file__).parent / "fixtures" / "undl"
GA_PAGE = (FIXTURES / "ga_A-RES-80-214_rec4096564_excerpt.xml").read_bytes()  # A/RES/80/214, 2025-12-18
SC_PAGE = (FIXTURES / "sc_S-RES-1231-1999_rec1488607_bibliographic.xml").read_bytes()  # no roll call
CUT = ("unga-dgacm/80.json", "unga-dgacm/ES-10.json", "unga-dgacm/ES-11.json", "unga-dgacm/S-32.json")


class RecordedPages:
    """Serves the recorded pages: the GA record for a General Assembly search, the SC page otherwise."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def get(self, url, headers=None, timeout=None):
        self.urls.append(url)
        body = GA_PAGE if "General+Assembly" in url else SC_PAGE
        return type("Response", (), {"status_code": 200, "content": body})()


def _cut_raw(raw_dir: Path, tmp_path: Path) -> Path:
    """``raw_dir`` as links, its declarations copied, without the GA files of session 80 and later."""
    raw = tmp_path / "raw"
    (raw / "datasets").mkdir(parents=True)
    for path in sorted((raw_dir / "datasets").glob("*.toml")):
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
        if "file" in doc:
            kept = [f for f in doc["file"] if str(f["path"]) not in CUT]
            del doc["file"]
            if kept:
                doc["file"] = tomlkit.aot()
                for f in kept:
                    doc["file"].append(f)
                    target = raw / str(f["path"])
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.symlink_to(raw_dir / str(f["path"]))
        (raw / "datasets" / path.name).write_text(tomlkit.dumps(doc), encoding="utf-8")
    return raw


def _shown(capsys) -> dict[str, object]:
    """What a reader sees, read the way the package reads it (paths from the environment)."""
    assert cli.main(["sources", "--format", "json"]) == 0
    sources = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    seed = str(paths.ROOT / "claims" / "seed_article.toml")  # absolute: another test of the worker may chdir
    assert cli.main(["claims", seed, "--format", "json"]) in (0, 1)
    claims = json.loads(capsys.readouterr().out)
    out = Path(os.environ["UNALIGN_PROCESSED_DIR"])  # the coverage line the claims check prints, from the same tables
    tables = {t: pl.scan_parquet(out / f"{t}.parquet") for t in ("roll_calls", "trade")}
    line = "; ".join(claims_coverage(tables).lines())
    return {"caption": charts.votes_source("GA"), "sources": sources, "claims_coverage": claims["coverage"],
            "coverage_line": line}


def test_an_update_with_later_roll_calls_moves_every_date_shown(mini_built, tmp_path, monkeypatch, capsys):
    # on the unit tests' cut of the raw data, its stage cache reused (mini_built): only the cut GA stages are computed
    raw, out = _cut_raw(MINI_RAW, tmp_path), tmp_path / "processed"
    monkeypatch.setenv("UNALIGN_CACHE_DIR", str(mini_built["cache"]))
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(raw))
    monkeypatch.setenv("UNALIGN_PROCESSED_DIR", str(out))
    monkeypatch.setattr(build_mod, "build", functools.partial(build_mod.build, with_alignment=False))
    build_mod.build(raw=raw, out=out)
    roll_calls = pl.read_parquet(out / "roll_calls.parquet")
    shipped_end = roll_calls.filter(pl.col("source") == "dgacm")["date"].max()
    ga_start = roll_calls.filter(pl.col("body") == "GA")["date"].min()  # the cut's first GA roll call
    assert shipped_end < dt.date(2025, 12, 18)  # the cut data end before the recorded record
    before = _shown(capsys)

    session = RecordedPages()
    report = update_mod.update(since=dt.date(2025, 12, 1), raw_dir=raw, out=out, session=session,
                               log=lambda line: None, today=dt.date(2026, 12, 2))
    assert report.changes == ["roll calls GA (undl): +1"]
    assert any("General+Assembly" in u for u in session.urls)
    after = _shown(capsys)

    # chart captions: the fetched dataset appears with its year, by its declared name
    assert "UN Digital Library voting records" not in before["caption"]
    assert "UN Digital Library voting records, 2025" in after["caption"]
    # `sources`: the fetched dataset's coverage is the new record's date, from the built table
    assert before["sources"]["undl"]["coverage"]["rows"] == 0
    assert after["sources"]["undl"]["coverage"] == {"table": "roll_calls", "first": "2025-12-18",
                                                   "last": "2025-12-18", "rows": 1}
    # the claims check's coverage line: the GA's last date moves from the shipped end to the new record
    assert before["claims_coverage"]["votes"]["GA"]["last"] == str(shipped_end)
    assert after["claims_coverage"]["votes"]["GA"]["last"] == "2025-12-18"
    assert f"GA votes {ga_start} to {shipped_end} (" in before["coverage_line"]
    assert f"GA votes {ga_start} to 2025-12-18 (" in after["coverage_line"]
    assert "UN Digital Library voting records 2025-12-18 to 2025-12-18" in after["coverage_line"]
    # and the table the claims check reads says the same
    tables = {t: pl.scan_parquet(out / f"{t}.parquet") for t in ("roll_calls", "trade")}
    assert claims_coverage(tables).votes["GA"][1] == dt.date(2025, 12, 18)
    assert registry.get("undl", raw).files[0].path.startswith("undl/GA/")  # recorded in its declaration
