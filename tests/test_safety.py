"""Issue 11: nothing outside the package's outputs is destroyed, every user error is one line, no
country is guessed from a sentence, claims scale, and interrupted runs leave nothing behind.

Every case is run through the command line, where a user meets it (``python -m analysis``),
with the session's build (``UNALIGN_PROCESSED_DIR``) unless a case needs its own folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from analysis.core import manifest, outputs, paths
from analysis.core.errors import OutputPathError

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def assert_one_line_error(result: subprocess.CompletedProcess, fragment: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("python -m analysis: error: "), result.stderr
    assert fragment in result.stderr, result.stderr


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- 1. data loss


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


def test_alignment_out_refuses_the_package_data_and_non_files(built, tmp_path):
    votes = paths.processed("votes")
    before = sha(votes)
    result = run_cli("alignment", "--all", "--out", str(votes))
    assert_one_line_error(result, "the file exists; add --force")
    inside = paths.processed_dir() / "mine.parquet"
    assert_one_line_error(run_cli("alignment", "--all", "--out", str(inside)), "holds the package's own data")
    assert not inside.exists() and sha(votes) == before
    raw = paths.raw_dir() / "unvotes" / "extra.parquet"
    assert_one_line_error(run_cli("alignment", "--all", "--out", str(raw)), "holds the package's own data")
    assert not raw.exists()
    assert_one_line_error(run_cli("alignment", "--all", "--out", "/dev/full"), "is not a regular file")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert_one_line_error(run_cli("alignment", "--all", "--out", str(tmp_path)), "is a folder")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert_one_line_error(run_cli("alignment", "--all", "--out", str(tmp_path / "afile" / "x.parquet")),
                          "is a file, not a folder")
    # a place the system will not let us write to (root may write almost anywhere, but not into /proc)
    assert_one_line_error(run_cli("alignment", "--all", "--out", "/proc/unalign-test.parquet"), "--out /proc/")


def test_alignment_out_replaces_a_file_only_with_force(built, tmp_path):
    out = tmp_path / "all.parquet"
    assert run_cli("alignment", "--all", "--from", "2020", "--to", "2020", "--out", str(out)).returncode == 0
    first = sha(out)
    assert_one_line_error(run_cli("alignment", "--all", "--from", "2021", "--to", "2021", "--out", str(out)),
                          "add --force")
    assert sha(out) == first
    again = run_cli("alignment", "--all", "--from", "2021", "--to", "2021", "--out", str(out), "--force")
    assert again.returncode == 0 and pl.read_parquet(out)["year"].unique().to_list() == [2021]


# --------------------------------------------------------------------------- 2. one line for every error


def _raw_copy(raw_dir: Path, tmp_path: Path) -> Path:
    """A raw folder of symbolic links to the real files, with its own SOURCES.toml to edit."""
    copy = tmp_path / "raw"
    for path in raw_dir.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(raw_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.name == "SOURCES.toml":
                target.write_bytes(path.read_bytes())
            else:
                target.symlink_to(path)
    return copy


def _build(raw: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return run_cli("build", env={"UNALIGN_RAW_DIR": str(raw), "UNALIGN_PROCESSED_DIR": str(tmp_path / "out"), **env})


def test_raw_data_faults_are_one_line(raw_dir, tmp_path):
    raw = _raw_copy(raw_dir, tmp_path)
    # altered: a real file with one byte more
    target = raw / "cameo" / "CAMEO.eventcodes.txt"
    data = target.read_bytes()
    target.unlink()
    target.write_bytes(data + b"\n")
    assert_one_line_error(_build(raw, tmp_path), "raw file altered")
    target.unlink()
    target.symlink_to(raw_dir / "cameo" / "CAMEO.eventcodes.txt")
    # unlisted
    (raw / "cameo" / "stray.csv").write_text("a,b\n", encoding="utf-8")
    assert_one_line_error(_build(raw, tmp_path), "raw file not in the manifest")
    (raw / "cameo" / "stray.csv").unlink()
    # missing
    (raw / "hrc" / "votes.sqlite3").unlink()
    assert_one_line_error(_build(raw, tmp_path), "raw file missing")
    # corrupt sqlite whose checksum is in the manifest: the adapter says so
    corrupt = raw / "hrc" / "votes.sqlite3"
    corrupt.write_bytes(b"not a database" * 100)
    text = (raw / "SOURCES.toml").read_text(encoding="utf-8")
    (raw / "SOURCES.toml").write_text(text.replace(manifest.sha256_of(raw_dir / "hrc" / "votes.sqlite3"),
                                                   manifest.sha256_of(corrupt)), encoding="utf-8")
    assert_one_line_error(_build(raw, tmp_path), "not a readable SQLite database")
    # a malformed manifest
    (raw / "SOURCES.toml").write_text("[[file]\npath = ", encoding="utf-8")
    assert_one_line_error(_build(raw, tmp_path), "SOURCES.toml: not valid TOML")
    assert not list((tmp_path / "out").glob("*.parquet"))


def test_truncated_table_and_missing_claims_file_are_one_line(built, tmp_path):
    processed = tmp_path / "processed"
    processed.mkdir()
    for table in built["out"].glob("*.parquet"):
        (processed / table.name).symlink_to(table)
    (processed / "votes.parquet").unlink()
    (processed / "votes.parquet").write_bytes((built["out"] / "votes.parquet").read_bytes()[:5000])
    result = run_cli("alignment", "--a", "PAK", "--b", "IRN", env={"UNALIGN_PROCESSED_DIR": str(processed)})
    assert_one_line_error(result, "votes.parquet cannot be read")
    start = time.perf_counter()
    result = run_cli("report", "--a", "PAK", "--b", "IRN", "--claims", "/nonexistent.toml", "--out",
                     str(tmp_path / "rep"))
    assert_one_line_error(result, "/nonexistent.toml: no such file")
    assert not (tmp_path / "rep").exists()
    assert time.perf_counter() - start < 60  # refused before any notebook runs (each takes ~10 s)


# --------------------------------------------------------------------------- 3. inputs checked first


@pytest.mark.parametrize("name, code", [("Kosovo", "XKX"), ("Palestine", "PSE"), ("Holy See", "VAT")])
def test_states_without_votes_fail_at_once(built, tmp_path, name, code):
    result = run_cli("alignment", "--a", name, "--b", "IRN")
    assert_one_line_error(result, f"{code} (")
    assert "has no GA votes: it never voted in the General Assembly (not a UN member state)" in result.stderr
    result = run_cli("report", "--a", name, "--b", "IRN", "--out", str(tmp_path / "r"))
    assert_one_line_error(result, "has no GA votes")
    assert not (tmp_path / "r").exists()


def test_the_same_state_twice(built, tmp_path):
    assert_one_line_error(run_cli("alignment", "--a", "PAK", "--b", "Pakistan"), "are the same state (PAK)")
    assert_one_line_error(run_cli("report", "--a", "PAK", "--b", "pakistan", "--out", str(tmp_path / "r")),
                          "are the same state (PAK)")


# --------------------------------------------------------------------------- 4. no country guessed


@pytest.mark.parametrize("text", ["Iran Pakistan", "India or Pakistan", "not Pakistan", "Indiana", "New Mexico"])
def test_countries_are_whole_names_only(built, text):
    assert_one_line_error(run_cli("alignment", "--a", text, "--b", "CHN"), f"unknown country {text!r}")


def test_whole_names_in_any_spelling_resolve(built):
    from analysis.core.countries import resolve

    countries = built["countries"]
    for text, code in [("Iran", "IRN"), ("iran (islamic republic of)", "IRN"), ("Cote d'Ivoire", "CIV"),
                       ("Ivory Coast", "CIV"), ("Türkiye", "TUR"), ("USA", "USA"), ("Viet Nam", "VNM"),
                       ("Soviet Union", "RUS"), ("Czech Republic", "CZE"), ("pak", "PAK")]:
        assert resolve(text, countries) == code, text


def test_claims_file_with_a_misspelt_country(built, tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[[claim]]\nid = "x"\nkind = "member"\nstatement = "s"\na = "Persiaa"\nbody = "HRC"\n'
                    'year = 2020\n', encoding="utf-8")
    result = run_cli("claims", str(path))
    assert result.returncode == 2 and "claim 'x': field 'a': unknown country 'Persiaa'" in result.stderr


# --------------------------------------------------------------------------- 5. claims in bounded memory


def test_claims_benchmark_memory_stays_flat(built):
    """600 GENERATED claims of every kind: the check's process stays near the tables' own size.

    The tables take about 0.45 GB; the old check held about 9 MB per claim (5.4 GB here).
    """
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_claims.py"), "--n", "600",
                             "--baseline", "0", "--json"], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    assert numbers["claims"] == 600
    assert numbers["peak_rss_mb"] < 1500, numbers


# --------------------------------------------------------------------------- 6. leftovers and the lock


def test_a_killed_write_leaves_files_the_next_build_removes(tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    code = (
        "import sys, polars as pl\n"
        "from pathlib import Path\n"
        "from analysis.core.atomic import write_all_parquet\n"
        "big = pl.DataFrame({'x': range(30_000_000)})  # SYNTHETIC, only to make the write take a while\n"
        "out = Path(sys.argv[1])\n"
        "write_all_parquet({out / 'votes.parquet': big, out / 'trade.parquet': big, out / 'roll_calls.parquet': big})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)], cwd=REPO)
    deadline = time.monotonic() + 60
    while not list(out.glob(".*.parquet.*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    leftovers = sorted(p.name for p in out.glob(".*.parquet.*"))
    assert leftovers, "the writer was killed before it wrote a temporary file"
    removed = outputs.remove_build_leftovers(out, ("votes", "trade", "roll_calls"))
    assert sorted(p.name for p in removed) == leftovers and not list(out.iterdir())


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


def test_a_second_build_waits_then_names_the_holder(tmp_path):
    out = tmp_path / "processed"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
         "from analysis.core.outputs import build_lock\n"
         "with build_lock(Path(sys.argv[1])):\n    print('locked', flush=True)\n    time.sleep(60)\n", str(out)],
        cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = run_cli("build", env={"UNALIGN_PROCESSED_DIR": str(out), "UNALIGN_BUILD_LOCK_WAIT": "1"})
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert f"another build holds {out / '.build.lock'} (PID {holder.pid}, started" in result.stderr
        assert "waiting for another build to finish" in result.stdout
    finally:
        holder.kill()
        holder.wait()
    with outputs.build_lock(out, wait=5):  # the operating system released the dead holder's lock
        pass


# --------------------------------------------------------------------------- 7. a line where one is due


def test_queries_without_a_result_say_so(built):
    # both states voted at the HRC in 2017-2018, never in the same year: an empty CSV and a note
    result = run_cli("alignment", "--a", "IND", "--b", "PAK", "--body", "HRC", "--from", "2017", "--to", "2018")
    assert result.returncode == 0 and result.stdout == "year,n_joint,agreement,kappa,pi,s_score\n"
    assert result.stderr.startswith("python -m analysis: note: IND and PAK have no joint recorded vote in the HRC")
    # a year range beyond the data is an error: the states have no votes there
    assert_one_line_error(run_cli("alignment", "--a", "PAK", "--b", "IRN", "--from", "2090"),
                          "PAK (Pakistan) has no GA votes from 2090 on")
    assert_one_line_error(run_cli("alignment", "--a", "PAK", "--b", "IRN", "--body", "HRC"),
                          "IRN (Iran) has no HRC votes: it was never a member of the Human Rights Council")


def test_claims_file_with_a_byte_order_mark(built, tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeff[[claim]]\nid = \"m\"\nkind = \"member\"\nstatement = \"s\"\na = \"PAK\"\n"
                     "body = \"HRC\"\nyear = 2026\n".encode())
    result = run_cli("claims", str(path))
    assert result.returncode == 0, result.stderr
    assert "Verdict: SUPPORTED" in result.stdout


def test_empty_pairs_is_an_error(built):
    assert_one_line_error(run_cli("report", "--pairs", ""), "--pairs is empty")
