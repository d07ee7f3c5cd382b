"""Adapter for the CAMEO event-code tables → the ``event_codes`` table.

Three published files (``data/raw/cameo/``):

- ``CAMEO.eventcodes.txt`` (GDELT): ``CAMEOEVENTCODE<TAB>EVENTDESCRIPTION``, UTF-8, CRLF
  line ends. Besides the CAMEO codes it holds the four QuadClass labels as codes ``1``-``4``
  ("1 Verbal Cooperation" ...), read here as the quad labels. Two known defects, handled
  here and tested: the line of ``1056`` also carries code 106 (``"Demand de-escalation of
  military engagement106:[-5.0] Demand withdrawal"``, a residue of the KEDS scale file the
  table was made from), and the descriptions of 101-108 are those of an older CAMEO draft
  (e.g. "101 Demand information, investigation" where CAMEO 1.1b3 has "Demand material
  cooperation"); GDELT codes its events with CAMEO 1.1b3, so ``description`` comes from the
  ICEWS table and GDELT's text is kept as ``description_gdelt``.
- ``CAMEO.goldsteinscale.txt`` (GDELT): ``CAMEOEVENTCODE<TAB>GOLDSTEINSCALE``.
- ``icews-cameo-codes.csv`` (andybega/icews, from Schrodt's Parus Analytics CAMEO pages):
  Windows-1252 text, columns ``"",eventtype_ID,name,code,goldstein,...,root_code,order``;
  all 312 CAMEO 1.1b3 codes.

**Quad classes** (``quad_class``): 1 verbal cooperation = roots 01-05, 2 material
cooperation = 06-08, 3 verbal conflict = 09-13, 4 material conflict = 14-20 (Duval &
Thompson 1980; the ICEWS quad counts, andybega/icews). GDELT's published ``QuadClass``
column differs for two roots: it codes 09 (investigate) as material cooperation and 14
(protest) as verbal conflict (read from the shipped 15-minute file: all 45 root-09 rows
carry QuadClass 2, all 31 root-14 rows QuadClass 3). That variant is kept as
``quad_class_gdelt``.

**Goldstein weights.** The two tables disagree on four codes:

====  =======================================================  ======  ======
code  CAMEO 1.1b3 name                                          GDELT   ICEWS
====  =======================================================  ======  ======
016   Deny responsibility                                       -2.0    -5.0
022   Appeal for diplomatic cooperation (such as policy support) 3.2    3.4
164   Halt negotiations                                         -7.0    -6.5
165   Halt mediation                                            -6.5    -7.0
====  =======================================================  ======  ======

The project uses **the ICEWS weights** (``GOLDSTEIN_CHOICE``). Goldstein (1992) scaled WEIS
codes, not CAMEO; the CAMEO weights are the KEDS / Penn State Event Data Project's
carry-over of his scale, published by Schrodt ("CAMEO SCALE", v0.5B1, 2007, as shipped with
the R package ``events``). In that scale the same four *actions* have exactly the ICEWS
values: "Reject accusation, deny responsibility" -5.0, "Appeal for policy support" 3.4,
"Halt negotiations" -6.5, "Halt mediation" -7.0. CAMEO 1.1b3 renumbered them (to 016, 022,
164, 165); the ICEWS table follows the actions, GDELT's does not (its 164 and 165 carry each
other's weight; its 016 has the DISAPPROVE weight -2.0). GDELT's weights are kept in
``goldstein_gdelt``, and GDELT's event rows keep their published score in ``intensity``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import polars as pl

from analysis.schemas import QUAD_CLASSES, conform
from analysis.sources import SourceFormatError, read_utf8

SOURCE = "cameo"
GDELT_CODES = "cameo/CAMEO.eventcodes.txt"
GDELT_GOLDSTEIN = "cameo/CAMEO.goldsteinscale.txt"
ICEWS_CODES = "cameo/icews-cameo-codes.csv"
ICEWS_ENCODING = "cp1252"
#: Which table's Goldstein weights the project uses (see the module docstring).
GOLDSTEIN_CHOICE = "icews"
#: CAMEO roots (1-20) of each quad class, the project's rule and GDELT's QuadClass rule.
QUAD_ROOTS: dict[int, range] = {1: range(1, 6), 2: range(6, 9), 3: range(9, 14), 4: range(14, 21)}
GDELT_QUAD_ROOTS: dict[int, range] = {1: range(1, 6), 2: range(6, 10), 3: range(10, 15), 4: range(15, 21)}

_CODE = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")
_MERGED_106 = re.compile(r"^(?P<first>.*?)\s*106:\[(?P<weight>-?\d+(?:\.\d+)?)\]\s*(?P<second>.+)$")


def is_cameo_code(code: str) -> bool:
    """Return True if ``code`` has the form of a CAMEO event code: root 01-20 plus 0-2 digits."""
    return bool(_CODE.match(code))


def quad_class_of_root(root: int, rule: dict[int, range] = QUAD_ROOTS) -> int:
    """Return the quad class (1-4) of CAMEO root ``root`` (1-20); ``ValueError`` otherwise."""
    for quad, roots in rule.items():
        if root in roots:
            return quad
    raise ValueError(f"not a CAMEO root code: {root!r}")


def quad_class_expr(code: pl.Expr, rule: dict[int, range] = QUAD_ROOTS) -> pl.Expr:
    """Return an Int8 expression: the quad class of the CAMEO codes in ``code`` (via their root)."""
    root = code.str.slice(0, 2).cast(pl.Int32, strict=False)
    expr = pl.when(root.is_between(rule[1].start, rule[1].stop - 1)).then(pl.lit(1, pl.Int8))
    for quad in (2, 3, 4):
        expr = expr.when(root.is_between(rule[quad].start, rule[quad].stop - 1)).then(pl.lit(quad, pl.Int8))
    return expr.otherwise(pl.lit(None, pl.Int8))


def _tab_lines(path: Path) -> list[tuple[int, str, str]]:
    """Return (line number, code, value) for each data line of a two-column GDELT lookup file."""
    text = read_utf8(path)
    lines = text.splitlines()
    if not lines or "\t" not in lines[0] or not lines[0].startswith("CAMEOEVENTCODE\t"):
        raise SourceFormatError(f"{path}: line 1: expected the header CAMEOEVENTCODE<TAB>..., found {lines[:1]}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise SourceFormatError(f"{path}: line {number}: expected 2 tab-separated fields, found {len(parts)}")
        rows.append((number, parts[0].strip(), parts[1].strip()))
    return rows


def read_gdelt_descriptions(path: Path) -> tuple[pl.DataFrame, dict[int, str]]:
    """Return (code, description_gdelt) and the quad labels {1: "verbal cooperation", ...} of GDELT's table.

    The merged line of 1056 (see the module docstring) gives two rows, 1056 and 106.
    Raises ``SourceFormatError`` naming the file and line of a malformed row or unknown code.
    """
    codes: dict[str, str] = {}
    labels: dict[int, str] = {}
    for number, code, text in _tab_lines(path):
        if code in {"1", "2", "3", "4"}:
            labels[int(code)] = text.lower()
            continue
        if not is_cameo_code(code):
            raise SourceFormatError(f"{path}: line {number}: {code!r} is not a CAMEO event code")
        merged = _MERGED_106.match(text)
        if merged:
            text = merged["first"]
            codes.setdefault("106", merged["second"].strip())
        if code in codes and code != "106":
            raise SourceFormatError(f"{path}: line {number}: code {code} listed twice")
        codes[code] = text
    if labels != QUAD_CLASSES:
        raise SourceFormatError(f"{path}: quad-class labels {labels} differ from the expected {QUAD_CLASSES}")
    frame = pl.DataFrame({"code": list(codes), "description_gdelt": list(codes.values())},
                         schema={"code": pl.String, "description_gdelt": pl.String})
    return frame, labels


def read_gdelt_goldstein(path: Path) -> pl.DataFrame:
    """Return (code, goldstein_gdelt) from GDELT's Goldstein table; ``SourceFormatError`` names a bad line."""
    rows = []
    for number, code, value in _tab_lines(path):
        if not is_cameo_code(code):
            raise SourceFormatError(f"{path}: line {number}: {code!r} is not a CAMEO event code")
        try:
            weight = float(value)
        except ValueError:
            raise SourceFormatError(f"{path}: line {number}: Goldstein weight {value!r} is not a number") from None
        if not -10 <= weight <= 10:
            raise SourceFormatError(f"{path}: line {number}: Goldstein weight {weight} outside [-10, 10]")
        rows.append((code, weight))
    frame = pl.DataFrame(rows, schema={"code": pl.String, "goldstein_gdelt": pl.Float64}, orient="row")
    dup = frame.filter(pl.col("code").is_duplicated())
    if dup.height:
        raise SourceFormatError(f"{path}: codes listed twice: {sorted(set(dup['code']))}")
    return frame


ICEWS_COLUMNS = ("", "eventtype_ID", "name", "code", "goldstein", "nsLeft", "nsRight", "description",
                 "usage_notes", "example", "root_code", "order")


def read_icews_codes(path: Path) -> pl.DataFrame:
    """Return (code, description, goldstein_icews) from the ICEWS CAMEO table (Windows-1252 CSV).

    Raises ``SourceFormatError`` naming the file and line (the CSV's physical line, header = 1)
    of a row with a malformed code, a root code that is not the code's first two digits, or a
    weight that is not a number in [-10, 10].
    """
    try:
        text = path.read_bytes().decode(ICEWS_ENCODING)
    except FileNotFoundError:
        raise SourceFormatError(f"{path}: missing") from None
    except UnicodeDecodeError as exc:
        raise SourceFormatError(f"{path}: not {ICEWS_ENCODING} text ({exc})") from None
    table = pl.read_csv(io.StringIO(text), infer_schema=False)
    if tuple(table.columns) != ICEWS_COLUMNS:
        raise SourceFormatError(f"{path}: line 1: columns {table.columns}, expected {list(ICEWS_COLUMNS)}")
    # physical line of each record: records may span lines (quoted newlines in the notes)
    starts = _record_lines(text)
    rows = []
    for i, rec in enumerate(table.select("code", "name", "goldstein", "root_code").iter_rows()):
        code, name, weight, root = rec
        line = starts[i]
        if code is None or not is_cameo_code(code):
            raise SourceFormatError(f"{path}: line {line}: {code!r} is not a CAMEO event code")
        if root != code[:2]:
            raise SourceFormatError(f"{path}: line {line}: root_code {root!r} is not the first two digits of {code}")
        try:
            value = float(weight)
        except (TypeError, ValueError):
            raise SourceFormatError(f"{path}: line {line}: Goldstein weight {weight!r} is not a number") from None
        if not -10 <= value <= 10:
            raise SourceFormatError(f"{path}: line {line}: Goldstein weight {value} outside [-10, 10]")
        if not name:
            raise SourceFormatError(f"{path}: line {line}: code {code} has no name")
        rows.append((code, name.strip(), value))
    frame = pl.DataFrame(rows, schema={"code": pl.String, "description": pl.String, "goldstein_icews": pl.Float64},
                         orient="row")
    dup = frame.filter(pl.col("code").is_duplicated())
    if dup.height:
        raise SourceFormatError(f"{path}: codes listed twice: {sorted(set(dup['code']))}")
    return frame


def _record_lines(text: str) -> list[int]:
    """Return the physical line number on which each CSV record after the header starts."""
    import csv

    reader = csv.reader(io.StringIO(text))
    next(reader)
    starts, line = [], reader.line_num + 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return starts


def read(raw: Path) -> pl.DataFrame:
    """Return the ``event_codes`` table from the three CAMEO files under ``raw``.

    One row per code of either table (the ICEWS table has all 312 CAMEO 1.1b3 codes, GDELT's
    has no 1213). ``goldstein`` is the ICEWS weight (``GOLDSTEIN_CHOICE``), or GDELT's where
    ICEWS lacks the code; ``goldstein_choice`` says which and whether the tables agree.
    """
    descriptions, labels = read_gdelt_descriptions(raw / GDELT_CODES)
    gdelt_weights = read_gdelt_goldstein(raw / GDELT_GOLDSTEIN)
    icews = read_icews_codes(raw / ICEWS_CODES)
    gdelt = gdelt_weights.join(descriptions, on="code", how="full", coalesce=True)
    codes = icews.join(gdelt, on="code", how="full", coalesce=True)
    chosen = pl.col("goldstein_icews") if GOLDSTEIN_CHOICE == "icews" else pl.col("goldstein_gdelt")
    other = pl.col("goldstein_gdelt") if GOLDSTEIN_CHOICE == "icews" else pl.col("goldstein_icews")
    other_name = "gdelt" if GOLDSTEIN_CHOICE == "icews" else "icews"
    frame = codes.with_columns(
        pl.coalesce(pl.col("description"), pl.col("description_gdelt")).alias("description"),
        pl.col("code").str.slice(0, 2).alias("root_code"),
        quad_class_expr(pl.col("code")).alias("quad_class"),
        quad_class_expr(pl.col("code"), GDELT_QUAD_ROOTS).alias("quad_class_gdelt"),
        pl.coalesce(chosen, other).alias("goldstein"),
        pl.when(chosen.is_null())
        .then(pl.lit(f"{other_name} (the {GOLDSTEIN_CHOICE} table lacks this code)"))
        .when(other.is_null())
        .then(pl.lit(f"{GOLDSTEIN_CHOICE} (the {other_name} table lacks this code)"))
        .when(chosen == other)
        .then(pl.lit(f"{GOLDSTEIN_CHOICE} (both tables agree)"))
        .otherwise(pl.format(f"{GOLDSTEIN_CHOICE} (the {other_name} table has {{}})", other))
        .alias("goldstein_choice"),
    ).with_columns(pl.col("quad_class").replace_strict(labels, return_dtype=pl.String).alias("quad_label"))
    return conform(frame.sort("code"), "event_codes")


def lookup(event_codes: pl.DataFrame) -> pl.DataFrame:
    """Return (cameo_code, quad_class, goldstein) for joining events to their code's class and weight."""
    return event_codes.select(pl.col("code").alias("cameo_code"), "quad_class", "goldstein")
