"""Benchmark: the claims check on a large generated claims file, time and peak memory.

Usage::

    python benchmarks/bench_claims.py [--n 1000] [--seed 0] [--baseline 50]

Generates a claims file of ``--n`` claims of every kind from real states, years, symbols
and tallies in ``data/processed`` (the claims are GENERATED: their statements are
placeholders and their values are drawn at random, so about half are contradicted), then
checks it in a fresh process (``python -m analysis claims FILE``) and prints the wall time
and the process's peak resident memory (``ru_maxrss`` of the child). The baseline, in the
same run, checks the first ``--baseline`` claims one by one with a fresh checker each
(``analysis.claims.check_claim``): the per-claim cost without shared tables and indexes.
With ``--json`` the last line is a JSON object with the numbers (used by the test suite).
``--seed-article RUNS`` (default 3) first checks ``claims/seed_article.toml`` that many times
and prints the median time and the peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
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


def run_check(path: Path) -> tuple[float, int, int]:
    """Check ``path`` in a child process; return (seconds, peak RSS in bytes, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis", "claims", str(path)], cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        raise SystemExit(f"claims check failed: {done.stderr.strip()}")
    return seconds, max(peak, before) * 1024, done.returncode


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
    if args.seed_article:  # first: ru_maxrss of the children is the largest child's so far
        runs = [run_check(SEED_ARTICLE) for _ in range(args.seed_article)]
        times = sorted(r[0] for r in runs)
        print(f"claims check of the seed article ({SEED_ARTICLE.name}, {args.seed_article} runs): median "
              f"{times[len(times) // 2]:.2f} s, peak RSS {max(r[1] for r in runs) / 2**20:,.0f} MiB "
              f"(targets: 1 s, 400 MB)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated_claims.toml"
        path.write_text(generate(args.n, args.seed), encoding="utf-8")
        seconds, peak, _ = run_check(path)
        per_claim = baseline(path, args.baseline) if args.baseline else None
    result = {"claims": args.n, "seconds": round(seconds, 2), "peak_rss_mb": round(peak / 2**20, 1),
              "seconds_per_claim": round(seconds / args.n, 5),
              "baseline_seconds_per_claim": None if per_claim is None else round(per_claim, 5)}
    print(f"claims check of {args.n:,} GENERATED claims: {seconds:.1f} s, peak RSS {peak / 2**20:,.0f} MiB "
          f"({seconds / args.n * 1000:.1f} ms per claim, tables loaded once)")
    if per_claim is not None:
        print(f"baseline, a fresh checker per claim ({args.baseline} claims): {per_claim * 1000:.1f} ms per claim; "
              f"ratio {per_claim / (seconds / args.n):.1f}x")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
