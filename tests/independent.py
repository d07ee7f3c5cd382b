"""An independent, deliberately plain computation of the alignment measures from raw files.

Used by the tests to check the package end to end: it reads the published files itself
(pyreadr / json), applies the definitions with Python loops, and shares no code with
``analysis`` except nothing at all.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyreadr

CODE = {"yes": 1, "abstain": 2, "no": 3}


def measures(pairs: list[tuple[int, int]]) -> dict[str, float]:
    """Agreement, kappa, pi and S for a list of joint (x, y) votes coded 1..3."""
    n = len(pairs)
    do = sum(abs(x - y) / 2 for x, y in pairs) / n
    pa = {k: sum(1 for x, _ in pairs if x == k) / n for k in (1, 2, 3)}
    pb = {k: sum(1 for _, y in pairs if y == k) / n for k in (1, 2, 3)}
    pooled = {k: (pa[k] + pb[k]) / 2 for k in (1, 2, 3)}
    de_k = sum(pa[x] * pb[y] * abs(x - y) / 2 for x in (1, 2, 3) for y in (1, 2, 3))
    de_p = sum(pooled[x] * pooled[y] * abs(x - y) / 2 for x in (1, 2, 3) for y in (1, 2, 3))
    return {
        "n_joint": n,
        "agreement": 1 - do,
        "kappa": 1 - do / de_k if de_k > 0 else math.nan,
        "pi": 1 - do / de_p if de_p > 0 else math.nan,
        "s_score": 1 - 2 * do,
    }


def unvotes_by_year(raw: Path, iso2_a: str, iso2_b: str) -> dict[int, dict[str, float]]:
    """Measures per calendar year for two states, from the unvotes .rda files alone."""
    votes = pyreadr.read_r(str(raw / "unvotes/un_votes.rda"), output_format="polars")["un_votes"]
    rolls = pyreadr.read_r(str(raw / "unvotes/un_roll_calls.rda"), output_format="polars")["un_roll_calls"]
    year_of = {int(r): d.year for r, d in zip(rolls["rcid"], rolls["date"], strict=True)}
    own: dict[str, dict[int, int]] = {iso2_a: {}, iso2_b: {}}
    for rcid, code, vote in zip(votes["rcid"], votes["country_code"], votes["vote"], strict=True):
        if code in own:
            own[code][int(rcid)] = CODE[vote]
    for rcid in _repeated_roll_calls(votes, rolls):  # counted once, as the build does (analysis.measures.record_fixes)
        for code in own:
            own[code].pop(rcid, None)
    joint: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for rcid, x in own[iso2_a].items():
        if rcid in own[iso2_b]:
            joint[year_of[rcid]].append((x, own[iso2_b][rcid]))
    return {year: measures(p) for year, p in joint.items()}


def _repeated_roll_calls(votes, rolls) -> set[int]:
    """The rcids of unvotes roll calls on a whole text (neither amend nor para is 1) that repeat an earlier rcid's
    symbol (unvotes writes some as R/72/164, others as A/RES/72/164), date and every state's vote: the later copies."""
    ballots: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for rcid, country, vote in zip(votes["rcid"], votes["country"], votes["vote"], strict=True):
        ballots[int(rcid)].add((country, str(vote)))
    seen: dict[tuple, int] = {}
    repeated = set()
    for rcid, unres, date, amend, para in sorted(zip(rolls["rcid"], rolls["unres"], rolls["date"], rolls["amend"],
                                                     rolls["para"], strict=True), key=lambda t: t[0]):
        if not unres or amend == 1 or para == 1:
            continue
        symbol = "A/RES/" + unres.strip()[2:] if unres.strip().startswith("R/") else unres.strip()  # R/72/164
        key = (symbol, date, frozenset(ballots[int(rcid)]))
        if key in seen:
            repeated.add(int(rcid))
        else:
            seen[key] = int(rcid)
    return repeated


def dgacm_records(raw: Path) -> Iterator[dict]:
    """Every record of every DGACM file (JSON lines or one JSON value), in file order."""
    for path in sorted((raw / "unga-dgacm").glob("*.json")):
        text = path.read_text(encoding="utf-8")
        try:
            loaded = json.loads(text)
            yield from loaded if isinstance(loaded, list) else [loaded]
        except json.JSONDecodeError:
            yield from (json.loads(line) for line in text.splitlines() if line.strip())


def dgacm_by_year(raw: Path, name_a: str, name_b: str) -> dict[int, dict[str, float]]:
    """Measures per year for two states (upper-case DGACM names), from the DGACM JSON alone.

    Each symbol is counted once (the files repeat some records).
    """
    import datetime as dt

    seen: set[str] = set()
    joint: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for rec in dgacm_records(raw):
        lists = {"MS_in_favour": 1, "MS_abstaining": 2, "MS_against": 3}
        cast = {name: code for key, code in lists.items() for name in rec[key]}
        if not cast or rec["symbol"] in seen:
            continue
        seen.add(rec["symbol"])
        if name_a in cast and name_b in cast:
            when = " ".join(rec["adoption_date"].replace("\xa0", " ").split())
            for fmt in ("%Y-%m-%d %H:%M:%S", "%d %B %Y"):
                try:
                    year = dt.datetime.strptime(when, fmt).year
                    break
                except ValueError:
                    continue
            joint[year].append((cast[name_a], cast[name_b]))
    return {year: measures(p) for year, p in joint.items()}


def ohchr_data(raw: Path) -> dict:
    """The JSON object in the OHCHR harvest's ``data.js`` (after ``window.DATA =``), read with json alone."""
    text = (raw / "ohchr-voting" / "data.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].strip().rstrip(";"))


def ohchr_state_votes(raw: Path, symbol: str) -> dict[str, str]:
    """{state code as in the harvest: letter} for the one recorded vote of ``symbol`` in ``data.js``."""
    data = ohchr_data(raw)
    (index,) = [i for i, r in enumerate(data["res"]) if r["sym"] == symbol]
    return {code: entry["v"][entry["r"].index(index)] for code, entry in data["votes"].items()
            if index in entry["r"]}
