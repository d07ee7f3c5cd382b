"""UN Digital Library voting records (``analysis.sources.undl``) and ``fetch votes``, without a network.

The parser is tested on real MARCXML kept in tests/fixtures/undl/ (see its README for
provenance): an excerpt of the GA voting record of A/RES/80/214 (3 of its 967 fields) and the
bibliographic record of S/RES/1231(1999) (no 967). No complete real SC roll call and no real
OHCHR export could be found offline; where a case is not in the files (an SC or HRC symbol, a
member code in $b, an empty $d, an unknown state), the test derives a variant of the GA excerpt
in memory by replacing exact strings, and says so. Expected values are the hand counts of the
files, written next to each assertion. Downloads go through a fake session that serves the
fixture bytes or raises the errors ``requests`` raises without a network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest
import requests

from analysis import cli
from analysis.core import registry
from analysis.fetch import trade
from analysis.fetch import votes as fetch
from analysis.fetch.trade import FetchError, OfflineError
from analysis.schemas import ROLL_CALLS, VOTES
from analysis.sources import SourceFormatError, undl
from tests.raw_registry import declare, declared_files, record

FIXTURES = Path(__file__).parent / "fixtures" / "undl"
GA_FILE = FIXTURES / "ga_A-RES-80-214_rec4096564_excerpt.xml"
SC_BIB_FILE = FIXTURES / "sc_S-RES-1231-1999_rec1488607_bibliographic.xml"
GA_BYTES = GA_FILE.read_bytes()
SC_BIB_BYTES = SC_BIB_FILE.read_bytes()
TODAY = dt.date(2026, 3, 11)
MARC = "{http://www.loc.gov/MARC21/slim}"


def variant(data: bytes, *replacements: tuple[bytes, bytes]) -> bytes:
    """Return ``data`` with each (old, new) replaced exactly once (a test-only, in-memory variant)."""
    for old, new in replacements:
        assert data.count(old) == 1, old
        data = data.replace(old, new)
    return data


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def fixture_967(data: bytes) -> list[dict[str, str]]:
    """Every 967 field of a MARCXML document as {code: text}, read with ElementTree (independent of the adapter)."""
    root = ET.fromstring(data)
    return [{s.get("code"): (s.text or "") for s in f} for f in root.iter(f"{MARC}datafield") if f.get("tag") == "967"]


# --------------------------------------------------------------------------- parser: GA roll call


def test_ga_excerpt_roll_call_as_published():
    data = undl.parse(GA_FILE)
    assert data.roll_calls.schema == pl.Schema(ROLL_CALLS)
    assert data.roll_calls.height == 1  # one <record>, with 967 fields
    rc = data.roll_calls.row(0, named=True)
    assert rc["body"] == "GA"
    assert rc["rcid"] == undl.RCID_BASE + 4096564  # 001 = 4096564
    assert rc["symbol"] == "A/RES/80/214"  # 791 $a
    assert rc["date"] == dt.date(2025, 12, 18)  # 269 $a 2025-12-18
    assert rc["year"] == 2025
    assert (rc["session"], rc["session_label"]) == (80, "80")
    assert rc["title"] == "National human rights institutions"  # 245 $a without the trailing " :"
    assert rc["doc_type"] == "resolution"  # 245 $b "resolution /"
    assert rc["outcome"] == "adopted"  # an A/RES symbol
    assert rc["hr"] is True  # 245 $a and 991 $d "HUMAN RIGHTS ADVANCEMENT"
    assert rc["record_url"] == "https://digitallibrary.un.org/record/4096564"
    # 996: $b 167, $c 2, $d 11, $e 13, $f 193
    assert [rc[f"official_{k}"] for k in ("yes", "no", "abstain", "non_voting", "total")] == [167, 2, 11, 13, 193]
    assert rc["note"] == "meeting A/80/PV.69"  # 952 $a
    assert rc["draft_symbol"] is None  # the excerpt has no 993
    assert rc["source"] == "undl"
    assert data.skipped == [] and data.notes == []


def test_ga_excerpt_votes_match_the_hand_count():
    data = undl.parse(GA_FILE)
    votes = data.votes
    assert list(votes.columns) == [*VOTES, *(["permanent"] if "permanent" not in VOTES else [])]
    # Hand count of the file's 967 fields: $a 1 $c USA $d N; $a 2 $c GBR $d Y; $a 3 $c RUS (no $d).
    assert len(fixture_967(GA_BYTES)) == 3
    counts = dict(votes.group_by("vote").len().select(pl.col("vote").cast(str), "len").iter_rows())
    assert counts == {"yes": 1, "no": 1, "absent": 1}  # abstain: 0
    assert dict(votes.select("iso3", pl.col("vote").cast(str)).iter_rows()) == {"USA": "no", "GBR": "yes",
                                                                                 "RUS": "absent"}
    assert votes["permanent"].is_null().all()  # not the Security Council
    assert set(votes["rcid"]) == {undl.RCID_BASE + 4096564} and set(votes["source"]) == {"undl"}


def test_state_listed_without_a_vote_is_absent(tmp_path):
    # the real file: RUSSIAN FEDERATION's 967 has no $d
    rus = next(f for f in fixture_967(GA_BYTES) if f.get("c") == "RUS")
    assert "d" not in rus
    votes = undl.parse(GA_FILE).votes
    assert votes.filter(pl.col("iso3") == "RUS")["vote"].cast(str).to_list() == ["absent"]
    # variant: the same member with an empty $d, as some exports write it
    empty_d = variant(GA_BYTES, (b'<subfield code="c">RUS</subfield>',
                                 b'<subfield code="c">RUS</subfield>\n    <subfield code="d"></subfield>'))
    votes = undl.parse(write(tmp_path, "empty_d.xml", empty_d)).votes
    assert votes.filter(pl.col("iso3") == "RUS")["vote"].cast(str).to_list() == ["absent"]


# --------------------------------------------------------------------------- parser: no 967, SC, OHCHR


def test_record_without_967_is_skipped_not_an_error():
    assert fixture_967(SC_BIB_BYTES) == []  # the bibliographic record has no 967 field
    data = undl.parse(SC_BIB_FILE)
    assert data.roll_calls.height == 0 and data.votes.height == 0
    assert data.roll_calls.schema == pl.Schema(ROLL_CALLS)
    assert len(data.skipped) == 1
    line = data.skipped[0]
    assert SC_BIB_FILE.name in line and "1488607" in line and "S/RES/1231(1999)" in line  # 001, 191 $a
    assert "Adopted unanimously, 3986th meeting" in line  # 996 $a


def test_security_council_variant_flags_the_permanent_members(tmp_path):
    # Variant: the GA excerpt with its 791 symbol replaced by an SC one (no real SC roll call was found).
    # Its three 967 fields are USA, GBR, RUS: all three permanent members.
    sc = variant(GA_BYTES, (b"A/RES/80/214", b"S/RES/1231(1999)"))
    data = undl.parse(write(tmp_path, "sc_variant.xml", sc))
    rc = data.roll_calls.row(0, named=True)
    assert (rc["body"], rc["session"], rc["session_label"], rc["outcome"]) == ("SC", None, None, "adopted")
    assert data.votes.height == 3
    assert data.votes.filter(pl.col("permanent"))["iso3"].sort().to_list() == ["GBR", "RUS", "USA"]
    # and a non-permanent member: GBR's field given to Brazil (BRA) -> permanent false
    sc_bra = variant(sc, (b">GBR<", b">BRA<"), (b">UNITED KINGDOM<", b">BRAZIL<"))
    votes = undl.parse(write(tmp_path, "sc_bra.xml", sc_bra)).votes
    assert dict(votes.select("iso3", "permanent").iter_rows()) == {"BRA": False, "RUS": True, "USA": True}


def test_china_before_october_1971_is_the_republic_of_china(tmp_path):
    # Variant: SC symbol, the vote dated 1970, USA's field given to CHINA (code CHN).
    old = variant(GA_BYTES, (b"A/RES/80/214", b"S/RES/1231(1999)"), (b"2025-12-18", b"1970-03-01"),
                  (b">USA<", b">CHN<"), (b">UNITED STATES<", b">CHINA<"))
    votes = undl.parse(write(tmp_path, "sc_1970.xml", old)).votes
    assert dict(votes.select("iso3", "permanent").iter_rows()) == {"TWN": True, "GBR": True, "RUS": True}


def test_ohchr_export_variant_uses_the_record_id_and_a_code_in_b(tmp_path):
    # Variant: an HRC symbol, and USA's code moved from $c to $b as OHCHR exports write it.
    hrc = variant(GA_BYTES, (b"A/RES/80/214", b"A/HRC/RES/58/1"),
                  (b'<subfield code="c">USA</subfield>', b'<subfield code="b">USA</subfield>'))
    data = undl.parse(write(tmp_path, "hrc.xml", hrc), source=undl.SOURCE_OHCHR)
    rc = data.roll_calls.row(0, named=True)
    assert (rc["body"], rc["rcid"], rc["session"], rc["session_label"]) == ("HRC", 4096564, 58, "58")
    assert rc["record_url"] is None  # the record gives no OHCHR URL
    assert rc["source"] == "ohchr-export"
    assert dict(data.votes.select("iso3", pl.col("vote").cast(str)).iter_rows()) == {
        "USA": "no", "GBR": "yes", "RUS": "absent"}
    assert data.votes["permanent"].is_null().all()


@pytest.mark.parametrize(("symbol", "body"), [
    ("A/RES/80/214", "GA"), ("A/RES/ES-10/21", "GA"), ("A/80/L.6", "GA"), ("S/RES/1231(1999)", "SC"),
    ("S/PV.10001", "SC"), ("A/HRC/RES/58/1", "HRC"), ("E/CN.4/RES/2005/1", "CHR"), ("E/CN.4/Sub.2/RES/1999/1", None),
    ("E/RES/2025/1", None), ("ST/SGB/2019/1", None), ("", None), (None, None),
])
def test_body_of(symbol, body):
    assert undl.body_of(symbol) == body


# --------------------------------------------------------------------------- parser: errors


def test_malformed_xml_names_the_file(tmp_path):
    path = write(tmp_path, "truncated.xml", GA_BYTES[:500])  # the real file cut short
    with pytest.raises(SourceFormatError, match="truncated.xml.*not XML"):
        undl.parse(path)
    html = write(tmp_path, "challenge.html", b"<html><body>Please wait</body></html>")
    with pytest.raises(SourceFormatError, match="challenge.html.*not MARCXML"):
        undl.parse(html)


def test_file_without_record_names_the_file(tmp_path):
    start, end = GA_BYTES.index(b"<record>"), GA_BYTES.index(b"</record>") + len(b"</record>")
    path = write(tmp_path, "empty.xml", GA_BYTES[:start] + GA_BYTES[end:])  # the collection without its record
    with pytest.raises(SourceFormatError, match="empty.xml.*no MARCXML <record>"):
        undl.parse(path)


def test_unknown_state_names_file_record_and_name(tmp_path):
    unknown = variant(GA_BYTES, (b">GBR<", b">QQQ<"), (b">UNITED KINGDOM<", b">ATLANTIS<"))
    with pytest.raises(SourceFormatError, match="unknown.xml: record 4096564.*'ATLANTIS'"):
        undl.parse(write(tmp_path, "unknown.xml", unknown))


def test_unplaceable_symbol_names_file_record_and_symbol(tmp_path):
    ecosoc = variant(GA_BYTES, (b"A/RES/80/214", b"E/RES/2025/1"))
    with pytest.raises(SourceFormatError, match="ecosoc.xml: record 4096564: symbol 'E/RES/2025/1'"):
        undl.parse(write(tmp_path, "ecosoc.xml", ecosoc))


def test_unknown_vote_code_names_the_state(tmp_path):
    odd = variant(GA_BYTES, (b'<subfield code="d">Y</subfield>', b'<subfield code="d">Q</subfield>'))
    with pytest.raises(SourceFormatError, match="odd.xml: record 4096564.*UNITED KINGDOM.*'Q'"):
        undl.parse(write(tmp_path, "odd.xml", odd))


# --------------------------------------------------------------------------- read: several cached pages


def test_read_keeps_one_copy_of_a_repeated_record(tmp_path):
    raw = tmp_path / "raw"
    (raw / "undl" / "GA").mkdir(parents=True)
    (raw / "undl" / "GA" / "2025-01-01_001.xml").write_bytes(GA_BYTES)
    (raw / "undl" / "GA" / "2025-01-01_002.xml").write_bytes(GA_BYTES)  # the same record on a second page
    (raw / "undl" / "SC").mkdir(parents=True)
    (raw / "undl" / "SC" / "bib.xml").write_bytes(SC_BIB_BYTES)
    entries = [{"path": "undl/GA/2025-01-01_001.xml", "source": "undl"},
               {"path": "undl/GA/2025-01-01_002.xml", "source": "undl"},
               {"path": "undl/SC/bib.xml", "source": "undl"},
               {"path": "unga-dgacm/74.json", "source": "unga-dgacm"}]  # other sources are not read
    data = undl.read(raw, entries)
    assert data.roll_calls.height == 1 and data.votes.height == 3
    assert len(data.skipped) == 1 and data.notes == []


def test_read_prefers_the_newest_of_two_differing_copies(tmp_path):
    raw = tmp_path / "raw"
    (raw / "undl" / "GA").mkdir(parents=True)
    (raw / "undl" / "GA" / "2025-01-01_001.xml").write_bytes(GA_BYTES)
    # variant: the later page has RUS abstaining
    later = variant(GA_BYTES, (b'<subfield code="c">RUS</subfield>',
                               b'<subfield code="c">RUS</subfield>\n    <subfield code="d">A</subfield>'))
    (raw / "undl" / "GA" / "2025-06-01_001.xml").write_bytes(later)
    entries = [{"path": "undl/GA/2025-06-01_001.xml", "source": "undl"},
               {"path": "undl/GA/2025-01-01_001.xml", "source": "undl"}]
    data = undl.read(raw, entries)
    assert data.votes.filter(pl.col("iso3") == "RUS")["vote"].cast(str).to_list() == ["abstain"]
    assert len(data.notes) == 1 and "kept 2025-06-01_001.xml" in data.notes[0]


# --------------------------------------------------------------------------- fetcher


class FakeResponse:
    def __init__(self, content: bytes, status_code: int = 200):
        self.content = content
        self.status_code = status_code


class FakeSession:
    """A requests.Session stand-in: returns (or raises) the given items in turn (the last one again
    when they run out) and records each URL."""

    def __init__(self, *items):
        self.items = list(items)
        self.calls: list[str] = []

    def get(self, url, headers=None, timeout=None):
        self.calls.append(url)
        assert headers and "unalign" in headers.get("User-Agent", "")
        item = self.items[min(len(self.calls), len(self.items)) - 1]
        if isinstance(item, BaseException):
            raise item
        return item


OTHER_ENTRY = {"path": "other/notes.txt", "source": "analyst-events", "sha256": hashlib.sha256(b"kept\n").hexdigest(),
               "bytes": 5}


@pytest.fixture
def raw(tmp_path) -> Path:
    """A minimal raw dir: the declarations of the fetched datasets, one other dataset with one file, and that file."""
    root = tmp_path / "raw"
    (root / "other").mkdir(parents=True)
    (root / "other" / "notes.txt").write_bytes(b"kept\n")
    declare(root, "undl", "ohchr-export", "undl-csv")
    record(root, [OTHER_ENTRY])
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def manifest_entries(root: Path) -> dict[str, dict]:
    return {e["path"]: e for e in declared_files(root)}


def run_fetch(raw: Path, session, **kwargs):
    kwargs = {"since": dt.date(2025, 1, 1), "pause": 0, "page_size": 1, "today": TODAY, "log": lambda _: None,
              **kwargs}
    return fetch.fetch_votes("GA", raw_dir=raw, session=session, **kwargs)


def test_search_url_selects_the_body_and_the_dates():
    url = fetch.search_url("SC", dt.date(2025, 1, 1), TODAY, 101, 100)
    assert url.startswith("https://digitallibrary.un.org/search?ln=en&cc=Voting+Data&c=Voting+Data")
    assert "fct__2=Security+Council" in url and "fct__9" not in url
    assert "p=269__a%3A2025-01-01-%3E2026-03-11" in url and "rg=100&jrec=101&of=xm" in url
    assert "fct__2=General+Assembly&fct__9=Vote" in fetch.search_url("GA", dt.date(2025, 1, 1), TODAY, 1)


def test_fetch_caches_pages_with_manifest_entries(raw):
    # page size 1: page 1 = the GA excerpt (1 record), page 2 = the bibliographic record, page 3 repeats page 2
    session = FakeSession(FakeResponse(GA_BYTES), FakeResponse(SC_BIB_BYTES))
    result = run_fetch(raw, session)
    assert [u.split("jrec=")[1].split("&")[0] for u in session.calls] == ["1", "2", "3"]
    rels = ["undl/GA/2025-01-01_001.xml", "undl/GA/2025-01-01_002.xml"]
    assert result.files == [raw / r for r in rels]
    assert (raw / rels[0]).read_bytes() == GA_BYTES and (raw / rels[1]).read_bytes() == SC_BIB_BYTES
    entries = manifest_entries(raw)
    for rel, data in zip(rels, (GA_BYTES, SC_BIB_BYTES), strict=True):
        entry = entries[rel]
        assert entry["source"] == "undl" and entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data) and entry["origin"].startswith("HTTP GET https://digitallibrary.un.org/")
    undl_declared = registry.get("undl", raw)  # terms and citation are the dataset's, said once
    assert "terms-of-use" in undl_declared.terms and undl_declared.citation.startswith("United Nations Dag Hammarskj")
    assert entries["other/notes.txt"] == OTHER_ENTRY  # the other datasets' files are kept
    assert result.new_roll_calls == {"GA": 1} and result.pages == 2
    assert result.summary() == ["GA: 1 new roll call (2025-12-18..2025-12-18) in 2 pages"]
    state = json.loads((raw / "undl" / "GA" / ".fetch-state.json").read_text())
    assert state["runs"]["2025-01-01"]["complete"] is True and len(state["runs"]["2025-01-01"]["pages"]) == 2
    # every raw file is listed with a matching sha256 (the build's check; the state file is hidden)
    from analysis.core import manifest

    assert {e.path for e in manifest.verify(raw_dir=raw)} == {*rels, "other/notes.txt"}
    # the build's reader takes the manifest's entries as they are loaded
    data = undl.read(raw, manifest.load(raw))
    assert data.roll_calls["symbol"].to_list() == ["A/RES/80/214"] and len(data.skipped) == 1
    # a second run downloads nothing; --force downloads again
    again = FakeSession(FakeResponse(GA_BYTES))
    assert run_fetch(raw, again).pages == 0 and again.calls == []
    forced = FakeSession(FakeResponse(GA_BYTES), FakeResponse(SC_BIB_BYTES))
    assert run_fetch(raw, forced, force=True).pages == 2


def test_fetch_resumes_after_a_failure_on_page_2(raw):
    first = FakeSession(FakeResponse(GA_BYTES), requests.ConnectionError("down"))
    with pytest.raises(OfflineError, match="the 1 page done in this run is kept; run again to resume"):
        run_fetch(raw, first)
    assert (raw / "undl/GA/2025-01-01_001.xml").read_bytes() == GA_BYTES
    assert not (raw / "undl/GA/2025-01-01_002.xml").exists()
    assert "undl/GA/2025-01-01_001.xml" in manifest_entries(raw)
    # the rerun (since not given: it resumes the unfinished run) asks only for the missing page and on
    second = FakeSession(FakeResponse(SC_BIB_BYTES))
    result = run_fetch(raw, second, since=None)
    assert [u.split("jrec=")[1].split("&")[0] for u in second.calls] == ["2", "3"]
    assert result.files == [raw / "undl/GA/2025-01-01_002.xml"]


def test_fetch_offline_changes_nothing(raw):
    before = snapshot(raw)
    with pytest.raises(OfflineError) as info:
        run_fetch(raw, FakeSession(requests.ConnectionError("Name or service not known")))
    message = str(info.value)
    assert "\n" not in message and "cannot reach digitallibrary.un.org" in message and "nothing was changed" in message
    assert snapshot(raw) == before and not (raw / "undl").exists()


@pytest.mark.parametrize("response", [FakeResponse(b"", 202), FakeResponse(b"<html><body>verify</body></html>"),
                                      FakeResponse(b"Service Unavailable", 503)])
def test_fetch_refuses_a_challenge_or_error_page(raw, response):
    before = snapshot(raw)
    with pytest.raises(FetchError, match="digitallibrary.un.org"):
        run_fetch(raw, FakeSession(response))
    assert snapshot(raw) == before


def test_fetch_refuses_records_of_the_other_body(raw, tmp_path):
    sc = variant(GA_BYTES, (b"A/RES/80/214", b"S/RES/1231(1999)"))
    with pytest.raises(FetchError, match="holds SC voting records, not GA"):
        run_fetch(raw, FakeSession(FakeResponse(sc)))


def test_fetch_hrc_from_file_copies_the_export(raw, tmp_path):
    export = write(tmp_path, "hrc_export.xml", variant(GA_BYTES, (b"A/RES/80/214", b"A/HRC/RES/58/1")))
    result = fetch.fetch_votes("HRC", raw_dir=raw, from_file=export, today=TODAY, log=lambda _: None)
    target = raw / "ohchr-export" / "hrc_export.xml"
    assert result.files == [target] and target.read_bytes() == export.read_bytes()
    entry = manifest_entries(raw)["ohchr-export/hrc_export.xml"]
    assert entry["source"] == "ohchr-export"
    assert entry["origin"] == ("saved by the user from the OHCHR Search Library (https://searchlibrary.ohchr.org), "
                               f"{export}")
    assert entry["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    assert result.summary() == ["HRC: 1 new roll call (2025-12-18..2025-12-18) from hrc_export.xml"]
    # the copy reads back as an OHCHR export
    data = undl.read(raw, [{"path": "ohchr-export/hrc_export.xml", "source": "ohchr-export"}])
    assert data.roll_calls["rcid"].to_list() == [4096564]


def test_from_file_without_a_roll_call_or_of_another_body_is_refused(raw):
    with pytest.raises(ValueError, match="no roll call"):
        fetch.fetch_votes("SC", raw_dir=raw, from_file=SC_BIB_FILE, today=TODAY, log=lambda _: None)
    with pytest.raises(ValueError, match="holds GA roll calls, not"):
        fetch.fetch_votes("HRC", raw_dir=raw, from_file=GA_FILE, today=TODAY, log=lambda _: None)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"body": "UNGA"}, "body must be one of GA, SC, HRC, CHR"),
    ({"body": "GA", "since": dt.date(2026, 3, 12)}, "since 2026-03-12 is in the future"),
    ({"body": "GA", "since": "2025-01-01"}, "since must be a date"),
    ({"body": "CHR"}, "from_file is required for CHR"),
    ({"body": "HRC", "from_file": Path("/no/such/export.xml")}, "from_file /no/such/export.xml is not a file"),
])
def test_bad_arguments_name_the_parameter(raw, kwargs, message):
    with pytest.raises(ValueError, match=message):
        fetch.fetch_votes(raw_dir=raw, session=FakeSession(), today=TODAY, **kwargs)


# --------------------------------------------------------------------------- command line


def test_cli_error_is_one_line_exit_2(raw, monkeypatch, capsys):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(raw))
    before = snapshot(raw)
    assert cli.main(["fetch", "votes", "--body", "HRC"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("fetch votes: error: from_file is required for HRC")
    assert cli.main(["fetch", "votes", "--body", "GA", "--since", "2999-01-01"]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "since 2999-01-01 is in the future" in err
    assert snapshot(raw) == before


def test_cli_from_file_adds_the_export(raw, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(raw))
    export = write(tmp_path, "hrc_export.xml", variant(GA_BYTES, (b"A/RES/80/214", b"A/HRC/RES/58/1")))
    assert cli.main(["fetch", "votes", "--body", "hrc", "--from-file", str(export)]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines() == [str(raw / "ohchr-export" / "hrc_export.xml"),
                                "HRC: 1 new roll call (2025-12-18..2025-12-18) from hrc_export.xml"]


def test_run_fetch_dispatches_votes_with_an_injected_session(raw, monkeypatch, capsys):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(raw))
    args = cli.parser().parse_args(["fetch", "votes", "--body", "GA", "--since", "2025-01-01"])
    session = FakeSession(FakeResponse(GA_BYTES))  # 1 record < 100 a page: the only page
    assert trade.run_fetch(args, session=session) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[-1] == "GA: 1 new roll call (2025-12-18..2025-12-18) in 1 page"
    offline = FakeSession(requests.ConnectionError("down"))
    args = cli.parser().parse_args(["fetch", "votes", "--body", "SC", "--since", "2025-01-01"])
    assert trade.run_fetch(args, session=offline) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "cannot reach digitallibrary.un.org (offline?); nothing was changed" in err


def test_a_search_without_records_writes_nothing(raw):
    """Issue 20: no voting record since ``since`` (the real page with its record taken out, in memory): nothing
    written, nothing recorded, and a later build is not affected."""
    start, end = GA_BYTES.index(b"<record>"), GA_BYTES.index(b"</record>") + len(b"</record>")
    empty = GA_BYTES[:start] + GA_BYTES[end:]
    before = snapshot(raw)
    said: list[str] = []
    result = run_fetch(raw, FakeSession(FakeResponse(empty)), log=said.append)
    assert result.pages == 0 and result.files == [] and result.new_roll_calls == {"GA": 0}
    assert snapshot(raw) == before
    assert said[-1].endswith(": no records")
