"""Download GDELT 2.0 events between chosen countries: ``python -m analysis fetch gdelt ...``.

``python -m analysis fetch gdelt --from 2024-01-01 --to 2024-01-31 --countries PAK,IRN``

GDELT publishes one Events export every 15 minutes since 2015-02-18 23:00 UTC, zipped, at
``http://data.gdeltproject.org/gdeltv2/YYYYMMDDHHMMSS.export.CSV.zip`` (the same names are
listed in ``masterfilelist.txt``; here they are generated, one per 15 minutes of each day).
For every file of the date range ``fetch_gdelt``:

1. downloads the zip (``session.get``);
2. keeps only the events whose two actors are both among the countries (and in different
   countries), with the streaming filter ``analysis.sources.gdelt.filter_dyad_stream``, as the
   export is decompressed (in blocks of lines, in memory: nothing is unzipped to disk);
3. writes those rows to a hidden staging file ``date=YYYY-MM-DD/.<stamp>.part.arrow`` (Arrow IPC)
   (atomically), and only then records the file as done in the state file
   ``.fetch-state.json``: a file is downloaded once, and an interrupted run resumes where it
   stopped (a file whose part was written but not yet recorded is downloaded again);
4. when every file of a day is done, merges the day's parts into
   ``data/raw/gdelt/events/<COUNTRIES>/date=YYYY-MM-DD/events.parquet`` (atomically), records
   it in ``data/raw/datasets/gdelt-events.toml`` (the dataset ``gdelt-events``, with its origin and
   sha256) and removes the parts.

The dataset is partitioned by the day GDELT *added* the events (the files' timestamps, UTC);
an event's own date (SQLDATE) can be earlier. ``<COUNTRIES>`` is the sorted ISO3 codes joined
by ``-`` (``IRN-PAK``), so fetches for different sets of countries never mix. The Parquet
files keep GDELT's 61 columns (``analysis.sources.gdelt.SCHEMA``); the build turns them into
``events`` with ``analysis.sources.gdelt.read_events``.

A file GDELT does not have (HTTP 404; there are gaps in the archive) is recorded as missing
and named in the day's manifest entry. Without a network (DNS failure, refused connection,
time-out) ``OfflineError`` says so in one line; when that happens before the first file was
done, nothing was changed. A progress bar (tqdm) shows the files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polars as pl

from analysis.core import clock, paths
from analysis.core import manifest as manifest_edit
from analysis.core.atomic import write_parquet, write_text, write_with
from analysis.core.errors import one_line
from analysis.fetch.arguments import add_fetch_parser, add_gdelt_parser  # noqa: F401 - re-exported
from analysis.sources import SourceFormatError
from analysis.sources import gdelt as gdelt_source

_one_line = partial(one_line, limit=400)  # an error's message on one line

BASE_URL = "http://data.gdeltproject.org/gdeltv2/"
HOST = "data.gdeltproject.org"
FIRST_STAMP = dt.datetime(2015, 2, 18, 23, 0)  # the first GDELT 2.0 Events export (UTC)
STEP = dt.timedelta(minutes=15)
TIMEOUT = (10, 120)  # seconds: connect, read
USER_AGENT = "unalign research package (python -m analysis fetch gdelt)"
SOURCE = gdelt_source.SOURCE_FETCHED
EVENTS_DIR = "gdelt/events"
STATE_FILE = ".fetch-state.json"
#: A file's kept rows, staged until its day is merged: Arrow IPC, which polars writes and reads back in about a
#: third of the time it takes for a Parquet file of a few rows and 61 columns (at every 15-minute file).
PART_SUFFIX = ".part.arrow"
#: Parts staged as Parquet by earlier versions: still merged, so that a fetch interrupted before an upgrade resumes.
OLD_PART_SUFFIX = ".part.parquet"
PARTITION_FILE = "events.parquet"
#: A file younger than this that GDELT does not have yet is retried on the next run, not recorded as missing.
GRACE = dt.timedelta(hours=24)


class OfflineError(RuntimeError):
    """data.gdeltproject.org could not be reached (no network, DNS failure, refused, time-out)."""


class FetchError(RuntimeError):
    """GDELT answered, but not with a usable file (HTTP error, not a zip, not the export format)."""


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _utcnow() -> dt.datetime:
    return clock.utcnow()


# --------------------------------------------------------------------------- plan


def stamps(start: dt.date, end: dt.date, now: dt.datetime | None = None) -> list[str]:
    """Return the timestamps ``YYYYMMDDHHMMSS`` of every 15-minute export from ``start`` 00:00 to ``end`` 23:45.

    Clipped to GDELT 2.0's first export (2015-02-18 23:00) and to files already due (at
    least 15 minutes old at ``now``, UTC).
    """
    now = now or _utcnow()
    first = max(dt.datetime.combine(start, dt.time()), FIRST_STAMP)
    last = min(dt.datetime.combine(end, dt.time(23, 45)), now - STEP)
    out, t = [], first
    while t <= last:
        out.append(t.strftime("%Y%m%d%H%M%S"))
        t += STEP
    return out


def export_url(stamp: str) -> str:
    """Return the URL of the zipped export with timestamp ``stamp``."""
    return f"{BASE_URL}{stamp}.export.CSV.zip"


def dataset_name(countries: Iterable[str], include_domestic: bool = False) -> str:
    """Return the folder name of a country set: sorted ISO3 codes joined by '-' (``IRN-PAK``)."""
    return "-".join(sorted({c.upper() for c in countries})) + ("+domestic" if include_domestic else "")


def partition(dataset_dir: Path, day: str) -> Path:
    """Return the Parquet file of day ``day`` (``YYYY-MM-DD``) in a country set's folder."""
    return dataset_dir / f"date={day}" / PARTITION_FILE


def _day(stamp: str) -> str:
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"


#: Three-letter code -> whether countrycode names it (an ISO3 code of a state), for the codes asked about so far.
_STATES: dict[str, bool] = {}


def _are_states(codes: Iterable[str]) -> dict[str, bool]:
    """Return {code: whether countrycode names it} for upper-case three-letter ``codes``, asking countrycode once
    for the codes not asked about before in this process (a call takes about 20 ms, however many codes it holds)."""
    codes = list(codes)
    new = sorted({c for c in codes if c not in _STATES})
    if new:
        from countrycode import countrycode

        names = countrycode(new, origin="iso3c", destination="country.name")
        _STATES.update({c: name is not None for c, name in zip(new, names, strict=True)})
    return {c: _STATES[c] for c in codes}


def check_request(start: dt.date, end: dt.date, countries: Iterable[str], include_domestic: bool = False,
                  today: dt.date | None = None) -> list[str]:
    """Validate the arguments; return the ISO3 codes upper-cased and sorted. ``ValueError`` names the problem."""
    codes = sorted({str(c).strip().upper() for c in countries})
    if len(codes) < (1 if include_domestic else 2):
        raise ValueError("--countries needs at least two states (or one with --include-domestic)")
    known = _are_states(c for c in codes if re.fullmatch(r"[A-Z]{3}", c))
    bad = [c for c in codes if not known.get(c, False)]
    if bad:
        raise ValueError(f"--countries: not ISO3 codes of states: {', '.join(bad)}")
    if start > end:
        raise ValueError(f"reversed date range --from {start} --to {end}")
    today = today or _utcnow().date()
    if end > today:
        raise ValueError(f"--to {end} is in the future (today is {today}, UTC)")
    if end < FIRST_STAMP.date():
        raise ValueError(f"GDELT 2.0 exports start on {FIRST_STAMP:%Y-%m-%d %H:%M} UTC; --to {end} is earlier")
    return codes


# --------------------------------------------------------------------------- state


@dataclass
class State:
    """What earlier runs did for one country set: files done (rows kept), files missing upstream, days written."""

    countries: list[str]
    include_domestic: bool
    done: dict[str, int] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    days: dict[str, str] = field(default_factory=dict)  # day -> sha256 of its Parquet file

    @classmethod
    def load(cls, path: Path, countries: list[str], include_domestic: bool) -> State:
        if not path.exists():
            return cls(countries, include_domestic)
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("countries") != countries or data.get("include_domestic") != include_domestic:
            raise FetchError(f"{path}: state of another country set ({data.get('countries')}); not touched")
        return cls(countries, include_domestic, dict(data.get("done", {})), dict(data.get("missing", {})),
                   dict(data.get("days", {})))

    def save(self, path: Path) -> None:
        data = {"countries": self.countries, "include_domestic": self.include_domestic,
                "done": dict(sorted(self.done.items())), "missing": dict(sorted(self.missing.items())),
                "days": dict(sorted(self.days.items()))}
        # one line: json's C encoder (with indent= json encodes in Python, ~0.3 ms at every file of a day)
        write_text(json.dumps(data) + "\n", path)

    def resolved(self, stamp: str) -> bool:
        return stamp in self.done or stamp in self.missing


# --------------------------------------------------------------------------- download


def _default_session():
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def _offline_errors() -> tuple[type[BaseException], ...]:
    try:
        import requests
    except ImportError:  # pragma: no cover - requests is a dependency
        return (OSError,)
    return (requests.ConnectionError, requests.Timeout, OSError)


def _get(session, url: str) -> tuple[int, bytes]:
    """GET ``url``; return (status, body). ``OfflineError`` without a network, ``FetchError`` on other failures."""
    try:
        response = session.get(url, timeout=TIMEOUT)
    except _offline_errors():
        raise OfflineError(f"fetch gdelt: cannot reach {HOST} (offline?)") from None
    except Exception as exc:
        import requests

        if isinstance(exc, requests.RequestException):
            raise FetchError(f"request for {url} failed ({type(exc).__name__}: {_one_line(exc, limit=200)})") from None
        raise
    return int(getattr(response, "status_code", 200)), bytes(response.content)


def _member(archive: zipfile.ZipFile, stamp: str) -> str:
    """Return the name of the one ``<stamp>.export.CSV`` member of ``archive``; ``FetchError`` otherwise."""
    names = archive.namelist()
    wanted = f"{stamp}.export.CSV"
    member = next((n for n in names if n.lower() == wanted.lower()), None)
    if member is None:
        raise FetchError(f"{export_url(stamp)}: the zip holds {names}, not {wanted}")
    return member


def unzip_export(body: bytes, stamp: str, target: Path) -> Path:
    """Write the one ``<stamp>.export.CSV`` member of the zip ``body`` to ``target``; ``FetchError`` otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            with archive.open(_member(archive, stamp)) as source, open(target, "wb") as sink:
                while block := source.read(1 << 20):
                    sink.write(block)
    except zipfile.BadZipFile:
        raise FetchError(f"{export_url(stamp)}: not a zip file ({len(body)} bytes)") from None
    return target


def _part(dataset_dir: Path, stamp: str) -> Path:
    return dataset_dir / f"date={_day(stamp)}" / f".{stamp}{PART_SUFFIX}"


def _old_part(dataset_dir: Path, stamp: str) -> Path:
    return dataset_dir / f"date={_day(stamp)}" / f".{stamp}{OLD_PART_SUFFIX}"


def _staged(dataset_dir: Path, stamp: str) -> Path:
    """The part of ``stamp`` to merge: the Arrow file, or the Parquet file an earlier version staged."""
    part, old = _part(dataset_dir, stamp), _old_part(dataset_dir, stamp)
    return old if not part.exists() and old.exists() else part


def _write_part(rows: pl.DataFrame, target: Path) -> Path:
    return write_with(lambda tmp: rows.write_ipc(tmp, compression="uncompressed"), target)


def _empty_rows() -> pl.DataFrame:
    return pl.DataFrame(schema=gdelt_source.SCHEMA)


def _process(body: bytes, stamp: str, countries: list[str], include_domestic: bool) -> pl.DataFrame:
    """Return the rows between ``countries`` of the export in the zip ``body``, filtered as the member is
    decompressed (``gdelt.filter_dyad_stream``: blocks of lines, nothing written to disk)."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive, archive.open(_member(archive, stamp)) as export:
            rows = gdelt_source.filter_dyad_stream(export, f"{stamp}.export.CSV", countries,
                                                   include_domestic=include_domestic)
    except zipfile.BadZipFile:
        raise FetchError(f"{export_url(stamp)}: not a zip file ({len(body)} bytes)") from None
    except SourceFormatError as exc:
        raise FetchError(f"{export_url(stamp)}: not in the GDELT 2.0 export format ({exc})") from None
    return rows[list(gdelt_source.COLUMNS)]  # the columns picked, not a select (a query: ~0.25 ms a file)


# --------------------------------------------------------------------------- days and manifest


def _manifest_entry(raw_dir: Path, target: Path, day: str, state: State, day_stamps: list[str], rows: int) -> dict:
    from analysis.core.manifest import sha256_of

    missing = [s for s in day_stamps if s in state.missing]
    codes = ", ".join(state.countries)
    scope = "actors in different countries" if not state.include_domestic else "domestic events included"
    origin = (
        f"GDELT 2.0 Events exports {export_url(day_stamps[0])} to {export_url(day_stamps[-1])} "
        f"({len(day_stamps) - len(missing)} files"
        + (f"; {len(missing)} not published by GDELT: {', '.join(missing)}" if missing else "")
        + f"), rows whose Actor1CountryCode and Actor2CountryCode are both among {codes} ({scope}); "
        f"filtered by analysis.fetch.gdelt, retrieved {_utcnow():%Y-%m-%dT%H:%M:%SZ}"
    )
    return {
        "path": target.relative_to(raw_dir).as_posix(),
        "source": SOURCE,
        "origin": origin,
        "coverage": f"{rows:,} events added by GDELT on {day} (UTC) between {codes}; GDELT's 61 export columns",
        "sha256": sha256_of(target),
        "bytes": target.stat().st_size,
    }


def record(raw_dir: Path, entry: dict) -> None:
    """Record ``entry`` (a partition's path, sha256, bytes and origin) in the declaration of dataset
    ``gdelt-events`` under ``raw_dir`` (``analysis.core.manifest.recorded``), written atomically."""
    for path, text in manifest_edit.recorded([entry], raw_dir).items():
        write_text(text, path)


def _write_day(raw_dir: Path, dataset_dir: Path, day: str, day_stamps: list[str], state: State,
               state_path: Path) -> Path:
    """Merge a complete day's parts into its partition, record it in the manifest and the state, drop the parts."""
    parts = [_staged(dataset_dir, s) for s in day_stamps if s in state.done]
    absent = [p for p in parts if not p.exists()]
    if absent:  # a part lost after it was recorded: download those files again
        for p in absent:
            state.done.pop(p.name[1:15], None)
        state.save(state_path)
        raise FetchError(f"{len(absent)} staged files of {day} are missing (e.g. {absent[0]}); run again to redo them")
    # the parts read together (a multi-file read per format, not one read per 15-minute file), typed as SCHEMA
    arrow = [p for p in parts if p.name.endswith(PART_SUFFIX)]
    old = [p for p in parts if p.name.endswith(OLD_PART_SUFFIX)]
    frames = ([pl.scan_ipc(arrow, glob=False, hive_partitioning=False).collect()] if arrow else []) + (
        [pl.read_parquet(old, glob=False, hive_partitioning=False)] if old else [])
    rows = pl.concat([_empty_rows(), *frames]).sort("GLOBALEVENTID")
    target = partition(dataset_dir, day)
    write_parquet(rows, target)
    entry = _manifest_entry(raw_dir, target, day, state, day_stamps, rows.height)
    record(raw_dir, entry)
    state.days[day] = entry["sha256"]
    state.save(state_path)
    for s in day_stamps:  # the parts merged, and any Parquet part of a file an earlier version left unrecorded
        _part(dataset_dir, s).unlink(missing_ok=True)
        _old_part(dataset_dir, s).unlink(missing_ok=True)
    return target


@dataclass
class FetchResult:
    """What ``fetch_gdelt`` did: partitions complete for the range, files downloaded now, files missing upstream."""

    partitions: list[Path]
    downloaded: int
    missing: list[str]
    rows: int


def fetch_gdelt(
    start: dt.date,
    end: dt.date,
    countries: list[str],
    raw_dir: Path | None = None,
    session=None,
    progress: bool = True,
    *,
    include_domestic: bool = False,
    log: Callable[[str], None] = _log,
    now: dt.datetime | None = None,
) -> FetchResult:
    """Download GDELT 2.0 events between ``countries`` for the days ``start``..``end`` (UTC); resumable.

    ``countries``: ISO3 codes (at least two); ``raw_dir``: default ``paths.raw_dir()``;
    ``session``: a ``requests.Session``-like object (``.get(url, timeout=...)`` returning
    ``.status_code`` and ``.content``), made here when None; ``progress``: show a tqdm bar.
    Returns a ``FetchResult`` with the day partitions that are complete for the range.

    Raises ``ValueError`` for bad arguments, ``OfflineError`` when GDELT cannot be reached
    (if before the first file was done, nothing was changed; otherwise the files done are
    kept and a second run resumes), ``FetchError`` for an HTTP error or a file that is not
    a GDELT export. Any other exception (e.g. KeyboardInterrupt) also leaves every completed
    file recorded, so the next run resumes.
    """
    from tqdm import tqdm

    codes = check_request(start, end, countries, include_domestic)
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    dataset_dir = raw_dir / EVENTS_DIR / dataset_name(codes, include_domestic)
    state_path = dataset_dir / STATE_FILE
    state = State.load(state_path, codes, include_domestic)
    now = now or _utcnow()
    all_stamps = stamps(start, end, now)
    by_day: dict[str, list[str]] = {}
    for s in all_stamps:
        by_day.setdefault(_day(s), []).append(s)
    full_days = {d for d, ss in by_day.items() if len(ss) == 96 or d == _day(FIRST_STAMP.strftime("%Y%m%d%H%M%S"))}

    def day_complete(day: str) -> bool:
        return day in full_days and all(state.resolved(s) for s in by_day[day])

    written: list[Path] = []
    state_before = dict(state.missing)
    for day in sorted(by_day):  # days finished in an earlier run but not merged (interrupted while merging)
        if day_complete(day) and (day not in state.days or not partition(dataset_dir, day).exists()):
            written.append(_write_day(raw_dir, dataset_dir, day, by_day[day], state, state_path))

    todo = [s for s in all_stamps if not state.resolved(s)]
    session = session if session is not None else (_default_session() if todo else None)
    downloaded = rows_total = 0
    bar = None  # shown from the first answer on, so that offline the one-line message stays alone
    try:
        for stamp in todo:
            try:
                status, body = _get(session, export_url(stamp))
            except OfflineError as exc:
                if downloaded or written or state.missing.keys() - set(state_before):
                    kept = f"the {downloaded} files done in this run are kept; run again to resume"
                else:
                    kept = "nothing was changed"
                raise OfflineError(f"{exc}; {kept}") from None
            if bar is None:
                log(f"fetch gdelt: {len(todo):,} of {len(all_stamps):,} files to download for {', '.join(codes)} "
                    f"({start} to {end})")
                bar = tqdm(total=len(todo), unit="file", desc="GDELT exports", disable=not progress,
                           file=sys.stderr)
            if status == 404:
                stamp_time = dt.datetime.strptime(stamp, "%Y%m%d%H%M%S")
                if now - stamp_time < GRACE:
                    bar.update(1)
                    continue  # not published yet: try again next run
                state.missing[stamp] = "HTTP 404"
            elif status != 200:
                raise FetchError(f"{HOST} answered HTTP {status} for {export_url(stamp)}")
            else:
                rows = _process(body, stamp, codes, include_domestic)
                _write_part(rows, _part(dataset_dir, stamp))
                state.done[stamp] = rows.height
                rows_total += rows.height
                downloaded += 1
            state.save(state_path)
            bar.update(1)
            day = _day(stamp)
            if day not in state.days and day_complete(day):
                written.append(_write_day(raw_dir, dataset_dir, day, by_day[day], state, state_path))
    finally:
        if bar is not None:
            bar.close()
    partitions = sorted({partition(dataset_dir, d) for d in by_day if d in state.days})
    missing = sorted(s for s in all_stamps if s in state.missing)
    for path in written:
        log(f"fetch gdelt: wrote {path.relative_to(raw_dir)} and its line in data/raw/datasets/gdelt-events.toml")
    return FetchResult(partitions=partitions, downloaded=downloaded, missing=missing, rows=rows_total)


# --------------------------------------------------------------------------- command line


def resolve_countries(items: Iterable[str]) -> list[str]:
    """Return ISO3 codes for ISO3 codes or whole English names; ``UnknownCountryError`` naming an unknown one.

    Works before any build (no processed table needed): a name must be a whole known name of
    exactly one state (``analysis.core.countries.name_candidates``).
    """
    from analysis.core.countries import UnknownCountryError, name_candidates

    items = list(items)
    known = _are_states(i.upper() for i in items if re.fullmatch(r"[A-Za-z]{3}", i))
    out = []
    for item in items:
        if known.get(item.upper()):
            out.append(item.upper())
            continue
        codes = name_candidates(item)
        if len(codes) != 1:
            raise UnknownCountryError(f"--countries: unknown country {item!r} (give an ISO3 code such as PAK or a "
                                      f"whole name such as Pakistan)")
        out.append(codes.pop())
    return out




def run_fetch(args: argparse.Namespace, session=None) -> int:
    """Run ``fetch gdelt`` for parsed ``args``; return 0, or 2 with one line on stderr."""
    try:
        codes = resolve_countries(args.countries)
        result = fetch_gdelt(args.start, args.end, codes, session=session, progress=getattr(args, "progress", True),
                             include_domestic=getattr(args, "include_domestic", False))
    except OfflineError as exc:
        print(_one_line(exc), file=sys.stderr)
        return 2
    except (FetchError, ValueError, OSError) as exc:
        print(f"fetch gdelt: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    for path in result.partitions:
        print(path)
    note = f"; {len(result.missing)} files not published by GDELT" if result.missing else ""
    print(f"fetch gdelt: {result.downloaded:,} files downloaded, {result.rows:,} events kept{note}", file=sys.stderr)
    return 0
