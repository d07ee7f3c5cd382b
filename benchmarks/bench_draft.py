"""Benchmark: ``python -m analysis draft`` on 1,000 SYNTHETIC variations of the seed article, time per article.

Usage::

    python benchmarks/bench_draft.py [--n 1000] [--seed 0]

The articles are SYNTHETIC: the seed article (tests/fixtures/articles/seed_2026-01-24.txt, the
length of a news story: about 6,700 characters, 1,000 words) with its two states, their demonyms
and capitals swapped for another pair, and its tally, member count, session, years and trade amount
redrawn at random. They exercise the same recognisers on the same amount of text; they are not
news. Each is drafted in memory (``Drafter.draft``: spaCy pipeline, matchers, dates, anchoring to the
data; no file I/O), after one warm-up draft (building the pipeline takes a few seconds, once).

Baselines measured in the same run, on the same texts:

- ``regex split``: splitting the text into sentences with one regular expression (the least any
  drafter must do);
- ``spaCy tokenizer + sentencizer``: the blank English pipeline alone, without matching.

Prints the time per article of each and the drafter's ratio to them; the target is <= 30 ms per
article. Needs the processed tables (``make data``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.claims.draft import Drafter  # noqa: E402
from analysis.claims.draft.reading import Article  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "articles" / "seed_2026-01-24.txt"
#: (name, demonym, capital) of the pairs swapped in for Pakistan and Iran.
STATES = [("India", "Indian", "New Delhi"), ("Cuba", "Cuban", "Havana"), ("Syria", "Syrian", "Damascus"),
          ("Ukraine", "Ukrainian", "Kyiv"), ("Israel", "Israeli", "Tel Aviv"), ("Egypt", "Egyptian", "Cairo"),
          ("Turkey", "Turkish", "Ankara"), ("Venezuela", "Venezuelan", "Caracas"), ("Belarus", "Belarusian", "Minsk"),
          ("Sri Lanka", "Sri Lankan", "Colombo"), ("Nicaragua", "Nicaraguan", "Managua"), ("China", "Chinese",
                                                                                          "Beijing")]
TARGET_MS = 30.0


def variations(n: int, seed: int = 0) -> list[str]:
    """Return ``n`` SYNTHETIC variations of the seed article (see the module docstring)."""
    rng = random.Random(seed)
    base = SEED.read_text(encoding="utf-8")
    out = []
    for _ in range(n):
        (a, a_dem, a_cap), (b, b_dem, b_cap) = rng.sample(STATES, 2)
        text = base
        for old, new in (("Pakistani", a_dem), ("Pakistan", a), ("Islamabad", a_cap), ("Iranian", b_dem),
                         ("Iran", b), ("Tehran", b_cap)):
            text = text.replace(old, new)
        shift = rng.randint(-8, 0)
        text = re.sub(r"\b(20[12]\d)\b", lambda m, k=shift: str(int(m.group(1)) + k), text)
        text = text.replace("21-16", f"{rng.randint(15, 35)}-{rng.randint(3, 20)}")
        text = text.replace("47 member states", f"{rng.choice((46, 47, 48))} member states")
        text = text.replace("18 Asian states", f"{rng.randint(10, 20)} Asian states")
        text = text.replace("57th", f"{rng.randint(30, 60)}th")
        text = text.replace("$2.5 billion", f"${rng.randint(1, 99) / 10:.1f} billion")
        out.append(text)
    return out


def _per_article(fn, texts: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds per article of ``fn`` over ``texts``."""
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        fn(text)
    return ((time.perf_counter() - start) / len(texts) * 1000, (time.process_time() - cpu) / len(texts) * 1000)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print milliseconds per article and the ratios; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of SYNTHETIC articles (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    texts = variations(args.n, args.seed)
    sizes = [len(t) for t in texts]
    print(f"{args.n} SYNTHETIC variations of the seed article: {statistics.mean(sizes):,.0f} characters on average "
          f"(seed {SEED.stat().st_size:,} bytes)")
    start = time.perf_counter()
    drafter = Drafter()
    published = dt.date(2026, 1, 24)
    drafter.draft(Article(SEED, texts[0], False), published)
    print(f"set-up (spaCy pipeline, matchers, tables, first draft): {time.perf_counter() - start:.1f} s")

    split = re.compile(r"(?<=[.!?])\s+|\n+")
    nlp = drafter.recogniser.nlp
    claims = []

    def draft(text: str) -> None:
        claims.append(len(drafter.draft(Article(SEED, text, False), published).claims))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start (wall time grows with the load; "
          f"CPU time much less)")
    regex_ms, regex_cpu = _per_article(lambda t: split.split(t), texts)
    spacy_ms, spacy_cpu = _per_article(lambda t: list(nlp(t).sents), texts)
    draft_ms, draft_cpu = _per_article(draft, texts)
    print(f"{'':41s}{'wall':>10s}{'CPU':>10s}  (ms/article)")
    print(f"baseline, regex sentence split:          {regex_ms:10.3f}{regex_cpu:10.3f}")
    print(f"baseline, spaCy tokenizer + sentencizer: {spacy_ms:10.3f}{spacy_cpu:10.3f}")
    print(f"draft (recognise, assemble, anchor):     {draft_ms:10.3f}{draft_cpu:10.3f}")
    print(f"draft / regex split: {draft_ms / regex_ms:,.0f}x; draft / spaCy tokenizer + sentencizer: "
          f"{draft_ms / spacy_ms:.1f}x (wall), {draft_cpu / spacy_cpu:.1f}x (CPU); "
          f"{statistics.mean(claims):.1f} claims per article")
    verdict = "within" if draft_ms <= TARGET_MS else "over"
    print(f"target <= {TARGET_MS:.0f} ms/article: {verdict} ({draft_ms:.1f} ms wall, {draft_cpu:.1f} ms CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
