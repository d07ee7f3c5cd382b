"""A read-only install: ``python -m analysis`` with the checkout and the processed tables read-only, and the run's one
full report written on it (``read_only_report``), shared by the tests of two files.

``run_read_only(command, folders)`` runs ``python -m analysis COMMAND`` with ``folders`` read-only (a read-only bind
mount in a mount namespace of its own; without root, the folders' write permission taken away).

``read_only_report`` is ``echo n > reports/PAK-IRN/MY_NOTES.md; report --a PAK --b IRN --claims
claims/seed_article.toml`` on a read-only checkout, into a writable reports folder outside it
(``UNALIGN_REPORTS_DIR``) whose ``PAK-IRN`` holds an earlier report of the package and a reader's files. One report
(four notebooks, every year) serves three tests: the reader's files survive it and a read-only install writes a report
where it may (``tests/test_safety_folders.py``), and it is the command line's run of the pair the run's report batch
also runs with the same parameters (``tests/test_batch.py``: the same numbers and chart specs). Like ``report_batch``
(tests/conftest.py) it is written once per run: the first xdist worker to take the lock runs it and keeps what it
found; the other reads that.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from analysis.core import outputs
from tests.cli_run import REPO, tree
from tests.mini import once_per_run, shared_root

#: The reader's own files in the report folder of ``read_only_report``.
READERS_FILES = {"MY_NOTES.md": b"n\n", "thesis/chapter1/draft.txt": b"mine",
                 "charts/my_own_chart.png": b"a reader's chart"}
#: The claims the report checks: the same as the run's report batch gives its PAK-IRN pair (tests/conftest.py).
SEED = REPO / "claims" / "seed_article.toml"


def run_read_only(command: list[str], folders: list[Path], env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m analysis COMMAND`` with ``folders`` read-only: a read-only bind mount in a mount namespace
    of its own (root ignores file permissions), else the folders' write permission taken away."""
    env = {**os.environ, **(env or {})}
    python = [sys.executable, "-m", "analysis", *command]
    if os.geteuid() == 0:
        script = "".join(f'mount --bind "{f}" "{f}" && mount -o remount,bind,ro "{f}" && ' for f in folders)
        return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                               script + 'exec "$@"', "sh", *python], capture_output=True, text=True, cwd=REPO,
                              env=env, timeout=600)
    modes = {f: f.stat().st_mode for f in folders}
    try:
        for f in folders:
            f.chmod(0o555)
        return subprocess.run(python, capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    finally:
        for f, mode in modes.items():
            f.chmod(mode)


def fake_earlier_report(folder: Path) -> None:
    """A report folder as an earlier version of the package left it: a plain marker and its files."""
    (folder / "charts").mkdir(parents=True)
    (folder / outputs.REPORT_MARKER).write_text("a report written by python -m analysis report\n", encoding="utf-8")
    (folder / "dyad_report.html").write_text("<html>old</html>", encoding="utf-8")
    (folder / "parameters.json").write_text('{"parameters": {}, "raw_data_sha256": {}}', encoding="utf-8")
    for ext in (".png", ".svg", ".csv", ".vl.json"):
        (folder / "charts" / f"a_chart_no_longer_drawn{ext}").write_bytes(b"old chart")


@dataclass
class ReadOnlyReport:
    """One report run on a read-only checkout (``read_only_report``): what it printed and where it wrote."""

    result: subprocess.CompletedProcess  # ``python -m analysis report --a PAK --b IRN --claims ...``
    reports: Path  # the reports folder (``UNALIGN_REPORTS_DIR``), outside the checkout: the report is reports/PAK-IRN
    theirs: dict[str, str]  # the reader's files in reports/PAK-IRN before the report, with their sha256
    processed: tuple[dict[str, str], dict[str, str]]  # the processed tables' files before and after the report


def write_read_only_report(processed: Path, root: Path) -> ReadOnlyReport:
    """Seed ``root/reports/PAK-IRN`` (an earlier report and a reader's files) and run the report into it with the
    checkout and ``processed`` read-only."""
    reports = root / "reports"
    folder = reports / "PAK-IRN"
    fake_earlier_report(folder)
    for rel, data in READERS_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    theirs = {k: v for k, v in tree(folder).items() if k in READERS_FILES}
    before = tree(processed)
    result = run_read_only(["report", "--a", "PAK", "--b", "IRN", "--claims", str(SEED)], [REPO, processed],
                           env={"UNALIGN_REPORTS_DIR": str(reports)})
    return ReadOnlyReport(result, reports, theirs, (before, tree(processed)))


@pytest.fixture(scope="session")
def read_only_report(built: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> ReadOnlyReport:
    """The run's report on a read-only checkout (see the module docstring), written once for every xdist worker (one
    that could not be written is an error in both, with the same message)."""
    def write() -> ReadOnlyReport:
        root = shared_root(tmp_path_factory) / "read-only-install"
        root.mkdir()
        return write_read_only_report(built["out"], root)

    return once_per_run(tmp_path_factory, "read-only-report", write,
                        "the report on a read-only checkout could not be written")
