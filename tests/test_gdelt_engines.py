"""The GDELT aggregation on DuckDB, Spark and BigQuery: one Ibis expression, identical results, the CLI.

On the real shipped export (``data/raw/gdelt/20191024143000.export.CSV``) and on a Parquet day
partition made from it by the fetcher's own processing (``analysis.fetch.gdelt._process``),
DuckDB, Spark in local mode and the existing polars path (the adapter's event rows,
``gdelt.read_events``, aggregated with polars) give identical dyad-day and dyad-month tables
(``assert_frame_equal`` with ``check_exact``). The monthly counts agree with the build's
``events`` table. BigQuery is not reached (no network): its compiled SQL is compared with the
checked-in ``tests/fixtures/gdelt_bigquery_query.sql`` and parsed with sqlglot to check that it
reads only the six columns it needs; the dry run and ``--max-bytes`` run against a fake client.
One Spark session (``local[2]``) serves the whole module.

After an intended change of the expression, rewrite the SQL fixture with
``.venv/bin/python tests/test_gdelt_engines.py --update-bigquery-sql``.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
import types
import zipfile
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis.core import clock, manifest
from analysis.core.paths import ROOT
from analysis.fetch import gdelt as gdelt_fetch
from analysis.fetch import gdelt_engines as ge
from analysis.fetch.gdelt_engines import spark_engine
from analysis.sources import cameo, gdelt, gdelt_ibis
from tests.raw_registry import declared_files

# ibis 12 calls DuckDB 2's deprecated fetch_arrow_table(); not this package's to fix
pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")

RAW = ROOT / "data" / "raw"
SAMPLE = RAW / "gdelt" / "20191024143000.export.CSV"
STAMP = "20191024143000"
SQL_FIXTURE = ROOT / "tests" / "fixtures" / "gdelt_bigquery_query.sql"
UPDATE_SQL = ".venv/bin/python tests/test_gdelt_engines.py --update-bigquery-sql"
#: The fixed BigQuery request whose SQL is checked in.
BQ_COUNTRIES, BQ_START, BQ_END = ["PAK", "IRN"], dt.date(2015, 2, 18), dt.date(2026, 11, 30)
START, END = dt.date(2015, 2, 18), dt.date(2026, 11, 30)
#: States with several dyads in the sample (it has no Pakistan-Iran event).
SEVERAL = ["IRN", "PAK", "RUS", "SYR", "TUR", "USA"]


@pytest.fixture(scope="module")
def codes() -> pl.DataFrame:
    return cameo.read(RAW)


@pytest.fixture(scope="module")
def partition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fetched-format day partition of the sample for ``SEVERAL``, made by the fetcher's own processing."""
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(SAMPLE, f"{STAMP}.export.CSV")
    rows = gdelt_fetch._process(body.getvalue(), STAMP, sorted(SEVERAL), False)
    dataset = tmp_path_factory.mktemp("raw") / gdelt_fetch.EVENTS_DIR / gdelt_fetch.dataset_name(SEVERAL)
    target = gdelt_fetch.partition(dataset, "2019-10-24")
    from analysis.core.atomic import write_parquet

    write_parquet(rows.sort("GLOBALEVENTID"), target)
    assert pl.read_parquet(target).schema == pl.Schema(gdelt.SCHEMA)  # the fetcher's types (SQLDATE as text)
    return target


@pytest.fixture(scope="module")
def on_duckdb(codes) -> Callable[[list[Path], list[str] | None], ge.AggregateResult]:
    """``ge.aggregate("duckdb", inputs, countries, START, END)``, each combination run once for the module: several
    tests compare the same DuckDB result with another engine's or another input's."""
    runs: dict[tuple, ge.AggregateResult] = {}

    def run(inputs: list[Path], countries: list[str] | None) -> ge.AggregateResult:
        key = (tuple(str(p) for p in inputs), None if countries is None else tuple(countries))
        if key not in runs:
            runs[key] = ge.aggregate("duckdb", list(key[0]), countries, START, END, event_codes=codes)
        return runs[key]

    return run


def _equal(a: ge.AggregateResult, b: ge.AggregateResult) -> None:
    assert_frame_equal(a.day, b.day, check_exact=True)
    assert_frame_equal(a.month, b.month, check_exact=True)


# --------------------------------------------------------------------------- the expression


def test_gdelt_columns_are_the_adapters_61_with_bigquery_types():
    assert tuple(gdelt_ibis.GDELT_COLUMNS) == gdelt.COLUMNS
    kinds = {pl.Int8: "int64", pl.Int32: "int64", pl.Int64: "int64", pl.Float64: "float64", pl.String: "string"}
    differ = {c for c, t in gdelt.SCHEMA.items() if kinds[t] != gdelt_ibis.GDELT_COLUMNS[c]}
    assert differ == {"SQLDATE", "DATEADDED"}  # text in the adapter, INTEGER in gdelt-bq.gdeltv2.events
    assert set(gdelt_ibis.NEEDED_COLUMNS) <= set(gdelt.COLUMNS)


def test_country_map_is_the_adapters_rule():
    sample = gdelt.read_export(SAMPLE)
    seen = set(sample["Actor1CountryCode"].drop_nulls()) | set(sample["Actor2CountryCode"].drop_nulls())
    codes = sorted(seen | {"ROM", "TMP", "ZAR", "ROU", "YUG", "CSK", "XKX", "AFR", "EUR", "WST", "SAF", "SEA"})
    adapter = gdelt.iso3_of_cameo(codes)
    states = gdelt_ibis.state_codes()
    assert {c: states.get(c) for c in codes} == adapter
    assert gdelt_ibis.country_map(["ROU", "TLS"]) == {"ROM": "ROU", "ROU": "ROU", "TLS": "TLS", "TMP": "TLS"}
    with pytest.raises(ValueError, match="ABC"):
        gdelt_ibis.country_map(["PAK", "ABC"])


def test_duckdb_and_the_polars_path_agree_on_the_sample(codes, on_duckdb):
    for countries in (None, SEVERAL):
        duck = on_duckdb([SAMPLE], countries)
        ref = ge.aggregate("polars", [str(SAMPLE)], countries, START, END, event_codes=codes)
        _equal(duck, ref)
        assert duck.day.height > 0 and duck.unknown_code_events == 0
        assert dict(duck.day.schema) == gdelt_ibis.DAY_SCHEMA and dict(duck.month.schema) == gdelt_ibis.MONTH_SCHEMA
    every = on_duckdb([SAMPLE], None)
    assert every.month["n_events"].sum() == every.day["n_events"].sum()
    assert (every.day["source_iso3"] != every.day["target_iso3"]).all()


def test_the_date_range_is_inclusive_and_filters(codes, on_duckdb):
    every = on_duckdb([SAMPLE], None).day
    last = every["date"].max()
    one_day = ge.aggregate("duckdb", [str(SAMPLE)], None, last, last, event_codes=codes).day
    assert one_day.height > 0 and one_day["date"].unique().to_list() == [last]
    assert_frame_equal(one_day, every.filter(pl.col("date") == last), check_exact=True)


def test_parquet_partition_and_duplicates_count_once(codes, partition, on_duckdb):
    from_csv = on_duckdb([SAMPLE], SEVERAL)
    from_parquet = on_duckdb([partition], SEVERAL)
    both = on_duckdb([SAMPLE, partition], SEVERAL)
    _equal(from_csv, from_parquet)
    _equal(from_csv, both)  # the same events from the export and its partition count once (GLOBALEVENTID)
    _equal(from_parquet, ge.aggregate("polars", [str(partition)], SEVERAL, START, END, event_codes=codes))


def test_a_folder_input_stands_for_its_partitions(codes, partition, on_duckdb):
    folder = partition.parent.parent  # data/raw/gdelt/events/<COUNTRIES>/
    assert ge.expand_inputs([folder]) == [str(partition)]
    _equal(ge.aggregate("duckdb", [folder], SEVERAL, START, END, event_codes=codes),
           on_duckdb([partition], SEVERAL))


@pytest.fixture(scope="module")
def ragged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with its line 5 cut to 3 fields."""
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    lines[4] = b"\t".join(lines[4].split(b"\t")[:3]) + b"\n"
    path = tmp_path_factory.mktemp("ragged") / f"{STAMP}.export.CSV"
    path.write_bytes(b"".join(lines))
    return path


def test_a_malformed_export_is_a_one_line_error(codes, ragged):
    with pytest.raises(ge.EngineError, match=r"^duckdb: ") as caught:
        ge.aggregate("duckdb", [str(ragged)], None, START, END, event_codes=codes)
    assert "\n" not in caught.value.one_line()


def test_no_pakistan_iran_event_gives_empty_tables(codes):
    out = ge.aggregate("duckdb", [str(SAMPLE)], ["PAK", "IRN"], START, END, event_codes=codes)
    assert out.day.height == 0 and out.month.height == 0
    assert dict(out.day.schema) == gdelt_ibis.DAY_SCHEMA and dict(out.month.schema) == gdelt_ibis.MONTH_SCHEMA


def test_unknown_cameo_codes_are_counted_under_a_null_quad_class(codes, on_duckdb):
    rows = gdelt.read_export(SAMPLE).select(gdelt.COLUMNS)
    rows = rows.with_columns(pl.when(pl.col("EventCode") == "042").then(pl.lit("999")).otherwise("EventCode")
                             .alias("EventCode"))
    import ibis

    agg = gdelt_ibis.aggregation(ibis.memtable(rows), codes, None, START, END)
    day, month = gdelt_ibis.split(ibis.duckdb.connect().to_polars(agg.combined()))
    result = ge.AggregateResult(day, month, "duckdb")
    nulls = day.filter(pl.col("quad_class").is_null())
    assert result.unknown_code_events == nulls["n_events"].sum() > 0
    assert nulls["goldstein_sum"].is_null().all() and nulls["goldstein_mean"].is_null().all()
    original = on_duckdb([SAMPLE], None).day
    assert day["n_events"].sum() == original["n_events"].sum()


def test_the_sample_agrees_with_the_builds_events_table(built, codes):
    """Monthly counts per directed dyad and quad class equal those of the build's ``events`` (dataset gdelt)."""
    ids = gdelt.read_export(SAMPLE)["GLOBALEVENTID"].cast(pl.String).implode()
    events = built["events"].filter((pl.col("dataset") == "gdelt") & pl.col("source_event_id").is_in(ids))
    assert events.height == 2111
    expected = (events.filter(pl.col("source_iso3").is_not_null() & pl.col("target_iso3").is_not_null()
                              & (pl.col("source_iso3") != pl.col("target_iso3")))
                .group_by(pl.col("date").dt.truncate("1mo").alias("month"), "source_iso3", "target_iso3",
                          "quad_class")
                .agg(pl.len().cast(pl.Int64).alias("n_events"))
                .sort("month", "source_iso3", "target_iso3", "quad_class"))
    got = ge.aggregate("duckdb", [str(SAMPLE)], None, dt.date(1979, 1, 1), clock.today(), event_codes=codes)
    assert_frame_equal(got.month.select(expected.columns), expected, check_dtypes=False)


# --------------------------------------------------------------------------- spark (one session for the module)


#: The test session's JVM: the first tier of the JIT compiler only and the serial collector. A test's queries
#: run once on a few thousand rows, so the optimising compiler's work never pays back (it took about half of the
#: JVM's CPU: ~24 s of CPU for the session and the first test's queries here, ~12 s with these options).
JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@pytest.fixture(scope="module")
def spark():
    # one shuffle partition: the tables have a few thousand rows, and each shuffle of a query then runs one task
    # (the module's four queries: ~0.4 s less CPU and ~2 s less wall than with two, on a loaded two-core machine)
    with ge._quiet_pyspark():
        from pyspark.sql import SparkSession

        session = (SparkSession.builder.master("local[2]").appName("unalign tests")
                   .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "1").config("spark.sql.session.timeZone", "UTC")
                   .config("spark.driver.extraJavaOptions", JVM_OPTIONS)
                   .getOrCreate())
        session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_local_duckdb_and_polars_are_identical(spark, codes, partition, on_duckdb):
    cases = [([str(SAMPLE)], None), ([str(SAMPLE), str(partition)], SEVERAL)]
    for inputs, countries in cases:
        on_spark = ge.aggregate("spark", inputs, countries, START, END, master="local[2]", event_codes=codes)
        assert on_spark.params["master"] == "local[2]" and on_spark.day.height > 0
        _equal(on_spark, on_duckdb(inputs, countries))
        _equal(on_spark, ge.aggregate("polars", inputs, countries, START, END, event_codes=codes))
    assert spark.getActiveSession() is not None  # a session the caller owns is left running


def test_spark_malformed_export_is_a_one_line_error(spark, codes, ragged):
    with pytest.raises(ge.EngineError, match=r"^spark: ") as caught:
        ge.aggregate("spark", [str(ragged)], None, START, END, event_codes=codes)
    assert len(caught.value.one_line()) <= 310


# --------------------------------------------------------------------------- bigquery (compiled, not run)


def compiled_bigquery_sql() -> str:
    return ge.bigquery_sql(cameo.read(RAW), BQ_COUNTRIES, BQ_START, BQ_END)


def test_bigquery_sql_is_the_checked_in_one():
    sql = compiled_bigquery_sql()
    assert SQL_FIXTURE.exists(), f"{SQL_FIXTURE} is missing; write it with `{UPDATE_SQL}`"
    assert sql == SQL_FIXTURE.read_text(encoding="utf-8"), (
        f"the BigQuery SQL compiled for PAK,IRN {BQ_START}..{BQ_END} differs from {SQL_FIXTURE.name}: check the "
        f"change (the columns read decide the bill), then update the file with `{UPDATE_SQL}`")


def _columns_read(sql: str) -> tuple[set[str], set[str]]:
    """Return (tables read, columns read from gdelt-bq.gdeltv2.events) of ``sql``, resolved through every scope."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.optimizer.scope import traverse_scope

    tree = sqlglot.parse_one(sql, dialect="bigquery")
    tables = {".".join(p for p in (t.catalog, t.db, t.name) if p) for t in tree.find_all(exp.Table)}
    read: set[str] = set()
    for scope in traverse_scope(tree):
        for alias, source in scope.sources.items():
            if not (isinstance(source, exp.Table) and (source.catalog, source.db, source.name)
                    == gdelt_ibis.BIGQUERY_TABLE):
                continue
            assert not any(isinstance(s, exp.Star) for s in scope.expression.expressions), "SELECT * from events"
            read |= {c.name for c in scope.columns if c.table == alias}
    return tables, read


def test_bigquery_reads_only_the_columns_it_needs():
    tables, read = _columns_read(SQL_FIXTURE.read_text(encoding="utf-8"))
    assert "gdelt-bq.gdeltv2.events" in tables
    assert read == set(gdelt_ibis.NEEDED_COLUMNS) == {"GLOBALEVENTID", "SQLDATE", "Actor1CountryCode",
                                                       "Actor2CountryCode", "EventCode", "SOURCEURL"}
    every_pair = ge.bigquery_sql(cameo.read(RAW), None, BQ_START, BQ_END)
    assert _columns_read(every_pair)[1] == read


class FakeJob:
    def __init__(self, scanned: int, table=None):
        self.total_bytes_processed = scanned
        self.table = table

    def result(self):
        return self

    def to_arrow(self):
        return self.table


class FakeClient:
    """Answers a dry run with ``scanned`` bytes and a real run with the same SQL run on DuckDB."""

    def __init__(self, scanned: int, table):
        self.scanned, self.table, self.configs = scanned, table, []

    def query(self, sql, job_config=None, timeout=None, retry=None):
        self.configs.append(job_config)
        return FakeJob(self.scanned, None if job_config.dry_run else self.table)


class FakeConfig:
    def __init__(self, dry_run=False, use_query_cache=True, maximum_bytes_billed=None):
        self.dry_run, self.maximum_bytes_billed = dry_run, maximum_bytes_billed


def test_bigquery_dry_run_is_printed_and_max_bytes_refuses(codes):
    import ibis

    agg = gdelt_ibis.aggregation(ibis.memtable(gdelt.read_export(SAMPLE).select(gdelt.COLUMNS)), codes, None,
                                 START, END)
    answer = ibis.duckdb.connect().to_pyarrow(agg.combined())
    fake = types.SimpleNamespace(QueryJobConfig=FakeConfig)
    lines: list[str] = []
    with pytest.raises(ge.ScanLimitError, match="nothing was run"):
        ge.run_bigquery("SELECT 1", FakeClient(62_000_000_000, answer), fake, max_bytes=10**9, log=lines.append)
    assert "62.00 GB (62,000,000,000 bytes)" in lines[0]
    client = FakeClient(5_000_000, answer)
    rows, scanned = ge.run_bigquery("SELECT 1", client, fake, max_bytes=10**9, log=lines.append)
    assert scanned == 5_000_000 and [c.dry_run for c in client.configs] == [True, False]
    assert client.configs[1].maximum_bytes_billed == 10**9
    day, month = gdelt_ibis.split(rows)
    _equal(ge.AggregateResult(day, month, "bigquery"), ge.aggregate("polars", [str(SAMPLE)], None, START, END,
                                                                    event_codes=codes))


def test_bigquery_without_credentials_says_so(monkeypatch):
    """With the client installed but no credentials (a stand-in for google.auth): one-line BigQueryAccessError."""

    class DefaultCredentialsError(Exception):
        pass

    def no_credentials(scopes=None):
        raise DefaultCredentialsError("Your default credentials were not found")

    exceptions = types.ModuleType("google.auth.exceptions")
    exceptions.DefaultCredentialsError = DefaultCredentialsError
    auth = types.ModuleType("google.auth")
    auth.default, auth.exceptions = no_credentials, exceptions
    google, cloud, bigquery = (types.ModuleType(n) for n in ("google", "google.cloud", "google.cloud.bigquery"))
    google.auth, google.cloud, cloud.bigquery = auth, cloud, bigquery
    for name, module in {"google": google, "google.auth": auth, "google.auth.exceptions": exceptions,
                         "google.cloud": cloud, "google.cloud.bigquery": bigquery}.items():
        monkeypatch.setitem(sys.modules, name, module)
    with pytest.raises(ge.BigQueryAccessError, match="no Google credentials"):
        ge.bigquery_client("my-project")


# --------------------------------------------------------------------------- command line


@pytest.fixture
def tmp_raw(tmp_path, monkeypatch) -> Path:
    """A raw folder with the manifest, the CAMEO tables and the GDELT sample; UNALIGN_RAW_DIR points at it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copytree(RAW / "datasets", raw / "datasets")
    for folder in ("cameo", "gdelt"):
        shutil.copytree(RAW / folder, raw / folder)
    monkeypatch.setenv("UNALIGN_RAW_DIR", str(raw))
    return raw


def _main(argv: list[str]) -> int:
    """``python -m analysis ARGV``'s exit status (argparse's own errors exit through SystemExit)."""
    from analysis import cli

    try:
        return cli.main(argv)
    except SystemExit as exc:
        return int(exc.code)


def test_cli_an_empty_range_writes_nothing(tmp_raw, capsys):
    """The sample has no Pakistan-Iran event: exit 0, one line, no file and no manifest entry (issue 20)."""
    before = {p: p.read_bytes() for p in (tmp_raw / "datasets").glob("*.toml")}
    argv = ["events", "aggregate", "--engine", "duckdb", "--countries", "PAK,IRN", "--from", "2015-02-18",
            "--to", "2026-11-30"]
    assert _main(argv) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == (f"events aggregate (duckdb): no events between IRN, PAK dated 2015-02-18 to "
                                 f"2026-11-30 in the inputs; nothing written to {tmp_raw}\n")
    assert not (tmp_raw / "gdelt-aggregates").exists()
    assert {p: p.read_bytes() for p in (tmp_raw / "datasets").glob("*.toml")} == before


def test_spark_and_bigquery_give_empty_tables_for_an_empty_range(spark, codes):
    """Each engine answers an empty range with empty tables of the right schema (what the CLI then leaves unwritten)."""
    on_spark = ge.aggregate("spark", [str(SAMPLE)], ["PAK", "IRN"], START, END, master="local[2]", event_codes=codes)
    assert on_spark.day.height == 0 and dict(on_spark.month.schema) == gdelt_ibis.MONTH_SCHEMA
    import ibis

    empty = gdelt_ibis.aggregation(ibis.memtable(gdelt.read_export(SAMPLE).select(gdelt.COLUMNS)), codes,
                                   ["PAK", "IRN"], START, END)
    answer = ibis.duckdb.connect().to_pyarrow(empty.combined())
    rows, _ = ge.run_bigquery("SELECT 1", FakeClient(1_000, answer), types.SimpleNamespace(QueryJobConfig=FakeConfig),
                              log=lambda _: None)
    day, month = gdelt_ibis.split(rows)
    assert day.height == 0 and dict(month.schema) == gdelt_ibis.MONTH_SCHEMA


def test_cli_refuses_a_range_after_today(tmp_raw, capsys, monkeypatch):
    monkeypatch.setenv("UNALIGN_TODAY", "2026-11-01")
    argv = ["events", "aggregate", "--engine", "duckdb", "--countries", "PAK,IRN", "--from", "2026-10-01",
            "--to", "2026-11-30"]
    assert _main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--to 2026-11-30 is after today (2026-11-01)" in err


def test_cli_duckdb_writes_both_files_and_their_manifest_entries(tmp_raw, capsys):
    argv = ["events", "aggregate", "--engine", "duckdb", "--countries", "IRN,RUS", "--from", "2015-02-18",
            "--to", "2026-11-30"]
    assert _main(argv) == 0
    folder = tmp_raw / "gdelt-aggregates" / "duckdb_IRN-RUS_2015-02-18_2026-11-30"
    out = capsys.readouterr().out.split()
    assert out == [str(folder / "dyad_day.parquet"), str(folder / "dyad_month.parquet")]
    assert pl.read_parquet(folder / "dyad_month.parquet").schema == pl.Schema(gdelt_ibis.MONTH_SCHEMA)

    argv_all = ["events", "aggregate", "--all-pairs", "--from", "2015-02-18", "--to", "2026-11-30", "--name", "all"]
    assert _main(argv_all) == 0 and _main(argv_all) == 0  # a second run replaces its entries
    ours = declared_files(tmp_raw, ge.SOURCE)
    assert sorted(e["path"] for e in ours) == sorted(
        f"gdelt-aggregates/{n}/{f}" for n in ("duckdb_IRN-RUS_2015-02-18_2026-11-30", "all")
        for f in ("dyad_day.parquet", "dyad_month.parquet"))
    month = next(e for e in ours if e["path"] == "gdelt-aggregates/all/dyad_month.parquet")
    assert month["origin"].startswith("engine duckdb:") and "gdelt/20191024143000.export.CSV" in month["origin"]
    assert "2015-02-18 to 2026-11-30" in month["origin"] and "all pairs" in month["origin"]
    assert set(month) == {"path", "sha256", "bytes", "origin", "source"}  # terms and citation: the declaration's
    assert "IRN, RUS" in next(e for e in ours if "IRN-RUS" in e["path"])["origin"]
    assert {e.path for e in manifest.verify({ge.SOURCE}, raw_dir=tmp_raw)} == {e["path"] for e in ours}
    assert "events aggregate (duckdb)" in capsys.readouterr().err


def test_cli_bigquery_without_credentials_exits_2_in_one_line(tmp_raw, tmp_path, capsys, monkeypatch):
    for name in ("GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "no-gcloud"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NO_GCE_CHECK", "True")  # never probe a metadata server
    argv = ["events", "aggregate", "--engine", "bigquery", "--project", "my-project", "--countries", "PAK,IRN",
            "--from", "2015-02-18", "--to", "2026-11-30", "--max-bytes", "50GB"]
    assert _main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--engine bigquery" in err[0]
    assert "credentials" in err[0] or ge.BIGQUERY_HINT in err[0]
    assert not (tmp_raw / "gdelt-aggregates").exists()


def test_cli_spark_without_pyspark_says_what_to_install(tmp_raw, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now raises ImportError
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    argv = ["events", "aggregate", "--engine", "spark", "--countries", "PAK,IRN", "--from", "2015-02-18",
            "--to", "2026-11-30"]
    assert _main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install pyspark" in err[0] and "openjdk-17" in err[0]


def test_spark_without_java_says_what_to_install(monkeypatch, tmp_path):
    class NoSession:
        @staticmethod
        def getActiveSession():
            return None

    monkeypatch.setattr(spark_engine, "_import_pyspark", lambda: NoSession)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ge.EngineUnavailableError, match="apt-get install openjdk-17-jre-headless"):
        ge.spark_session("local[2]")


@pytest.mark.parametrize(("extra", "message"), [
    (["--engine", "bigquery", "--project", "p", "--input", str(SAMPLE)], "--input is for duckdb and spark"),
    (["--engine", "bigquery"], "needs --project"),
    (["--engine", "duckdb", "--project", "p"], "for --engine bigquery"),
    (["--engine", "duckdb", "--master", "local[2]"], "for --engine spark"),
    (["--input", "no/such/file.CSV"], "no such file"),
    (["--input", "s3://bucket/gdelt/*.CSV"], "needs --engine spark"),
    (["--name", "../escape"], "--name"),
])
def test_cli_bad_arguments_exit_2_in_one_line(tmp_raw, capsys, extra, message):
    argv = ["events", "aggregate", "--countries", "PAK,IRN", "--from", "2015-02-18", "--to", "2026-11-30", *extra]
    assert _main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err


@pytest.mark.parametrize(("argv", "message"), [
    (["--countries", "PAK,IRN", "--all-pairs"], "not allowed with"),
    (["--countries", "PAK,Atlantis"], "Atlantis"),
    (["--countries", "PAK", "--max-bytes", "lots"], "not a number of bytes"),
])
def test_cli_argument_errors(tmp_raw, capsys, argv, message):
    code = _main(["events", "aggregate", "--from", "2015-02-18", "--to", "2026-11-30", *argv])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err


def test_max_bytes_units():
    from analysis.fetch.arguments import _bytes

    assert _bytes("50GB") == 50 * 10**9 and _bytes("1.5TB") == 1_500_000_000_000 and _bytes("100GiB") == 100 * 2**30
    assert _bytes("12,345") == 12345


def write_bigquery_fixture() -> Path:
    """Write the compiled SQL of the fixed request to ``tests/fixtures/gdelt_bigquery_query.sql``."""
    SQL_FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    SQL_FIXTURE.write_text(compiled_bigquery_sql(), encoding="utf-8")
    return SQL_FIXTURE


if __name__ == "__main__":
    if sys.argv[1:] != ["--update-bigquery-sql"]:
        sys.exit(f"usage: {sys.argv[0]} --update-bigquery-sql")
    print(write_bigquery_fixture())
