"""Adapter for the OHCHR voting harvest: the Commission on Human Rights (CHR, 1946-2006) and
the Human Rights Council (HRC, 2006-2026).

Files (``data/raw/ohchr-voting/``, a harvest of the OHCHR Search Library's Voting collection
by Szoszkiewicz 2026):

* ``resolutions.csv`` -- one row per resolution or decision (6,346): ``record_id`` (the
  Search Library's record), ``symbol``, ``title`` (ending " : resolution /" etc.),
  ``statement`` ("adopted by the Human Rights Council at its 58th session", "... at its
  39th special session", "rejected by ...", or only "Human Rights Council at its 33th
  session"), ``date``, ``body``, ``vote_type`` (RECORDED, ADOPTED WITHOUT VOTE,
  NON-RECORDED, WITHDRAWN, NOT CONSIDERED, ...), agenda fields, the official totals
  ``yes``/``no``/``abstain``/``nonvoting`` and ``total`` (the members on the record), and
  ``url_resolution``, ``url_draft``, ``record_url``.
* ``data.js`` -- ``window.DATA = {...}``: ``res`` (the 1,705 recorded votes that have a
  per-state list; ``id`` = ``record_id``) and ``votes[ISO3] = {"r": [indices into res],
  "v": "YNA.-..."}``, the i-th letter being the state's code on ``res[r[i]]``; ``countries``
  gives each state's UN regional group.

Reading rules (each tested):

* Codes: ``Y`` yes, ``N`` no, ``A`` abstain; ``.`` and ``-`` both mean a member listed on the
  record without a vote: ``absent``. Any other code stops the build naming the symbol and
  the state. A state with no entry for a roll call was not listed, so it was not a member
  then: it gets no row (``analysis.schemas.LISTING_BODIES``; ``memberships`` says who sat).
* State codes are ISO3 except the harvest's historical ones: ``SUN`` (USSR) is counted as
  RUS and ``GER`` (Federal Republic of Germany) as DEU, as everywhere in the project;
  ``DDR``, ``CSK`` and ``YUG`` keep their own codes (YUG becomes SCG/SRB by date).
* Roll calls are the rows whose ``vote_type`` starts with RECORDED; ``rcid`` is the
  ``record_id``. Ten of them have no per-state list in the harvest: they are kept, with
  their official tally where the source gives one and no vote rows.
* ``doc_type``: amendment (the harvest's ``am`` flag or a title ending "amendment /"),
  decision (title ending "decision /" or a DEC symbol), else resolution.
* ``outcome``: the statement's verb (adopted / rejected → "not adopted"); where it has none
  (458 HRC amendments), the per-state list decides (more yes than no: adopted -- decisions
  are taken by a majority of the members present and voting). On the roll calls the HRC
  sqlite file shares, this agrees with its ``passed`` column every time (but for three
  resolutions it marks not passed that the statement says were adopted); the official
  tally would not (28 of those tallies give a wrong count). Without a verb and without a
  per-state list (five HRC amendments) the outcome is left null: unknown.
* ``session``: the number in the statement ("at its 58th session"); null for special
  sessions, whose ``session_label`` is ``S-<n>``.
* Every other row goes to ``resolutions_without_roll_call`` with ``adoption`` saying how it
  was settled (adopted without a vote, non-recorded vote, ...).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.core.clock import refuse_future
from analysis.core.issue_rules import issue_flags
from analysis.schemas import conform
from analysis.sources import SourceFormatError, read_utf8

SOURCE = "ohchr"
SOURCE_DIR = "ohchr-voting"  # the manifest's source name (and folder)
BODY_CODES = {"Commission on Human Rights": "CHR", "Human Rights Council": "HRC"}
VOTE_CODES = {"Y": "yes", "N": "no", "A": "abstain", ".": "absent", "-": "absent"}
#: The harvest's historical state codes and the code the project counts them under.
STATE_CODES = {"SUN": "RUS", "GER": "DEU"}
#: vote_type (as in resolutions.csv) -> the ``adoption`` wording for rows without a roll call.
ADOPTION = {
    "ADOPTED WITHOUT VOTE": "adopted without a vote",
    "NON-RECORDED": "non-recorded vote",
    "NON-RECORDED, adopted unanimously": "adopted unanimously (non-recorded vote)",
    "WITHDRAWN": "withdrawn",
    "NOT CONSIDERED": "not considered",
    "NON-RECORDED, no voting information available": "no voting information",
}
RECORDED = ("RECORDED", "RECORDED, adopted at a closed meeting")
PREFIX = "window.DATA ="
_SESSION = re.compile(r"at its\s+(\d+)(?:st|nd|rd|th)\s+(special\s+)?session", re.IGNORECASE)
_TITLE_KIND = re.compile(r"\s*:?\s*\b(resolution|amendment|decision)\s*/?\s*$", re.IGNORECASE)


@dataclass
class OhchrData:
    """What ``read`` returns: CHR and HRC roll calls and votes in the project's schema, the
    resolutions settled without a roll call, each state's UN regional group (ISO3 -> group),
    and notes for the build report."""

    roll_calls: pl.DataFrame
    votes: pl.DataFrame
    without_roll_call: pl.DataFrame
    groups: dict[str, str]
    notes: list[str] = field(default_factory=list)


def load_data_js(path: Path) -> dict:
    """Return the JSON object of ``data.js`` (the text after ``window.DATA =``).

    Raises ``SourceFormatError`` naming the file when the prefix is missing or the JSON is bad.
    """
    text = read_utf8(path).lstrip("\ufeff")
    if not text.startswith(PREFIX):
        raise SourceFormatError(f"{path}: does not start with {PREFIX!r}")
    try:
        value, _ = json.JSONDecoder().raw_decode(text[len(PREFIX):].lstrip())
    except json.JSONDecodeError as exc:
        raise SourceFormatError(f"{path}: not valid JSON after {PREFIX!r} ({exc.msg} at char {exc.pos})") from None
    for key in ("res", "votes", "countries"):
        if key not in value:
            raise SourceFormatError(f"{path}: no {key!r} in window.DATA")
    return value


def _state_code(code: str) -> str:
    return STATE_CODES.get(code, code)


def state_votes(data: dict, path: Path) -> tuple[pl.DataFrame, list[str]]:
    """Return one row per listed state and recorded vote (record_id, date, code, iso3, vote), and notes.

    Takes the parsed ``data.js``. A state listed twice on one record with the same code is
    counted once and named in the notes (the harvest has two such repeats). Raises
    ``SourceFormatError`` naming the symbol and the state for an unknown code, an index
    outside ``res``, lists of different lengths, or a state listed twice with different
    codes (also SUN and RUS, or GER and DEU, on one record).
    """
    res = data["res"]
    rows: list[tuple[str, str, str, str, str]] = []
    for code, entry in data["votes"].items():
        indices, letters = entry.get("r"), entry.get("v")
        if not isinstance(indices, list) or not isinstance(letters, str) or len(indices) != len(letters):
            raise SourceFormatError(f"{path}: votes[{code!r}]: 'r' and 'v' must be a list and a string of one length")
        for index, letter in zip(indices, letters, strict=True):
            if not isinstance(index, int) or not 0 <= index < len(res):
                raise SourceFormatError(f"{path}: votes[{code!r}]: index {index!r} is not a record of 'res'")
            record = res[index]
            if letter not in VOTE_CODES:
                raise SourceFormatError(
                    f"{path}: {record.get('sym')} (record {record.get('id')}): state {code}: unknown vote code "
                    f"{letter!r} (known: {', '.join(VOTE_CODES)})")
            rows.append((str(record["id"]), record["date"], code, _state_code(code), VOTE_CODES[letter]))
    frame = pl.DataFrame(rows, schema=["record_id", "date", "code", "iso3", "vote"], orient="row")
    symbols = {str(r["id"]): r.get("sym") for r in res}
    notes = []
    twice = frame.filter(pl.struct("record_id", "iso3").is_duplicated())
    for (record_id, iso3), group in twice.group_by("record_id", "iso3", maintain_order=True):
        if group.select("code", "vote").n_unique() > 1:
            raise SourceFormatError(
                f"{path}: {symbols[record_id]} (record {record_id}): state {iso3} is listed twice with different "
                f"codes ({', '.join(f'{c} {v}' for c, v in group.select('code', 'vote').iter_rows())})")
        notes.append(f"ohchr: {symbols[record_id]} (record {record_id}) lists {iso3} twice with the same vote "
                     f"({group['vote'][0]}; counted once)")
    return frame.unique(["record_id", "iso3"], keep="first", maintain_order=True), notes


def _int(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().cast(pl.Int32, strict=True)


def read_csv(path: Path) -> pl.DataFrame:
    """Return ``resolutions.csv`` as strings, with ``body`` as GA/HRC/CHR and ``date`` parsed.

    Raises ``SourceFormatError`` naming the file for a missing column, an unknown body or
    vote type, an unreadable date or a non-numeric total.
    """
    try:
        frame = pl.read_csv(read_utf8(path).encode(), infer_schema_length=0)
    except pl.exceptions.ComputeError as exc:
        raise SourceFormatError(f"{path}: not a readable CSV ({exc})") from None
    needed = ["record_id", "symbol", "title", "statement", "date", "body", "vote_type", "agenda_item_title",
              "agenda_subject", "yes", "no", "abstain", "nonvoting", "total", "url_resolution", "url_draft",
              "record_url"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise SourceFormatError(f"{path}: missing columns {missing}")
    bodies = set(frame["body"].unique().to_list()) - set(BODY_CODES)
    if bodies:
        raise SourceFormatError(f"{path}: unknown body {sorted(bodies)}")
    types = set(frame["vote_type"].unique().to_list()) - set(ADOPTION) - set(RECORDED)
    if types:
        raise SourceFormatError(f"{path}: unknown vote_type {sorted(types)}")
    try:
        frame = frame.with_columns(
            pl.col("body").replace_strict(BODY_CODES),
            pl.col("date").str.to_date("%Y-%m-%d", strict=True).alias("date"),
            *[_int(c) for c in ("yes", "no", "abstain", "nonvoting", "total")],
        )
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError) as exc:
        raise SourceFormatError(f"{path}: a date or a total cannot be read: {exc}") from None
    refuse_future(frame.with_row_index("_row", offset=1), "date", file=path,
                  row=pl.format("row {} (record {}, {})", "_row", "record_id", pl.col("symbol").fill_null("no symbol")))
    return frame


def _metadata(frame: pl.DataFrame, am: pl.Expr) -> pl.DataFrame:
    """Columns shared by roll calls and rows without a roll call."""
    session = pl.col("statement").fill_null("").str.extract_groups(_SESSION.pattern)
    special = session.struct.field("2").is_not_null()
    number = session.struct.field("1").cast(pl.Int32)
    title_kind = pl.col("title").str.extract(_TITLE_KIND.pattern, 1).str.to_lowercase()
    draft = (pl.when(pl.col("url_draft").is_not_null())
             .then(pl.col("url_draft").str.replace(r"^https?://(?:www\.)?undocs\.org/(?:en/)?", ""))
             .when(pl.col("symbol").str.contains(r"/L\.")).then(pl.col("symbol")))
    return frame.with_columns(
        pl.col("symbol").str.strip_chars(),
        pl.col("date").dt.year().cast(pl.Int32).alias("year"),
        pl.when(special).then(None).otherwise(number).alias("session"),
        pl.when(special).then(pl.lit("S-") + number.cast(pl.String)).otherwise(number.cast(pl.String))
        .alias("session_label"),
        pl.col("title").str.replace(_TITLE_KIND.pattern, "").str.replace_all(r"\s+", " ").str.strip_chars()
        .alias("title"),
        pl.when(am | (title_kind == "amendment")).then(pl.lit("amendment"))
        .when((title_kind == "decision") | pl.col("symbol").str.contains("/DEC/")).then(pl.lit("decision"))
        .otherwise(pl.lit("resolution")).alias("doc_type"),
        draft.alias("draft_symbol"),
        pl.col("record_url").alias("record_url"),
        pl.lit(SOURCE).alias("source"),
    )


def read(raw: Path) -> OhchrData:
    """Read the OHCHR harvest under ``raw``; return an :class:`OhchrData`.

    Raises ``SourceFormatError`` naming the file, symbol and state for anything the rules in
    the module docstring do not cover (unknown code, body, vote type, a recorded vote in
    ``data.js`` that ``resolutions.csv`` lacks, a state listed twice on one record).
    """
    folder = raw / SOURCE_DIR
    csv_path, js_path = folder / "resolutions.csv", folder / "data.js"
    table = read_csv(csv_path)
    data = load_data_js(js_path)
    listed, repeat_notes = state_votes(data, js_path)
    am = {str(r["id"]): bool(r.get("am")) for r in data["res"]}
    unknown = sorted(set(am) - set(table["record_id"].to_list()))
    if unknown:
        raise SourceFormatError(f"{js_path}: recorded votes not in {csv_path.name}: records {unknown[:5]}")
    table = table.with_columns(
        pl.col("record_id").replace_strict(am, default=False, return_dtype=pl.Boolean).alias("_am"))
    table = _metadata(table, pl.col("_am"))

    recorded = table.filter(pl.col("vote_type").is_in(RECORDED))
    not_recorded = set(listed["record_id"].unique().to_list()) - set(recorded["record_id"].to_list())
    if not_recorded:
        raise SourceFormatError(f"{js_path}: per-state votes for records that {csv_path.name} does not call RECORDED: "
                                f"{sorted(not_recorded)[:5]}")
    # YUG after the FRY's renaming is SCG, then SRB (analysis.core.countries), by the vote's date
    from analysis.core.countries import yugoslavia_code

    listed = listed.with_columns(
        pl.when(pl.col("iso3") == "YUG").then(yugoslavia_code(pl.col("date").str.to_date())).otherwise(pl.col("iso3"))
        .alias("iso3"))
    counts = listed.group_by("record_id").agg(
        (pl.col("vote") == "yes").sum().alias("_y"), (pl.col("vote") == "no").sum().alias("_n"), pl.len().alias("_k"))
    verb = pl.col("statement").fill_null("").str.to_lowercase().str.extract(r"^\s*(adopted|rejected)\b")
    roll_calls = (
        recorded.join(counts, on="record_id", how="left")
        .with_columns(
            pl.col("record_id").cast(pl.Int32).alias("rcid"),
            *issue_flags(pl.col("title") + pl.lit(" ") + pl.col("agenda_item_title").fill_null("") + pl.lit(" ")
                         + pl.col("agenda_subject").fill_null("")),
            pl.lit(None, pl.Boolean).alias("important"),
            (pl.col("doc_type") == "amendment").alias("amend"),
            pl.lit(False).alias("para"),
            pl.when(verb == "adopted").then(pl.lit("adopted"))
            .when(verb == "rejected").then(pl.lit("not adopted"))
            .when(pl.col("_k") > 0).then(pl.when(pl.col("_y") > pl.col("_n")).then(pl.lit("adopted"))
                                         .otherwise(pl.lit("not adopted")))
            .alias("outcome"),
            pl.col("yes").alias("official_yes"),
            pl.col("no").alias("official_no"),
            pl.col("abstain").alias("official_abstain"),
            pl.col("nonvoting").alias("official_non_voting"),
            pl.col("total").alias("official_total"),
            pl.when(pl.col("_k").is_null())
            .then(pl.lit("the source has no per-state list for this recorded vote"))
            .alias("note"),
        )
        .sort("body", "rcid")
    )
    votes = listed.join(recorded.select("record_id", "body"), on="record_id").select(
        "body", pl.col("record_id").cast(pl.Int32).alias("rcid"), "iso3", "vote", pl.lit(SOURCE).alias("source"))

    others = table.filter(~pl.col("vote_type").is_in(RECORDED)).with_columns(
        pl.col("vote_type").replace_strict(ADOPTION).alias("adoption"),
        pl.col("yes").alias("official_yes"), pl.col("no").alias("official_no"),
        pl.col("abstain").alias("official_abstain"),
    )
    groups = _groups(data, js_path)
    without = roll_calls.filter(pl.col("note").is_not_null())
    notes = [
        f"ohchr: {roll_calls.filter(pl.col('body') == b).height:,} {b} recorded votes "
        f"({votes.filter(pl.col('body') == b).height:,} listed states), "
        f"{others.filter(pl.col('body') == b).height:,} {b} resolutions and decisions without a roll call"
        for b in ("CHR", "HRC")
    ]
    notes += repeat_notes
    if without.height:
        notes.append(f"ohchr: {without.height} recorded votes have no per-state list in the source (kept, with their "
                     f"official tally where given): {', '.join(without['symbol'].to_list())}")
    return OhchrData(conform(roll_calls, "roll_calls"), conform(votes, "votes"),
                     conform(others, "resolutions_without_roll_call"), groups, notes)


def _groups(data: dict, path: Path) -> dict[str, str]:
    """ISO3 (project codes) -> UN regional group, from the harvest's ``countries`` list."""
    from analysis.schemas import UN_GROUPS

    groups: dict[str, str] = {}
    for entry in data["countries"]:
        code, group = _state_code(str(entry.get("iso3"))), entry.get("group")
        if group not in UN_GROUPS:
            raise SourceFormatError(f"{path}: countries: {entry.get('iso3')}: unknown regional group {group!r}")
        if groups.get(code, group) != group:
            raise SourceFormatError(f"{path}: countries: {code} is in two regional groups ({groups[code]}, {group})")
        groups[code] = group
    return groups
