"""MkDocs hooks of the documentation site (``hooks:`` in ``mkdocs.yml``).

- ``on_post_page``: drop the MathJax script nbconvert puts on a notebook's page (loaded from a CDN; the notebooks
  hold no formulas, and MathJax would read "$2.5 billion ... US$0.88" as TeX).
- ``on_post_build``: fail the build when a page loads a script, a stylesheet or a font from the web: the site is
  read offline, from ``file://`` or a local server.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

_MATHJAX = re.compile(r"<script[^>]*src=\"[^\"]*mathjax[^\"]*\"[^>]*>\s*</script>|"
                      r"<script type=\"text/x-mathjax-config\">.*?</script>", re.S | re.I)
#: A resource the browser loads by itself (not a link a reader follows) from another host.
_REMOTE = re.compile(r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(?:https?:)?//[^\"]+\"|"
                     r"<link\b[^>]*\bhref=\"(?:https?:)?//[^\"]+\"[^>]*>|@import\s+url\(\s*[\"']?(?:https?:)?//|"
                     r"url\(\s*[\"']?(?:https?:)?//", re.I)


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001 - MkDocs' hook signature
    """The page's HTML without MathJax."""
    return _MATHJAX.sub("", output)


def remote_resources(html: str) -> list[str]:
    """The tags of ``html`` that load a script, stylesheet, image or font from another host."""
    found = []
    for match in _REMOTE.finditer(html):
        tag = match.group(0)
        if tag.lower().startswith("<link") and not re.search(r"rel=\"(?:stylesheet|preload|modulepreload|icon)\"",
                                                             tag, re.I):
            continue  # <link rel="canonical"> and the like load nothing
        found.append(tag[:160])
    return found


def on_post_build(config) -> None:  # noqa: ANN001
    """Raise ``PluginError`` naming every page that loads something from the web."""
    site = Path(config["site_dir"])
    problems = [f"{page.relative_to(site)}: {tag}" for page in sorted(site.rglob("*.html"))
                for tag in remote_resources(page.read_text(encoding="utf-8"))]
    if problems:
        raise PluginError("pages load resources from the web (the site must work offline):\n  "
                          + "\n  ".join(problems[:20]))


class _MathIndexFilter(logging.Filter):
    """Drop autorefs' warning on ``[...][i, j]`` in ``analysis.measures.alignment``'s docstring: a matrix entry
    written as in the literature, which Markdown reads as a reference link. Any other unresolved reference still
    fails the strict build."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("analysis.measures.alignment" in message and "cross-reference target 'i, j'" in message)


logging.getLogger("mkdocs.plugins.mkdocs_autorefs._internal.plugin").addFilter(_MathIndexFilter())
