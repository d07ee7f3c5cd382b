"""Voting coincidence with a reference state as the US State Department publishes it ("Voting Practices in the UN").

Every year since 1984 the State Department reports to Congress each member state's "voting
coincidence" with the United States in the General Assembly. The definition changed twice;
each is here under the report year that introduced it (``DEFINITIONS``), in the reports' own
words:

``statedept-2016`` (the reports to 2016)
    "Voting coincidence percentages are derived by dividing the number of identical votes by
    the total of identical plus opposite votes, the same method used in all previous editions
    of this report" (2013 report, p. 18); the table "is based on the 83 instances the United
    States voted either Yes or No in Plenary" of "the Plenary votes that were recorded at the
    fall session" (ibid.). Abstentions and absences are counted but left out of the percentage;
    paragraph votes are included ("68/39 [partial vote]").
    coincidence = same / (same + opposite), over the roll calls of the autumn session held in
    the year (session = year − 1945) on which the reference state voted yes or no.

``statedept-2017`` (the reports for 2017 to 2020)
    "adding one (1) point for every 'same' vote, zero (0) points for every 'opposite' vote, and
    a half (½) point for every 'partial' vote. The total number of points is then divided by
    the total number of votes excluding absences" (2017 report, p. 7), where "'Partial' is the
    number of times the United States and the listed country were partially aligned (one
    country, but not both, abstained on a resolution)"; over "all ... final plenary votes that
    occurred in the UN General Assembly during 2017" (paragraph votes, amendments and motions
    left out: "the methodology also emphasizes the votes taken on final resolutions").
    coincidence = (same + ½·partial) / (same + opposite + partial), over the final votes of
    the calendar year on which the reference state voted (yes, no or abstain).

``statedept-2021`` (the reports from 2021)
    "this report now gives non-votes the same value as abstentions" (2021 report, p. 8);
    "'Absent' is the number of times the listed country did not vote. Each absent vote is
    calculated as a half point (0.5)" (2022 report, p. 14).
    coincidence = (same + ½·partial + ½·absent) / (same + opposite + partial + absent).

With the ``agreement`` index of ``analysis.measures.alignment`` (identical 1, one abstains 0.5,
yes against no 0) over the same roll calls, ``statedept-2017`` is the same number: agreement over
final votes of a calendar year equals the 2017 definition, as a test shows.

A state is *absent* on a roll call when it is a member that year (it has a recorded vote or an
absent row in the year) and has no yes, no or abstain on it; the DGACM records (2019 on) list
only the states that voted, so an absence there is read this way.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

#: The State Department's definitions, by the report year that introduced them.
DEFINITIONS: dict[str, str] = {
    "statedept-2016": "same / (same + opposite); autumn session, all recorded plenary votes, reference yes or no",
    "statedept-2017": "(same + ½ partial) / (same + opposite + partial); final votes of the calendar year",
    "statedept-2021": "(same + ½ partial + ½ absent) / (same + opposite + partial + absent); final votes of the "
                      "calendar year",
}
#: The definition each report year used (2018's report is not shipped; its transcription follows 2017's).
REPORT_DEFINITION: dict[int, str] = {**{y: "statedept-2016" for y in range(1984, 2017)},
                                     **{y: "statedept-2017" for y in range(2017, 2021)}}
COLUMNS = ("year", "iso3", "n_votes", "same", "opposite", "abstain_or_partial", "absent", "coincidence")


def definition_for(year: int) -> str:
    """The definition the State Department's report for ``year`` used (from 2021: ``statedept-2021``)."""
    return REPORT_DEFINITION.get(year, "statedept-2021")


def _selected(roll_calls: pl.DataFrame, definition: str, body: str) -> pl.DataFrame:
    rc = roll_calls.filter(pl.col("body") == body)
    if definition == "statedept-2016":
        return rc.filter(pl.col("session") == pl.col("year") - 1945).select("rcid", "year")
    final = ~(pl.col("amend").fill_null(False) | pl.col("para").fill_null(False)
              | pl.col("doc_type").is_in(["motion", "amendment", "paragraph"]).fill_null(False))
    return rc.filter(final).select("rcid", "year")


def coincidence(votes: pl.DataFrame, roll_calls: pl.DataFrame, definition: str, reference: str = "USA", *,
                states: list[str] | None = None, start_year: int | None = None, end_year: int | None = None,
                body: str = "GA") -> pl.DataFrame:
    """Voting coincidence of every state (or ``states``) with ``reference``, per year, by a State Department definition.

    Takes the ``votes`` and ``roll_calls`` frames, a key of ``DEFINITIONS``, the reference state
    (ISO3), optional states and inclusive year bounds. Returns ``COLUMNS``: one row per year and
    state with ``n_votes`` > 0 (the roll calls counted: the reference voted), the counts
    ``same``, ``opposite``, ``abstain_or_partial`` (to 2016: the state abstained; from 2017: exactly
    one of the two abstained), ``absent`` and ``coincidence`` as a share in [0, 1] (NaN when
    its denominator is 0), sorted by year and state. Raises ``ValueError`` for an unknown
    definition.
    """
    if definition not in DEFINITIONS:
        raise ValueError(f"definition must be one of {', '.join(DEFINITIONS)}, not {definition!r}")
    rc = _selected(roll_calls, definition, body)
    if start_year is not None:
        rc = rc.filter(pl.col("year") >= start_year)
    if end_year is not None:
        rc = rc.filter(pl.col("year") <= end_year)
    v = votes.filter(pl.col("body") == body).select("rcid", "iso3", pl.col("vote").cast(pl.String))
    ref_ok = ["yes", "no"] if definition == "statedept-2016" else ["yes", "no", "abstain"]
    ref = v.filter((pl.col("iso3") == reference) & pl.col("vote").is_in(ref_ok)).select(
        "rcid", pl.col("vote").alias("ref"))
    counted = rc.join(ref, on="rcid")
    # members of a year: a yes/no/abstain or an absent row in the year's roll calls of the body
    year_of = roll_calls.filter(pl.col("body") == body).select("rcid", "year")
    members = (v.filter(pl.col("vote") != "not_member").join(year_of, on="rcid")
               .select("year", "iso3").unique())
    members = members.filter(pl.col("iso3") != reference)
    if states is not None:
        members = members.filter(pl.col("iso3").is_in(states))
    grid = counted.join(members, on="year").join(v, on=["rcid", "iso3"], how="left")
    cast = pl.col("vote").is_in(["yes", "no", "abstain"])
    one_abstains = (pl.col("vote") == "abstain") != (pl.col("ref") == "abstain")
    partial = (pl.col("vote") == "abstain") if definition == "statedept-2016" else one_abstains
    table = grid.group_by("year", "iso3").agg(
        pl.len().alias("n_votes"),
        (cast & (pl.col("vote") == pl.col("ref"))).sum().alias("same"),
        (cast & (pl.col("vote") != pl.col("ref")) & (pl.col("vote") != "abstain") & (pl.col("ref") != "abstain"))
        .sum().alias("opposite"),
        (cast & partial).sum().alias("abstain_or_partial"),
        (~cast.fill_null(False)).sum().alias("absent"),
    )
    same, opp, part, absent = (pl.col(c).cast(pl.Float64) for c in ("same", "opposite", "abstain_or_partial",
                                                                    "absent"))
    if definition == "statedept-2016":
        share = same / (same + opp)
    elif definition == "statedept-2017":
        share = (same + part / 2) / (same + opp + part)
    else:
        share = (same + part / 2 + absent / 2) / (same + opp + part + absent)
    return (table.with_columns(pl.when(share.is_nan()).then(float("nan")).otherwise(share).alias("coincidence"))
            .with_columns(pl.col("year").cast(pl.Int32), *[pl.col(c).cast(pl.Int64) for c in COLUMNS[2:7]])
            .select(COLUMNS).sort("year", "iso3"))


def published_share(same: pl.Expr, opposite: pl.Expr, partial: pl.Expr, absent: pl.Expr, definition: str) -> pl.Expr:
    """The coincidence (share) that the published counts give under ``definition``: the formula of ``coincidence``."""
    same, opposite, partial, absent = (e.cast(pl.Float64) for e in (same, opposite, partial, absent))
    if definition == "statedept-2016":
        return same / (same + opposite)
    if definition == "statedept-2017":
        return (same + partial / 2) / (same + opposite + partial)
    return (same + partial / 2 + absent / 2) / (same + opposite + partial + absent)


@dataclass(frozen=True)
class CoincidenceFact:
    """One state's State Department coincidence with a reference state in one year, for a sentence."""

    year: int
    state_name: str
    reference_name: str
    share: float  # 0..1
    n_votes: int
    definition: str

    def sentence(self) -> str:
        """"Pakistan voted with the United States on 36% of recorded votes in 2023 (State Department measure)"."""
        return (f"{self.state_name} voted with {self.reference_name} on {self.share * 100:.0f}% of recorded votes "
                f"in {self.year} (State Department measure)")


def key_fact(table: pl.DataFrame, iso3: str, state_name: str, reference_name: str, definition: str,
             year: int | None = None) -> CoincidenceFact | None:
    """The ``CoincidenceFact`` of ``iso3`` in ``year`` (default: the last year it has a number) from ``coincidence``'s
    output; None when there is none. ``reference_name`` as it reads in a sentence ("the United States")."""
    rows = table.filter((pl.col("iso3") == iso3) & pl.col("coincidence").is_not_nan())
    if year is not None:
        rows = rows.filter(pl.col("year") == year)
    if rows.height == 0:
        return None
    row = rows.sort("year").row(-1, named=True)
    return CoincidenceFact(row["year"], state_name, reference_name, row["coincidence"], row["n_votes"], definition)
