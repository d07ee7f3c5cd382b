"""Download new raw data: ``python -m analysis fetch trade --a PAK --b IRN --from 2015 --to 2025``.

The shipped trade data (Correlates of War) end in 2014. ``fetch_trade`` downloads later
years of bilateral goods trade, both sides' reports (A's exports to and imports from B, and
B's exports to and imports from A), from one of two publishers:

- ``imf`` (default): the IMF's IMTS dataflow (formerly Direction of Trade Statistics) on the
  SDMX 3.0 API at api.imf.org, cached as ``data/raw/imf-imts/A-B_START-END.xml``
  (``analysis.sources.imf_imts``);
- ``comtrade``: UN Comtrade API v1 (public preview, or the subscription endpoint when
  ``COMTRADE_API_KEY`` is set), cached as ``data/raw/comtrade/A-B_START-END.json``, one file
  per run of at most 12 years (``analysis.sources.comtrade``).

Each response is cached unchanged (the bytes the server sent) and gets a line in its dataset's
declaration ``data/raw/datasets/<id>.toml`` (path, sha256, bytes, and the URL and time in
``origin``), replacing any entry for the same path. The build parses every entry whose source is
``imf-imts`` or ``comtrade`` with the adapter's ``parse``.

All or nothing: every download is made and checked (parsed) in memory first; only then are
the files and the new manifest written to temporary files and renamed into place. Without a
network (DNS failure, refused connection, time-out) ``OfflineError`` says so in one line and
nothing is changed. A file whose cached copy still matches its manifest sha256 is not
downloaded again unless ``force`` (``--force``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import ModuleType

from analysis.core import clock, paths
from analysis.core.atomic import current_umask
from analysis.core.errors import one_line
from analysis.core.manifest import recorded
from analysis.fetch.arguments import (  # noqa: F401 - re-exported
    DEFAULT_START,
    FIRST_YEAR,
    add_fetch_parser,
)
from analysis.sources import SourceFormatError, imf_imts
from analysis.sources import comtrade as comtrade_source

_one_line = partial(one_line, limit=200)  # an error's message on one line

#: --source value -> adapter module
ADAPTERS: dict[str, ModuleType] = {"imf": imf_imts, "comtrade": comtrade_source}  # keys: TRADE_SOURCES
TIMEOUT = (10, 120)  # seconds: connect, read
USER_AGENT = "unalign research package (python -m analysis fetch trade)"
_FILE_MODE = 0o666 & ~current_umask()


class OfflineError(RuntimeError):
    """The publisher's host could not be reached (no network, DNS failure, refused, time-out)."""


class FetchError(RuntimeError):
    """The publisher answered, but not with usable data (HTTP error, error message, bad format)."""


@dataclass(frozen=True)
class Download:
    """One planned request and the raw file it fills."""

    rel: str  # path relative to the raw dir, e.g. "imf-imts/PAK-IRN_2015-2025.xml"
    url: str  # what is requested (may carry a subscription key)
    origin: str  # the URL for the manifest (key redacted)
    headers: dict[str, str]
    host: str
    start: int
    end: int


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _known_iso3(code: str) -> bool:
    from countrycode import countrycode

    return countrycode([code], origin="iso3c", destination="country.name")[0] is not None


def check_request(a: str, b: str, start: int, end: int, source: str) -> tuple[str, str]:
    """Validate the arguments of ``fetch_trade``; return ``(A, B)`` upper-cased.

    Raises ``ValueError`` naming the parameter: unknown source, a country that is not an ISO3
    code of a current state, A equal to B, ``start`` after ``end``, or years outside
    1948..this year.
    """
    if source not in ADAPTERS:
        raise ValueError(f"source must be one of {', '.join(ADAPTERS)}, not {source!r}")
    codes = []
    for name, code in (("a", a), ("b", b)):
        if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z]{3}", code) or not _known_iso3(code.upper()):
            raise ValueError(f"{name} must be the ISO3 code of a state, not {code!r}")
        codes.append(code.upper())
    if codes[0] == codes[1]:
        raise ValueError(f"a and b must be two different states, not {codes[0]} twice")
    for name, year in (("start", start), ("end", end)):
        if not isinstance(year, int) or isinstance(year, bool):
            raise ValueError(f"{name} must be a year (int), not {year!r}")
    if start > end:
        raise ValueError(f"start ({start}) is after end ({end}): reversed year range")
    this_year = clock.today().year
    if start < FIRST_YEAR or end > this_year:
        raise ValueError(f"years must lie in {FIRST_YEAR}..{this_year}, not start={start}, end={end}")
    return codes[0], codes[1]


def plan(a: str, b: str, start: int, end: int, source: str) -> list[Download]:
    """Return the requests that ``fetch_trade`` makes for these arguments (already validated)."""
    if source == "imf":
        url, headers = imf_imts.build_request(a, b, start, end)
        return [Download(imf_imts.raw_name(a, b, start, end), url, url, {**headers, "User-Agent": USER_AGENT},
                         imf_imts.HOST, start, end)]
    key = os.environ.get(comtrade_source.KEY_ENV) or None
    downloads = []
    for years in comtrade_source.year_chunks(start, end):
        url, origin = comtrade_source.build_request(a, b, years[0], years[-1], key)
        downloads.append(Download(comtrade_source.raw_name(a, b, years[0], years[-1]), url, origin,
                                  {"User-Agent": USER_AGENT}, comtrade_source.HOST, years[0], years[-1]))
    return downloads


def _default_session():
    import requests

    return requests.Session()




def _get(session, d: Download) -> bytes:
    """GET ``d.url``; return the body. ``OfflineError`` without a network, ``FetchError`` on HTTP errors."""
    import requests

    offline = OfflineError(f"fetch trade: cannot reach {d.host} (offline?); nothing was changed")
    try:
        response = session.get(d.url, headers=d.headers, timeout=TIMEOUT)
    except (requests.ConnectionError, requests.Timeout):
        raise offline from None
    except requests.RequestException as exc:
        raise FetchError(f"request to {d.host} failed ({type(exc).__name__}: {_one_line(exc)}); nothing was changed") \
            from None
    except OSError:  # a socket error from a transport other than requests
        raise offline from None
    status = getattr(response, "status_code", None)
    body = response.content
    if status != 200:
        snippet = _one_line(body.decode("utf-8", errors="replace")) if body else "(empty body)"
        raise FetchError(f"{d.host} answered HTTP {status} for {d.origin}: {snippet}; nothing was changed")
    return body


def _entries(raw_dir: Path) -> list[dict]:
    """The files the registry under ``raw_dir`` lists, as ``{"path", "sha256"}`` dicts (none without a registry)."""
    from analysis.core import registry

    if not registry.registry_dir(raw_dir).is_dir():
        return []
    return [{"path": f.path, "sha256": f.sha256} for ds in registry.load(raw_dir).values() for f in ds.files]


def _cached(raw_dir: Path, rel: str, entries: list[dict]) -> bool:
    from analysis.core.manifest import sha256_of

    target = raw_dir / rel
    listed = [e for e in entries if e.get("path") == rel]
    return target.is_file() and bool(listed) and all(e.get("sha256") == sha256_of(target) for e in listed)


def _commit(files: dict[Path, bytes], declarations: dict[Path, str]) -> None:
    """Write ``files`` and the dataset declarations that list them (``{path: text}``): all to
    temporary files first, then rename them into place, the declarations last."""
    created: list[Path] = []
    temps: dict[Path, Path] = {}
    try:
        for target, data in [*files.items(), *((p, t.encode("utf-8")) for p, t in declarations.items())]:
            missing = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            created.extend(reversed(missing))
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps[target] = Path(tmp)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, _FILE_MODE)
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        for directory in reversed(created):
            if directory.exists() and not any(directory.iterdir()):
                directory.rmdir()
        raise
    for target, tmp in temps.items():  # the declarations come last
        os.replace(tmp, target)


def fetch_trade(a: str, b: str, start: int, end: int, source: str = "imf", raw_dir: Path | None = None,
                session=None, force: bool = False, log: Callable[[str], None] = _log) -> list[Path]:
    """Download bilateral goods trade A-B (both sides' reports) for ``start``..``end``; return the raw files.

    ``a``, ``b``: ISO3 codes; ``source``: "imf" (default) or "comtrade"; ``raw_dir``: default
    ``paths.raw_dir()`` (holding the registry ``datasets/``); ``session``: a ``requests.Session``-like object
    (``.get(url, headers=..., timeout=...)`` returning ``.status_code`` and ``.content``), made
    here when None; ``force``: download again even when the cached copy matches the manifest.
    Returns the paths of the raw files that hold the requested data (written now or cached).
    Prints one line per download through ``log``.

    Raises ``ValueError`` for bad arguments, ``OfflineError`` when the host cannot be
    reached, ``FetchError`` when it answers with an HTTP error or data that cannot be parsed;
    in every error case no file and no manifest entry was changed.
    """
    a, b = check_request(a, b, start, end, source)
    adapter = ADAPTERS[source]
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    downloads = plan(a, b, start, end, source)
    entries = _entries(raw_dir)
    todo = [d for d in downloads if force or not _cached(raw_dir, d.rel, entries)]
    for d in downloads:
        if d not in todo:
            log(f"fetch trade: {d.rel} is cached and matches its sha256 in data/raw/datasets "
                "(use --force to download it again)")
    if not todo:
        return [raw_dir / d.rel for d in downloads]

    session = session if session is not None else _default_session()
    files: dict[Path, bytes] = {}
    new_entries: list[dict] = []
    for d in todo:
        retrieved = dt.datetime.now(dt.UTC).replace(microsecond=0)
        body = _get(session, d)
        log(f"fetch trade: GET {d.origin}: {len(body):,} bytes")
        try:
            frame = adapter.parse_bytes(body, d.rel)
        except SourceFormatError as exc:
            raise FetchError(f"{d.host} sent data that cannot be read ({_one_line(exc, limit=300)}); "
                             f"nothing was changed") from None
        if frame.height == 0:  # an empty answer is not cached: nothing to read, and a later run asks again
            log(f"fetch trade: {d.host} has no figures for {a}-{b} in {d.start}-{d.end}; nothing written")
            continue
        accept = d.headers.get("Accept")
        files[raw_dir / d.rel] = body
        new_entries.append({
            "path": d.rel,
            "source": adapter.SOURCE_DIR,
            "origin": f"HTTP GET {d.origin}" + (f" (Accept: {accept})" if accept else "")
                      + f", retrieved {retrieved.isoformat().replace('+00:00', 'Z')}",
            "coverage": adapter.coverage(frame, a, b, d.start, d.end),
            "sha256": hashlib.sha256(body).hexdigest(),
            "bytes": len(body),
        })
    if not files:
        return [raw_dir / d.rel for d in downloads if d not in todo]
    _commit(files, recorded(new_entries, raw_dir))
    for entry in new_entries:
        log(f"fetch trade: wrote {entry['path']} ({entry['bytes']:,} bytes) and its line in "
            f"data/raw/datasets/{entry['source']}.toml")
    return [raw_dir / d.rel for d in downloads if d not in todo or raw_dir / d.rel in files]


# --------------------------------------------------------------------------- command line


def _country(text: str, role: str) -> str:
    from analysis.core.countries import name_candidates

    query = text.strip()
    if re.fullmatch(r"[A-Za-z]{3}", query) and _known_iso3(query.upper()):
        return query.upper()
    codes = name_candidates(query)
    if len(codes) == 1:
        return codes.pop()
    raise ValueError(f"--{role}: unknown country {text!r} (give an ISO3 code such as PAK or a whole name such as "
                     f"Iran)")


def run_fetch(args: argparse.Namespace, session=None) -> int:
    """Run ``fetch trade`` for parsed ``args``; return the exit status (0, or 2 with one line on stderr)."""
    if getattr(args, "dataset", "trade") == "gdelt":
        from analysis.fetch.gdelt import run_fetch as run_fetch_gdelt

        return run_fetch_gdelt(args, session=session)
    if getattr(args, "dataset", "trade") == "votes":
        from analysis.fetch.votes import run as run_votes

        return run_votes(args, session=session)
    try:
        if getattr(args, "dataset", "trade") != "trade":  # pragma: no cover - argparse enforces the choice
            raise ValueError(f"unknown dataset {args.dataset!r}")
        if args.end is None:  # the default: last year, as of the run's today
            args.end = clock.today().year - 1
        if args.start > args.end:
            raise ValueError(f"reversed year range --from {args.start} --to {args.end}")
        a, b = _country(args.a, "a"), _country(args.b, "b")
        written = fetch_trade(a, b, args.start, args.end, source=args.source, session=session,
                              force=getattr(args, "force", False))
    except OfflineError as exc:
        print(_one_line(exc, limit=400), file=sys.stderr)
        return 2
    except (FetchError, ValueError, OSError) as exc:
        print(f"fetch trade: error: {_one_line(exc, limit=400)}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
