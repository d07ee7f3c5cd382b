"""The lowest layer: what every other layer needs and that needs nothing above it.

``errors`` (the user-facing error types), ``paths`` (every path, overridable by
environment variables), ``atomic`` (write-then-rename), ``registry`` (each dataset
declared once in ``data/raw/datasets/``), ``manifest`` (its files verified), ``countries``
(codes and names), ``issue_rules`` (issue flags from titles), ``outputs`` (where the
package may write, the build lock) and ``tables`` (loading the processed tables).
"""
