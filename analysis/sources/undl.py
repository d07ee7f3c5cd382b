"""Adapter for voting records in MARCXML: the UN Digital Library (UNDL) and OHCHR Search Library exports.

The UN Digital Library (digitallibrary.un.org, a TIND/Invenio system run by the Dag
Hammarskjöld Library) keeps one *voting record* per adopted General Assembly or Security
Council resolution in its "Voting Data" collection; ``/search?...&of=xm`` and
``/record/<id>/export/xm`` return them as MARCXML (namespace
``http://www.loc.gov/MARC21/slim``, ``<collection><record>...``). The OHCHR Search Library
(searchlibrary.ohchr.org, the same software) keeps the Human Rights Council's and the
Commission on Human Rights' votes with the same tags. Files: ``data/raw/undl/<body>/*.xml``
(manifest source ``undl``, written by ``python -m analysis fetch votes``) and
``data/raw/ohchr-export/*.xml`` (source ``ohchr-export``, exports a user saved from the OHCHR
Search Library and added with ``fetch votes --from-file``).

Tags read (documented in the Library's UNBIS reference manual, "Voting records", tags 967
and 996, and in its own record-building code, dag-hammarskjold-library/votesheet-marc):

=====  ===================================================================================
001    record id (control number); the record's page is digitallibrary.un.org/record/<id>
791    $a the resolution symbol (A/RES/80/214, S/RES/2719(2023), A/HRC/RES/58/1);
       $b the body prefix (A/), $c the session (80, 10emsp). Bibliographic (non-voting)
       records carry the symbol in 191 $a instead.
269    $a date of the vote, ``YYYY-MM-DD`` (UNDL) or ``YYYYMMDD`` (OHCHR, the Library's
       older workforms); 992 $a holds the same date and is the fallback.
245    $a title (ending " :"), $b "resolution /" (the kind of text), $c "adopted by ...".
952    $a the meeting record (A/80/PV.69, S/PV.10001).
967    one per member (the Library splits long lists over 967, 968 and 969; all three are
968    read): $a the member's sequence number, $b status, $c the member's code (ISO3-like),
969    $d the vote (Y, N or A), $e the member's name as the UN wrote it then. $d is left out
       when the member did not vote (non-voting, absent, or for a GA resolution adopted
       without a vote all members); such a member is ``absent`` here. $b is "9" for a GA
       member not eligible to vote (Article 19 arrears) and "P"/"R" (permanent/rotating)
       on Security Council records.
996    the official tally: $b yes, $c no, $d abstentions, $e non-voting, $f total members;
       $a a vote note ("Adopted unanimously, 3986th meeting") on records that have one.
993    related documents; first indicator 2 = the draft (A/C.3/58/L.19), 3 = the committee
       report, 4 = the meeting record.
991    agenda item: $c title, $d UNBIS subject heading; 650 $a subject headings.
591    vote note of the voting record ("RECORDED", "ADOPTED WITHOUT VOTE").
=====  ===================================================================================

Quirks handled here (each tested or noted):

* A record with no 967/968/969 field is not a roll call (a resolution adopted without a vote,
  or a bibliographic record that a search also returned): it is listed in ``skipped`` with
  file, record id and symbol, not an error.
* OHCHR exports put the member's ISO3 code in 967 $b (the harvest by Szoszkiewicz 2026,
  lszoszk/hrc-voting scripts/parse_marcxml.py, reads it there and repairs a ``$e`` that
  leaked into $b); UNDL puts it in $c and uses $b for the status. The code is taken from $c
  when that holds three letters, else from the three letters $b starts with.
* Vote codes: ``Y`` yes, ``N`` no, ``A`` abstain (any case); no $d, an empty $d, ``X``, ``.``
  or ``-``: listed without a vote, ``absent``. Anything else stops the read naming the file,
  record and state.
* Member codes: ISO3 (checked with ``countrycode``) or a historical code the project knows
  (``analysis.core.countries.HISTORICAL``); ``SUN`` is counted as RUS and ``GER`` as DEU as
  everywhere in the project; ``YUG`` becomes SCG/SRB by the vote's date. A code that is none
  of these is resolved from the member's name (``countries.iso3_from_names``, as for DGACM);
  a member neither resolves is a ``SourceFormatError`` naming file, record and name.
* The Security Council: until 25 October 1971 China's seat was the Republic of China's; the
  project codes it TWN (``vocab.SC_PERMANENT_FORMER``), so an SC vote of ``CHN`` dated on or
  before that day is recorded as TWN. ``permanent`` is true for the five permanent members
  (``vocab.SC_PERMANENT``) and for TWN until that day; null for the other bodies. Where 967 $b
  says P or R and disagrees with that list, a note says so (the list is used).
* Roll-call ids: ``RCID_BASE + <001>`` for UNDL records (stable and above every other
  source's ids); an OHCHR export's record id is used as it is, the id the OHCHR harvest
  (``analysis.sources.ohchr``) uses for the same vote.
* ``read`` keeps one copy of a record that several cached pages hold (the same body and
  rcid): identical copies once; copies that differ -> the one in the file that sorts last
  by path (the newest fetch), with a note.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.core.clock import refuse_future_value
from analysis.core.issue_rules import issue_flags
from analysis.core.vocab import SC_PERMANENT, SC_PERMANENT_FORMER
from analysis.schemas import VOTES, conform
from analysis.sources import SourceFormatError

SOURCE = "undl"  # manifest source (and folder) of the UN Digital Library pages
SOURCE_OHCHR = "ohchr-export"  # manifest source (and folder) of exports saved from the OHCHR Search Library
SOURCES = (SOURCE, SOURCE_OHCHR)
RCID_BASE = 20_000_000
MARC_NS = "http://www.loc.gov/MARC21/slim"
UNDL_RECORD_URL = "https://digitallibrary.un.org/record/{id}"
VOTE_TAGS = ("967", "968", "969")
VOTE_CODES = {"Y": "yes", "N": "no", "A": "abstain", "": "absent", "X": "absent", ".": "absent", "-": "absent"}
#: Member codes of the records that the project counts under another code (as ``analysis.sources.ohchr``).
STATE_CODES = {"SUN": "RUS", "GER": "DEU"}
_OHCHR_URL = re.compile(r"https?://searchlibrary\.ohchr\.org/record/\d+")
_TOTAL = re.compile(rb"Search-Engine-Total-Number-Of-Results:\s*(\d+)")
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_CODE = re.compile(r"[A-Z]{3}")
_B_CODE = re.compile(r"([A-Za-z]{3})(?:\$e(.+))?$")
_GA_LABEL = re.compile(r"^A/RES/([^/]+)/")
_HRC_LABEL = re.compile(r"^A/HRC/RES/([^/]+)/")
_DRAFT = re.compile(r"/L\.\d+")
_ISBD_END = re.compile(r"\s*[:/;=,.]\s*$")


@dataclass
class UndlData:
    """What ``parse`` and ``read`` return: roll calls (``roll_calls`` schema), votes (``votes``
    schema with ``permanent``), ``skipped``: one line per record that is not a roll call
    (file, record id, symbol), and ``notes`` on records read with care (repeats, duplicates)."""

    roll_calls: pl.DataFrame
    votes: pl.DataFrame
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Record:
    """One roll call as read from a file, before it becomes frame rows."""

    file: str
    record_id: int
    row: dict  # the roll_calls columns (without the issue flags), plus "_text" for them
    ballots: list[tuple[str, str, bool | None]]  # (iso3, vote, permanent)

    def fingerprint(self) -> tuple:
        return tuple(sorted((k, str(v)) for k, v in self.row.items())), tuple(sorted(self.ballots))


# --------------------------------------------------------------------------- small helpers


def body_of(symbol: str | None) -> str | None:
    """Return the body of a UN document symbol: "GA", "SC", "HRC", "CHR", or None.

    Takes a symbol such as ``A/RES/80/214``; ``A/HRC/...`` is the Human Rights Council,
    ``E/CN.4/...`` the Commission on Human Rights (but not its Sub-Commission,
    ``E/CN.4/Sub.2/...``), any other ``A/...`` the General Assembly, ``S/...`` the Security
    Council. Anything else (E/, ST/, empty) returns None.
    """
    if not symbol:
        return None
    s = symbol.strip().upper()
    if s.startswith("A/HRC/"):
        return "HRC"
    if s.startswith("E/CN.4/"):
        return None if s.startswith("E/CN.4/SUB.") else "CHR"
    if s.startswith("A/"):
        return "GA"
    if s.startswith("S/"):
        return "SC"
    return None


def total_results(data: bytes) -> int | None:
    """Return the count in the ``<!-- Search-Engine-Total-Number-Of-Results: N -->`` comment
    that a UNDL/OHCHR search response starts with, or None when there is none."""
    match = _TOTAL.search(data[:2000])
    return int(match.group(1)) if match else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _root(data: bytes, name: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceFormatError(f"{name}: not XML ({exc})") from None


def record_elements(data: bytes, name: str) -> list[ET.Element]:
    """Return the ``<record>`` elements of a MARCXML document (namespaced or bare; maybe none).

    Raises ``SourceFormatError`` naming ``name`` when ``data`` is not XML or its root is neither
    ``<collection>`` nor ``<record>`` (e.g. an HTML page).
    """
    root = _root(data, name)
    if _local(root.tag) == "record":
        return [root]
    if _local(root.tag) != "collection":
        raise SourceFormatError(f"{name}: not MARCXML (the root element is <{_local(root.tag)}>, not <collection>)")
    return [e for e in root.iter() if _local(e.tag) == "record"]


def _fields(record: ET.Element) -> tuple[dict[str, str], list[tuple[str, str, list[tuple[str, str]]]]]:
    """Control fields {tag: text} and data fields [(tag, ind1, [(code, text)])] of a record, in order."""
    control: dict[str, str] = {}
    data: list[tuple[str, str, list[tuple[str, str]]]] = []
    for child in record:
        kind = _local(child.tag)
        if kind == "controlfield":
            control.setdefault(child.get("tag", ""), (child.text or "").strip())
        elif kind == "datafield":
            subs = [(s.get("code", ""), (s.text or "").strip()) for s in child if _local(s.tag) == "subfield"]
            data.append((child.get("tag", ""), child.get("ind1", " "), subs))
    return control, data


def _values(data, tag: str, code: str) -> list[str]:
    return [v for t, _, subs in data if t == tag for c, v in subs if c == code and v]


def _first(data, tag: str, code: str) -> str | None:
    values = _values(data, tag, code)
    return values[0] if values else None


def _clean(text: str | None) -> str:
    """Strip the ISBD punctuation that ends MARC subfields (" :", " /", ...) and extra spaces."""
    return _ISBD_END.sub("", " ".join((text or "").split()))


def _date(text: str | None, where: str) -> dt.date:
    match = _DATE.search(text or "")
    if not match:
        raise SourceFormatError(f"{where}: no readable date in 269/992 ({text!r})")
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise SourceFormatError(f"{where}: no readable date in 269/992 ({text!r})") from None


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def _outcome(symbol: str, note: str | None) -> str | None:
    if "/RES/" in symbol.upper():
        return "adopted"
    text = (note or "").strip().lower()
    if text.startswith("adopted"):
        return "adopted"
    if text.startswith(("rejected", "not adopted")):
        return "not adopted"
    return None


def _session(body: str, symbol: str, date: dt.date) -> tuple[int | None, str | None]:
    """(session, session_label): GA from A/RES/<label>/ (the regular session in progress for an
    emergency or special session, as the DGACM adapter counts it); HRC from A/HRC/RES/<label>/
    (null for special sessions); SC and CHR have none."""
    if body == "GA":
        from analysis.sources.dgacm import regular_session

        match = _GA_LABEL.match(symbol)
        return regular_session(symbol, date.isoformat()), (match.group(1) if match else None)
    if body == "HRC":
        match = _HRC_LABEL.match(symbol)
        label = match.group(1) if match else None
        return (int(label) if label and label.isdigit() else None), label
    return None, None


def _doc_type(kind: str | None) -> str:
    text = (kind or "").lower()
    for word in ("amendment", "decision", "resolution"):
        if word in text:
            return word
    return "resolution"


# --------------------------------------------------------------------------- states


def _known_codes(codes: Iterable[str]) -> set[str]:
    """The codes that are ISO3 codes countrycode knows, or historical/project codes the project knows."""
    from analysis.core.countries import HISTORICAL_ISO3

    codes = sorted(set(codes))
    # XKX: Kosovo's user-assigned code, which countrycode does not know (analysis.core.countries)
    known = {c for c in codes if c in HISTORICAL_ISO3 or c in STATE_CODES or c == "XKX"}
    rest = [c for c in codes if c not in known]
    if rest:
        from countrycode import countrycode

        known |= {c for c, name in zip(rest, countrycode(rest, origin="iso3c", destination="country.name"),
                                       strict=True) if isinstance(name, str)}
    return known


def _member_code(subs: dict[str, str]) -> tuple[str | None, str | None]:
    """(code, name) of a 967 field: the code from $c, or (OHCHR exports) from the start of $b."""
    name = subs.get("e") or None
    code = (subs.get("c") or "").strip().upper()
    if _CODE.fullmatch(code):
        return code, name
    match = _B_CODE.match((subs.get("b") or "").strip())
    if match:
        return match.group(1).upper(), name or (match.group(2) or "").strip() or None
    return None, name


def _project_code(code: str, body: str, date: dt.date) -> str:
    from analysis.core.countries import SCG_FROM, SRB_FROM

    code = STATE_CODES.get(code, code)
    if code == "YUG":
        return "SRB" if date >= SRB_FROM else "SCG" if date >= SCG_FROM else "YUG"
    if body == "SC" and code == "CHN" and "TWN" in SC_PERMANENT_FORMER \
            and date <= dt.date.fromisoformat(SC_PERMANENT_FORMER["TWN"]):
        return "TWN"
    return code


def _permanent(iso3: str, body: str, date: dt.date) -> bool | None:
    if body != "SC":
        return None
    if iso3 in SC_PERMANENT:
        return True
    last = SC_PERMANENT_FORMER.get(iso3)
    return last is not None and date <= dt.date.fromisoformat(last)


# --------------------------------------------------------------------------- parsing


def _read_records(data: bytes, name: str, source: str) -> tuple[list[_Record], list[str], list[str]]:
    """Parse one MARCXML document; return (roll calls, skipped lines, notes). See ``parse``."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    elements = record_elements(data, name)
    if not elements:
        raise SourceFormatError(f"{name}: no MARCXML <record> in the file")
    short = Path(name).name
    pending = []  # (record id, symbol, body, date, fields, members)
    skipped: list[str] = []
    for number, element in enumerate(elements, start=1):
        control, fields = _fields(element)
        record_id = _int(control.get("001"))
        if record_id is None:
            raise SourceFormatError(f"{name}: record {number} has no numeric control number (001)")
        symbol = (_first(fields, "791", "a") or "").strip()
        members = [dict(subs) for tag, _, subs in fields if tag in VOTE_TAGS]
        if not members:
            shown = symbol or _first(fields, "191", "a") or "no symbol"
            said = _first(fields, "996", "a") or _first(fields, "591", "a")
            skipped.append(f"{short}: record {record_id} ({shown}) has no 967 field: not a roll call, skipped"
                           + (f" (the record says: {said})" if said else ""))
            continue
        where = f"{name}: record {record_id}"
        if not symbol:
            raise SourceFormatError(f"{where}: a voting record without a symbol (791 $a)")
        body = body_of(symbol)
        if body is None:
            raise SourceFormatError(f"{where}: symbol {symbol!r} belongs to no body this package reads "
                                    f"(A/... GA, S/... SC, A/HRC/... HRC, E/CN.4/... CHR)")
        date = _date(_first(fields, "269", "a") or _first(fields, "992", "a"), where)
        refuse_future_value(date, file=name, row=f"record {record_id} ({symbol})", what="voted on")
        pending.append((record_id, symbol, body, date, fields, members))

    codes = {code for *_, members in pending for code, _ in map(_member_code, members) if code}
    known = _known_codes(codes)
    names = {n for *_, members in pending for code, n in map(_member_code, members)
             if n and (code is None or code not in known)}
    from analysis.core.countries import iso3_from_names

    by_name = iso3_from_names(sorted(names)) if names else {}

    records: list[_Record] = []
    notes: list[str] = []
    for record_id, symbol, body, date, fields, members in pending:
        where = f"{name}: record {record_id} ({symbol})"
        ballots: dict[str, str] = {}
        for subs in members:
            code, member = _member_code(subs)
            if code in known:
                iso3 = _project_code(code, body, date)
            elif member and by_name.get(member):
                iso3 = _project_code(str(by_name[member]), body, date)
            else:
                raise SourceFormatError(f"{where}: state {member or '(no name)'!r} (code {code or 'none'}) has no "
                                        f"ISO3 code; add the spelling to analysis.core.countries")
            raw = (subs.get("d") or "").strip().upper()
            if raw not in VOTE_CODES:
                raise SourceFormatError(f"{where}: state {member or code}: unknown vote code {raw!r} "
                                        f"(known: Y, N, A; none, X, '.' or '-' for a member that did not vote)")
            vote = VOTE_CODES[raw]
            status = (subs.get("b") or "").strip().upper()
            if body == "SC" and status in ("P", "R") and (status == "P") != _permanent(iso3, body, date):
                notes.append(f"{short}: record {record_id} ({symbol}) marks {iso3} as "
                             f"{'permanent' if status == 'P' else 'rotating'} (967 $b {status}), the project's "
                             f"list of permanent members does not; the project's list is used")
            if iso3 in ballots:
                if ballots[iso3] != vote:
                    raise SourceFormatError(f"{where}: state {iso3} is listed twice with different votes "
                                            f"({ballots[iso3]}, {vote})")
                notes.append(f"{short}: record {record_id} ({symbol}) lists {iso3} twice with the same vote "
                             f"(counted once)")
                continue
            ballots[iso3] = vote
        title = _clean(_first(fields, "245", "a")) or _clean(_first(fields, "239", "a")) or symbol
        subjects = _values(fields, "991", "c") + _values(fields, "991", "d") + _values(fields, "650", "a")
        vote_note = _first(fields, "996", "a") or _first(fields, "591", "a")
        meeting = _first(fields, "952", "a")
        drafts = [v for t, ind1, subs in fields if t == "993" for c, v in subs if c == "a" and v and ind1 == "2"]
        drafts += [v for v in _values(fields, "993", "a") if _DRAFT.search(v) and v not in drafts]
        tally = next(({c: v for c, v in subs} for t, _, subs in fields if t == "996"), {})
        session, label = _session(body, symbol, date)
        if source == SOURCE:
            url = UNDL_RECORD_URL.format(id=record_id)
        else:
            url = next((m.group(0) for _, _, subs in fields for _, v in subs if (m := _OHCHR_URL.search(v))), None)
        note = "; ".join(p for p in (f"meeting {meeting}" if meeting else None,
                                     f"vote note: {vote_note}" if vote_note else None) if p) or None
        row = {
            "body": body,
            "rcid": RCID_BASE + record_id if source == SOURCE else record_id,
            "session": session,
            "session_label": label,
            "date": date,
            "year": date.year,
            "symbol": symbol,
            "title": title,
            "important": None,
            "amend": None,
            "para": None,
            "doc_type": _doc_type(_first(fields, "245", "b")),
            "draft_symbol": drafts[0] if drafts else None,
            "outcome": _outcome(symbol, vote_note),
            "record_url": url,
            "official_yes": _int(tally.get("b")),
            "official_no": _int(tally.get("c")),
            "official_abstain": _int(tally.get("d")),
            "official_non_voting": _int(tally.get("e")),
            "official_total": _int(tally.get("f")),
            "note": note,
            "source": source,
            "_text": " ".join([title, _first(fields, "239", "a") or "", *subjects]),
        }
        records.append(_Record(name, record_id, row,
                               [(iso3, vote, _permanent(iso3, body, date)) for iso3, vote in sorted(ballots.items())]))
    return records, skipped, notes


_ROW_SCHEMA: dict[str, pl.DataType] = {
    "body": pl.String, "rcid": pl.Int32, "session": pl.Int32, "session_label": pl.String, "date": pl.Date,
    "year": pl.Int32, "symbol": pl.String, "title": pl.String, "important": pl.Boolean, "amend": pl.Boolean,
    "para": pl.Boolean, "doc_type": pl.String, "draft_symbol": pl.String, "outcome": pl.String,
    "record_url": pl.String, "official_yes": pl.Int32, "official_no": pl.Int32, "official_abstain": pl.Int32,
    "official_non_voting": pl.Int32, "official_total": pl.Int32, "note": pl.String, "source": pl.String,
    "_text": pl.String,
}
_VOTE_SCHEMA: dict[str, pl.DataType] = {
    "body": pl.String, "rcid": pl.Int32, "iso3": pl.String, "vote": pl.String, "permanent": pl.Boolean,
    "source": pl.String,
}


def _frames(records: list[_Record]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Roll calls and votes of ``records`` in the project's schemas (``conform``)."""
    rows = sorted((r.row for r in records), key=lambda r: (r["body"], r["rcid"]))
    roll_calls = pl.DataFrame(rows, schema=_ROW_SCHEMA).with_columns(*issue_flags(pl.col("_text")))
    roll_calls = conform(roll_calls.drop("_text"), "roll_calls")
    vote_rows = [{"body": r.row["body"], "rcid": r.row["rcid"], "iso3": iso3, "vote": vote, "permanent": permanent,
                  "source": r.row["source"]} for r in records for iso3, vote, permanent in r.ballots]
    votes = pl.DataFrame(vote_rows, schema=_VOTE_SCHEMA).sort("body", "rcid", "iso3")
    conformed = conform(votes, "votes")
    if "permanent" not in conformed.columns:  # the schema of the time has no ``permanent``: keep it anyway
        conformed = conformed.with_columns(votes["permanent"])
    return roll_calls, conformed.select([*(c for c in VOTES if c in conformed.columns),
                                         *(c for c in conformed.columns if c not in VOTES)])


def parse_bytes(data: bytes, name: str, source: str = SOURCE) -> UndlData:
    """Parse a MARCXML document held in memory; ``name`` (a path or URL) is used in messages.

    Same result and errors as ``parse``.
    """
    records, skipped, notes = _read_records(data, name, source)
    roll_calls, votes = _frames(records)
    return UndlData(roll_calls, votes, skipped, notes)


def parse(path: Path, source: str = SOURCE) -> UndlData:
    """Parse one MARCXML file of voting records; return its roll calls, votes and skipped records.

    Takes the file's path and its manifest source: ``SOURCE`` ("undl", a UN Digital Library page
    or export: rcid = ``RCID_BASE`` + record id, record_url = the record's UNDL page) or
    ``SOURCE_OHCHR`` ("ohchr-export": rcid = the OHCHR record id, record_url = the OHCHR record
    URL when the record gives one). Returns an ``UndlData``: ``roll_calls`` and ``votes`` in the
    project's schemas (votes with ``permanent``) and ``skipped`` (records without 967 fields).

    Raises ``SourceFormatError`` naming the file for a file that is not XML or holds no
    ``<record>``, and naming the file and record for a record without a numeric 001, a voting
    record whose symbol no body matches (``body_of``), an unreadable date, an unknown vote code,
    a state listed twice with different votes, or a state with no ISO3 code.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceFormatError(f"{path}: missing") from None
    return parse_bytes(data, str(path), source)


def read(raw: Path, entries) -> UndlData:
    """Read every voting-record file the manifest lists under ``SOURCE`` and ``SOURCE_OHCHR``.

    Takes the raw directory and the declared files (``analysis.core.manifest.load(raw)``;
    objects with ``path`` and ``source``, or dicts). Files are read in path order; a record
    held by several files (same body and rcid) is kept once: identical copies silently, differing
    copies from the file that sorts last (the newest fetch), with a note.
    Returns the combined ``UndlData`` (empty frames when no file is listed).
    """
    raw = Path(raw)
    listed = []
    for entry in entries:
        path = entry.get("path") if isinstance(entry, dict) else getattr(entry, "path", None)
        source = entry.get("source") if isinstance(entry, dict) else getattr(entry, "source", None)
        if source in SOURCES and path:
            listed.append((str(path), source))
    kept: dict[tuple[str, int], _Record] = {}
    skipped: list[str] = []
    notes: list[str] = []
    for rel, source in sorted(listed):
        records, file_skipped, file_notes = _read_records(_read_file(raw / rel), str(raw / rel), source)
        skipped += file_skipped
        notes += file_notes
        for record in records:
            key = (record.row["body"], record.row["rcid"])
            seen = kept.get(key)
            if seen is not None and seen.fingerprint() != record.fingerprint():
                notes.append(f"undl: record {record.record_id} ({record.row['symbol']}) differs between "
                             f"{Path(seen.file).name} and {Path(record.file).name}; kept {Path(record.file).name} "
                             f"(the newest fetch)")
            kept[key] = record
    roll_calls, votes = _frames(list(kept.values()))
    return UndlData(roll_calls, votes, skipped, notes)


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceFormatError(f"{path}: missing (listed in data/raw/datasets)") from None


# the helpers the CSV voting datasets share with the MARCXML records (``analysis.sources.undl_csv``)
known_codes = _known_codes
project_code = _project_code
permanent_seat = _permanent
session_of = _session
