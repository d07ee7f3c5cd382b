"""The claims check answers a file's claims by kind, in batches (issue 21): same verdicts as one at a time.

Every expected value here comes from the reference path run in the same test on the real
claims files (``claims/seed_article.toml`` and the articles' reference claims in
``tests/fixtures/articles``) and on claims GENERATED from the real data by
``benchmarks/bench_claims.py`` (real states, years, symbols and tallies; random values): a claim
checked on its own (a checker that knows only that claim), ``Checker.naming`` for one request, the
trade measures of ``analysis.measures.trade`` and ``analysis.measures.trade_sources`` run on one
pair's rows, ``analysis.measures.alignment.dyad_alignment`` for one pair, and the one-claim queries
the ``vote_on``, ``tally`` and ``composition`` checks ran before they were batched (kept here as
the reference: ``_vote_on_alone``, ``_tally_alone``, ``_composition_alone``).
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis.claims import checks, model, votes
from analysis.claims.agreement import AlignmentBatch, alignment_key
from analysis.claims.checker import Checker
from analysis.claims.consistency import _pairs
from analysis.claims.data import ClaimData
from analysis.claims.membership import CompositionBatch, _listed_per_roll_call, composition_key
from analysis.claims.naming import naming_batch
from analysis.claims.tallies import TallyBatch, _tally_columns, tally_key
from analysis.claims.trade import TradeBatch
from analysis.claims.vote_on import VoteOnBatch, vote_on_key
from analysis.core.vocab import ISSUES, LISTING_BODIES, UN_GROUPS
from analysis.measures import alignment
from analysis.measures.trade import dyad_trade, pair_figures_used
from analysis.measures.trade_sources import compare

REPO = Path(__file__).resolve().parents[1]
FILES = [REPO / "claims" / "seed_article.toml", *sorted((REPO / "tests" / "fixtures" / "articles").glob("*.toml"))]


def _claims(data: ClaimData) -> list[model.Claim]:
    return [c for path in FILES for c in model.read_claims_file(path, data["countries"]).claims]


@pytest.fixture(scope="module")
def generated(built, tmp_path_factory) -> list[model.Claim]:
    """270 claims GENERATED from the real data by ``benchmarks/bench_claims.py`` (30 of each kind it makes)."""
    spec = importlib.util.spec_from_file_location("bench_claims", REPO / "benchmarks" / "bench_claims.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path_factory.mktemp("generated") / "generated_claims.toml"
    path.write_text(bench.generate(270, seed=1), encoding="utf-8")
    return model.read_claims_file(path, ClaimData()["countries"]).claims


def _claim(i: int, kind: str, **params: object) -> model.Claim:
    """A claim made in the test (not from a file), with the model's defaults for what ``params`` leaves out."""
    return model.Claim(id=f"made{i}", kind=kind, statement="", source=None, note=None, quote=None, quote_at=None,
                       params=params)


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


def test_a_generated_file_checked_at_once_gives_each_claims_own_verdict(generated):
    """The GENERATED claims (every kind the benchmark makes) checked together and each with a checker of its own."""
    data = ClaimData()
    together = Checker(data, generated)
    for claim in generated:
        at_once = checks.check_one(together, claim)
        alone = checks.check_one(Checker(data, [claim]), claim)
        assert (at_once.verdict, at_once.reason, at_once.needed, at_once.plain) == \
            (alone.verdict, alone.reason, alone.needed, alone.plain), claim.id
        assert_frame_equal(at_once.rows, alone.rows, check_exact=True)


# ---- agreement_change: AlignmentBatch against dyad_alignment ------------------------------------------------


def test_alignment_batch_gives_dyad_alignment_in_each_claims_years(generated):
    data = ClaimData()
    made = [c for c in generated if c.kind == "agreement_change"]
    # real pairs in both orders, every issue, the HRC, a span of one year, and a state without a vote (XKX)
    pairs = [("PAK", "IRN"), ("IRN", "PAK"), ("USA", "ISR"), ("IND", "PAK"), ("CHN", "RUS"), ("PAK", "XKX")]
    for i, ((a, b), issue) in enumerate((pair, issue) for pair in pairs for issue in (None, *ISSUES)):
        body, start = ("HRC", 2008 + i % 10) if i % 3 == 0 else ("GA", 1975 + i)
        made.append(_claim(i, "agreement_change", a=a, b=b, body=body, issue=issue, measure="agreement",
                           direction="rose", **{"from": start, "to": start + (i % 4)}))
    batch = AlignmentBatch(Checker(data, made), made)
    errors = 0
    for claim in made:
        key = alignment_key(claim)
        try:
            expected = alignment.dyad_alignment(data.pair_votes(key.a, key.b), data["roll_calls"], key.a, key.b,
                                                body=key.body, issue=key.issue, start_year=key.start,
                                                end_year=key.end).filter(pl.col("year").is_in([key.start, key.end]))
        except ValueError as exc:
            errors += 1
            assert batch.error(key) == str(exc), key
            continue
        assert batch.error(key) is None, key
        assert_frame_equal(batch.rows(key), expected, check_exact=True)
    assert errors == len(ISSUES) + 1  # the pair with XKX, once per issue and without one


# ---- vote_on: VoteOnBatch against the one-claim query ------------------------------------------------------


def _vote_on_alone(data: ClaimData, a: str, body: str, symbol: str, doc_type: str,
                   ) -> tuple[pl.DataFrame, list[dict]] | None:
    """The roll calls of one ``vote_on`` claim and A's votes, one query per claim (the check before batching)."""
    rc = data["roll_calls"].filter((pl.col("body") == body)
                                   & ((pl.col("symbol") == symbol) | (pl.col("draft_symbol") == symbol)))
    if rc.height == 0:
        return None
    own = data.state_votes(a).filter(pl.col("body") == body).select(
        "body", "rcid", pl.col("vote").cast(pl.String).alias("own"))
    fallback = "not a member" if body in LISTING_BODIES else "not recorded"
    partial = pl.col("lists_members").not_().fill_null(False)
    rows = (rc.join(own, on=["body", "rcid"], how="left")
            .with_columns(pl.when(pl.col("own").is_null() & partial).then(pl.lit(checks.UNKNOWN_VOTE))
                          .when(pl.col("own").is_null()).then(pl.lit(fallback))
                          .when(pl.col("own") == "not_member").then(pl.lit("not a member"))
                          .otherwise(pl.col("own")).alias("vote"),
                          (pl.col("doc_type") == doc_type).alias("counts"))
            .sort("date", "rcid"))
    tally = rc.select("body", "rcid", *[pl.when(~partial).then(pl.col(f"counted_{v}")).alias(v)
                                        for v in ("yes", "no", "abstain")])
    rows = rows.join(tally, on=["body", "rcid"], how="left").select(
        "date", pl.col("body").cast(pl.String), pl.coalesce("symbol", "draft_symbol").alias("symbol"), "doc_type",
        "yes", "no", "abstain", "vote", "counts").sort("date", "doc_type")
    vetoed = rc.filter(pl.col("outcome") == "vetoed").sort("date", "rcid").select(
        "date", "rcid", "symbol", "draft_symbol", "title", "vetoed_by", "source").to_dicts()
    return rows, vetoed


def test_vote_on_batch_gives_each_claims_own_query(generated):
    data = ClaimData()
    claims = [c for c in [*_claims(data), *generated] if c.kind == "vote_on"]
    rc = data["roll_calls"]
    drafts = rc.filter(pl.col("draft_symbol").is_not_null())["draft_symbol"].head(3).to_list()
    vetoed = rc.filter(pl.col("outcome") == "vetoed")["draft_symbol"].drop_nulls().head(3).to_list()  # vetoes
    made = [_claim(i, "vote_on", a=a, body=body, symbol=symbol, vote="no", doc_type=doc_type)
            for i, (a, body, symbol, doc_type) in enumerate(
                [("PAK", "GA", s, "resolution") for s in drafts] + [("RUS", "SC", s, "resolution") for s in vetoed]
                + [("PAK", "HRC", "A/HRC/RES/0/0", "resolution"), ("PAK", "GA", drafts[0], "amendment")])]
    claims += made
    assert len({c["body"] for c in claims}) == 3 and drafts and vetoed
    batch = VoteOnBatch(Checker(data, claims), claims)
    found = vetoes = 0
    for claim in claims:
        key = vote_on_key(claim)
        expected, got = _vote_on_alone(data, *key), batch.get(key)
        assert (got is None) == (expected is None), key
        if got is not None:
            found += 1
            assert_frame_equal(got.rows, expected[0], check_exact=True)
            assert got.vetoed == expected[1], key
            vetoes += bool(got.vetoed)
    assert found > len(claims) // 2 and vetoes >= len(vetoed)


# ---- tally: TallyBatch against the one-claim query ---------------------------------------------------------


def _tally_alone(data: ClaimData, claim: model.Claim) -> tuple[list[dict], pl.DataFrame] | None:
    """The roll calls of one ``tally`` claim, one query per claim (the check before batching)."""
    p = claim.params
    rc = data["roll_calls"].filter(pl.col("body") == p["body"])
    if p["symbol"] is not None:
        rc = rc.filter((pl.col("symbol") == p["symbol"]) | (pl.col("draft_symbol") == p["symbol"]))
    else:
        rc = rc.filter(pl.col("doc_type") == p["doc_type"])
    if p["date"] is not None:
        rc = rc.filter(pl.col("date") == p["date"])
    if p["from"] is not None:
        rc = rc.filter(pl.col("year").is_between(p["from"], p["to"]))
    if p["b"] is not None:
        rc = rc.join(data.named(p["b"]).select("body", "rcid"), on=["body", "rcid"], how="semi")
    if rc.height == 0:
        return None
    return list(rc.iter_rows(named=True)), rc.select(_tally_columns(rc)).sort("date", "symbol")


def test_tally_batch_gives_each_claims_own_query(generated):
    data = ClaimData()
    claims = [c for c in [*_claims(data), *generated] if c.kind == "tally"]
    assert any(c["symbol"] is None and c["b"] for c in claims) and any(c["symbol"] for c in claims)
    base = {"yes": 1, "no": 1, "abstain": None, "outcome": None, "symbol": None, "b": None, "date": None,
            "from": None, "to": None, "doc_type": "resolution"}
    claims += [_claim(0, "tally", **{**base, "body": "GA", "from": 2012, "to": 2013, "b": "SYR"}),
               _claim(1, "tally", **{**base, "body": "HRC", "from": 2019, "to": 2019, "doc_type": "amendment"}),
               _claim(2, "tally", **{**base, "body": "GA", "symbol": "A/RES/ES-11/4", "from": 2022, "to": 2022}),
               _claim(3, "tally", **{**base, "body": "GA", "symbol": "A/RES/ES-11/4", "from": 2020, "to": 2020}),
               _claim(4, "tally", **{**base, "body": "SC", "from": 2017, "to": 2018, "b": "SYR"})]
    batch = TallyBatch(Checker(data, claims), claims)
    found = 0
    for claim in claims:
        expected, got = _tally_alone(data, claim), batch.get(tally_key(claim))
        assert (got is None) == (expected is None), claim.id
        if got is not None:
            found += 1
            assert got.roll_calls == expected[0], claim.id
            assert_frame_equal(got.rows, expected[1], check_exact=True)
    assert found > len(claims) // 2


# ---- composition: CompositionBatch against the one-claim query ---------------------------------------------


def _composition_alone(ck: Checker, claim: model.Claim) -> pl.DataFrame | None:
    """The recorded votes of one ``composition`` claim with the states they list, one query per claim (the check
    before batching; ties of date and symbol in the order of rcid)."""
    p = claim.params
    rc = ck.data["roll_calls"].filter((pl.col("body") == p["body"]) & (pl.col("year") == p["year"])
                                      & (pl.col("n_listed") > 0))
    if p["date"] is not None:
        rc = rc.filter(pl.col("date") == p["date"])
    if rc.height == 0:
        return None
    group = p["group"]
    return (_listed_per_roll_call(ck, p["body"]).join(rc.select("body", "rcid"), on=["body", "rcid"], how="semi")
            .select("rcid", "listed", pl.col(f"_in_{group}" if group else "listed").alias("in_group"),
                    "without_group")
            .join(rc.select("rcid", "date", "symbol"), on="rcid").sort("date", "symbol", "rcid")
            .select("date", "symbol", "listed", "in_group", "without_group"))


def test_composition_batch_gives_each_claims_own_query(generated):
    data = ClaimData()
    claims = [c for c in [*_claims(data), *generated] if c.kind == "composition"]
    claims += [_claim(i, "composition", body=body, year=year, date=None, group=group, count=1)
               for i, (body, year, group) in enumerate(
                   [("HRC", 2006, None), ("CHR", 1990, "WEOG"), ("HRC", 2030, "EEG"), ("GA", 2020, None),
                    *(("HRC", 2015, g) for g in UN_GROUPS)])]
    ck = Checker(data, claims)
    batch = CompositionBatch(ck, claims)
    found = 0
    for claim in claims:
        expected, got = _composition_alone(ck, claim), batch.get(composition_key(claim))
        assert (got is None) == (expected is None), claim.id
        if got is not None:
            found += 1
            assert_frame_equal(got, expected, check_exact=True)
    assert found > len(claims) // 2


# ---- bloc_vote: the members' rows side by side against the full join --------------------------------------


def test_bloc_members_side_by_side_are_the_full_join_of_their_rows(generated):
    data = ClaimData()
    claims = [c for c in [*_claims(data), *generated] if c.kind == "bloc_vote"]
    assert len(claims) > 20
    ck = Checker(data, claims)
    keys = ["date", "symbol", "doc_type"]
    for claim in claims:
        frames = [votes.naming_verdict(ck, claim, m)[3] for m in dict.fromkeys(claim["members"])]
        joined = frames[0]
        for rows in frames[1:]:
            joined = joined.join(rows.select(*keys, rows.columns[-1]), on=keys, how="full", coalesce=True,
                                 nulls_equal=True)
        assert_frame_equal(votes._side_by_side(frames), joined, check_exact=True)
