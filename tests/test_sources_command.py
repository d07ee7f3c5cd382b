"""`python -m analysis sources`: every declared dataset with coverage from the processed tables, and BibTeX
that a reference manager imports (parsed here with bibtexparser)."""

from __future__ import annotations

import json
import tomllib

import bibtexparser
import polars as pl

from analysis import cli
from analysis.core import registry


def _run(capsys, *argv: str) -> str:
    assert cli.main(["sources", *argv]) == 0
    return capsys.readouterr().out


def test_json_has_one_entry_per_dataset_with_coverage_from_the_tables(built, raw_dir, capsys):
    rows = json.loads(_run(capsys, "--format", "json"))
    declared = sorted(p.stem for p in (raw_dir / "datasets").glob("*.toml"))
    assert [r["id"] for r in rows] == declared
    by_id = {r["id"]: r for r in rows}
    # computed here from the built tables, independently of the registry's code
    rc = built["roll_calls"].with_columns(pl.col("body").cast(pl.String))
    unvotes = rc.filter(pl.col("source") == "unvotes")
    assert by_id["unvotes"]["coverage"] == {"table": "roll_calls", "first": str(unvotes["date"].min()),
                                           "last": str(unvotes["date"].max()), "rows": unvotes.height}
    ohchr = rc.filter(pl.col("source") == "ohchr")
    assert (by_id["ohchr-voting"]["coverage"]["first"], by_id["ohchr-voting"]["coverage"]["last"]) == (
        str(ohchr["date"].min()), str(ohchr["date"].max()))
    dots = built["trade"].filter(pl.col("source") == "imf_dots")
    assert by_id["imf-dots"]["coverage"] == {"table": "trade", "first": str(dots["year"].min()),
                                            "last": str(dots["year"].max()), "rows": dots.height}
    assert by_id["imf-dots"]["files"] == 235
    assert by_id["bsv-reference"]["coverage"] is None  # a validation reference, in no processed table
    assert by_id["comtrade"]["coverage"]["rows"] == 0  # declared, filled only by `fetch trade`
    assert by_id["voeten"]["licence"] == "CC0 1.0"


def test_bibtex_parses_one_entry_per_dataset(raw_dir, capsys):
    library = bibtexparser.parse_string(_run(capsys, "--format", "bibtex"))
    assert library.failed_blocks == []
    declared = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in (raw_dir / "datasets").glob("*.toml")}
    assert sorted(e.key for e in library.entries) == sorted(d["bibtex"]["key"] for d in declared.values())
    bsv = next(e for e in library.entries if e.key == "bailey_strezhnev_voeten_2017")
    assert bsv.entry_type == "article" and bsv.fields_dict["journal"].value == "Journal of Conflict Resolution"
    assert bsv.fields_dict["pages"].value == "430--456"


def test_table_names_each_dataset_with_its_version_and_licence(capsys):
    text = _run(capsys)
    assert "imf-dots: IMF Direction of Trade Statistics (one workbook per reporter)" in text
    assert "    licence:  PolyForm Noncommercial 1.0.0" in text


def test_report_lists_only_the_datasets_its_parameters_name(tmp_path, capsys):
    dots, hrc = registry.get("imf-dots"), registry.get("hrc")
    files = {dots.files[0].path: dots.files[0].sha256, hrc.files[0].path: hrc.files[0].sha256}
    (tmp_path / "parameters.json").write_text(json.dumps({"parameters": {}, "raw_data_sha256": files}))
    rows = json.loads(_run(capsys, "--format", "json", "--report", str(tmp_path)))
    assert [r["id"] for r in rows] == ["hrc", "imf-dots"]


def test_report_without_parameters_is_one_line_exit_2(tmp_path, capsys):
    assert cli.main(["sources", "--report", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "parameters.json: not a report's parameters file" in err[0]
