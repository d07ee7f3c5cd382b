"""Helpers for tests that build a raw folder of their own: the dataset declarations it needs."""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomlkit

from analysis.core import paths


def declare(raw: Path, *ids: str) -> Path:
    """Write the real declarations of datasets ``ids`` into ``raw/datasets`` without their files
    (a raw folder that holds none of their files yet); return the folder."""
    folder = raw / "datasets"
    folder.mkdir(parents=True, exist_ok=True)
    for ds in ids:
        doc = tomlkit.parse((paths.raw_dir() / "datasets" / f"{ds}.toml").read_text(encoding="utf-8"))
        doc.pop("file", None)
        (folder / f"{ds}.toml").write_text(tomlkit.dumps(doc), encoding="utf-8")
    return folder


def declared_files(raw: Path, ds: str | None = None) -> list[dict]:
    """The ``[[file]]`` lines of dataset ``ds`` (default: every dataset) under ``raw``, read with tomllib,
    each with its dataset id as ``source``."""
    out = []
    for path in sorted((raw / "datasets").glob("*.toml")):
        if ds is None or path.stem == ds:
            out += [{**f, "source": path.stem} for f in tomllib.loads(path.read_text(encoding="utf-8")).get("file", [])]
    return out


def record(raw: Path, entries: list[dict]) -> None:
    """Record ``entries`` (dicts with ``path``, ``source``, ``sha256``, ``bytes``) in the declarations
    under ``raw``, declaring their datasets first where ``raw`` has no declaration yet."""
    from analysis.core import manifest

    for ds in {e["source"] for e in entries}:
        if not (raw / "datasets" / f"{ds}.toml").exists():
            declare(raw, ds)
    for path, text in manifest.recorded(entries, raw).items():
        path.write_text(text, encoding="utf-8")


def linked_raw(raw_dir: Path, tmp_path: Path) -> Path:
    """``tmp_path/raw``: every data file of ``raw_dir`` a symbolic link to the real one, the dataset
    declarations copies a test may edit; return the folder."""
    import shutil

    raw = tmp_path / "raw"
    for path in raw_dir.rglob("*"):
        if path.is_file():
            target = raw / path.relative_to(raw_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.parent.name == "datasets":
                shutil.copy(path, target)
            else:
                target.symlink_to(path)
    return raw
