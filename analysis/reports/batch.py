"""Batch reports: run the report notebooks for many pairs in parallel and index them.

``python -m analysis report --pairs PAK:IRN,PAK:CHN,IND:PAK`` or ``--batch reports.toml``
runs ``analysis.reports.run.run_report`` for every pair in worker processes (``--workers``,
default 2), each with one warm kernel that runs its pairs' notebooks one after another
(``analysis.reports.kernels.shared_pool``), with one progress bar over all pairs. A failure in one pair is recorded with
its error and does not stop the others; the exit status is 0 only if every pair succeeded.
``reports/index.html`` then lists every pair with links to its pages and charts, the
raw-data checksums the reports rest on, and when each ran.

Batch file format (TOML)::

    [defaults]            # optional; applies to every pair
    start_year = 1990
    end_year = 2025
    body = "GA"
    notebooks = ["dyad_report"]   # optional subset of the report notebooks

    [[pair]]
    a = "PAK"
    b = "IRN"
    claims_file = "claims/seed_article.toml"   # any report parameter may be set per pair

    [[pair]]
    a = "IND"
    b = "USA"
    start_year = 2000
"""

from __future__ import annotations

import datetime as dt
import html
import multiprocessing
import time
import tomllib
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from tqdm import tqdm

from analysis.core import paths
from analysis.core.atomic import write_text
from analysis.core.errors import UserError
from analysis.core.vocab import BODIES
from analysis.reports.run import NOTEBOOKS, run_report

JOB_FIELDS = {"a", "b", "start_year", "end_year", "body", "notebooks", "claims_file"}
BATCH_MARKER = ".unalign-reports"


class BatchFormatError(UserError, ValueError):
    """A malformed --pairs value or batch file; the message names the entry."""


@dataclass
class Job:
    """One pair to report on, with its parameters."""

    a: str
    b: str
    start_year: int | None = None
    end_year: int | None = None
    body: str = "GA"
    notebooks: tuple[str, ...] = NOTEBOOKS
    claims_file: str | None = None

    @property
    def name(self) -> str:
        """The pair's folder name, e.g. ``PAK-IRN``."""
        return f"{self.a}-{self.b}"


@dataclass
class Outcome:
    """What happened to one job: its folder, or its error, and how long it took."""

    job: Job
    ok: bool
    seconds: float
    folder: Path | None = None
    error: str = ""
    finished: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))


def parse_pairs(text: str) -> list[Job]:
    """Return jobs for ``"PAK:IRN,PAK:CHN"``; raise ``BatchFormatError`` naming a bad item."""
    jobs = []
    for number, item in enumerate((p.strip() for p in text.split(",")), start=1):
        parts = [p.strip() for p in item.split(":")]
        if len(parts) != 2 or not all(parts):
            raise BatchFormatError(f"--pairs: pair {number} {item!r} is not A:B (e.g. PAK:IRN)")
        jobs.append(Job(parts[0], parts[1]))
    return jobs


class _PairFields(BaseModel):
    """The fields of a ``[[pair]]`` (with ``[defaults]`` merged in), as the batch file may give them."""

    model_config = ConfigDict(extra="forbid", strict=True)

    a: str
    b: str
    start_year: int | None = None
    end_year: int | None = None
    body: str = "GA"
    notebooks: list[str] | None = None
    claims_file: str | None = None

    @field_validator("a", "b")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name a state")
        return value.strip()

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        if value not in BODIES:
            raise ValueError(f"{value!r} is not a body; choose from {', '.join(BODIES)}")
        return value

    @field_validator("notebooks")
    @classmethod
    def _notebooks(cls, value: list[str] | None) -> list[str] | None:
        bad = sorted(set(value or ()) - set(NOTEBOOKS))
        if bad:
            raise ValueError(f"unknown notebooks {bad}; choose from {', '.join(NOTEBOOKS)}")
        return value


def _field_errors(exc: ValidationError) -> list[str]:
    out = []
    for error in exc.errors():
        field_name = ".".join(str(x) for x in error["loc"]) or "entry"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            out.append(f"unknown field {field_name!r} (fields: {', '.join(sorted(JOB_FIELDS))})")
        elif error["type"] == "missing":
            out.append(f"field {field_name!r} is missing")
        else:
            out.append(f"field {field_name!r}: {message} (got {error.get('input')!r})")
    return out


def load_batch(path: Path) -> list[Job]:
    """Return the jobs of a batch TOML file; raise ``BatchFormatError`` naming the file, pair and field.

    Every entry is checked (``_PairFields``: known fields, whole years, a known body and
    notebooks); all problems are reported, one line each. Countries, years with votes and
    claims files are checked by :func:`validate_jobs`.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BatchFormatError(f"{path}: {exc}") from None
    unknown = sorted(set(data) - {"defaults", "pair"})
    if unknown:
        raise BatchFormatError(f"{path}: unknown table(s) {unknown}; a batch file has [defaults] and [[pair]]")
    defaults, pairs = data.get("defaults", {}), data.get("pair", [])
    if not isinstance(defaults, dict) or not isinstance(pairs, list):
        raise BatchFormatError(f"{path}: [defaults] must be a table and [[pair]] an array of tables")
    if not pairs:
        raise BatchFormatError(f"{path}: no [[pair]] entries")
    jobs, errors = [], []
    for number, entry in enumerate(pairs, start=1):
        merged = {**defaults, **entry}
        label = f"{path}: pair {number}" + (f" ({merged.get('a')}:{merged.get('b')})"
                                            if merged.get("a") and merged.get("b") else "")
        try:
            fields = _PairFields.model_validate(merged)
        except ValidationError as exc:
            errors += [f"{label}: {line}" for line in _field_errors(exc)]
            continue
        claims = str((Path(path).parent / fields.claims_file).resolve()) if fields.claims_file else None
        jobs.append(Job(fields.a, fields.b, fields.start_year, fields.end_year, fields.body,
                        tuple(fields.notebooks) if fields.notebooks is not None else NOTEBOOKS, claims))
    if errors:
        raise BatchFormatError(*errors)
    return jobs


def validate_jobs(jobs: list[Job], countries: pl.DataFrame, votes: pl.DataFrame,
                  roll_calls: pl.DataFrame) -> list[Job]:
    """Check every job before any report runs; return them with ISO3 codes, or raise ``BatchFormatError``.

    Checks each pair's countries (whole names or ISO3 codes, two different states), reversed
    years, that both states voted in the body and years (``require_votes``), each claims file
    (read and validated once), and that no pair comes twice. All problems are reported, one
    line each naming the pair.
    """
    from analysis.claims import read_claims_file
    from analysis.core.countries import resolve
    from analysis.measures.coverage import require_votes

    errors: list[str] = []
    checked: dict[str, str | None] = {}
    seen: dict[str, int] = {}
    out = []
    for number, job in enumerate(jobs, start=1):
        label = f"pair {number} ({job.a}:{job.b})"
        try:
            a, b = resolve(job.a, countries), resolve(job.b, countries)
        except UserError as exc:
            errors.append(f"{label}: {exc.one_line()}")
            continue
        problems = []
        if a == b:
            problems.append(f"{job.a!r} and {job.b!r} are the same state ({a})")
        if job.start_year is not None and job.end_year is not None and job.start_year > job.end_year:
            problems.append(f"reversed years {job.start_year} to {job.end_year}")
        if not problems:
            for code in (a, b):
                try:
                    require_votes(votes, roll_calls, code, job.body, job.start_year, job.end_year)
                except UserError as exc:
                    problems.append(exc.one_line())
        if job.claims_file:
            if job.claims_file not in checked:
                try:
                    read_claims_file(job.claims_file, countries)
                    checked[job.claims_file] = None
                except UserError as exc:
                    checked[job.claims_file] = f"claims file: {exc.one_line()}"
            if checked[job.claims_file]:
                problems.append(checked[job.claims_file])
        name = f"{a}-{b}"
        if name in seen:
            problems.append(f"the same pair as pair {seen[name]} ({name}); each pair once")
        seen.setdefault(name, number)
        errors += [f"{label}: {p}" for p in problems]
        out.append(Job(a, b, job.start_year, job.end_year, job.body, job.notebooks, job.claims_file))
    if errors:
        raise BatchFormatError(*errors)
    return out


def _run_one(job: Job, reports_root: str, replace: bool = True) -> Outcome:
    """Worker: resolve the pair's countries, run its report, return an Outcome (never raises)."""
    start = time.perf_counter()
    try:
        from analysis.core.countries import resolve
        from analysis.core.tables import load
        from analysis.measures.coverage import require_votes

        countries = load("countries")
        a, b = resolve(job.a, countries), resolve(job.b, countries)
        votes, roll_calls = load("votes"), load("roll_calls")
        for code in (a, b):
            require_votes(votes, roll_calls, code, job.body, job.start_year, job.end_year)
        job = Job(a, b, job.start_year, job.end_year, job.body, job.notebooks, job.claims_file)
        extra = {"claims_file": job.claims_file} if job.claims_file else None
        if a == b:
            raise BatchFormatError(f"{job.a!r} and {job.b!r} are the same state ({a})")
        from analysis.reports.kernels import shared_pool

        # one warm kernel per worker for all its pairs: no kernel start or package import per pair
        folder = run_report(a, b, start_year=job.start_year, end_year=job.end_year, body=job.body,
                            out_dir=Path(reports_root) / job.name, progress=False,
                            notebooks=job.notebooks, extra=extra, replace=replace, kernels=shared_pool(1))
        return Outcome(job, True, time.perf_counter() - start, folder)
    except Exception as exc:  # one pair's failure must not stop the batch
        last = exc.one_line() if isinstance(exc, UserError) else \
            traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Outcome(job, False, time.perf_counter() - start, error=last[:2000])


def check_root(root: Path, *, explicit: bool) -> None:
    """Raise ``OutputPathError`` unless ``root`` may hold a batch: new, empty, the default reports folder, or
    a folder of an earlier batch (its marker ``.unalign-reports``)."""
    from analysis.core.errors import OutputPathError
    from analysis.core.report_folder import refuse_protected

    refuse_protected(root)
    if root.exists() and not root.is_dir():
        raise OutputPathError(f"{root}: exists and is not a folder; give a new folder for the reports")
    if explicit and root.is_dir() and any(root.iterdir()) and not (root / BATCH_MARKER).is_file():
        shown = ", ".join(sorted(p.name for p in root.iterdir())[:3])
        raise OutputPathError(f"{root}: the folder holds files that are not reports of this package ({shown}); "
                              f"nothing was changed. Give a new folder with --out")


def run_batch(jobs: list[Job], *, workers: int = 2, reports_root: Path | None = None,
              progress: bool = True, force: bool = False) -> list[Outcome]:
    """Run every job in ``workers`` processes with one progress bar; write ``index.html``; return outcomes.

    Outcomes are in the order of ``jobs``. ``reports_root`` (default ``reports/``) must be
    new, empty or an earlier batch's folder; in a given ``reports_root`` a pair's earlier
    report is replaced only with ``force`` (in the default folder always).
    """
    if workers < 1:
        raise BatchFormatError(f"--workers must be at least 1, not {workers}")
    root = Path(reports_root) if reports_root else paths.reports_dir()
    check_root(root, explicit=reports_root is not None)
    root.mkdir(parents=True, exist_ok=True)
    (root / BATCH_MARKER).write_text("reports written by python -m analysis report\n", encoding="utf-8")
    replace = force or reports_root is None
    results: dict[int, Outcome] = {}
    # "spawn", not fork: forking a process that has started polars' thread pool can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context) as pool:
        futures = {pool.submit(_run_one, job, str(root), replace): i for i, job in enumerate(jobs)}
        with tqdm(total=len(jobs), desc="reports", unit="pair", disable=not progress) as bar:
            for future in as_completed(futures):
                outcome = future.result()
                results[futures[future]] = outcome
                bar.set_postfix_str(f"{outcome.job.name} {'ok' if outcome.ok else 'FAILED'}")
                bar.update()
    outcomes = [results[i] for i in range(len(jobs))]
    write_index(outcomes, root)
    return outcomes


PAGE_TITLES = {"dyad_report": "Dyad report", "voting_alignment": "Voting", "bilateral_trade": "Trade",
               "diplomatic_events": "Events"}


def _summary(folder: Path) -> dict:
    """The ``charts/summary.json`` the dyad notebook wrote (title, years, first key fact, verdicts), or {}."""
    import json

    try:
        return json.loads((folder / "charts" / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


VERDICT_CLASSES = {"supported": "verdict-supported", "contradicted": "verdict-contradicted",
                   "not checkable": "verdict-not-checkable"}


def write_index(outcomes: list[Outcome], root: Path) -> Path:
    """Write ``root/index.html``: a card per pair (its key fact, verdict counts, pages, time) and the data versions."""
    cards = []
    for o in outcomes:
        if o.ok and o.folder is not None:
            rel = o.folder.relative_to(root) if o.folder.is_relative_to(root) else o.folder
            info = _summary(o.folder)
            pages = " · ".join(
                f'<a href="{html.escape(str(rel / p.name))}">{html.escape(PAGE_TITLES.get(p.stem, p.stem))}</a>'
                for p in sorted(o.folder.glob("*.html"), key=lambda p: list(PAGE_TITLES).index(p.stem)
                                if p.stem in PAGE_TITLES else 99))
            verdicts = " ".join(
                f'<span class="verdict-badge {VERDICT_CLASSES.get(v, "")}">{n} {html.escape(v)}</span>'
                for v, n in info.get("verdicts", {}).items())
            body = (f'<p class="fact">{html.escape(info.get("key_fact", ""))}</p>'
                    + (f'<p>Claims: {verdicts}</p>' if verdicts else "")
                    + f'<p class="pages">{pages}</p>')
            title = html.escape(info.get("title", o.job.name))
            years = html.escape(info.get("years", ""))
        else:
            title, years = html.escape(o.job.name), ""
            body = f'<p class="failed"><b>failed</b>: {html.escape(o.error)}</p>'
        cards.append(f'<article class="card" id="pair-{html.escape(o.job.name)}"><h2>{title}</h2>'
                     f'<p class="meta">{html.escape(o.job.name)} · {years} · {o.seconds:.1f} s · {o.finished}</p>'
                     f"{body}</article>")
    from analysis.core import registry
    from analysis.reports.citations import write_citation_bib
    from analysis.reports.page import sources_html

    data = sources_html()  # the datasets as the registry declares them, as in every report's footer
    write_citation_bib(root, [d for d in registry.load().values() if d.files])
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dyad reports</title>
<style>
body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:1200px;color:#222}}
h1{{color:#1b4f72}} .cards{{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:16px}}
.card{{border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;background:#fff;box-shadow:0 1px 2px #0001}}
.card h2{{font-size:18px;margin:0 0 4px}} .meta{{color:#666;font-size:12px;margin:0 0 8px}}
.fact{{font-size:14px;line-height:1.4}} .pages a{{margin-right:4px}}
.verdict-badge{{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;color:#fff;background:#666}}
.verdict-supported{{background:#1e7e34}} .verdict-contradicted{{background:#b02a37}}
.verdict-not-checkable{{background:#6c757d}}
table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:3px 6px;font-size:12px;vertical-align:top}}
</style></head>
<body><h1>Dyad reports</h1>
<p>{sum(o.ok for o in outcomes)} of {len(outcomes)} pairs succeeded. Each card gives the pair's first key fact and,
where a claims file was checked, its verdicts.</p>
<section class="cards">{"".join(cards)}</section>
<details><summary><h2 style="display:inline">Data versions</h2></summary>
<p>The datasets every report rests on, with their citation, terms and files (sha256); BibTeX for a reference
manager: <a href="CITATION.bib">CITATION.bib</a>.</p>
{data}</details>
</body></html>
"""
    return write_text(page, root / "index.html")
