"""The raw files the registry declares (``data/raw/datasets/*.toml``), verified against their sha256.

Every raw file belongs to one declared dataset (``analysis.core.registry``), which gives its
origin, terms, description and citation once. ``verify`` recomputes the checksums; a missing
or altered file raises ``RawDataError`` naming the file and saying what to do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from analysis.core import paths, registry

#: A raw input is missing, altered or undocumented, or its declaration is malformed: one error class.
RawDataError = registry.RegistryError


@dataclass(frozen=True)
class RawFile:
    """One raw file with its dataset's provenance (from the registry, ``analysis.core.registry``)."""

    path: str
    source: str  # the dataset id
    origin: str
    terms: str
    coverage: str
    citation: str
    sha256: str

    def location(self, raw_dir: Path | None = None) -> Path:
        """Return the absolute path of this file under ``raw_dir`` (default: paths.raw_dir())."""
        return (raw_dir or paths.raw_dir()) / self.path


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of the file at ``path`` (read in 1 MiB blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(raw_dir: Path | None = None) -> list[RawFile]:
    """Every file the registry under ``raw_dir`` (default ``paths.raw_dir()``) declares, with its
    dataset's provenance. Raises ``RawDataError`` (a ``RegistryError``) on a bad declaration."""
    files = []
    for ds in registry.load(raw_dir).values():
        for f in ds.files:
            files.append(RawFile(path=f.path, source=ds.id, origin=f.origin or ds.origin, terms=ds.terms,
                                 coverage=ds.description, citation=ds.citation, sha256=f.sha256))
    return sorted(files, key=lambda f: f.path)


def verify(sources: set[str] | None = None, raw_dir: Path | None = None) -> list[RawFile]:
    """Check that every raw file (of ``sources``, default all) exists and matches its sha256.

    When all sources are checked, a file under ``raw_dir`` that the manifest does not list
    is an error too (every input must carry its provenance). Returns the verified entries.
    Raises ``RawDataError`` naming the first bad file and what to do about it.
    """
    raw_dir = raw_dir or paths.raw_dir()
    checked = []
    for entry in load(raw_dir):
        if sources is not None and entry.source not in sources:
            continue
        location = entry.location(raw_dir)
        if not location.exists():
            raise RawDataError(
                f"raw file missing: {location} ({entry.origin}). Restore it with "
                f"`git checkout -- data/raw/{entry.path}` or download it again from its origin."
            )
        actual = sha256_of(location)
        if actual != entry.sha256:
            raise RawDataError(
                f"raw file altered: {location} has sha256 {actual}, the manifest says {entry.sha256}. "
                f"Raw files must stay byte copies of the published file: restore it with "
                f"`git checkout -- data/raw/{entry.path}`, or, if you replaced it on purpose with a newer "
                f"published version, update its sha256 in {registry.registry_dir(raw_dir) / (entry.source + '.toml')}."
            )
        checked.append(entry)
    if sources is None:
        listed = {entry.location(raw_dir).resolve() for entry in load(raw_dir)}
        declarations = registry.registry_dir(raw_dir).resolve()
        extra = sorted(
            p for p in raw_dir.rglob("*")
            if p.is_file() and not p.name.startswith(".") and p.resolve() not in listed
            and declarations not in p.resolve().parents
        )
        if extra:
            raise RawDataError(
                f"raw file not in the registry: {extra[0]}. Every raw input belongs to a declared dataset: add a "
                f"[[file]] line (path, sha256, bytes) to its declaration in {registry.registry_dir(raw_dir)}, "
                f"or remove the file."
            )
    return checked


def files_of(source: str, raw_dir: Path | None = None) -> list[Path]:
    """Return the absolute paths of the files of dataset ``source``, sorted by path."""
    raw_dir = raw_dir or paths.raw_dir()
    return sorted(e.location(raw_dir) for e in load(raw_dir) if e.source == source)


# --------------------------------------------------------------------------- recording (used by the fetchers)

def recorded(entries: list[dict], raw_dir: Path | None = None) -> dict[Path, str]:
    """The new text of each dataset declaration that ``entries`` add files to (``{path: text}``; see
    ``analysis.core.registry.with_files``); the caller writes them together with the files."""
    return registry.with_files(entries, raw_dir)
