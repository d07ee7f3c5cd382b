"""Measures: pure functions over the processed tables (polars frames in, frames out).

They never read files and never plot. ``alignment`` (agreement, kappa, pi, S),
``idealpoints`` (dynamic ordinal IRT), ``trade`` (mirror statistics), ``events`` (quad-class
counts, Goldstein), ``panel`` (the dyad-year panel), ``resolutions`` (roll calls naming a
state), ``tallies`` (official vs per-state counts), ``memberships`` (who sat on the HRC and
the CHR), ``crosscheck`` (two sources of one body compared), ``coverage`` (which years a
state voted in).
"""
