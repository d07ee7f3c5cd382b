"""Benchmark: GDELT dyad-day/month aggregation on DuckDB and Spark against a polars baseline, with peak memory.

Usage::

    python benchmarks/bench_events_engines.py                      # 20,000,000 synthetic rows
    python benchmarks/bench_events_engines.py --quick              # 1,000,000 rows
    python benchmarks/bench_events_engines.py --rows 5000000 --engines duckdb,polars
    python benchmarks/bench_events_engines.py --out /tmp/synthetic  # keep (and reuse) the Parquet files

1. Generates SYNTHETIC data in the GDELT 2.0 Events export format (the 61 columns of
   ``analysis.sources.gdelt.COLUMNS`` with the package's Parquet types ``gdelt.SCHEMA``, as
   ``fetch gdelt`` stores them), ``--rows`` rows (default 20,000,000; ``--quick`` 1,000,000)
   in ``--files`` Parquet files (default 10) of row groups of 250,000 rows, named
   ``synthetic_gdelt_NN.parquet`` in a temporary directory (or ``--out DIR``, where files of
   the same size and seed are reused). The distributions come from the shipped real export
   ``data/raw/gdelt/20191024143000.export.CSV`` (read with the package's adapter,
   ``gdelt.read_export``):

   - the pair (Actor1CountryCode, Actor2CountryCode) is drawn with numpy from its empirical
     joint frequencies (353 pairs, nulls included), and the other actor and geography fields
     of the row are those of a real row with that pair, so names, types and places fit;
   - EventCode is drawn from its empirical frequencies, and EventBaseCode, EventRootCode,
     QuadClass, GoldsteinScale, IsRootEvent, NumMentions/NumSources/NumArticles and AvgTone
     are those of a real row with that code;
   - SOURCEURL has the sample's cardinality (425 articles for 2,111 events): events come in
     articles whose sizes are drawn from the sample's events-per-URL distribution; each
     article has a real URL with ``?synthetic=<article number>`` appended (so ~4,000,000
     distinct URLs in 20,000,000 rows), one DATEADDED (a 15-minute stamp, the files in
     time order, each a slice of the range) and its events' SQLDATE is DATEADDED's day minus
     a lag drawn from the sample's (0, 1, 7, 30 or 365 days), so that SQLDATE spreads over
     2015-02-18..2026-11-30; MonthYear, Year, FractionDate follow from SQLDATE;
     GLOBALEVENTID is sequential.

   Generation is vectorised (numpy draws, polars gathers from the real rows) and runs in its
   own process, whose time and peak memory are printed.
2. Aggregates every directed pair (countries None) over the whole range, each engine in a
   fresh process (``python benchmarks/bench_events_engines.py --engine X --files ...``):
   ``analysis.fetch.gdelt_engines.aggregate("duckdb", files, None, start, end)``, the same
   with ``"spark"`` and ``master="local[2]"`` (both run the Ibis expression of
   ``analysis.sources.gdelt_ibis``), and the baseline, a plain polars lazy scan written here
   (``polars_aggregate``: ``scan_parquet``, the adapter's country mapping
   ``gdelt.iso3_of_cameo``, one row per GLOBALEVENTID as ``gdelt.read_events``, the CAMEO join
   ``cameo.lookup``, group by dyad and day / month and quad class with the count, the
   Goldstein sum and mean and the distinct SOURCEURLs; polars' default engine, all cores).
   For Spark the worker starts the session first with the engine module's own
   ``spark_session`` (``aggregate`` then uses it), so the start-up is printed apart; the time
   compared includes it and the session's stop, as a cold ``aggregate`` call would.
3. Checks that the dyad-month tables agree (same rows; n_events and n_source_urls equal,
   goldstein_sum and goldstein_mean within 1e-9 relative), and prints each engine's wall
   time, its ratio to the polars baseline and the peak memory of the process tree: the sum
   of the resident memory of the worker and all its descendants (Spark's JVM is a child of
   the Python driver), sampled with psutil every 50 ms, and the largest single process's
   ``ru_maxrss`` (``os.wait4`` of the worker; this process is made a child subreaper so that
   the JVM, which outlives the driver by a moment, is reaped here and counted too). The
   load average is printed: on a shared machine other jobs slow every engine.

Not a test; run by hand (the Spark run needs Java 17 and takes minutes on 20,000,000 rows).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.sources import cameo  # noqa: E402
from analysis.sources import gdelt as gdelt_source  # noqa: E402

REAL = ROOT / "data" / "raw" / "gdelt" / "20191024143000.export.CSV"
RAW = ROOT / "data" / "raw"
START = dt.date(2015, 2, 18)
END = dt.date(2026, 11, 30)
FIRST_STAMP = dt.datetime(2015, 2, 18, 23, 0)  # GDELT 2.0's first export
LAST_STAMP = dt.datetime(2026, 11, 30, 23, 45)
DEFAULT_ROWS = 20_000_000
QUICK_ROWS = 1_000_000
N_FILES = 10
ROW_GROUP = 250_000
ENGINES = ("duckdb", "spark", "polars")
SPARK_MASTER = "local[2]"
SAMPLE_SECONDS = 0.05
KEYS_MONTH = ["month", "source_iso3", "target_iso3", "quad_class"]

_A = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
      "Type1Code", "Type2Code", "Type3Code"]
_G = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
#: Columns taken from a real row with the drawn country pair.
ACTOR_COLUMNS = [f"Actor{i}{c}" for i in (1, 2) for c in _A] + [
    f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in _G]
#: Columns taken from a real row with the drawn event code.
EVENT_COLUMNS = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                 "NumMentions", "NumSources", "NumArticles", "AvgTone"]


# --------------------------------------------------------------------------- synthetic data


class _Draw:
    """Empirical distribution of a key over the real rows; draws keys and a real row of each drawn key."""

    def __init__(self, real: pl.DataFrame, key: pl.Expr):
        groups = (real.with_row_index("_row").group_by(key.alias("_key"), maintain_order=True)
                  .agg(pl.col("_row")).with_columns(pl.col("_row").list.len().alias("_n")))
        self.counts = groups["_n"].to_numpy().astype(np.int64)
        self.p = self.counts / self.counts.sum()
        self.offsets = np.concatenate([[0], np.cumsum(self.counts)[:-1]])
        self.rows = groups["_row"].explode().to_numpy().astype(np.int64)
        self.n_keys = len(self.counts)

    def rows_for(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Draw ``n`` keys from their frequencies; return, for each, a real row (uniform among the key's rows)."""
        key = rng.choice(self.n_keys, size=n, p=self.p)
        within = (rng.random(n) * self.counts[key]).astype(np.int64)
        return self.rows[self.offsets[key] + within]


def _empirical(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniq, counts = np.unique(values, return_counts=True)
    return uniq, counts / counts.sum()


def read_real() -> pl.DataFrame:
    """The shipped real export, typed by the package's adapter (61 columns)."""
    return gdelt_source.read_export(REAL).select(gdelt_source.COLUMNS)


def generate(out: Path, rows: int, n_files: int, seed: int = 0) -> list[Path]:
    """Write ``rows`` SYNTHETIC GDELT 2.0 rows as ``n_files`` Parquet files in ``out``; return their paths."""
    real = read_real()
    rng = np.random.default_rng(seed)
    pairs = _Draw(real, pl.concat_str([pl.col("Actor1CountryCode").fill_null("-"),
                                       pl.col("Actor2CountryCode").fill_null("-")], separator="|"))
    codes = _Draw(real, pl.col("EventCode"))
    actor_part, event_part = real.select(ACTOR_COLUMNS), real.select(EVENT_COLUMNS)
    per_url = real.group_by("SOURCEURL").len()["len"].to_numpy()
    sizes, size_p = _empirical(per_url)
    urls = real["SOURCEURL"].unique().sort()
    added_day = dt.datetime.strptime(real["DATEADDED"][0][:8], "%Y%m%d").date()
    lags, lag_p = _empirical(np.array([(added_day - dt.datetime.strptime(d, "%Y%m%d").date()).days
                                       for d in real["SQLDATE"]]))
    first_id = int(real["GLOBALEVENTID"].max()) + 1
    slots = int((LAST_STAMP - FIRST_STAMP) / dt.timedelta(minutes=15)) + 1
    bounds = np.linspace(0, slots, n_files + 1).astype(np.int64)
    row_bounds = np.linspace(0, rows, n_files + 1).astype(np.int64)
    out.mkdir(parents=True, exist_ok=True)
    paths, article_base = [], 0
    for i in range(n_files):
        n = int(row_bounds[i + 1] - row_bounds[i])
        # articles: sizes from the sample's events-per-URL distribution, until n events
        k = int(n / float(sizes @ size_p) * 1.2) + 16
        article_sizes = rng.choice(sizes, size=k, p=size_p)
        while article_sizes.sum() < n:
            article_sizes = np.concatenate([article_sizes, rng.choice(sizes, size=k, p=size_p)])
        k = int(np.searchsorted(np.cumsum(article_sizes), n)) + 1
        article = np.repeat(np.arange(k), article_sizes[:k])[:n]
        stamp = np.sort(rng.integers(bounds[i], bounds[i + 1], size=k))
        added = np.datetime64(FIRST_STAMP, "ms") + stamp * np.timedelta64(900_000, "ms")
        articles = pl.DataFrame({
            "DATEADDED": pl.Series(added).dt.to_string("%Y%m%d%H%M%S"),
            "_added": added.astype("datetime64[D]").astype(np.int64),  # days since 1970-01-01
            "SOURCEURL": urls.gather(rng.integers(0, urls.len(), size=k)) + "?synthetic="
            + pl.Series(np.arange(article_base, article_base + k)).cast(pl.String),
        })
        article_base += k
        ev = articles[article]
        lag = rng.choice(lags, size=n, p=lag_p)
        day = np.maximum(ev["_added"].to_numpy() - lag, (START - dt.date(1970, 1, 1)).days)
        date = pl.Series("_date", day.astype(np.int32)).cast(pl.Date)
        frame = pl.concat([
            pl.DataFrame({"GLOBALEVENTID": np.arange(first_id + row_bounds[i], first_id + row_bounds[i] + n)}),
            pl.DataFrame({"_date": date}),
            actor_part[pairs.rows_for(rng, n)],
            event_part[codes.rows_for(rng, n)],
            ev.select("DATEADDED", "SOURCEURL"),
        ], how="horizontal").with_columns(
            pl.col("_date").dt.to_string("%Y%m%d").alias("SQLDATE"),
            (pl.col("_date").dt.year() * 100 + pl.col("_date").dt.month()).alias("MonthYear"),
            pl.col("_date").dt.year().alias("Year"),
            (pl.col("_date").dt.year() + ((pl.col("_date").dt.month() - 1) * 30 + pl.col("_date").dt.day()) / 365)
            .round(4).alias("FractionDate"),
        ).select(pl.col(c).cast(t) for c, t in gdelt_source.SCHEMA.items())
        path = out / f"synthetic_gdelt_{i:02d}.parquet"
        frame.write_parquet(path, row_group_size=ROW_GROUP, statistics=True)
        paths.append(path)
        del frame, ev, articles
    return paths


def synthetic_files(out: Path, rows: int, n_files: int, seed: int) -> tuple[list[Path], dict]:
    """Generate the files in a fresh process (or reuse them); return their paths and the generation report."""
    meta_path = out / "synthetic_gdelt.json"
    wanted = {"rows": rows, "files": n_files, "seed": seed}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        paths = [out / f for f in meta.get("paths", [])]
        if {k: meta.get(k) for k in wanted} == wanted and paths and all(p.exists() for p in paths):
            return paths, {**meta, "reused": True}
    command = [sys.executable, __file__, "--generate-only", "--rows", str(rows), "--files", str(n_files),
               "--seed", str(seed), "--out", str(out)]
    report = run_measured(command, "generate")
    paths = sorted(out.glob("synthetic_gdelt_*.parquet"))
    meta = {**wanted, "paths": [p.name for p in paths], "seconds": report["wall"], "peak_tree_mib": report["peak_tree"],
            "bytes": sum(p.stat().st_size for p in paths)}
    meta_path.write_text(json.dumps(meta, indent=1))
    return paths, meta


# --------------------------------------------------------------------------- the polars baseline


def polars_aggregate(files: list[Path], start: dt.date, end: dt.date,
                     engine: str = "auto") -> tuple[pl.DataFrame, pl.DataFrame]:
    """Baseline: (dyad-day, dyad-month) tables of every directed pair from a plain polars lazy scan.

    As the adapter (``gdelt.to_events``, ``gdelt.read_events``, ``analysis.measures.events``):
    event date SQLDATE in ``start``..``end``; actor countries mapped to ISO3 with the adapter's
    ``gdelt.iso3_of_cameo`` over the codes present (regions and other non-state codes give
    null); events between two different states only; one row per GLOBALEVENTID; quad class
    and Goldstein weight of the EventCode from the CAMEO table (``cameo.lookup(cameo.read())``,
    left join). Per source, target, day (``date``) or ``month`` and quad class: ``n_events``,
    ``goldstein_sum``, ``goldstein_mean``, ``n_source_urls`` (distinct SOURCEURL).
    """
    scan = pl.scan_parquet([str(f) for f in files])
    present = pl.concat([scan.select(pl.col("Actor1CountryCode").alias("c")),
                         scan.select(pl.col("Actor2CountryCode").alias("c"))]).unique().collect(engine=engine)
    mapping = {c: iso for c, iso in gdelt_source.iso3_of_cameo(present["c"].drop_nulls().to_list()).items() if iso}
    states = pl.DataFrame({"code": list(mapping), "iso3": list(mapping.values())},
                          schema={"code": pl.String, "iso3": pl.String}).lazy()
    codes = cameo.lookup(cameo.read(RAW)).lazy()
    events = (
        scan.select("GLOBALEVENTID", "SQLDATE", "Actor1CountryCode", "Actor2CountryCode", "EventCode", "SOURCEURL")
        .with_columns(pl.col("SQLDATE").cast(pl.String).str.strptime(pl.Date, "%Y%m%d").alias("date"))
        .filter(pl.col("date").is_between(start, end))
        .join(states.rename({"code": "Actor1CountryCode", "iso3": "source_iso3"}), on="Actor1CountryCode")
        .join(states.rename({"code": "Actor2CountryCode", "iso3": "target_iso3"}), on="Actor2CountryCode")
        .filter(pl.col("source_iso3") != pl.col("target_iso3"))
        .unique("GLOBALEVENTID")
        .join(codes, left_on="EventCode", right_on="cameo_code", how="left")
        .with_columns(pl.col("date").dt.truncate("1mo").alias("month"))
    )

    def by(period: str) -> pl.LazyFrame:
        return events.group_by(period, "source_iso3", "target_iso3", "quad_class").agg(
            pl.len().cast(pl.Int64).alias("n_events"),
            pl.when(pl.col("goldstein").count() > 0).then(pl.col("goldstein").sum()).alias("goldstein_sum"),
            pl.col("goldstein").mean().alias("goldstein_mean"),
            pl.col("SOURCEURL").n_unique().cast(pl.Int64).alias("n_source_urls"),
        )

    day, month = pl.collect_all([by("date"), by("month")], engine=engine)
    return day, month


# --------------------------------------------------------------------------- one engine in a fresh process


def _to_polars(table) -> pl.DataFrame:
    if isinstance(table, pl.DataFrame):
        return table
    if isinstance(table, pl.LazyFrame):
        return table.collect()
    if isinstance(table, str | Path):
        return pl.read_parquet(table)
    if hasattr(table, "to_arrow"):  # ibis / duckdb relations
        return pl.from_arrow(table.to_arrow())
    if hasattr(table, "schema") and hasattr(table, "column_names"):  # pyarrow.Table
        return pl.from_arrow(table)
    return pl.from_pandas(table)


def worker(engine: str, files: list[Path], result: Path) -> None:
    """Aggregate ``files`` with ``engine``; write the dyad-month table to ``result``; print a JSON report.

    Spark: the session is started first with the engine module's own ``spark_session(master)``
    (what ``aggregate`` does when no session is active; ``aggregate`` then uses it), so that
    the start-up (JVM, SparkContext) is reported apart; ``seconds`` includes it and the stop.
    """
    startup = None
    begin = time.perf_counter()
    if engine == "polars":
        day, month = polars_aggregate(files, START, END)
    else:
        from analysis.fetch import gdelt_engines

        session = None
        if engine == "spark":
            session, _ = gdelt_engines.spark_session(SPARK_MASTER)
            startup = time.perf_counter() - begin
        extra = {"master": SPARK_MASTER} if engine == "spark" else {}
        out = gdelt_engines.aggregate(engine, [str(f) for f in files], None, START, END, **extra)
        if session is not None:
            session.stop()
        day, month = _to_polars(out.day), _to_polars(out.month)
    seconds = time.perf_counter() - begin
    month.write_parquet(result)
    print(json.dumps({"engine": engine, "seconds": seconds, "startup": startup, "day_rows": day.height,
                      "month_rows": month.height, "events": int(month["n_events"].sum())}))


class _TreeSampler(threading.Thread):
    """Sample the summed RSS of a process and all its descendants; keep the peak (bytes)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.psutil, self.root = psutil, psutil.Process(pid)
        self.peak, self.peak_processes, self.stop = 0, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except self.psutil.Error:
                return
            total = 0
            for p in procs:
                with contextlib.suppress(self.psutil.Error):
                    total += p.memory_info().rss
            if total > self.peak:
                self.peak, self.peak_processes = total, len(procs)
            self.stop.wait(SAMPLE_SECONDS)


def _become_subreaper() -> bool:
    """Make this process reap orphaned descendants (Linux), so that Spark's JVM is waited for here."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap_orphans(timeout: float = 120.0) -> tuple[int, int]:
    """Wait for descendants re-parented here (a JVM that outlived its driver); return (how many, max ru_maxrss)."""
    peak, count, deadline = 0, 0, time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.1)
            continue
        peak, count = max(peak, usage.ru_maxrss), count + 1
    return count, peak


def run_measured(command: list[str], label: str) -> dict:
    """Run ``command``; return its stdout, wall time, peak tree RSS (MiB) and largest ru_maxrss (MiB)."""
    begin = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, env={**os.environ})
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        stdout = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        errors.seek(0)
        stderr = errors.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - begin
    sampler.stop.set()
    sampler.join()
    orphans, orphan_peak = _reap_orphans()
    if proc.returncode != 0:
        raise RuntimeError(f"{label}: exit status {proc.returncode}\n{stdout}\n{stderr[-5000:]}")
    return {"stdout": stdout, "wall": wall, "peak_tree": sampler.peak / 2**20, "processes": sampler.peak_processes,
            "maxrss": max(usage.ru_maxrss, orphan_peak) / 1024, "orphans": orphans}


def run_engine(engine: str, files: list[Path], workdir: Path) -> dict:
    result = workdir / f"result_{engine}.parquet"
    command = [sys.executable, __file__, "--engine", engine, "--result", str(result), "--files", *map(str, files)]
    measured = run_measured(command, engine)
    report = json.loads(measured["stdout"].strip().splitlines()[-1])
    return {**report, **{k: v for k, v in measured.items() if k != "stdout"}, "month": pl.read_parquet(result)}


# --------------------------------------------------------------------------- agreement


def normalised(month: pl.DataFrame) -> pl.DataFrame:
    """The dyad-month table with common key and value types, sorted, for comparison."""
    mean = pl.col("goldstein_mean") if "goldstein_mean" in month.columns else pl.col("goldstein_sum") / pl.col(
        "n_events")
    return month.select(
        pl.col("month").cast(pl.Date), pl.col("source_iso3").cast(pl.String), pl.col("target_iso3").cast(pl.String),
        pl.col("quad_class").cast(pl.Int8), pl.col("n_events").cast(pl.Int64),
        pl.col("goldstein_sum").cast(pl.Float64), mean.cast(pl.Float64).alias("goldstein_mean"),
        pl.col("n_source_urls").cast(pl.Int64),
    ).sort(KEYS_MONTH, nulls_last=True)


def differences(base: pl.DataFrame, other: pl.DataFrame, name: str, base_name: str = "polars",
                limit: int = 5) -> list[str]:
    """Lines naming how ``other``'s dyad-month table differs from the baseline's (empty when they agree)."""
    a, b = normalised(base), normalised(other)
    joined = a.join(b, on=KEYS_MONTH, how="full", coalesce=True, suffix="_o", nulls_equal=True)
    only_base = joined.filter(pl.col("n_events_o").is_null())
    only_other = joined.filter(pl.col("n_events").is_null())
    both = joined.filter(pl.col("n_events").is_not_null() & pl.col("n_events_o").is_not_null())

    def close(c: str) -> pl.Expr:
        x, y = pl.col(c), pl.col(f"{c}_o")
        return ((x - y).abs() <= 1e-9 * pl.max_horizontal(x.abs(), y.abs(), pl.lit(1.0))) | (x.is_null() & y.is_null())

    bad = both.filter((pl.col("n_events") != pl.col("n_events_o"))
                      | (pl.col("n_source_urls") != pl.col("n_source_urls_o"))
                      | ~close("goldstein_sum") | ~close("goldstein_mean"))
    lines = []
    if only_base.height:
        lines.append(f"{name}: {only_base.height:,} dyad-month rows only in {base_name}, e.g. "
                     f"{only_base.head(limit).select(KEYS_MONTH).rows()}")
    if only_other.height:
        lines.append(f"{name}: {only_other.height:,} dyad-month rows only in {name}, e.g. "
                     f"{only_other.head(limit).select(KEYS_MONTH).rows()}")
    if bad.height:
        lines.append(f"{name}: {bad.height:,} dyad-month rows with other values, e.g. "
                     f"{bad.head(limit).rows(named=True)}")
    return lines


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="synthetic rows (default 20,000,000)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROWS:,} rows")
    parser.add_argument("--files", nargs="+", help="number of synthetic files (default 10); with --engine: the files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="directory of the synthetic files (kept; reused when they match)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: duckdb,spark,polars")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)  # worker: one engine
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    rows = QUICK_ROWS if args.quick else args.rows

    if args.engine:
        worker(args.engine, [Path(f) for f in args.files or []], args.result)
        return 0
    n_files = int(args.files[0]) if args.files else N_FILES
    if args.generate_only:
        generate(args.out, rows, n_files, args.seed)
        return 0

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"--engines: unknown {unknown}; choose among {', '.join(ENGINES)}")
    _become_subreaper()
    workdir = Path(tempfile.mkdtemp(prefix="bench-events-engines-"))
    out = args.out or workdir / f"synthetic_gdelt_{rows}"
    try:
        files, meta = synthetic_files(out, rows, n_files, args.seed)
        size = sum(p.stat().st_size for p in files)
        how = ("reused from an earlier run" if meta.get("reused") else
               f"generated in {meta['seconds']:.1f} s ({meta['seconds'] / rows * 1e7:.1f} s per 10M rows), "
               f"peak {meta['peak_tree_mib']:,.0f} MiB")
        print(f"SYNTHETIC GDELT 2.0 events: {rows:,} rows, {len(files)} Parquet files "
              f"(row groups of {ROW_GROUP:,}), {size / 1e6:,.0f} MB in {out}; {how}; "
              f"distributions from the real export {REAL.name}", flush=True)
        print(f"aggregating every directed pair, SQLDATE {START}..{END}, per dyad/day|month/quad class "
              f"(machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})", flush=True)
        results = {}
        for engine in engines:
            results[engine] = r = run_engine(engine, files, workdir)
            start_note = f", of which Spark session start {r['startup']:.2f} s" if r.get("startup") else ""
            print(f"  {engine:<7} {r['seconds']:8.2f} s{start_note} (worker process {r['wall']:.2f} s); "
                  f"{r['events']:,} events kept; {r['month_rows']:,} dyad-month rows, {r['day_rows']:,} dyad-day "
                  f"rows; peak tree {r['peak_tree']:,.0f} MiB over {r['processes']} processes", flush=True)

        reference = "polars" if "polars" in results else next(iter(results))
        if len(results) > 1:
            problems = [line for e, r in results.items() if e != reference
                        for line in differences(results[reference]["month"], r["month"], e, reference)]
            others = ", ".join(e for e in results if e != reference)
            if problems:
                print(f"agreement: NO: {others} differ from {reference} on the dyad-month table:")
                for line in problems:
                    print(f"  {line}")
            else:
                print(f"agreement: {others} and {reference} give the same dyad-month table "
                      f"({results[reference]['month_rows']:,} rows, same keys; n_events and n_source_urls equal, "
                      f"goldstein_sum and goldstein_mean within 1e-9 relative)")
        base = results.get("polars")
        print(f"load average at the end: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} (5 min)")
        print()
        print(f"{'engine':<8} {'time s':>8} {'vs polars':>10} {'process s':>10} {'peak tree MiB':>14} "
              f"{'max proc MiB':>13} {'dyad-months':>12}")
        for engine, r in results.items():
            ratio = f"{r['seconds'] / base['seconds']:.2f}x" if base else "-"
            print(f"{engine:<8} {r['seconds']:>8.2f} {ratio:>10} {r['wall']:>10.2f} {r['peak_tree']:>14,.0f} "
                  f"{r['maxrss']:>13,.0f} {r['month_rows']:>12,}")
        print("time s: the aggregate call (Spark: with its session start and stop; polars: the baseline of this "
              "file); process s: the whole worker process (interpreter, imports, writing the result); peak tree: "
              "summed RSS of the worker and its descendants (sampled every 50 ms; Spark's JVM included); "
              "max proc: the largest single process's ru_maxrss")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)  # results, and the synthetic files unless --out
    return 0


if __name__ == "__main__":
    sys.exit(main())
