"""Adapters: the only code that knows a publisher's file formats, column names and codes.

Each module reads one source's raw files and returns frames in the project's schema
(``analysis.schemas``). Nothing here writes files.
"""

from __future__ import annotations


class SourceFormatError(ValueError):
    """A raw file does not have the structure its adapter expects; the message names it."""
