"""A report folder: which files the package wrote there, and a new report that replaces only those.

A report is assembled in a hidden work folder beside its target and installed only when
every notebook ran. The marker file ``.unalign-report`` (JSON) lists every file the package
wrote into the folder. Installing a new report into an existing report folder:

* replaces the files the marker lists and removes those the new report no longer writes;
* leaves every other file where it is -- a reader's notes, a subfolder of their own --
  and refuses, naming them, when the new report would write over one of them;
* checks the folder again at that moment (not only when the run started), so a folder or
  file that appeared while the notebooks ran is never removed;
* runs under a lock per folder (``.<name>.report.lock`` beside it): a second report into
  the same folder stops with one line naming the first.

A folder holding files but no report (no marker, nor the layout of a report made before
the marker) is refused whole, ``--force`` or not. Every refusal raises ``OutputPathError``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis.core import paths
from analysis.core.atomic import write_text
from analysis.core.errors import OutputPathError
from analysis.core.locks import exclusive

MARKER = ".unalign-report"
#: Files a report folder made before the marker listed its files holds (suffixes, top level; and charts/).
_LEGACY_SUFFIXES = {".ipynb", ".html", ".json"}
_LEGACY_DIR = "charts"
#: What the package wrote into charts/ for each chart: its spec (``<name>.vl.json``) and these beside it.
_CHART_FILES = (".vl.json", ".png", ".svg", ".csv")
_CHART_SUMMARY = "summary.json"
#: Seconds a second report waits for the first one writing the same folder (UNALIGN_REPORT_LOCK_WAIT).
DEFAULT_WAIT = 0.0


def _all_files(folder: Path) -> set[str]:
    """Every file (and symbolic link) under ``folder``, as relative POSIX paths."""
    found = set()
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        for name in files + [d for d in dirs if (base / d).is_symlink()]:
            found.add((base / name).relative_to(folder).as_posix())
    return found


def _legacy_files(folder: Path) -> set[str] | None:
    """The files of a report made before the marker listed them, or None if ``folder`` does not look like one."""
    params = folder / "parameters.json"
    marker = folder / MARKER
    if not marker.is_file() and (not params.is_file() or '"raw_data_sha256"' not in
                                 params.read_text(encoding="utf-8", errors="replace")):
        return None
    files = set()
    for entry in folder.iterdir():
        if entry.name == MARKER:
            continue
        if entry.is_file() and entry.suffix in _LEGACY_SUFFIXES:
            files.add(entry.name)
        elif entry.is_dir() and entry.name == _LEGACY_DIR:
            files |= {f"{_LEGACY_DIR}/{name}" for name in _legacy_charts(entry)}
        elif not marker.is_file():
            return None  # no marker and something a report never held: not a report
    return files


def _legacy_charts(charts: Path) -> set[str]:
    """The files of an old report's ``charts/``: each chart's spec ``<name>.vl.json`` with its PNG, SVG and CSV,
    and ``summary.json``. Anything else there (a reader's own picture, say) is not the package's."""
    names = set(_all_files(charts))
    specs = {n.removesuffix(".vl.json") for n in names if n.endswith(".vl.json") and "/" not in n}
    return {n for n in names if n == _CHART_SUMMARY or any(n == s + x for s in specs for x in _CHART_FILES)}


def written_files(folder: Path) -> set[str] | None:
    """The files the package wrote into ``folder`` (relative POSIX paths), or None when it is no report.

    Reads the marker's list; for a report made before the marker listed files, the files of
    the report layout (notebooks, pages, ``parameters.json``, ``charts/``).
    """
    folder = Path(folder)
    marker = folder / MARKER
    if marker.is_file():
        try:
            listed = json.loads(marker.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            listed = None
        if isinstance(listed, dict) and isinstance(listed.get("files"), list):
            return {str(f) for f in listed["files"]}
    return _legacy_files(folder)


def write_marker(folder: Path, files: Iterable[str]) -> None:
    """Write the marker of ``folder`` listing ``files`` (atomically)."""
    text = json.dumps({"written_by": "python -m analysis report", "files": sorted(set(files))}, indent=1)
    write_text(text + "\n", Path(folder) / MARKER)


def protected_folders() -> set[Path]:
    """The package's own data folders, where no output may go (``data/raw``, ``data/processed``, resolved)."""
    return {p.resolve() for p in (paths.raw_dir(), paths.processed_dir(), paths.ROOT / "data" / "raw",
                                  paths.ROOT / "data" / "processed")}


def refuse_protected(target: Path, option: str = "--out") -> None:
    """Raise ``OutputPathError`` when ``target`` lies in (or is) a folder of :func:`protected_folders`."""
    resolved = Path(target).resolve()
    for folder in protected_folders():
        if resolved == folder or resolved.is_relative_to(folder) or folder.is_relative_to(resolved):
            raise OutputPathError(f"{option} {target}: {'is' if resolved == folder else 'overlaps'} {folder}, which "
                                  f"holds the package's own data; write elsewhere")


def check(out_dir: Path, *, replace: bool) -> None:
    """Raise ``OutputPathError`` unless ``out_dir`` may receive a report now.

    Takes the folder and whether an earlier report there may be replaced (``--force``, or the
    default location). Allowed: a new or empty folder, or (with ``replace``) a folder holding
    one of the package's reports (other files in it stay). Refused always: a path that is not
    a folder, a folder with files but no report, anything in the package's data folders.
    """
    out_dir = Path(out_dir)
    refuse_protected(out_dir)
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputPathError(f"{out_dir}: exists and is not a folder; give a new folder for the report")
    if out_dir.is_dir():
        entries = sorted(p.name for p in out_dir.iterdir())
        if entries and written_files(out_dir) is None:
            shown = ", ".join(entries[:3]) + (" ..." if len(entries) > 3 else "")
            raise OutputPathError(
                f"{out_dir}: the folder holds files that are not a report of this package ({shown}); "
                f"nothing was changed. Give a new folder with --out")
        if entries and not replace:
            raise OutputPathError(f"{out_dir}: already holds a report; add --force to replace it, or give a new folder")
    parent = out_dir.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise OutputPathError(f"{out_dir}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputPathError(f"{out_dir}: cannot write in {parent} (no write permission)")


@contextlib.contextmanager
def lock(out_dir: Path, wait: float | None = None) -> Iterator[Path]:
    """Hold the lock of report folder ``out_dir`` (``.<name>.report.lock`` beside it) while the block runs.

    ``wait``: seconds to wait for another report writing there (default ``UNALIGN_REPORT_LOCK_WAIT``, else 0);
    then ``OutputPathError`` names the run that holds it.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    if wait is None:
        wait = float(os.environ.get("UNALIGN_REPORT_LOCK_WAIT", DEFAULT_WAIT))
    with exclusive(out_dir.parent / f".{out_dir.name}.report.lock", wait=wait,
                   busy=lambda who: OutputPathError(f"{out_dir}: another report is being written there ({who}); "
                                                    f"wait for it to finish or give another --out")) as path:
        yield path


def _collisions(out_dir: Path, files: set[str], ours: set[str]) -> list[str]:
    """The paths where installing ``files`` would replace something the package did not write."""
    present = _all_files(out_dir) - {MARKER}
    theirs = present - ours
    clash = set(files) & theirs
    for name in files:
        parts = Path(name).parts
        for depth in range(1, len(parts)):  # a reader's file where the report needs a folder
            prefix = Path(*parts[:depth]).as_posix()
            if prefix in theirs:
                clash.add(prefix)
        target = out_dir / name
        if target.is_dir() and not target.is_symlink():  # a reader's folder where the report writes a file
            clash.add(name + "/")
    return sorted(clash)


def install(work: Path, out_dir: Path, files: Iterable[str], *, replace: bool) -> None:
    """Move the finished report in ``work`` (its ``files``, relative paths) into ``out_dir``; remove ``work``.

    Call while holding :func:`lock`. A new folder gets the work folder renamed onto it. An
    existing folder is checked again (:func:`check`); the previous report's files are
    replaced or removed and every other file is left alone. Raises ``OutputPathError``,
    changing nothing in ``out_dir``, when the folder is no longer one the report may go to
    or the report would replace files the package did not write (they are named).
    """
    work, out_dir, files = Path(work), Path(out_dir), set(files)
    write_marker(work, files)
    if not out_dir.exists() and not out_dir.is_symlink():
        try:
            os.rename(work, out_dir)  # atomic; fails if a non-empty folder appeared meanwhile
            return
        except OSError:
            pass  # a folder appeared between the test and the rename: merge with the checks below
    check(out_dir, replace=replace)
    ours = written_files(out_dir) or set()
    clash = _collisions(out_dir, files, ours)
    if clash:
        shown = ", ".join(clash[:5]) + (f" and {len(clash) - 5} more" if len(clash) > 5 else "")
        raise OutputPathError(f"{out_dir}: the report would replace files this package did not write ({shown}); "
                              f"nothing was changed: move them, or give another --out")
    write_marker(out_dir, ours | files)  # a run cut short from here on leaves a marker that covers every file
    for name in sorted(files):
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(work / name, target)
    for name in sorted(ours - files):
        stale = out_dir / name
        if stale.is_file() or stale.is_symlink():
            stale.unlink()
        for parent in stale.parents:  # folders the old report made and that are now empty
            if parent == out_dir or not parent.is_relative_to(out_dir):
                break
            with contextlib.suppress(OSError):
                parent.rmdir()
    write_marker(out_dir, files)
    shutil.rmtree(work, ignore_errors=True)  # what is left: the work copy of the marker, empty folders
