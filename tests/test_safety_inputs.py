"""Issues 11 and 20: every user error is one line, inputs are checked before any work, and no country is guessed
from a sentence: faults of the raw data, of tables and claims files, of states, pairs and batch files, through the
command line (``python -m analysis``) with the session's build unless a case needs its own folder.
"""

from __future__ import annotations

import time

import pytest

from analysis.core import manifest
from tests.cli_run import REPO, assert_one_line_error, build_cli, run_cli
from tests.mini import MINI_RAW
from tests.raw_registry import linked_raw


def test_raw_data_faults_are_one_line(tmp_path):
    """On the unit tests' cut of the raw data (tests/fixtures/mini-raw), so a build that gets as far as an adapter is
    small."""
    raw_dir = MINI_RAW
    raw = linked_raw(raw_dir, tmp_path)
    # altered: a real file with one byte more
    target = raw / "cameo" / "CAMEO.eventcodes.txt"
    data = target.read_bytes()
    target.unlink()
    target.write_bytes(data + b"\n")
    assert_one_line_error(build_cli(raw, tmp_path), "raw file altered")
    target.unlink()
    target.symlink_to(raw_dir / "cameo" / "CAMEO.eventcodes.txt")
    # unlisted
    (raw / "cameo" / "stray.csv").write_text("a,b\n", encoding="utf-8")
    assert_one_line_error(build_cli(raw, tmp_path), "raw file not in the registry")
    (raw / "cameo" / "stray.csv").unlink()
    # missing
    (raw / "hrc" / "votes.sqlite3").unlink()
    assert_one_line_error(build_cli(raw, tmp_path), "raw file missing")
    # corrupt sqlite whose checksum is in the manifest: the adapter says so
    corrupt = raw / "hrc" / "votes.sqlite3"
    corrupt.write_bytes(b"not a database" * 100)
    declaration = raw / "datasets" / "hrc.toml"
    text = declaration.read_text(encoding="utf-8")
    declaration.write_text(text.replace(manifest.sha256_of(raw_dir / "hrc" / "votes.sqlite3"),
                                        manifest.sha256_of(corrupt)), encoding="utf-8")
    assert_one_line_error(build_cli(raw, tmp_path), "not a readable SQLite database")
    # a malformed declaration
    declaration.write_text("[[file]\npath = ", encoding="utf-8")
    assert_one_line_error(build_cli(raw, tmp_path), "hrc.toml: not valid TOML")
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


def test_a_press_release_file_with_one_row_says_what_is_wrong(tmp_path):
    """8. The tally message of a one-row press-release file names the line, the tally and what the row counts."""
    from analysis.sources import SourceFormatError, un_press_votes

    real = (REPO / "data" / "raw" / "un-press-votes" / "sc_iran_2026.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "sc_one_row.csv"
    path.write_text(real[0] + "\n" + real[1] + "\n", encoding="utf-8")  # the first state of a real vote only
    with pytest.raises(SourceFormatError) as caught:
        un_press_votes.read_file(path)
    message = str(caught.value)
    assert f"{path}, line 2: the vote of 2026-03-11" in message and "has the tally 13-0-2 (yes-no-abstain)" in message
    assert "but its 1 state row(s) count 1 yes, 0 no and 0 abstaining: give one row per member" in message


def test_batch_pairs_are_checked_before_any_notebook(built, tmp_path):
    """``report --pairs PAK:IRN,PAK:XXX,IND:USA``: refused at once, one line naming pair 2, nothing written."""
    start = time.perf_counter()
    result = run_cli("report", "--pairs", "PAK:IRN,PAK:XXX,IND:USA", "--out", str(tmp_path / "b"))
    assert_one_line_error(result, "pair 2 (PAK:XXX): unknown country 'XXX'")
    assert "UnknownCountryError" not in result.stderr and not (tmp_path / "b").exists()
    assert time.perf_counter() - start < 60
    assert_one_line_error(run_cli("report", "--pairs", "PAK:IRN,IND:USA,PAK:Iran", "--out", str(tmp_path / "b")),
                          "pair 3 (PAK:Iran): the same pair as pair 1 (PAK-IRN); each pair once")
    for workers in ("0", "-1", "two"):
        result = run_cli("report", "--pairs", "PAK:IRN", "--workers", workers, "--out", str(tmp_path / "b"))
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--workers" in result.stderr
    assert not (tmp_path / "b").exists()


def test_batch_file_faults_one_line_each(built, tmp_path):
    """A batch TOML with a missing claims file, a year that is no year, an unknown body: every fault, one line each."""
    path = tmp_path / "reports.toml"
    path.write_text('[defaults]\nclaims_file = "missing.toml"\n\n'
                    '[[pair]]\na = "PAK"\nb = "IRN"\n\n'
                    '[[pair]]\na = "IND"\nb = "USA"\nstart_year = "soon"\n\n'
                    '[[pair]]\na = "BRA"\nb = "ZAF"\nbody = "WHO"\n', encoding="utf-8")
    result = run_cli("report", "--batch", str(path), "--out", str(tmp_path / "b"))
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert lines == [
        f"python -m analysis: error: {path}: pair 2 (IND:USA): field 'start_year': Input should be a valid integer "
        f"(got 'soon')",
        f"python -m analysis: error: {path}: pair 3 (BRA:ZAF): field 'body': 'WHO' is not a body; choose from GA, HRC, "
        f"CHR, SC (got 'WHO')",
    ]
    path.write_text('[[pair]]\na = "PAK"\nb = "IRN"\nclaims_file = "missing.toml"\n', encoding="utf-8")
    result = run_cli("report", "--batch", str(path), "--out", str(tmp_path / "b"))
    assert_one_line_error(result, f"pair 1 (PAK:IRN): claims file: {tmp_path / 'missing.toml'}: no such file")
    assert not (tmp_path / "b").exists()
