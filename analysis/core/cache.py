"""The build's stage cache: an expensive stage is reused when its inputs, parameters and code are unchanged.

A stage's **key** is a sha256 over everything its result depends on: the content of its
input frames (``frame_digest``), the sha256 of the raw files it reads (from the
manifest), its parameters, the source code of the modules that compute it
(``code_digest``) and the versions of Python and polars. The result is kept as Parquet in
``<cache>/<stage>-<key>.parquet`` (``analysis.core.paths.cache_dir``, by default
``<processed>/.cache``); the next build with the same key reads it
instead of recomputing, and a changed vote, raw file, parameter or line of the stage's code
gives a new key, hence a recomputation. Only the latest result of each stage is kept.

The whole build has a key too (``build.py``): when nothing it depends on changed and its
outputs are as it left them, it reuses every table at once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import platform
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import polars as pl

from analysis.core.atomic import write_parquet


def _digest(parts: Iterable[object]) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def frame_digest(frame: pl.DataFrame) -> str:
    """Return a sha256 of a frame's schema and content (row order included).

    Each row is hashed by value (``DataFrame.hash_rows`` with a fixed seed: the same hashes for
    the same values within one polars version, which is part of every key) and the row hashes,
    in order, with the schema. Serialising the frame instead (Arrow IPC) gave different bytes
    for equal frames held differently in memory -- e.g. the trade table just computed and the
    same table read back from the stage cache -- so a stage keyed on it was recomputed.
    """
    rows = frame.hash_rows(seed=0) if frame.width else pl.Series([], dtype=pl.UInt64)
    return _digest([str(frame.schema), frame.height, rows.to_numpy().tobytes()])


def code_digest(*modules: ModuleType | str) -> str:
    """Return a sha256 of the source files of ``modules`` (a changed line gives a new digest).

    A module may be given by name (``"analysis.measures.truncated_normal"``): its file is
    found without importing it (a module that is slow to import, e.g. one that loads numba).
    """
    files = [_module_file(m) for m in modules]
    return _digest([f.read_bytes() for f in files if f is not None])


def _module_file(module: ModuleType | str) -> Path | None:
    """The source file of a module, or of the module named ``module`` (found, not imported)."""
    if isinstance(module, str):
        spec = importlib.util.find_spec(module)
        return Path(spec.origin) if spec and spec.origin else None
    return Path(module.__file__) if getattr(module, "__file__", None) else None


def key(*parts: object) -> str:
    """Return the key of a stage from its parts (digests, checksums, parameters), with the runtime's versions."""
    return _digest([platform.python_version(), pl.__version__, *parts])[:32]


#: The codec of the cached results: LZ4 writes in about half the CPU of zstd and reads faster; the files are
#: about a third larger (they are the build's own, read back by the next build only).
CODEC = "lz4"


@dataclass
class StageCache:
    """Results of expensive build stages in ``folder``; records what it reused and what it computed."""

    folder: Path
    recompute: bool = False  # ignore what is cached (``build --force``)
    reused: list[str] = field(default_factory=list)
    computed: list[str] = field(default_factory=list)

    def path(self, stage: str, stage_key: str) -> Path:
        """The file of ``stage`` under ``stage_key``."""
        return Path(self.folder) / f"{stage}-{stage_key}.parquet"

    def has(self, stage: str, stage_key: str) -> bool:
        """Whether ``get_or_compute`` will look for a cached result of ``stage`` under ``stage_key`` (a file is there
        and ``recompute`` is off): a caller may start a slow computation early when it will not."""
        return not self.recompute and self.path(stage, stage_key).is_file()

    def get_or_compute(self, stage: str, stage_key: str, compute: Callable[[], pl.DataFrame],
                       valid: Callable[[pl.DataFrame], bool] | None = None) -> pl.DataFrame:
        """Return the cached result of ``stage`` for ``stage_key``, or compute, store and return it.

        ``valid``, when given, must accept a cached result for it to be reused (the build passes
        ``analysis.core.clock.within_today``: a result holding dates after the run's today is
        recomputed, so that its adapter refuses them with the file and row).
        """
        target = self.path(stage, stage_key)
        if target.is_file() and not self.recompute:
            try:
                frame = pl.read_parquet(target)
            except (pl.exceptions.ComputeError, OSError):
                target.unlink(missing_ok=True)  # a damaged cache file is recomputed, never trusted
            else:
                if valid is None or valid(frame):
                    self.reused.append(stage)
                    return frame
        frame = compute()
        for old in target.parent.glob(f"{stage}-*.parquet"):
            old.unlink(missing_ok=True)
        write_parquet(frame, target, compression=CODEC)
        self.computed.append(stage)
        return frame
