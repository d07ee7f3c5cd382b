"""Build the processed tables: raw files → adapters → validated Parquet, written atomically.

``build()`` verifies the raw checksums (``analysis.core.manifest``), runs every adapter,
combines the General Assembly sources with this precedence, validates the result
(``analysis.schemas.validate``) and only then moves the new files into place:

1. yes / abstain / no for sessions 1-74 from **unvotes** (the newer Voeten release);
2. absent / not-member rows from **Voeten's 2016 file** only where unvotes has no row for
   the same (rcid, state);
3. **DGACM** records for 2019-2026, minus every resolution whose symbol unvotes already
   has (session 74 overlaps); repeated DGACM records are collapsed by the adapter.

The Human Rights Council (HRC, 2006-2026) and the Commission on Human Rights (CHR,
1946-2006) are bodies of their own, read from one source: the OHCHR voting harvest
(``analysis.sources.ohchr``). It is the primary source of the HRC because it alone covers
the Council's whole life to March 2026 and publishes the official tallies, draft symbols
and record links. The older HRC sqlite file (2006-2024) adds nothing to the tables: it is
compared with the harvest state-vote by state-vote (``analysis.measures.crosscheck``), and the
differences go to ``hrc_crosscheck``. Official tallies sit beside the counts of the
per-state rows on ``roll_calls`` (``analysis.measures.tallies``); ``memberships`` is read off the
HRC's and CHR's recorded votes (``analysis.measures.memberships``); resolutions settled without a
roll call go to ``resolutions_without_roll_call``.

The Security Council (SC) and any newer GA, HRC or CHR records come from two more kinds of
file: voting records fetched from the UN Digital Library or saved from the OHCHR Search
Library (``python -m analysis fetch votes``, ``analysis.sources.undl``; merged by symbol
after the published datasets, which win: ``read_fetched_votes``), and roll calls recorded
from UN press releases (``data/raw/un-press-votes/``, ``analysis.sources.un_press_votes``;
checked against the tally and the members, and left out when a dataset has the same roll
call: ``read_press_votes``). Permanent seats and vetoes are set by
``analysis.measures.security_council``; ``press_votes`` keeps each press-release vote's
basis and URL.

Trade: Correlates of War (shipped, 1870-2014), the IMF's Direction of Trade Statistics
workbooks (shipped, 1960-2020, both sides' reports; ``analysis.sources.imf_dots``) and every
file fetched with ``python -m analysis fetch trade`` and listed in the manifest, all in
``trade`` with their ``source``; COW beside DOTS per directed flow in ``trade_sources``
(``analysis.measures.trade_sources``); trade figures published in the press, secondary
sources with their bases kept, in ``reported_figures`` (``analysis.sources.reported_trade``).
Outputs in ``data/processed/``: ``countries``, ``roll_calls``, ``votes``, ``memberships``,
``resolutions_without_roll_call``, ``hrc_crosscheck``, ``press_votes``, ``trade``, ``trade_sources``,
``reported_figures``, ``statedept_coincidence`` and ``statedept_votes`` (the US State Department's
voting-practices reports, ``analysis.sources.statedept``, which also set the GA's ``important``
flags; exact duplicate GA roll calls are dropped: ``fix_ga_record``), the event tables,
``ideal_points`` (dynamic ordinal ideal points, ``analysis.measures.idealpoints``),
``alignment_dyad_year`` (all GA dyad-years, default filters, with ``ideal_distance``) and
``dyad_year`` (the panel, ``analysis.measures.panel``).
Running it twice gives identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis import schemas as schemas_mod
from analysis.build_sources import (  # noqa: F401 - FETCHED_*, sorted_trade and symbol_key: still build's names
    FETCHED_TRADE,
    FETCHED_VOTES,
    fix_ga_record,
    hrc_only,
    read_events,
    read_fetched_votes,
    read_press_votes,
    read_statedept,
    read_trade,
    sorted_trade,
    symbol_key,
    tally_notes,
)
from analysis.core import cache, clock, manifest, outputs, paths
from analysis.core.atomic import write_all_parquet, write_text
from analysis.core.locks import ReadOnlyError
from analysis.core.tables import load  # noqa: F401 - build.load, the loader's old home, still works
from analysis.schemas import EVENT_TABLES, KEYS, check_table, conform, validate, validate_events

# The adapters and measures are imported where they are used, not here: a build that finds nothing changed
# (``_unchanged``) answers without loading them (countrycode alone brings pandas, most of a second).

VOTE_TABLES = ("memberships", "resolutions_without_roll_call", "hrc_crosscheck", "press_votes",
               "statedept_coincidence", "statedept_votes")
TRADE_TABLES = ("trade", "trade_sources", "reported_figures")
TABLES = ("countries", "roll_calls", "votes", *VOTE_TABLES, *TRADE_TABLES, *EVENT_TABLES, "ideal_points",
          "alignment_dyad_year", "dyad_year")


@dataclass
class BuildReport:
    """What a build did: row counts, notes on what each source contributed, and timings."""

    rows: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0  # the whole build
    ideal_points_seconds: float = 0.0  # of which the ideal-point estimation (``analysis.measures.idealpoints``)
    reused: list[str] = field(default_factory=list)  # stages whose cached result was reused (``analysis.core.cache``)
    unchanged: bool = False  # nothing changed since the last build: every table was reused as it was

    def __str__(self) -> str:
        if self.unchanged:
            lines = [f"built in {self.seconds:.1f} s: nothing changed since the last build (same raw files, code and "
                     f"settings), every table reused"]
        else:
            lines = [f"built in {self.seconds:.1f} s (ideal points {self.ideal_points_seconds:.1f} s, "
                     f"everything else {self.seconds - self.ideal_points_seconds:.1f} s)"]
            if self.reused:
                lines.append(f"  reused (inputs, parameters and code unchanged): {', '.join(self.reused)}")
        lines += [f"  {name}: {n:,} rows" for name, n in self.rows.items()]
        lines += [f"  - {note}" for note in self.notes]
        return "\n".join(lines)


def _raw_key(raw: Path, source: str) -> list[tuple[str, str]]:
    """The (path, sha256) of the manifest's files of ``source``: what a stage reading them depends on."""
    return sorted((e.path, e.sha256) for e in manifest.load(raw) if e.source == source)


def _adapter_code(module: object) -> str:
    """The code an adapter's result depends on: the adapter (a module, or a tuple of modules) and the modules
    every adapter uses."""
    from analysis import sources as sources_pkg
    from analysis.core import countries as countries_mod
    from analysis.sources import rdata

    modules = module if isinstance(module, tuple) else (module,)
    return cache.code_digest(*modules, sources_pkg, rdata, countries_mod, schemas_mod)


def assemble(raw: Path, stages: cache.StageCache | None = None) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """Read every source under ``raw`` and return the canonical tables plus build notes.

    With ``stages``, the adapters that take over a second reuse their cached result when the
    raw files they read and their code are unchanged (``analysis.core.cache``).
    """
    with ThreadPoolExecutor(BACKGROUND_THREADS) as background:
        return _assemble(raw, stages, background, BuildJobs())


#: Threads the build reads and computes on besides its own (``_assemble``, ``_build_locked``): most of them wait
#: (on files, or on polars and numba, which release the GIL); none waits for a job queued after it.
BACKGROUND_THREADS = 8


@dataclass
class BuildJobs:
    """Work the build starts in the background as soon as its inputs are read (``_build_locked``): ``on_votes``
    gets the final roll calls and votes, ``on_trade`` the trade table and the COW/DOTS comparison (called on
    the trade thread); both may start jobs and keep their futures here."""

    on_votes: Callable[[pl.DataFrame, pl.DataFrame], None] | None = None
    on_trade: Callable[[pl.DataFrame, pl.DataFrame], None] | None = None
    futures: dict[str, Future] = field(default_factory=dict)


def _assemble(raw: Path, stages: cache.StageCache | None, background: ThreadPoolExecutor,
              jobs: BuildJobs) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """``assemble`` on the threads of ``background``: the reports' PDF text and the trade tables (which need no
    vote) are read there while this thread reads the votes; ``jobs`` hooks start later work early."""
    from analysis.sources import pdf_text, statedept, statedept_layout

    # the stage keys cover the build's code too: what a stage computes is written there (e.g. the sort of a
    # source's rows, ``build_sources.read_trade``)
    build_code = cache.code_digest(__name__, "analysis.build_sources")

    def stage_key(name: str, source: str, module: object) -> str:
        return cache.key(name, _raw_key(raw, source), _adapter_code(module), build_code)

    def staged(name: str, source: str, module: object, compute):
        if stages is None:
            return compute()
        return stages.get_or_compute(name, stage_key(name, source, module), compute, valid=clock.within_today)

    from analysis.sources import voeten

    # the sources that need no other are read meanwhile (the reports' PDF text, with PDFium, which releases the
    # GIL; Voeten's status rows; the trade tables, COW and DOTS side by side; the events); this thread takes each
    # result where it used to read it, so that the notes keep their order
    pages = None
    if stages is None or not stages.has("statedept_pages", stage_key("statedept_pages", statedept.SOURCE,
                                                                       (pdf_text, statedept_layout))):
        pages = background.submit(statedept.page_texts, raw)
    status = background.submit(staged, "voeten_status", "voeten", voeten, lambda: voeten.read_status_rows(raw))
    trade = background.submit(_trade_tables, raw, staged, jobs.on_trade, background)
    events = background.submit(_event_tables, raw, staged)
    return _read_sources(raw, staged, pages.result if pages else (lambda: statedept.page_texts(raw)), trade.result,
                         jobs.on_votes, status.result, events.result)


def _event_tables(raw: Path, staged) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """``read_events`` with notes of its own."""
    notes: list[str] = []
    return read_events(raw, notes, staged), notes


@dataclass
class _TradeTables:
    """The trade tables as ``_trade_tables`` read them, with their build notes (in the order they are written)."""

    trade: pl.DataFrame
    comparison: pl.DataFrame
    reported: pl.DataFrame
    notes: list[str]


def _trade_tables(raw: Path, staged, on_trade=None, pool: Executor | None = None) -> _TradeTables:
    """``trade``, ``trade_sources`` and ``reported_figures`` (``read_trade``, ``measures.trade_sources``,
    ``sources.reported_trade``); ``on_trade(trade, comparison)`` is called as soon as the first two are made.
    ``pool``: where ``read_trade`` reads DOTS while this thread reads COW."""
    from analysis.measures import trade_sources
    from analysis.sources import reported_trade

    notes: list[str] = []
    trade = read_trade(raw, notes, staged, pool)
    comparison = trade_sources.compare(trade)
    notes.append(trade_sources.summary(comparison))
    if on_trade is not None:
        on_trade(trade, comparison)
    reported = reported_trade.read(raw)
    notes.append(f"reported: {reported.height} trade figures published in the press (secondary sources), "
                 f"{reported['period_start'].min()} to {reported['period_end'].max()}" if reported.height
                 else "reported: no press figures")
    return _TradeTables(trade, comparison, reported, notes)


def _read_sources(raw: Path, staged, page_texts, trade_tables, on_votes, status_rows,
                  event_tables) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """The body of ``assemble``: ``staged`` runs a stage through the cache; ``page_texts``, ``trade_tables``,
    ``status_rows`` and ``event_tables`` return the reports' page texts (``statedept.page_texts``), the
    ``_TradeTables``, Voeten's status rows and the event tables with their notes (``_event_tables``), read on
    other threads; ``on_votes(roll_calls, votes)``, if given, is called as soon as those two tables are final."""
    from analysis.core import countries as countries_mod
    from analysis.core.keysort import sort_by_key
    from analysis.measures import crosscheck, memberships, security_council, tallies
    from analysis.sources import dgacm, hrc, ohchr, unsc_vetoes, unvotes

    notes: list[str] = []
    un_rc = unvotes.read_roll_calls(raw)
    un_votes = staged("unvotes_votes", "unvotes", unvotes, lambda: unvotes.read_votes(raw, un_rc))
    status = status_rows()
    added_status = status.join(un_votes, on=["body", "rcid", "iso3"], how="anti")
    notes.append(
        f"unvotes: {un_rc.height:,} GA roll calls, {un_votes.height:,} yes/abstain/no votes; "
        f"voeten: {added_status.height:,} absent/not-member rows added "
        f"({status.height - added_status.height:,} skipped where unvotes has a row)"
    )

    dg = dgacm.read(raw)
    known = un_rc["symbol"].drop_nulls().unique()
    dg_rc = dg.roll_calls.filter(~pl.col("symbol").is_in(known.implode()))
    dg_votes = dg.votes.join(dg_rc.select("rcid"), on="rcid", how="semi")
    notes.append(
        f"dgacm: {dg.roll_calls.height:,} recorded votes after collapsing repeated records; "
        f"{dg.roll_calls.height - dg_rc.height:,} already in unvotes (same symbol) dropped; {dg_rc.height:,} added"
    )
    notes += [f"dgacm: {s}" for s in dg.skipped]

    human_rights = ohchr.read(raw)
    notes += human_rights.notes
    check = crosscheck.compare(*hrc_only(human_rights.roll_calls, human_rights.votes), *hrc.read(raw))
    notes.append(check.summary())

    published_rc = [un_rc, dg_rc, human_rights.roll_calls]
    published_votes = [un_votes, added_status, dg_votes, human_rights.votes]
    fetched_rc, fetched_votes = read_fetched_votes(raw, pl.concat(published_rc), notes,
                                                   pl.concat([conform(v, "votes") for v in published_votes]))
    roll_calls = pl.concat([*published_rc, fetched_rc])
    votes = pl.concat([conform(v, "votes") for v in (*published_votes, fetched_votes)])
    press = read_press_votes(raw, roll_calls, votes, notes)
    roll_calls = pl.concat([roll_calls, press.roll_calls]).sort("body", "rcid")
    votes = sort_by_key(pl.concat([votes, press.votes]), ["body", "rcid", "iso3"])  # the key (validated unique)
    reports = read_statedept(raw, notes, staged, page_texts)
    roll_calls, votes = fix_ga_record(roll_calls, votes, reports.votes, notes)
    roll_calls = tallies.with_counts(roll_calls, votes)
    votes = security_council.with_permanent(votes, roll_calls)
    roll_calls = security_council.with_vetoes(roll_calls, votes)
    roll_calls, votes, veto_notes = security_council.merge_veto_list(unsc_vetoes.read(raw), roll_calls, votes)
    if on_votes is not None:
        on_votes(roll_calls, votes)
    notes += veto_notes
    notes += tally_notes(roll_calls)
    without = pl.concat([dg.without_vote, human_rights.without_roll_call]).sort("body", "date", "symbol", "record_id")

    traded = trade_tables()  # read on another thread meanwhile (``_trade_tables``)
    trade, comparison, reported = traded.trade, traded.comparison, traded.reported
    notes += traded.notes
    states = set(votes["iso3"].unique().to_list())
    states |= set(trade["reporter_iso3"].unique().to_list()) | set(trade["partner_iso3"].unique().to_list())
    ev_tables, ev_notes = event_tables()
    notes += ev_notes
    for table in ("events", "event_counts_dyad_year", "event_counts_dyad_month"):
        for column in ("source_iso3", "target_iso3"):
            states |= set(ev_tables[table][column].drop_nulls().to_list())
    countries = conform(countries_mod.build_countries(states, human_rights.groups), "countries")
    members = memberships.derive(roll_calls, votes)
    tables = {"countries": countries, "roll_calls": roll_calls, "votes": votes, "memberships": members,
              "resolutions_without_roll_call": without, "hrc_crosscheck": check.differences,
              "press_votes": press.press_votes, "statedept_coincidence": reports.coincidence,
              "statedept_votes": reports.votes, "trade": trade,
              "trade_sources": comparison, "reported_figures": reported, **ev_tables}
    return tables, notes


def build(raw: Path | None = None, out: Path | None = None, with_alignment: bool = True,
          force: bool = False) -> BuildReport:
    """Build all processed tables from ``raw`` into ``out`` (defaults from ``analysis.core.paths``).

    Returns a ``BuildReport``. Raises ``manifest.RawDataError`` for a missing or altered raw
    file and ``schemas.SchemaError`` / ``sources.SourceFormatError`` for bad data; in every
    failure the previous outputs are left untouched (all files are written to temporary
    names first and renamed only after everything succeeded). The build holds a lock on
    ``out`` (``analysis.core.outputs.build_lock``): a second build waits for it, then raises
    ``BuildLockedError`` naming the holder. Temporary files of an interrupted build are
    removed first.

    Incremental: when the raw files, the code of the build's layers and the settings are
    those of the last build in ``out`` and its outputs are as it wrote them, every table is
    reused at once (``BuildReport.unchanged``); otherwise each expensive stage is reused
    when its own inputs, parameters and code are unchanged (``analysis.core.cache``).
    ``force`` recomputes everything.
    """
    start = time.perf_counter()
    raw = raw or paths.raw_dir()
    out = out or paths.processed_dir()
    if not force and out.is_dir() and not os.access(out, os.W_OK | os.X_OK):
        # a read-only install: nothing may be written, and nothing needs to be when the tables are up to date
        entries = manifest.verify(raw_dir=raw)
        state = _unchanged(out, _build_key(entries, with_alignment))
        if state is None:
            raise ReadOnlyError(f"{out} is read-only and its tables are not those of {raw} (raw files or code "
                                f"changed); build into a writable folder: UNALIGN_PROCESSED_DIR=DIR python -m "
                                f"analysis build")
        return BuildReport(rows=state["rows"], notes=state["notes"], unchanged=True,
                           seconds=time.perf_counter() - start)
    with outputs.build_lock(out):
        return _build_locked(raw, out, with_alignment, start, force)


def _build_key(entries: list[manifest.RawFile], with_alignment: bool) -> str:
    """The whole build's key: the raw files' checksums, the code of its layers, its settings."""
    return cache.key("build", sorted((e.path, e.sha256) for e in entries), _build_code(), with_alignment)


STATE_FILE = ".build-state.json"


def _build_code() -> str:
    """The code the tables depend on: the build, the schemas, and the core, sources and measures layers."""
    package = Path(__file__).resolve().parent
    files = [package / "build.py", package / "build_sources.py"]
    for layer in ("schemas", "core", "sources", "measures"):
        files += sorted((package / layer).glob("*.py"))
    return cache.key(*(f.read_bytes() for f in files))


def _outputs(out: Path) -> dict[str, list[int]]:
    stats = {}
    for name in TABLES:
        path = out / f"{name}.parquet"
        if path.is_file():
            st = path.stat()
            stats[name] = [st.st_size, st.st_mtime_ns]
    return stats


def _unchanged(out: Path, build_key: str) -> dict | None:
    """The saved state when the last build had ``build_key`` and its outputs are still as it wrote them."""
    try:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("key") != build_key or state.get("outputs") != _outputs(out) or len(state["outputs"]) != len(TABLES):
        return None
    if state.get("latest") and dt.date.fromisoformat(state["latest"]) > clock.today():
        return None  # built on a later day than the run's today: rebuild, so that the adapters refuse the late rows
    return state


def _build_locked(raw: Path, out: Path, with_alignment: bool, start: float, force: bool) -> BuildReport:
    leftovers = outputs.remove_build_leftovers(out, TABLES)
    entries = manifest.verify(raw_dir=raw)
    build_key = _build_key(entries, with_alignment)
    state = _unchanged(out, build_key) if not (leftovers or force) else None
    if state is not None:
        return BuildReport(rows=state["rows"], notes=state["notes"], unchanged=True,
                           seconds=time.perf_counter() - start)
    stages = cache.StageCache(paths.cache_dir(out), recompute=force)
    with ThreadPoolExecutor(BACKGROUND_THREADS) as background:
        # the ideal points need only the votes and the dyad-year trade columns only the trade tables: each starts
        # on a thread of its own as soon as those are read, and runs while the rest of the sources are read,
        # validated and the alignment computed
        jobs = BuildJobs()
        if with_alignment:
            jobs.on_votes = lambda roll_calls, votes: jobs.futures.setdefault(
                "ideal_points", background.submit(_timed, ideal_points_stage, stages, votes, roll_calls))
            jobs.on_trade = lambda trade, comparison: jobs.futures.setdefault(
                "trade_dyad_year", background.submit(trade_panel_stage, stages, trade, comparison))
        tables, notes = _assemble(raw, stages, background, jobs)
        if leftovers:
            notes.append(f"removed {len(leftovers)} temporary file(s) of an interrupted build: "
                         f"{', '.join(p.name for p in leftovers)}")
        if with_alignment:  # all GA dyad-years, meanwhile the tables are validated
            from analysis.measures.alignment import all_dyads_alignment

            aligned = background.submit(all_dyads_alignment, tables["votes"], tables["roll_calls"])
        validate({k: v for k, v in tables.items() if k in KEYS and k not in EVENT_TABLES})
        validate_events({k: tables[k] for k in EVENT_TABLES}, tables["countries"])
        if with_alignment:
            alignment = aligned.result()
            trade_dy = jobs.futures["trade_dyad_year"].result()
            ideal, ideal_seconds = jobs.futures["ideal_points"].result()
    if with_alignment:
        from analysis.measures.idealpoints import by_year
        from analysis.measures.panel import add_ideal_distance, build_dyad_year

        check_table(ideal, "ideal_points")  # no reference to another table: the others were validated above
        estimated = ideal.filter(pl.col("ideal_point").is_not_null())
        notes.append(
            f"ideal points: {estimated.filter(pl.col('issue') == 'all').height:,} state-sessions on all roll calls, "
            f"{estimated.filter(pl.col('issue') != 'all').height:,} issue-specific; "
            f"{ideal.height - estimated.height:,} rows not estimated (see their note)"
        )
        tables["ideal_points"] = ideal
        yearly = by_year(ideal, tables["roll_calls"])
        tables["alignment_dyad_year"] = add_ideal_distance(alignment, yearly)
        tables["dyad_year"] = build_dyad_year(
            alignment, tables["trade"], yearly_points=yearly, event_counts=tables["event_counts_dyad_year"],
            trade_comparison=tables["trade_sources"], trade_dy=trade_dy)
    else:
        ideal_seconds = 0.0
    # stages run on several threads: the ones reused, in the order of the build's steps (not of their threads)
    reused = sorted(stages.reused, key=lambda stage: STAGES.index(stage) if stage in STAGES else len(STAGES))
    report = BuildReport(rows={k: v.height for k, v in tables.items()}, notes=notes, reused=reused)
    report.ideal_points_seconds = ideal_seconds

    write_tables(tables, out)
    report.seconds = time.perf_counter() - start
    if with_alignment:
        last = clock.latest(tables.values())
        write_text(json.dumps({"key": build_key, "outputs": _outputs(out), "rows": report.rows, "notes": notes,
                               "latest": last.isoformat() if last else None,
                               "seconds": report.seconds, "ideal_points_seconds": report.ideal_points_seconds,
                               "reused": report.reused}), out / STATE_FILE)
    return report


def last_report(out: Path | None = None) -> BuildReport:
    """Return the report of the build that wrote the tables in ``out`` (default: the processed folder).

    Raises ``MissingTableError`` when no complete build has been recorded there.
    """
    from analysis.core.errors import MissingTableError

    out = out or paths.processed_dir()
    try:
        state = json.loads((Path(out) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise MissingTableError(f"{out}: no build recorded; run `python -m analysis build` (or `make data`)") from None
    return BuildReport(rows=state["rows"], notes=state["notes"], seconds=state["seconds"],
                       ideal_points_seconds=state["ideal_points_seconds"], reused=state["reused"])


#: The stages of the build's stage cache, in the order of its steps (``BuildReport.reused`` lists them so).
STAGES = ("unvotes_votes", "voeten_status", "statedept_pages", "cow_trade", "imf_dots", "icews_dyad_year",
          "ideal_points", "trade_dyad_year")


def _timed(function, *args):
    """``function(*args)`` and the seconds it took."""
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def ideal_points_stage(stages: cache.StageCache, votes: pl.DataFrame, roll_calls: pl.DataFrame) -> pl.DataFrame:
    """The ideal points of the GA (``analysis.measures.idealpoints``), reused when nothing they rest on changed.

    The key covers the GA's votes and roll calls (their content), the estimator's code and
    the schemas: a changed vote, roll call or line of the estimator (``idealpoints`` and its ``idealpoints_data``,
    ``idealpoints_em`` and compiled E-step ``truncated_normal``) recomputes them.
    """
    from analysis.measures import idealpoints

    ga_votes = votes.filter(pl.col("body") == "GA")
    ga_rc = roll_calls.filter(pl.col("body") == "GA")
    stage_key = cache.key("ideal_points", cache.frame_digest(ga_votes), cache.frame_digest(ga_rc),
                          cache.code_digest(idealpoints, "analysis.measures.idealpoints_data",
                                            "analysis.measures.idealpoints_em", "analysis.measures.truncated_normal",
                                            schemas_mod))
    return stages.get_or_compute("ideal_points", stage_key, lambda: idealpoints.ideal_points_table(ga_votes, ga_rc))


def trade_panel_key(trade: pl.DataFrame, comparison: pl.DataFrame) -> str:
    """The key of the ``trade_dyad_year`` stage: the trade table, the comparison and the code
    (``trade_panel_stage``)."""
    from analysis.measures import panel
    from analysis.measures import trade as trade_mod

    return cache.key("trade_dyad_year", cache.frame_digest(trade), cache.frame_digest(comparison),
                     cache.code_digest(panel, trade_mod, schemas_mod))


def trade_panel_stage(stages: cache.StageCache, trade: pl.DataFrame, comparison: pl.DataFrame,
                      stage_key: str | None = None, compute=None) -> pl.DataFrame:
    """The dyad-year trade columns (``analysis.measures.panel.trade_dyad_year``: the figure used for each
    of 4.6 million flows, about 5 s of CPU), reused when the trade table, the comparison and the code are unchanged
    (a build that changes only votes or events).

    ``stage_key``: ``trade_panel_key(trade, comparison)`` when the caller has it; ``compute``: returns the columns
    when they are not cached (default: ``trade_dyad_year`` now; the build passes the result it computed meanwhile).
    """
    from analysis.measures import panel

    stage_key = stage_key or trade_panel_key(trade, comparison)
    return stages.get_or_compute("trade_dyad_year", stage_key,
                                 compute or (lambda: panel.trade_dyad_year(trade, comparison)))


#: The processed tables' codec and level: zstd at level 1 writes in about 60% of the CPU of polars' default
#: level (3), reads as fast, and the files are about 8% larger (measured on the built tables).
TABLE_CODEC, TABLE_LEVEL = "zstd", 1


def write_tables(tables: dict[str, pl.DataFrame], out: Path) -> None:
    """Write every table to ``out/<name>.parquet``: all to temporary files, then all renamed."""
    write_all_parquet({out / f"{name}.parquet": frame for name, frame in tables.items()}, compression=TABLE_CODEC,
                      compression_level=TABLE_LEVEL)
