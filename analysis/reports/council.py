"""The dyad report's Security Council part: key facts in counts, and a table of the votes with their sources.

With 15 members and many unanimous votes, kappa is often undefined on the Council (its
chance disagreement is 0), so the facts here are counts
(``analysis.measures.security_council.pair_record``): how each state voted, how often the
two voted the same way, on contested votes and in all. Roll calls recorded from press
releases (``analysis.sources.un_press_votes``) say so and link the release, and a vote the
release does not name (derived as "the remaining members") is marked as derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import polars as pl

from analysis.core.links import document_url
from analysis.measures.memberships import spans
from analysis.measures.security_council import PairRecord, pair_record
from analysis.measures.tallies import format_tally

BODY = "SC"
TABLE_ROWS = 20


@dataclass(frozen=True)
class CouncilPart:
    """What the dyad report shows of the Security Council for A and B."""

    facts: list[str]
    rests_on: str
    markdown: list[str]
    notes: list[str]
    record: PairRecord | None


def source_label(source: str, url: str | None) -> str:
    """Return a Markdown link naming where a roll call comes from ("UN press release" for press.un.org)."""
    if not url:
        return "no link in the source"
    if source == "un_press":
        host = urlparse(url).netloc.removeprefix("www.")
        what = "UN press release" if host == "press.un.org" else f"press story ({host})"
        return f"recorded from a [{what}]({url})"
    if source == "undl":
        return f"[UN Digital Library record]({url})"
    if source == "unsc-vetoes":
        return f"Security Council veto list ([meeting record]({url}))"
    return f"[record]({url})"


def _text(row: dict) -> str:
    symbol = row["symbol"] or row["draft_symbol"]
    title = (row["title"] or "").replace("|", "/")
    return f"[{symbol}]({document_url(symbol)}): {title}" if symbol else title


def _vote(vote: str | None, named: bool | None, lists_members: bool | None = None) -> str:
    if vote is None:
        return "unknown (the veto list gives only the vetoers' votes)" if lists_members is False else "not a member"
    return f"{vote} (derived)" if named is False else vote


def _same_as(votes: pl.DataFrame, names: dict[str, str], rcid: int, a: str, vote_a: str | None) -> str:
    if vote_a is None:
        return ""
    same = votes.filter((pl.col("rcid") == rcid) & (pl.col("vote") == vote_a) & (pl.col("iso3") != a))["iso3"]
    return ", ".join(sorted(names.get(i, i) for i in same.to_list()))


def prepare(a: str, b: str, names: dict[str, str], votes: pl.DataFrame, roll_calls: pl.DataFrame,
            press_votes: pl.DataFrame, countries: pl.DataFrame, start_year: int | None = None,
            end_year: int | None = None) -> CouncilPart | None:
    """Return the Security Council facts and table for A and B, or None when neither sat on it in the range.

    Takes the canonical ``votes``, ``roll_calls``, ``press_votes`` and ``countries`` tables and
    the report's names of A and B; the year bounds are inclusive.
    """
    rc = roll_calls.filter(pl.col("body") == BODY)
    if start_year is not None:
        rc = rc.filter(pl.col("year") >= start_year)
    if end_year is not None:
        rc = rc.filter(pl.col("year") <= end_year)
    sc_votes = votes.filter((pl.col("body") == BODY) & (pl.col("vote") != "not_member")).join(
        rc.select("rcid"), on="rcid", how="semi")
    sat = {code: sc_votes.filter(pl.col("iso3") == code) for code in (a, b)}
    if not any(frame.height for frame in sat.values()):
        return None
    all_names = dict(zip(countries["iso3"], countries["name"], strict=True)) | names
    wide = rc.join(sat[a].select("rcid", pl.col("vote").cast(pl.String).alias("vote_a")), on="rcid", how="left").join(
        sat[b].select("rcid", pl.col("vote").cast(pl.String).alias("vote_b")), on="rcid", how="left").filter(
        pl.col("vote_a").is_not_null() | pl.col("vote_b").is_not_null()).sort("date", "rcid")
    named = press_votes.filter(pl.col("body") == BODY).select("rcid", "iso3", "named_in_source")
    wide = wide.join(named.filter(pl.col("iso3") == a).select("rcid", pl.col("named_in_source").alias("named_a")),
                     on="rcid", how="left").join(
        named.filter(pl.col("iso3") == b).select("rcid", pl.col("named_in_source").alias("named_b")),
        on="rcid", how="left")
    facts = []
    first, last = wide["date"].min(), wide["date"].max()
    for code in (a, b):
        mine = wide.drop_nulls("vote_a" if code == a else "vote_b")
        if not mine.height:
            listed = wide.filter(pl.col("lists_members").fill_null(True))
            facts.append(f"{names[code]} was not a member of the Security Council in "
                         f"{spans(sorted(set(listed['year'].to_list())))}, the years of these votes." if listed.height
                         else f"{names[code]} has no recorded vote of the Security Council in the data.")
            continue
        col = "vote_a" if code == a else "vote_b"
        counts = mine.group_by(col).len().sort("len", descending=True)
        parts = ", ".join(f"{v} on {n}" for v, n in counts.iter_rows())
        facts.append(f"At the Security Council, {names[code]} cast {mine.height} recorded votes in the data "
                     f"({mine['date'].min()} to {mine['date'].max()}): {parts}.")
    record = None
    if sat[a].height and sat[b].height:
        record = pair_record(votes, roll_calls, a, b, BODY, start_year, end_year)
        facts.append(record.sentence(names[a], names[b], "Security Council") + "; counts, not an index: with 15 "
                     "members and many unanimous votes, kappa is often undefined on the Council.")
    press = wide.filter(pl.col("source") == "un_press")
    if press.height:
        derived = [f"{r['symbol'] or r['date']}" for r in press.iter_rows(named=True) if r["named_a"] is False]
        share = f"All {press.height}" if press.height == wide.height else f"{press.height} of these {wide.height}"
        facts.append(
            f"{share} of the Security Council votes ({press['date'].min()} to {press['date'].max()}) are recorded "
            f"from UN press releases or stories quoting them, as no dataset has them yet (links in the Security "
            f"Council section)"
            + (f"; {names[a]}'s vote on {', '.join(derived)} is derived: the source names only the other votes, "
               f"and {names[a]} is among the remaining members" if derived else "") + ".")
    vetoes = wide.filter(pl.col("lists_members").not_().fill_null(False))
    if vetoes.height:
        facts.append(f"{vetoes.height} of these votes ({vetoes['date'].min()} to {vetoes['date'].max()}) come from the "
                     f"Security Council veto list, which gives only the vetoing members' no votes: the other "
                     f"members' votes on those drafts are unknown, not absences.")
    rows = []
    for r in wide.tail(TABLE_ROWS).iter_rows(named=True):
        tally = format_tally(r["official_yes"], r["official_no"], r["official_abstain"])
        result = f"{r['outcome'] or 'outcome not given'}, {tally}"
        if r["vetoed_by"]:
            who = " and ".join(all_names.get(c, c) for c in r["vetoed_by"].split(","))
            result = (f"vetoed by {who} (no tally in the veto list)" if r["lists_members"] is False
                      else f"{result} (vetoed by {who})")
        same = _same_as(sc_votes, all_names, r["rcid"], a, r["vote_a"])
        vote_a, vote_b = (_vote(r[f"vote_{x}"], r[f"named_{x}"], r["lists_members"]) for x in "ab")
        rows.append(f"| {r['date']} | {_text(r)} | {result} | {vote_a} | {vote_b} | {same} | "
                    f"{source_label(r['source'], r['record_url'])} |")
    header = (f"**Security Council recorded votes with {names[a]} or {names[b]} on the Council** (the latest "
              f"{min(TABLE_ROWS, wide.height)} of {wide.height}; tally yes–no–abstain)\n\n"
              f"| Date | Text voted on | Result | {names[a]} | {names[b]} | Voted as {names[a]} | Source |\n"
              "|---|---|---|---|---|---|---|\n")
    sources = sorted(set(wide["source"].to_list()))
    rests_on = (f"Security Council recorded votes {first} to {last} with {names[a]} or {names[b]} on the Council: "
                + ", ".join({"un_press": "votes recorded from UN press releases (data/raw/un-press-votes/)",
                             "undl": "UN Digital Library voting records (fetched)",
                             "unsc-vetoes": "the Security Council veto list 1946-2022, only who vetoed "
                                            "(data/raw/unsc-vetoes/)"}.get(s, s) for s in sources) + ".")
    notes = ["A failed draft often has no symbol in a press release; its text is then described as the source "
             "describes it. 'derived' marks a vote the source does not name (it names only the other side, and the "
             "remaining members are derived from the Council's list)."]
    return CouncilPart(facts, rests_on, [header + "\n".join(rows)], notes, record)
