"""The ``fetch`` subcommands' arguments, apart from the downloaders so that ``--help`` loads nothing heavy.

``python -m analysis fetch trade ...``, ``fetch gdelt ...`` and ``fetch votes ...``: the
downloaders (``analysis.fetch.trade``, ``analysis.fetch.gdelt``, ``analysis.fetch.votes``) are
imported only when one runs. ``python -m analysis events aggregate ...`` (``add_events_parser``):
the GDELT aggregation on DuckDB, Spark or BigQuery (``analysis.fetch.gdelt_engines``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

FIRST_YEAR = 1948  # IMTS starts in 1948
DEFAULT_START = 2015  # the first year after the shipped COW data
TRADE_SOURCES = ("imf", "comtrade")  # the publishers ``fetch trade`` knows (``analysis.fetch.trade.ADAPTERS``)
VOTE_BODIES = ("GA", "SC", "HRC", "CHR")  # the bodies ``fetch votes`` knows (``analysis.fetch.votes``)


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not FIRST_YEAR <= year <= 2100:
        raise argparse.ArgumentTypeError(f"year out of range: {year}")
    return year


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _countries(text: str) -> list[str]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise argparse.ArgumentTypeError("give countries as ISO3 codes or names, comma-separated: PAK,IRN")
    return items


def add_gdelt_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``gdelt`` dataset to the subparsers of ``python -m analysis fetch``."""
    p = subparsers.add_parser("gdelt", help="GDELT 2.0 events between the given countries (needs internet)")
    p.add_argument("--from", dest="start", type=_date, required=True, help="first day, YYYY-MM-DD (UTC)")
    p.add_argument("--to", dest="end", type=_date, required=True, help="last day, YYYY-MM-DD (UTC)")
    p.add_argument("--countries", type=_countries, required=True,
                   help="ISO3 codes or names, comma-separated, e.g. PAK,IRN")
    p.add_argument("--include-domestic", action="store_true",
                   help="also keep events whose two actors are in the same country")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    return p


def _body(text: str) -> str:
    body = text.strip().upper()
    if body not in VOTE_BODIES:
        raise argparse.ArgumentTypeError(f"not a body: {text!r} (choose from {', '.join(VOTE_BODIES)})")
    return body


def add_votes_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``votes`` dataset to the subparsers of ``python -m analysis fetch``."""
    p = subparsers.add_parser(
        "votes",
        help="voting records: GA/SC from the UN Digital Library (needs internet), HRC/CHR from an OHCHR export",
        description="Download the General Assembly's or the Security Council's new voting records from the UN "
                    "Digital Library's Voting Data collection (MARCXML, cached under data/raw/undl/<body>/ with "
                    "their lines in data/raw/datasets; resumable), or add a MARCXML export saved in a browser: from "
                    "the "
                    "UN Digital Library (GA, SC) or from the OHCHR Search Library (HRC, CHR: required). The "
                    "Library's terms (https://digitallibrary.un.org/pages/?page=tos) do not permit automated "
                    "downloads without its approval: without it, save the export in a browser and use --from-file.")
    p.add_argument("--body", type=_body, required=True, metavar="{GA,SC,HRC,CHR}",
                   help="GA or SC: download from the UN Digital Library; HRC or CHR: add --from-file")
    p.add_argument("--since", type=_date, default=None,
                   help="first vote date, YYYY-MM-DD (default: resume an interrupted run, else the day after the "
                        "latest cached vote, else 2019-01-01)")
    p.add_argument("--from-file", dest="from_file", type=Path, default=None, metavar="FILE",
                   help="a file saved in a browser: the UN Digital Library's General Assembly or Security Council "
                        "Voting Data CSV (GA, SC), or a MARCXML export (required for HRC and CHR); checked, then "
                        "copied unchanged into data/raw with its line in data/raw/datasets")
    p.add_argument("--force", action="store_true",
                   help="download again pages that are cached, or replace an export added before")
    return p


def add_fetch_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``fetch`` (subcommands ``trade``, ``gdelt``, ``votes``) to the ``subparsers`` of ``python -m analysis``."""
    fetch = subparsers.add_parser("fetch", help="download new raw data into data/raw (needs internet)")
    sub = fetch.add_subparsers(dest="dataset", required=True, parser_class=type(fetch))
    trade = sub.add_parser("trade", help="bilateral goods trade of A and B, both sides' reports")
    trade.add_argument("--a", required=True, help="country A: ISO3 code or name")
    trade.add_argument("--b", required=True, help="country B: ISO3 code or name")
    trade.add_argument("--from", dest="start", type=_year, default=DEFAULT_START,
                       help=f"first year (default {DEFAULT_START})")
    trade.add_argument("--to", dest="end", type=_year, default=None,
                       help="last year (default: last year)")
    trade.add_argument("--source", default="imf", choices=TRADE_SOURCES, help="publisher (default imf)")
    trade.add_argument("--force", action="store_true", help="download again even if the cached file matches")
    add_gdelt_parser(sub)
    add_votes_parser(sub)
    return fetch


EVENT_ENGINES = ("duckdb", "spark", "bigquery")  # ``analysis.fetch.gdelt_engines.ENGINES``
_BYTE_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
               "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def _bytes(text: str) -> int:
    """Parse a byte count: an integer, optionally with a unit (``50GB``, ``1.5TB``, ``100GiB``)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", text.replace(",", "").replace("_", ""))
    unit = match.group(2).lower() if match else None
    if not match or unit not in _BYTE_UNITS:
        raise argparse.ArgumentTypeError(f"not a number of bytes: {text!r} (e.g. 50000000000 or 50GB)")
    value = int(float(match.group(1)) * _BYTE_UNITS[unit])
    if value <= 0:
        raise argparse.ArgumentTypeError(f"--max-bytes must be positive: {text!r}")
    return value


def add_events_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``events`` (subcommand ``aggregate``) to the ``subparsers`` of ``python -m analysis``."""
    events = subparsers.add_parser("events", help="GDELT event aggregation on DuckDB, Spark or BigQuery")
    sub = events.add_subparsers(dest="events_command", required=True, parser_class=type(events))
    p = sub.add_parser(
        "aggregate",
        help="GDELT events per directed dyad, day and month and CAMEO quad class (duckdb, spark or bigquery)",
        description="Aggregate GDELT 2.0 events between states per directed dyad, day and month and CAMEO quad "
                    "class (counts, Goldstein sum and mean with the package's weights, distinct source URLs) with "
                    "one Ibis expression run on DuckDB (the GDELT files under data/raw/gdelt/), Spark (local or a "
                    "cluster) or BigQuery (gdelt-bq.gdeltv2.events). Writes data/raw/gdelt-aggregates/<name>/"
                    "dyad_day.parquet and dyad_month.parquet with their lines in data/raw/datasets "
                    "(analysis.fetch.gdelt_engines).")
    p.add_argument("--engine", default="duckdb", choices=EVENT_ENGINES, help="engine (default duckdb)")
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--countries", type=_countries, help="ISO3 codes or names, comma-separated, e.g. PAK,IRN")
    scope.add_argument("--all-pairs", action="store_true", help="every pair of states")
    p.add_argument("--from", dest="start", type=_date, required=True, help="first event date (SQLDATE), YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=_date, required=True, help="last event date (SQLDATE), YYYY-MM-DD")
    p.add_argument("--input", dest="inputs", nargs="+", action="extend", metavar="PATH",
                   help="duckdb/spark: GDELT export files (tab-separated, 61 columns) or Parquet files (*.parquet), "
                        "paths or globs; spark also s3://, gs://, hdfs:// URLs (default: every GDELT file in "
                        "data/raw/datasets/gdelt-aggregates.toml)")
    p.add_argument("--master", help="spark: master URL (default local[*]), e.g. spark://host:7077 or yarn")
    p.add_argument("--project", help="bigquery: the Google Cloud project billed for the query")
    p.add_argument("--max-bytes", type=_bytes, metavar="N",
                   help="bigquery: refuse a query whose dry run scans more than N bytes (e.g. 50GB)")
    p.add_argument("--name", help="output folder under data/raw/gdelt-aggregates/ "
                                  "(default <engine>_<A-B|all>_<from>_<to>)")
    return events
