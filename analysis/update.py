"""``python -m analysis update [--a A --b B] [--since DATE]``: every fetcher, then the build, and what changed.

The fetchers run in this order, each all-or-nothing on its own files (a failed fetcher
leaves the raw folder and its dataset declarations as they were):

1. ``fetch votes --body GA`` and ``--body SC`` (UN Digital Library, ``analysis.fetch.votes``):
   records since ``--since``, or since the latest record already cached;
2. with a pair: ``fetch trade`` (IMF IMTS) for the years from ``--since``'s year, or from the
   first year after the shipped COW data (2015), to last year (``analysis.fetch.trade``);
3. with a pair: ``fetch gdelt`` for the pair from ``--since``, or over the last
   ``GDELT_DAYS`` days, to yesterday (``analysis.fetch.gdelt``).

Each fetcher prints one line, its result or its error. When every fetcher succeeded, the
build runs and the update prints what changed per source: new roll calls by body and
source, new trade years of the pair by source, new GDELT event days of the pair. When any
fetcher failed (offline, for one), the build does not run and the update exits 2; offline,
no fetcher changes anything, so the raw files are as before (``tests/test_update.py``
checks their checksums).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.core import clock, paths
from analysis.core.errors import UserError, one_line

GDELT_DAYS = 7  # days fetched from GDELT when neither --since nor a cached day says where to start


class UpdateError(UserError, RuntimeError):
    """One or more fetchers failed; the message lists them (the build did not run)."""


@dataclass
class UpdateReport:
    """What ``update`` did: one line per fetcher, the build's report and the changes per source."""

    fetched: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    build: object | None = None

    def __str__(self) -> str:
        lines = [*self.fetched, *self.failed]
        if self.build is not None:
            lines.append(str(self.build).splitlines()[0])
        lines += ["what changed:", *(f"  {c}" for c in self.changes)] if self.changes else []
        return "\n".join(lines)


def _snapshot(out: Path, pair: tuple[str, str] | None) -> dict[str, object]:
    """What the processed tables in ``out`` hold that an update can change (empty before the first build)."""
    snap: dict[str, object] = {}
    try:
        rc = pl.read_parquet(out / "roll_calls.parquet", columns=["body", "source", "rcid"])
        snap["roll_calls"] = {(str(b), s): n for b, s, n in rc.group_by("body", "source").len().iter_rows()}
        if pair:
            a, b = pair
            trade = pl.read_parquet(out / "trade.parquet", columns=["year", "reporter_iso3", "partner_iso3", "source",
                                                                    "value_usd"])
            trade = trade.filter(pl.col("reporter_iso3").is_in(pair) & pl.col("partner_iso3").is_in(pair)
                                 & pl.col("value_usd").is_not_null())
            snap["trade"] = {s: set(g["year"].to_list()) for (s,), g in trade.group_by("source")}
            events = pl.read_parquet(out / "events.parquet", columns=["dataset", "date", "source_iso3", "target_iso3"])
            events = events.filter((pl.col("dataset") == "gdelt") & pl.col("source_iso3").is_in([a, b])
                                   & pl.col("target_iso3").is_in([a, b]))
            snap["gdelt_days"] = set(events["date"].to_list())
    except (OSError, pl.exceptions.PolarsError):
        pass
    return snap


def changes(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """Return one line per change between two snapshots (``_snapshot``): roll calls, trade years, event days."""
    out = []
    rc_before, rc_after = before.get("roll_calls", {}), after.get("roll_calls", {})
    for key in sorted(set(rc_before) | set(rc_after)):
        n = rc_after.get(key, 0) - rc_before.get(key, 0)
        if n:
            out.append(f"roll calls {key[0]} ({key[1]}): {n:+,}")
    tr_before, tr_after = before.get("trade", {}), after.get("trade", {})
    for source in sorted(set(tr_before) | set(tr_after)):
        new = sorted(tr_after.get(source, set()) - tr_before.get(source, set()))
        if new:
            out.append(f"trade years ({source}): {len(new)} new, {new[0]}–{new[-1]}")
    days = sorted(after.get("gdelt_days", set()) - before.get("gdelt_days", set()))
    if days:
        out.append(f"GDELT event days: {len(days)} new, {days[0]} to {days[-1]}")
    return out or ["nothing new"]




def update(a: str | None = None, b: str | None = None, since: dt.date | None = None, raw_dir: Path | None = None,
           out: Path | None = None, session=None, log: Callable[[str], None] | None = None,
           today: dt.date | None = None) -> UpdateReport:
    """Run every fetcher (votes; trade and GDELT for the pair A-B when given), then the build.

    ``a``, ``b``: ISO3 codes (both or neither); ``since``: the first day to fetch (default: per
    fetcher, see the module docstring); ``session``: a ``requests.Session``-like object passed to
    every fetcher (tests inject one). Returns an ``UpdateReport``. Raises ``UpdateError`` listing
    the fetchers that failed, after running all of them; the build then does not run.
    """
    from analysis.fetch import gdelt as gdelt_fetch
    from analysis.fetch import trade as trade_fetch
    from analysis.fetch import votes as votes_fetch

    if (a is None) != (b is None):
        raise UpdateError("give both --a and --b, or neither")
    today = today or clock.today()
    if since is not None and since > today:
        raise UpdateError(f"--since {since} is in the future")
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    out = Path(out) if out is not None else paths.processed_dir()
    say = log or (lambda line: print(line, file=sys.stderr, flush=True))
    quiet = lambda line: None  # noqa: E731 - the fetchers' per-file lines; update prints one line per fetcher
    pair = (a, b) if a and b else None
    report = UpdateReport()
    before = _snapshot(out, pair)

    def attempt(name: str, run: Callable[[], str]) -> None:
        try:
            line = f"{name}: {run()}"
            report.fetched.append(line)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # each fetcher fails alone; update reports them all in one line each
            line = f"{name}: failed: {one_line(exc)}"
            report.failed.append(line)
        say(line)

    for body in ("GA", "SC"):
        attempt(f"fetch votes --body {body}", lambda body=body: "; ".join(votes_fetch.fetch_votes(
            body, since=since, raw_dir=raw_dir, session=session, log=quiet, today=today).summary())
            or "no new roll calls")
    if pair:
        first = since.year if since else trade_fetch.DEFAULT_START
        last = today.year - 1
        if first > last:
            report.fetched.append(f"fetch trade: nothing to fetch (no whole year since {since})")
        else:
            attempt(f"fetch trade --a {a} --b {b}", lambda: "{} file(s) up to date".format(len(trade_fetch.fetch_trade(
                a, b, first, last, raw_dir=raw_dir, session=session, log=quiet))))
        start = since or _gdelt_start(raw_dir, pair, today)
        end = today - dt.timedelta(days=1)
        if start > end:
            report.fetched.append(f"fetch gdelt: up to date (cached to {end})")
        else:
            attempt(f"fetch gdelt --countries {a},{b}", lambda: "{} complete day(s), {:,} events kept".format(
                *_gdelt_counts(gdelt_fetch.fetch_gdelt(start, end, list(pair), raw_dir=raw_dir, session=session,
                                                       progress=False, log=quiet))))
    else:
        report.fetched.append("fetch trade, fetch gdelt: skipped (they need a pair: --a A --b B)")
    if report.failed:
        raise UpdateError(f"{len(report.failed)} fetcher(s) failed, the build did not run (each failure is on its "
                          f"line above; a failed fetcher changes nothing)")
    from analysis.build import build

    report.build = build(raw=raw_dir, out=out)
    report.changes = changes(before, _snapshot(out, pair))
    return report


def _gdelt_start(raw_dir: Path, pair: tuple[str, str], today: dt.date) -> dt.date:
    """The day after the latest GDELT day cached for the pair, or ``GDELT_DAYS`` days ago."""
    from analysis.fetch import gdelt as gdelt_fetch

    folder = raw_dir / "gdelt" / gdelt_fetch.dataset_name(pair)
    days = sorted(p.name for p in folder.glob("date=*") if p.is_dir()) if folder.is_dir() else []
    if days:
        return dt.date.fromisoformat(days[-1].removeprefix("date=")) + dt.timedelta(days=1)
    return today - dt.timedelta(days=GDELT_DAYS)


def _gdelt_counts(result) -> tuple[int, int]:
    return len(result.partitions), result.rows


def run(args) -> int:
    """Run ``update`` for parsed CLI ``args``; print the report; return 0 (errors propagate as ``UserError``)."""
    from analysis.fetch.gdelt import resolve_countries

    a, b = resolve_countries([args.a, args.b]) if args.a and args.b else (args.a, args.b)
    if a is not None and a == b:
        raise UpdateError(f"--a and --b name the same state ({a})")
    print(update(a, b, since=args.since))
    return 0
