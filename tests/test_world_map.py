"""The world agreement map (analysis.reports.world_map): shipped shapes, ISO3 mapping, an offline chart."""

from __future__ import annotations

import copy
import json
from typing import Any

import polars as pl
import pytest
import vl_convert
from countrycode import countrycode

from analysis.core import manifest
from analysis.measures.alignment import alignment_with_all
from analysis.reports import voting, world_map

SHAPES = "world-atlas/countries-110m.json"

#: world-atlas 2.0.2 ships three shapes without an id (Natural Earth's ISO_N3 is -99): Kosovo,
#: N. Cyprus and Somaliland. Only Kosovo belongs to a state of the countries table (XKX); the
#: other two are parts of Cyprus and Somalia for the UN and stay unattributed (drawn grey).
ID_LESS_ISO3 = {"Kosovo": "XKX"}
#: Members far too small for 1:110m shapes: each must be named, never dropped (a sanity anchor
#: for the computed list below).
TINY_MEMBERS = {"Singapore", "Malta", "Bahrain", "Maldives", "Tuvalu"}


@pytest.fixture(scope="module")
def topo(raw_dir) -> dict:
    return world_map.load_shapes(raw_dir)


@pytest.fixture(scope="module")
def pak_irn(built) -> world_map.MapResult:
    return world_map.agreement_map(built["votes"], built["roll_calls"], built["countries"], "PAK", "IRN", 2025)


def _keys(node: Any) -> set[str]:
    """Every dict key anywhere in a JSON-like structure."""
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


def _shape_iso3_independently(topo: dict) -> set[str]:
    """ISO3 of the shapes, from the ids with countrycode plus the commented hand list."""
    geometries = topo["objects"]["countries"]["geometries"]
    with_id = [g for g in geometries if "id" in g]
    codes = countrycode([int(g["id"]) for g in with_id], origin="iso3n", destination="iso3c")
    return {c for c in codes if c} | {ID_LESS_ISO3[g["properties"]["name"]] for g in geometries
                                     if "id" not in g and g["properties"]["name"] in ID_LESS_ISO3}


def test_shipped_shapes_are_in_the_manifest(raw_dir):
    entries = {e.path: e for e in manifest.load(raw_dir)}
    assert manifest.sha256_of(raw_dir / SHAPES) == entries[SHAPES].sha256
    assert entries[SHAPES].source == entries["world-atlas/LICENSE"].source == "world-atlas"
    assert "public domain" in entries[SHAPES].terms
    assert {e.path for e in manifest.verify({"world-atlas"}, raw_dir=raw_dir)} == {SHAPES, "world-atlas/LICENSE"}


def test_shapes_map_to_iso3(topo):
    mapping = world_map.shape_iso3(topo)
    assert len(topo["objects"]["countries"]["geometries"]) == 177
    assert set(mapping.values()) == _shape_iso3_independently(topo)
    assert len(set(mapping.values())) == len(mapping)  # one shape per state
    assert mapping["586"] == "PAK" and mapping["364"] == "IRN" and mapping["Kosovo"] == "XKX"
    assert world_map.unmapped_shapes(topo) == ["N. Cyprus", "Somaliland"]


def test_every_member_has_a_shape_or_is_named(built, topo, pak_irn):
    votes, roll_calls, countries = built["votes"], built["roll_calls"], built["countries"]
    year = roll_calls.filter((pl.col("body") == "GA") & (pl.col("year") == 2025)).select("body", "rcid")
    cast = votes.join(year, on=["body", "rcid"])
    members = set(cast.filter(pl.col("vote") != "not_member")["iso3"]) & set(countries["iso3"])
    # states with at least one roll call on which both they and Pakistan voted yes, abstain or no
    voted = cast.filter(pl.col("vote").is_in(["yes", "abstain", "no"]))
    pak = voted.filter(pl.col("iso3") == "PAK").select("rcid")
    joint = set(voted.join(pak, on="rcid")["iso3"]) - {"PAK"}
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    shaped = _shape_iso3_independently(topo)

    expected = sorted(names[i] for i in joint - shaped)
    assert pak_irn.without_shapes == expected
    assert TINY_MEMBERS <= set(expected)
    for iso3 in members - {"PAK"}:
        assert iso3 in shaped or names[iso3] in pak_irn.without_shapes, iso3
    assert set(pak_irn.table["iso3"]) == joint
    assert set(pak_irn.table.filter(~pl.col("has_shape"))["name"]) == set(expected)
    assert pak_irn.unmapped_shapes == ["N. Cyprus", "Somaliland"]


def test_agreement_equals_alignment_with_all(built, pak_irn):
    direct = alignment_with_all(built["votes"], built["roll_calls"], "PAK", body="GA", start_year=2025, end_year=2025)
    want = direct.filter((pl.col("year") == 2025) & (pl.col("iso3") == "IRN")).row(0, named=True)
    got = pak_irn.table.filter(pl.col("iso3") == "IRN").row(0, named=True)
    assert got["agreement"] == want["agreement"] and got["n_joint"] == want["n_joint"]
    assert got["has_shape"] and got["name"] == "Iran"
    assert "PAK" not in pak_irn.table["iso3"].to_list()
    assert pak_irn.table.columns == ["iso3", "name", "agreement", "n_joint", "has_shape"]
    assert (pak_irn.year, pak_irn.body) == (2025, "GA")


def test_chart_is_offline_and_renders(pak_irn):
    spec = pak_irn.chart.to_dict()
    assert "url" not in _keys(spec)
    inline = [d for d in [spec.get("data", {})] + [layer.get("data", {}) for layer in spec["layer"]]
              if d.get("format", {}).get("type") == "topojson"]
    assert inline and inline[0]["format"]["feature"] == "countries"
    embedded = inline[0]["values"]
    assert embedded["type"] == "Topology" and len(embedded["objects"]["countries"]["geometries"]) == 177
    by_name = {g["properties"]["name"]: g["properties"]["iso3"] for g in embedded["objects"]["countries"]["geometries"]}
    assert by_name["Pakistan"] == "PAK" and by_name["Somaliland"] is None
    assert spec["projection"]["type"] == "equalEarth"
    text = json.dumps(spec, ensure_ascii=False)
    assert "Agreement with Pakistan (share, 0–1)" in text and "General Assembly" in text
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Source: UN voting data (Voeten et al. UNGA votes (unvotes), 1946–" in subtitle
    assert "; shapes: Natural Earth 1:110m via world-atlas (public domain)." in subtitle

    svg = vl_convert.vegalite_to_svg(pak_irn.chart.to_json())
    assert svg.lstrip().startswith("<svg")
    assert svg.count("<path") > 150


def test_unmappable_id_is_drawn_grey_and_named(built, topo):
    assert countrycode([999], origin="iso3n", destination="iso3c") == [None]  # 999: no ISO 3166-1 numeric code
    changed = copy.deepcopy(topo)
    fiji = next(g for g in changed["objects"]["countries"]["geometries"] if g.get("id") == "242")
    fiji["id"], fiji["properties"]["name"] = "999", "Atlantis"
    assert "999" not in world_map.shape_iso3(changed)
    result = world_map.agreement_map(built["votes"], built["roll_calls"], built["countries"], "PAK", "IRN", 2025,
                                     topo=changed)
    assert "Atlantis" in result.unmapped_shapes
    assert "Fiji" in result.without_shapes  # its only shape lost its id: named, not dropped
    spec = result.chart.to_dict()
    data = spec.get("data") or spec["layer"][0]["data"]
    atlantis = next(g for g in data["values"]["objects"]["countries"]["geometries"] if g.get("id") == "999")
    assert atlantis["properties"]["iso3"] is None
    assert "Atlantis" in json.dumps(spec["title"])


def test_map_year(built):
    roll_calls = built["roll_calls"]
    ga = roll_calls.filter(pl.col("body") == "GA")["year"]
    assert world_map.map_year(roll_calls, "GA", 2025) == 2025
    # the key facts' rule (voting.ranking_year): 2026 is partly covered (the data end in June), fewer than 30 votes
    assert ga.max() == 2026 and (ga == 2026).sum() < 30
    assert world_map.map_year(roll_calls, "GA", 3000) == 2025
    assert world_map.map_year(roll_calls, "GA", 3000) == voting.prepare("PAK", "IRN").key_facts()["last_year"]
    note = world_map.year_note(roll_calls, "GA", 2025, 2026)
    assert note == f"2025 is the last year with at least 30 recorded votes, the year of the key facts (2026 has " \
                   f"{(ga == 2026).sum()} so far)."
    assert world_map.year_note(roll_calls, "GA", 2026, 2026) == ""
    chr_counts = roll_calls.filter(pl.col("body") == "CHR").group_by("year").len()
    assert world_map.map_year(roll_calls, "CHR", 2020) == chr_counts.filter(pl.col("len") >= 30)["year"].max()
    with pytest.raises(ValueError, match="SC"):  # the Council's first recorded vote: a veto of 1946-02-16
        world_map.map_year(roll_calls, "SC", 1945)
