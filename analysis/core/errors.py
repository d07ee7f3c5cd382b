"""The package's user-facing errors: one base class, so the command line can tell them from bugs.

Every error a user can fix -- a bad argument, an unknown country, a missing or altered raw
file, a malformed claims file, an output path the package will not write to, a missing or
damaged processed table, a build already running -- derives from :class:`UserError`. The
command line (``analysis.cli.main``) prints such an error in one line on stderr and exits
with status 2; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; its message says what and, where it helps, how.

    Several messages (``UserError("pair 1: ...", "pair 3: ...")``) are several problems found
    at once; the command line prints each on its own line.
    """

    def __str__(self) -> str:
        return "; ".join(str(a) for a in self.args) if len(self.args) > 1 else super().__str__()

    def lines(self) -> list[str]:
        """One line per problem (whitespace folded)."""
        return [" ".join(str(a).split()) for a in self.args] if len(self.args) > 1 else [self.one_line()]

    def one_line(self) -> str:
        """The message on one line (newlines folded into spaces; several problems joined by "; ")."""
        return " ".join(str(self).split())


def one_line(text: object, limit: int = 300) -> str:
    """Return ``text`` on one line (whitespace folded), cut to ``limit`` characters with "..." at the end."""
    folded = " ".join(str(text).split())
    return folded if len(folded) <= limit else folded[: limit - 3] + "..."


class OutputPathError(UserError):
    """An output path the package refuses: not a plain new file or folder, inside the data, or someone else's."""


class MissingTableError(UserError, FileNotFoundError):
    """A processed table has not been built yet."""


class DamagedTableError(UserError):
    """A processed table exists but cannot be read (e.g. a truncated Parquet file)."""


class BuildLockedError(UserError):
    """Another build holds the lock on the processed folder."""
