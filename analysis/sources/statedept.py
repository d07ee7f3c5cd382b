"""Adapter for the US State Department's "Voting Practices in the United Nations" reports (PDF, 2013-2023).

Files: ``data/raw/statedept-voting-practices/*.pdf`` (the reports for 2013-2017 and 2019-2023,
public domain) and ``transcriptions/un-coincidence-YYYY.csv`` (a third party's transcriptions of
one country table per report, 2013-2023; secondary). The PDFs' text is extracted page by page with
PDFium (``analysis.sources.pdf_text``; about 0.5 s for the pages that hold the tables, kept in the
build's stage cache); where each report keeps its tables is in ``analysis.sources.statedept_layout``.
The parser reads whitespace loosely (``plain_text``): it gives the same rows from PDFium's text as
from pypdf's, which breaks lines and spaces words differently.

``parse`` returns three frames:

* ``coincidence`` (``schemas.STATEDEPT_COINCIDENCE``): per report year and state the published
  counts and percentage; 2018 from the transcription (no PDF), labelled secondary. Where the
  transcription of a PDF year disagrees with the PDF, the PDF's row is kept and
  ``transcription_note`` says how the transcription differs. For 2013-2017 the transcriptions
  hold another table (the 18 or 19 votes on Israel-related resolutions: e.g. Canada and Israel
  18-0-0-0 in 2013), not the overall one: every row differs, and the notes say so.
* ``votes`` (``schemas.STATEDEPT_VOTES``): the votes a report lists, with ``list`` "counted"
  (every recorded plenary vote the report counted: from the 2017 report on) or "important"
  (the important recorded votes), the page, and the symbol as printed when a misprint was
  corrected.
* ``notes``: what the reading noticed (row counts against the report's own statements, misprints).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.schemas import conform
from analysis.sources import SourceFormatError
from analysis.sources.statedept_layout import COUNTS, LAYOUTS, TRANSCRIPTION_ONLY, ReportLayout

SOURCE = "statedept-voting-practices"  # the manifest's source name and folder

#: A GA resolution symbol as the reports print it ("A/RES/72/164", "A/Res/68/8", "A/RES/75/254[A]",
#: "A/RES/ES-10/19", "A/RES/78/183 A"); group 1 the symbol, groups 2-4 a part letter, on the symbol's line (a
#: capital opening the next line is the title's: "A/RES/75/237" / "A global call ...").
SYMBOL = re.compile(r"A/RES/((?:ES-\d+/)?(?:\d+/)?\d+)"
                    r"(?:[ ]?\[([A-C])\]|[ ]([A-C])(?=[\s)\]]|$)|([A-C])(?=[\s)\]]|$))?", re.IGNORECASE)
_ROW = re.compile(r"^\s*(?P<name>[^\d%]+?)\s+(?:(?P<iso>[A-Z]{3})\s+)?(?P<c1>\d+)\s+(?P<c2>\d+)\s+(?P<c3>\d+)\s+"
                  r"(?P<c4>\d+)\s+(?P<pct>\d+(?:\.\d+)?)\s?%")
_NO_VOTE = re.compile(r"(?i)without a\s+vote|by acclaim|adopted by consensus")
_TALLY_2016 = re.compile(r"^\s*[A-Za-z]+\s+\d+\s+\d+\s*(?:\([^)]*\))?\s*-")  # "November 26   110-7(US)-56"

#: Names in the 2013-2017 tables that countrycode does not read as the state meant.
NAME_FIXES = {"Antigua-Barbuda": "ATG", "Micronesia": "FSM", "Niger": "NER", "Dominica": "DMA",
              "Guinea": "GIN", "Congo": "COG", "Sudan": "SDN"}


@dataclass
class StateDeptData:
    """What ``parse`` returns: the published coincidence table, the listed votes, and notes."""

    coincidence: pl.DataFrame
    votes: pl.DataFrame
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- PDF text


def plain_text(text: str) -> str:
    """A page's text with its whitespace made canonical, so that the parser reads the same rows whichever
    extractor produced it (pypdf and PDFium differ in spaces, line ends and blank lines, not in words).

    Line ends (``\\r\\n``, ``\\r``) become ``\\n``; a run of spaces or tabs becomes one space; lines are
    stripped and blank lines dropped; PDFium's mark of a word hyphenated at a line end (U+FFFE) becomes
    the hyphen and line end pypdf prints.
    """
    text = text.replace("\ufffe", "-\n")
    lines = (" ".join(line.split()) for line in _LINE_END.split(text))
    return "\n".join(line for line in lines if line)


_LINE_END = re.compile(r"\r\n|\r|\n")


def _marker(words: str) -> re.Pattern:
    """A section's start or end words as a pattern: a space in them matches any whitespace or none (one
    extractor prints "III. B" where another prints "III.B"); a line end must be one."""
    parts = [r"\s*".join(map(re.escape, line.split())) for line in words.split("\n")]
    return re.compile(r"\s*\n".join(parts))


def page_texts(raw: Path, years: list[int] | None = None) -> pl.DataFrame:
    """Return the text of the pages of the reports that hold their tables (``year``, ``page`` 1-based, ``text``;
    ``pdf_text.page_texts``, the pages of ``ReportLayout.pages``).

    ``years``: the report years to read (default every year whose PDF the registry under ``raw`` declares:
    all of ``LAYOUTS`` in ``data/raw``, fewer in a cut of it such as ``tests/fixtures/mini-raw``; a declared
    file that is missing is the manifest's error, ``analysis.core.manifest.verify``).
    """
    from analysis.core import registry
    from analysis.sources.pdf_text import page_texts as read_pages

    if years is None:
        declared = {f.path for f in registry.get(SOURCE, Path(raw)).files}
        years = [year for year, layout in LAYOUTS.items() if f"{SOURCE}/{layout.file}" in declared]
    years = sorted(years)
    return read_pages({year: Path(raw) / SOURCE / LAYOUTS[year].file for year in years},
                      {year: LAYOUTS[year].pages() for year in years})


def _pages(texts: pl.DataFrame, year: int, span: tuple[int, int]) -> list[tuple[int, str]]:
    chosen = texts.filter((pl.col("year") == year) & pl.col("page").is_between(*span)).sort("page")
    if chosen.height != span[1] - span[0] + 1:
        raise SourceFormatError(f"{LAYOUTS[year].file}: pages {span[0]}-{span[1]} not all in the text")
    return list(zip(chosen["page"].to_list(), map(plain_text, chosen["text"].to_list()), strict=True))


# --------------------------------------------------------------------------- the overall table


def overall_rows(layout: ReportLayout, pages: list[tuple[int, str]]) -> list[dict]:
    """The rows of a report's overall coincidence table: country as printed, iso3 if printed, counts, pct, page.

    A row is a line ending in the four counts and the percentage. Its country's name may be wrapped over
    the lines before it ("Central African" / "Republic 34 40 ..."; "Democratic People's Republic of" /
    "Korea" / "PRK 7 54 ..."): the lines since the last row that read as part of a name (``_continues``) are
    put before it. Extractors break lines differently (``plain_text``), so the row is read the same however
    its name was wrapped, and a space PDFium leaves out inside a name ("DominicanRepublic") is put back.
    """
    rows = []
    for page, text in pages:
        before: list[str] = []  # the lines since the last row
        for line in plain_text(text).splitlines():
            match = _ROW.match(line)
            if not match:
                before.append(line)
                continue
            name, iso = " ".join(match.group("name").split()), match.group("iso")
            if iso is None and _ISO.fullmatch(name):  # the code alone on the row's line: the name is above it
                name, iso = "", name
            wrapped: list[str] = []
            for previous in reversed(before):
                if not _continues(previous):
                    break
                wrapped.insert(0, previous)
            before = []
            name = _CAMEL_JOIN.sub(" ", " ".join([*wrapped, name]).strip())
            if name.lower().startswith("total"):
                continue
            counts = [int(match.group(f"c{k}")) for k in range(1, 5)]
            row = {"country": name, "iso3": iso, "page": page, "published_pct": float(match.group("pct"))}
            row.update(dict(zip(layout.columns, counts, strict=True)))
            rows.append(row)
    return rows


_ISO = re.compile(r"[A-Z]{3}")
#: Two words of a name printed without the space between them ("DominicanRepublic"), not "eSwatini".
_CAMEL_JOIN = re.compile(r"(?<=[a-z]{2})(?=[A-Z])")
#: The words of the overall tables' column headings (a heading line is not the start of a name).
_HEADING = frozenset({"country", "iso", "same", "opposite", "partial", "abstain", "absent", "voting", "votes",
                      "coincidence", "only", "consensus", "+"})


def _continues(previous: str) -> bool:
    """Whether a text line before a table row is part of a country name wrapped over lines (not a heading)."""
    return (bool(previous) and len(previous) < 45 and not any(ch.isdigit() for ch in previous)
            and not previous.endswith((".", ":")) and not previous.isupper()
            and not set(previous.lower().split()) <= _HEADING)


def _iso3(rows: list[dict], where: str, strict: bool = True) -> list[str]:
    """Fill ``iso3`` from the country name where the table prints none (2013-2017); return the names left unplaced.

    ``strict``: raise ``SourceFormatError`` naming ``where`` and the names instead (the PDFs); a
    transcription's misspelt name ("Irag") is left without a code and reported.
    """
    from analysis.core.countries import iso3_from_names

    names = sorted({r["country"] for r in rows if not r["iso3"] and r["country"] not in NAME_FIXES})
    mapping = {**iso3_from_names(names), **NAME_FIXES} if names else dict(NAME_FIXES)
    unknown = sorted(r["country"] for r in rows if not r["iso3"] and not mapping.get(r["country"]))
    if unknown and strict:
        raise SourceFormatError(f"{where}: country names with no ISO3 code: {unknown}")
    for r in rows:
        r["iso3"] = r["iso3"] or mapping.get(r["country"])
    return unknown


# --------------------------------------------------------------------------- lists of votes


def _section(layout: ReportLayout, pages: list[tuple[int, str]], start: str | None, end: str | None):
    """(page, text) of a section: from the first ``start`` to the first ``end`` after it."""
    out, started, = [], start is None
    opens, closes = _marker(start) if start else None, _marker(end) if end else None
    for page, text in pages:
        text = plain_text(text)
        if not started:
            at = opens.search(text)
            if at is None:
                continue
            text, started = text[at.end():], True
        if closes is not None and (stop := closes.search(text)) is not None:
            out.append((page, text[:stop.start()]))
            return out
        out.append((page, text))
    if not started:
        raise SourceFormatError(f"{layout.file}: section start {start!r} not found on pages {pages[0][0]}-"
                                f"{pages[-1][0]}")
    return out


def listed_symbols(layout: ReportLayout, pages: list[tuple[int, str]], start: str | None, end: str | None,
                   need_tally: bool = False) -> list[dict]:
    """The recorded votes a section lists: symbol (corrected), symbol as printed, page, in the order printed.

    An entry is the text from one symbol to the next; it is left out when it says the text was
    adopted without a vote (or by acclaim, or by consensus), or, with ``need_tally`` (the 2013-2016
    reports' important votes), when the symbol is not followed by a date and a tally.
    """
    found = []
    for page, text in _section(layout, pages, start, end):
        matches = list(SYMBOL.finditer(text))
        for k, match in enumerate(matches):
            stop = matches[k + 1].start() if k + 1 < len(matches) else len(text)
            entry = text[match.end():stop]
            if (not _TALLY_2016.match(entry)) if need_tally else bool(_NO_VOTE.search(entry)):
                continue
            part = next((g for g in match.groups()[1:] if g), None)
            printed = f"A/RES/{match.group(1)}" + (f" {part.upper()}" if part else "")
            base = f"A/RES/{match.group(1).upper()}"
            symbol, why = layout.corrections.get(base, (base, None))
            found.append({"symbol": symbol, "part": part.upper() if part else None, "page": page,
                          "printed": printed if why else None, "correction": why})
    return found


# --------------------------------------------------------------------------- transcriptions


def read_transcription(raw: Path, year: int) -> pl.DataFrame:
    """A transcription's rows: country, iso3 (printed from 2018 on, else from the name), the four counts, pct."""
    path = Path(raw) / SOURCE / "transcriptions" / f"un-coincidence-{year}.csv"
    try:
        frame = pl.read_csv(path, infer_schema_length=0, encoding="utf8-lossy")
    except (OSError, pl.exceptions.ComputeError) as exc:
        raise SourceFormatError(f"{path}: cannot read as CSV: {exc}") from None
    frame = frame.rename({c: c.lstrip("\ufeff").strip().upper() for c in frame.columns})
    names = {"SAME": "same", "OPPOSITE": "opposite", "OPPOSE": "opposite", "ABSTAIN": "abstain_or_partial",
             "PARTIAL": "abstain_or_partial", "ABSENT": "absent", "COINCIDENCE": "share", "COUNTRY": "country",
             "ISO": "iso3"}
    missing = sorted({"COUNTRY", "SAME", "ABSENT", "COINCIDENCE"} - set(frame.columns))
    if missing:
        raise SourceFormatError(f"{path}: missing columns {missing}")
    frame = frame.rename({c: names[c] for c in frame.columns if c in names})
    if "iso3" not in frame.columns:
        rows = [{"country": c, "iso3": None} for c in frame["country"].to_list()]
        _iso3(rows, str(path), strict=False)
        frame = frame.with_columns(pl.Series("iso3", [r["iso3"] for r in rows]))
    return frame.select(
        "country", "iso3", *[pl.col(c).cast(pl.Int32, strict=False) for c in COUNTS],
        (pl.col("share").cast(pl.Float64, strict=False) * 100).alias("published_pct"),  # "No Votes" -> null
    )


def _compare(pdf: pl.DataFrame, transcription: pl.DataFrame) -> pl.DataFrame:
    """The PDF's rows with ``transcription_note``: how the transcription's row differs (null when it agrees)."""
    t = transcription.select("iso3", *[pl.col(c).alias(f"t_{c}") for c in (*COUNTS, "published_pct")])
    joined = pdf.join(t, on="iso3", how="left")
    differs = [pl.when(pl.col(c) != pl.col(f"t_{c}")).then(pl.format(f"{c} {{}} (PDF {{}})", f"t_{c}", c))
               for c in COUNTS]
    pct = pl.when((pl.col("published_pct").round(0) - pl.col("t_published_pct").round(0)).abs() >= 1).then(
        pl.format("coincidence {}% (PDF {}%)", pl.col("t_published_pct").round(1), "published_pct"))
    note = (pl.when(pl.col("t_same").is_null()).then(pl.lit("not in the transcription"))
            .otherwise(pl.concat_str([*differs, pct], separator="; ", ignore_nulls=True)))
    return joined.with_columns(
        pl.when(note == "").then(None).otherwise(pl.lit("transcription: ") + note).alias("transcription_note")
    ).drop([c for c in joined.columns if c.startswith("t_")])


# --------------------------------------------------------------------------- parse


def parse(raw: Path, texts: pl.DataFrame) -> StateDeptData:
    """Read the reports' tables from ``texts`` (``page_texts``) and the transcriptions under ``raw``.

    Returns ``StateDeptData``; raises ``SourceFormatError`` naming the report when a table it
    should hold is not where ``statedept_layout`` says or a country cannot be placed.
    """
    coincidence, votes, notes = [], [], []
    for year, layout in sorted(LAYOUTS.items()):
        if texts.filter(pl.col("year") == year).height == 0:
            continue
        rows = overall_rows(layout, _pages(texts, year, layout.overall))
        _iso3(rows, layout.file)
        pdf = pl.DataFrame(rows).with_columns(pl.lit(year).alias("year"), pl.lit("pdf").alias("basis"),
                                              pl.lit(layout.definition).alias("definition"),
                                              pl.lit(layout.file).alias("file"))
        if pdf["iso3"].is_duplicated().any():
            raise SourceFormatError(f"{layout.file}: a state appears twice in the overall table: "
                                    f"{sorted(set(pdf.filter(pdf['iso3'].is_duplicated())['iso3']))}")
        transcription = read_transcription(raw, year)
        pdf = _compare(pdf, transcription)
        differ = pdf["transcription_note"].drop_nulls().len()
        notes.append(f"statedept {year}: {pdf.height} states in the PDF's overall table (pages {layout.overall[0]}-"
                     f"{layout.overall[1]}); the transcription differs on {differ}"
                     + (" (it holds the Israel-related votes' table, not the overall one)" if year <= 2017 and
                        differ > pdf.height / 2 else ""))
        coincidence.append(pdf)
        for kind, span, start, end in (("counted", layout.listed, layout.listed_start, layout.listed_end),
                                       ("important", layout.important, layout.important_start,
                                        layout.important_end)):
            if span is None:
                continue
            found = listed_symbols(layout, _pages(texts, year, span), start, end,
                                   need_tally=kind == "important" and year <= 2016)
            by_symbol: dict[str, dict] = {}
            for item in found:
                seen = by_symbol.get(item["symbol"])
                if seen is not None:
                    if item["part"] and item["part"] not in (seen["parts"] or ""):
                        seen["parts"] = ",".join(filter(None, [seen["parts"], item["part"]]))
                    continue
                by_symbol[item["symbol"]] = {"year": year, "list": kind, "symbol": item["symbol"],
                                             "parts": item["part"], "page": item["page"], "printed": item["printed"],
                                             "correction": item["correction"], "file": layout.file}
                if item["correction"]:
                    notes.append(f"statedept {year}: {item['printed']} (page {item['page']}) read as "
                                 f"{item['symbol']}: {item['correction']}")
            votes += by_symbol.values()
    for year, definition in TRANSCRIPTION_ONLY.items():
        frame = read_transcription(raw, year).with_columns(
            pl.lit(year).alias("year"), pl.lit("transcription (secondary: no PDF)").alias("basis"),
            pl.lit(definition).alias("definition"), pl.lit(f"transcriptions/un-coincidence-{year}.csv").alias("file"),
            pl.lit(None, pl.Int32).alias("page"), pl.lit(None, pl.String).alias("transcription_note"))
        coincidence.append(frame)
        notes.append(f"statedept {year}: no PDF; {frame.height} states from the transcription (secondary)")
    table = conform(pl.concat(coincidence, how="diagonal_relaxed"), "statedept_coincidence")
    from analysis.schemas import STATEDEPT_VOTES

    listed = conform(pl.DataFrame(votes, schema=STATEDEPT_VOTES), "statedept_votes")
    return StateDeptData(table.sort("year", "iso3"), listed.sort("year", "list", "symbol"),
                         notes)
