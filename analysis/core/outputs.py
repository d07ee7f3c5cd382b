"""Where the package may write: checks that keep it from deleting or overwriting anyone's files.

Rules (docs/reference/outputs-and-errors.md, "Outputs and safety"):

* A **report folder** (``analysis.core.report_folder``): a new report replaces only the files
  the package wrote there (its marker lists them) and leaves every other file in place; a
  folder with files but no report is refused, ``--force`` or not; one report at a time per folder.
* A **table** (``alignment --all --out``) goes to a plain file outside ``data/raw`` and
  ``data/processed`` (``--force`` or not), in the format its extension names; an existing
  file is replaced only with ``--force``. Directories, devices, paths under a file and places
  without write permission are refused always.
* Leftovers of an interrupted run -- temporary Parquet files of a killed build, the
  hidden work folder of a killed report -- are removed by the next run
  (:func:`remove_build_leftovers`, :func:`remove_report_leftovers`); a build holds a lock
  so that two never write at once (:func:`build_lock`).

Every refusal raises :class:`analysis.core.errors.OutputPathError` (one line from the CLI).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from analysis.core import report_folder
from analysis.core.errors import BuildLockedError, OutputPathError
from analysis.core.locks import ReadOnlyError, exclusive

REPORT_MARKER = report_folder.MARKER
WORK_MARKER = ".unalign-work"
LOCK_NAME = ".build.lock"
#: Table formats ``alignment --all --out`` writes, by the extension of the file name.
TABLE_FORMATS = {".parquet": "parquet", ".csv": "csv"}

#: A report folder may receive a report (``analysis.core.report_folder.check``).
check_report_folder = report_folder.check


def _writable_parent(target: Path) -> None:
    parent = target.parent
    while not parent.exists():
        if parent.is_symlink() or parent == parent.parent:
            break
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise OutputPathError(f"{target}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputPathError(f"{target}: cannot write in {parent} (no write permission)")


def table_format(target: Path) -> str:
    """Return the format of a table file from its extension (``parquet`` or ``csv``); ``OutputPathError`` otherwise."""
    fmt = TABLE_FORMATS.get(Path(target).suffix.lower())
    if fmt is None:
        raise OutputPathError(f"--out {target}: the file name must end in {' or '.join(TABLE_FORMATS)}, which says "
                              f"the format written")
    return fmt


def check_table_path(target: Path, *, force: bool) -> Path:
    """Return ``target`` if a table may be written there; raise ``OutputPathError`` otherwise.

    Refused always: a path inside ``data/raw`` or ``data/processed`` (the package's inputs and
    tables), a name whose extension is not a table format (:func:`table_format`), an existing
    folder, device or other non-regular file, a path under a file, a place without write
    permission. Refused unless ``force``: an existing file.
    """
    target = Path(target)
    report_folder.refuse_protected(target)
    exists = target.exists() or target.is_symlink()
    if exists:
        mode = target.stat().st_mode if target.exists() else 0
        if stat.S_ISDIR(mode):
            raise OutputPathError(f"--out {target}: is a folder; give a file path such as {target / 'out.parquet'}")
        if not stat.S_ISREG(mode):
            raise OutputPathError(f"--out {target}: is not a regular file (a device, pipe or broken link); refused")
    table_format(target)
    if exists and not force:
        raise OutputPathError(f"--out {target}: the file exists; add --force to replace it")
    _writable_parent(target)
    return target


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_work_folder(folder: Path) -> None:
    """Write the marker that says which process is building ``folder`` (a report's hidden work folder)."""
    (folder / WORK_MARKER).write_text(str(os.getpid()), encoding="utf-8")


def remove_report_leftovers(out_dir: Path) -> list[Path]:
    """Remove the hidden work folders of killed runs for ``out_dir`` (``.<name>.*`` siblings); return them.

    A work folder is removed only when its marker names a process that no longer runs;
    ``.<name>.old`` (a swap cut short) only when it holds a report.
    """
    out_dir = Path(out_dir)
    removed = []
    if not out_dir.parent.is_dir():
        return removed
    for sibling in out_dir.parent.glob(f".{out_dir.name}.*"):
        if not sibling.is_dir() or sibling.is_symlink():
            continue
        marker = sibling / WORK_MARKER
        stale = False
        if marker.is_file():
            text = marker.read_text(encoding="utf-8").strip()
            stale = text.isdigit() and not _pid_alive(int(text))
        elif sibling.name == f".{out_dir.name}.old" and report_folder.written_files(sibling) is not None:
            stale = True
        if stale:
            shutil.rmtree(sibling)
            removed.append(sibling)
    return removed


def remove_build_leftovers(out: Path, tables: tuple[str, ...]) -> list[Path]:
    """Remove temporary files of an interrupted build in ``out`` (``.<table>.parquet.*``); return them.

    Call only while holding :func:`build_lock`: then no other build is writing them.
    """
    removed = []
    for table in tables:
        for leftover in Path(out).glob(f".{table}.parquet.*"):
            if leftover.is_file():
                leftover.unlink()
                removed.append(leftover)
    return removed


@contextlib.contextmanager
def build_lock(out: Path, *, wait: float | None = None) -> Iterator[Path]:
    """Hold an exclusive lock on the processed folder ``out`` while the block runs.

    The lock file is ``out/.build.lock`` (``analysis.core.locks``). A second build waits up to
    ``wait`` seconds (default: the environment variable ``UNALIGN_BUILD_LOCK_WAIT``, else 600)
    and then raises ``BuildLockedError`` naming the holder. The operating system releases the
    lock when the holder dies, so a killed build never blocks the next one. Raises
    ``ReadOnlyError`` when ``out`` cannot be written (a read-only checkout).
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReadOnlyError(f"cannot create {out} ({exc.strerror or exc}); set UNALIGN_PROCESSED_DIR to a writable "
                            f"folder") from None
    if wait is None:
        wait = float(os.environ.get("UNALIGN_BUILD_LOCK_WAIT", "600"))
    path = out / LOCK_NAME

    def busy(who: str) -> BuildLockedError:
        return BuildLockedError(f"another build holds {path} ({who}); it is still running, or wait for it and try "
                                f"again")

    with exclusive(path, wait=wait, busy=busy,
                   waiting=lambda who: print(f"waiting for another build to finish ({who}; lock {path})",
                                             flush=True)):
        yield path
