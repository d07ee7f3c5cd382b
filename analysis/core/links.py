"""Links to UN documents, shared by the claims check and the reports."""

from __future__ import annotations

from urllib.parse import quote

UNDOCS_URL = "https://undocs.org/"


def document_url(symbol: str, record_url: str | None = None, *, safe: str = "/()") -> str:
    """Return the link of a UN document symbol: ``record_url`` (its voting record) when it is a web
    address, else ``https://undocs.org/<symbol>``; ``safe``: the characters left unquoted (by default
    slashes and the parentheses of "S/RES/2817(2026)", kept readable in Markdown)."""
    if record_url and record_url.startswith(("http://", "https://")):
        return record_url
    return UNDOCS_URL + quote(symbol.strip(), safe=safe)
