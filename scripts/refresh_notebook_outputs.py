"""Re-execute the notebooks with their default parameters and keep only checked outputs.

nbval runs with ``--nbval-lax``: only cells marked ``# NBVAL_CHECK_OUTPUT`` (the key
numbers) are compared with the outputs stored in the notebook. This script refreshes
those stored outputs after a deliberate change of data or method, and clears every other
output so the committed notebooks stay small. Review the diff before committing: a
changed number is a changed result.

Usage: .venv/bin/python scripts/refresh_notebook_outputs.py [notebooks/NAME.ipynb ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat
import papermill

ROOT = Path(__file__).resolve().parent.parent
MARK = "# NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> None:
    """Execute ``path`` in place (default parameters) and strip unchecked outputs."""
    with tempfile.TemporaryDirectory() as tmp:
        executed = Path(tmp) / path.name
        papermill.execute_notebook(str(path), str(executed), cwd=str(path.parent), progress_bar=False)
        nb = nbformat.read(executed, as_version=4)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            if not cell.source.lstrip().startswith(MARK):
                cell.outputs = []
                cell.execution_count = None
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, path)
    print(f"refreshed {path.relative_to(ROOT)}")


if __name__ == "__main__":
    targets = [Path(p).resolve() for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for target in targets:
        refresh(target)
