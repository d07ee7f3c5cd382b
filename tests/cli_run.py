"""Run ``python -m analysis`` as a user does, and check what it says: the helpers of the ``test_safety_*`` files.

Every refusal and error of the package reaches a user through the command line, so those tests run it in a child
process (``run_cli``) and check its exit status and its one line on stderr (``assert_one_line_error``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` in a child process, from the repository, with ``env`` added to this one's."""
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def assert_one_line_error(result: subprocess.CompletedProcess, fragment: str) -> None:
    """Exit status 2 and one line on stderr, ``python -m analysis: error: ...`` holding ``fragment``; no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("python -m analysis: error: "), result.stderr
    assert fragment in result.stderr, result.stderr


def sha(path: Path) -> str:
    """The sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path) with its sha256."""
    return {p.relative_to(folder).as_posix(): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def build_cli(raw: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """``python -m analysis build`` of ``raw`` into ``tmp_path/out``, with ``env`` added."""
    return run_cli("build", env={"UNALIGN_RAW_DIR": str(raw), "UNALIGN_PROCESSED_DIR": str(tmp_path / "out"), **env})
