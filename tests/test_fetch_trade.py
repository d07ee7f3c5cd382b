"""Trade fetchers and their parsers, without a network.

The parsers are tested on real API responses kept unmodified in tests/fixtures/trade/
(see its README for provenance); expected values are read straight from those files here
with json / ElementTree, independently of the adapters. Where a case is not in the files (a
missing value, a state code instead of an aggregate, another indicator), the test derives a
variant in memory and says so. Downloads go through a fake session that returns fixture
bytes or raises the errors ``requests`` raises without a network, into a copy of the unit tests' cut of the
raw data (``tmp_raw``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import tomllib
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import polars as pl
import pytest
import requests

from analysis.core import manifest
from analysis.fetch import trade as fetch
from analysis.schemas import TRADE
from analysis.sources import SourceFormatError, comtrade, imf_imts
from tests.mini import MINI_RAW
from tests.raw_registry import declared_files

FIXTURES = Path(__file__).parent / "fixtures" / "trade"
IMF_FILE = FIXTURES / "imf_imts_usa_world_2023-2024.xml"
COMTRADE_FILE = FIXTURES / "comtrade_usa_jpn_2023.json"
IMF_BYTES = IMF_FILE.read_bytes()
COMTRADE_BYTES = COMTRADE_FILE.read_bytes()

# The two series of the real IMF response, as they appear in the file.
IMF_WORLD = b'COUNTRY="USA" INDICATOR="XG_FOB_USD" COUNTERPART_COUNTRY="G001"'
IMF_G998 = b'COUNTRY="USA" INDICATOR="XG_FOB_USD" COUNTERPART_COUNTRY="G998"'


def variant(data: bytes, *replacements: tuple[bytes, bytes]) -> bytes:
    """Return ``data`` with each (old, new) replaced exactly once (a test-only, in-memory variant)."""
    for old, new in replacements:
        assert data.count(old) == 1, old
        data = data.replace(old, new)
    return data


def imf_pair_variant(a: str = "PAK", b: str = "IRN") -> bytes:
    """The real IMF response with its two aggregate series relabelled as A's and B's exports to each other."""
    return variant(
        IMF_BYTES,
        (IMF_WORLD, f'COUNTRY="{a}" INDICATOR="XG_FOB_USD" COUNTERPART_COUNTRY="{b}"'.encode()),
        (IMF_G998, f'COUNTRY="{b}" INDICATOR="XG_FOB_USD" COUNTERPART_COUNTRY="{a}"'.encode()),
    )


def fixture_observations(data: bytes) -> list[dict[str, str]]:
    """Every <Obs> of an SDMX-ML message with its <Series> attributes, read with ElementTree."""
    out = []
    for series in ET.fromstring(data).iter():
        if series.tag.rsplit("}", 1)[-1] != "Series":
            continue
        for obs in series:
            out.append({**series.attrib, **obs.attrib})
    return out


# --------------------------------------------------------------------------- IMF parser


def test_imf_fixture_observations_read_as_published():
    expected = fixture_observations(IMF_BYTES)
    assert len(expected) == 4
    frame = imf_imts.read_observations(IMF_FILE)
    assert frame.height == 4
    got = {(r["counterpart"], r["time_period"]): r["obs_value"] for r in frame.iter_rows(named=True)}
    assert got == {(o["COUNTERPART_COUNTRY"], o["TIME_PERIOD"]): float(o["OBS_VALUE"]) for o in expected}
    assert set(frame["unit"]) == {"USD"}  # from <Group><Comp id="UNIT"><Value>USD</Value>
    assert set(frame["scale"]) == {"6"}


def test_imf_values_are_us_dollars_not_millions():
    # SCALE="6" is a display hint: USA's 2023 goods exports to the World are USD 2.02 trillion
    # in the file itself, so the adapter must not multiply (nor divide) by 10**6.
    world_2023 = next(o for o in fixture_observations(IMF_BYTES)
                      if o["COUNTERPART_COUNTRY"] == "G001" and o["TIME_PERIOD"] == "2023")
    assert world_2023["SCALE"] == "6"
    frame = imf_imts.parse_bytes(imf_pair_variant("USA", "CAN"), "variant.xml")
    value = frame.filter((pl.col("partner_iso3") == "CAN") & (pl.col("year") == 2023))["value_usd"].item()
    assert value == float(world_2023["OBS_VALUE"]) == 2019551635133.0
    assert 1.5e12 < value < 2.5e12


def test_imf_parse_rejects_aggregates_naming_file_and_code():
    with pytest.raises(ValueError, match=r"imf_imts_usa_world_2023-2024\.xml.*'G001'"):
        imf_imts.parse(IMF_FILE)


def test_imf_parse_maps_codes_flows_and_valuation(tmp_path):
    # In-memory variant: the two aggregate partners relabelled as states (values untouched).
    path = tmp_path / "variant.xml"
    path.write_bytes(imf_pair_variant("PAK", "IRN"))
    frame = imf_imts.parse(path)
    assert dict(frame.schema) == TRADE
    assert frame.height == 4
    assert set(frame["flow"]) == {"export"} and set(frame["valuation"]) == {"FOB"}
    assert frame["smoothed"].to_list() == [False] * 4 and set(frame["source"]) == {"imf_imts"}
    expected = {("PAK", "IRN", 2023): 2019551635133.0, ("PAK", "IRN", 2024): 2065411250609.0,
                ("IRN", "PAK", 2023): 369756760426.0, ("IRN", "PAK", 2024): 371064529410.0}
    got = {(r["reporter_iso3"], r["partner_iso3"], r["year"]): r["value_usd"] for r in frame.iter_rows(named=True)}
    assert got == expected


def test_imf_imports_are_cif_and_other_frequencies_are_ignored():
    # In-memory variant: the first series relabelled as imports (CIF), the second as monthly.
    data = variant(
        imf_pair_variant(),
        (b'<Group INDICATOR="XG_FOB_USD"', b'<Group INDICATOR="MG_CIF_USD"'),
        (b'COUNTRY="PAK" INDICATOR="XG_FOB_USD"', b'COUNTRY="PAK" INDICATOR="MG_CIF_USD"'),
        (b'COUNTERPART_COUNTRY="PAK" FREQUENCY="A"', b'COUNTERPART_COUNTRY="PAK" FREQUENCY="M"'),
    )
    frame = imf_imts.parse_bytes(data, "variant.xml")
    assert frame.select("reporter_iso3", "flow", "valuation").unique().rows() == [("PAK", "import", "CIF")]
    assert frame.height == 2


def test_imf_missing_values_become_null_never_zero():
    # In-memory variant: one observation without OBS_VALUE, one with NaN.
    data = variant(
        imf_pair_variant(),
        (b'OBS_VALUE="2019551635133" ', b""),
        (b'OBS_VALUE="369756760426"', b'OBS_VALUE="NaN"'),
    )
    frame = imf_imts.parse_bytes(data, "variant.xml")
    assert frame.height == 4
    missing = frame.filter(pl.col("value_usd").is_null())
    assert sorted(missing.select("reporter_iso3", "year").rows()) == [("IRN", 2023), ("PAK", 2023)]
    assert (frame["value_usd"] == 0).sum() == 0


@pytest.mark.parametrize("body", [
    b"<html><body>Service unavailable</body></html>",
    b'<?xml version="1.0"?><message:Error xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"/>',
    b"not xml at all",
])
def test_imf_rejects_what_is_not_sdmx_data(body):
    with pytest.raises(SourceFormatError, match="bad.xml"):
        imf_imts.parse_bytes(body, "bad.xml")


def test_imf_rejects_a_unit_other_than_usd():
    with pytest.raises(SourceFormatError, match="EUR"):
        imf_imts.parse_bytes(variant(imf_pair_variant(), (b"<Value>USD</Value>", b"<Value>EUR</Value>")), "x.xml")


def test_imf_request_key_and_file_name():
    url, headers = imf_imts.build_request("pak", "irn", 2015, 2025)
    assert url.startswith("https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/")
    assert "/PAK+IRN.XG_FOB_USD+MG_CIF_USD.IRN+PAK.A?" in url
    assert "c%5BTIME_PERIOD%5D=ge:2015-01-01+le:2025-12-31" in url
    assert headers == {"Accept": "application/xml"}
    assert imf_imts.raw_name("PAK", "IRN", 2015, 2025) == "imf-imts/PAK-IRN_2015-2025.xml"


# --------------------------------------------------------------------------- Comtrade parser


def test_comtrade_parse_matches_fixture():
    records = json.loads(COMTRADE_BYTES)["data"]
    assert len(records) == 2
    by_flow = {r["flowCode"]: r for r in records}
    frame = comtrade.parse(COMTRADE_FILE)
    assert dict(frame.schema) == TRADE
    assert frame.height == 2
    rows = {r["flow"]: r for r in frame.iter_rows(named=True)}
    assert rows["import"]["value_usd"] == float(by_flow["M"]["cifvalue"]) == 151580564290.0
    assert rows["export"]["value_usd"] == float(by_flow["X"]["fobvalue"]) == 76154045176.0
    assert (rows["import"]["valuation"], rows["export"]["valuation"]) == ("CIF", "FOB")
    assert {(r["year"], r["reporter_iso3"], r["partner_iso3"], r["source"]) for r in rows.values()} == {
        (by_flow["M"]["refYear"], "USA", "JPN", "comtrade")}


def _comtrade_variant(change) -> bytes:
    payload = json.loads(COMTRADE_BYTES)
    for record in payload["data"]:
        change(record)
    return json.dumps(payload).encode()


def test_comtrade_null_value_stays_null():
    # In-memory variant: the import's CIF value withheld. Neither 0 nor the FOB value may appear.
    def drop_cif(r):
        if r["flowCode"] == "M":
            r["cifvalue"] = None

    frame = comtrade.parse_bytes(_comtrade_variant(drop_cif), "variant.json")
    assert frame.filter(pl.col("flow") == "import")["value_usd"].to_list() == [None]
    assert frame.filter(pl.col("flow") == "export")["value_usd"].to_list() == [76154045176.0]


def test_comtrade_numeric_codes_map_to_iso3():
    # In-memory variant without the ISO fields: 842 is Comtrade's USA (M49 840), 392 Japan.
    def drop_iso(r):
        r.pop("reporterISO")
        r.pop("partnerISO")

    frame = comtrade.parse_bytes(_comtrade_variant(drop_iso), "variant.json")
    assert frame.select("reporter_iso3", "partner_iso3").unique().rows() == [("USA", "JPN")]


def test_comtrade_unmappable_code_names_file_and_code():
    def world(r):
        r["partnerCode"], r["partnerISO"] = 0, "W00"

    with pytest.raises(ValueError, match=r"variant\.json.*Comtrade country code 0"):
        comtrade.parse_bytes(_comtrade_variant(world), "variant.json")


@pytest.mark.parametrize("body", [b'{"statusCode": 401, "message": "Access denied"}', b"<html></html>",
                                  b'{"count":0,"data":[],"error":"Too many periods"}'])
def test_comtrade_rejects_error_responses(body):
    with pytest.raises(SourceFormatError, match="bad.json"):
        comtrade.parse_bytes(body, "bad.json")


@pytest.mark.parametrize("key", [None, "SECRET-KEY"])
def test_comtrade_request_is_the_one_comtradeapicall_sends(monkeypatch, key):
    from comtradeapicall import PreviewGet as preview_get
    sent = {}

    class Pool:  # stands in for urllib3.PoolManager inside comtradeapicall: records, never connects
        def __init__(self, *args, **kwargs):
            pass

        def request(self, method, url, fields=None, timeout=None):
            sent.update(method=method, url=url, fields=fields)
            return types.SimpleNamespace(status=200, data=COMTRADE_BYTES)

    monkeypatch.setattr(preview_get.urllib3, "PoolManager", Pool)
    criteria = dict(typeCode="C", freqCode="A", clCode="HS", period=",".join(map(str, range(2015, 2026))),
                    reporterCode="586,364", cmdCode="TOTAL", flowCode="M,X", partnerCode="364,586", partner2Code=0,
                    customsCode="C00", motCode=0, format_output="JSON", aggregateBy=None,
                    breakdownMode="classic", countOnly=None, includeDesc=True)
    if key:
        preview_get.getFinalData(key, maxRecords=100000, **criteria)
    else:
        preview_get.previewFinalData(maxRecords=500, **criteria)
    url, origin = comtrade.build_request("PAK", "IRN", 2015, 2025, key)
    assert sent["method"] == "GET"
    assert url == sent["url"] + "?" + urlencode(sent["fields"])
    if key:
        assert key not in origin and origin.endswith("&subscription-key=***")
    else:
        assert origin == url


def test_comtrade_long_ranges_are_split_into_runs_of_twelve_years():
    downloads = fetch.plan("PAK", "IRN", 2000, 2025, "comtrade")
    assert [(d.start, d.end) for d in downloads] == [(2000, 2011), (2012, 2023), (2024, 2025)]
    assert [d.rel for d in downloads][0] == "comtrade/PAK-IRN_2000-2011.json"
    with pytest.raises(ValueError, match="12 years"):
        comtrade.build_request("PAK", "IRN", 2000, 2025)


# --------------------------------------------------------------------------- fetch


class FakeResponse:
    def __init__(self, content: bytes, status_code: int = 200):
        self.content = content
        self.status_code = status_code


class FakeSession:
    """A requests.Session stand-in: returns (or raises) the given items in turn and records each URL."""

    def __init__(self, *items):
        self.items = list(items)
        self.calls: list[tuple[str, dict]] = []

    def get(self, url, headers=None, timeout=None):
        self.calls.append((url, dict(headers or {})))
        item = self.items[min(len(self.calls), len(self.items)) - 1]
        if isinstance(item, BaseException):
            raise item
        return item


@pytest.fixture
def tmp_raw(tmp_path) -> Path:
    """A copy of the unit tests' cut of the raw data (``tests/fixtures/mini-raw``: every dataset declared as in
    data/raw, IMF IMTS and Comtrade without files, and a few real files of the others): the declarations and every
    file they list. 3 MB instead of data/raw's 78 MB, which each test copied, hashed and read back."""
    return copy_raw(tmp_path)


def copy_raw(tmp_path: Path, source: Path = MINI_RAW) -> Path:
    """Copy ``source`` (default the mini-raw cut: the declarations and every file they list) into
    ``tmp_path / "raw"``; return that folder."""
    target = tmp_path / "raw"
    target.mkdir()
    shutil.copytree(source / "datasets", target / "datasets")
    for entry in manifest.load(source):
        (target / entry.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / entry.path, target / entry.path)
    return target


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and directory under ``root``."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


SERVED = {
    "imf": (("PAK", "IRN", 2015, 2025), imf_pair_variant("PAK", "IRN"), "imf-imts/PAK-IRN_2015-2025.xml"),
    "comtrade": (("USA", "JPN", 2023, 2023), COMTRADE_BYTES, "comtrade/USA-JPN_2023-2023.json"),
}


@pytest.mark.parametrize("source", ["imf", "comtrade"])
def test_fetch_caches_the_response_unchanged_and_records_it(tmp_raw, source, monkeypatch):
    monkeypatch.delenv(comtrade.KEY_ENV, raising=False)
    args, body, rel = SERVED[source]
    declaration = tmp_raw / "datasets" / f"{ {'imf': 'imf-imts', 'comtrade': 'comtrade'}[source]}.toml"
    before = declaration.read_text(encoding="utf-8")
    session = FakeSession(FakeResponse(body))
    written = fetch.fetch_trade(*args, source=source, raw_dir=tmp_raw, session=session, log=lambda m: None)

    assert written == [tmp_raw / rel]
    assert (tmp_raw / rel).read_bytes() == body
    assert len(session.calls) == 1
    url, headers = session.calls[0]
    after = declaration.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # the declaration and its comments kept as they were
    entries = [e for e in tomllib.loads(after)["file"] if e["path"] == rel]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
    assert url in entry["origin"] and set(entry) == {"path", "sha256", "bytes", "origin"}
    if source == "imf":
        assert headers["Accept"] == "application/xml"
    assert rel in [e.path for e in manifest.verify(raw_dir=tmp_raw)]  # sha256 checks, no unlisted file
    parser = {"imf": imf_imts, "comtrade": comtrade}[source]
    assert parser.parse(tmp_raw / rel).height == {"imf": 4, "comtrade": 2}[source]


def test_fetch_does_not_download_a_cached_file_again_unless_forced(tmp_raw):
    args, body, rel = SERVED["imf"]
    session = FakeSession(FakeResponse(body))
    quiet = {"raw_dir": tmp_raw, "session": session, "log": lambda m: None}
    fetch.fetch_trade(*args, **quiet)
    declarations = {p: p.read_bytes() for p in (tmp_raw / "datasets").glob("*.toml")}
    assert fetch.fetch_trade(*args, **quiet) == [tmp_raw / rel]
    assert len(session.calls) == 1
    assert {p: p.read_bytes() for p in (tmp_raw / "datasets").glob("*.toml")} == declarations

    fetch.fetch_trade(*args, force=True, **quiet)
    assert len(session.calls) == 2
    entries = [e for e in declared_files(tmp_raw) if e["path"] == rel]
    assert len(entries) == 1


def test_refetching_changed_data_replaces_the_entry(tmp_raw, monkeypatch):
    monkeypatch.delenv(comtrade.KEY_ENV, raising=False)
    args, body, rel = SERVED["comtrade"]
    newer = body.replace(b'"elapsedTime":"2.16 secs"', b'"elapsedTime":"0.98 secs"')  # a later, different response
    session = FakeSession(FakeResponse(body), FakeResponse(newer))
    fetch.fetch_trade(*args, source="comtrade", raw_dir=tmp_raw, session=session, log=lambda m: None)
    fetch.fetch_trade(*args, source="comtrade", raw_dir=tmp_raw, session=session, force=True, log=lambda m: None)
    entries = [e for e in declared_files(tmp_raw) if e["path"] == rel]
    assert len(entries) == 1 and entries[0]["sha256"] == hashlib.sha256(newer).hexdigest()
    assert (tmp_raw / rel).read_bytes() == newer
    manifest.verify(raw_dir=tmp_raw)


def test_an_altered_cached_file_is_downloaded_again(tmp_raw):
    args, body, rel = SERVED["imf"]
    session = FakeSession(FakeResponse(body))
    fetch.fetch_trade(*args, raw_dir=tmp_raw, session=session, log=lambda m: None)
    (tmp_raw / rel).write_bytes(body + b"\n")
    fetch.fetch_trade(*args, raw_dir=tmp_raw, session=session, log=lambda m: None)
    assert len(session.calls) == 2 and (tmp_raw / rel).read_bytes() == body


def test_comtrade_key_is_used_but_never_written(tmp_raw, monkeypatch):
    monkeypatch.setenv(comtrade.KEY_ENV, "SECRET-KEY")
    args, body, rel = SERVED["comtrade"]
    session = FakeSession(FakeResponse(body))
    fetch.fetch_trade(*args, source="comtrade", raw_dir=tmp_raw, session=session, log=lambda m: None)
    url = session.calls[0][0]
    assert url.startswith(comtrade.GET_URL) and "subscription-key=SECRET-KEY" in url
    assert "SECRET-KEY" not in (tmp_raw / "datasets" / "comtrade.toml").read_text()


OFFLINE = [
    requests.ConnectionError("Failed to resolve 'api.imf.org' ([Errno -3] Temporary failure in name resolution)"),
    requests.ConnectionError("[Errno 111] Connection refused"),
    requests.ConnectTimeout("timed out"),
    requests.ReadTimeout("read timed out"),
    ConnectionRefusedError(111, "Connection refused"),
]


@pytest.mark.parametrize("error", OFFLINE, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("source", ["imf", "comtrade"])
def test_offline_changes_nothing(tmp_raw, source, error):
    args, _, _ = SERVED[source]
    before = snapshot(tmp_raw)
    with pytest.raises(fetch.OfflineError) as caught:
        fetch.fetch_trade(*args, source=source, raw_dir=tmp_raw, session=FakeSession(error), log=lambda m: None)
    message = str(caught.value)
    host = {"imf": "api.imf.org", "comtrade": "comtradeapi.un.org"}[source]
    assert message == f"fetch trade: cannot reach {host} (offline?); nothing was changed"
    assert snapshot(tmp_raw) == before


@pytest.mark.parametrize("response", [FakeResponse(b"NoResultsFound", 404), FakeResponse(b"<html>oops</html>"),
                                      FakeResponse(b"", 503)])
def test_http_errors_and_unreadable_answers_change_nothing(tmp_raw, response):
    before = snapshot(tmp_raw)
    with pytest.raises(fetch.FetchError, match="nothing was changed"):
        fetch.fetch_trade("PAK", "IRN", 2015, 2025, raw_dir=tmp_raw, session=FakeSession(response),
                          log=lambda m: None)
    assert snapshot(tmp_raw) == before


def test_a_failure_in_the_second_download_changes_nothing(tmp_raw, monkeypatch):
    monkeypatch.delenv(comtrade.KEY_ENV, raising=False)
    before = snapshot(tmp_raw)
    session = FakeSession(FakeResponse(COMTRADE_BYTES), requests.ConnectionError("down"))
    with pytest.raises(fetch.OfflineError):
        fetch.fetch_trade("USA", "JPN", 2000, 2023, source="comtrade", raw_dir=tmp_raw, session=session,
                          log=lambda m: None)
    assert len(session.calls) == 2 and snapshot(tmp_raw) == before


@pytest.mark.parametrize(("args", "message"), [
    (("PAK", "IRN", 2025, 2015), r"start \(2025\) is after end \(2015\)"),
    (("PAK", "XXX", 2015, 2025), r"^b must be the ISO3 code"),
    (("PAK", "pak", 2015, 2025), "two different states"),
    (("PAK", "IRN", 1900, 2025), "years must lie in"),
])
def test_bad_arguments_raise_value_errors_naming_them(tmp_raw, args, message):
    session = FakeSession(FakeResponse(b""))
    with pytest.raises(ValueError, match=message):
        fetch.fetch_trade(*args, raw_dir=tmp_raw, session=session)
    assert session.calls == []


# --------------------------------------------------------------------------- command line


def _cli(argv: list[str]) -> argparse.Namespace:
    top = argparse.ArgumentParser(prog="python -m analysis")
    fetch.add_fetch_parser(top.add_subparsers(dest="command", required=True))
    return top.parse_args(argv)


def test_run_fetch_reversed_years_exit_2_one_line(capsys, tmp_raw, monkeypatch):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(tmp_raw))
    session = FakeSession(FakeResponse(b""))
    status = fetch.run_fetch(_cli(["fetch", "trade", "--a", "PAK", "--b", "IRN", "--from", "2025", "--to", "2015"]),
                             session=session)
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and session.calls == []
    assert err.count("\n") == 1 and "reversed year range --from 2025 --to 2015" in err


def test_run_fetch_offline_exit_2_one_line(capsys, tmp_raw, monkeypatch):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(tmp_raw))
    before = snapshot(tmp_raw)
    args = _cli(["fetch", "trade", "--a", "PAK", "--b", "IRN", "--from", "2015", "--to", "2025"])
    status = fetch.run_fetch(args, session=FakeSession(requests.ConnectionError("Name or service not known")))
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err == "fetch trade: cannot reach api.imf.org (offline?); nothing was changed\n"
    assert snapshot(tmp_raw) == before


def test_run_fetch_downloads_with_country_names(capsys, tmp_raw, monkeypatch):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(tmp_raw))
    args = _cli(["fetch", "trade", "--a", "Pakistan", "--b", "Iran", "--from", "2015", "--to", "2025"])
    assert (args.source, args.force) == ("imf", False)
    status = fetch.run_fetch(args, session=FakeSession(FakeResponse(imf_pair_variant())))
    out, err = capsys.readouterr()
    assert status == 0
    assert out.strip() == str(tmp_raw / "imf-imts" / "PAK-IRN_2015-2025.xml")
    assert re.search(r"fetch trade: GET https://api\.imf\.org/\S+PAK\+IRN\S+: [\d,]+ bytes", err)
    assert "wrote imf-imts/PAK-IRN_2015-2025.xml" in err


def test_run_fetch_unknown_country_exit_2(capsys, tmp_raw, monkeypatch):
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(tmp_raw))
    status = fetch.run_fetch(_cli(["fetch", "trade", "--a", "Atlantis", "--b", "IRN"]), session=FakeSession())
    _, err = capsys.readouterr()
    assert status == 2 and err.count("\n") == 1 and "unknown country 'Atlantis'" in err


def _empty_answer(source: str) -> bytes:
    """A real response with its figures taken out (a test-only variant, in memory): what a range without data gives."""
    if source == "imf":
        return re.sub(rb"<Series .*?</Series>", b"", IMF_BYTES, flags=re.S)
    answer = json.loads(COMTRADE_BYTES)
    answer["data"], answer["count"] = [], 0
    return json.dumps(answer).encode()


@pytest.mark.parametrize("source", ["imf", "comtrade"])
def test_an_empty_answer_writes_nothing(tmp_raw, source, monkeypatch):
    """Issue 20: a range without figures is an answer, not a file: nothing cached or recorded, one line said."""
    monkeypatch.delenv(comtrade.KEY_ENV, raising=False)
    args, _, rel = SERVED[source]
    before = snapshot(tmp_raw)
    lines: list[str] = []
    written = fetch.fetch_trade(*args, source=source, raw_dir=tmp_raw, session=FakeSession(FakeResponse(
        _empty_answer(source))), log=lines.append)
    assert written == [] and snapshot(tmp_raw) == before
    assert lines[-1].endswith(f"has no figures for {args[0]}-{args[1]} in {args[2]}-{args[3]}; nothing written")
