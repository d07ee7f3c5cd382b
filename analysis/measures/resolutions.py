"""Country-specific resolutions: the roll calls whose title names a given state.

A title "names" state B when it matches B's English-name regular expression from the
``countrycode`` package (e.g. ``\\biran|persia`` for Iran), case-insensitive; for
historical states without such a pattern, their name in the ``countries`` table.
Titles naming a state are the usual way to find country-specific resolutions such as
"Situation of human rights in the Islamic Republic of Iran" (GA and HRC).

``naming_resolutions`` returns one row per roll call with its tally and the votes of
A and B, labelling what A did when it cast no vote: ``absent`` (listed on the record
without a vote), ``not a member`` (Voeten's code 9, or no row on an HRC or CHR record:
those list every member), or ``not recorded`` (a GA source that lists only the states
that voted, i.e. DGACM 2019-2026, or a recorded vote whose per-state list the source
lacks).
"""

from __future__ import annotations

import re

import polars as pl

from analysis.core.countries import codelist
from analysis.core.vocab import BODIES, LISTING_BODIES

#: Columns of ``roll_calls`` that ``naming_resolutions`` carries through (null where a frame lacks them).
DETAILS = ("official_yes", "official_no", "official_abstain", "tally_mismatch", "outcome", "record_url", "n_listed")


def name_pattern(iso3: str, countries: pl.DataFrame) -> re.Pattern[str]:
    """Return a case-insensitive regex matching titles that name state ``iso3``."""
    codes = codelist()["iso3c"]
    if iso3 in codes:
        pattern = codelist()["country.name.en.regex"][codes.index(iso3)]
    else:
        names = countries.filter(pl.col("iso3") == iso3)["name"].to_list()
        if not names:
            raise ValueError(f"iso3: unknown state {iso3!r}")
        pattern = re.escape(names[0])
    return re.compile(pattern, re.IGNORECASE)


def _status(own: pl.Expr, body: pl.Expr, listed: pl.Expr) -> pl.Expr:
    """A state's vote, or why it has none; ``listed`` is the number of states on the record."""
    return (
        pl.when(own.is_null() & body.cast(pl.String).is_in(list(LISTING_BODIES)) & (listed > 0))
        .then(pl.lit("not a member"))
        .when(own.is_null()).then(pl.lit("not recorded"))
        .when(own == "not_member").then(pl.lit("not a member"))
        .otherwise(own.cast(pl.String))
    )


#: Python regex syntax that polars' (Rust) regex engine lacks: look-arounds and back-references.
_PYTHON_ONLY = re.compile(r"\(\?<?[=!]|\\[1-9]")


def titles_naming(roll_calls: pl.DataFrame, countries: pl.DataFrame, b: str) -> pl.DataFrame:
    """Return the rows of ``roll_calls`` whose title names state ``b`` (``name_pattern``).

    Matched in polars (Rust regex, case-insensitive) when the pattern needs nothing else, about
    20 times faster; the 38 countrycode patterns with look-arounds (e.g. Austria's
    ``^(?!.*hungary).*austria``) are matched in Python, each distinct title once (a title repeats over
    sessions). ``tests/test_resolutions.py`` checks that both give the same rows.
    """
    pattern = name_pattern(b, countries)
    if not _PYTHON_ONLY.search(pattern.pattern):
        try:
            return roll_calls.filter(pl.col("title").str.contains("(?i)" + pattern.pattern).fill_null(False))
        except pl.exceptions.ComputeError:  # a pattern the Rust engine still refuses: Python's below
            pass
    titles = roll_calls["title"].drop_nulls().unique().to_list()  # each distinct title searched once
    return roll_calls.filter(pl.col("title").is_in([t for t in titles if pattern.search(t)]))


def with_votes(named: pl.DataFrame, votes_a: pl.DataFrame, votes_b: pl.DataFrame,
               votes: pl.DataFrame | None = None) -> pl.DataFrame:
    """Return ``named`` roll calls with their tallies and the votes of A and B (see ``naming_resolutions``).

    Takes roll calls (e.g. from ``titles_naming``), the vote rows of A and of B (any
    superset of their rows on those roll calls: body, rcid, vote) and, when ``named`` lacks
    the build's ``counted_*`` columns, all ``votes`` to count the tally from.
    """
    details = [c for c in DETAILS if c not in named.columns]
    named = named.with_columns(pl.lit(None).alias(c) for c in details)
    if "counted_yes" in named.columns and named["counted_yes"].null_count() == 0:
        tallied = named.with_columns(pl.col(f"counted_{v}").alias(v) for v in ("yes", "no", "abstain"))
    else:
        if votes is None:
            raise ValueError("with_votes: the roll calls carry no counted_* columns, so all votes are needed")
        tally = (
            votes.join(named.select("body", "rcid"), on=["body", "rcid"], how="semi")
            .group_by("body", "rcid")
            .agg(*[(pl.col("vote") == v).sum().cast(pl.Int32).alias(v) for v in ("yes", "no", "abstain")])
        )
        tallied = named.drop("yes", "no", "abstain", strict=False).join(tally, on=["body", "rcid"], how="left")

    def own(rows: pl.DataFrame, name: str) -> pl.DataFrame:
        return rows.select("body", "rcid", pl.col("vote").alias(name))

    return (
        tallied
        .join(own(votes_a, "own_a"), on=["body", "rcid"], how="left")
        .join(own(votes_b, "own_b"), on=["body", "rcid"], how="left")
        .with_columns(
            *[pl.col(v).fill_null(0) for v in ("yes", "no", "abstain")],
            pl.sum_horizontal("yes", "no", "abstain").alias("_listed") if "n_listed" in details
            else pl.col("n_listed").alias("_listed"),
        )
        .with_columns(
            _status(pl.col("own_a"), pl.col("body"), pl.col("_listed")).alias("vote_a"),
            _status(pl.col("own_b"), pl.col("body"), pl.col("_listed")).alias("vote_b"),
            pl.col("body").cast(pl.String),
        )
        .select("date", "body", "symbol", "doc_type", "title", "yes", "no", "abstain", *DETAILS[:-1], "vote_a",
                "vote_b")
        .sort("date", "body", "symbol")
    )


def naming_resolutions(
    roll_calls: pl.DataFrame,
    votes: pl.DataFrame,
    countries: pl.DataFrame,
    a: str,
    b: str,
    *,
    start_year: int | None = None,
    end_year: int | None = None,
    bodies: tuple[str, ...] = BODIES,
) -> pl.DataFrame:
    """Return every roll call in ``bodies`` whose title names state ``b``, with A's and B's votes.

    Takes the processed ``roll_calls``, ``votes`` and ``countries`` tables, two ISO3 codes
    and an optional year range. Returns columns date, body, symbol, doc_type, title, yes,
    no, abstain (the tally of the per-state rows), official_yes, official_no,
    official_abstain (the tally the source publishes; null where it publishes none),
    tally_mismatch, outcome, record_url, vote_a, vote_b (a vote, ``absent``, ``not a
    member`` or ``not recorded``), sorted by date, body and symbol.
    """
    titles = roll_calls.filter(pl.col("body").cast(pl.String).is_in(list(bodies)))
    if start_year is not None:
        titles = titles.filter(pl.col("year") >= start_year)
    if end_year is not None:
        titles = titles.filter(pl.col("year") <= end_year)
    named = titles_naming(titles, countries, b)
    return with_votes(named, votes.filter(pl.col("iso3") == a), votes.filter(pl.col("iso3") == b), votes)
