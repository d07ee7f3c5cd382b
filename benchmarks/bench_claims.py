"""Benchmark: the claims check on a large generated claims file, time and peak memory.

Usage::

    python benchmarks/bench_claims.py [--n 1000] [--seed 0] [--baseline 50] [--seed-article 3] [--json]

Generates a claims file of ``--n`` claims of every kind from real states, years, symbols
and tallies in ``data/processed`` (the claims are GENERATED: their statements are
placeholders and their values are drawn at random, so about half are contradicted), then
checks it in a fresh process (``python -m analysis claims FILE``) and prints its wall time,
its CPU time (user + system) and its peak resident memory (the child's own ``ru_maxrss``,
from ``os.wait4``). Two baselines are measured in the same run:

- a plain full read of every table the check may read (``analysis.claims.data.TABLES``,
  ``polars.read_parquet``) in a fresh process: the ratio says what the check costs against
  reading the data whole;
- the first ``--baseline`` claims checked one by one, each with a fresh checker
  (``analysis.claims.check_claim``: one query per claim, nothing shared).

``--seed-article RUNS`` (default 3) first checks ``claims/seed_article.toml`` that many
times (median wall and CPU time, peak memory). With ``--json`` the last line is a JSON
object with the numbers (used by the test suite).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "claims" / "seed_article.toml"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from analysis.core.tables import load  # noqa: E402

NAMED = ("IRN", "ISR", "PRK", "SYR", "MMR", "BLR", "USA", "RUS", "ZAF", "IRQ", "AFG", "CUB")
KINDS = ("votes_on_naming", "vote_on", "trade_about", "agreement_change", "consecutive_years", "bloc_vote", "tally",
         "member", "composition")


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return repr(v)


def generate(n: int, seed: int = 0) -> str:
    """Return the text of a claims file of ``n`` GENERATED claims drawn from the processed tables."""
    rng = random.Random(seed)
    votes, roll_calls = load("votes"), load("roll_calls")
    ga_states = sorted(votes.filter(pl.col("body") == "GA")["iso3"].unique().to_list())
    hrc = roll_calls.filter((pl.col("body") == "HRC") & pl.col("official_yes").is_not_null())
    hrc_rows = hrc.select("symbol", "year", "official_yes", "official_no").rows()
    ga_symbols = roll_calls.filter((pl.col("body") == "GA") & pl.col("symbol").is_not_null()
                                   & (pl.col("year") >= 1990))["symbol"].unique().sort().to_list()
    members = load("memberships").filter(pl.col("body") == "HRC").select("year", "iso3").rows()
    groups = ["AFRICAN", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG"]
    out = ['[source]\ncitation = "GENERATED claims for benchmarks/bench_claims.py"\n']
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        a = rng.choice(ga_states)
        b = rng.choice([s for s in NAMED if s != a])
        start = rng.randint(1990, 2024)
        claim: dict[str, object] = {"id": f"c{i}", "kind": kind, "statement": f"generated claim {i}"}
        if kind == "votes_on_naming":
            claim |= {"a": a, "b": b, "body": rng.choice(["GA", "HRC"]), "vote": rng.choice(["yes", "no", "abstain"]),
                      "from": start, "to": min(start + rng.randint(0, 3), 2026),
                      "quantifier": rng.choice(["every", "at_least_once"])}
        elif kind == "vote_on":
            claim |= {"a": a, "symbol": rng.choice(ga_symbols), "body": "GA", "vote": rng.choice(["yes", "no"])}
        elif kind == "trade_about":
            claim |= {"a": a, "b": rng.choice([s for s in ga_states if s != a]), "year": rng.randint(1990, 2016),
                      "value_usd": float(rng.randint(1, 5000)) * 1e6}
        elif kind == "agreement_change":
            claim |= {"a": a, "b": b, "body": "GA", "from": start, "to": min(start + 5, 2025),
                      "direction": rng.choice(["rose", "fell"])}
        elif kind == "consecutive_years":
            claim |= {"a": a, "b": b, "body": "GA", "vote": "no", "years": rng.randint(2, 4),
                      "ending": rng.randint(1995, 2025)}
        elif kind == "bloc_vote":
            trio = rng.sample([s for s in ga_states if s != b], 3)
            claim |= {"members": trio, "b": b, "body": "GA", "vote": "no", "from": start, "to": start}
        elif kind == "tally":
            symbol, _, yes, no = rng.choice(hrc_rows)
            claim |= {"body": "HRC", "symbol": symbol, "yes": yes + rng.choice([0, 0, 1]), "no": no}
        elif kind == "member":
            year, iso3 = rng.choice(members)
            claim |= {"a": rng.choice([iso3, a]), "body": "HRC", "year": year}
        else:
            claim |= {"body": "HRC", "year": rng.randint(2007, 2026), "group": rng.choice(groups),
                      "count": rng.choice([6, 7, 8, 13, 18])}
        out.append("[[claim]]")
        out += [f"{k} = {_value(v)}" for k, v in claim.items()]
        out.append("")
    return "\n".join(out)


class Run:
    """One child process: wall seconds, CPU seconds (user + system) and peak RSS in MiB."""

    def __init__(self, wall: float, cpu: float, peak_mib: float) -> None:
        self.wall, self.cpu, self.peak_mib = wall, cpu, peak_mib

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU, peak RSS {self.peak_mib:,.0f} MiB"


def run_child(args: list[str]) -> Run:
    """Run ``python ARGS`` in ROOT; return its :class:`Run` (its own rusage, from ``os.wait4``).

    Raises ``SystemExit`` with the child's stderr when it fails.
    """
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read() if child.stderr else b""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {stderr.decode(errors='replace').strip()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def run_check(path: Path) -> Run:
    """Check ``path`` in a child process (``python -m analysis claims PATH``)."""
    return run_child(["-m", "analysis", "claims", str(path)])


def run_full_read() -> Run:
    """The baseline: read every table the check may read, whole, in a child process."""
    code = ("import polars as pl\n"
            "from analysis.claims.data import TABLES\n"
            "from analysis.core import paths\n"
            "frames = [pl.read_parquet(paths.processed(t)) for t in TABLES if paths.processed(t).exists()]\n")
    return run_child(["-c", code])


def baseline(path: Path, k: int) -> float:
    """Seconds per claim when each of the first ``k`` claims gets a fresh checker (no shared indexes)."""
    from analysis.claims import TABLES, check_claim, load_claims

    tables = {name: load(name) for name in TABLES}
    claims = load_claims(path, tables["countries"])[:k]
    start = time.perf_counter()
    for claim in claims:
        check_claim(claim, tables)
    return (time.perf_counter() - start) / max(1, len(claims))


def main(argv: list[str] | None = None) -> int:
    """Generate, check and print time and memory (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="claims to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--baseline", type=int, default=50, help="claims for the one-by-one baseline (0: none)")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the results")
    parser.add_argument("--seed-article", type=int, default=3, metavar="RUNS",
                        help="first check claims/seed_article.toml RUNS times (median time, peak memory; 0: skip)")
    args = parser.parse_args(argv)
    full = run_full_read()
    print(f"baseline, a plain full read of the tables the check reads: {full}")
    result: dict[str, object] = {"full_read_seconds": round(full.wall, 2), "full_read_cpu": round(full.cpu, 2),
                                 "full_read_peak_rss_mb": round(full.peak_mib, 1)}
    if args.seed_article:
        runs = sorted((run_check(SEED_ARTICLE) for _ in range(args.seed_article)), key=lambda r: r.wall)
        mid = runs[len(runs) // 2]
        cpu = sorted(r.cpu for r in runs)[len(runs) // 2]
        peak = max(r.peak_mib for r in runs)
        print(f"claims check of the seed article ({SEED_ARTICLE.name}, {args.seed_article} runs): median "
              f"{mid.wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {peak:,.0f} MiB (targets: 1 s, 400 MB); "
              f"ratio to the full read: {mid.wall / full.wall:.2f}x wall, {peak / full.peak_mib:.2f}x memory")
        result |= {"seed_seconds": round(mid.wall, 2), "seed_cpu": round(cpu, 2), "seed_peak_rss_mb": round(peak, 1)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated_claims.toml"
        path.write_text(generate(args.n, args.seed), encoding="utf-8")
        run = run_check(path)
        per_claim = baseline(path, args.baseline) if args.baseline else None
    result |= {"claims": args.n, "seconds": round(run.wall, 2), "cpu_seconds": round(run.cpu, 2),
               "peak_rss_mb": round(run.peak_mib, 1), "seconds_per_claim": round(run.wall / args.n, 5),
               "baseline_seconds_per_claim": None if per_claim is None else round(per_claim, 5)}
    print(f"claims check of {args.n:,} GENERATED claims: {run} ({run.wall / args.n * 1000:.2f} ms per claim; "
          f"targets for 10,000: 20 s, 1 GB); ratio to the full read: {run.wall / full.wall:.1f}x wall, "
          f"{run.peak_mib / full.peak_mib:.2f}x memory")
    if per_claim is not None:
        print(f"baseline, a fresh checker per claim ({args.baseline} claims): {per_claim * 1000:.1f} ms per claim; "
              f"ratio {per_claim / (run.wall / args.n):.1f}x")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
