"""Adapter for the list of Security Council vetoes, 1946 to July 2022 (``data/raw/unsc-vetoes/``).

The World Politics Data Lab's CSV (MIT; scraped by Carlos L. Yordan from the Dag Hammarskjöld
Library's veto list, research.un.org/en/docs/sc/quick/veto) has one row per vetoed draft or
question: year, date (M/D/YYYY), draft (the draft's symbol, or the meeting record when the list
gives no draft), meeting_record, agenda_item, crisis_topic, region, member_veto1..3 (the vetoing
permanent members: USA, UK, France, China, USSR to 1991, Russia from 1992) and one 0/1 column
per permanent member. The file holds only who vetoed.

Read so (each tested on the real file, ``tests/test_unsc_vetoes.py``):

* each row is one SC roll call: ``outcome = "vetoed"``, ``vetoed_by`` the vetoers' ISO3 codes
  (sorted, comma-separated, as ``measures.security_council.with_vetoes`` writes them),
  ``draft_symbol`` the first ``S/...`` symbol of ``draft`` (null when the list gives only a
  meeting record, ``S/PV...``), ``title`` the agenda item, ``record_url`` the meeting record,
  no official tally; rcid ``yyyymmdd * 10 + k`` (k: the row's rank among the day's vetoes in
  the file), clear of the other sources' ids;
* the vetoers' votes are known: each voted ``no`` (the USSR and Russia as RUS, the package's
  code for both; China before 26 October 1971 as TWN, the Republic of China, which held the seat);
* the other members' votes are not in the file: they get no row, and the roll call carries
  ``lists_members = False``, so that no count reads them as absent and no membership is read
  off it (``measures.memberships.derive``);
* ``member_veto1..3`` name the vetoers. The per-member 0/1 columns disagree with them on 26
  rows (they leave out France on the 1976-1981 triple vetoes, for instance): the roll call's
  note says what each column says, and ``vetoed_by`` follows ``member_veto1..3``.

``analysis.measures.security_council.merge_veto_list`` adds the vetoes to the Council's roll
calls: a draft the other sources already hold (same draft symbol) is matched, not doubled; where
they disagree on the outcome or on who vetoed, the existing roll call keeps its own values and
gains a note with the list's.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.core.clock import refuse_future_value
from analysis.core.issue_rules import issue_flags
from analysis.core.links import document_url
from analysis.schemas import conform
from analysis.sources import SourceFormatError

SOURCE = "unsc-vetoes"  # the manifest's source name and the roll calls' ``source``
LIST_URL = "https://research.un.org/en/docs/sc/quick/veto"
REQUIRED = ("year", "date", "draft", "meeting_record", "agenda_item", "crisis_topic", "member_veto1", "member_veto2",
            "member_veto3", "China", "France", "Russia", "USSR", "USA", "UK")
#: the file's names of the permanent members -> ISO3 (the package codes the USSR as RUS, ``core.countries``)
MEMBERS = {"USA": "USA", "UK": "GBR", "France": "FRA", "China": "CHN", "USSR": "RUS", "Russia": "RUS"}
ROC_LAST_DAY = dt.date(1971, 10, 25)  # the Republic of China (TWN) held China's seat to this day
USSR_LAST_YEAR = 1991
_SYMBOL = re.compile(r"S/(?!PV\.)[0-9A-Za-z.]+(?:/[0-9A-Za-z.]+)*")


@dataclass
class Vetoes:
    """What ``read`` returns: roll calls and the vetoers' votes in the canonical schemas, and notes."""

    roll_calls: pl.DataFrame
    votes: pl.DataFrame
    notes: list[str] = field(default_factory=list)


def draft_symbol(draft: str) -> str | None:
    """Return the draft's symbol in the list's ``draft`` field ("S/3713/Rev.1 (as amended)" → "S/3713/Rev.1").

    None when the field gives only a meeting record ("S/PV.49"): the list has no draft symbol.
    """
    m = _SYMBOL.search(draft)
    return m.group(0).rstrip(".") if m else None


def _iso3(name: str, date: dt.date, where: str) -> str:
    if name not in MEMBERS:
        raise SourceFormatError(f"{where}: vetoing member {name!r} is not one of {', '.join(MEMBERS)}")
    if name == "USSR" and date.year > USSR_LAST_YEAR or name == "Russia" and date.year <= USSR_LAST_YEAR:
        raise SourceFormatError(f"{where}: {name} vetoing on {date}: the list names the USSR to {USSR_LAST_YEAR} "
                                f"and Russia from {USSR_LAST_YEAR + 1}")
    if name == "China" and date <= ROC_LAST_DAY:
        return "TWN"
    return MEMBERS[name]


def parse(path: Path) -> Vetoes:
    """Parse the veto list CSV; return its roll calls and the vetoers' ``no`` votes (see the module doc).

    Raises ``SourceFormatError`` naming the file, and the row (1 = the first row after the
    header) with its draft, for a missing column, a date that is not M/D/YYYY or disagrees with
    the year column, a vetoing member that is not a permanent member, or a row without one.
    """
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise SourceFormatError(f"{path}: not the Security Council veto list: missing columns {missing}")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceFormatError(f"{path}: cannot read as CSV ({exc})") from None
    calls, votes, per_day = [], [], {}
    disagree = 0
    for n, row in enumerate(rows, start=1):
        value = {k: " ".join((row.get(k) or "").split()) for k in REQUIRED}
        where = f"{path}, row {n} (draft {value['draft']!r})"
        try:
            date = dt.datetime.strptime(value["date"], "%m/%d/%Y").date()
        except ValueError:
            raise SourceFormatError(f"{where}: date {value['date']!r} is not M/D/YYYY") from None
        if value["year"] != str(date.year):
            raise SourceFormatError(f"{where}: year {value['year']!r} differs from the date's ({value['date']})")
        refuse_future_value(date, file=path, row=f"row {n}")
        named = [value[f"member_veto{k}"] for k in (1, 2, 3) if value[f"member_veto{k}"]]
        if not named:
            raise SourceFormatError(f"{where}: no vetoing member in member_veto1..3")
        vetoers = sorted({_iso3(name, date, where) for name in named})
        marked = sorted({_iso3(name, date, where) for name in ("China", "France", "USA", "UK", "USSR", "Russia")
                         if value[name] == "1"})
        k = per_day.get(date, 0)
        if k > 9:
            raise SourceFormatError(f"{where}: more than ten vetoes on {date}")
        per_day[date] = k + 1
        rcid = int(date.strftime("%Y%m%d")) * 10 + k
        symbol = draft_symbol(value["draft"])
        note = [f"from the Security Council veto list ({path.name}, row {n}): only the vetoing members' votes are "
                f"known, the other members' votes are not in the source (unknown, not absent)",
                f"meeting {value['meeting_record']}" if value["meeting_record"] else None,
                None if symbol == value["draft"] else
                f"the list gives the draft as {value['draft']!r}" if symbol else
                f"no draft symbol in the list (it gives {value['draft']!r})",
                f"crisis topic: {value['crisis_topic']}" if value["crisis_topic"] else None]
        if marked != vetoers:
            disagree += 1
            note.append(f"the file's columns disagree on who vetoed: member_veto1..3 name {', '.join(vetoers)}, "
                        f"the per-member 0/1 columns mark {', '.join(marked) or 'none'}; vetoed_by follows "
                        f"member_veto1..3")
        meeting = value["meeting_record"] or None
        calls.append({
            "body": "SC", "rcid": rcid, "session": None, "session_label": None, "date": date, "year": date.year,
            "symbol": None, "title": value["agenda_item"] or f"draft vetoed on {date}",
            "_text": f"{value['agenda_item']} {value['crisis_topic']}", "important": None, "amend": None,
            "para": None, "doc_type": "resolution", "draft_symbol": symbol, "outcome": "vetoed",
            "vetoed_by": ",".join(vetoers), "record_url": document_url(meeting) if meeting else LIST_URL,
            "lists_members": False, "note": "; ".join(p for p in note if p), "source": SOURCE, "_row": n,
        })
        votes += [{"body": "SC", "rcid": rcid, "iso3": code, "vote": "no", "permanent": True, "source": SOURCE}
                  for code in vetoers]
    if not calls:
        raise SourceFormatError(f"{path}: no rows")
    frame = pl.DataFrame(calls, infer_schema_length=None).with_columns(*issue_flags(pl.col("_text")))
    notes = [f"{SOURCE}: {frame.height} vetoed drafts or questions, {frame['date'].min()} to {frame['date'].max()} "
             f"({len(votes)} vetoing no votes; the other members' votes are not in the list)"]
    if disagree:
        notes.append(f"{SOURCE}: on {disagree} rows the per-member 0/1 columns disagree with member_veto1..3 on who "
                     f"vetoed; vetoed_by follows member_veto1..3 and each such roll call's note gives both")
    return Vetoes(frame, conform(pl.DataFrame(votes), "votes"), notes)


def read(raw: Path | None = None) -> Vetoes:
    """Read every file of the manifest's ``unsc-vetoes`` source (its CSVs); empty frames when there is none."""
    from analysis.core.manifest import files_of

    parts = [parse(p) for p in files_of(SOURCE, raw) if p.suffix.lower() == ".csv"]
    if not parts:
        from analysis.schemas import SCHEMAS

        return Vetoes(pl.DataFrame(schema={**SCHEMAS["roll_calls"], "_row": pl.Int64}),
                      pl.DataFrame(schema=SCHEMAS["votes"]))
    return Vetoes(pl.concat([p.roll_calls for p in parts], how="diagonal_relaxed"),
                  pl.concat([p.votes for p in parts]), [line for p in parts for line in p.notes])
