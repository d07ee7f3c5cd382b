"""Issues 11 and 20: a report never destroys a file it did not write.

A report refuses a folder of other files, keeps a reader's files in its own folder, never removes a folder that
appears while it runs, lets a second report into the same folder stop at once, and cleans up after a killed one; a
read-only install reads, writes a report where it may and says in one line what it cannot write. Each case runs
through the command line (``python -m analysis``, ``tests/cli_run.py``) with the session's build; the report on a
read-only checkout is the run's one (``read_only_report``, ``tests/read_only.py``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from analysis.core import outputs
from analysis.core.errors import OutputPathError
from tests.cli_run import REPO, assert_one_line_error, run_cli, sha, tree
from tests.read_only import READERS_FILES, run_read_only


def test_report_refuses_a_folder_with_other_files(built, tmp_path):
    out = tmp_path / "thesis"
    (out / "sub").mkdir(parents=True)
    (out / "thesis.txt").write_text("my thesis", encoding="utf-8")
    (out / "sub" / "notes.txt").write_text("notes", encoding="utf-8")
    before = {p: sha(p) for p in out.rglob("*") if p.is_file()}
    for extra in ((), ("--force",)):  # --force replaces only the package's own reports
        result = run_cli("report", "--a", "PAK", "--b", "IRN", "--out", str(out), *extra)
        assert_one_line_error(result, "holds files that are not a report of this package")
        assert {p: sha(p) for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]  # no work folder left


def test_report_folder_rules(tmp_path):
    report = tmp_path / "old-report"
    (report / "charts").mkdir(parents=True)
    (report / outputs.REPORT_MARKER).write_text("x", encoding="utf-8")
    (report / "dyad_report.html").write_text("<html>", encoding="utf-8")
    with pytest.raises(OutputPathError, match="add --force"):
        outputs.check_report_folder(report, replace=False)
    outputs.check_report_folder(report, replace=True)  # the package's own report: replaceable with --force
    outputs.check_report_folder(tmp_path / "new", replace=False)
    (tmp_path / "empty").mkdir()
    outputs.check_report_folder(tmp_path / "empty", replace=False)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputPathError, match="not a folder"):
        outputs.check_report_folder(tmp_path / "file", replace=True)
    # a report written before the marker existed: only report files, and parameters.json with checksums
    legacy = tmp_path / "legacy"
    (legacy / "charts").mkdir(parents=True)
    (legacy / "parameters.json").write_text('{"parameters": {}, "raw_data_sha256": {}}', encoding="utf-8")
    (legacy / "voting_alignment.ipynb").write_text("{}", encoding="utf-8")
    outputs.check_report_folder(legacy, replace=True)
    (legacy / "my_notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputPathError, match="not a report"):
        outputs.check_report_folder(legacy, replace=True)


def test_a_killed_report_leaves_a_folder_the_next_report_removes(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / ".PAK-IRN.abc123"
    stale.mkdir()
    (stale / outputs.WORK_MARKER).write_text(str(dead.pid), encoding="utf-8")
    (stale / "dyad_report.ipynb").write_text("{}", encoding="utf-8")
    live = tmp_path / ".PAK-IRN.def456"
    live.mkdir()
    (live / outputs.WORK_MARKER).write_text(str(os.getpid()), encoding="utf-8")  # a report still running
    other = tmp_path / ".PAK-IRN.mine"
    other.mkdir()  # not ours: no marker
    removed = outputs.remove_report_leftovers(tmp_path / "PAK-IRN")
    assert removed == [stale] and live.exists() and other.exists()


def test_a_report_keeps_a_readers_files_in_its_folder(read_only_report):
    """1. ``echo n > reports/PAK-IRN/MY_NOTES.md; report --a PAK --b IRN``: the notes survive, exit 0. (The report:
    ``read_only_report``, tests/read_only.py, which also checks the seed article's claims.)"""
    result, reports, theirs = read_only_report.result, read_only_report.reports, read_only_report.theirs
    folder = reports / "PAK-IRN"
    assert result.returncode == 0, result.stderr[-2000:]
    assert theirs.keys() == READERS_FILES.keys()
    after = tree(folder)
    assert {k: after[k] for k in theirs} == theirs  # every reader's file intact, byte for byte
    assert "charts/a_chart_no_longer_drawn.png" not in after  # the old report's own file is gone
    assert "<html>old</html>" not in (folder / "dyad_report.html").read_text(encoding="utf-8")
    from analysis.core import report_folder

    listed = report_folder.written_files(folder)
    assert {"dyad_report.html", "voting_alignment.ipynb", "parameters.json"} <= listed
    assert not listed & set(theirs) and set(after) - {outputs.REPORT_MARKER} == listed | set(theirs)
    assert sorted(p.name for p in reports.iterdir() if p.is_dir()) == ["PAK-IRN"]  # no work folder left


def test_install_replaces_only_what_the_package_wrote(tmp_path):
    """The merge rules, without notebooks: replace listed files, drop stale ones, refuse to overwrite a reader's."""
    from analysis.core import report_folder

    def work(name: str, files: dict[str, str]) -> Path:
        folder = tmp_path / name
        for rel, text in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
        return folder

    out = tmp_path / "out"
    report_folder.install(work(".w1", {"a.html": "1", "charts/x.png": "1"}), out, ["a.html", "charts/x.png"],
                          replace=True)
    assert tree(out).keys() == {outputs.REPORT_MARKER, "a.html", "charts/x.png"}
    (out / "notes.md").write_text("mine", encoding="utf-8")
    report_folder.install(work(".w2", {"b.html": "2", "charts/x.png": "2"}), out, ["b.html", "charts/x.png"],
                          replace=True)
    assert (out / "charts" / "x.png").read_text() == "2" and not (out / "a.html").exists()
    assert (out / "notes.md").read_text() == "mine"
    # a reader's file where the new report writes one: refused, naming it, nothing changed
    (out / "c.html").write_text("a reader's page", encoding="utf-8")
    before = tree(out)
    with pytest.raises(OutputPathError, match=r"would replace files this package did not write \(c\.html\)"):
        report_folder.install(work(".w3", {"c.html": "3"}), out, ["c.html"], replace=True)
    assert tree(out) == before
    # a reader's folder where the report writes a file, or a reader's file where it needs a folder
    (out / "d.html").mkdir()
    with pytest.raises(OutputPathError, match=r"d\.html/"):
        report_folder.install(work(".w4", {"d.html": "4"}), out, ["d.html"], replace=True)
    (out / "sub").write_text("a file", encoding="utf-8")
    with pytest.raises(OutputPathError, match=r"\(sub\)"):
        report_folder.install(work(".w5", {"sub/e.html": "5"}), out, ["sub/e.html"], replace=True)
    # an earlier report without --force
    with pytest.raises(OutputPathError, match="add --force"):
        report_folder.install(work(".w6", {"b.html": "6"}), out, ["b.html"], replace=False)


def _fake_notebook_run(source: str, executed: str, **_: object) -> None:
    """Stands in for papermill: the notebook copied unexecuted (the race is about the folder, not the notebooks)."""
    import shutil

    shutil.copyfile(source, executed)


class _NoKernels:
    """Stands in for a report's pool of kernels (``analysis.reports.kernels.KernelPool``) when no notebook is run
    (``_fake_notebook_run``): no kernel is started; the code a report runs in its kernel (the drain of its print
    queue, empty here) runs in this process."""

    def __init__(self, size: int, cwd: Path) -> None:
        self.kernel = SimpleNamespace(km=None)

    def map(self, jobs: list, setup: str = "") -> list:
        return [job(self.kernel) for job in jobs]

    def execute(self, code: str, timeout: float = 600) -> None:
        exec(code)

    def close(self) -> None:
        pass


def test_a_folder_that_appears_while_a_report_runs_is_never_removed(built, tmp_path, monkeypatch, capsys):
    """2. ``report --out /tmp/x & mkdir /tmp/x; echo keep > /tmp/x/thesis.txt``: deterministic, through a hook
    that creates the folder just before the report is installed. The race is about the folder: the notebooks are
    copied, not run, and no kernel is started for them (``_NoKernels``)."""
    from analysis import cli
    from analysis.core import report_folder
    from analysis.reports import run

    out = tmp_path / "x"
    real_install = report_folder.install

    def reader_comes_first(work, out_dir, files, *, replace):
        out_dir.mkdir()
        (out_dir / "thesis.txt").write_text("keep", encoding="utf-8")
        return real_install(work, out_dir, files, replace=replace)

    monkeypatch.setattr(report_folder, "install", reader_comes_first)
    monkeypatch.setattr(run.papermill, "execute_notebook", _fake_notebook_run)
    monkeypatch.setattr(run.kernels_module, "KernelPool", _NoKernels)
    assert cli.main(["report", "--a", "PAK", "--b", "IRN", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds files that are not a report of this package (thesis.txt)" in err
    assert tree(out) == {"thesis.txt": hashlib.sha256(b"keep").hexdigest()}
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["x"]  # the work folder is gone


def test_two_reports_into_one_folder_one_waits_for_none_and_says_who(built, tmp_path):
    """2b. Two reports into one --out at once: the second stops at once with one line naming the first."""
    from analysis.core import report_folder

    out = tmp_path / "shared"
    with report_folder.lock(out):
        start = time.perf_counter()
        result = run_cli("report", "--a", "PAK", "--b", "IRN", "--out", str(out))
        assert time.perf_counter() - start < 60  # refused before any notebook ran
    assert_one_line_error(result, f"{out}: another report is being written there (PID {os.getpid()}")
    assert not out.exists()


def test_a_read_only_install_reads_and_says_what_it_cannot_write(built, read_only_report):
    """``build`` with nothing to do, ``alignment``, ``claims`` and a report into a writable folder outside the
    checkout work on a read-only checkout; what must write says so in one line (exit 2), naming the path. (The
    report: ``read_only_report``, tests/read_only.py, into ``UNALIGN_REPORTS_DIR``.)"""
    processed = built["out"]
    before = tree(processed)
    ro = [REPO, processed]
    result = run_read_only(["build"], ro)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "nothing changed since the last build" in result.stdout
    result = run_read_only(["alignment", "--a", "PAK", "--b", "IRN"], ro)
    assert result.returncode == 0 and result.stdout.startswith("year,n_joint,agreement"), result.stderr[-2000:]
    result = run_read_only(["claims", "claims/seed_article.toml"], ro)
    assert result.returncode == 0 and "Verdict:" in result.stdout, result.stderr[-2000:]
    assert_one_line_error(run_read_only(["build", "--force"], ro), f"cannot write in {processed}")
    assert_one_line_error(run_read_only(["idealpoints", "--estimate", "--n-boot", "0"], ro),
                          f"cannot write in {processed}")
    assert_one_line_error(run_read_only(["report", "--a", "PAK", "--b", "IRN"], ro), f"cannot write in {REPO}")
    result = read_only_report.result
    assert result.returncode == 0, result.stderr[-3000:]
    assert (read_only_report.reports / "PAK-IRN" / "dyad_report.html").is_file()
    assert read_only_report.processed[1] == read_only_report.processed[0]
    assert tree(processed) == before
