"""data/raw/SOURCES.toml documents every raw file, and the files match their checksums."""

from __future__ import annotations

import hashlib
import shutil
import tomllib
from pathlib import Path

import pytest

from analysis.core import manifest

FIELDS = ("path", "source", "origin", "terms", "coverage", "citation", "sha256")


@pytest.fixture(scope="module")
def entries(raw_dir: Path) -> list[dict]:
    with open(raw_dir / "SOURCES.toml", "rb") as handle:
        return tomllib.load(handle)["file"]


def test_every_raw_file_has_an_entry(raw_dir, entries):
    on_disk = {p.relative_to(raw_dir).as_posix() for p in raw_dir.rglob("*") if p.is_file()} - {"SOURCES.toml"}
    listed = [e["path"] for e in entries]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert on_disk == set(listed)
    # the files shipped with the package (fetched files, e.g. imf-dots, may come on top)
    shipped = {"unvotes", "voeten", "unga-dgacm", "hrc", "cow-states", "cow-trade"}
    assert len([e for e in entries if e["source"] in shipped]) == 17


def test_every_entry_has_all_fields(entries):
    for entry in entries:
        for name in FIELDS:
            value = entry.get(name)
            assert isinstance(value, str) and value.strip(), f"{entry.get('path')}: {name} is empty"
        assert len(entry["sha256"]) == 64 and int(entry["sha256"], 16) >= 0


def test_sha256_and_sizes_verify(raw_dir, entries):
    for entry in entries:
        path = raw_dir / entry["path"]
        assert path.is_file(), entry["path"]
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
        assert len(data) == entry["bytes"], entry["path"]


def test_manifest_module_agrees(raw_dir, entries):
    loaded = manifest.load(raw_dir / "SOURCES.toml")
    assert [(f.path, f.source, f.sha256) for f in loaded] == [(e["path"], e["source"], e["sha256"]) for e in entries]
    verified = manifest.verify(raw_dir=raw_dir)
    assert [f.path for f in verified] == [e["path"] for e in entries]
    dgacm_files = manifest.files_of("unga-dgacm", raw_dir)
    assert dgacm_files == sorted((raw_dir / "unga-dgacm").glob("*.json"))
    assert manifest.sha256_of(raw_dir / "hrc" / "votes.sqlite3") == next(
        e["sha256"] for e in entries if e["path"] == "hrc/votes.sqlite3"
    )


def test_entry_without_a_field_is_rejected(raw_dir, tmp_path):
    text = (raw_dir / "SOURCES.toml").read_text(encoding="utf-8")
    broken = text.replace('terms = "CC0 1.0"', 'terms = ""', 1)
    assert broken != text
    path = tmp_path / "SOURCES.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(manifest.RawDataError) as err:
        manifest.load(path)
    assert "UNVotesPublished.RData" in str(err.value) and "terms" in str(err.value)


def test_verify_selected_sources_only(raw_dir, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    (raw / "voeten" / "UNVotesPublished.RData").write_bytes(b"not the published file")
    checked = manifest.verify({"hrc"}, raw_dir=raw)
    assert [f.path for f in checked] == ["hrc/votes.sqlite3"]
    with pytest.raises(manifest.RawDataError, match="UNVotesPublished.RData"):
        manifest.verify({"voeten"}, raw_dir=raw)


def test_a_raw_file_missing_from_the_manifest_stops_the_build(tmp_path):
    # Every input must carry its provenance: an extra DGACM file (here a copy of a real one)
    # that SOURCES.toml does not list is rejected before any adapter reads it.
    from analysis import build
    from analysis.core import paths

    raw = tmp_path / "raw"
    shutil.copytree(paths.raw_dir(), raw)
    shutil.copy(raw / "unga-dgacm" / "78.json", raw / "unga-dgacm" / "81.json")
    with pytest.raises(manifest.RawDataError, match=r"not in the manifest: .*81\.json"):
        build.build(raw=raw, out=tmp_path / "out")
    assert not list((tmp_path / "out").glob("*.parquet"))  # nothing written (only the build lock)
