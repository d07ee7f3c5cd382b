"""A world choropleth: every state's voting agreement with state A in one year, state B highlighted.

Method: the agreement of each state with A is the Lijphart / Voeten agreement index over
the recorded votes of one body in one calendar year on which both cast yes, abstain or
no (identical votes 1, one abstains 0.5, yes against no 0), computed by
:func:`analysis.measures.alignment.alignment_with_all`.

Shapes: Natural Earth 1:110m Admin 0 countries (v4.1.0, public domain) as TopoJSON from
the ``world-atlas`` npm package 2.0.2 by Mike Bostock, shipped unchanged in
``data/raw/world-atlas/countries-110m.json`` (provenance and checksum in
``data/raw/datasets/world-atlas.toml``). Each geometry's ``id`` is its ISO 3166-1 numeric code,
mapped to ISO3 with the ``countrycode`` package; the few shapes it cannot map are
handled by the commented table :data:`SHAPES_BY_HAND`. A shape that ends up with no
ISO3 is drawn grey and named in :attr:`MapResult.unmapped_shapes`; a state with an
agreement value but no shape at this scale (mostly small island states) is named in
:attr:`MapResult.without_shapes`. Nothing is dropped silently.

The TopoJSON is embedded in the chart's spec as inline values (no URL), so a saved
report draws the map offline, from ``file://``.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import polars as pl

from analysis.core import paths
from analysis.measures.alignment import alignment_with_all, filter_roll_calls
from analysis.reports.chart_style import PALETTE, chart_title, votes_source
from analysis.schemas import BODY_NAMES

SHAPES_FILE = "world-atlas/countries-110m.json"
"""The TopoJSON, relative to the raw-data directory."""

SHAPES_SOURCE = "shapes: Natural Earth 1:110m via world-atlas (public domain)"

#: Shapes ``countrycode`` cannot map from an ISO 3166-1 numeric id, by the name the file gives
#: them. world-atlas 2 leaves the ``id`` off the three Natural Earth shapes whose ISO_N3 is -99
#: (older releases wrote "-99"); the value is the ISO3 to use, or None to leave the shape
#: unmapped (drawn grey and listed in ``MapResult.unmapped_shapes``).
SHAPES_BY_HAND: dict[str, str | None] = {
    # No ISO 3166-1 code. XKX is the user-assigned code of the EU, the IMF and the World Bank,
    # and the one the project's ``countries`` table uses for Kosovo (COW 347).
    "Kosovo": "XKX",
    # The Turkish Republic of Northern Cyprus, recognised only by Turkey; for the UN part of
    # Cyprus (CYP). Natural Earth draws it apart; merging it into CYP would be a political
    # choice the map does not make: it stays unmapped.
    "N. Cyprus": None,
    # Self-declared; for the UN part of Somalia (SOM). Drawn apart by Natural Earth; unmapped
    # for the same reason.
    "Somaliland": None,
}

NO_DATA_GREY = "#e3e3e3"  # a state (or territory) with no joint vote with A that year
UNMAPPED_GREY = "#a6a6a6"  # a shape with no ISO3 (SHAPES_BY_HAND, or an id countrycode cannot map)
A_FILL = "#3b3b3b"
B_STROKE = PALETTE[1]
SCHEME = "yellowgreenblue"


@dataclass
class MapResult:
    """What :func:`agreement_map` returns.

    ``table``: one row per state with an agreement value (A itself excluded), columns iso3,
    name, agreement, n_joint, has_shape, sorted by agreement (highest first) then iso3.
    ``without_shapes``: names of the states of ``table`` with no shape at 1:110m.
    ``unmapped_shapes``: names (as in the TopoJSON) of shapes with no ISO3, drawn grey.
    """

    chart: alt.LayerChart
    table: pl.DataFrame
    without_shapes: list[str]
    year: int
    body: str
    unmapped_shapes: list[str] = field(default_factory=list)


def load_shapes(raw: Path | None = None) -> dict:
    """Read the shipped world-atlas TopoJSON (``<raw>/world-atlas/countries-110m.json``; default ``paths.raw_dir()``).

    Returns the parsed topology: objects "countries" (177 geometries, ``id`` = ISO 3166-1
    numeric as a zero-padded string, ``properties.name``) and "land".
    """
    path = (raw or paths.raw_dir()) / SHAPES_FILE
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _geometries(topo: dict) -> list[dict]:
    return topo["objects"]["countries"]["geometries"]


def shape_key(geometry: dict) -> str:
    """The key of one country geometry: its ``id``, or its name when it has none (or the id is "-99")."""
    ident = geometry.get("id")
    if ident is None or str(ident) == "-99":
        return str(geometry.get("properties", {}).get("name", "?"))
    return str(ident)


def shape_iso3(topo: dict) -> dict[str, str]:
    """Map each country geometry (by :func:`shape_key`) to ISO3; unmappable shapes are left out.

    Numeric ids are looked up as ``countrycode(codes, origin="iso3n", destination="iso3c")`` does (the first
    row of its code list with that ``iso3n`` and an ``iso3c``; as integers: the list does not hold zero-padded
    strings), in the code list read by ``analysis.core.countries.codelist`` (importing ``countrycode`` would
    import pandas, about 0.8 s of a report); a shape it cannot map, or one without an id, takes its ISO3 from
    :data:`SHAPES_BY_HAND` by name. Shapes that still have no ISO3 are absent from the result;
    :func:`unmapped_shapes` names them.
    """
    geometries = _geometries(topo)
    numeric = [g for g in geometries if shape_key(g) == str(g.get("id")) and str(g["id"]).lstrip("-").isdigit()]
    iso3n = _iso3n_to_iso3() if numeric else {}
    by_key: dict[str, str] = {shape_key(g): iso3n[int(g["id"])] for g in numeric if int(g["id"]) in iso3n}
    for g in geometries:
        key = shape_key(g)
        if key not in by_key:
            hand = SHAPES_BY_HAND.get(g.get("properties", {}).get("name", ""))
            if hand:
                by_key[key] = hand
    return by_key


@functools.lru_cache(maxsize=1)
def _iso3n_to_iso3() -> dict[int, str]:
    """ISO 3166-1 numeric code -> ISO3 from countrycode's code list: the first row with both (its
    ``replace_exact`` rule)."""
    from analysis.core.countries import codelist

    table = codelist()
    out: dict[int, str] = {}
    for number, iso3 in zip(table["iso3n"], table["iso3c"], strict=True):
        if number is not None and iso3 is not None:
            out.setdefault(number, iso3)
    return out


def unmapped_shapes(topo: dict, mapping: dict[str, str] | None = None) -> list[str]:
    """Names (as in the TopoJSON) of the country shapes with no ISO3 in ``mapping`` (default :func:`shape_iso3`)."""
    mapping = shape_iso3(topo) if mapping is None else mapping
    return sorted(str(g.get("properties", {}).get("name", shape_key(g)))
                  for g in _geometries(topo) if shape_key(g) not in mapping)


def _with_iso3(topo: dict, mapping: dict[str, str]) -> dict:
    """A copy of ``topo`` whose country geometries carry ``properties.iso3`` (null when unmapped)."""
    out = copy.deepcopy(topo)
    for g in _geometries(out):
        g["properties"] = {**g.get("properties", {}), "iso3": mapping.get(shape_key(g))}
    return out


def map_year(roll_calls: pl.DataFrame, body: str, end_year: int, start_year: int | None = None) -> int:
    """The map's year: the last year up to ``end_year`` with enough recorded votes of ``body``.

    The rule of the key facts' last year (:func:`analysis.reports.voting.ranking_year`): the latest
    year with at least ``MIN_ROLL_CALLS_FOR_RANKING`` (30) recorded votes, so a partly covered year
    (2026, the data ending in June) does not map agreement on a handful of votes; the last year with
    any when none has 30. Raises ``ValueError`` when the body has no roll call in or before ``end_year``.
    """
    from analysis.reports.voting import ranking_year

    years = roll_calls.filter((pl.col("body") == body) & (pl.col("year") <= end_year))["year"]
    if years.is_empty():
        raise ValueError(f"no roll call of body {body!r} in or before {end_year}")
    return ranking_year(roll_calls, body, int(years.min()) if start_year is None else start_year, end_year)


def year_note(roll_calls: pl.DataFrame, body: str, year: int, end_year: int) -> str:
    """The subtitle's sentence on the map's year: why ``year`` and not a later one (e.g. "2025 is the last
    year with at least 30 recorded votes; 2026 has 11 so far."); empty when ``year`` is ``end_year``."""
    from analysis.reports.voting import MIN_ROLL_CALLS_FOR_RANKING

    later = (roll_calls.filter((pl.col("body") == body) & pl.col("year").is_between(year + 1, end_year))
             .group_by("year").len().sort("year"))
    if not later.height:
        return ""
    counts = "; ".join(f"{y} has {n}" for y, n in later.iter_rows())
    return (f"{year} is the last year with at least {MIN_ROLL_CALLS_FOR_RANKING} recorded votes, the year of the "
            f"key facts ({counts} so far).")


def _wrap(text: str, width: int = 120) -> list[str]:
    return textwrap.wrap(text, width=width, break_on_hyphens=False) or [""]


def agreement_map(
    votes: pl.DataFrame,
    roll_calls: pl.DataFrame,
    countries: pl.DataFrame,
    a: str,
    b: str,
    year: int,
    body: str = "GA",
    names: dict[str, str] | None = None,
    *,
    topo: dict | None = None,
    note: str = "",
) -> MapResult:
    """World choropleth of every state's agreement with ``a`` in ``year`` (``body``), ``b`` outlined.

    Agreement per state comes from ``alignment_with_all(votes, roll_calls, a, body=body,
    start_year=year, end_year=year)`` (Voeten agreement index over the joint votes: both
    cast yes, abstain or no). Shapes: ``topo`` (default :func:`load_shapes`), mapped to
    ISO3 with :func:`shape_iso3`; the ISO3 is written into each inline geometry's
    ``properties.iso3`` and the agreement table is joined to it with a lookup. ``names``
    ({iso3: name}) defaults to the ``countries`` table's names.

    The chart layers: every shape, coloured by agreement (0–1) or light grey without a
    joint vote, mid grey when it has no ISO3; ``a`` filled dark; ``b`` with a thick red
    outline. Projection equalEarth, 720 px wide; the TopoJSON and the table are inline. ``note`` (e.g.
    :func:`year_note`) is added to the subtitle after the first line. Only the states with a value have a
    tooltip.
    Raises ``ValueError`` for an unknown body.
    """
    if body not in BODY_NAMES:
        raise ValueError(f"body must be one of {tuple(BODY_NAMES)}, got {body!r}")
    topo = load_shapes() if topo is None else topo
    names = dict(zip(countries["iso3"], countries["name"], strict=True)) if names is None else names
    mapping = shape_iso3(topo)
    shaped = set(mapping.values())
    grey = unmapped_shapes(topo, mapping)

    scores = alignment_with_all(votes, roll_calls, a, body=body, start_year=year, end_year=year)
    table = (
        scores.filter(pl.col("year") == year)
        .select(
            "iso3",
            pl.col("iso3").replace_strict(names, default=pl.col("iso3"), return_dtype=pl.String).alias("name"),
            "agreement",
            "n_joint",
            pl.col("iso3").is_in(list(shaped)).alias("has_shape"),
        )
        .sort(["agreement", "iso3"], descending=[True, False])
    )
    without = sorted(table.filter(~pl.col("has_shape"))["name"].to_list())
    n_votes = filter_roll_calls(roll_calls, body=body, start_year=year, end_year=year).height

    name_a, name_b = names.get(a, a), names.get(b, b)
    shapes = alt.Data(values=_with_iso3(topo, mapping), format=alt.DataFormat(type="topojson", feature="countries"))
    lookup = alt.LookupData(
        data=alt.InlineData(values=table.select("iso3", "name", "agreement", "n_joint").to_dicts()),
        key="iso3",
        fields=["name", "agreement", "n_joint"],
    )
    base = (
        alt.Chart(shapes)
        .transform_calculate(iso3="datum.properties.iso3", shape_name="datum.properties.name")
        .transform_lookup(lookup="iso3", from_=lookup)
        .transform_calculate(state="isValid(datum.name) ? datum.name : datum.shape_name")
    )
    tooltip = [
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("agreement:Q", format=".3f", title=f"Agreement with {name_a}"),
        alt.Tooltip("n_joint:Q", title="Joint votes"),
    ]
    has_value = "isValid(datum.agreement)"
    # The field definition with a list of value conditions (Vega-Lite evaluates them in order; the
    # field applies when none holds). Altair's alt.when() cannot chain value and field conditions.
    color = alt.Color(
        "agreement:Q",
        title=f"Agreement with {name_a} (share, 0–1)",
        scale=alt.Scale(domain=[0, 1], scheme=SCHEME),
        legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=260, titleLimit=480),
        condition=[
            {"test": f"!{has_value} && !isValid(datum.iso3)", "value": UNMAPPED_GREY},
            {"test": f"!{has_value}", "value": NO_DATA_GREY},
        ],
    )
    # Two layers: the shapes without a value (territories, Antarctica, non-members, shapes with no ISO
    # code) drawn grey with no tooltip, which would read "null"; the states with a value, with it.
    # invalid="show": Vega-Lite filters the rows whose colour field is null by default.
    blank = base.transform_filter(f"!{has_value}").mark_geoshape(
        stroke="white", strokeWidth=0.4, invalid="show").encode(color=color)
    states = base.transform_filter(has_value).mark_geoshape(stroke="white", strokeWidth=0.4).encode(
        color=color, tooltip=tooltip)
    reference = base.transform_filter(alt.datum.iso3 == a).mark_geoshape(
        fill=A_FILL, stroke="black", strokeWidth=1.0).encode(tooltip=[alt.Tooltip("state:N", title="State (A)")])
    partner = base.transform_filter(alt.datum.iso3 == b).mark_geoshape(
        filled=False, stroke=B_STROKE, strokeWidth=2.6).encode(
        tooltip=tooltip if b in set(table["iso3"].to_list()) else [alt.Tooltip("state:N", title="State (B)")])

    body_name = BODY_NAMES[body]
    source = re.sub(r"^Sources?: ", "", votes_source(body)).rstrip(".")
    key = (f"{name_a} dark grey; {name_b} outlined in red. Light grey: no joint vote with {name_a} "
           f"(not a member, absent all year, or a territory)")
    key += f"; mid grey: shapes with no ISO code ({', '.join(grey)})." if grey else "."
    lines = [
        f"{body_name}, {year}: agreement on the {n_votes} recorded votes where both voted yes, abstain or no "
        "(identical 1, one abstains 0.5, opposite 0).",
        *(_wrap(note) if note else []),
        *_wrap(key),
    ]
    if without:
        lines += _wrap(f"Too small for the 1:110m shapes, not drawn ({len(without)}): {', '.join(without)}.")
    # the shapes' credit is kept whole on one line (no-break spaces while wrapping)
    protected = SHAPES_SOURCE.replace(" ", "\u00a0")
    lines += [line.replace("\u00a0", " ") for line in _wrap(f"Source: UN voting data ({source}); {protected}.")]
    chart = (
        alt.layer(blank, states, reference, partner)
        .project(type="equalEarth")
        .properties(width=720, height=380, title=chart_title(
            f"How the world voted with {name_a}: agreement in the {body_name}, {year}", *lines))
    )
    return MapResult(chart=chart, table=table, without_shapes=without, year=year, body=body, unmapped_shapes=grey)
