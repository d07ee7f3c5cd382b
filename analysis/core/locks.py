"""One writer at a time: an exclusive lock on a file, held while a build or a report writes.

Built on ``filelock`` (an OS lock, ``fcntl.flock`` on Unix): the operating system releases it
when the holder dies, so a killed run never blocks the next one. Beside the lock file, a
``<lock>.holder`` file says who holds it (PID, command, start time), so that a second run
can name the first in its one-line message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from analysis.core.errors import UserError


class ReadOnlyError(UserError):
    """A command must write to a place it cannot write to (a read-only checkout, say); the message names it."""


def _holder_text() -> str:
    args = sys.argv[1:] if sys.argv and sys.argv[0].endswith("__main__.py") else []
    command = " ".join(["python -m analysis", *args]) if args else "python"
    return f"PID {os.getpid()}, started {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC: {command}"


def holder(lock_path: Path) -> str:
    """Who holds (or last held) the lock at ``lock_path``, as its ``.holder`` file says; "unknown" if unsaid."""
    try:
        return Path(f"{lock_path}.holder").read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"


@contextlib.contextmanager
def exclusive(lock_path: Path, *, wait: float, busy: Callable[[str], UserError],
              waiting: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold an exclusive lock on ``lock_path`` while the block runs; yield the lock's path.

    Waits up to ``wait`` seconds for another holder (0: not at all), telling ``waiting`` once
    (with the holder's description) when it has to wait; then raises ``busy(holder)``. Raises
    ``ReadOnlyError`` naming the folder when the lock file cannot be created there.
    """
    lock_path = Path(lock_path)
    lock = FileLock(str(lock_path))
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if wait <= 0:
                raise busy(holder(lock_path)) from None
            if waiting is not None:
                waiting(holder(lock_path))
            deadline = time.monotonic() + wait
            while True:
                try:
                    lock.acquire(timeout=min(0.5, max(0.0, deadline - time.monotonic())))
                    break
                except Timeout:
                    if time.monotonic() >= deadline:
                        raise busy(holder(lock_path)) from None
    except OSError as exc:
        raise ReadOnlyError(f"cannot write in {lock_path.parent} ({exc.strerror or exc}); this command must write "
                            f"there: use a writable copy or folder") from None
    note = Path(f"{lock_path}.holder")
    try:
        with contextlib.suppress(OSError):
            note.write_text(_holder_text() + "\n", encoding="utf-8")
        yield lock_path
    finally:
        with contextlib.suppress(OSError):
            note.unlink()
        lock.release()
