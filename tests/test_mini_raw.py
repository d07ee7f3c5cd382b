"""The mini-raw fixture (``tests/fixtures/mini-raw``): a cut of the real raw data for the unit tests.

``scripts/make_test_raw.py`` writes it from ``data/raw``. Checked here: the script gives the
committed fixture back byte for byte; every dataset that ships files is in it, with
declarations that match its files; every row of a cut file is a row of the real file, and a
kept roll call keeps every state's vote; and the fixture builds (``tests.mini.mini_built``)
into tables whose facts are checked against the fixture's files by hand.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sqlite3
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pyreadr
import pytest

from analysis.core import manifest, paths, registry
from tests.mini import MINI_RAW

#: The real raw data (not ``paths.raw_dir()``, which the environment may point elsewhere).
RAW = paths.ROOT / "data" / "raw"


def _load_script():
    spec = importlib.util.spec_from_file_location("make_test_raw", paths.ROOT / "scripts" / "make_test_raw.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


make_test_raw = _load_script()


@pytest.fixture(scope="module")
def read_full_r() -> Iterator[Callable[[Path], dict]]:
    """``make_test_raw.read_r`` (pyreadr, as the adapters read R files), each file read once in this module."""
    cached = functools.cache(make_test_raw.read_r)
    yield cached
    cached.cache_clear()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _declared(raw: Path) -> dict[str, registry.DataFile]:
    return {f.path: f for ds in registry.load(raw).values() for f in ds.files}


# --------------------------------------------------------------------------- (a) the script gives the fixture back


def test_the_script_gives_back_the_committed_fixture_byte_for_byte(tmp_path: Path, read_full_r) -> None:
    made = tmp_path / "mini-raw"
    make_test_raw.make(RAW, made, reader=read_full_r)
    ours, committed = _files(made), _files(MINI_RAW)
    assert sorted(ours) == sorted(committed), "run: python scripts/make_test_raw.py"
    differ = [p for p in ours if ours[p] != committed[p]]
    assert not differ, f"these files differ from what scripts/make_test_raw.py writes: {differ}"


# --------------------------------------------------------------------------- (b) every dataset, declared as it is


def test_every_dataset_that_ships_files_has_files_in_the_fixture() -> None:
    real, mini = registry.load(RAW), registry.load(MINI_RAW)
    assert set(mini) == set(real)  # every dataset is declared, also those without files
    assert {d.id for d in mini.values() if d.files} == {d.id for d in real.values() if d.files}
    for ds in mini.values():  # a fixture file is a file of the same dataset in data/raw, at the same path
        assert {f.path for f in ds.files} <= {f.path for f in real[ds.id].files}, ds.id


def test_every_fixture_file_matches_its_declared_sha256_and_bytes() -> None:
    checked = manifest.verify(raw_dir=MINI_RAW)  # sha256 of every file, and no file left undeclared
    declared = _declared(MINI_RAW)
    assert {e.path for e in checked} == set(declared)
    for path, entry in declared.items():
        assert (MINI_RAW / path).stat().st_size == entry.bytes, path


def test_the_declarations_are_the_real_ones_but_for_their_file_lines() -> None:
    for path in sorted((MINI_RAW / "datasets").glob("*.toml")):
        mini = tomllib.loads(path.read_text(encoding="utf-8"))
        real = tomllib.loads((RAW / "datasets" / path.name).read_text(encoding="utf-8"))
        mini.pop("file", None)
        real.pop("file", None)
        assert mini == real, path.name


# --------------------------------------------------------------------------- (c) real rows only


def _cut_paths() -> list[str]:
    real = _declared(RAW)
    return sorted(p for p, f in _declared(MINI_RAW).items() if f.sha256 != real[p].sha256)


def test_the_files_left_whole_are_byte_copies() -> None:
    real = _declared(RAW)
    whole = [p for p, f in _declared(MINI_RAW).items() if f.sha256 == real[p].sha256]
    assert len(whole) + len(_cut_paths()) == len(_declared(MINI_RAW))
    for path in whole:  # the declared sha256 is the real file's, and the file is that (manifest.verify above)
        assert (MINI_RAW / path).read_bytes() == (RAW / path).read_bytes(), path


def _subset(cut: pl.DataFrame, full: pl.DataFrame, what: str) -> None:
    """Every row of ``cut`` is a row of ``full`` (same columns and types); ``cut`` has rows, and fewer."""
    assert cut.schema == full.schema, what
    assert 0 < cut.height < full.height, what
    extra = cut.join(full, on=cut.columns, how="anti", nulls_equal=True)
    assert extra.height == 0, f"{what}: rows not in the real file: {extra.head(3)}"


def _table(path: Path, **options) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema_length=0, **options)


def _sqlite(path: Path) -> dict[str, pl.DataFrame]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for table in tables:
            cursor = con.execute(f"SELECT * FROM {table}")
            out[table] = pl.DataFrame(cursor.fetchall(), schema=[c[0] for c in cursor.description], orient="row",
                                      infer_schema_length=None)
    return out


def _data_js(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[len("window.DATA = "):].rstrip().removesuffix(";"))


def _state_votes(data: dict) -> pl.DataFrame:
    """One row per state and recorded vote of a ``data.js``: state, record id, letter."""
    rows = [(state, data["res"][i]["id"], v) for state, entry in data["votes"].items()
            for i, v in zip(entry["r"], entry["v"], strict=True)]
    return pl.DataFrame(rows, schema=["state", "id", "vote"], orient="row")


@pytest.mark.parametrize("path", _cut_paths())
def test_every_row_of_a_cut_file_is_a_row_of_the_real_file(path: str, read_full_r) -> None:
    cut, full = MINI_RAW / path, RAW / path
    if path.endswith((".rda", ".RData", ".rds")):
        objects = pyreadr.read_r(str(cut), output_format="polars")
        real = read_full_r(full)
        assert set(objects) == set(real)
        for name, frame in objects.items():
            _subset(frame, real[name], f"{path} [{name}]")
    elif path.endswith(".sqlite3"):
        mini_tables, real_tables = _sqlite(cut), _sqlite(full)
        assert set(mini_tables) == set(real_tables)
        for name, frame in mini_tables.items():
            if frame.height == real_tables[name].height:  # a table kept whole (the countries)
                assert frame.equals(real_tables[name]), name
            else:
                _subset(frame, real_tables[name], f"{path} [{name}]")
    elif path.endswith("data.js"):
        mini, real = _data_js(cut), _data_js(full)
        for key in ("meta", "countries", "subjects"):
            assert mini[key] == real[key], key
        for key in ("res", "resAll"):  # records compared whole (some keys, e.g. "am", only some records have)
            records = [pl.DataFrame({"record": [json.dumps(r, sort_keys=True) for r in d[key]]}) for d in (mini, real)]
            _subset(*records, f"{path} [{key}]")
        _subset(_state_votes(mini), _state_votes(real), f"{path} [votes]")
    elif path.endswith(".json"):  # JSON lines: each line of the cut is a line of the real file
        lines = [pl.Series([x for x in p.read_text(encoding="utf-8").split("\n") if x.strip()]) for p in (cut, full)]
        assert 0 < len(lines[0]) < len(lines[1])
        assert lines[0].is_in(lines[1].implode()).all(), path
    elif path.endswith(".tab"):
        _subset(_table(cut, separator="\t", quote_char=None), _table(full, separator="\t", quote_char=None), path)
    elif path.endswith(".export.CSV"):  # GDELT: tab-separated, no header
        options = {"separator": "\t", "quote_char": None, "has_header": False}
        _subset(_table(cut, **options), _table(full, **options), path)
    elif path.endswith(".csv"):
        _subset(_table(cut), _table(full), path)
    else:
        pytest.fail(f"{path}: no check for this format")


def test_a_kept_roll_call_keeps_every_states_vote(read_full_r) -> None:
    """The cut is by roll call, never inside one: a kept roll call has as many state rows as in the real file."""
    def per_call(frame: pl.DataFrame, key: str) -> pl.DataFrame:
        return frame.group_by(key).len().sort(key)

    for path, name, key in (("unvotes/un_votes.rda", "un_votes", "rcid"),
                            ("voeten/UNVotesPublished.RData", "x", "rcid")):
        cut = pyreadr.read_r(str(MINI_RAW / path), output_format="polars")[name]
        full = read_full_r(RAW / path)[name].join(cut.select(key).unique(), on=key, how="semi")
        assert per_call(cut, key).equals(per_call(full, key)), path
    calls = pyreadr.read_r(str(MINI_RAW / "unvotes/un_roll_calls.rda"), output_format="polars")["un_roll_calls"]
    voted = pyreadr.read_r(str(MINI_RAW / "unvotes/un_votes.rda"), output_format="polars")["un_votes"]
    assert set(calls["rcid"].to_list()) == set(voted["rcid"].cast(pl.Int32).to_list())
    sc = "undl-sc-voting-excerpt/sc_voting_2026-02-06_tail.csv"
    cut = _table(MINI_RAW / sc)
    full = _table(RAW / sc).join(cut.select("undl_id").unique(), on="undl_id", how="semi")
    assert per_call(cut, "undl_id").equals(per_call(full, "undl_id"))
    mini_js, real_js = _data_js(MINI_RAW / "ohchr-voting/data.js"), _data_js(RAW / "ohchr-voting/data.js")
    cut = _state_votes(mini_js)
    full = _state_votes(real_js).join(cut.select("id").unique(), on="id", how="semi")
    assert per_call(cut, "id").equals(per_call(full, "id"))


# --------------------------------------------------------------------------- the fixture builds: facts by hand


def test_the_mini_build_has_every_ga_roll_call_of_the_kept_sessions(mini_built) -> None:
    # un_roll_calls.rda of the fixture: 64 rows of session 68, 81 of session 69 and 73 of session 70 (218)
    calls = pyreadr.read_r(str(MINI_RAW / "unvotes/un_roll_calls.rda"), output_format="polars")["un_roll_calls"]
    by_file = dict(calls.group_by("session").len().select(pl.col("session").cast(pl.Int32), "len").iter_rows())
    assert by_file == {68: 64, 69: 81, 70: 73}
    built = mini_built["roll_calls"].filter((pl.col("body") == "GA") & (pl.col("source") == "unvotes"))
    assert dict(built.group_by("session").len().iter_rows()) == by_file


def test_the_mini_build_counts_the_2013_vote_on_human_rights_in_iran(mini_built) -> None:
    # un_roll_calls.rda: rcid 5303 is R/68/184 of 18 December 2013 (human rights in Iran); un_votes.rda lists 183
    # states on it: 86 yes, 61 abstain, 36 no; Pakistan (PK), Iran (IR) and India (IN) no, the United States yes
    votes = pyreadr.read_r(str(MINI_RAW / "unvotes/un_votes.rda"), output_format="polars")["un_votes"]
    on = votes.filter(pl.col("rcid") == 5303)
    assert dict(on.group_by(pl.col("vote").cast(pl.String)).len().iter_rows()) == {"yes": 86, "abstain": 61, "no": 36}
    rc = mini_built["roll_calls"].filter(pl.col("symbol") == "A/RES/68/184").row(0, named=True)
    assert (rc["rcid"], str(rc["date"]), rc["counted_yes"], rc["counted_abstain"], rc["counted_no"]) == \
        (5303, "2013-12-18", 86, 61, 36)
    cast = mini_built["votes"].filter((pl.col("body") == "GA") & (pl.col("rcid") == 5303)
                                      & pl.col("iso3").is_in(["PAK", "IRN", "IND", "USA"]))
    assert dict(cast.select("iso3", pl.col("vote").cast(pl.String)).iter_rows()) == \
        {"PAK": "no", "IRN": "no", "IND": "no", "USA": "yes"}


def test_the_mini_build_keeps_dgacm_official_tallies_beside_its_lists(mini_built) -> None:
    # 77.json: A/RES/77/228 (15 December 2022, human rights in Iran) gives MS_in_favour_count 80,
    # MS_against_count 29, MS_abstaining_count 65 and lists 80, 29 and 65 states; PAKISTAN and
    # IRAN (ISLAMIC REPUBLIC OF) are in MS_against
    lines = (MINI_RAW / "unga-dgacm/77.json").read_text(encoding="utf-8").splitlines()
    record = next(json.loads(x) for x in lines if x.strip() and json.loads(x)["symbol"] == "A/RES/77/228")
    assert [len(record[k]) for k in ("MS_in_favour", "MS_against", "MS_abstaining")] == [80, 29, 65]
    rc = mini_built["roll_calls"].filter(pl.col("symbol") == "A/RES/77/228").row(0, named=True)
    assert [rc[f"official_{v}"] for v in ("yes", "no", "abstain")] == [80, 29, 65]
    assert [rc[f"counted_{v}"] for v in ("yes", "no", "abstain")] == [80, 29, 65]
    assert rc["tally_mismatch"] is False and str(rc["date"]) == "2022-12-15"
    cast = mini_built["votes"].filter((pl.col("rcid") == rc["rcid"]) & pl.col("iso3").is_in(["PAK", "IRN"]))
    assert dict(cast.select("iso3", pl.col("vote").cast(pl.String)).iter_rows()) == {"PAK": "no", "IRN": "no"}


def test_the_mini_build_puts_cow_beside_dots_for_pakistans_imports_from_iran(mini_built) -> None:
    # DOTS_151.xlsx (Pakistan), sheet "Imports, CIF", row "Iran, Islamic Rep. of", column 2014: "185.730555"
    # (US$ millions); DOTS_95.xlsx (Iran), "Exports, FOB", row "Pakistan", 2014: "175.22 e" (an IMF estimate);
    # cow_trade_ddy.rds: ccode1 770 (Pakistan), ccode2 630 (Iran), 2014: flow1 1801 (imports, US$ millions).
    # COW / DOTS (the importer's report) = 1801 / 185.730555 = 9.697: beyond 2x.
    trade = mini_built["trade"].filter((pl.col("year") == 2014) & ~pl.col("smoothed"))
    pak = trade.filter((pl.col("reporter_iso3") == "PAK") & (pl.col("partner_iso3") == "IRN")
                       & (pl.col("flow") == "import"))
    assert dict(pak.select("source", "value_usd").iter_rows()) == {"cow": 1801e6,
                                                                    "imf_dots": pytest.approx(185.730555e6)}
    irn = trade.filter((pl.col("reporter_iso3") == "IRN") & (pl.col("partner_iso3") == "PAK")
                       & (pl.col("flow") == "export")).row(0, named=True)
    assert (irn["value_usd"], irn["estimated"]) == (pytest.approx(175.22e6), True)
    row = mini_built["trade_sources"].filter((pl.col("year") == 2014) & (pl.col("exporter") == "IRN")
                                             & (pl.col("importer") == "PAK")).row(0, named=True)
    assert row["cow_usd"] == 1801e6 and row["dots_usd"] == pytest.approx(185.730555e6)
    assert row["ratio"] == pytest.approx(1801 / 185.730555) and str(row["agreement"]) == "beyond 2×"


def test_the_mini_build_cross_checks_the_hrc_file_on_the_same_year(mini_built) -> None:
    # resolutions.csv of the fixture: 57 HRC rows of 2014 with a RECORDED vote type; votes.sqlite3: 49
    # resolutions (all 2014, all in the harvest): 57 - 49 = 8 roll calls only in the OHCHR harvest
    table = pl.read_csv(MINI_RAW / "ohchr-voting/resolutions.csv", infer_schema_length=0)
    recorded = table.filter((pl.col("body") == "Human Rights Council")
                            & pl.col("vote_type").str.starts_with("RECORDED"))
    with sqlite3.connect(f"file:{MINI_RAW / 'hrc/votes.sqlite3'}?mode=ro", uri=True) as con:
        in_sqlite = con.execute("SELECT count(*) FROM resolutions").fetchone()[0]
    assert (recorded.height, in_sqlite) == (57, 49)
    check = mini_built["hrc_crosscheck"]
    assert check.filter(pl.col("kind") == "roll call only in ohchr").height == 57 - 49
    assert mini_built["roll_calls"].filter(pl.col("body") == "HRC").height == 57


def test_the_mini_build_reads_pakistans_2022_coincidence_from_the_pdf(mini_built) -> None:
    # the 2022 report, PDF page 53: "Pakistan PAK 17 44 28 0 35%" (same, oppose, partial, absent, coincidence);
    # its transcription, un-coincidence-2022.csv: "Pakistan,PAK,17,44,28,0,0.35"
    from pypdf import PdfReader

    pdf = MINI_RAW / "statedept-voting-practices/Report-Voting-Practices-of-UN-Members-2022.pdf"
    assert "Pakistan PAK 17 44 28 0 35%" in PdfReader(pdf).pages[53 - 1].extract_text()
    line = "Pakistan,PAK,17,44,28,0,0.35"
    transcription = MINI_RAW / "statedept-voting-practices/transcriptions/un-coincidence-2022.csv"
    assert line in transcription.read_text(encoding="utf-8-sig").splitlines()
    row = mini_built["statedept_coincidence"].filter((pl.col("year") == 2022) & (pl.col("iso3") == "PAK")).row(
        0, named=True)
    assert [row[c] for c in ("same", "opposite", "abstain_or_partial", "absent", "published_pct", "basis", "page")] \
        == [17, 44, 28, 0, 35.0, "pdf", 53]
    assert row["transcription_note"] is None


def test_the_mini_build_keeps_every_event_row(mini_built) -> None:
    # ICEWS and GDELT keep every row of their files (analysis.sources.icews, .gdelt): the fixture's ICEWS file has
    # 149 lines (a header and 148 events), its GDELT export 197 lines (no header)
    icews_lines = (MINI_RAW / "icews/events.2018.sample.tab").read_text(encoding="utf-8").splitlines()
    gdelt_lines = (MINI_RAW / "gdelt/20191024143000.export.CSV").read_bytes().splitlines()
    assert (len(icews_lines) - 1, len(gdelt_lines)) == (148, 197)
    events = mini_built["events"]
    assert events.filter(pl.col("dataset") == "icews").height == 148
    assert events.filter(pl.col("dataset") == "gdelt").height == 197


def test_the_state_department_adapter_reads_the_reports_each_registry_declares(monkeypatch) -> None:
    """``statedept.page_texts`` reads the PDFs the registry declares: the ten reports of data/raw (every year of
    ``LAYOUTS``), the 2022 report alone in the fixture. The files asked for are recorded, none is read."""
    from analysis.sources import pdf_text, statedept

    asked: list[list[int]] = []
    monkeypatch.setattr(pdf_text, "page_texts", lambda files, pages: asked.append(sorted(files)) or pl.DataFrame())
    statedept.page_texts(RAW)
    statedept.page_texts(MINI_RAW)
    statedept.page_texts(RAW, years=[2013])
    assert asked == [sorted(statedept.LAYOUTS), [2022], [2013]]
    assert sorted(statedept.LAYOUTS) == [2013, 2014, 2015, 2016, 2017, 2019, 2020, 2021, 2022, 2023]
