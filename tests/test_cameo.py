"""The CAMEO adapter (``analysis.sources.cameo``) against the three raw tables.

Expected values are read here from the raw files with the ``csv`` module, independently of
the adapter, or written out from the CAMEO codebook.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import polars as pl
import pytest

from analysis.schemas import EVENT_CODES, validate_events
from analysis.sources import SourceFormatError, cameo

DISPUTED = ("016", "022", "164", "165")


def _raw_gdelt_weights(raw: Path) -> dict[str, float]:
    lines = (raw / cameo.GDELT_GOLDSTEIN).read_text(encoding="utf-8").splitlines()[1:]
    return {code: float(value) for code, value in (line.split("\t") for line in lines if line.strip())}


def _raw_icews_rows(raw: Path) -> dict[str, dict[str, str]]:
    text = (raw / cameo.ICEWS_CODES).read_bytes().decode("cp1252")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


@pytest.fixture(scope="module")
def codes(raw_dir: Path) -> pl.DataFrame:
    return cameo.read(raw_dir)


def test_table_has_every_code_of_both_tables_with_leading_zeros(codes, raw_dir):
    icews = _raw_icews_rows(raw_dir)
    gdelt = _raw_gdelt_weights(raw_dir)
    assert dict(codes.schema) == EVENT_CODES
    assert set(codes["code"]) == set(icews) | set(gdelt)
    assert codes.height == 312 and codes["code"].is_unique().all()
    for code in ("01", "010", "0211", "040", "0874", "20", "2042"):
        assert code in set(codes["code"])
    assert codes.filter(pl.col("code") == "040")["description"].item() == "Consult"
    validate_events({"event_codes": codes})


@pytest.mark.parametrize("root", range(1, 21))
def test_quad_class_of_every_root_code(codes, root):
    expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
    expected_gdelt = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
    label = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
    rows = codes.filter(pl.col("root_code") == f"{root:02d}")
    assert rows.height >= 2  # the root itself and its codes
    assert set(rows["quad_class"]) == {expected}
    assert set(rows["quad_label"]) == {label[expected]}
    assert set(rows["quad_class_gdelt"]) == {expected_gdelt}
    assert cameo.quad_class_of_root(root) == expected


def test_quad_class_of_a_non_root_raises():
    with pytest.raises(ValueError):
        cameo.quad_class_of_root(21)


def test_quad_labels_come_from_the_gdelt_file(raw_dir):
    _, labels = cameo.read_gdelt_descriptions(raw_dir / cameo.GDELT_CODES)
    assert labels == {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                      4: "material conflict"}


@pytest.mark.parametrize("code", DISPUTED)
def test_the_four_disputed_goldstein_codes_keep_both_weights_and_use_icews(codes, raw_dir, code):
    gdelt = _raw_gdelt_weights(raw_dir)[code]
    icews = float(_raw_icews_rows(raw_dir)[code]["goldstein"])
    assert gdelt != icews  # the two published tables disagree here
    row = codes.filter(pl.col("code") == code).row(0, named=True)
    assert row["goldstein_gdelt"] == gdelt
    assert row["goldstein_icews"] == icews
    assert row["goldstein"] == icews  # the project's choice (cameo.GOLDSTEIN_CHOICE)
    assert row["goldstein_choice"] == f"icews (the gdelt table has {gdelt})"


def test_disputed_values_as_published():
    # written out from the two raw files: (GDELT, ICEWS)
    expected = {"016": (-2.0, -5.0), "022": (3.2, 3.4), "164": (-7.0, -6.5), "165": (-6.5, -7.0)}
    codes = cameo.read(Path(__file__).resolve().parents[1] / "data" / "raw")
    got = {r["code"]: (r["goldstein_gdelt"], r["goldstein_icews"])
           for r in codes.filter(pl.col("code").is_in(list(expected))).iter_rows(named=True)}
    assert got == expected


def test_the_tables_agree_everywhere_else(codes):
    both = codes.filter(pl.col("goldstein_gdelt").is_not_null() & pl.col("goldstein_icews").is_not_null())
    differ = both.filter(pl.col("goldstein_gdelt") != pl.col("goldstein_icews"))
    assert sorted(differ["code"]) == list(DISPUTED)
    assert codes.filter(pl.col("goldstein_gdelt").is_null())["code"].to_list() == ["1213"]
    assert codes.filter(pl.col("goldstein").is_null()).height == 0


def test_merged_line_of_1056_gives_two_codes(codes, raw_dir):
    raw_line = next(line for line in (raw_dir / cameo.GDELT_CODES).read_text(encoding="utf-8").splitlines()
                    if line.startswith("1056\t"))
    assert "106:[-5.0] Demand withdrawal" in raw_line  # the defect, as published
    rows = {r["code"]: r for r in codes.filter(pl.col("code").is_in(["1056", "106"])).iter_rows(named=True)}
    assert rows["1056"]["description_gdelt"] == "Demand de-escalation of military engagement"
    assert rows["106"]["description_gdelt"] == "Demand withdrawal"
    assert rows["106"]["description"] == "Demand meeting, negotiation"  # CAMEO 1.1b3, via ICEWS


@pytest.fixture
def cameo_copy(tmp_path: Path, raw_dir: Path) -> Path:
    (tmp_path / "cameo").mkdir()
    for name in (cameo.GDELT_CODES, cameo.GDELT_GOLDSTEIN, cameo.ICEWS_CODES):
        shutil.copy2(raw_dir / name, tmp_path / name)
    return tmp_path


def _replace_line(path: Path, number: int, new: str, encoding: str = "utf-8") -> None:
    lines = path.read_bytes().decode(encoding).splitlines(keepends=True)
    ending = lines[number - 1][len(lines[number - 1].rstrip("\r\n")):]
    lines[number - 1] = new + ending
    path.write_bytes("".join(lines).encode(encoding))


def test_bad_goldstein_weight_is_rejected_with_its_line(cameo_copy):
    path = cameo_copy / cameo.GDELT_GOLDSTEIN
    _replace_line(path, 5, "011\tminus one")
    with pytest.raises(SourceFormatError, match=r"CAMEO.goldsteinscale.txt: line 5: Goldstein weight 'minus one'"):
        cameo.read(cameo_copy)


def test_bad_code_is_rejected_with_its_line(cameo_copy):
    path = cameo_copy / cameo.GDELT_CODES
    _replace_line(path, 7, "21x\tSomething")
    with pytest.raises(SourceFormatError, match=r"CAMEO.eventcodes.txt: line 7: '21x' is not a CAMEO event code"):
        cameo.read(cameo_copy)


def test_icews_root_mismatch_is_rejected_with_its_line(cameo_copy):
    path = cameo_copy / cameo.ICEWS_CODES
    text = path.read_bytes().decode("cp1252")
    lines = text.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith('"3",'))  # code 011
    lines[number - 1] = lines[number - 1].replace(',"01",3\r\n', ',"02",3\r\n').replace(',"01",3\n', ',"02",3\n')
    path.write_bytes("".join(lines).encode("cp1252"))
    with pytest.raises(SourceFormatError, match=rf"icews-cameo-codes.csv: line {number}: root_code '02'"):
        cameo.read(cameo_copy)
