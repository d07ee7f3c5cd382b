"""``events aggregate --engine bigquery``: the aggregation compiled to BigQuery SQL over
``gdelt-bq.gdeltv2.events``, dry-run first (its scan size printed, ``--max-bytes`` enforced), then run."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from analysis.core.errors import one_line
from analysis.fetch.gdelt_engines.common import (
    BIGQUERY_HINT,
    BIGQUERY_TABLE_NAME,
    BIGQUERY_TIMEOUT,
    BigQueryAccessError,
    EngineUnavailableError,
    ScanLimitError,
    _log,
    size_text,
)
from analysis.sources import gdelt_ibis


def bigquery_sql(event_codes: pl.DataFrame, countries: Sequence[str] | None, start: dt.date, end: dt.date) -> str:
    """Return the BigQuery SQL of the aggregation over ``gdelt-bq.gdeltv2.events`` (compiled by Ibis, no client)."""
    import ibis

    agg = gdelt_ibis.aggregation(gdelt_ibis.bigquery_table(), event_codes, countries, start, end)
    return ibis.to_sql(agg.combined(), dialect="bigquery").strip() + "\n"


def _bigquery_modules() -> tuple[Any, Any]:
    """Return (google.cloud.bigquery, google.auth); ``EngineUnavailableError`` when the client is not installed."""
    try:
        import google.auth
        from google.cloud import bigquery
    except ImportError:
        raise EngineUnavailableError(f"--engine bigquery needs the Google BigQuery client: {BIGQUERY_HINT}") from None
    return bigquery, google.auth


def bigquery_client(project: str) -> tuple[Any, Any]:
    """Return (a ``bigquery.Client`` billing ``project``, the bigquery module), credentials from the environment.

    Raises ``EngineUnavailableError`` without the client package and ``BigQueryAccessError``
    without credentials.
    """
    bigquery, auth = _bigquery_modules()
    from google.auth import exceptions as auth_errors

    try:
        credentials, _ = auth.default(scopes=["https://www.googleapis.com/auth/bigquery"])
    except auth_errors.DefaultCredentialsError:
        raise BigQueryAccessError(
            "--engine bigquery: no Google credentials found; run `gcloud auth application-default login` or set "
            "GOOGLE_APPLICATION_CREDENTIALS to a service-account key file") from None
    return bigquery.Client(project=project, credentials=credentials), bigquery


def _network_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError, TimeoutError]
    with contextlib.suppress(ImportError):
        import requests

        errors += [requests.ConnectionError, requests.Timeout]
    with contextlib.suppress(ImportError):
        from google.auth import exceptions as auth_errors

        errors.append(auth_errors.TransportError)
    with contextlib.suppress(ImportError):
        from google.api_core import exceptions as api_errors

        errors.append(api_errors.RetryError)
    return tuple(errors)


def _api_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    with contextlib.suppress(ImportError):
        from google.api_core import exceptions as api_errors

        errors.append(api_errors.GoogleAPIError)
    with contextlib.suppress(ImportError):
        from google.auth import exceptions as auth_errors

        errors.append(auth_errors.GoogleAuthError)
    return tuple(errors)


def _retry(bigquery: Any) -> Any:
    retry = getattr(bigquery, "DEFAULT_RETRY", None)
    if retry is None:
        return None
    limit = getattr(retry, "with_timeout", None) or getattr(retry, "with_deadline", None)
    return limit(BIGQUERY_TIMEOUT) if limit else retry


def run_bigquery(sql: str, client: Any, bigquery: Any, *, max_bytes: int | None = None,
                 log: Callable[[str], None] = _log) -> tuple[pl.DataFrame, int]:
    """Dry-run ``sql``, print its scan size, refuse it above ``max_bytes``, else run it; return (rows, bytes).

    Raises ``ScanLimitError`` (nothing is run) when the dry run reports more than ``max_bytes``,
    ``BigQueryAccessError`` when BigQuery cannot be reached or refuses the request.
    """
    network, api = _network_errors(), _api_errors()
    retry = _retry(bigquery)
    extra = {"retry": retry} if retry is not None else {}
    try:
        dry = client.query(sql, job_config=bigquery.QueryJobConfig(dry_run=True, use_query_cache=False),
                           timeout=BIGQUERY_TIMEOUT, **extra)
        scanned = int(dry.total_bytes_processed or 0)
        log(f"events aggregate: BigQuery dry run: the query will scan {size_text(scanned)} ({scanned:,} bytes) of "
            f"{BIGQUERY_TABLE_NAME}")
        if max_bytes is not None and scanned > max_bytes:
            raise ScanLimitError(f"the BigQuery query would scan {scanned:,} bytes ({size_text(scanned)}), more than "
                                 f"--max-bytes {max_bytes:,}; nothing was run (raise --max-bytes or narrow the query)")
        config = bigquery.QueryJobConfig(maximum_bytes_billed=max_bytes) if max_bytes else bigquery.QueryJobConfig()
        job = client.query(sql, job_config=config, timeout=BIGQUERY_TIMEOUT, **extra)
        table = job.result().to_arrow()
    except ScanLimitError:
        raise
    except network as exc:
        raise BigQueryAccessError(f"--engine bigquery: cannot reach BigQuery (offline?): "
                                  f"{one_line(exc, 160)}") from None
    except api as exc:
        raise BigQueryAccessError(f"--engine bigquery: {one_line(getattr(exc, 'message', None) or exc)}") from None
    return pl.from_arrow(table), scanned
