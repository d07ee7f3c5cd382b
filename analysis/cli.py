"""Command line: ``python -m analysis {build,update,alignment,idealpoints,report,claims,draft,fetch,events} ...``.

- ``build``: raw → processed Parquet (``analysis.build``).
- ``update [--a PAK --b IRN] [--since DATE]``: every fetcher (votes; trade and GDELT for the
  pair), then the build, and what changed per source (needs internet; ``analysis.update``).
- ``alignment --a PAK --b IRN [--body GA|HRC|CHR|SC] [--issue hr] [--from Y] [--to Y] --format csv``
  prints ``year,n_joint,agreement,kappa,pi,s_score`` (full float precision), one row
  per year with at least one joint vote; ``--all --out FILE.parquet`` writes the
  all-dyads table for the same filters.
- ``alignment --a PAK --b USA --measure coincidence [--definition statedept-2016|statedept-2017|statedept-2021]``
  prints the US State Department's voting coincidence of A with B per year
  (``year,definition,n_votes,same,opposite,abstain_or_partial,absent,coincidence``;
  ``analysis.measures.coincidence``).
- ``audit --body GA [--year 2019]``: the GA record against the State Department's reports: missing,
  extra and duplicate roll calls, important votes, coincidence against the published figures
  (``analysis.measures.ga_audit``).
- ``idealpoints --a PAK --b IRN [--issue hr] [--from Y] [--to Y] --format csv`` prints
  ``session,year,iso3,ideal_point,se,n_votes`` for the named states from
  ``ideal_points.parquet`` (empty fields where a session was not estimated);
  ``idealpoints --estimate [--n-boot N]`` re-estimates that table with bootstrap standard
  errors (default 10 replicates; ``analysis.measures.idealpoints``).
- ``report --a PAK --b IRN``: runs the notebooks with papermill into ``reports/PAK-IRN/`` (HTML pages
  with interactive charts, ``analysis.reports.page``).
- ``claims FILE [--format text|html|json|md] [--article ARTICLE]``: the claims check (``analysis.claims``);
  with ``--format html`` and an article (given, or recorded by ``draft``), the article marked up.
- ``draft ARTICLE [--date YYYY-MM-DD] [--out DRAFT.toml]``: a claims file drafted from an article's
  own words (``analysis.claims.draft``).
- ``fetch trade --a PAK --b IRN [--from Y] [--to Y] [--source imf|comtrade] [--force]``:
  download later trade data (needs internet; see ``analysis.fetch.trade``).
- ``fetch gdelt --from 2024-01-01 --to 2024-01-31 --countries PAK,IRN``: GDELT 2.0 events
  between the named countries (needs internet; see ``analysis.fetch.gdelt``).
- ``events aggregate --engine duckdb|spark|bigquery --countries PAK,IRN|--all-pairs --from D --to D``:
  GDELT events per directed dyad, day and month and quad class, one Ibis expression on DuckDB,
  Spark or BigQuery, into ``data/raw/gdelt-aggregates/`` (``analysis.fetch.gdelt_engines``).
- ``fetch votes --body GA|SC [--since DATE]``: UN Digital Library voting records;
  ``fetch votes --body HRC --from-file EXPORT.xml``: a MARCXML export saved from the OHCHR
  Search Library (see ``analysis.fetch.votes``).

User errors -- every ``analysis.core.errors.UserError``: unknown country, the same state twice,
a state without votes in the chosen body and years, reversed years, unknown issue, missing
or altered raw data, a bad claims or batch file, a missing or damaged table, an output
path the package will not write to, a build already running -- exit with status 2 and one
line on stderr, from the single handler in ``main``. Anything else is a bug and keeps its
traceback. A query inside the data but without a result (e.g. a year range with no joint
vote) exits 0 with the CSV header and says so in one line on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.core import paths
from analysis.core.errors import UserError
from analysis.core.vocab import BODIES, ISSUES

if TYPE_CHECKING:  # polars is imported only when a command needs data, so that --help answers at once
    import polars as pl

MEASURES = ("n_joint", "agreement", "kappa", "pi", "s_score")
#: ``alignment --definition``: the State Department's definitions (``analysis.measures.coincidence.DEFINITIONS``)
#: and "report", each year by the definition its report used.
COINCIDENCE_DEFINITIONS = ("report", "statedept-2016", "statedept-2017", "statedept-2021")


class UsageError(UserError):
    """A user error: reported in one line with exit status 2."""


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else repr(value)
    return str(value)


def to_csv(frame: pl.DataFrame) -> str:
    """Return ``frame`` as CSV text with floats at full (round-trip) precision."""
    lines = [",".join(frame.columns)]
    lines += [",".join(_fmt(v) for v in row) for row in frame.iter_rows()]
    return "\n".join(lines) + "\n"


def _since(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not 1945 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"year out of range: {year}")
    return year


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _issue(text: str) -> str:
    if text not in ISSUES:
        close = difflib.get_close_matches(text, ISSUES, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise argparse.ArgumentTypeError(f"unknown issue {text!r}{hint}; choose from {', '.join(ISSUES)}")
    return text


def _ideal_issue(text: str) -> str:
    return text if text == "all" else _issue(text)


class _Version(argparse.Action):
    """``--version``: print the package's version (read from its metadata only when asked) and exit."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the package's version and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        from analysis import version

        sys.stdout.write(f"unalign {version()}\n")
        parser.exit(0)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--body", default="GA", choices=BODIES, help="UN body (default GA)")
    p.add_argument("--issue", type=_issue, help=f"issue flag: {', '.join(ISSUES)}")
    p.add_argument("--from", dest="start", type=_year, help="first year (inclusive)")
    p.add_argument("--to", dest="end", type=_year, help="last year (inclusive)")
    p.add_argument("--important", action="store_true", help="only US State Department 'important' votes")
    p.add_argument("--exclude-amendments", action="store_true", help="drop amendment and paragraph votes")
    p.add_argument("--by", default="year", choices=("year", "session"), help="group by calendar year or session")


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m analysis``."""
    top = _Parser(prog="python -m analysis", description=__doc__.split("\n")[0])
    top.add_argument("--version", action=_Version)
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)

    bd = sub.add_parser("build", help="build data/processed/*.parquet from data/raw (reuses what did not change)")
    bd.add_argument("--force", action="store_true", help="recompute every table and stage, reusing nothing")

    up = sub.add_parser("update", help="run every fetcher (votes; trade and GDELT for a pair), then the build "
                                       "(needs internet)")
    up.add_argument("--a", help="country A: ISO3 code or name (with --b: also fetch the pair's trade and GDELT)")
    up.add_argument("--b", help="country B")
    up.add_argument("--since", type=_since, help="first day to fetch, YYYY-MM-DD (default: after what is cached)")

    al = sub.add_parser("alignment", help="voting alignment of a dyad, or of all dyads")
    al.add_argument("--a", help="country A: ISO3 code or name")
    al.add_argument("--b", help="country B: ISO3 code or name")
    al.add_argument("--all", action="store_true", help="all dyads (needs --out)")
    al.add_argument("--out", type=Path, help="file for --all: FILE.parquet or FILE.csv (the extension says the "
                                             "format), a new file outside data/")
    al.add_argument("--force", action="store_true", help="with --all: replace an existing --out file")
    al.add_argument("--format", default="csv", choices=("csv", "table"), help="output format for one dyad")
    al.add_argument("--measure", default="agreement", choices=("agreement", "coincidence"),
                    help="agreement: agreement, kappa, pi and S (default); coincidence: the US State Department's "
                         "voting coincidence of A with B (GA)")
    al.add_argument("--definition", default="report", choices=COINCIDENCE_DEFINITIONS,
                    help="with --measure coincidence: statedept-2016 (identical / (identical + opposite)), "
                         "statedept-2017 (half a point for a partial vote), statedept-2021 (absences as partial), "
                         "or report (default: each year by its report's definition)")
    _filters(al)

    au = sub.add_parser("audit", help="the GA record against the US State Department's voting-practices reports")
    au.add_argument("--body", default="GA", choices=("GA",), help="the body audited (GA)")
    au.add_argument("--year", type=_year, help="one report year (default: every year with a report)")

    ip = sub.add_parser("idealpoints", help="GA ideal points of named states, or re-estimate them")
    ip.add_argument("--a", help="country A: ISO3 code or name")
    ip.add_argument("--b", help="country B: ISO3 code or name")
    ip.add_argument("--states", help="more states, comma-separated, e.g. USA,CUB")
    ip.add_argument("--issue", default="all", type=_ideal_issue, help="all (default) or one of the issue flags")
    ip.add_argument("--from", dest="start", type=_year, help="first year (inclusive)")
    ip.add_argument("--to", dest="end", type=_year, help="last year (inclusive)")
    ip.add_argument("--format", default="csv", choices=("csv", "table"), help="output format")
    ip.add_argument("--estimate", action="store_true",
                    help="re-estimate data/processed/ideal_points.parquet from the processed votes")
    ip.add_argument("--n-boot", type=int, default=10,
                    help="with --estimate: parametric-bootstrap replications for the se (default 10; "
                         "0 keeps the posterior sd the build writes)")
    ip.add_argument("--seed", type=int, default=0, help="with --estimate: bootstrap seed")

    rp = sub.add_parser("report", help="run the notebooks for a dyad (or many) into reports/A-B/")
    rp.add_argument("--a", default="PAK", help="country A (default PAK)")
    rp.add_argument("--b", default="IRN", help="country B (default IRN)")
    rp.add_argument("--pairs", help="many pairs, e.g. PAK:IRN,PAK:CHN,IND:PAK (run in parallel)")
    rp.add_argument("--batch", type=Path, help="a TOML file listing pairs and parameters (see analysis.reports.batch)")
    rp.add_argument("--workers", type=_positive, default=2, help="worker processes for --pairs/--batch (default 2)")
    rp.add_argument("--claims", dest="claims_file", help="a claims TOML file to check in the dyad report")
    rp.add_argument("--from", dest="start", type=_year, help="first year (default: first year with data)")
    rp.add_argument("--to", dest="end", type=_year, help="last year (default: last year with data)")
    rp.add_argument("--body", default="GA", choices=BODIES)
    rp.add_argument("--out", type=Path,
                    help="output folder: for one pair the report folder (default reports/A-B); "
                         "for --pairs/--batch the folder holding every pair and index.html (default reports/); "
                         "a new or empty folder, or one of this package's reports with --force")
    rp.add_argument("--force", action="store_true",
                    help="replace an earlier report of this package at --out (never other files)")

    ck = sub.add_parser("claims", help="check the claims in a TOML file against the data (the claims format: "
                        "docs/reference/claims-format.md)")
    ck.add_argument("file", type=Path, help="claims file, e.g. claims/seed_article.toml")
    ck.add_argument("--format", default="text", choices=("text", "html", "json", "md"),
                    help="output: text (default), html (a fragment for a notebook or a page), json or md (Markdown)")
    ck.add_argument("--article", type=Path,
                    help="with --format html: the article, marked up with each claim's quote (default: the "
                         "article a drafted file records in [source] article)")

    dr = sub.add_parser("draft", help="draft a claims file from an article's own words (plain text or HTML)")
    dr.add_argument("article", type=Path, help="the article: a plain-text or HTML file (UTF-8)")
    dr.add_argument("--date", type=_since, help="publication date YYYY-MM-DD (default: the article's date line or "
                                                "HTML meta date, else today)")
    dr.add_argument("--out", type=Path, help="claims file to write (default: print the TOML)")
    dr.add_argument("--force", action="store_true", help="replace an existing --out file")

    so = sub.add_parser("sources", help="every dataset with its version, coverage (from the processed tables), "
                                        "licence and citation")
    so.add_argument("--format", default="table", choices=("table", "json", "bibtex"),
                    help="table (default), json, or bibtex (for a reference manager)")
    so.add_argument("--report", type=Path, help="only the datasets this report folder rests on (its parameters.json)")

    from analysis.fetch.arguments import add_events_parser, add_fetch_parser

    add_fetch_parser(sub)
    add_events_parser(sub)
    return top


def _load(table: str) -> pl.DataFrame:
    from analysis.core.tables import load

    return load(table)


def _country(query: str | None, role: str, countries: pl.DataFrame) -> str:
    from analysis.core.countries import UnknownCountryError, resolve

    if not query:
        raise UsageError(f"--{role} is required")
    try:
        return resolve(query, countries)
    except UnknownCountryError as exc:
        raise UsageError(f"--{role}: {exc}") from None


def _pair(args: argparse.Namespace, countries: pl.DataFrame, votes: pl.DataFrame, roll_calls: pl.DataFrame,
          body: str) -> tuple[str, str]:
    """Resolve --a and --b, refuse the same state twice, and check both voted in ``body`` in the years."""
    from analysis.measures.coverage import require_votes

    a, b = _country(args.a, "a", countries), _country(args.b, "b", countries)
    if a == b:
        raise UsageError(f"--a {args.a!r} and --b {args.b!r} are the same state ({a}); give two states")
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    for code in (a, b):
        require_votes(votes, roll_calls, code, body, args.start, args.end, names.get(code))
    return a, b


def _alignment(args: argparse.Namespace) -> int:
    from analysis.measures import alignment

    filters = dict(
        body=args.body, issue=args.issue, important_only=args.important,
        exclude_amendments=args.exclude_amendments, start_year=args.start, end_year=args.end,
    )
    countries = _load("countries")
    votes, roll_calls = _load("votes"), _load("roll_calls")
    if args.important:
        _check_important(roll_calls, args.body, args.start, args.end)
    if args.measure == "coincidence":
        return _coincidence(args, countries, votes, roll_calls)
    if args.all:
        if args.out is None:
            raise UsageError("--all needs --out FILE.parquet (or FILE.csv)")
        if args.a or args.b:
            raise UsageError("--all computes every dyad: drop --a/--b, or drop --all for one pair")
        from analysis.core.atomic import write_parquet, write_with
        from analysis.core.outputs import check_table_path, table_format

        check_table_path(args.out, force=args.force)
        table = alignment.all_dyads_alignment(votes, roll_calls, by=args.by, **filters)
        if table.height == 0:
            print(f"python -m analysis: note: no dyad has a joint recorded vote in the {args.body} for these filters "
                  f"({_coverage(roll_calls, args.body)}); writing an empty table", file=sys.stderr)
        if table_format(args.out) == "csv":
            writer = lambda frame, target: write_with(lambda tmp: tmp.write_text(to_csv(frame)), target)  # noqa: E731
        else:  # snappy: every Parquet reader knows it, and writes twice as fast as zstd (bench_alignment.py)
            writer = lambda frame, target: write_parquet(frame, target, compression="snappy")  # noqa: E731
        _write_table(writer, table, args.out)
        print(f"wrote {table.height:,} dyad-{args.by} rows to {args.out}", file=sys.stderr)
        return 0
    a, b = _pair(args, countries, votes, roll_calls, args.body)
    table = alignment.dyad_alignment(votes, roll_calls, a, b, by=args.by, **filters)
    table = table.select(args.by, *MEASURES)
    _partial_note(votes, roll_calls, a, b, args.body, args.start, args.end)
    if table.height == 0:
        print(f"python -m analysis: note: {a} and {b} have no joint recorded vote in the {args.body} for these "
              f"filters ({_coverage(roll_calls, args.body)}); the CSV has only its header", file=sys.stderr)
    sys.stdout.write(to_csv(table) if args.format == "csv" else f"{table}\n")
    return 0


def _partial_note(votes: pl.DataFrame, roll_calls: pl.DataFrame, a: str, b: str, body: str, start: int | None,
                  end: int | None) -> None:
    """Say on stderr how many joint votes come from roll calls whose source lists only some members (the veto list)."""
    import polars as pl

    rc = roll_calls.filter((pl.col("body") == body) & pl.col("lists_members").not_().fill_null(False)
                           & pl.col("year").is_between(start or 0, end or 9999))
    if rc.height == 0:
        return
    both = (votes.join(rc.select("body", "rcid"), on=["body", "rcid"], how="semi")
            .filter(pl.col("iso3").is_in([a, b])).group_by("rcid").len().filter(pl.col("len") == 2).height)
    if both:
        print(f"python -m analysis: note: {both} of these joint votes come from the Security Council veto list, which "
              f"gives only the vetoing members' votes: they are drafts both vetoed (so they can only raise agreement); "
              f"the other members' votes on the list's drafts are unknown and left out", file=sys.stderr)


def _check_important(roll_calls: pl.DataFrame, body: str, start: int | None, end: int | None) -> None:
    """Refuse ``--important`` for years with roll calls but no vote flagged important (the flags are unknown there)."""
    from analysis.measures.coverage import years_without_important

    missing = years_without_important(roll_calls, body, start, end)
    if missing:
        raise UsageError(f"--important: no {body} vote is flagged important in {missing} (the US State Department's "
                         f"lists are not in the data for those years); choose --from/--to within the years that have "
                         f"them, or leave out --important")


def _coincidence(args: argparse.Namespace, countries: pl.DataFrame, votes: pl.DataFrame,
                 roll_calls: pl.DataFrame) -> int:
    """``alignment --measure coincidence``: the State Department's coincidence of --a with --b, one row per year."""
    import polars as pl

    from analysis.measures import coincidence as sd

    if args.all or args.body != "GA" or args.by != "year" or args.issue or args.exclude_amendments:
        raise UsageError("--measure coincidence is the State Department's measure of one dyad in the GA by year: "
                         "it takes --a, --b, --from, --to, --important and --definition only")
    a, b = _pair(args, countries, votes, roll_calls, "GA")
    rc = roll_calls.filter(pl.col("important").fill_null(False)) if args.important else roll_calls
    years = sorted(set(rc.filter(pl.col("body") == "GA")["year"].to_list()))
    years = [y for y in years if (args.start is None or y >= args.start) and (args.end is None or y <= args.end)]
    parts = []
    for definition in sorted({sd.definition_for(y) if args.definition == "report" else args.definition
                              for y in years}):
        chosen = [y for y in years if args.definition != "report" or sd.definition_for(y) == definition]
        table = sd.coincidence(votes, rc, definition, b, states=[a], start_year=min(chosen), end_year=max(chosen))
        parts.append(table.filter(pl.col("year").is_in(chosen)).with_columns(pl.lit(definition).alias("definition")))
    table = (pl.concat(parts).sort("year") if parts else pl.DataFrame(schema={c: pl.Int64 for c in sd.COLUMNS}))
    table = table.select("year", "definition", *sd.COLUMNS[2:]) if parts else table
    if table.height == 0:
        print(f"python -m analysis: note: no GA roll call counts for {a} and {b} in these years", file=sys.stderr)
    sys.stdout.write(to_csv(table) if args.format == "csv" else f"{table}\n")
    return 0


def _audit(args: argparse.Namespace) -> int:
    """``audit --body GA [--year Y]``: the GA record against the State Department's reports."""
    from analysis.measures.ga_audit import audit
    from analysis.sources.statedept_layout import LAYOUTS

    published = _load("statedept_coincidence")
    years = sorted(set(published["year"].to_list()))
    if args.year is not None and args.year not in years:
        raise UsageError(f"--year {args.year}: no State Department report in the data (reports: {years[0]}–{years[-1]}"
                         f", without {sorted(set(range(years[0], years[-1] + 1)) - set(years))})")
    stated = {y: layout.stated_votes for y, layout in LAYOUTS.items()}
    results = audit(_load("roll_calls"), _load("votes"), _load("statedept_votes"), published,
                    [args.year] if args.year else years, stated)
    for result in results:
        print("\n".join(result.lines()))
    return 0


def _coverage(roll_calls: pl.DataFrame, body: str) -> str:
    import polars as pl

    years = roll_calls.filter(pl.col("body") == body)["year"]
    return f"{body} recorded votes cover {years.min()}–{years.max()}"


def _write_table(writer, table: pl.DataFrame, target: Path) -> None:
    """Write with ``writer`` and turn a refusal by the operating system into one line."""
    from analysis.core.errors import OutputPathError

    try:
        writer(table, target)
    except OSError as exc:
        raise OutputPathError(f"--out {target}: cannot write: {exc.strerror or exc}") from None


IDEAL_COLUMNS = ("session", "year", "iso3", "ideal_point", "se", "n_votes")


def _idealpoints(args: argparse.Namespace) -> int:
    import polars as pl

    if args.estimate:
        from analysis.core.atomic import write_parquet
        from analysis.measures import idealpoints

        if args.n_boot < 0 or args.n_boot == 1:
            raise UsageError(f"--n-boot must be 0 or at least 2 (an sd needs two replicates), not {args.n_boot}")
        from analysis.core.outputs import build_lock

        with build_lock(paths.processed_dir()):  # never beside a build writing the same folder
            table = idealpoints.ideal_points_table(_load("votes"), _load("roll_calls"), n_boot=args.n_boot,
                                                   seed=args.seed)
            write_parquet(table, paths.processed("ideal_points"))
        print(f"wrote {table.height:,} rows to {paths.processed('ideal_points')}", file=sys.stderr)
        if not (args.a or args.b or args.states):
            return 0
    countries = _load("countries")
    named = [_country(args.a, "a", countries)] if args.a else []
    named += [_country(args.b, "b", countries)] if args.b else []
    for query in (args.states or "").split(","):
        if query.strip():
            named.append(_country(query.strip(), "states", countries))
    if not named:
        raise UsageError("name at least one state with --a, --b or --states")
    twice = sorted({code for code in named if named.count(code) > 1})
    if twice:
        raise UsageError(f"{', '.join(twice)} named twice in --a/--b/--states; name each state once")
    table = _load("ideal_points").filter(pl.col("issue") == args.issue, pl.col("iso3").is_in(named))
    if args.start is not None:
        table = table.filter(pl.col("year") >= args.start)
    if args.end is not None:
        table = table.filter(pl.col("year") <= args.end)
    order = {code: k for k, code in enumerate(dict.fromkeys(named))}
    table = (table.with_columns(pl.col("iso3").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
             .sort("session", "_o").select(IDEAL_COLUMNS))
    sys.stdout.write(to_csv(table) if args.format == "csv" else f"{table}\n")
    return 0


def _report(args: argparse.Namespace) -> int:
    from analysis.reports import batch
    from analysis.reports import run as reports

    countries = _load("countries")
    if args.claims_file:  # a bad claims file fails now, not after the notebooks ran
        from analysis.claims import read_claims_file

        read_claims_file(args.claims_file, countries)
    if args.pairs is not None or args.batch:
        if args.pairs is not None and not args.pairs.strip():
            raise UsageError("--pairs is empty; give pairs such as PAK:IRN,IND:USA")
        jobs = batch.parse_pairs(args.pairs) if args.pairs else batch.load_batch(args.batch)
        for job in jobs:  # fill in the command line's years/body where the batch file leaves them open
            job.start_year = job.start_year if job.start_year is not None else args.start
            job.end_year = job.end_year if job.end_year is not None else args.end
            job.body = args.body if job.body == "GA" else job.body
            job.claims_file = job.claims_file or (str(Path(args.claims_file).resolve()) if args.claims_file else None)
        # every pair, country, year range and claims file is checked before the first notebook starts
        jobs = batch.validate_jobs(jobs, countries, _load("votes"), _load("roll_calls"))
        batch.check_root(args.out or paths.reports_dir(), explicit=args.out is not None)
        outcomes = batch.run_batch(jobs, workers=args.workers, reports_root=args.out, force=args.force)
        for o in outcomes:
            status = f"ok ({o.seconds:.1f} s) {o.folder}" if o.ok else f"FAILED: {o.error}"
            print(f"{o.job.name}: {status}")
        failed = sum(not o.ok for o in outcomes)
        print(f"{len(outcomes) - failed} of {len(outcomes)} pairs succeeded; index: "
              f"{(args.out or paths.reports_dir()) / 'index.html'}")
        return 0 if not failed else 1
    a, b = _pair(args, countries, _load("votes"), _load("roll_calls"), args.body)
    extra = {"claims_file": str(Path(args.claims_file).resolve())} if args.claims_file else None
    out = reports.run_report(a, b, start_year=args.start, end_year=args.end, body=args.body, out_dir=args.out,
                             extra=extra, replace=args.force or args.out is None)
    print(f"report written to {out}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    args = parser().parse_args(argv)
    if getattr(args, "start", None) and getattr(args, "end", None) and args.start > args.end:
        print(f"python -m analysis: error: reversed year range --from {args.start} --to {args.end}", file=sys.stderr)
        return 2
    try:
        if args.command == "build":
            from analysis.build import build

            print(build(force=args.force))
            return 0
        if args.command == "alignment":
            return _alignment(args)
        if args.command == "idealpoints":
            return _idealpoints(args)
        if args.command == "audit":
            return _audit(args)
        if args.command == "update":
            from analysis.update import run as run_update

            return run_update(args)
        if args.command == "fetch":
            from analysis.fetch.trade import run_fetch

            return run_fetch(args)
        if args.command == "events":
            from analysis.fetch.gdelt_engines import run_events

            return run_events(args)
        if args.command == "claims":
            from analysis.claims import main as claims_main

            extra = ["--article", str(args.article)] if args.article else []
            return claims_main([str(args.file), "--format", args.format, *extra])
        if args.command == "sources":
            from analysis.core import registry
            from analysis.reports import citations

            datasets = (citations.datasets_of_report(args.report) if args.report
                        else list(registry.load().values()))
            sys.stdout.write(citations.render(datasets, args.format))
            return 0
        if args.command == "draft":
            from analysis.claims.draft import run as run_draft

            return run_draft(args)
        return _report(args)
    except UserError as exc:  # the package's own errors: one line each, status 2; anything else is a bug
        for line in exc.lines():
            print(f"python -m analysis: error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("python -m analysis: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly, as Python's docs advise
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
