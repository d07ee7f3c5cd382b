"""Claims check: structured claims from a news story, checked against the processed data.

Three parts, one concern each:

- ``model``: the TOML format, validated with pydantic models (one per claim kind,
  discriminated on ``kind``); errors name the file, the claim and the field;
- ``checks``: a verdict per claim (supported, contradicted, not checkable), read from the
  data, and the consistency of the claims among themselves;
- ``render``: the plain-text report and the command line ``python -m analysis claims FILE``;
- ``article``: the article marked up with each claim's quote in its verdict's colour;
- ``draft``: claims drafted from an article's own words (``python -m analysis draft``).

The public API is re-exported here.
"""

from analysis.claims.article import article_html, format_html_with_article, quote_spans
from analysis.claims.checks import (
    CONTRADICTED,
    NOT_CHECKABLE,
    SUPPORTED,
    VERDICTS,
    Report,
    Verdict,
    check_claim,
    check_file,
    inconsistencies,
)
from analysis.claims.data import TABLES, ClaimData, Coverage, coverage
from analysis.claims.model import (
    KINDS,
    Claim,
    ClaimFormatError,
    ClaimsFile,
    load_claims,
    read_claims_file,
    source_article,
)
from analysis.claims.render import (
    FORMATS,
    VERDICT_CLASSES,
    first_sentence,
    format_html,
    format_json,
    format_markdown,
    format_report,
    format_table,
    main,
    report_dict,
    symbol_url,
)

__all__ = [
    "CONTRADICTED", "NOT_CHECKABLE", "SUPPORTED", "TABLES", "VERDICTS", "KINDS", "FORMATS", "VERDICT_CLASSES", "Claim",
    "ClaimData", "ClaimFormatError", "ClaimsFile", "Coverage", "Report", "Verdict", "check_claim", "check_file",
    "coverage",
    "first_sentence", "format_html", "format_json", "format_markdown", "format_report", "format_table",
    "inconsistencies", "load_claims", "main", "read_claims_file", "report_dict", "symbol_url", "article_html",
    "format_html_with_article", "quote_spans", "source_article",
]
