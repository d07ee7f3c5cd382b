"""Adapter for the IMF's bilateral goods trade (IMTS, formerly Direction of Trade Statistics).

The IMF retired its old ``dataservices.imf.org`` SDMX_JSON API in 2025. Direction of Trade
Statistics now live as the dataflow ``IMF.STA:IMTS`` ("International Trade in Goods (by
partner country)") on the SDMX 3.0 API at ``api.imf.org``. Its key has four dimensions,
``COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY``, and countries are ISO 3166 alpha-3
codes (``PAK``, ``IRN``); aggregates have codes such as ``G001`` (World), ``G998``,
``GX170`` or ``TX910``. The indicators used here:

==============  ======================================================  =========  =======
indicator       meaning                                                 flow       valuation
==============  ======================================================  =========  =======
``XG_FOB_USD``  goods exports of COUNTRY to COUNTERPART, FOB, US dollars  export     FOB
``MG_CIF_USD``  goods imports of COUNTRY from COUNTERPART, CIF, US dollars import     CIF
==============  ======================================================  =========  =======

Other indicators of the dataflow (``MG_FOB_USD``, ``TBG_USD``) are not requested and, if a
file holds them, ignored.

**Format.** ``fetch`` asks for SDMX-ML 3.0 *StructureSpecificData* (``Accept:
application/xml``), the format of the real IMTS response kept in
``tests/fixtures/trade/`` (see its README for where it comes from). ``parse`` matches
elements by local name, so the SDMX-ML 2.1 StructureSpecificData that the API's 2.1
endpoint returns reads the same way.

**Units.** ``OBS_VALUE`` is in US dollars, *not* millions: the series attribute
``SCALE="6"`` only tells a display how to scale the number (the real response has USA's
2023 goods exports to the World as ``OBS_VALUE="2019551635133"`` with ``SCALE="6"``, i.e.
USD 2.02 trillion). The retired API published millions (``UNIT_MULT=6``); the new one does
not, so nothing is multiplied here.

**Frequency.** Only annual series (``FREQUENCY="A"``) are read; monthly or quarterly series,
if a file holds any, are ignored, never aggregated.

**Missing values.** An observation without ``OBS_VALUE`` (or with ``NaN``) becomes a row with
a null ``value_usd``; an observation that is not in the file has no row. No zero is invented.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

import polars as pl
from countrycode import countrycode

from analysis.core.clock import refuse_future
from analysis.core.countries import HISTORICAL_ISO3
from analysis.schemas import conform
from analysis.sources import SourceFormatError, years_with_values

SOURCE = "imf_imts"  # value of the ``source`` column
SOURCE_DIR = "imf-imts"  # the manifest's source name and the folder under data/raw
HOST = "api.imf.org"
BASE_URL = f"https://{HOST}/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+"
ACCEPT = "application/xml"
SUFFIX = ".xml"

#: indicator code -> (flow, valuation)
INDICATORS: dict[str, tuple[str, str]] = {"XG_FOB_USD": ("export", "FOB"), "MG_CIF_USD": ("import", "CIF")}
#: IMF codes of former states that the project counts under another code (see analysis/countries.py).
IMF_CODE_FIXES: dict[str, str] = {"SUN": "RUS", "YAR": "YEM"}


_YEAR = re.compile(r"^(\d{4})$")


def build_request(a: str, b: str, start: int, end: int) -> tuple[str, dict[str, str]]:
    """Return ``(url, headers)`` of the one IMTS query for both sides' reports of trade A-B.

    The key ``A+B.XG_FOB_USD+MG_CIF_USD.B+A.A`` selects A's and B's annual exports (FOB) to
    and imports (CIF) from each other; the time filter ``c[TIME_PERIOD]=ge:..+le:..`` and the
    other parameters are those of the SDMX 3.0 data query (as in the real request recorded
    in tests/fixtures/trade/README.md).
    """
    a, b = a.upper(), b.upper()
    key = f"{a}+{b}.XG_FOB_USD+MG_CIF_USD.{b}+{a}.A"
    query = (
        f"{quote('c[TIME_PERIOD]')}=ge:{start}-01-01+le:{end}-12-31"
        "&dimensionAtObservation=TIME_PERIOD&detail=full&includeHistory=false"
    )
    return f"{BASE_URL}/{key}?{query}", {"Accept": ACCEPT}


def raw_name(a: str, b: str, start: int, end: int) -> str:
    """Return the file name, relative to data/raw, under which the response is cached."""
    return f"{SOURCE_DIR}/{a.upper()}-{b.upper()}_{start}-{end}{SUFFIX}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attrs(element: ET.Element) -> dict[str, str]:
    """Return an element's attributes with namespace prefixes dropped."""
    return {_local(k): v for k, v in element.attrib.items()}


def _number(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    value = float(text)
    return None if math.isnan(value) else value


def read_observations(source: Path | bytes, name: str | None = None) -> pl.DataFrame:
    """Return every observation of an SDMX-ML StructureSpecificData message, codes as published.

    Columns: ``country``, ``indicator``, ``counterpart``, ``frequency``, ``time_period``,
    ``obs_value`` (Float64, null when missing), ``scale``, ``unit`` (the series' or its
    group's UNIT, null when the file does not say). Takes a path or the raw bytes (``name``
    then names them in errors). Raises ``SourceFormatError`` naming the file when it is not
    such a message (e.g. an SDMX error message or an HTML page).
    """
    label = name or str(source)
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceFormatError(
            f"{label}: not XML ({exc}); expected an SDMX-ML StructureSpecificData message"
        ) from None
    if _local(root.tag) != "StructureSpecificData":
        raise SourceFormatError(
            f"{label}: root element is <{_local(root.tag)}>, expected an SDMX-ML StructureSpecificData message"
        )
    group_units: dict[str, str] = {}
    for group in (e for e in root.iter() if _local(e.tag) == "Group"):
        attrs = _attrs(group)
        unit = attrs.get("UNIT")
        for comp in (c for c in group if _local(c.tag) == "Comp" and c.get("id") == "UNIT"):
            unit = next((v.text for v in comp if _local(v.tag) == "Value"), unit)
        if unit and "INDICATOR" in attrs:
            group_units[attrs["INDICATOR"]] = unit
    rows = []
    for series in (e for e in root.iter() if _local(e.tag) == "Series"):
        s = _attrs(series)
        missing = [d for d in ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY") if d not in s]
        if missing:
            raise SourceFormatError(f"{label}: a <Series> lacks the IMTS dimensions {missing}: {s}")
        unit = s.get("UNIT") or s.get("UNIT_MEASURE") or group_units.get(s["INDICATOR"])
        for obs in (o for o in series if _local(o.tag) == "Obs"):
            o = _attrs(obs)
            try:
                value = _number(o.get("OBS_VALUE"))
            except ValueError:
                raise SourceFormatError(f"{label}: OBS_VALUE {o.get('OBS_VALUE')!r} is not a number ({s})") from None
            rows.append({
                "country": s["COUNTRY"], "indicator": s["INDICATOR"], "counterpart": s["COUNTERPART_COUNTRY"],
                "frequency": s["FREQUENCY"], "time_period": o.get("TIME_PERIOD"), "obs_value": value,
                "scale": s.get("SCALE"), "unit": unit,
            })
    schema = {"country": pl.String, "indicator": pl.String, "counterpart": pl.String, "frequency": pl.String,
              "time_period": pl.String, "obs_value": pl.Float64, "scale": pl.String, "unit": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")


def iso3_of(code: str, label: str) -> str:
    """Return the project's ISO3 code for an IMF country code; ``SourceFormatError`` if none.

    ISO3 codes pass through; ``SUN`` (USSR) and ``YAR`` (Yemen Arab Republic) are counted as
    RUS and YEM as everywhere in the project; historical codes the project keeps (DDR, YUG,
    SCG, CSK, YMD) stay. Aggregates (``G001`` World, ``GX...``, ``TX...``) and unknown codes
    raise, naming the file.
    """
    if code in IMF_CODE_FIXES:
        return IMF_CODE_FIXES[code]
    if code in HISTORICAL_ISO3:
        return code
    if len(code) == 3 and code.isalpha() and code.isupper() and _known_iso3(code):
        return code
    raise SourceFormatError(
        f"{label}: IMF country code {code!r} maps to no state the project knows "
        "(aggregates such as G001 World are not states)"
    )


def _known_iso3(code: str) -> bool:
    return countrycode([code], origin="iso3c", destination="country.name")[0] is not None


def to_trade(observations: pl.DataFrame, label: str) -> pl.DataFrame:
    """Turn ``read_observations`` output into the project's ``trade`` schema (see module doc)."""
    obs = observations.filter((pl.col("frequency") == "A") & pl.col("indicator").is_in(list(INDICATORS)))
    bad_units = obs.filter(pl.col("unit").is_not_null() & (pl.col("unit") != "USD"))
    if bad_units.height:
        raise SourceFormatError(f"{label}: unit {bad_units['unit'][0]!r} where US dollars (USD) were expected")
    bad_years = obs.filter(~pl.col("time_period").fill_null("").str.contains(_YEAR.pattern))
    if bad_years.height:
        raise SourceFormatError(f"{label}: annual TIME_PERIOD {bad_years['time_period'][0]!r} is not a year")
    codes = set(obs["country"].to_list()) | set(obs["counterpart"].to_list())
    iso3: Mapping[str, str] = {c: iso3_of(c, label) for c in sorted(codes)}
    frame = obs.select(
        pl.col("time_period").cast(pl.Int32).alias("year"),
        pl.col("country").replace_strict(iso3, return_dtype=pl.String).alias("reporter_iso3"),
        pl.col("counterpart").replace_strict(iso3, return_dtype=pl.String).alias("partner_iso3"),
        pl.col("indicator").replace_strict({k: v[0] for k, v in INDICATORS.items()}).alias("flow"),
        pl.col("obs_value").alias("value_usd"),
        pl.col("indicator").replace_strict({k: v[1] for k, v in INDICATORS.items()}).alias("valuation"),
        pl.lit(False).alias("smoothed"),
        pl.lit(SOURCE).alias("source"),
    )
    frame = conform(frame, "trade")
    refuse_future(frame, "year", file=label, row=pl.format("{} {} {}", "reporter_iso3", "flow", "partner_iso3"),
                  what="year")
    dup = frame.filter(pl.struct("year", "reporter_iso3", "partner_iso3", "flow").is_duplicated())
    if dup.height:
        raise SourceFormatError(f"{label}: {dup.height} observations share a key, e.g. {dup.row(0, named=True)}")
    return frame.sort("reporter_iso3", "partner_iso3", "flow", "year")


def parse(path: Path) -> pl.DataFrame:
    """Read one cached IMTS response; return a frame in the ``trade`` schema (source "imf_imts").

    Annual XG_FOB_USD (export, FOB) and MG_CIF_USD (import, CIF) observations, values in US
    dollars as published; see the module docstring for units, frequency and missing values.
    Raises ``SourceFormatError`` (a ValueError) naming the file for a malformed file, a unit
    other than USD, or a country code that maps to no state.
    """
    path = Path(path)
    return to_trade(read_observations(path), str(path))


def parse_bytes(data: bytes, name: str) -> pl.DataFrame:
    """``parse`` for a response held in memory (used to check a download before it is written)."""
    return to_trade(read_observations(data, name), name)


def coverage(frame: pl.DataFrame, a: str, b: str, start: int, end: int) -> str:
    """Return the manifest's coverage text for a parsed response."""
    span = years_with_values(frame)
    return (
        f"IMF IMTS annual goods trade between {a} and {b} as reported by each: exports FOB (XG_FOB_USD) and "
        f"imports CIF (MG_CIF_USD), US dollars (OBS_VALUE in units; SCALE is display only); requested "
        f"{start}-{end}; {frame.height} observations, {span}"
    )


