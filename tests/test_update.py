"""``python -m analysis update``: every fetcher, then the build; offline it changes nothing (analysis.update)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import polars as pl
import pytest
import requests

from analysis import update as update_mod
from analysis.cli import main


class OfflineSession:
    """A session whose every request fails as it does without a network (DNS failure)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def get(self, url, **kwargs):
        self.urls.append(url)
        raise requests.ConnectionError(f"Failed to resolve host for {url} (offline)")


def _checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small_raw(tmp_path: Path, raw_dir: Path) -> Path:
    """A raw folder with the real manifest and the small files the fetchers look at (no build runs offline)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copytree(raw_dir / "datasets", raw / "datasets")
    for folder in ("un-press-votes", "gdelt", "reported"):
        shutil.copytree(raw_dir / folder, raw / folder)
    return raw


def test_update_offline_changes_nothing_and_reports_each_fetcher(small_raw, tmp_path):
    before = _checksums(small_raw)
    session = OfflineSession()
    lines: list[str] = []
    with pytest.raises(update_mod.UpdateError, match=r"4 fetcher\(s\) failed, the build did not run"):
        update_mod.update("PAK", "IRN", raw_dir=small_raw, out=tmp_path / "processed", session=session,
                          log=lines.append, today=dt.date(2026, 12, 2))
    assert _checksums(small_raw) == before  # same files, same bytes: nothing written, nothing removed
    assert not (tmp_path / "processed").exists()  # the build did not run
    assert [line.split(":")[0] for line in lines] == [
        "fetch votes --body GA", "fetch votes --body SC", "fetch trade --a PAK --b IRN",
        "fetch gdelt --countries PAK,IRN"]
    assert all(": failed: " in line and len(line.splitlines()) == 1 for line in lines)
    hosts = {url.split("/")[2] for url in session.urls}
    assert {"digitallibrary.un.org", "api.imf.org", "data.gdeltproject.org"} <= hosts  # every fetcher was tried


def test_update_offline_from_the_command_line_exits_2_with_one_line_each(small_raw, monkeypatch, capsys):
    from analysis.fetch import gdelt, trade, votes

    for module in (gdelt, trade, votes):
        monkeypatch.setattr(module, "_default_session", OfflineSession)
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(small_raw))
    before = _checksums(small_raw)
    assert main(["update", "--a", "Pakistan", "--b", "IRN", "--since", "2025-11-01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("python -m analysis: error: 4 fetcher(s) failed, the build did not run")
    assert sum(": failed: " in line for line in err[:-1]) == 4
    assert _checksums(small_raw) == before


@pytest.mark.parametrize(("argv", "message"), [
    (["update", "--a", "PAK"], "give both --a and --b, or neither"),
    (["update", "--a", "PAK", "--b", "Pakistan"], "the same state (PAK)"),
    (["update", "--since", "2026-13-01"], "not a date YYYY-MM-DD"),
])
def test_update_argument_errors_are_one_line(argv, message, capsys):
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own errors exit from the parser
        status = exc.code
    assert status == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err


def test_update_without_a_pair_fetches_votes_then_builds_and_says_what_changed(tmp_path, monkeypatch):
    """The fetchers and the build replaced by stand-ins: the order, the skipped pair fetchers, the change list."""
    from analysis import build as build_mod
    from analysis.fetch import votes

    calls: list[str] = []

    class Result:
        def __init__(self, body: str) -> None:
            self.body = body

        def summary(self) -> list[str]:
            return [f"{self.body}: 2 new roll calls (2026-11-03..2026-11-20) in 1 page"]

    def fake_fetch(body, **kwargs):
        calls.append(f"votes {body} since={kwargs['since']}")
        return Result(body)

    out = tmp_path / "processed"
    out.mkdir()
    rc = pl.DataFrame({"body": ["GA", "SC"], "source": ["dgacm", "un_press"], "rcid": [1, 2]})
    rc.write_parquet(out / "roll_calls.parquet")

    def fake_build(raw, out):
        calls.append("build")
        pl.DataFrame({"body": ["GA", "SC", "SC", "SC"], "source": ["dgacm", "un_press", "undl", "undl"],
                      "rcid": [1, 2, 3, 4]}).write_parquet(out / "roll_calls.parquet")
        return "built in 1.0 s\n  roll_calls: 4 rows"

    monkeypatch.setattr(votes, "fetch_votes", fake_fetch)
    monkeypatch.setattr(build_mod, "build", fake_build)
    report = update_mod.update(since=dt.date(2026, 11, 1), raw_dir=tmp_path, out=out, log=lambda line: None)
    assert calls == ["votes GA since=2026-11-01", "votes SC since=2026-11-01", "build"]
    assert report.fetched[-1] == "fetch trade, fetch gdelt: skipped (they need a pair: --a A --b B)"
    assert report.changes == ["roll calls SC (undl): +2"]
    assert "what changed:\n  roll calls SC (undl): +2" in str(report)


def test_changes_by_hand():
    before = {"roll_calls": {("GA", "dgacm"): 10}, "trade": {"imf_imts": {2015, 2016}},
              "gdelt_days": {dt.date(2026, 11, 1)}}
    after = {"roll_calls": {("GA", "dgacm"): 10, ("GA", "undl"): 3},
             "trade": {"imf_imts": {2015, 2016, 2017, 2018}, "comtrade": {2020}},
             "gdelt_days": {dt.date(2026, 11, 1), dt.date(2026, 11, 2), dt.date(2026, 11, 3)}}
    assert update_mod.changes(before, after) == [
        "roll calls GA (undl): +3", "trade years (comtrade): 1 new, 2020–2020", "trade years (imf_imts): 2 new, "
        "2017–2018", "GDELT event days: 2 new, 2026-11-02 to 2026-11-03"]
    assert update_mod.changes(after, after) == ["nothing new"]
