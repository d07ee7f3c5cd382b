"""The claims check answers a file's claims by kind, in batches (issue 21): same verdicts as one at a time.

Every expected value here comes from the reference path run in the same test on the real
claims files (``claims/seed_article.toml`` and the articles' reference claims in
``tests/fixtures/articles``): a claim checked on its own (a checker that knows only that claim),
``Checker.naming`` for one request, and the trade measures of ``analysis.measures.trade`` and
``analysis.measures.trade_sources`` run on one pair's rows.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import polars as pl

from analysis.claims import checks, model, votes
from analysis.claims.checker import Checker
from analysis.claims.consistency import _pairs
from analysis.claims.data import ClaimData
from analysis.claims.naming import naming_batch
from analysis.claims.trade import TradeBatch
from analysis.measures import alignment
from analysis.measures.trade import dyad_trade, pair_figures_used
from analysis.measures.trade_sources import compare

REPO = Path(__file__).resolve().parents[1]
FILES = [REPO / "claims" / "seed_article.toml", *sorted((REPO / "tests" / "fixtures" / "articles").glob("*.toml"))]


def _claims(data: ClaimData) -> list[model.Claim]:
    return [c for path in FILES for c in model.read_claims_file(path, data["countries"]).claims]


def test_the_files_hold_every_batched_kind(built):
    kinds = {c.kind for c in _claims(ClaimData())}
    assert {"votes_on_naming", "bloc_vote", "consecutive_years", "trade_about"} <= kinds


def test_a_file_checked_at_once_gives_each_claims_own_verdict(built):
    """Each file checked whole (batches of every claim) against each claim checked with a checker of its own."""
    for path in FILES:
        report = checks.check_file(path)
        data = ClaimData()
        for verdict in report.verdicts:
            alone = checks.check_one(Checker(data, [verdict.claim]), verdict.claim)
            assert (alone.verdict, alone.reason, alone.needed, alone.plain) == \
                (verdict.verdict, verdict.reason, verdict.needed, verdict.plain), (path.name, verdict.claim.id)
            assert alone.rows.equals(verdict.rows), (path.name, verdict.claim.id)


def test_naming_batch_gives_each_requests_rows(built):
    data = ClaimData()
    claims = _claims(data)
    requests = [r for c in claims for r in votes._naming_requests(c)]
    assert len(requests) > 10
    batch = naming_batch(data, requests)
    single = Checker(data)
    for request in requests:
        expected = single.naming(*request)
        assert batch[request].schema == expected.schema, request
        assert batch[request].equals(expected), request


def test_trade_batch_gives_the_trade_measures_of_each_pair(built):
    data = ClaimData()
    claims = [c for c in _claims(data) if c.kind == "trade_about"]
    # every pair of the files' trade claims, and the first in reverse order (B-A), in every year they name
    asked = [(c["a"], c["b"], c["year"]) for c in claims] + [(claims[0]["b"], claims[0]["a"], claims[0]["year"])]
    fake = [model.Claim(id=f"t{i}", kind="trade_about", statement="", source=None, note=None, quote=None,
                        quote_at=None, params={**claims[0].params, "a": a, "b": b, "year": y})
            for i, (a, b, y) in enumerate(asked)]
    batch = TradeBatch(Checker(data), fake)
    for a, b, year in asked:
        pair = data.pair_trade(a, b)
        assert batch.figures(a, b).equals(pair_figures_used(pair, a, b)), (a, b)
        in_year = pair.filter(pl.col("year") == year)
        columns = ["source", "year", "a_to_b_value_used", "a_to_b_used_side", "b_to_a_value_used",
                   "b_to_a_used_side", "total_usd"]
        assert batch.by_source(a, b, year).equals(dyad_trade(in_year, a, b).select(columns)), (a, b, year)
        flagged = compare(in_year).filter(pl.col("flagged")).select(
            "exporter", "importer", "cow_usd", "dots_usd", "dots_basis")
        assert batch.flagged(a, b, year).equals(flagged), (a, b, year)


def test_the_measures_a_claim_may_name_are_the_alignment_modules():
    assert model.MEASURES == alignment.MEASURES


def test_the_claims_check_imports_no_heavy_library():
    """``import analysis.claims`` (the command's path) loads neither numpy (the agreement check imports it
    when it runs) nor the schemas' dataframely, nor any charting or language library."""
    code = ("import sys, analysis.claims\n"
            "heavy = {'numpy', 'dataframely', 'altair', 'numba', 'spacy', 'pandas', 'pyarrow', 'vl_convert', "
            "'scipy', 'sklearn', 'papermill', 'nbconvert'}\n"
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "[]"


def test_pairs_of_equal_keys_come_in_the_double_loops_order():
    """Property test on SYNTHETIC keys: ``consistency._pairs`` yields what the double loop over every pair
    (the consistency check's first form) yields after dropping the pairs whose keys differ, in its order."""
    rng = random.Random(0)
    for n in (0, 1, 2, 7, 60, 200):
        items = [(i, rng.randrange(1 + n // 10)) for i in range(n)]
        naive = [(x, y) for i, x in enumerate(items) for y in items[i + 1:] if x[1] == y[1]]
        assert list(_pairs(items, lambda x: x[1])) == naive
