"""Where the package may write: checks that keep it from deleting or overwriting anyone's files.

Rules (the README's "Outputs and safety"):

* A **report folder** is written as a new folder. An existing folder is replaced only when
  it is one of the package's own reports, which it recognises by the marker file
  ``.unalign-report`` it writes into each (or, for reports made before the marker, by
  holding nothing but report files). With ``--out`` an existing report is replaced only
  with ``--force``; the default ``reports/<A>-<B>`` is the package's own and is replaced
  as ``make report`` expects. A non-empty folder that is not a report is refused, even
  with ``--force``.
* A **table** (``alignment --all --out``) goes to a plain file path outside ``data/raw``
  and ``data/processed``; an existing file there is replaced only with ``--force``.
  Directories, devices, paths under a file and places without write permission are
  refused always.
* Leftovers of an interrupted run -- temporary Parquet files of a killed build, the
  hidden work folder of a killed report -- are removed by the next run
  (:func:`remove_build_leftovers`, :func:`remove_report_leftovers`); a build holds a lock
  so that two never write at once (:func:`build_lock`).

Every refusal raises :class:`analysis.core.errors.OutputPathError` (one line from the CLI).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from analysis.core import paths
from analysis.core.errors import BuildLockedError, OutputPathError

REPORT_MARKER = ".unalign-report"
WORK_MARKER = ".unalign-work"
LOCK_NAME = ".build.lock"
#: Files a report folder made before the marker holds (and nothing else).
_LEGACY_REPORT = {".ipynb", ".html", ".json"}


def _is_report(folder: Path) -> bool:
    if (folder / REPORT_MARKER).is_file():
        return True
    params = folder / "parameters.json"
    if not params.is_file() or '"raw_data_sha256"' not in params.read_text(encoding="utf-8", errors="replace"):
        return False
    for entry in folder.iterdir():
        if entry.is_dir():
            if entry.name != "charts" or any(p.is_dir() for p in entry.iterdir()):
                return False
        elif entry.suffix not in _LEGACY_REPORT:
            return False
    return True


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


def check_report_folder(out_dir: Path, *, replace: bool) -> None:
    """Raise ``OutputPathError`` unless ``out_dir`` may receive a report.

    Takes the folder and whether an existing report there may be replaced (``--force``, or
    the default location). Allowed: a new or empty folder, or (with ``replace``) a folder
    holding one of the package's reports.
    """
    out_dir = Path(out_dir)
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputPathError(f"{out_dir}: exists and is not a folder; give a new folder for the report")
    if out_dir.is_dir():
        entries = sorted(p.name for p in out_dir.iterdir())
        if entries and not _is_report(out_dir):
            shown = ", ".join(entries[:3]) + (" ..." if len(entries) > 3 else "")
            raise OutputPathError(
                f"{out_dir}: the folder holds files that are not a report of this package ({shown}); "
                f"nothing was changed. Give a new folder with --out")
        if entries and not replace:
            raise OutputPathError(f"{out_dir}: already holds a report; add --force to replace it, or give a new folder")
    _writable_parent(out_dir)


def check_table_path(target: Path, *, force: bool) -> Path:
    """Return ``target`` if a table may be written there; raise ``OutputPathError`` otherwise.

    Refused always: an existing folder, device or other non-regular file, a path under a
    file, a place without write permission. Refused unless ``force``: an existing file, and
    any path inside ``data/raw`` or ``data/processed`` (the package's inputs and tables).
    """
    target = Path(target)
    if target.exists() or target.is_symlink():
        mode = target.stat().st_mode if target.exists() else 0
        if stat.S_ISDIR(mode):
            raise OutputPathError(f"--out {target}: is a folder; give a file path such as {target / 'out.parquet'}")
        if not stat.S_ISREG(mode):
            raise OutputPathError(f"--out {target}: is not a regular file (a device, pipe or broken link); refused")
        if not force:
            raise OutputPathError(f"--out {target}: the file exists; add --force to replace it")
    resolved = target.resolve()
    for protected in {paths.raw_dir().resolve(), paths.processed_dir().resolve(),
                      (paths.ROOT / "data" / "raw").resolve(), (paths.ROOT / "data" / "processed").resolve()}:
        if resolved.is_relative_to(protected) and not force:
            raise OutputPathError(f"--out {target}: is inside {protected}, which holds the package's own data; "
                                  f"write elsewhere (or add --force)")
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
        elif sibling.name == f".{out_dir.name}.old" and _is_report(sibling):
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

    The lock file ``out/.build.lock`` holds the holder's PID and start time. A second build
    waits up to ``wait`` seconds (default: the environment variable
    ``UNALIGN_BUILD_LOCK_WAIT``, else 600) and then raises ``BuildLockedError`` naming the
    holder. The operating system releases the lock when the holder dies, so a killed build
    never blocks the next one.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if wait is None:
        wait = float(os.environ.get("UNALIGN_BUILD_LOCK_WAIT", "600"))
    path = out / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the block's duration
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                if time.monotonic() >= deadline:
                    raise BuildLockedError(f"another build holds {path} ({holder}); it is still running, or "
                                           f"wait for it and try again") from None
                if not told:
                    print(f"waiting for another build to finish ({holder}; lock {path})", flush=True)
                    told = True
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(f"PID {os.getpid()}, started {dt.datetime.now().isoformat(timespec='seconds')}\n")
        handle.flush()
        yield path
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
