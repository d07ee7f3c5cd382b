"""A folder is a layer and imports point down (issue 12): the import-linter contract in pyproject.toml.

Layers, top to bottom: ``cli``/``build`` → ``reports`` → ``claims`` → ``measures`` | ``fetch``
(independent of each other) → ``sources`` → ``core``/``schemas``. The second test proves the
contract bites: the same check on a copy of the package with one upward and one sideways
import fails and names both.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())"]


def _lint(cwd: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(extra_path or cwd), "PATH": "/usr/bin:/bin"}
    return subprocess.run([*LINT, "--config", str(cwd / "pyproject.toml"), "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, env=env)


def test_the_package_keeps_its_layers():
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Layers: data flow one way KEPT" in result.stdout


def test_an_upward_or_sideways_import_is_caught(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "analysis", copy / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    parser = copy / "analysis" / "sources" / "unvotes.py"
    parser.write_text(parser.read_text(encoding="utf-8") + "\nfrom analysis.reports import charts  # up\n",
                      encoding="utf-8")
    measure = copy / "analysis" / "measures" / "trade.py"
    measure.write_text(measure.read_text(encoding="utf-8") + "\nfrom analysis.fetch import trade  # sideways\n",
                       encoding="utf-8")
    result = _lint(copy)
    assert result.returncode != 0
    assert "Layers: data flow one way BROKEN" in result.stdout
    assert "analysis.sources.unvotes -> analysis.reports.charts" in result.stdout
    assert "analysis.measures.trade -> analysis.fetch.trade" in result.stdout
