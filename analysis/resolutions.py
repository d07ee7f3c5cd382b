"""Country-specific resolutions: the roll calls whose title names a given state.

A title "names" state B when it matches B's English-name regular expression from the
``countrycode`` package (e.g. ``\\biran|persia`` for Iran), case-insensitive; for
historical states without such a pattern, their name in the ``countries`` table.
Titles naming a state are the usual way to find country-specific resolutions such as
"Situation of human rights in the Islamic Republic of Iran" (GA and HRC).

``naming_resolutions`` returns one row per roll call with its tally and the votes of
A and B, labelling what A did when it cast no vote: ``absent`` (present in the record
as absent / NO_VOTE), ``not a member`` (Voeten's code 9, or no HRC row: only the
Council's 47 members are listed), or ``not recorded`` (a GA source that lists only
the states that voted, i.e. DGACM 2019-2026).
"""

from __future__ import annotations

import re

import polars as pl
from countrycode import codelist


def name_pattern(iso3: str, countries: pl.DataFrame) -> re.Pattern[str]:
    """Return a case-insensitive regex matching titles that name state ``iso3``."""
    codes = codelist["iso3c"]
    if iso3 in codes:
        pattern = codelist["country.name.en.regex"][codes.index(iso3)]
    else:
        names = countries.filter(pl.col("iso3") == iso3)["name"].to_list()
        if not names:
            raise ValueError(f"iso3: unknown state {iso3!r}")
        pattern = re.escape(names[0])
    return re.compile(pattern, re.IGNORECASE)


def _status(own: pl.Expr, body: pl.Expr) -> pl.Expr:
    return (
        pl.when(own.is_null() & (body == "HRC")).then(pl.lit("not a member"))
        .when(own.is_null()).then(pl.lit("not recorded"))
        .when(own == "not_member").then(pl.lit("not a member"))
        .otherwise(own.cast(pl.String))
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
    bodies: tuple[str, ...] = ("GA", "HRC"),
) -> pl.DataFrame:
    """Return every roll call in ``bodies`` whose title names state ``b``, with A's and B's votes.

    Takes the processed ``roll_calls``, ``votes`` and ``countries`` tables, two ISO3 codes
    and an optional year range. Returns columns date, body, symbol, doc_type, title, yes,
    no, abstain (the tally of recorded votes), vote_a, vote_b (a vote, ``absent``,
    ``not a member`` or ``not recorded``), sorted by date, body and symbol.
    """
    pattern = name_pattern(b, countries)
    titles = roll_calls.filter(pl.col("body").cast(pl.String).is_in(list(bodies)))
    if start_year is not None:
        titles = titles.filter(pl.col("year") >= start_year)
    if end_year is not None:
        titles = titles.filter(pl.col("year") <= end_year)
    named = titles.filter(
        pl.col("title").map_elements(lambda t: bool(pattern.search(t or "")), return_dtype=pl.Boolean)
    )
    keys = named.select("body", "rcid")
    tally = (
        votes.join(keys, on=["body", "rcid"], how="semi")
        .group_by("body", "rcid")
        .agg(*[(pl.col("vote") == v).sum().alias(v) for v in ("yes", "no", "abstain")])
    )

    def vote_of(state: str, name: str) -> pl.DataFrame:
        return votes.filter(pl.col("iso3") == state).select("body", "rcid", pl.col("vote").alias(name))

    return (
        named.join(tally, on=["body", "rcid"], how="left")
        .join(vote_of(a, "own_a"), on=["body", "rcid"], how="left")
        .join(vote_of(b, "own_b"), on=["body", "rcid"], how="left")
        .with_columns(
            *[pl.col(v).fill_null(0) for v in ("yes", "no", "abstain")],
            _status(pl.col("own_a"), pl.col("body")).alias("vote_a"),
            _status(pl.col("own_b"), pl.col("body")).alias("vote_b"),
            pl.col("body").cast(pl.String),
        )
        .select("date", "body", "symbol", "doc_type", "title", "yes", "no", "abstain", "vote_a", "vote_b")
        .sort("date", "body", "symbol")
    )
