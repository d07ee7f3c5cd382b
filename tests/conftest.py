"""Shared fixtures: one full build per test run, into a temporary directory, shared by all workers.

``built`` builds once (with the alignment table, as ``make data`` does) and returns the
processed tables loaded back from Parquet, plus the BuildReport (key ``"report"``) and the
output directory (key ``"out"``). While it is alive, ``UNALIGN_PROCESSED_DIR`` points at
that directory, so ``analysis.core.tables.load`` and any notebook run by a test read the
run's tables, never ``data/processed``. That folder starts with hard links to the tables
``make data`` left (``_seed_tables``), and the build reuses them only when its no-change check
finds them current (same raw files, code and settings): after ``make data`` (which ``make test``
runs first) the run's build takes about a second; after a change of code it builds.

With pytest-xdist (``make test`` runs two workers), the workers share one build: each
calls the build on the same folder; the build's lock makes the second wait, and its
no-change check then reuses what the first wrote. ``UNALIGN_CACHE_DIR`` points every
build of the run (this one, and the tests' own builds into other folders) at one stage
cache, so a stage computed once (ideal points, ~20 s) is reused by the others when its
inputs are the same (``analysis.core.cache``). That cache starts from the one ``make data``
left in ``data/processed/.cache`` (``_seed_stage_cache``): after ``make data``, the run's own
build recomputes only what changed since (its code or inputs), not the adapters that take
tens of seconds (State Department PDFs, the unvotes RData, ideal points).

``report_batch`` is the run's one batch of real reports (two pairs, every notebook, the seed
article's claims, and a third pair that fails in its worker), written once and read by every test that
looks at a finished report (pages, charts, the browser checks) or at a batch (its outcomes, its index:
``report_batch_outcomes``); ``read_only_report`` (tests/read_only.py) is the run's one report through the
command line, on a read-only checkout. Other tests of how a report is *written* (a failed report, the lock,
the caller's working directory) still run their own.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis.core import paths
from analysis.core.atomic import write_with
from tests.mini import (
    mini_built,  # noqa: F401 - the unit tests' small build (tests/mini.py), for every module
    once_per_run,
    shared_root,
)
from tests.read_only import read_only_report  # noqa: F401 - the run's report on a read-only checkout

#: Fixtures that stand for the run's full build (the processed tables).
BUILD_FIXTURES = frozenset({"built", "processed_dir"})
#: Fixtures that start another program: a Spark session (a JVM), headless Chromium under chromedriver.
PROGRAM_FIXTURES = frozenset({"spark", "chromium", "shared_driver", "driver"})
#: Fixtures that stand for the full raw data (``data/raw``, every file of every dataset).
RAW_FIXTURES = frozenset({"raw_dir", "read_full_r"})  # read_full_r: tests/test_mini_raw.py reads the full R files


#: The test files that take longest (``--durations``, two workers on two cores), longest first, and the files whose
#: tests read the run's report batch early among them. ``make test`` hands out whole files (``--dist loadfile``) in
#: collection order (``pytest_configure`` turns off xdist's own order, by number of tests, which would start these
#: few-test files last and leave one worker running them alone at the end): the two workers start with these and
#: the many short files fill in, so they finish together. Files not listed keep their order after them.
LONGEST_FIRST = (
    "tests/test_reports.py", "tests/test_docs.py", "tests/test_chart_behaviour.py",
    "tests/test_safety_folders.py", "tests/test_browser.py", "tests/test_gdelt_fetch.py",
    "tests/test_safety_outputs.py", "tests/test_safety_dates.py", "tests/test_jupyterlab_offline.py",
    "tests/test_safety_inputs.py", "tests/test_gdelt_engines.py", "tests/test_batch.py", "tests/test_dyad_report.py",
    "tests/test_resolutions.py", "tests/test_safety_runs.py", "tests/test_mini_raw.py", "tests/test_cli.py",
)


def pytest_configure(config: pytest.Config) -> None:
    """With ``--dist loadfile``, hand out the files in collection order (``LONGEST_FIRST`` first), not xdist's
    default order by number of tests (its ``--loadscope-reorder``)."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the longest files first (``LONGEST_FIRST``; a stable sort: each file's tests keep their order), and every
    test in one tier by what it needs: ``integration``, ``data`` or ``unit``.

    - ``integration``: the run's full build (it asks for ``built``, ``processed_dir`` or ``report_batch``,
      directly or through a fixture), a notebook (nbval), another program (Spark's JVM, headless Chromium:
      ``PROGRAM_FIXTURES``), or a module marked ``integration``;
    - ``data``: the full raw data but no build (it asks for ``raw_dir``, or is marked ``data``): the adapters
      and checks over every real file;
    - ``unit``: neither — small inputs: the unit tests' cut of the real raw data (``mini_built``,
      ``tests/fixtures/mini-raw``), the other small fixtures under ``tests/fixtures``, or values written in the
      test. ``make test-unit`` runs these alone, without building; ``make test`` runs every tier.
    """
    rank = {path: k for k, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if (BUILD_FIXTURES & names or PROGRAM_FIXTURES & names or item.path.suffix == ".ipynb"
                or item.get_closest_marker("integration") is not None):
            item.add_marker(pytest.mark.integration)
        elif RAW_FIXTURES & names or item.get_closest_marker("data") is not None:
            item.add_marker(pytest.mark.data)
        else:
            item.add_marker(pytest.mark.unit)


@pytest.fixture(scope="session")
def chromium() -> None:
    """Chromium and chromedriver, installed with apt-get if missing (as root); else the test fails."""
    from tests.browser import ensure_chromium

    try:
        ensure_chromium(install=True)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def shared_driver(chromium: None) -> Iterator[Any]:
    """The worker's one headless Chromium (``tests.browser.SharedDriver``), started when a module first asks for
    ``driver`` and quit at the end of the session: one start per worker instead of one per module."""
    from tests.browser import SharedDriver

    shared = SharedDriver()
    yield shared
    shared.quit()


@pytest.fixture(scope="module")
def driver(shared_driver: Any) -> Any:
    """A headless Chromium (``tests.browser.open_driver``) for the module's tests: the session's, reset for the
    module (one window of ``tests.browser.WINDOW``, no device emulation, no page, no storage, an empty log)."""
    return shared_driver.fresh()


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw-data directory the package reads (``data/raw`` unless UNALIGN_RAW_DIR is set)."""
    return paths.raw_dir()


@pytest.fixture(scope="session")
def processed_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A processed directory for the whole run; UNALIGN_PROCESSED_DIR and UNALIGN_CACHE_DIR point into it."""
    shared = shared_root(tmp_path_factory)
    out = shared / "processed"
    out.mkdir(exist_ok=True)
    stage_cache = shared / "stage-cache"
    _seed_stage_cache(paths.cache_dir(), stage_cache)
    _seed_tables(paths.processed_dir(), out)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UNALIGN_PROCESSED_DIR", str(out))
        mp.setenv("UNALIGN_CACHE_DIR", str(stage_cache))
        yield out


def _link(source: Path, target: Path) -> None:
    """Hard-link ``source`` to ``target`` (a copy, renamed into place, across file systems); leave a target that
    exists (the other worker linked it first)."""
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:  # another file system: a copy, renamed into place, so the other worker never reads half a file
        write_with(lambda tmp, source=source: shutil.copy2(source, tmp), target)


def _seed_tables(seed: Path, out: Path) -> None:
    """Start the run's processed folder from the tables ``make data`` left in ``seed`` and their build state.

    The run's build (``built``) then finds them current exactly when the build would write the same tables --
    the same raw files (sha256), the same code of the build, schemas, core, sources and measures, the same
    settings (``analysis.build``'s key) -- and reuses them in about a second (its no-change check; ``make test``
    runs ``make data`` first, so they are current there). Otherwise it builds as before, replacing them, and
    never writes through the links: a build writes each table to a new file and renames it into place.
    """
    from analysis import build

    state = seed / build.STATE_FILE
    if not state.is_file():
        return
    for name in build.TABLES:
        if (seed / f"{name}.parquet").is_file():
            _link(seed / f"{name}.parquet", out / f"{name}.parquet")
    _link(state, out / build.STATE_FILE)


def _seed_stage_cache(seed: Path, stage_cache: Path) -> None:
    """Start the run's stage cache from the one ``make data`` left (hard links; a copy across file systems).

    A stage's file name is its key: a sha256 over its inputs, parameters and code
    (``analysis.core.cache``), so a result of ``make data`` is reused exactly when this run
    would compute the same thing, and recomputed otherwise. The links are never written
    through: the cache replaces a result by writing a new file and renaming it, so the
    user's ``data/processed/.cache`` is left as it was.
    """
    stage_cache.mkdir(exist_ok=True)
    for source in seed.glob("*.parquet") if seed.is_dir() else ():
        _link(source, stage_cache / source.name)


@pytest.fixture(scope="session")
def built(processed_dir: Path, raw_dir: Path) -> dict[str, Any]:
    """Build once per run; return {table name: DataFrame, "report": BuildReport, "out": Path}.

    ``report`` is the report of the build that wrote the tables, also when this worker found
    them already built (``analysis.build.last_report``).
    """
    from analysis import build

    report = build.build(raw=raw_dir, out=processed_dir)
    if report.unchanged:
        report = build.last_report(processed_dir)
    assert paths.processed_dir() == processed_dir
    tables: dict[str, Any] = {name: build.load(name) for name in build.TABLES}
    tables["report"] = report
    tables["out"] = processed_dir
    return tables


#: The pair of the run's report batch that fails in its worker (``report_batch_jobs``).
FAILING_PAIR = "PAK-Atlantis"


def report_batch_jobs() -> list[Any]:
    """The run's one batch of real reports (``report_batch``): the seed article's pair with its claims, all years; a
    second pair over a decade (each pair's report checks the seed article's claims, as ``--claims`` does); and a
    pair whose worker fails (an unknown country, which the command line would refuse before any notebook ran)."""
    from analysis.reports.batch import Job

    claims = str((paths.ROOT / "claims" / "seed_article.toml").resolve())
    return [Job("PAK", "IRN", claims_file=claims), Job("IND", "USA", 2000, 2010, claims_file=claims),
            Job("PAK", "Atlantis")]


@pytest.fixture(scope="session")
def report_batch_outcomes(built: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """One batch of real reports per run (``report_batch_jobs``), shared by every test (and xdist worker) that reads
    a report or a batch; returns the pairs' outcomes (``analysis.reports.batch.Outcome``), in the jobs' order.

    ``run_batch`` (in this process, two workers) writes ``PAK-IRN/``, ``IND-USA/`` and ``index.html`` (a card for
    each pair, the failed one with its error) under ``report_batch``'s folder. The first worker to get the lock
    writes it and keeps the outcomes; the other waits and reads them (also a batch that raised, so both fail with
    the same message instead of the second running it again).
    """
    from analysis.reports import batch

    root = shared_root(tmp_path_factory) / "report-batch"
    return once_per_run(tmp_path_factory, "report-batch",
                        lambda: batch.run_batch(report_batch_jobs(), workers=2, reports_root=root, progress=False),
                        f"the run's report batch ({root}) failed")


@pytest.fixture(scope="session")
def report_batch(report_batch_outcomes: list[Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the run's report batch (``report_batch_outcomes``): ``PAK-IRN/`` (the seed article's claims,
    all years), ``IND-USA/`` (2000-2010, the same claims) and ``index.html``."""
    root = shared_root(tmp_path_factory) / "report-batch"
    failed = [f"{o.job.name}: {o.error}" for o in report_batch_outcomes if not o.ok and o.job.name != FAILING_PAIR]
    assert not failed, f"the run's report batch ({root}): " + "; ".join(failed)
    return root
