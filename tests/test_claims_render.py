"""Claims check rendered as HTML, Markdown and JSON (``analysis.claims.render``) and ``claims --format``.

Checked on the shipped ``claims/seed_article.toml``: the verdict badges against the verdicts,
the summary counts against the text report's summary line, the links of the resolution
symbols against the ``roll_calls`` table (``record_url``) or ``https://undocs.org/``, the
HTML's tag balance with the standard library's parser, and the escaping of a statement
that carries markup.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest

from analysis import claims as cl

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "claims" / "seed_article.toml"

BADGE = re.compile(r'<span class="verdict-badge (verdict-[a-z-]+)">([^<]*)</span>')
COUNT = re.compile(r'<span class="count-badge count-([a-z-]+)">(\d+)</span> ([a-z ]+)')
VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr", "source", "area", "base", "embed", "track"}


class _Html(HTMLParser):
    """Tag balance, anchors, and the text of evidence-table cells outside any anchor."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.anchors: list[tuple[str, str]] = []  # (href, text)
        self.loose_cell_text: list[str] = []  # evidence-table cell text not inside <a>
        self.tags: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._tables: list[bool] = []  # open tables, innermost last: is it an evidence table?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in VOID:
            return
        self.stack.append(tag)
        a = dict(attrs)
        if tag == "table":
            self._tables.append("evidence-table" in (a.get("class") or ""))
        if tag == "a":
            self._href, self._text = a.get("href") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag == "a":
            self.anchors.append((self._href or "", "".join(self._text)))
            self._href = None
        if tag == "table":
            self._tables.pop()

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        elif self._tables and self._tables[-1] and "td" in self.stack:
            self.loose_cell_text.append(data)


def parse(text: str) -> _Html:
    p = _Html()
    p.feed(text)
    p.close()
    return p


def summary_from_text(text: str) -> dict[str, int]:
    """The text report's ``Summary: 6 supported, 10 contradicted, 2 not checkable`` as a dict."""
    [line] = [x for x in text.splitlines() if x.startswith("Summary: ")]
    out = {}
    for part in line.removeprefix("Summary: ").split(", "):
        n, word = part.split(" ", 1)
        out[word] = int(n)
    return out


@pytest.fixture(scope="module")
def seed_report(built) -> cl.Report:
    return cl.check_file(SEED, built)


@pytest.fixture(scope="module")
def seed_html(seed_report) -> str:
    return cl.format_html(seed_report)


# ---------------------------------------------------------------- HTML


def test_html_one_badge_per_claim_and_summary_counts(seed_report, seed_html):
    verdicts = [v.verdict for v in seed_report.verdicts]
    badges = BADGE.findall(seed_html)
    assert [text for _, text in badges] == verdicts
    classes = {cl.SUPPORTED: "verdict-supported", cl.CONTRADICTED: "verdict-contradicted",
               cl.NOT_CHECKABLE: "verdict-not-checkable"}
    assert [c for c, _ in badges] == [classes[v] for v in verdicts]
    summary = {word: int(n) for _, n, word in COUNT.findall(seed_html)}
    assert summary == {v: verdicts.count(v) for v in cl.VERDICTS}
    assert summary == summary_from_text(cl.format_report(seed_report))
    for v in seed_report.verdicts:  # one anchored row per claim
        assert seed_html.count(f'<tr class="claim-row" id="claim-{v.claim.id}">') == 1


def test_html_is_a_self_contained_balanced_fragment(seed_html):
    assert seed_html.startswith('<div class="claims-check">') and seed_html.rstrip().endswith("</div>")
    page = parse(seed_html)
    assert page.errors == [] and page.stack == []
    assert set(page.tags) & {"script", "link", "iframe", "img"} == set()
    [css] = re.findall(r"<style>(.*?)</style>", seed_html, flags=re.S)
    selectors = [s.strip() for rule in css.split("}") if "{" in rule for s in rule.split("{")[0].split(",")]
    assert selectors and all(s.startswith(".claims-check") for s in selectors), selectors
    assert seed_html.count("<details><summary>Evidence</summary>") == len(BADGE.findall(seed_html))


def test_html_inconsistencies_listed_and_linked(seed_report, seed_html):
    assert seed_report.inconsistencies
    block = seed_html.split('<div class="claims-inconsistencies">', 1)[1].split("</div>", 1)[0]
    assert block.count("<li>") == len(seed_report.inconsistencies)
    assert '<a href="#claim-hrc-2025-abstained">hrc-2025-abstained</a>' in block
    assert block.index(">conflict<") < block.index(">tension<")
    assert seed_html.index("claims-summary") < seed_html.index("claims-inconsistencies") \
        < seed_html.index('class="claims-table"')


def test_html_every_symbol_in_an_evidence_table_is_linked(seed_report, seed_html, built):
    page = parse(seed_html)
    symbol = re.compile(r"\b[A-Z]/[A-Z0-9]")
    assert page.loose_cell_text and not [t for t in page.loose_cell_text if symbol.search(t)]
    links = {text: href for href, text in page.anchors}
    for v in seed_report.verdicts:
        for col in ("symbol", "symbols"):
            if col in v.rows.columns:
                for cell in v.rows[col].drop_nulls():
                    for s in cell.split(", "):
                        assert s in links, (v.claim.id, s)
    # the tally's rows carry the record URL of A/HRC/RES/S-39/1 in the roll_calls table
    url = built["roll_calls"].filter(pl.col("symbol") == "A/HRC/RES/S-39/1")["record_url"].item()
    assert url.startswith("https://")
    assert (url, "A/HRC/RES/S-39/1") in page.anchors
    # a GA resolution has no voting record in the data: it links the UN's resolver
    assert ("https://undocs.org/A/RES/79/183", "A/RES/79/183") in page.anchors
    # a row without a record URL of its own links the record roll_calls give for its symbol (OHCHR's)
    records = dict(built["roll_calls"].filter(pl.col("body").is_in(["HRC", "CHR"]) & pl.col("record_url")
                                              .is_not_null()).select("symbol", "record_url").iter_rows())
    assert (records["A/HRC/RES/55/19"], "A/HRC/RES/55/19") in page.anchors
    assert [(href, text) for href, text in page.anchors if text in records and href != records[text]] == []


def test_html_evidence_cells_are_not_cut_and_trade_rows_keep_their_source(seed_report, seed_html):
    titles = seed_report.by_id()["hrc-57th-session"].rows["title"].to_list()
    long_title = max(titles, key=len)
    assert len(long_title) > 40 and long_title in seed_html.replace("&#x27;", "'")
    trade = seed_report.by_id()["trade-2.5bn"]
    page = parse(seed_html)
    for url in trade.rows["url"].drop_nulls():
        assert (url, url) in page.anchors
    for outlet in trade.rows["outlet"].drop_nulls():
        assert outlet in seed_html.replace("&#x27;", "'")
    assert "<th>reported_by</th>" in seed_html and "<th>outlet</th>" in seed_html


def test_markup_in_a_claim_is_escaped(built, tmp_path):
    path = tmp_path / "markup.toml"
    path.write_text('[source]\ncitation = "A <i>story</i> & co"\n\n[[claim]]\nid = "m1"\nkind = "member"\n'
                    'statement = "Pakistan sat on the Council <script>alert(\\"x\\")</script> | *really*"\n'
                    'note = "<b>bold</b> note"\na = "PAK"\nbody = "HRC"\nyear = 2026\n', encoding="utf-8")
    report = cl.check_file(path, built)
    out = cl.format_html(report)
    assert "<script" not in out and "<b>" not in out and "<i>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out and "A &lt;i&gt;story&lt;/i&gt; &amp; co" in out
    page = parse(out)
    assert page.errors == [] and page.stack == []
    md = cl.format_markdown(report)
    assert "<script" not in md and "&lt;script&gt;" in md and r"\| \*really\*" in md
    [row] = [x for x in md.splitlines() if x.startswith("| [m1]")]
    assert row.count(" | ") == 2  # the escaped pipe does not add a column
    assert json.loads(cl.format_json(report))["claims"][0]["statement"].endswith("</script> | *really*")


# ---------------------------------------------------------------- Markdown


def test_markdown_table_one_row_per_claim_and_sections(seed_report):
    md = cl.format_markdown(seed_report)
    lines = md.splitlines()
    start = lines.index("| claim | verdict | reason |")
    assert lines[start + 1] == "|---|---|---|"
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    assert len(rows) == len(seed_report.verdicts)
    for row, v in zip(rows, seed_report.verdicts, strict=True):
        assert row.startswith(f"| [{v.claim.id}](#claim-{v.claim.id}): ") and f"| **{v.verdict}** |" in row
        assert f'<a id="claim-{v.claim.id}"></a>' in md
    counts = ", ".join(f"{n} {k}" for k, n in summary_from_text(cl.format_report(seed_report)).items())
    assert f"**Summary:** {counts}" in lines
    assert sum(line.startswith("- conflict:") or line.startswith("- tension:") for line in lines) == 2
    assert "[A/RES/79/183](https://undocs.org/A/RES/79/183)" in md
    assert "[A/HRC/RES/S-39/1](https://searchlibrary.ohchr.org/record/" in md
    assert "\\$2.5 billion" in md  # no stray TeX in Jupyter


# ---------------------------------------------------------------- JSON


def test_json_round_trips_and_matches_the_text_summary(seed_report):
    data = json.loads(cl.format_json(seed_report))
    assert set(data) >= {"file", "citation", "coverage", "summary", "inconsistencies", "claims"}
    assert data["summary"] == summary_from_text(cl.format_report(seed_report))
    assert data["inconsistencies"] == seed_report.inconsistencies
    assert [c["id"] for c in data["claims"]] == [v.claim.id for v in seed_report.verdicts]
    for c in data["claims"]:
        assert set(c) >= {"id", "kind", "statement", "verdict", "reason", "needed", "params", "rows"}
    first = data["claims"][0]
    assert first["rows"][0]["date"] == "2026-01-23" and first["rows"][0]["symbol"] == "A/HRC/RES/S-39/1"
    assert data["coverage"]["votes"]["HRC"]["first"] == "2006-06-29"
    session = next(c for c in data["claims"] if c["kind"] == "session_end")
    assert session["params"]["date"] == "2026-01-22"


def test_json_nan_is_null(seed_report):
    v = seed_report.verdicts[0]
    odd = dataclasses.replace(v, rows=pl.DataFrame({"year": [2020], "kappa": [float("nan")], "pi": [None]},
                                                   schema={"year": pl.Int32, "kappa": pl.Float64, "pi": pl.Float64}))
    report = dataclasses.replace(seed_report, verdicts=[odd])
    text = cl.format_json(report)
    assert "NaN" not in text
    assert json.loads(text)["claims"][0]["rows"] == [{"year": 2020, "kappa": None, "pi": None}]


# ---------------------------------------------------------------- helpers


def test_first_sentence_and_symbol_url():
    assert cl.first_sentence("PAK voted no 1. PAK voted no on 1 of them (A/HRC/RES/S-39/1). More.") == \
        "PAK voted no 1."
    assert cl.first_sentence("The claim: 21–16, adopted. Found: A/HRC/RES/S-39/1 (adopted). Later.") == \
        "Found: A/HRC/RES/S-39/1 (adopted)."
    assert cl.first_sentence("Terms (e.g. Res. 60/251. Para 7) are three years, e.g. Three. Then.") == \
        "Terms (e.g. Res. 60/251. Para 7) are three years, e.g. Three."
    assert cl.first_sentence("No full stop") == "No full stop"
    assert cl.symbol_url("A/HRC/RES/S-39/1") == "https://undocs.org/A/HRC/RES/S-39/1"
    assert cl.symbol_url("S/RES/2231 (2015)") == "https://undocs.org/S/RES/2231%20%282015%29"
    assert cl.symbol_url("A/RES/1", "https://example.org/r/1") == "https://example.org/r/1"


# ---------------------------------------------------------------- command line


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analysis", "claims", *args], capture_output=True, text=True)


def test_cli_format_json_and_text_unchanged(built, seed_report):
    result = run(str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"] == seed_report.counts()
    default, text = run(str(SEED)), run(str(SEED), "--format", "text")
    assert default.returncode == text.returncode == 0
    assert default.stdout == text.stdout == cl.format_report(seed_report)


def test_cli_format_html_and_md(built):
    html_out = run(str(SEED), "--format", "html")
    assert html_out.returncode == 0 and html_out.stdout.startswith('<div class="claims-check">')
    md_out = run(str(SEED), "--format", "md")
    assert md_out.returncode == 0 and "| claim | verdict | reason |" in md_out.stdout


def test_cli_bad_format_is_one_line():
    result = run(str(SEED), "--format", "xml")
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "xml" in result.stderr
