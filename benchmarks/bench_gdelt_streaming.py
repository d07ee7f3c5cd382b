"""Benchmark: the streaming GDELT dyad filter vs an eager ``pl.read_csv`` baseline, with peak memory.

Usage::

    python benchmarks/bench_gdelt_streaming.py                   # ~1.5 GB synthetic file
    python benchmarks/bench_gdelt_streaming.py --size-gb 0.5
    python benchmarks/bench_gdelt_streaming.py --rows 2000000 --keep --dir /tmp/bench
    python benchmarks/bench_gdelt_streaming.py --eager-max-gb 1.0  # eager baseline on a smaller file

1. Generates ``synthetic_gdelt_<N>.export.CSV`` (SYNTHETIC data, clearly named, in a temporary
   directory unless ``--dir``) in the real 61-column GDELT 2.0 export format by resampling the
   rows of the shipped real file ``data/raw/gdelt/20191024143000.export.CSV`` and perturbing
   them: every row gets a new unique GLOBALEVENTID, and about 1% of rows get Pakistan and Iran
   as Actor1/Actor2 country codes (both directions), so the filter has something to find.
   Every other field is a real field value, so the format (tabs, empty fields, URLs) is exact.
2. Runs ``analysis.sources.gdelt.filter_dyad(path, {"PAK", "IRN"})`` (blocks of lines, each a
   lazy scan run by the streaming engine) in a fresh Python process, the same on the first
   tenth of the file (memory must not grow with the file), a single lazy ``scan_csv`` over the
   whole file with the streaming engine, and the eager baseline (``pl.read_csv`` of the whole
   file with the same 61 string columns, then the same filter), each in its own process. Each process reports its
   own wall time and peak resident memory (``VmHWM`` from ``/proc/self/status``, which a new
   program starts afresh; ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` elsewhere, which on
   Linux would carry over the parent's peak across fork and exec), so the peaks do not mix;
   the synthetic file is also generated in its own process. A third process that only
   imports polars and the package gives the baseline memory of the interpreter.
3. Prints file size, rows, matching rows, time, throughput (MB/s, rows/s) and peak memory of
   both, and the ratios; checks both found the same rows.

The eager baseline holds the whole file in memory; if the file is larger than
``--eager-max-gb`` (default: the file's own size, i.e. same file), the eager run uses the
first rows of the same synthetic data up to that size instead, and the output says so.
Not a test: ``make bench`` style, run by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "raw" / "gdelt" / "20191024143000.export.CSV"
COUNTRIES = ("PAK", "IRN")
CHUNK_ROWS = 500_000


def generate(path: Path, rows: int, seed: int = 1) -> int:
    """Write ``rows`` synthetic rows in the GDELT export format to ``path``; return the bytes written."""
    import polars as pl

    sys.path.insert(0, str(ROOT))
    from analysis.sources.gdelt import COLUMNS, STRING_SCHEMA

    real = pl.read_csv(REAL, separator="\t", has_header=False, schema=STRING_SCHEMA, quote_char=None)
    first_id = int(real["GLOBALEVENTID"].cast(pl.Int64).max()) + 1
    written = 0
    with open(path, "wb") as handle:
        for start in range(0, rows, CHUNK_ROWS):
            n = min(CHUNK_ROWS, rows - start)
            chunk = real.sample(n, with_replacement=True, seed=seed + start)
            pick = pl.Series("u", pl.int_range(0, n, eager=True).hash(seed + start) % 200)
            chunk = chunk.with_columns(
                pl.int_range(first_id + start, first_id + start + n).cast(pl.String).alias("GLOBALEVENTID"),
                pl.when(pick == 0).then(pl.lit("PAK")).when(pick == 1).then(pl.lit("IRN"))
                .otherwise(pl.col("Actor1CountryCode")).alias("Actor1CountryCode"),
                pl.when(pick == 0).then(pl.lit("IRN")).when(pick == 1).then(pl.lit("PAK"))
                .otherwise(pl.col("Actor2CountryCode")).alias("Actor2CountryCode"),
            ).select(COLUMNS)
            buffer = chunk.write_csv(separator="\t", include_header=False, quote_style="never", null_value="")
            data = buffer.encode("utf-8")
            handle.write(data)
            written += len(data)
    return written


WORKER = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
import polars as pl
from analysis.sources import gdelt
mode, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if mode == "streaming":
    rows = gdelt.filter_dyad(path, {countries!r})
elif mode == "one-scan":
    rows = gdelt.scan_exports(path).filter(gdelt.dyad_filter({countries!r})).collect(engine="streaming")
elif mode == "eager":
    frame = pl.read_csv(path, separator="\t", has_header=False, schema=gdelt.STRING_SCHEMA, quote_char=None)
    rows = frame.filter(gdelt.dyad_filter({countries!r}))
    total = frame.height
    del frame
else:
    rows = pl.DataFrame()
seconds = time.perf_counter() - start
try:  # VmHWM: this process's own peak (ru_maxrss would carry over the parent's peak across fork/exec)
    status = open("/proc/self/status").read()
    peak_kib = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")))
except (OSError, StopIteration):
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"mode": mode, "seconds": seconds, "matches": rows.height, "peak_mib": peak_kib / 1024,
                  "ids": sorted(int(i) for i in rows["GLOBALEVENTID"].cast(pl.Int64).to_list()[:1000])
                  if rows.height else []}}))
"""


def run_worker(mode: str, path: Path) -> dict:
    """Run one measurement in a fresh Python process; return its JSON report."""
    code = WORKER.format(root=str(ROOT), countries=set(COUNTRIES))
    result = subprocess.run([sys.executable, "-c", code, mode, str(path)], capture_output=True, text=True,
                            check=False, env={**os.environ})
    if result.returncode != 0:
        raise RuntimeError(f"{mode} run failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def truncate_copy(source: Path, target: Path, max_bytes: int) -> int:
    """Copy whole lines of ``source`` to ``target`` up to ``max_bytes``; return the bytes copied."""
    copied = 0
    with open(source, "rb") as src, open(target, "wb") as dst:
        for line in src:
            if copied + len(line) > max_bytes:
                break
            dst.write(line)
            copied += len(line)
    return copied


def count_lines(path: Path) -> int:
    count = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 24):
            count += block.count(b"\n")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--size-gb", type=float, default=1.5, help="approximate size of the synthetic file (GB)")
    size.add_argument("--rows", type=int, help="number of synthetic rows (overrides --size-gb)")
    parser.add_argument("--eager-max-gb", type=float, help="largest file the eager baseline reads (default: same)")
    parser.add_argument("--dir", type=Path, help="where to write the synthetic file (default: a temporary dir)")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic file")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    real_bytes = REAL.stat().st_size
    real_rows = count_lines(REAL)
    rows = args.rows or max(1, int(args.size_gb * 1e9 / (real_bytes / real_rows)))
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="bench-gdelt-"))
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"synthetic_gdelt_{rows}.export.CSV"
    t0 = time.perf_counter()
    if args.generate_only:
        generate(path, rows)
        return 0
    subprocess.run([sys.executable, __file__, "--rows", str(rows), "--dir", str(workdir), "--generate-only"],
                   check=True)
    size_bytes = path.stat().st_size
    print(f"generated SYNTHETIC {path.name}: {rows:,} rows, {size_bytes / 1e6:,.0f} MB "
          f"in {time.perf_counter() - t0:.1f} s (resampled from the real export {REAL.name})")

    eager_path, eager_rows, eager_bytes = path, rows, size_bytes
    if args.eager_max_gb is not None and size_bytes > args.eager_max_gb * 1e9:
        eager_path = workdir / f"synthetic_gdelt_{rows}.head.export.CSV"
        eager_bytes = truncate_copy(path, eager_path, int(args.eager_max_gb * 1e9))
        eager_rows = count_lines(eager_path)
    tenth_path = workdir / f"synthetic_gdelt_{rows}.tenth.export.CSV"
    tenth_bytes = truncate_copy(path, tenth_path, size_bytes // 10)
    tenth_rows = count_lines(tenth_path)
    try:
        idle = run_worker("idle", path)
        streaming = run_worker("streaming", path)
        tenth = run_worker("streaming", tenth_path)
        one_scan = run_worker("one-scan", path)
        eager = run_worker("eager", eager_path)
    finally:
        if not args.keep:
            for p in {path, eager_path, tenth_path}:
                p.unlink(missing_ok=True)

    def line(name: str, report: dict, n_rows: int, n_bytes: int) -> str:
        mb = n_bytes / 1e6
        return (f"{name:<10} {mb:>9,.0f} MB {n_rows:>12,} rows  {report['matches']:>9,} matches  "
                f"{report['seconds']:>7.2f} s  {mb / report['seconds']:>7.0f} MB/s  "
                f"{n_rows / report['seconds'] / 1e6:>6.2f} M rows/s  peak {report['peak_mib']:>7,.0f} MiB")

    print(f"python + polars + package imported, nothing read: peak {idle['peak_mib']:,.0f} MiB")
    print(line("streaming", streaming, rows, size_bytes) + "   <- gdelt.filter_dyad (blocks + streaming engine)")
    print(line("1/10 file", tenth, tenth_rows, tenth_bytes) + "   <- the same on the first tenth of the file")
    print(line("one scan", one_scan, rows, size_bytes) + "   <- one scan_csv over the file, streaming engine")
    print(line("eager", eager, eager_rows, eager_bytes) + "   <- pl.read_csv of the whole file, then filter")
    if eager_path != path:
        print(f"note: the eager baseline read only the first {eager_bytes / 1e6:,.0f} MB of the same synthetic data "
              f"(--eager-max-gb {args.eager_max_gb}); compare throughput, and memory per GB read")
    else:
        assert streaming["matches"] == eager["matches"] and streaming["ids"] == eager["ids"], "results differ"
        assert one_scan["ids"] == eager["ids"], "results differ"
        print("all found the same rows")
    speed = (size_bytes / streaming["seconds"]) / (eager_bytes / eager["seconds"])
    print(f"ratio: streaming throughput / eager throughput = {speed:.2f}; "
          f"peak memory eager / streaming = {eager['peak_mib'] / streaming['peak_mib']:.1f}x")
    print(f"bounded: streaming peak {tenth['peak_mib']:,.0f} MiB on {tenth_bytes / 1e6:,.0f} MB, "
          f"{streaming['peak_mib']:,.0f} MiB on {size_bytes / 1e6:,.0f} MB; one scan_csv: "
          f"{one_scan['peak_mib']:,.0f} MiB (its kept string views pin the parsed buffers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
