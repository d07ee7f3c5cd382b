"""Download new voting records: ``python -m analysis fetch votes --body GA|SC [--since YYYY-MM-DD]``.

General Assembly and Security Council votes come from the UN Digital Library's "Voting Data"
collection (digitallibrary.un.org); Human Rights Council and Commission on Human Rights votes
are not there: they are in the OHCHR Search Library, which this command does not query; a user
saves an export there and adds it with ``--from-file`` (below).

The query (GA and SC)
---------------------
One search of the Voting Data collection per body, in MARCXML, paged with ``rg``/``jrec``::

    https://digitallibrary.un.org/search?ln=en&cc=Voting+Data&c=Voting+Data
        &fct__2=General+Assembly&fct__9=Vote          (SC: fct__2=Security+Council)
        &p=269__a:<since>-><today>&sf=year&so=a&rg=100&jrec=<n>&of=xm

Why these parameters: ``cc``/``c=Voting Data`` with the facet ``fct__2`` (UN body) is how the
Library's own search pages and the scrapers that use them select a body's voting records
(Caliban-17/UN-Voting-Records src/data_fetcher_marc.py: ``cc=Voting Data``, ``fct__2=General
Assembly``, ``of=xm``, ``rg``/``jrec``; Steube/unsc-parser: ``fct__2=Security Council``);
``fct__9=Vote`` keeps the GA records of recorded votes and leaves out those adopted without a
vote (rix1/unvote, the Library's facet "Vote"); ``p=269__a:A->B`` restricts the vote date (269)
to a range (shahardo/UNVotesAnalyzer). Results are sorted by year, oldest first (``sf=year``,
``so=a``), so that records added later land on later pages and an interrupted run's cached
pages stay valid. ``of=xm`` is MARCXML (the JSON output lacks the per-state votes). The
Library's search pages at most 5,000 results deep (``jrec``; as its OHCHR sibling, see
lszoszk/hrc-voting scripts/harvest.py): a query that matches more asks for a later ``since``.

``since`` defaults to: the start of an interrupted run of this body (to resume it), else the
day after the latest vote date in this body's cached pages, else 2019-01-01 (the start of the
shipped DGACM GA records). Each page is cached unchanged as
``data/raw/undl/<body>/<since>_<page>.xml`` (page numbered from 001) with a line in
``data/raw/datasets/undl.toml`` (path, sha256, bytes, origin URL and retrieval time) and
read with ``analysis.sources.undl.parse`` before it is kept (a page that does not parse is a
``FetchError`` naming the URL). Requests are paced (``pause`` seconds
between them) and name the package in their User-Agent.

Resumable: ``data/raw/undl/<body>/.fetch-state.json`` records each finished page (path, sha256,
record ids); a rerun after an interruption continues with the first missing page, and a page
cached with a matching sha256 is not downloaded again unless ``force``. Each page is written
all or nothing (page file, then the manifest, each through a temporary file). Without a
network (DNS failure, refused connection, time-out) ``OfflineError`` says so in one line; when
that happens before the first page of the run was written, nothing was changed on disk.

The Library's firewall (AWS WAF) sometimes answers scripted requests with HTTP 202 and an
empty body or with a JavaScript challenge page instead of data; this is reported as a
``FetchError`` suggesting the browser route below. Note the Library's terms
(https://digitallibrary.un.org/pages/?page=tos): "Web scraping and/or automated downloads
of content from the United Nations Digital Library is not permitted without approval by the
Library"; a user without that approval saves the export in a browser instead.

``--from-file``
---------------
``from_file`` adds a file a user saved in a browser: for GA/SC the UN Digital Library's
"General Assembly Voting Data" or "Security Council Voting Data" CSV (recognised by its header,
``analysis.sources.undl_csv``; stored as ``data/raw/undl-csv/<body>/<file name>``, source
``undl-csv``) or a MARCXML export from the UN Digital Library (stored as
``data/raw/undl/<body>/<file name>``, source ``undl``), for HRC/CHR from the
OHCHR Search Library (required; stored as ``data/raw/ohchr-export/<file name>``, source
``ohchr-export``). The file is parsed first (it must hold at least one roll call of that body)
and copied unchanged, with its manifest entry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from analysis.core import clock, paths
from analysis.core.atomic import write_text
from analysis.core.errors import UserError, one_line
from analysis.core.manifest import recorded
from analysis.core.vocab import BODY_NAMES
from analysis.fetch.arguments import VOTE_BODIES
from analysis.fetch.trade import FetchError, OfflineError, _cached, _commit, _entries
from analysis.sources import SourceFormatError, undl

HOST = "digitallibrary.un.org"
SEARCH_URL = f"https://{HOST}/search"
TIMEOUT = (10, 120)  # seconds: connect, read
USER_AGENT = "unalign research package (python -m analysis fetch votes)"
PAGE_SIZE = 100  # rg: records per page (the Library serves at most 200)
MAX_JREC = 5000  # the search pages at most this deep
DEFAULT_SINCE = dt.date(2019, 1, 1)
STATE_FILE = ".fetch-state.json"
UNDL_BODIES = ("GA", "SC")
#: The body's facets on the Voting Data collection.
FACETS = {"GA": (("fct__2", "General Assembly"), ("fct__9", "Vote")), "SC": (("fct__2", "Security Council"),)}
#: The UN Digital Library records that publish the voting-data CSVs (downloaded in a browser).
CSV_RECORDS = {"GA": "https://digitallibrary.un.org/record/4060887", "SC": "https://digitallibrary.un.org/record/4055387"}


@dataclass
class FetchVotesResult:
    """What ``fetch_votes`` did: the raw files written now, the new roll calls per body (with their
    first and last dates), the pages downloaded, and notes (cached pages, skipped records, ...)."""

    files: list[Path] = field(default_factory=list)
    new_roll_calls: dict[str, int] = field(default_factory=dict)
    dates: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)
    pages: int = 0
    notes: list[str] = field(default_factory=list)
    added_from: Path | None = None  # the saved export added with ``from_file``

    def summary(self) -> list[str]:
        """One line per body: "GA: 12 new roll calls (2026-01-01..2026-03-11) in 2 pages"."""
        lines = []
        for body, count in self.new_roll_calls.items():
            span = f" ({self.dates[body][0]}..{self.dates[body][1]})" if body in self.dates else ""
            where = (f"from {self.added_from.name}" if self.added_from is not None
                     else f"in {self.pages} page{'' if self.pages == 1 else 's'}")
            lines.append(f"{body}: {count} new roll call{'s' if count != 1 else ''}{span} {where}")
        return lines


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _today() -> dt.date:
    return clock.today()


# --------------------------------------------------------------------------- arguments and query


def check_request(body: str, since: dt.date | None, from_file: Path | None,
                  today: dt.date | None = None) -> tuple[str, dt.date | None, Path | None]:
    """Validate the arguments of ``fetch_votes``; return (body upper-cased, since, from_file as a Path).

    Raises ``ValueError`` naming the parameter: an unknown body, a ``since`` that is not a date
    or lies in the future, HRC/CHR without ``from_file``, a ``from_file`` that is not a file, or
    ``since`` together with ``from_file``.
    """
    if not isinstance(body, str) or body.strip().upper() not in VOTE_BODIES:
        raise ValueError(f"body must be one of {', '.join(VOTE_BODIES)}, not {body!r}")
    body = body.strip().upper()
    today = today or _today()
    if since is not None:
        if isinstance(since, dt.datetime) or not isinstance(since, dt.date):
            raise ValueError(f"since must be a date (YYYY-MM-DD), not {since!r}")
        if since > today:
            raise ValueError(f"since {since} is in the future (today is {today})")
    if from_file is not None:
        from_file = Path(from_file)
        if not from_file.is_file():
            raise ValueError(f"from_file {from_file} is not a file")
        if since is not None:
            raise ValueError("since and from_file exclude each other: a saved export is added whole")
    elif body not in UNDL_BODIES:
        raise ValueError(f"from_file is required for {body}: {BODY_NAMES[body]} votes are not in the UN Digital "
                         f"Library; save the records as MARCXML from the OHCHR Search Library "
                         f"(https://searchlibrary.ohchr.org, Voting collection) and pass the file as from_file "
                         f"(--from-file)")
    return body, since, from_file


def search_url(body: str, since: dt.date, until: dt.date, jrec: int, page_size: int = PAGE_SIZE) -> str:
    """Return the Voting Data search URL (MARCXML) of ``body``'s votes ``since``..``until``, from record ``jrec``."""
    params = [("ln", "en"), ("cc", "Voting Data"), ("c", "Voting Data"), *FACETS[body],
              ("p", f"269__a:{since.isoformat()}->{until.isoformat()}"), ("sf", "year"), ("so", "a"),
              ("rg", str(page_size)), ("jrec", str(jrec)), ("of", "xm")]
    return f"{SEARCH_URL}?{urlencode(params)}"


def page_path(body: str, since: dt.date, page: int) -> str:
    """Return the raw-dir path of page ``page`` of a run: ``undl/<body>/<since>_<page:03d>.xml``."""
    return f"{undl.SOURCE}/{body}/{since.isoformat()}_{page:03d}.xml"


# --------------------------------------------------------------------------- state


def _load_state(path: Path, body: str) -> dict:
    if not path.exists():
        return {"body": body, "runs": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FetchError(f"{path}: not a fetch-state file ({exc}); remove it to start again") from None
    if state.get("body") != body or not isinstance(state.get("runs"), dict):
        raise FetchError(f"{path}: state of another body ({state.get('body')!r}); not touched")
    return state


def _save_state(path: Path, state: dict) -> None:
    write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", path)


def _default_since(state: dict, raw_dir: Path, entries: list[dict], body: str, log) -> dt.date:
    """The start of an unfinished run (to resume it), else the day after the latest cached vote, else 2019-01-01."""
    unfinished = sorted(k for k, run in state["runs"].items() if not run.get("complete"))
    if unfinished:
        log(f"fetch votes: resuming the unfinished {body} run since {unfinished[-1]}")
        return dt.date.fromisoformat(unfinished[-1])
    latest = None
    for entry in entries:
        rel = str(entry.get("path", ""))
        if entry.get("source") == undl.SOURCE and rel.startswith(f"{undl.SOURCE}/{body}/") \
                and (raw_dir / rel).is_file():
            dates = undl.parse(raw_dir / rel).roll_calls["date"]
            if dates.len() and (latest is None or dates.max() > latest):
                latest = dates.max()
    return latest + dt.timedelta(days=1) if latest is not None else DEFAULT_SINCE


# --------------------------------------------------------------------------- download


def _default_session():
    import requests

    return requests.Session()


def _get(session, url: str) -> bytes:
    """GET ``url``; return the body. ``OfflineError`` without a network, ``FetchError`` on HTTP errors."""
    import requests

    offline = OfflineError(f"fetch votes: cannot reach {HOST} (offline?)")
    try:
        response = session.get(url, headers={"User-Agent": USER_AGENT, "Accept": "application/xml, text/xml"},
                               timeout=TIMEOUT)
    except (requests.ConnectionError, requests.Timeout):
        raise offline from None
    except requests.RequestException as exc:
        raise FetchError(f"request to {HOST} failed ({type(exc).__name__}: {one_line(exc, 200)})") from None
    except OSError:  # a socket error from a transport other than requests
        raise offline from None
    status = getattr(response, "status_code", None)
    body = bytes(response.content or b"")
    if status == 202 or (status == 200 and not body.strip()):
        raise FetchError(f"{HOST} answered HTTP {status} with no data for {url} (its firewall's bot challenge); "
                         f"try again later, or save the export in a browser and add it with --from-file")
    if status != 200:
        snippet = one_line(body.decode("utf-8", errors="replace"), 200) if body else "(empty body)"
        raise FetchError(f"{HOST} answered HTTP {status} for {url}: {snippet}")
    return body


def _page_entry(body: str, rel: str, url: str, data: bytes, parsed: undl.UndlData, since: dt.date,
                until: dt.date, page: int, jrec: int, n_records: int, total: int | None,
                retrieved: dt.datetime) -> dict:
    dates = parsed.roll_calls["date"]
    span = f" dated {dates.min()}..{dates.max()}" if dates.len() else ""
    of_total = f" of {total:,}" if total is not None else ""
    coverage = (f"{BODY_NAMES[body]} voting records of the UN Digital Library's Voting Data collection with a vote "
                f"date {since}..{until}, page {page} (records {jrec}-{jrec + n_records - 1}{of_total}): "
                f"{parsed.roll_calls.height} roll calls{span}, {len(parsed.skipped)} records without a roll call; "
                f"MARCXML, one 967 field per member (analysis.sources.undl)")
    return {
        "path": rel,
        "source": undl.SOURCE,
        "origin": f"HTTP GET {url} (User-Agent: {USER_AGENT}), retrieved "
                  f"{retrieved.isoformat().replace('+00:00', 'Z')}",
        "coverage": coverage,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
    }


def _parse_page(data: bytes, url: str, body: str) -> tuple[list, undl.UndlData | None, int | None]:
    """(record ids, parsed page or None when it holds no record, total results) of a response.

    Raises ``FetchError`` when the response is not a readable MARCXML page of ``body``'s records.
    """
    hint = "not a UN Digital Library MARCXML page (a bot challenge?)"
    try:
        elements = undl.record_elements(data, url)
        if not elements:
            return [], None, undl.total_results(data)
        parsed = undl.parse_bytes(data, url, undl.SOURCE)
    except SourceFormatError as exc:
        raise FetchError(f"{HOST} sent a page that cannot be read, {hint}: {one_line(exc, 300)}") from None
    others = sorted(set(parsed.roll_calls["body"].cast(str).to_list()) - {body})
    if others:
        raise FetchError(f"{url}: the page holds {', '.join(others)} voting records, not {body}; the query is wrong")
    ids = []
    for element in elements:
        control = next((c for c in element if c.tag.rsplit("}", 1)[-1] == "controlfield" and c.get("tag") == "001"),
                       None)
        ids.append((control.text or "").strip() if control is not None else "")
    return ids, parsed, undl.total_results(data)


def _fetch_undl(body: str, since: dt.date | None, raw_dir: Path, session, force: bool, pause: float,
                page_size: int, log, today: dt.date) -> FetchVotesResult:
    entries = _entries(raw_dir)
    body_dir = raw_dir / undl.SOURCE / body
    state_path = body_dir / STATE_FILE
    state = _load_state(state_path, body)
    if since is None:
        since = _default_since(state, raw_dir, entries, body, log)
    key = since.isoformat()
    run = state["runs"].get(key)
    if run is None or run.get("page_size") != page_size:
        run = {"until": today.isoformat(), "page_size": page_size, "total": None, "pages": {}, "complete": False}
    until = dt.date.fromisoformat(run["until"])
    if force:
        run = {**run, "until": today.isoformat(), "complete": False}
        until = today
    result = FetchVotesResult(new_roll_calls={body: 0})
    seen: set[str] = set()
    requested = False
    page = 1
    while True:
        jrec = (page - 1) * page_size + 1
        if run["total"] is not None and jrec > run["total"]:
            break
        if jrec > MAX_JREC:
            raise FetchError(f"more than {MAX_JREC:,} {body} records match since {since}; the Digital Library pages "
                             f"at most {MAX_JREC:,} deep: fetch a shorter span (a later --since) first")
        rel = page_path(body, since, page)
        done = run["pages"].get(str(page))
        if done and not force and _cached(raw_dir, rel, entries):
            log(f"fetch votes: {rel} is cached and matches its sha256 in data/raw/datasets "
                "(use --force to download it again)")
            result.notes.append(f"{rel}: cached")
            seen |= set(done.get("ids", []))
            if done.get("records", 0) < page_size:
                break
            page += 1
            continue
        if done is None and run.get("complete") and not force:
            break  # the run was finished: there is no further page
        if requested and pause > 0:
            time.sleep(pause)
        url = search_url(body, since, until, jrec, page_size)
        session = session if session is not None else _default_session()
        requested = True
        retrieved = dt.datetime.now(dt.UTC).replace(microsecond=0)
        try:
            data = _get(session, url)
        except OfflineError as exc:
            kept = (f"the {result.pages} page{'s' if result.pages != 1 else ''} done in this run "
                    f"{'are' if result.pages != 1 else 'is'} kept; run again to resume" if result.pages
                    else "nothing was changed")
            raise OfflineError(f"{exc}; {kept}") from None
        ids, parsed, total = _parse_page(data, url, body)
        if total is not None and total > MAX_JREC:
            raise FetchError(f"{total:,} {body} records match since {since} ({url}); the Digital Library pages at "
                             f"most {MAX_JREC:,} deep: fetch a shorter span (a later --since) first")
        if parsed is None:
            log(f"fetch votes: GET {url}: no {'more ' if page > 1 else ''}records")
            break
        if set(ids) <= seen:
            log(f"fetch votes: GET {url}: the page repeats records already read; stopping")
            break
        seen |= set(ids)
        log(f"fetch votes: GET {url}: {len(data):,} bytes, {len(ids)} records")
        entry = _page_entry(body, rel, url, data, parsed, since, until, page, jrec, len(ids), total, retrieved)
        _commit({raw_dir / rel: data}, recorded([entry], raw_dir))
        entries = _entries(raw_dir)
        run["pages"][str(page)] = {"path": rel, "sha256": entry["sha256"], "records": len(ids), "ids": ids,
                                   "url": url}
        run["total"] = total if total is not None else run["total"]
        state["runs"][key] = run
        _save_state(state_path, state)
        log(f"fetch votes: wrote {rel} ({len(data):,} bytes) and its line in data/raw/datasets/{entry['source']}.toml")
        result.files.append(raw_dir / rel)
        result.pages += 1
        result.new_roll_calls[body] += parsed.roll_calls.height
        result.notes += parsed.skipped + parsed.notes
        if parsed.roll_calls.height:
            first, last = parsed.roll_calls["date"].min(), parsed.roll_calls["date"].max()
            old = result.dates.get(body)
            result.dates[body] = (min(first, old[0]), max(last, old[1])) if old else (first, last)
        if len(ids) < page_size:
            break
        page += 1
    if key in state["runs"] or result.pages:
        run["complete"] = True
        state["runs"][key] = run
        _save_state(state_path, state)
    return result


# --------------------------------------------------------------------------- --from-file


def _add_export(body: str, from_file: Path, raw_dir: Path, force: bool, log, today: dt.date) -> FetchVotesResult:
    """Check and copy a saved export (MARCXML, or the Library's voting-data CSV) into the raw dir with its
    manifest entry (see the module docstring)."""
    from analysis.sources import undl_csv

    ohchr = body not in UNDL_BODIES
    is_csv = not ohchr and undl_csv.is_voting_csv(from_file)
    source = undl.SOURCE_OHCHR if ohchr else undl_csv.SOURCE if is_csv else undl.SOURCE
    data = from_file.read_bytes()
    parsed = undl_csv.parse(from_file) if is_csv else undl.parse_bytes(data, str(from_file), source)
    if parsed.roll_calls.height == 0:
        raise ValueError(f"from_file {from_file}: no roll call (no record with 967 fields) in the file; "
                         f"{len(parsed.skipped)} records without one")
    bodies = sorted(set(parsed.roll_calls["body"].cast(str).to_list()))
    if bodies != [body]:
        raise ValueError(f"from_file {from_file} holds {', '.join(bodies)} roll calls, not (only) {body}")
    rel = f"{source}/{from_file.name}" if ohchr else f"{source}/{body}/{from_file.name}"
    target = raw_dir / rel
    entries = _entries(raw_dir)
    result = FetchVotesResult(new_roll_calls={body: 0}, added_from=from_file)
    if target.exists():
        if target.read_bytes() == data and _cached(raw_dir, rel, entries):
            log(f"fetch votes: {rel} is already in the raw data with this content; nothing to do")
            result.notes.append(f"{rel}: already added")
            return result
        if not force:
            raise ValueError(f"from_file: {rel} already exists with other content; use --force to replace it")
    dates = parsed.roll_calls["date"]
    name = BODY_NAMES[body]
    if ohchr:
        origin = f"saved by the user from the OHCHR Search Library (https://searchlibrary.ohchr.org), {from_file}"
    elif is_csv:
        origin = (f"downloaded by the user from the UN Digital Library ({CSV_RECORDS[body]}, {BODY_NAMES[body]} "
                  f"Voting Data, CSV), {from_file}")
    else:
        origin = f"saved by the user from the UN Digital Library (https://digitallibrary.un.org), {from_file}"
    entry = {
        "path": rel,
        "source": source,
        "origin": origin,
        "coverage": f"{parsed.roll_calls.height} recorded votes of the {name} dated {dates.min()}..{dates.max()}, "
                    f"{len(parsed.skipped)} records without a roll call; "
                    + ("voting-data CSV, one row per member and resolution (analysis.sources.undl_csv)" if is_csv
                       else "MARCXML export, one 967 field per member (analysis.sources.undl)"),
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
    }
    _commit({target: data}, recorded([entry], raw_dir))
    log(f"fetch votes: wrote {rel} ({len(data):,} bytes) and its line in data/raw/datasets/{entry['source']}.toml")
    result.files.append(target)
    result.new_roll_calls[body] = parsed.roll_calls.height
    result.dates[body] = (dates.min(), dates.max())
    result.notes += parsed.skipped + parsed.notes
    return result


# --------------------------------------------------------------------------- entry points


def fetch_votes(body: str, since: dt.date | None = None, raw_dir: Path | None = None, session=None,
                from_file: Path | None = None, force: bool = False, pause: float = 1.0, *,
                page_size: int = PAGE_SIZE, log: Callable[[str], None] = _log,
                today: dt.date | None = None) -> FetchVotesResult:
    """Download a body's new voting records from the UN Digital Library, or add a saved export.

    ``body``: "GA" or "SC" (downloaded), "HRC" or "CHR" (``from_file`` required); ``since``: the
    first vote date to fetch (default: resume an unfinished run, else the day after the latest
    cached vote, else 2019-01-01); ``raw_dir``: default ``paths.raw_dir()`` (holding
    the registry ``datasets/``); ``session``: a ``requests.Session``-like object (``.get(url, headers=...,
    timeout=...)`` returning ``.status_code`` and ``.content``), made here when needed;
    ``from_file``: a MARCXML export saved in a browser, copied into the raw data instead of
    downloading; ``force``: download (or replace) again what is cached; ``pause``: seconds
    between requests; ``page_size``: records per page (``rg``). Returns a ``FetchVotesResult``.

    Raises ``ValueError`` for bad arguments (naming the parameter), ``OfflineError`` when the
    Library cannot be reached (nothing changed if before the first page was written; else the
    pages done are kept and a rerun resumes), ``FetchError`` for an HTTP error, a bot challenge
    or a page that cannot be read (naming the URL), ``SourceFormatError`` for a ``from_file``
    that cannot be read.
    """
    today = today or _today()
    body, since, from_file = check_request(body, since, from_file, today)
    if not isinstance(page_size, int) or page_size < 1:
        raise ValueError(f"page_size must be a positive integer, not {page_size!r}")
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    if from_file is not None:
        return _add_export(body, from_file, raw_dir, force, log, today)
    return _fetch_undl(body, since, raw_dir, session, force, pause, page_size, log, today)


def run(args: argparse.Namespace, session=None) -> int:
    """Run ``fetch votes`` for parsed ``args``; return 0, or 2 with one line on stderr.

    Prints the path of each file written and one summary line per body on stdout.
    """
    try:
        result = fetch_votes(args.body, since=getattr(args, "since", None), session=session,
                             from_file=getattr(args, "from_file", None), force=getattr(args, "force", False))
    except OfflineError as exc:
        print(one_line(exc, 400), file=sys.stderr)
        return 2
    except (FetchError, ValueError, OSError, UserError) as exc:
        print(f"fetch votes: error: {one_line(exc, 400)}", file=sys.stderr)
        return 2
    for path in result.files:
        print(path)
    for line in result.summary():
        print(line)
    return 0
