"""Adapter for UN Comtrade (API v1): bilateral goods trade as each country reports it.

**Request.** The official client, ``comtradeapicall`` (``previewFinalData`` without a key,
``getFinalData`` with one), only returns a pandas DataFrame built with ``json_normalize``, prints
HTTP errors instead of raising, and so cannot hand over the response unchanged. ``fetch``
therefore sends *the same request the package builds* (``comtradeapicall.PreviewGet.
getPreviewData``: the base URL ``https://comtradeapi.un.org/public/v1/preview/C/A/HS``, or
``.../data/v1/get/C/A/HS`` with a subscription key, and the same query fields in the same
order, URL-encoded as urllib3 does) and caches the JSON body byte for byte.
``tests/test_fetch_trade.py`` checks the equivalence against the installed package.

One query asks for total goods (``cmdCode=TOTAL``), classic breakdown (partner2 World,
customs C00, mode of transport 0), imports and exports (``flowCode=M,X``) of both countries
(``reportercode=A,B``) with each other (``partnerCode=B,A``) for up to 12 years
(``period=2015,...``); longer ranges are split into several queries (12 periods per query is
a conservative bound). The public preview returns at most 500 records; one query returns
at most 2 reporters x 2 flows x 12 years = 48. With the environment variable
``COMTRADE_API_KEY`` the subscription endpoint is used; the key is never written to the
manifest (its ``origin`` shows ``subscription-key=***``).

**Values.** Comtrade reports imports CIF and exports FOB: ``value_usd`` is ``cifvalue`` for
``flowCode`` M and ``fobvalue`` for X, in current US dollars as published. A null value
stays null (it is not replaced by ``primaryValue`` or the other valuation, and never by 0).
Re-exports/re-imports (RX, RM) and rows of other breakdowns, commodities or frequencies are
ignored.

**Codes.** Reporters and partners are M49-based numeric codes with Comtrade's own variants
(842 USA incl. Puerto Rico and US Virgin Islands, 251 France incl. Monaco, 699 India, 757
Switzerland incl. Liechtenstein, 579 Norway incl. Svalbard, 490 "Other Asia, nes", i.e.
Taiwan). The response's ``reporterISO``/``partnerISO`` are used when they are ISO3 codes of a
known state; otherwise the numeric code is mapped (``COMTRADE_CODES``, then the M49 'un'
code of ``countrycode``). A code that maps to no state (e.g. 0 World) raises a
``SourceFormatError`` naming the file and the code.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import polars as pl
from countrycode import countrycode

from analysis.core.clock import refuse_future
from analysis.core.countries import HISTORICAL_ISO3
from analysis.schemas import conform
from analysis.sources import SourceFormatError, years_with_values

SOURCE = "comtrade"  # value of the ``source`` column
SOURCE_DIR = "comtrade"  # the manifest's source name and the folder under data/raw
HOST = "comtradeapi.un.org"
PREVIEW_URL = f"https://{HOST}/public/v1/preview/C/A/HS"
GET_URL = f"https://{HOST}/data/v1/get/C/A/HS"
KEY_ENV = "COMTRADE_API_KEY"
MAX_YEARS = 12
SUFFIX = ".json"
PREVIEW_MAX_RECORDS = 500
GET_MAX_RECORDS = 100_000

#: Comtrade codes that differ from the M49 code of the same state (ISO3 -> Comtrade code).
COMTRADE_CODES: dict[str, int] = {"USA": 842, "FRA": 251, "IND": 699, "CHE": 757, "NOR": 579, "TWN": 490}
_CODE_TO_ISO3 = {code: iso for iso, code in COMTRADE_CODES.items()}
#: flowCode -> (flow, valuation, field holding the value)
FLOWS: dict[str, tuple[str, str, str]] = {"M": ("import", "CIF", "cifvalue"), "X": ("export", "FOB", "fobvalue")}



def comtrade_code(iso3: str) -> int:
    """Return Comtrade's reporter/partner code for an ISO3 code; ``ValueError`` if there is none."""
    iso3 = iso3.upper()
    if iso3 in COMTRADE_CODES:
        return COMTRADE_CODES[iso3]
    code = countrycode([iso3], origin="iso3c", destination="un")[0]
    if code is None:
        raise ValueError(f"no UN Comtrade code for {iso3!r}")
    return int(code)


def query_fields(a: str, b: str, years: list[int], key: str | None = None) -> dict[str, object]:
    """Return the query fields in the order and form ``comtradeapicall`` sends them (None dropped)."""
    ca, cb = comtrade_code(a), comtrade_code(b)
    params: dict[str, object | None] = dict(
        reportercode=f"{ca},{cb}", flowCode="M,X", period=",".join(str(y) for y in years), cmdCode="TOTAL",
        partnerCode=f"{cb},{ca}", partner2Code=0, motCode=0, customsCode="C00",
        maxRecords=GET_MAX_RECORDS if key else PREVIEW_MAX_RECORDS, format="JSON", aggregateBy=None,
        breakdownMode="classic", countOnly=None, includeDesc=True,
    )
    params["subscription-key"] = key
    return {k: v for k, v in params.items() if v is not None}


def year_chunks(start: int, end: int) -> list[list[int]]:
    """Split ``start``..``end`` into runs of at most ``MAX_YEARS`` years."""
    years = list(range(start, end + 1))
    return [years[i:i + MAX_YEARS] for i in range(0, len(years), MAX_YEARS)]


def build_request(a: str, b: str, start: int, end: int, key: str | None = None) -> tuple[str, str]:
    """Return ``(url, origin)`` of the query for trade A-B in ``start``..``end`` (at most 12 years).

    ``url`` is what is sent (with the subscription key when given); ``origin`` is the same
    URL with the key replaced by ``***``, for the manifest.
    """
    if end - start + 1 > MAX_YEARS:
        raise ValueError(f"one Comtrade query covers at most {MAX_YEARS} years, not {start}-{end}")
    years = list(range(start, end + 1))
    base = GET_URL if key else PREVIEW_URL
    fields = query_fields(a, b, years, key)
    url = f"{base}?{urlencode(fields)}"
    if not key:
        return url, url
    public = {k: v for k, v in fields.items() if k != "subscription-key"}
    return url, f"{base}?{urlencode(public)}&subscription-key=***"


def raw_name(a: str, b: str, start: int, end: int) -> str:
    """Return the file name, relative to data/raw, under which a response is cached."""
    return f"{SOURCE_DIR}/{a.upper()}-{b.upper()}_{start}-{end}{SUFFIX}"


def _known_iso3(code: object) -> bool:
    if not isinstance(code, str) or len(code) != 3 or not code.isalpha() or not code.isupper():
        return False
    if code in HISTORICAL_ISO3:
        return True
    return countrycode([code], origin="iso3c", destination="country.name")[0] is not None


def iso3_of(iso: object, code: object, label: str) -> str:
    """Return the ISO3 code of a reporter/partner given its ISO field and numeric code."""
    if _known_iso3(iso):
        return str(iso)
    if isinstance(code, int) and not isinstance(code, bool):
        if code in _CODE_TO_ISO3:
            return _CODE_TO_ISO3[code]
        mapped = countrycode([code], origin="un", destination="iso3c")[0]
        if mapped is not None:
            return str(mapped)
    raise SourceFormatError(f"{label}: Comtrade country code {code!r} ({iso!r}) maps to no state the project knows")


def load_records(data: bytes, label: str) -> list[dict]:
    """Return the ``data`` records of a Comtrade v1 JSON response; ``SourceFormatError`` otherwise."""
    try:
        payload = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceFormatError(f"{label}: not JSON ({exc}); expected a UN Comtrade API v1 response") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        keys = sorted(payload) if isinstance(payload, dict) else type(payload).__name__
        raise SourceFormatError(f"{label}: no 'data' list in the response (found {keys}); expected UN Comtrade API v1")
    if payload.get("error"):
        raise SourceFormatError(f"{label}: the response reports an error: {payload['error']}")
    return payload["data"]


def _selected(r: dict) -> bool:
    return (
        r.get("typeCode") == "C" and r.get("freqCode") == "A" and r.get("cmdCode") == "TOTAL"
        and r.get("flowCode") in FLOWS and r.get("partner2Code") in (0, None)
        and r.get("customsCode") in ("C00", None) and r.get("motCode") in (0, None)
    )


def to_trade(records: list[dict], label: str) -> pl.DataFrame:
    """Turn Comtrade records into the project's ``trade`` schema (see the module docstring)."""
    rows = []
    for r in filter(_selected, records):
        flow, valuation, field = FLOWS[r["flowCode"]]
        value = r.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise SourceFormatError(f"{label}: {field} {value!r} is not a number")
        year = r.get("refYear")
        if not isinstance(year, int):
            raise SourceFormatError(f"{label}: refYear {year!r} is not a year")
        rows.append({
            "year": year,
            "reporter_iso3": iso3_of(r.get("reporterISO"), r.get("reporterCode"), label),
            "partner_iso3": iso3_of(r.get("partnerISO"), r.get("partnerCode"), label),
            "flow": flow, "value_usd": None if value is None else float(value), "valuation": valuation,
            "smoothed": False, "source": SOURCE,
        })
    schema = {"year": pl.Int32, "reporter_iso3": pl.String, "partner_iso3": pl.String, "flow": pl.String,
              "value_usd": pl.Float64, "valuation": pl.String, "smoothed": pl.Boolean, "source": pl.String}
    frame = conform(pl.DataFrame(rows, schema=schema, orient="row"), "trade")
    refuse_future(frame, "year", file=label, row=pl.format("{} {} {}", "reporter_iso3", "flow", "partner_iso3"),
                  what="year")
    dup = frame.filter(pl.struct("year", "reporter_iso3", "partner_iso3", "flow").is_duplicated())
    if dup.height:
        raise SourceFormatError(f"{label}: {dup.height} records share a key, e.g. {dup.row(0, named=True)}")
    return frame.sort("reporter_iso3", "partner_iso3", "flow", "year")


def parse(path: Path) -> pl.DataFrame:
    """Read one cached Comtrade response; return a frame in the ``trade`` schema (source "comtrade").

    Imports CIF (``cifvalue``), exports FOB (``fobvalue``), US dollars, annual totals; null
    values stay null. Raises ``SourceFormatError`` (a ValueError) naming the file for a
    malformed response or a code that maps to no state.
    """
    path = Path(path)
    return to_trade(load_records(path.read_bytes(), str(path)), str(path))


def parse_bytes(data: bytes, name: str) -> pl.DataFrame:
    """``parse`` for a response held in memory (used to check a download before it is written)."""
    return to_trade(load_records(data, name), name)


def coverage(frame: pl.DataFrame, a: str, b: str, start: int, end: int) -> str:
    """Return the manifest's coverage text for a parsed response."""
    span = years_with_values(frame)
    return (
        f"UN Comtrade annual total goods trade (HS, classic mode) between {a} and {b} as reported by each: "
        f"imports CIF (cifvalue), exports FOB (fobvalue), US dollars; requested {start}-{end}; "
        f"{frame.height} records, {span}"
    )

