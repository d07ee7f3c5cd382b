"""The GDELT fetcher with a fake transport (no network): resumption, offline, gaps, manifest.

The fake serves, for each 15-minute URL, a zip made from rows of the real shipped export (its
first 300 rows plus every Iran-UK row, to keep the tests fast) with DATEADDED set to the URL's
timestamp and the GLOBALEVENTIDs shifted per file (so every file has its own events, as real
exports do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest
import requests

from analysis.core import manifest
from analysis.fetch import gdelt as fg
from analysis.sources import cameo, gdelt
from tests.raw_registry import declare, declared_files

EXPORT = "gdelt/20191024143000.export.CSV"
COUNTRIES = ["IRN", "GBR"]
DAY = dt.date(2024, 1, 1)
NOW = dt.datetime(2024, 6, 1, 12, 0)


class Interrupted(Exception):
    """Stands for a crash or Ctrl-C in the middle of a run."""


class FakeResponse:
    def __init__(self, content: bytes, status_code: int = 200):
        self.content = content
        self.status_code = status_code


class FakeSession:
    """Serves export zips made from the real file; ``fail_after`` raises ``error`` on that call."""

    _zips: dict[str, bytes] = {}

    def __init__(self, real: bytes, fail_after: int | None = None, error: BaseException | None = None,
                 statuses: dict[str, int] | None = None, bodies: dict[str, bytes] | None = None):
        self.real = real
        self.fail_after = fail_after
        self.error = error or Interrupted("interrupted")
        self.statuses = statuses or {}
        self.bodies = bodies or {}
        self.calls: list[str] = []

    def get(self, url, timeout=None, headers=None):
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            self.calls.append(url)
            raise self.error
        self.calls.append(url)
        stamp = re.search(r"/(\d{14})\.export\.CSV\.zip$", url)[1]
        if stamp in self.statuses:
            return FakeResponse(b"<html>not found</html>", self.statuses[stamp])
        if stamp in self.bodies:
            return FakeResponse(self.bodies[stamp])
        return FakeResponse(self.zip_for(stamp))

    def zip_for(self, stamp: str) -> bytes:
        if stamp not in self._zips:
            offset = int(stamp[6:12])  # DDHHMM: unique per file within a month
            lines = []
            for line in self.real.decode("utf-8").split("\n"):
                if not line:
                    continue
                fields = line.split("\t")
                fields[0] = str(int(fields[0]) * 1000 + offset % 1000 + 1_000_000 * (offset // 1000))
                fields[59] = stamp
                lines.append("\t".join(fields))
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                archive.writestr(f"{stamp}.export.CSV", "\n".join(lines) + "\n")
            self._zips[stamp] = buffer.getvalue()
        return self._zips[stamp]


A1, A2 = gdelt.COLUMNS.index("Actor1CountryCode"), gdelt.COLUMNS.index("Actor2CountryCode")


def _pair(line: str) -> bool:
    fields = line.split("\t")
    return {fields[A1], fields[A2]} == set(COUNTRIES)


@pytest.fixture(scope="module")
def real(raw_dir: Path) -> bytes:
    lines = (raw_dir / EXPORT).read_text(encoding="utf-8").split("\n")[:-1]
    kept = [line for i, line in enumerate(lines) if i < 300 or _pair(line)]
    return ("\n".join(kept) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def rows_per_file(real: bytes) -> int:
    count = sum(1 for line in real.decode("utf-8").split("\n") if line and _pair(line))
    assert count == 6  # IRN -> GBR and GBR -> IRN rows of the real file
    return count


@pytest.fixture
def tmp_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    declare(raw, "gdelt-events")
    return raw


def fetch(raw: Path, session: FakeSession, start: dt.date = DAY, end: dt.date = DAY, **kw) -> fg.FetchResult:
    return fg.fetch_gdelt(start, end, COUNTRIES, raw_dir=raw, session=session, progress=False,
                          log=lambda m: None, now=NOW, **kw)


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def entries(raw: Path) -> list[dict]:
    return declared_files(raw, "gdelt-events")


def without_retrieved(entry: dict) -> dict:
    return {**entry, "origin": re.sub(r"retrieved \S+", "retrieved ...", entry["origin"])}


def test_stamps_and_urls():
    day = fg.stamps(DAY, DAY, NOW)
    assert len(day) == 96 and day[0] == "20240101000000" and day[-1] == "20240101234500"
    assert fg.export_url(day[1]) == "http://data.gdeltproject.org/gdeltv2/20240101001500.export.CSV.zip"
    assert fg.stamps(dt.date(2015, 2, 1), dt.date(2015, 2, 18), NOW) == [
        "20150218230000", "20150218231500", "20150218233000", "20150218234500"]
    assert fg.stamps(DAY, DAY, dt.datetime(2024, 1, 1, 1, 0)) == ["20240101000000", "20240101001500",
                                                                  "20240101003000", "20240101004500"]


@pytest.fixture(scope="module")
def one_day(real, tmp_path_factory) -> tuple[Path, FakeSession, fg.FetchResult]:
    """One run over one day into a raw folder of its own: (the folder, its session, its result); the tests that
    use it only read the folder (a test that runs again works on a copy)."""
    raw = tmp_path_factory.mktemp("one-day") / "raw"
    raw.mkdir()
    declare(raw, "gdelt-events")
    session = FakeSession(real)
    return raw, session, fetch(raw, session)


def test_one_day_is_one_partition_with_its_manifest_entry(one_day, rows_per_file, raw_dir):
    tmp_raw, session, result = one_day
    target = tmp_raw / "gdelt/events/GBR-IRN/date=2024-01-01/events.parquet"
    assert result.partitions == [target] and result.downloaded == 96 and result.missing == []
    assert len(session.calls) == 96 and len(set(session.calls)) == 96
    table = pl.read_parquet(target)
    assert table.height == 96 * rows_per_file == result.rows
    assert {k: v for k, v in table.schema.items()} == gdelt.SCHEMA
    assert table["GLOBALEVENTID"].is_sorted() and table["GLOBALEVENTID"].is_unique().all()
    assert set(table["DATEADDED"].str.slice(0, 8)) == {"20240101"}
    assert set(zip(table["Actor1CountryCode"], table["Actor2CountryCode"], strict=True)) <= {("IRN", "GBR"),
                                                                                           ("GBR", "IRN")}
    [entry] = entries(tmp_raw)
    assert entry["path"] == "gdelt/events/GBR-IRN/date=2024-01-01/events.parquet"
    assert entry["source"] == "gdelt-events" and entry["sha256"] == manifest.sha256_of(target)
    assert entry["bytes"] == target.stat().st_size
    assert "20240101000000.export.CSV.zip to" in entry["origin"] and "(96 files)" in entry["origin"]
    manifest.verify(raw_dir=tmp_raw)  # every file listed; the state file is hidden
    assert not list(tmp_raw.rglob(f"*{fg.PART_SUFFIX}"))  # staged parts removed
    events = gdelt.read_events(tmp_raw, cameo.read(raw_dir))
    assert events.height == table.height


def test_a_second_run_downloads_nothing(one_day, real, tmp_path):
    tmp_raw = shutil.copytree(one_day[0], tmp_path / "raw")  # the folder after a first run over the day
    before = snapshot(tmp_raw)
    session = FakeSession(real)
    result = fetch(tmp_raw, session)
    assert session.calls == [] and result.downloaded == 0 and len(result.partitions) == 1
    assert snapshot(tmp_raw) == before


@pytest.fixture(scope="module")
def uninterrupted(real, tmp_path_factory) -> Path:
    """One uninterrupted run over two days."""
    whole = tmp_path_factory.mktemp("whole")
    declare(whole, "gdelt-events")
    fetch(whole, FakeSession(real), DAY, DAY + dt.timedelta(days=1))
    return whole


@pytest.mark.parametrize("k", [1, 95, 120])
def test_interrupted_run_resumes_with_only_the_remaining_files(tmp_path, real, uninterrupted, k):
    start, end = DAY, DAY + dt.timedelta(days=1)
    urls = [fg.export_url(s) for s in fg.stamps(start, end, NOW)]
    whole = uninterrupted

    resumed = tmp_path / "resumed"
    resumed.mkdir()
    declare(resumed, "gdelt-events")
    first = FakeSession(real, fail_after=k)
    with pytest.raises(Interrupted):
        fetch(resumed, first, start, end)
    assert first.calls == urls[: k + 1]
    state = json.loads((resumed / "gdelt/events/GBR-IRN" / fg.STATE_FILE).read_text())
    assert sorted(state["done"]) == [fg.stamps(start, end, NOW)[i] for i in range(k)]
    assert (resumed / "gdelt/events/GBR-IRN/date=2024-01-01/events.parquet").exists() == (k >= 96)

    second = FakeSession(real)
    fetch(resumed, second, start, end)
    assert second.calls == urls[k:]  # each file downloaded once (the interrupted call had no answer)

    for day in ("2024-01-01", "2024-01-02"):
        rel = f"gdelt/events/GBR-IRN/date={day}/events.parquet"
        assert pl.read_parquet(resumed / rel).equals(pl.read_parquet(whole / rel))
    assert [without_retrieved(e) for e in entries(resumed)] == [without_retrieved(e) for e in entries(whole)]
    assert (resumed / "gdelt/events/GBR-IRN" / fg.STATE_FILE).read_text() == \
        (whole / "gdelt/events/GBR-IRN" / fg.STATE_FILE).read_text()
    assert not list(resumed.rglob(f"*{fg.PART_SUFFIX}"))


def test_interrupted_while_merging_a_day_is_finished_by_the_next_run(tmp_raw, real, monkeypatch):
    calls = {"n": 0}
    real_record = fg.record

    def crash(raw_dir, entry):
        calls["n"] += 1
        raise Interrupted("crash while recording the file in its declaration")

    monkeypatch.setattr(fg, "record", crash)
    with pytest.raises(Interrupted):
        fetch(tmp_raw, FakeSession(real))
    assert calls["n"] == 1 and entries(tmp_raw) == []
    assert list(tmp_raw.rglob(f"*{fg.PART_SUFFIX}"))  # the parts are kept until the day is recorded
    monkeypatch.setattr(fg, "record", real_record)
    session = FakeSession(real)
    result = fetch(tmp_raw, session)
    assert session.calls == [] and len(result.partitions) == 1 and len(entries(tmp_raw)) == 1
    manifest.verify(raw_dir=tmp_raw)


def test_parts_staged_as_parquet_by_an_earlier_version_are_merged(tmp_raw, real, rows_per_file, tmp_path):
    """A fetch interrupted before an upgrade resumes: the parts it staged as Parquet are merged with the new ones
    (GDELT's first day, four files: two staged before the upgrade, two after) and removed."""
    first = dt.date(2015, 2, 18)
    with pytest.raises(Interrupted):
        fetch(tmp_raw, FakeSession(real, fail_after=2), first, first)
    folder = tmp_raw / "gdelt/events/GBR-IRN/date=2015-02-18"
    staged = sorted(folder.glob(f".*{fg.PART_SUFFIX}"))
    assert len(staged) == 2
    for part in staged:  # as an earlier version staged them
        pl.read_ipc(part).write_parquet(part.with_name(part.name.replace(fg.PART_SUFFIX, fg.OLD_PART_SUFFIX)))
        part.unlink()
    session = FakeSession(real)
    result = fetch(tmp_raw, session, first, first)
    assert len(session.calls) == 2 and result.partitions == [folder / "events.parquet"]
    whole = tmp_path / "whole"
    declare(whole, "gdelt-events")
    fetch(whole, FakeSession(real), first, first)
    merged = pl.read_parquet(result.partitions[0])
    assert merged.height == 4 * rows_per_file
    assert merged.equals(pl.read_parquet(whole / "gdelt/events/GBR-IRN/date=2015-02-18/events.parquet"))
    assert sorted(p.name for p in folder.iterdir()) == ["events.parquet"]


def test_recording_keeps_the_declaration_and_replaces_its_own_line(tmp_raw):
    entry = {"path": "b.parquet", "source": "gdelt-events", "origin": 'GET "q" \\ u', "terms": "t",
             "coverage": "c\u00e9", "citation": "ci", "sha256": "0" * 64, "bytes": 5}
    before = (tmp_raw / "datasets" / "gdelt-events.toml").read_text(encoding="utf-8")
    fg.record(tmp_raw, entry)
    after = (tmp_raw / "datasets" / "gdelt-events.toml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    assert entries(tmp_raw) == [{"path": "b.parquet", "sha256": "0" * 64, "bytes": 5, "origin": 'GET "q" \\ u',
                                 "source": "gdelt-events"}]
    fg.record(tmp_raw, {**entry, "path": "c.parquet"})
    fg.record(tmp_raw, {**entry, "sha256": "1" * 64})
    assert [(e["path"], e["sha256"][0]) for e in entries(tmp_raw)] == [("b.parquet", "1"), ("c.parquet", "0")]


OFFLINE = [requests.ConnectionError("Name or service not known"), requests.ConnectTimeout("timed out"),
           ConnectionRefusedError(111, "Connection refused")]


@pytest.mark.parametrize("error", OFFLINE, ids=lambda e: type(e).__name__)
def test_offline_changes_nothing(tmp_raw, real, error):
    before = snapshot(tmp_raw)
    with pytest.raises(fg.OfflineError) as caught:
        fetch(tmp_raw, FakeSession(real, fail_after=0, error=error))
    assert str(caught.value) == "fetch gdelt: cannot reach data.gdeltproject.org (offline?); nothing was changed"
    assert snapshot(tmp_raw) == before


def test_connection_lost_midway_keeps_the_files_done(tmp_raw, real):
    with pytest.raises(fg.OfflineError, match="the 10 files done in this run are kept; run again to resume"):
        fetch(tmp_raw, FakeSession(real, fail_after=10, error=requests.ConnectionError("down")))
    session = FakeSession(real)
    fetch(tmp_raw, session)
    assert len(session.calls) == 86


def _cli(argv: list[str]) -> argparse.Namespace:
    top = argparse.ArgumentParser(prog="python -m analysis")
    fg.add_fetch_parser(top.add_subparsers(dest="command", required=True))
    return top.parse_args(argv)


def test_command_line_offline_prints_one_line(tmp_raw, real, capsys, monkeypatch):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(tmp_raw))
    before = snapshot(tmp_raw)
    args = _cli(["fetch", "gdelt", "--from", "2024-01-01", "--to", "2024-01-01", "--countries", "Iran,GBR"])
    assert (args.start, args.end, args.countries) == (DAY, DAY, ["Iran", "GBR"])
    status = fg.run_fetch(args, session=FakeSession(real, fail_after=0, error=requests.ConnectionError("x")))
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err == "fetch gdelt: cannot reach data.gdeltproject.org (offline?); nothing was changed\n"
    assert snapshot(tmp_raw) == before


def test_command_line_fetches(tmp_raw, real, capsys, monkeypatch):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(tmp_raw))
    args = _cli(["fetch", "gdelt", "--from", "2024-01-01", "--to", "2024-01-01", "--countries", "IRN,United Kingdom",
                 "--no-progress"])
    status = fg.run_fetch(args, session=FakeSession(real))
    out, err = capsys.readouterr()
    assert status == 0
    assert out.strip() == str(tmp_raw / "gdelt/events/GBR-IRN/date=2024-01-01/events.parquet")
    assert "96 files downloaded" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["--from", "2024-01-02", "--to", "2024-01-01", "--countries", "PAK,IRN"], "reversed date range"),
    (["--from", "2024-01-01", "--to", "2024-01-01", "--countries", "PAK"], "at least two states"),
    (["--from", "2024-01-01", "--to", "2024-01-01", "--countries", "PAK,Atlantis"], "unknown country 'Atlantis'"),
    (["--from", "2010-01-01", "--to", "2010-01-31", "--countries", "PAK,IRN"], "GDELT 2.0 exports start"),
])
def test_command_line_bad_arguments(tmp_raw, real, capsys, monkeypatch, argv, message):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(tmp_raw))
    session = FakeSession(real)
    status = fg.run_fetch(_cli(["fetch", "gdelt", *argv]), session=session)
    _, err = capsys.readouterr()
    assert status == 2 and message in err and err.count("\n") == 1 and session.calls == []


def test_files_gdelt_does_not_have_are_recorded_and_named(tmp_raw, real, rows_per_file):
    gap = "20240101120000"
    session = FakeSession(real, statuses={gap: 404})
    result = fetch(tmp_raw, session)
    assert result.missing == [gap] and result.downloaded == 95
    [entry] = entries(tmp_raw)
    assert f"(95 files; 1 not published by GDELT: {gap})" in entry["origin"]
    assert pl.read_parquet(result.partitions[0]).height == 95 * rows_per_file
    again = FakeSession(real)
    fetch(tmp_raw, again)
    assert again.calls == []


def test_a_file_not_yet_published_is_retried_later(tmp_raw, real):
    now = dt.datetime(2024, 1, 1, 2, 0)
    session = FakeSession(real, statuses={"20240101014500": 404})
    result = fg.fetch_gdelt(DAY, DAY, COUNTRIES, raw_dir=tmp_raw, session=session, progress=False,
                            log=lambda m: None, now=now)
    assert result.partitions == [] and result.missing == []  # the day is not complete: nothing merged yet
    assert len(session.calls) == 8  # 00:00 to 01:45, the files due at 02:00
    later = FakeSession(real)
    fetch(tmp_raw, later)
    assert len(later.calls) == 96 - 7  # the 7 files done earlier are not downloaded again


@pytest.mark.parametrize(("status", "body", "message"), [
    (500, None, "answered HTTP 500"),
    (200, b"not a zip", "not a zip file"),
])
def test_http_errors_and_bad_files_stop_without_recording_the_file(tmp_raw, real, status, body, message):
    stamp = "20240101001500"
    session = FakeSession(real, statuses={stamp: status} if status != 200 else None,
                          bodies={stamp: body} if body else None)
    with pytest.raises(fg.FetchError, match=message):
        fetch(tmp_raw, session)
    state = json.loads((tmp_raw / "gdelt/events/GBR-IRN" / fg.STATE_FILE).read_text())
    assert list(state["done"]) == ["20240101000000"]


def test_a_zip_with_a_file_in_another_format_is_rejected(tmp_raw, real):
    stamp = "20240101000000"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{stamp}.export.CSV", "1\t2\t3\textra\n")
    with pytest.raises(fg.FetchError, match="not in the GDELT 2.0 export format"):
        fetch(tmp_raw, FakeSession(real, bodies={stamp: buffer.getvalue()}))
    assert not (tmp_raw / "gdelt/events/GBR-IRN" / fg.STATE_FILE).exists()


def test_a_day_without_the_pairs_events_is_an_empty_partition_the_build_reads(tmp_raw, raw_dir):
    """Issue 20: a range without events writes a valid empty table (the day was looked at) that reads as no event."""
    lines = (raw_dir / EXPORT).read_text(encoding="utf-8").split("\n")[:-1]
    without_pair = ("\n".join(line for line in lines[:300] if not _pair(line)) + "\n").encode("utf-8")
    class Session(FakeSession):
        _zips: dict[str, bytes] = {}  # its own zips, not those of the full sample the other tests share

    result = fg.fetch_gdelt(DAY, DAY, COUNTRIES, raw_dir=tmp_raw, session=Session(without_pair), progress=False,
                            log=lambda _: None, now=NOW)
    assert result.rows == 0 and len(result.partitions) == 1
    assert pl.read_parquet(result.partitions[0]).height == 0
    manifest.verify(raw_dir=tmp_raw)
    assert gdelt.read_events(tmp_raw, cameo.read(raw_dir)).height == 0
