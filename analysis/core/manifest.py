"""Read ``data/raw/SOURCES.toml`` and verify the raw files against it.

Every raw file carries origin, terms, coverage, citation and sha256 in the manifest.
``verify`` recomputes the checksums; a missing or altered file raises ``RawDataError``
naming the file and saying what to do.
"""

from __future__ import annotations

import functools
import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from analysis.core import paths
from analysis.core.errors import UserError

REQUIRED_FIELDS = ("path", "source", "origin", "terms", "coverage", "citation", "sha256")


class RawDataError(UserError, RuntimeError):
    """A raw input is missing, altered or undocumented."""


@dataclass(frozen=True)
class RawFile:
    """One manifest entry: a raw file and its provenance."""

    path: str
    source: str
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


def load(manifest: Path | None = None) -> list[RawFile]:
    """Parse the manifest; return its entries. Raises ``RawDataError`` on a bad entry.

    A build reads it a dozen times (once per source); the parsed entries are kept for as long
    as the file's size and modification time stay the same (2,700 lines of TOML: 0.1 s a parse).
    """
    manifest = manifest or paths.manifest_path()
    if not manifest.exists():
        raise RawDataError(
            f"{manifest}: raw-data manifest not found; restore it with `git checkout -- data/raw/{manifest.name}`"
        )
    stat = manifest.stat()
    return list(_parsed(manifest.resolve(), stat.st_size, stat.st_mtime_ns))


@functools.lru_cache(maxsize=8)
def _parsed(manifest: Path, size: int, mtime_ns: int) -> tuple[RawFile, ...]:
    """The entries of ``manifest`` as it is at (``size``, ``mtime_ns``); see :func:`load`."""
    try:
        with open(manifest, "rb") as handle:
            entries = tomllib.load(handle).get("file", [])
    except tomllib.TOMLDecodeError as exc:
        raise RawDataError(f"{manifest}: not valid TOML ({exc}); restore it with "
                           f"`git checkout -- data/raw/{manifest.name}`") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RawDataError(f"{manifest}: [[file]] must be a list of tables")
    files = []
    for i, entry in enumerate(entries, start=1):
        missing = [f for f in REQUIRED_FIELDS if not entry.get(f)]
        if missing:
            raise RawDataError(f"{manifest}: [[file]] entry {i} ({entry.get('path', '?')}) lacks {missing}")
        files.append(RawFile(**{f: entry[f] for f in REQUIRED_FIELDS}))
    return tuple(files)


def verify(sources: set[str] | None = None, raw_dir: Path | None = None) -> list[RawFile]:
    """Check that every raw file (of ``sources``, default all) exists and matches its sha256.

    When all sources are checked, a file under ``raw_dir`` that the manifest does not list
    is an error too (every input must carry its provenance). Returns the verified entries.
    Raises ``RawDataError`` naming the first bad file and what to do about it.
    """
    raw_dir = raw_dir or paths.raw_dir()
    checked = []
    for entry in load(raw_dir / "SOURCES.toml"):
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
                f"published version, update its entry in SOURCES.toml."
            )
        checked.append(entry)
    if sources is None:
        listed = {entry.location(raw_dir).resolve() for entry in load(raw_dir / "SOURCES.toml")}
        extra = sorted(
            p for p in raw_dir.rglob("*")
            if p.is_file() and p.name != "SOURCES.toml" and not p.name.startswith(".") and p.resolve() not in listed
        )
        if extra:
            raise RawDataError(
                f"raw file not in the manifest: {extra[0]}. Every raw input needs an entry in "
                f"{raw_dir / 'SOURCES.toml'} (origin, terms, coverage, citation, sha256); add one or remove the file."
            )
    return checked


def files_of(source: str, raw_dir: Path | None = None) -> list[Path]:
    """Return the absolute paths of the manifest's files for ``source``, sorted by path."""
    raw_dir = raw_dir or paths.raw_dir()
    return sorted(e.location(raw_dir) for e in load(raw_dir / "SOURCES.toml") if e.source == source)


# --------------------------------------------------------------------------- editing (used by the fetchers)

MANIFEST_HEADER = (
    "# Provenance of every raw file. The build verifies each sha256 before reading.\n"
    "# Raw files are byte copies of the published files: never edit them; fix problems in the adapter.\n"
)


FIELDS = ("path", "source", "origin", "terms", "coverage", "citation", "sha256", "bytes")


def _entry_table(entry: dict) -> tomlkit.items.Table:
    table = tomlkit.table()
    for key in FIELDS:
        value = entry[key]
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise TypeError(f"manifest values are strings or integers, not {value!r}")
        table[key] = value
    table.add(tomlkit.nl())  # a blank line between entries, as in the hand-written part
    return table


def render_entry(entry: dict) -> str:
    """Return one ``[[file]]`` block of SOURCES.toml in the manifest's layout (no trailing newline)."""
    doc = tomlkit.document()
    files = tomlkit.aot()
    files.append(_entry_table(entry))
    doc["file"] = files
    return tomlkit.dumps(doc).strip("\n")


def updated_manifest(text: str, new: list[dict]) -> str:
    """Return the manifest ``text`` with ``new`` entries: each replaces the entries of its path, or is appended.

    Edited with ``tomlkit``, which keeps everything else (comments, other entries, their
    order and layout) as it was; a second entry for a replaced path is dropped. Raises
    ``RawDataError`` if the text is not valid TOML or the result does not read back.
    """
    if not text.strip():
        text = MANIFEST_HEADER
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise RawDataError(f"SOURCES.toml: not valid TOML ({exc})") from None
    if "file" not in doc:
        doc.append("file", tomlkit.aot())
    files = doc["file"]
    by_path = {e["path"]: e for e in new}
    done: set[str] = set()
    for index in range(len(files) - 1, -1, -1):  # from the end, so that the first of repeated paths is kept
        path = files[index].get("path")
        if path in by_path:
            first = not any(files[i].get("path") == path for i in range(index))
            if first:
                files[index] = _entry_table(by_path[path])
                done.add(path)
            else:
                del files[index]
    for entry in new:
        if entry["path"] not in done:
            files.append(_entry_table(entry))
    result = tomlkit.dumps(doc)
    parsed = tomllib.loads(result).get("file", [])
    for entry in new:
        listed = [e for e in parsed if e.get("path") == entry["path"]]
        if listed != [entry]:
            raise RawDataError(f"manifest update for {entry['path']} did not round-trip: {listed}")  # pragma: no cover
    return result
