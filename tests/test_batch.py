"""Batch reports: parallel workers, a failing pair that does not stop the others, the index page,
and reproducibility (same inputs, same numbers and chart specs).

The batch is the run's one (``report_batch_outcomes`` in tests/conftest.py: PAK-IRN with the seed article's
claims, IND-USA 2000-2010 with them, and PAK-Atlantis, which fails in its worker); its PAK-IRN pair is run again
through the command line in another process by ``read_only_report`` (tests/read_only.py)."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.core import paths
from analysis.reports import batch

#: The claims the Pakistan-Iran pair of ``cli_batch`` checks (``--claims`` on the command line).
SEED = paths.ROOT / "claims" / "seed_article.toml"


@pytest.fixture(scope="module")
def cli_batch(built, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """``report --batch one.toml --claims claims/seed_article.toml`` in a process of its own: one pair (Pakistan-Iran,
    2010-2014, the dyad report) and the seed article's claims; returns the finished process and the batch's folder."""
    root = tmp_path_factory.mktemp("cli-batch")
    jobs = root / "one.toml"  # one pair, one notebook
    jobs.write_text('[defaults]\nstart_year = 2010\nend_year = 2014\nnotebooks = ["dyad_report"]\n\n'
                    '[[pair]]\na = "PAK"\nb = "IRN"\n', encoding="utf-8")
    # --claims applies to every pair of the batch (as to every pair of --pairs): the pair's dyad report checks it
    done = subprocess.run([sys.executable, "-m", "analysis", "report", "--batch", str(jobs), "--out",
                           str(root / "ok"), "--workers", "1", "--claims", str(SEED)], capture_output=True, text=True)
    return done, root / "ok"


def test_batch_runs_every_pair_and_survives_a_failure(report_batch_outcomes):
    outcomes = report_batch_outcomes
    assert [o.job.name for o in outcomes] == ["PAK-IRN", "IND-USA", "PAK-Atlantis"]
    assert [o.ok for o in outcomes] == [True, True, False]
    assert "unknown country 'Atlantis'" in outcomes[2].error
    for o in outcomes[:2]:
        assert (o.folder / "dyad_report.html").exists()
        assert (o.folder / "charts" / "alignment_over_time.png").exists()


def test_index_lists_pairs_links_data_versions_and_times(report_batch, report_batch_outcomes):
    root, outcomes = report_batch, report_batch_outcomes
    page = (root / "index.html").read_text()
    assert "2 of 3 pairs succeeded" in page
    assert 'href="PAK-IRN/dyad_report.html"' in page and 'href="IND-USA/dyad_report.html"' in page
    # a card per pair with its first key fact (from the dyad notebook's summary.json)
    summary = json.loads((outcomes[0].folder / "charts" / "summary.json").read_text())
    assert summary["title"] == "Pakistan and Iran" and html.escape(summary["key_fact"]) in page
    assert "failed</b>: " in page and "Atlantis" in page
    assert "cow-trade/cow_trade_ddy.rds" in page  # data versions: the raw files' sha256
    assert "Correlates of War Trade Data Set, v4.0" in page  # each dataset by its declared title
    assert 'href="CITATION.bib"' in page and "@misc{barbieri_keshk_2016," in (root / "CITATION.bib").read_text()
    for o in outcomes:
        assert o.finished in page


def test_batch_file_format(tmp_path):
    path = tmp_path / "reports.toml"
    path.write_text('[defaults]\nstart_year = 2000\nnotebooks = ["dyad_report"]\n\n'
                    '[[pair]]\na = "PAK"\nb = "IRN"\nclaims_file = "claims.toml"\n\n'
                    '[[pair]]\na = "IND"\nb = "USA"\nend_year = 2010\n')
    jobs = batch.load_batch(path)
    assert [(j.a, j.b, j.start_year, j.end_year) for j in jobs] == [
        ("PAK", "IRN", 2000, None), ("IND", "USA", 2000, 2010)
    ]
    assert jobs[0].claims_file == str((tmp_path / "claims.toml").resolve())
    path.write_text('[[pair]]\na = "PAK"\nb = "IRN"\ncolour = "red"\n')
    with pytest.raises(batch.BatchFormatError, match=r"pair 1 \(PAK:IRN\): unknown field 'colour'"):
        batch.load_batch(path)
    with pytest.raises(batch.BatchFormatError, match="PAK-IRN"):
        batch.parse_pairs("PAK-IRN")


def test_cli_exit_status_says_whether_all_succeeded(cli_batch, tmp_path):
    ok, folder = cli_batch  # one pair, one notebook: the exit status is the point, not the report
    assert ok.returncode == 0, ok.stderr
    assert "1 of 1 pairs succeeded" in ok.stdout
    assert 'class="claims-check"' in (folder / "PAK-IRN" / "dyad_report.html").read_text(encoding="utf-8")
    # a pair the data cannot answer is refused before any notebook runs (exit 2, one line); a pair that fails
    # while it runs (run_batch, test_batch_runs_every_pair_and_survives_a_failure) makes the exit status 1
    bad = subprocess.run([sys.executable, "-m", "analysis", "report", "--pairs", "BRA:Atlantis", "--out",
                          str(tmp_path / "bad")], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "pair 1 (BRA:Atlantis): unknown country 'Atlantis'" in bad.stderr and not (tmp_path / "bad").exists()


def test_same_inputs_give_the_same_numbers_and_chart_specs(report_batch_outcomes, read_only_report):
    """The same pair and parameters run twice, once through ``run_batch`` (the run's batch: PAK-IRN, every year and
    notebook, the seed article's claims) and once through the command line in another process (``read_only_report``:
    ``report --a PAK --b IRN --claims claims/seed_article.toml``): the same chart specifications and key facts.
    (Last in the file: ``read_only_report`` may still be being written by the other worker, for
    tests/test_safety_folders.py.)"""
    first = report_batch_outcomes[0].folder
    done = read_only_report.result
    assert done.returncode == 0, done.stderr[-3000:]
    again = read_only_report.reports / "PAK-IRN"
    specs = sorted((first / "charts").glob("*.vl.json"))
    assert specs and sorted(p.name for p in (again / "charts").glob("*.vl.json")) == [p.name for p in specs]
    for spec in specs:
        assert spec.read_text() == (again / "charts" / spec.name).read_text(), spec.name

    def facts(folder):
        nb = nbformat.read(folder / "dyad_report.ipynb", as_version=4)
        cell = next(c for c in nb.cells if c.source.startswith("# NBVAL_CHECK_OUTPUT"))
        return "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)

    assert facts(first) == facts(again) and "Pakistan" in facts(first)
