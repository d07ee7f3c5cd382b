"""The output of ``events aggregate``: ``dyad_day.parquet`` and ``dyad_month.parquet`` under
``data/raw/gdelt-aggregates/<name>/``, written together, and their lines in the dataset's declaration."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from analysis.core import clock, paths
from analysis.core import manifest as manifest_edit
from analysis.core.atomic import write_all_parquet, write_text
from analysis.fetch.gdelt_engines.common import (
    _NAME,
    DAY_FILE,
    MONTH_FILE,
    OUTPUT_DIR,
    SOURCE,
    AggregateResult,
    EngineError,
    _utcnow,
)


def default_name(engine: str, countries: Sequence[str] | None, start: dt.date, end: dt.date) -> str:
    """Return ``<engine>_<A-B|all>_<from>_<to>`` (countries sorted, joined by '-')."""
    scope = "-".join(sorted({c.upper() for c in countries})) if countries else "all"
    return f"{engine}_{scope}_{start.isoformat()}_{end.isoformat()}"


def _shown(path: str, raw_dir: Path) -> str:
    with contextlib.suppress(ValueError):
        return Path(path).resolve().relative_to(raw_dir.resolve()).as_posix()
    return path


def _origin(result: AggregateResult, raw_dir: Path, level: str) -> str:
    p = result.params
    scope = (f"events between two different states among {', '.join(p['countries'])}" if p.get("countries")
             else "events between any two different states (all pairs)")
    if result.engine == "bigquery":
        where = (f"BigQuery table {p['table']}, billed to project {p['project']}; dry run: "
                 f"{p['bytes_scanned']:,} bytes scanned" + (f", --max-bytes {p['max_bytes']:,}" if p.get("max_bytes")
                                                           else ""))
    else:
        files = [_shown(f, raw_dir) for f in p.get("inputs", [])]
        listed = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        where = f"{len(files)} GDELT 2.0 Events file(s): {listed}"
        if result.engine == "spark":
            where += f"; Spark master {p['master']}"
    return (f"engine {result.engine}: python -m analysis events aggregate (analysis.fetch.gdelt_engines, one Ibis "
            f"expression, analysis.sources.gdelt_ibis) over {where}; parameters: {scope}, event dates (SQLDATE) "
            f"{p['start']} to {p['end']}, engine {result.engine}; dyad-{level} counts per CAMEO quad class; "
            f"run {_utcnow():%Y-%m-%dT%H:%M:%SZ}")


def _coverage(frame: pl.DataFrame, period: str, result: AggregateResult) -> str:
    if frame.height == 0:
        return (f"0 rows: no events between the chosen states dated {result.params['start']} to "
                f"{result.params['end']} in the inputs; columns {', '.join(frame.columns)}")
    dyads = frame.select("source_iso3", "target_iso3").unique().height
    unknown = int(frame.filter(pl.col("quad_class").is_null())["n_events"].sum() or 0)
    note = f"; {unknown:,} events with a CAMEO code not in event_codes under quad_class null" if unknown else ""
    return (f"{frame.height:,} rows (directed dyad x {'day' if period == 'date' else 'month'} x quad class), "
            f"{dyads:,} directed dyads, {int(frame['n_events'].sum()):,} events, {period} {frame[period].min()} to "
            f"{frame[period].max()}{note}; columns {', '.join(frame.columns)}")


def check_name(name: str) -> str:
    """Return ``name`` if it is a plain folder name; ``EngineError`` otherwise."""
    if not _NAME.match(name) or name in {".", ".."}:
        raise EngineError(f"--name {name!r}: use letters, digits, '.', '_', '+' and '-' only (a folder name)")
    return name


def write_aggregate(result: AggregateResult, name: str | None = None, raw_dir: Path | None = None) -> list[Path]:
    """Write ``dyad_day.parquet`` and ``dyad_month.parquet`` under ``<raw>/gdelt-aggregates/<name>/`` and their
    manifest entries (replacing entries of the same paths); return the two paths.

    Both files are written to temporary files and renamed together, then the manifest is
    rewritten atomically. Raises ``EngineError`` for a name that is not a plain folder name.
    """
    raw_dir = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    p = result.params
    name = name or default_name(result.engine, p.get("countries"), dt.date.fromisoformat(p["start"]),
                                dt.date.fromisoformat(p["end"]))
    check_name(name)
    folder = raw_dir / OUTPUT_DIR / name
    clock.refuse_future(result.month, "month", file=folder / MONTH_FILE,
                        row=pl.format("the row {} -> {}", "source_iso3", "target_iso3"), what="month")
    targets = {folder / DAY_FILE: result.day, folder / MONTH_FILE: result.month}
    try:
        write_all_parquet(targets)
    except OSError as exc:
        raise EngineError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    entries = []
    for (target, frame), (level, period) in zip(targets.items(), (("day", "date"), ("month", "month")), strict=True):
        entries.append({
            "path": target.relative_to(raw_dir).as_posix(),
            "source": SOURCE,
            "origin": _origin(result, raw_dir, level),
            "coverage": _coverage(frame, period, result),
            "sha256": manifest_edit.sha256_of(target),
            "bytes": target.stat().st_size,
        })
    for path, text in manifest_edit.recorded(entries, raw_dir).items():
        write_text(text, path)
    return list(targets)
