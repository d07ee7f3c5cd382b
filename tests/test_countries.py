"""Country codes: resolving names, COW / ISO2 conversion, historical states."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from analysis.core import countries
from analysis.core.countries import UnknownCountryError


@pytest.fixture(scope="module")
def cow_names(raw_dir: Path) -> dict[int, str]:
    """COW code → COW state name, from the raw COW state list."""
    with open(raw_dir / "cow-states" / "COW-country-codes.csv", newline="", encoding="utf-8") as handle:
        return {int(row["CCode"]): row["StateNme"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("query", "iso3"),
    [
        ("Pakistan", "PAK"),
        ("iran", "IRN"),
        ("IRN", "IRN"),
        ("irn", "IRN"),
        ("  Pakistan ", "PAK"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("United States", "USA"),
        ("Czechoslovakia", "CSK"),
        ("Yugoslavia", "YUG"),
        ("German Democratic Republic", "DDR"),
    ],
)
def test_resolve(built, query, iso3):
    assert countries.resolve(query, built["countries"]) == iso3


def test_resolve_unknown_raises(built):
    with pytest.raises(UnknownCountryError, match="Atlantis"):
        countries.resolve("Atlantis", built["countries"])


@pytest.mark.parametrize("typo", ["Pakistn", "Paksitan"])
def test_resolve_typo_suggests(built, typo):
    with pytest.raises(UnknownCountryError) as err:
        countries.resolve(typo, built["countries"])
    message = str(err.value)
    assert typo in message and "did you mean" in message
    assert "PAK (Pakistan)" in message


def test_cow_codes(built, cow_names):
    table = built["countries"]
    cow = dict(zip(table["iso3"], table["cow_code"], strict=True))
    assert cow["PAK"] == 770 and cow_names[770] == "Pakistan"
    assert cow["IRN"] == 630 and cow_names[630] == "Iran"
    assert cow["DDR"] == 265 and cow_names[265] == "German Democratic Republic"
    assert cow["CSK"] == 315 and cow_names[315] == "Czechoslovakia"
    assert cow["YMD"] == 680 and cow_names[680] == "Yemen People's Republic"
    assert cow["ZAN"] == 511 and cow_names[511] == "Zanzibar"


def test_historical_states_have_successors(built):
    hist = built["countries"].filter(pl.col("historical"))
    successors = dict(zip(hist["iso3"], hist["successor_iso3"], strict=True))
    assert successors == {
        "CSK": "CZE",  # Czechoslovakia dissolved 1993 into the Czech Republic and Slovakia
        "DDR": "DEU",  # German Democratic Republic joined the Federal Republic, 1990
        "YMD": "YEM",  # South Yemen united with North Yemen, 1990
        "YUG": "SRB",  # Yugoslavia's seat passed to Serbia
        "SCG": "SRB",  # Serbia and Montenegro, 2003-2006
        "ZAN": "TZA",  # Zanzibar united with Tanganyika, 1964
        "AUH": "AUT",  # Austria-Hungary (COW trade 1870-1913)
        "RVN": "VNM",  # Republic of Vietnam (South), united with the North in 1976
        "KRE": None,  # Korean Empire (COW trade 1888-1905): no single successor
        "ANT": "CUW",  # Netherlands Antilles (IMF DOTS partner), dissolved 2010
    }
    current = built["countries"].filter(~pl.col("historical"))
    assert current["successor_iso3"].null_count() == current.height
    assert set(successors.values()) - {None} <= set(current["iso3"])


def test_build_countries_standalone():
    table = countries.build_countries(["PAK", "IRN", "DDR", "PAK"])
    assert table["iso3"].to_list() == ["DDR", "IRN", "PAK"]
    assert table.filter(pl.col("iso3") == "DDR")["successor_iso3"].to_list() == ["DEU"]
    with pytest.raises(UnknownCountryError, match="QQQ"):
        countries.build_countries(["PAK", "QQQ"])


def test_iso2_including_historical():
    mapping = countries.iso3_from_iso2(["CS", "DD", "YD", "RU", "DE", "PK", "IR"])
    assert mapping == {"CS": "CSK", "DD": "DDR", "YD": "YMD", "RU": "RUS", "DE": "DEU", "PK": "PAK", "IR": "IRN"}


def test_cow_conversion(cow_names):
    mapping = countries.iso3_from_cow([770, 630, 255, 260, 265, 315, 316, 365, 678, 679, 680, 511, 345])
    assert cow_names[260] == "German Federal Republic" and cow_names[365] == "Russia"
    assert mapping[770] == "PAK" and mapping[630] == "IRN"
    assert mapping[255] == mapping[260] == "DEU"
    assert mapping[265] == "DDR" and mapping[315] == "CSK" and mapping[316] == "CZE"
    assert mapping[365] == "RUS"
    assert mapping[678] == mapping[679] == "YEM" and mapping[680] == "YMD"
    assert mapping[511] == "ZAN"
    assert mapping.get(345) is None  # Yugoslavia / Serbia: depends on the date


def test_yugoslavia_code_boundaries():
    dates = [dt.date(1990, 1, 1), dt.date(2000, 10, 31), dt.date(2000, 11, 1), dt.date(2006, 6, 2), dt.date(2006, 6, 3)]
    frame = pl.DataFrame({"date": dates})
    codes = frame.select(countries.yugoslavia_code(pl.col("date")))[:, 0].to_list()
    assert codes == ["YUG", "YUG", "SCG", "SCG", "SRB"]
