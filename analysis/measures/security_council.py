"""The Security Council's own rules on its roll calls: permanent seats, vetoes, and counts for a pair.

* Permanent members (UN Charter, Art. 23): ``vocab.SC_PERMANENT``; the Republic of China (TWN)
  held China's seat until 25 October 1971 (``vocab.SC_PERMANENT_FORMER``). ``with_permanent``
  sets ``votes.permanent`` on every SC vote (null on the other bodies).
* A veto (Art. 27(3)): a draft on a non-procedural matter fails when a permanent member votes
  no although nine or more members vote yes. ``with_vetoes`` marks such SC roll calls
  ``outcome = "vetoed"`` with ``vetoed_by`` (the permanent members that voted no). A draft
  with fewer than nine yes votes fails on its own, whatever the permanent members did: it
  stays "not adopted" even when a permanent member voted no (11 March 2026: the Russian draft,
  4-2-9 with the United States against).
* Counts for a pair (``pair_record``): with 15 members and many unanimous votes, kappa's
  chance disagreement De is often 0 (both states always voted yes) and kappa is NaN
  (``analysis.measures.alignment``). For the Council a report says how often the two voted
  the same way, on all their joint votes and on the contested ones (at least one no or
  abstention), rather than an index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from analysis.schemas import SC_PERMANENT, SC_PERMANENT_FORMER, conform
from analysis.sources import SourceFormatError, unsc_vetoes
from analysis.sources.unsc_vetoes import SOURCE as VETO_SOURCE

#: Affirmative votes a Security Council decision needs (Art. 27(2), (3); nine since 1965).
SC_MAJORITY = 9


def permanent_expr(iso3: pl.Expr, date: pl.Expr) -> pl.Expr:
    """Return a Boolean expression: the state ``iso3`` held a permanent seat on ``date``."""
    held = iso3.is_in(list(SC_PERMANENT))
    for code, last in SC_PERMANENT_FORMER.items():
        held = held | ((iso3 == code) & (date <= dt.date.fromisoformat(last)))
    if "CHN" in SC_PERMANENT and "TWN" in SC_PERMANENT_FORMER:  # the PRC took the seat the day after
        held = held & ~((iso3 == "CHN") & (date <= dt.date.fromisoformat(SC_PERMANENT_FORMER["TWN"])))
    return held


def with_permanent(votes: pl.DataFrame, roll_calls: pl.DataFrame) -> pl.DataFrame:
    """Return ``votes`` with ``permanent`` set on the Security Council's votes and null elsewhere.

    Takes the canonical ``votes`` (with a ``permanent`` column) and ``roll_calls`` (for the dates).
    """
    dates = roll_calls.filter(pl.col("body") == "SC").select("body", "rcid", pl.col("date").alias("_date"))
    return votes.join(dates, on=["body", "rcid"], how="left", maintain_order="left").with_columns(
        pl.when(pl.col("body") == "SC").then(permanent_expr(pl.col("iso3"), pl.col("_date"))).alias("permanent")
    ).select(votes.columns)


def with_vetoes(roll_calls: pl.DataFrame, votes: pl.DataFrame) -> pl.DataFrame:
    """Return ``roll_calls`` with SC vetoes marked: ``outcome = "vetoed"`` and ``vetoed_by`` filled.

    A Security Council roll call whose outcome is "not adopted" or "vetoed", with at least
    ``SC_MAJORITY`` yes votes in its official tally (or, without one, in its per-state rows)
    and a no from a permanent member, was vetoed by the permanent members that voted no.
    A roll call its source calls "vetoed" that fails this test keeps the source's word and
    gets a note. ``votes`` must carry ``permanent`` (``with_permanent``).
    """
    noes = (votes.filter((pl.col("body") == "SC") & pl.col("permanent") & (pl.col("vote") == "no"))
            .group_by("body", "rcid").agg(pl.col("iso3").sort().str.join(",").alias("_perm_no")))
    yes = pl.coalesce("official_yes", "counted_yes")
    joined = roll_calls.join(noes, on=["body", "rcid"], how="left")
    vetoed = ((pl.col("body") == "SC") & pl.col("outcome").is_in(["not adopted", "vetoed"])
              & (yes >= SC_MAJORITY) & pl.col("_perm_no").is_not_null())
    claimed = (pl.col("body") == "SC") & (pl.col("outcome") == "vetoed") & ~vetoed.fill_null(False)
    note = pl.concat_str([pl.col("note"), pl.when(claimed).then(pl.lit(
        "the source says vetoed, but the tally shows no permanent member's no on a draft with 9 or more yes votes"))],
        separator="; ", ignore_nulls=True)
    return joined.with_columns(
        pl.when(vetoed).then(pl.lit("vetoed")).otherwise(pl.col("outcome")).alias("outcome"),
        pl.when(vetoed).then(pl.col("_perm_no")).otherwise(pl.col("vetoed_by")).alias("vetoed_by"),
        pl.when(note == "").then(None).otherwise(note).alias("note"),
    ).select(roll_calls.columns)


@dataclass(frozen=True)
class PairRecord:
    """How two states voted on a body's roll calls: the rows and the counts a report quotes."""

    rows: pl.DataFrame  # one row per roll call both sat on: date, symbol, title, outcome, vote_a, vote_b, same, ...
    joint: int  # roll calls on which both cast yes, no or abstain
    same: int  # ... and voted the same way
    contested: int  # joint roll calls with at least one no or abstention in the room
    same_contested: int

    def sentence(self, name_a: str, name_b: str, body_name: str) -> str:
        """Return e.g. "Pakistan and Russia voted the same way on 3 of 4 contested votes (4 of 4 in all)"."""
        if self.joint == 0:
            return f"{name_a} and {name_b} never both voted on a recorded vote of the {body_name} in the data"
        contested = (f"on {self.same_contested} of {self.contested} contested votes"
                     if self.contested else "on no contested vote (every joint vote was unanimous)")
        return (f"{name_a} and {name_b} voted the same way {contested} of the {body_name} "
                f"({self.same} of {self.joint} joint votes in all)")


def pair_record(votes: pl.DataFrame, roll_calls: pl.DataFrame, a: str, b: str, body: str = "SC",
                start_year: int | None = None, end_year: int | None = None) -> PairRecord:
    """Return how ``a`` and ``b`` voted on ``body``'s roll calls that list both (``PairRecord``).

    Takes the canonical ``votes`` and ``roll_calls`` (with the ``counted_*`` columns); the
    year bounds are inclusive. A roll call is *contested* when at least one listed member voted
    no or abstained; *joint* when both states cast yes, no or abstain.
    """
    rc = roll_calls.filter(pl.col("body") == body)
    if start_year is not None:
        rc = rc.filter(pl.col("year") >= start_year)
    if end_year is not None:
        rc = rc.filter(pl.col("year") <= end_year)
    pick = votes.filter((pl.col("body") == body) & pl.col("iso3").is_in([a, b]) & (pl.col("vote") != "not_member"))
    wide = (pick.with_columns(pl.col("vote").cast(pl.String))
            .pivot(on="iso3", index="rcid", values="vote") if pick.height else pl.DataFrame())
    cols = ["rcid", "date", "symbol", "draft_symbol", "title", "outcome", "vetoed_by", "official_yes", "official_no",
            "official_abstain", "record_url", "source", "vote_a", "vote_b", "same", "contested"]
    if wide.height == 0 or a not in wide.columns or b not in wide.columns:
        return PairRecord(pl.DataFrame(schema={c: pl.String for c in cols}), 0, 0, 0, 0)
    rows = (
        rc.join(wide.rename({a: "vote_a", b: "vote_b"}).drop_nulls(["vote_a", "vote_b"]), on="rcid")
        .with_columns(
            (pl.col("vote_a") == pl.col("vote_b")).alias("same"),
            ((pl.coalesce("official_no", "counted_no") > 0) | (pl.coalesce("official_abstain", "counted_abstain") > 0))
            .alias("contested"))
        .select(cols).sort("date", "rcid")
    )
    cast = rows.filter(pl.col("vote_a").is_in(["yes", "no", "abstain"]) & pl.col("vote_b").is_in(["yes", "no",
                                                                                                  "abstain"]))
    contested = cast.filter(pl.col("contested"))
    return PairRecord(rows, cast.height, int(cast["same"].sum()), contested.height, int(contested["same"].sum()))


# --------------------------------------------------------------------------- the veto list

def _key(symbol: pl.Expr) -> pl.Expr:
    return symbol.str.to_uppercase().str.replace_all(r"\s+", "")


def merge_veto_list(vetoes: unsc_vetoes.Vetoes, roll_calls: pl.DataFrame,
                    votes: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
    """Add the vetoes to the canonical ``roll_calls`` and ``votes``; return both and notes for the build report.

    Run after ``with_vetoes`` (the existing roll calls' ``vetoed_by`` is compared).
    A veto whose draft symbol an SC roll call already has (as ``draft_symbol`` or ``symbol``) is
    matched: not added again; the existing roll call gains a note saying the list agrees, or, where
    the outcome or the vetoers differ, what the list says (its own values stay, both are visible).
    The others are added with their counts (``tallies.with_counts``) and ``permanent`` set.
    """
    from analysis.measures import tallies

    notes = list(vetoes.notes)
    rc = vetoes.roll_calls
    sc = roll_calls.filter(pl.col("body") == "SC")
    known = pl.concat([sc.select("rcid", _key(pl.col(c)).alias("key"), "outcome", "vetoed_by", "source")
                       for c in ("draft_symbol", "symbol")]).drop_nulls("key").unique(["rcid", "key"])
    matched = (rc.filter(pl.col("draft_symbol").is_not_null())
               .select(pl.col("rcid").alias("veto_rcid"), "_row", "date", "draft_symbol",
                       pl.col("vetoed_by").alias("list_by"), _key(pl.col("draft_symbol")).alias("key"))
               .join(known, on="key").unique(["veto_rcid", "rcid"]).sort("date", "veto_rcid"))
    agree = (pl.col("outcome") == "vetoed") & (pl.col("vetoed_by") == pl.col("list_by"))
    matched = matched.with_columns(agree.fill_null(False).alias("agree"), pl.format(
        "the Security Council veto list ({}, row {}) says {} was vetoed by {} on {}", pl.lit(VETO_SOURCE), "_row",
        "draft_symbol", "list_by", "date").alias("says"))
    matched = matched.with_columns(pl.when(pl.col("agree")).then(pl.format("{}: agrees", "says")).otherwise(
        pl.format("{}; this record has outcome {} and vetoed_by {}: the sources disagree", "says",
                  pl.col("outcome").fill_null("not given"), pl.col("vetoed_by").fill_null("none"))).alias("add"))
    for r in matched.filter(~pl.col("agree")).iter_rows(named=True):
        notes.append(f"{VETO_SOURCE}: {r['draft_symbol']} ({r['date']}): the veto list says vetoed by {r['list_by']}; "
                     f"{r['source']} has outcome {r['outcome']}, vetoed_by {r['vetoed_by']}: the sources disagree "
                     f"(both kept: the record's values, the list's in its note)")
    add = matched.group_by("rcid").agg(pl.col("add").str.join("; "))
    roll_calls = roll_calls.join(add.with_columns(pl.lit("SC").cast(roll_calls.schema["body"]).alias("body")),
                                 on=["body", "rcid"], how="left").with_columns(
        pl.concat_str(["note", "add"], separator="; ", ignore_nulls=True).alias("note")).select(roll_calls.columns)
    new = rc.join(matched.select(pl.col("veto_rcid").alias("rcid")), on="rcid", how="anti")
    clash = new.join(roll_calls.filter(pl.col("body") == "SC").select("rcid"), on="rcid", how="semi")
    if clash.height:
        raise SourceFormatError(f"{VETO_SOURCE}: roll-call id {clash['rcid'][0]} is taken by another source")
    new_votes = vetoes.votes.join(new.select("rcid"), on="rcid", how="semi")
    new = tallies.with_counts(conform(new, "roll_calls"), new_votes)
    new_votes = with_permanent(new_votes, new)
    notes.append(f"{VETO_SOURCE}: {rc.height} vetoes; {matched['veto_rcid'].n_unique()} matched to a roll call already "
                 f"held (same draft symbol; {matched.filter(~pl.col('agree')).height} disagreeing), {new.height} added")
    return (pl.concat([roll_calls, new]).sort("body", "rcid"),
            pl.concat([votes, new_votes.select(votes.columns)]).sort("body", "rcid", "iso3"), notes)
