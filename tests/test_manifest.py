"""The registry (data/raw/datasets/*.toml) declares every raw file once, and the files match their checksums."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from analysis.core import manifest, paths, registry
from tests.raw_registry import linked_raw


@pytest.fixture(scope="module")
def declared(raw_dir: Path) -> dict[str, dict]:
    """The declarations as plain TOML (read here with tomllib, not through the module under test)."""
    return {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted((raw_dir / "datasets").glob("*.toml"))}


def _files(declared: dict[str, dict]) -> list[dict]:
    return [{**f, "source": ds} for ds, d in declared.items() for f in d.get("file", [])]


def test_every_raw_file_is_declared_once(raw_dir, declared):
    on_disk = {p.relative_to(raw_dir).as_posix() for p in raw_dir.rglob("*")
               if p.is_file() and p.parent.name != "datasets"}
    listed = [f["path"] for f in _files(declared)]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert on_disk == set(listed)
    # the 235 IMF workbooks are one dataset (one citation, one set of terms), each workbook one line
    assert len(declared["imf-dots"]["file"]) == 235
    assert sum(1 for line in (raw_dir / "datasets" / "imf-dots.toml").read_text().splitlines()
               if line.startswith("citation")) == 1


def test_every_declaration_has_its_fields(declared):
    for ds, d in declared.items():
        assert d["id"] == ds
        for name in registry.REQUIRED:
            assert isinstance(d.get(name), str) and d[name].strip(), f"{ds}: {name} is empty"
        for f in d.get("file", []):
            assert set(f) <= set(registry.FILE_FIELDS), f"{ds}: {f['path']} has other fields"
            assert len(f["sha256"]) == 64 and int(f["sha256"], 16) >= 0


def test_sha256_and_sizes_verify(raw_dir, declared):
    for entry in _files(declared):
        path = raw_dir / entry["path"]
        assert path.is_file(), entry["path"]
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
        assert len(data) == entry["bytes"], entry["path"]


def test_manifest_module_agrees(raw_dir, declared):
    files = sorted(_files(declared), key=lambda f: f["path"])
    loaded = manifest.load(raw_dir)
    assert [(f.path, f.source, f.sha256) for f in loaded] == [(e["path"], e["source"], e["sha256"]) for e in files]
    dots = next(f for f in loaded if f.path == "imf-dots/DOTS_1.xlsx")
    assert dots.citation == declared["imf-dots"]["citation"] and dots.terms == declared["imf-dots"]["terms"]
    verified = manifest.verify(raw_dir=raw_dir)
    assert [f.path for f in verified] == [e["path"] for e in files]
    assert manifest.files_of("unga-dgacm", raw_dir) == sorted((raw_dir / "unga-dgacm").glob("*.json"))


@pytest.mark.parametrize(("edit", "message"), [
    (('licence = "CC0 1.0"\n', ""), r"voeten\.toml: dataset 'voeten' no licence$"),
    (('adapter = "analysis.sources.voeten"', 'adapter = "analysis.sources.voeten_gone"'),
     r"voeten\.toml: adapter 'analysis\.sources\.voeten_gone' is not a module of this package$"),
    (('sha256 = "', 'checksum = "'), r"voeten\.toml: file voeten/UNVotesPublished\.RData has no sha256"),
])
def test_a_bad_declaration_is_one_line_and_exit_2_before_any_work(raw_dir, tmp_path, edit, message):
    raw = linked_raw(raw_dir, tmp_path)
    declaration = raw / "datasets" / "voeten.toml"
    text = declaration.read_text(encoding="utf-8")
    assert edit[0] in text
    declaration.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(registry.RegistryError, match=message):
        registry.load(raw)
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "analysis", "build", "--force"], capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "UNALIGN_RAW_DIR": str(raw),
                              "UNALIGN_PROCESSED_DIR": str(out)}, cwd=paths.ROOT, timeout=120)
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "voeten.toml" in lines[0], run.stderr
    assert not list(out.glob("*.parquet"))


def test_verify_selected_sources_only(raw_dir, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    (raw / "voeten" / "UNVotesPublished.RData").write_bytes(b"not the published file")
    checked = manifest.verify({"hrc"}, raw_dir=raw)
    assert [f.path for f in checked] == ["hrc/votes.sqlite3"]
    with pytest.raises(manifest.RawDataError, match="UNVotesPublished.RData"):
        manifest.verify({"voeten"}, raw_dir=raw)


def test_a_raw_file_missing_from_the_registry_stops_the_build(tmp_path):
    # Every input must carry its provenance: an extra DGACM file (here a copy of a real one)
    # that no declaration lists is rejected before any adapter reads it.
    from analysis import build

    raw = tmp_path / "raw"
    shutil.copytree(paths.raw_dir(), raw)
    shutil.copy(raw / "unga-dgacm" / "78.json", raw / "unga-dgacm" / "81.json")
    with pytest.raises(manifest.RawDataError, match=r"not in the registry: .*81\.json"):
        build.build(raw=raw, out=tmp_path / "out")
    assert not list((tmp_path / "out").glob("*.parquet"))  # nothing written (only the build lock)


def test_a_file_listed_by_two_datasets_is_refused(raw_dir, tmp_path):
    raw = linked_raw(raw_dir, tmp_path)
    hrc = (raw / "datasets" / "hrc.toml").read_text(encoding="utf-8")
    block = hrc[hrc.index("[[file]]"):]
    with open(raw / "datasets" / "voeten.toml", "a", encoding="utf-8") as handle:
        handle.write("\n" + block)
    with pytest.raises(registry.RegistryError, match=r"file hrc/votes\.sqlite3 is also listed by dataset hrc"):
        registry.load(raw)


def test_recording_a_fetched_file_edits_only_its_dataset_and_keeps_the_rest(raw_dir, tmp_path):
    raw = linked_raw(raw_dir, tmp_path)
    before = {p.name: p.read_text(encoding="utf-8") for p in (raw / "datasets").glob("*.toml")}
    entry = {"path": "undl/GA/2026-01-01_001.xml", "source": "undl", "sha256": "a" * 64, "bytes": 10,
             "origin": "HTTP GET https://digitallibrary.un.org/search?... retrieved 2026-12-01T10:00:00Z",
             "terms": "dropped: the declaration says it once", "citation": "dropped", "coverage": "dropped"}
    texts = manifest.recorded([entry], raw)
    assert list(texts) == [raw / "datasets" / "undl.toml"]
    text = texts[raw / "datasets" / "undl.toml"]
    parsed = tomllib.loads(text)
    assert parsed["file"] == [{k: entry[k] for k in ("path", "sha256", "bytes", "origin")}]
    assert text.startswith(before["undl.toml"].rstrip("\n"))  # the declaration itself unchanged, comments kept
    (raw / "datasets" / "undl.toml").write_text(text, encoding="utf-8")
    replaced = tomllib.loads(manifest.recorded([{**entry, "sha256": "b" * 64}], raw)[raw / "datasets" / "undl.toml"])
    assert [f["sha256"] for f in replaced["file"]] == ["b" * 64]  # the same path replaced, not doubled
    with pytest.raises(registry.RegistryError, match=r"nowhere\.toml: dataset 'nowhere' is not declared"):
        manifest.recorded([{**entry, "source": "nowhere"}], raw)
