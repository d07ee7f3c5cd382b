"""Adapter for roll calls recorded from UN press releases (``data/raw/un-press-votes/*.csv``).

News runs ahead of every dataset: when a vote happened last week, an analyst has the UN
press release (or a story quoting it), which names how each state voted. This module reads
such votes from a small CSV format, one row per state of one roll call:

===============  ========  ===========================================================
column           required  meaning
===============  ========  ===========================================================
date             yes       the day of the vote, ``YYYY-MM-DD``
outcome          yes       ``adopted ...``, ``not adopted ...`` or ``vetoed ...``; may
                           name the resolution ("adopted as S/RES/2817(2026)") and
                           describe the text in parentheses
tally            yes       the official result as published, yes-no-abstain: ``13-0-2``
state_name       yes       the state as the source names it
iso3             yes       its ISO 3166-1 alpha-3 code
vote             yes       ``Y`` yes, ``N`` no, ``A`` abstain, ``-`` present or listed
                           without voting (absent)
source_url       yes       the press release (or the story) that gives this vote
body             no        ``SC``, ``GA``, ``HRC`` or ``CHR``; default from the file
                           name's prefix: ``sc_``, ``ga_``, ``hrc_``, ``chr_``
symbol           no        the resolution symbol; default: parsed from ``outcome``
                           ("adopted as S/RES/2817(2026)")
draft_symbol     no        the draft voted on (may be empty: a failed draft often has
                           no symbol in the release)
title            no        the text's title; default: the description in parentheses
                           in ``outcome`` (without counts such as "4 in favour")
basis            no        whether the state's vote is named in the source or derived,
                           e.g. "named in source", "abstainers named in source; Y derived
                           = remaining 2026 members" (the votes before "derived" are
                           the derived ones)
===============  ========  ===========================================================

The rows of one roll call share date, outcome, tally, body, symbol, draft symbol and
title. ``read`` checks every roll call and stops at the first fault with a
``SourceFormatError`` naming the file and line (header = line 1): a missing column or
value, an unknown vote code or outcome, a malformed tally, a state listed twice, rows whose
yes/no/abstain counts differ from the tally, or a state that was not a member of the body
that year (``check_members``; the Security Council's members of 2025-2026 are in
``data/raw/un-sc-members/``, other years' members are read off the other sources' records).

Roll-call ids: ``yyyymmdd * 100 + k``, with k the rank of the roll call among the day's
press-release roll calls (by symbol, draft symbol, file and line), so they never collide
with the other sources' ids (all below 10^8) and stay stable as files are added for other
days.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.core.clock import refuse_future_value
from analysis.core.issue_rules import issue_flags
from analysis.schemas import BODIES, PRESS_VOTES, conform
from analysis.sources import SourceFormatError, read_csv_text

SOURCE = "un_press"  # the ``source`` of the roll calls and votes read here
SOURCE_DIR = "un-press-votes"  # the manifest's source name and folder
MEMBERS_SOURCE = "un-sc-members"  # the Security Council's members per year, with a URL per row
REQUIRED = ("date", "outcome", "tally", "state_name", "iso3", "vote", "source_url")
OPTIONAL = ("body", "symbol", "draft_symbol", "title", "basis")
VOTE_CODES = {"Y": "yes", "N": "no", "A": "abstain", "-": "absent"}
PREFIXES = {"sc_": "SC", "ga_": "GA", "hrc_": "HRC", "chr_": "CHR"}
_TALLY = re.compile(r"(\d+)\s*[-–]\s*(\d+)\s*[-–]\s*(\d+)")
_SYMBOL = re.compile(r"\badopted as ([A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)*/RES/[0-9A-Za-z.\-/]+(?:\s?\(\d{4}\))?)")
_COUNTS = re.compile(r"^\d+\s+(in favour|against|abstentions?|affirmative)|votes? required|^\d+-\d+-\d+$")
_DERIVED = re.compile(r"\b([YNA](?:\s*(?:,|and|/)\s*[YNA])*)\s+derived")


@dataclass
class PressVotes:
    """What ``read`` returns: roll calls and votes in the canonical schemas, the per-state rows
    with their basis and URL (``press_votes``), and notes for the build report."""

    roll_calls: pl.DataFrame
    votes: pl.DataFrame
    press_votes: pl.DataFrame
    notes: list[str] = field(default_factory=list)


def _outcome(text: str) -> str:
    lowered = text.strip().lower()
    for word in ("not adopted", "vetoed", "adopted"):
        if lowered.startswith(word):
            return word
    raise ValueError(f"outcome {text!r} does not start with 'adopted', 'not adopted' or 'vetoed'")


def symbol_from_outcome(text: str) -> str | None:
    """Return the resolution symbol an outcome names ("adopted as S/RES/2817(2026) ..." → "S/RES/2817(2026)")."""
    m = _SYMBOL.search(text)
    return m.group(1) if m else None


def title_from_outcome(text: str) -> str | None:
    """Return the description in the outcome's parentheses, without counts; None when there is none.

    "not adopted (Russian Federation draft on cessation of hostilities; 4 in favour)" →
    "Russian Federation draft on cessation of hostilities"; "not adopted (4 in favour; 9
    affirmative votes required)" → None. A year in parentheses after a symbol is skipped.
    """
    for group in re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)", text):
        if re.fullmatch(r"\d{4}", group.strip()):
            continue
        parts = [p.strip() for p in group.split(";") if p.strip() and not _COUNTS.search(p.strip())]
        if parts:
            return "; ".join(parts)
    return None


def derived_codes(basis: str | None) -> set[str] | None:
    """Return the vote codes a basis says were derived ("Y derived = remaining members" → {"Y"}).

    None when the basis is empty (the file does not say); an empty set when it says the votes
    are named in the source.
    """
    if basis is None or not basis.strip():
        return None
    m = _DERIVED.search(basis)
    return set(re.findall(r"[YNA]", m.group(1))) if m else set()


def body_of_file(path: Path) -> str | None:
    """Return the body a file name's prefix gives (``sc_iran_2025.csv`` → "SC"), or None."""
    for prefix, body in PREFIXES.items():
        if path.name.lower().startswith(prefix):
            return body
    return None


def _value(row: dict, column: str) -> str:
    return (row.get(column) or "").strip()


def read_file(path: Path) -> pl.DataFrame:
    """Read one press-votes CSV; return one row per state with its roll call's fields and ``line``.

    Checks the columns, the values of every row and, per roll call, that the rows add up to
    the tally and that no state is listed twice. Raises ``SourceFormatError`` naming the file
    and line. Membership is checked by ``check_members``.
    """
    raw = read_csv_text(path, REQUIRED, " (the format: analysis/sources/un_press_votes.py)")
    default_body = body_of_file(path)
    rows = []
    for line, row in enumerate(raw.iter_rows(named=True), start=2):
        where = f"{path}, line {line}"
        for column in REQUIRED:
            if column != "vote" and not _value(row, column):
                raise SourceFormatError(f"{where}: empty {column}")
        body = _value(row, "body").upper() or default_body
        if body not in BODIES:
            raise SourceFormatError(f"{where}: body {body!r} is not one of {', '.join(BODIES)} (give a body column "
                                    f"or start the file name with sc_, ga_, hrc_ or chr_)")
        try:
            date = dt.date.fromisoformat(_value(row, "date"))
        except ValueError:
            raise SourceFormatError(f"{where}: date {_value(row, 'date')!r} is not YYYY-MM-DD") from None
        refuse_future_value(date, file=path, row=f"line {line}")
        tally = _TALLY.fullmatch(_value(row, "tally"))
        if not tally:
            raise SourceFormatError(f"{where}: tally {_value(row, 'tally')!r} is not yes-no-abstain, e.g. 13-0-2")
        code = _value(row, "vote").upper()
        if code not in VOTE_CODES:
            raise SourceFormatError(f"{where}: vote {_value(row, 'vote')!r} is not one of Y, N, A, - "
                                    f"(yes, no, abstain, present without voting)")
        iso3 = _value(row, "iso3").upper()
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            raise SourceFormatError(f"{where}: iso3 {_value(row, 'iso3')!r} is not an ISO3 code")
        try:
            outcome = _outcome(_value(row, "outcome"))
        except ValueError as exc:
            raise SourceFormatError(f"{where}: {exc}") from None
        basis = _value(row, "basis") or None
        derived = derived_codes(basis)
        rows.append({
            "file": path.name, "line": line, "body": body, "date": date, "year": date.year,
            "outcome_text": _value(row, "outcome"), "outcome": outcome, "tally": _value(row, "tally"),
            "official_yes": int(tally[1]), "official_no": int(tally[2]), "official_abstain": int(tally[3]),
            "symbol": _value(row, "symbol") or symbol_from_outcome(_value(row, "outcome")),
            "draft_symbol": _value(row, "draft_symbol") or None,
            "title": _value(row, "title") or title_from_outcome(_value(row, "outcome")),
            "state_name": _value(row, "state_name"), "iso3": iso3, "code": code, "vote": VOTE_CODES[code],
            "basis": basis, "named_in_source": None if derived is None else code not in derived,
            "source_url": _value(row, "source_url"),
        })
    if not rows:
        raise SourceFormatError(f"{path}: no rows")
    frame = pl.DataFrame(rows, infer_schema_length=None).cast(
        {"named_in_source": pl.Boolean, **{c: pl.String for c in ("symbol", "draft_symbol", "title", "basis")}})
    _check_roll_calls(path, frame)
    return frame


ROLL_CALL_KEY = ("body", "date", "outcome_text", "tally", "symbol", "draft_symbol", "title")


def _check_roll_calls(path: Path, frame: pl.DataFrame) -> None:
    twice = frame.filter(pl.struct(*ROLL_CALL_KEY, "iso3").is_duplicated())
    if twice.height:
        r = twice.row(1, named=True)
        raise SourceFormatError(f"{path}, line {r['line']}: {r['iso3']} is listed twice for the vote of {r['date']} "
                                f"({r['outcome_text']})")
    sums = frame.group_by(ROLL_CALL_KEY, maintain_order=True).agg(
        pl.col("line").min().alias("first_line"), pl.col("line").max().alias("last_line"), pl.len().alias("n_rows"),
        pl.col("official_yes").first(), pl.col("official_no").first(),
        pl.col("official_abstain").first(), *[(pl.col("code") == c).sum().alias(c) for c in ("Y", "N", "A")])
    bad = sums.filter((pl.col("Y") != pl.col("official_yes")) | (pl.col("N") != pl.col("official_no"))
                      | (pl.col("A") != pl.col("official_abstain")))
    if bad.height:
        r = bad.row(0, named=True)
        lines = f"line {r['first_line']}" if r["n_rows"] == 1 else f"lines {r['first_line']}-{r['last_line']}"
        cast = r["official_yes"] + r["official_no"] + r["official_abstain"]
        hint = "a vote of a row is wrong" if r["n_rows"] >= cast else "give one row per member with its vote"
        raise SourceFormatError(
            f"{path}, {lines}: the vote of {r['date']} ({r['outcome_text']}) has the tally {r['tally']} "
            f"(yes-no-abstain), but its {r['n_rows']} state row(s) count {r['Y']} yes, {r['N']} no and {r['A']} "
            f"abstaining: {hint}")


def read_members(raw: Path) -> pl.DataFrame:
    """Return the Security Council's members per year (``raw/un-sc-members/*.csv``): body, year, iso3, seat, file, line.

    Raises ``SourceFormatError`` naming the file for a missing column.
    """
    frames = []
    for path in sorted((raw / MEMBERS_SOURCE).glob("*.csv")):
        frame = read_csv_text(path, ("year", "iso3", "seat", "source_url"))
        frames.append(frame.with_row_index("line", offset=2).select(
            pl.lit("SC").alias("body"), pl.col("year").cast(pl.Int32), "iso3", "seat",
            pl.lit(path.name).alias("file"), pl.col("line").cast(pl.Int32)))
    if not frames:
        return pl.DataFrame(schema={"body": pl.String, "year": pl.Int32, "iso3": pl.String, "seat": pl.String,
                                    "file": pl.String, "line": pl.Int32})
    return pl.concat(frames)


def check_members(rows: pl.DataFrame, members: pl.DataFrame, raw_dir: Path) -> list[str]:
    """Check that every state of ``rows`` (``read_file``'s output) was a member of its body that year.

    ``members`` has columns body, year, iso3: the reference list and the memberships read off
    the other sources. A (body, year) that ``members`` does not cover is not checked, and a
    note says so. Returns the notes; raises ``SourceFormatError`` naming the file and line of
    the first state that was not a member.
    """
    notes = []
    known = members.select("body", "year").unique()
    covered = rows.join(known, on=["body", "year"], how="semi")
    for r in rows.join(known, on=["body", "year"], how="anti").select("body", "year", "file").unique().sort(
            "body", "year", "file").iter_rows(named=True):
        notes.append(f"un-press-votes: {r['file']}: no list of the {r['body']}'s members in {r['year']}; "
                     f"membership not checked")
    outsiders = covered.join(members.select("body", "year", "iso3"), on=["body", "year", "iso3"], how="anti")
    if outsiders.height:
        r = outsiders.sort("file", "line").row(0, named=True)
        raise SourceFormatError(
            f"{raw_dir / SOURCE_DIR / r['file']}, line {r['line']}: {r['state_name']} ({r['iso3']}) was not a member "
            f"of the {r['body']} in {r['year']} (members: {MEMBERS_SOURCE}/ and the other sources' records)")
    return notes


def read(raw: Path, members: pl.DataFrame, files: list[Path] | None = None) -> PressVotes:
    """Read every press-votes file (default ``raw/un-press-votes/*.csv``); return ``PressVotes``.

    ``members`` (body, year, iso3) is what ``check_members`` checks the states against.
    Roll calls get ``source = "un_press"``, the official tally, the outcome, the symbol
    and title when given or parsed, the URL of the source (``record_url``; a roll call whose
    rows cite several URLs keeps the first and names the others in ``note``) and a note
    "recorded from a UN press release". Raises ``SourceFormatError`` naming file and line.
    """
    paths = sorted(files if files is not None else (raw / SOURCE_DIR).glob("*.csv"))
    if not paths:
        return PressVotes(_empty("roll_calls"), _empty("votes"), pl.DataFrame(schema=PRESS_VOTES))
    rows = pl.concat([read_file(p) for p in paths], how="diagonal_relaxed")
    notes = check_members(rows, members, raw)
    calls = (
        rows.group_by(ROLL_CALL_KEY, maintain_order=True)
        .agg(pl.col("file").first(), pl.col("line").min().alias("first_line"), pl.col("year").first(),
             pl.col("outcome").first(), pl.col("official_yes").first(), pl.col("official_no").first(),
             pl.col("official_abstain").first(), pl.col("source_url").unique(maintain_order=True).alias("urls"),
             pl.col("named_in_source").not_().any().alias("any_derived"))
        .sort("date", "symbol", "draft_symbol", "file", "first_line", nulls_last=True)
        .with_columns((pl.col("date").dt.strftime("%Y%m%d").cast(pl.Int32) * 100
                       + pl.int_range(pl.len()).over("date")).cast(pl.Int32).alias("rcid"))
    )
    rows = rows.join(calls.select(*ROLL_CALL_KEY, "rcid"), on=list(ROLL_CALL_KEY), how="left", nulls_equal=True)
    others = pl.col("urls").list.slice(1)
    note = pl.concat_str([
        pl.format("recorded from a UN press release or a story quoting it ({}, line {}); outcome as published: {}",
                  "file", "first_line", "outcome_text"),
        pl.when(others.list.len() > 0).then(pl.lit("other sources: ") + others.list.join(", ")),
        pl.when(pl.col("any_derived")).then(pl.lit("some votes derived, not named in the source (see press_votes)")),
    ], separator="; ", ignore_nulls=True)
    roll_calls = calls.with_columns(
        pl.lit(None, pl.Int32).alias("session"), pl.lit(None, pl.String).alias("session_label"),
        pl.col("title").fill_null(pl.format("draft resolution voted on {} (title not given in the source)", "date"))
        .alias("title"),
        *issue_flags(pl.col("title")),
        pl.lit(None, pl.Boolean).alias("important"), pl.lit(None, pl.Boolean).alias("amend"),
        pl.lit(None, pl.Boolean).alias("para"), pl.lit("resolution").alias("doc_type"),
        pl.col("urls").list.first().alias("record_url"), note.alias("note"), pl.lit(SOURCE).alias("source"),
    )
    votes = rows.select("body", "rcid", "iso3", "vote", pl.lit(SOURCE).alias("source"))
    press = conform(rows, "press_votes").sort("body", "rcid", "iso3")
    notes.append(f"un-press-votes: {roll_calls.height} roll calls ({', '.join(sorted(set(calls['body'])))}) "
                 f"recorded from {len(paths)} file(s) of press releases, {rows.height} state votes")
    return PressVotes(conform(roll_calls, "roll_calls"), conform(votes, "votes"), press, notes)


def _empty(table: str) -> pl.DataFrame:
    from analysis.schemas import SCHEMAS

    return pl.DataFrame(schema=SCHEMAS[table])
