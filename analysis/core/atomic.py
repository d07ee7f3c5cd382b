"""Atomic file output: write to a temporary file in the target directory, then rename.

A crash or a validation error therefore never leaves a half-written output, and the
previous version of a file stays intact until the new one is complete.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named in annotations: the report's printer process writes files without importing polars
    import polars as pl


def current_umask() -> int:
    """Return the process umask (read without changing it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Permissions of files we write: read/write as plain files under the process umask.
_FILE_MODE = 0o666 & ~current_umask()


@contextmanager
def atomic_path(target: Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    Takes the final path; yields a path to write to. On an exception the temporary file
    is removed and ``target`` is left untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix or ".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, _FILE_MODE)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_parquet(frame: pl.DataFrame, target: Path, compression: str = "zstd",
                  compression_level: int | None = None) -> Path:
    """Write ``frame`` to ``target`` as Parquet atomically (``compression``: polars' codec name,
    ``compression_level``: its level, None for polars' default); return ``target``."""
    with atomic_path(Path(target), suffix=".parquet") as tmp:
        frame.write_parquet(tmp, compression=compression, compression_level=compression_level)
    return Path(target)


def write_text(text: str, target: Path) -> Path:
    """Write ``text`` (UTF-8) to ``target`` atomically; return ``target``."""
    with atomic_path(Path(target)) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def write_with(writer: Callable[[Path], None], target: Path) -> Path:
    """Call ``writer(tmp_path)`` and move the result onto ``target`` atomically."""
    with atomic_path(Path(target), suffix=Path(target).suffix) as tmp:
        writer(tmp)
    return Path(target)


def write_all_parquet(frames: dict[Path, pl.DataFrame], compression: str = "zstd",
                      compression_level: int | None = None) -> list[Path]:
    """Write several Parquet files so that either all are replaced or none is.

    Takes {target path: frame} (and the codec and level, as ``write_parquet``). Every frame is
    first written to a temporary file beside its target; only when all writes succeeded are they
    renamed onto their targets. Returns the target paths.
    """
    temps: dict[Path, Path] = {}
    try:
        for target, frame in frames.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            temps[target] = Path(tmp)
            frame.write_parquet(temps[target], compression=compression, compression_level=compression_level)
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise
    for target, tmp in temps.items():
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
    return list(temps)
