"""The General Assembly record audited against the US State Department's reports (``python -m analysis audit``).

For each report year the package's GA roll calls are compared with what the report counted:

* **scope**: the votes the report's definition counts (``analysis.measures.coincidence``): from
  2017 the final votes of the calendar year, to 2016 every recorded vote of the autumn session;
* **missing / extra**: symbols the report lists and the package lacks, and the reverse (from the
  2017 report on; the earlier reports state how many votes there were but list only the
  important ones, so for 2013-2016 the audit compares numbers: the report's stated count against
  the package's roll calls of that session in that year);
* **duplicates**: symbols the package holds more than once among the year's final votes;
* **important**: the report's important recorded votes against the package's ``important`` flags;
* **coincidence**: the package's coincidence with the United States (by the report's own
  definition) against the published figure for every state the report lists: mean and largest
  absolute difference in percentage points, and how many states the printed percentage
  itself does not follow from the printed counts (2021: 108 of 192).
* **sources**: where the package's roll calls of the year come from, and how many the UN's own
  datasets (a fetched UN Digital Library file) hold that the report lists.

Everything is computed from the processed tables; nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from analysis.measures.coincidence import coincidence, published_share

REFERENCE = "USA"
FIRST_CALENDAR_REPORT = 2017  # from this report on, the calendar year's final votes (before: the autumn session)


@dataclass
class YearAudit:
    """The audit of one report year (see the module docstring); counts of votes, not of symbols' parts."""

    year: int
    definition: str
    basis: str  # "pdf" or "transcription (secondary: no PDF)"
    stated_votes: int | None  # the number of votes the report says it counted (None: not stated/parsed)
    listed_votes: int | None  # the number of symbols in the report's list of votes (None: no list)
    package_votes: int  # the package's roll calls in the report's scope
    missing: list[str] = field(default_factory=list)  # listed by the report, not in the package
    extra: list[str] = field(default_factory=list)  # in the package's scope, not listed by the report
    duplicates: list[str] = field(default_factory=list)  # symbols with more than one final roll call
    important_listed: list[str] = field(default_factory=list)
    important_unflagged: list[str] = field(default_factory=list)  # listed important, not flagged in the package
    important_flagged_extra: list[str] = field(default_factory=list)  # flagged, not listed
    n_states: int = 0
    mean_abs_diff_pp: float | None = None
    max_abs_diff_pp: float | None = None
    max_diff_state: str | None = None
    within_1pp: int = 0
    printed_not_from_counts: int = 0  # states whose printed % differs by ≥ 1 point from the % of their printed counts
    sources: dict[str, int] = field(default_factory=dict)
    in_un_datasets: int | None = None  # of the report's missing symbols, how many a fetched UN dataset holds

    @property
    def n_missing(self) -> int:
        """Votes missing: listed symbols the package lacks, or (no list) the stated count minus the package's."""
        if self.listed_votes is not None:
            return len(self.missing)
        return max((self.stated_votes or 0) - self.package_votes, 0)

    def lines(self) -> list[str]:
        """The audit as text lines for the command line."""
        head = f"GA {self.year} (report: {self.basis}, definition {self.definition})"
        scope = ("final votes of the calendar year" if self.year >= FIRST_CALENDAR_REPORT
                 else f"recorded votes of the autumn session ({self.year - 1945}th)")
        out = [head, f"  scope: {scope}; package {self.package_votes}, report states "
                     f"{self.stated_votes if self.stated_votes is not None else 'no number'}, lists "
                     f"{self.listed_votes if self.listed_votes is not None else 'no list'}"]
        src = ", ".join(f"{k} {v}" for k, v in sorted(self.sources.items()))
        out.append(f"  package sources: {src or 'none'}")
        if self.listed_votes is not None:
            out.append(f"  missing (listed by the report, not in the package): {len(self.missing)}"
                       + (f": {', '.join(self.missing)}" if self.missing else ""))
            out.append(f"  extra (in the package, not listed by the report): {len(self.extra)}"
                       + (f": {', '.join(self.extra)}" if self.extra else ""))
            if self.in_un_datasets is not None:
                out.append(f"  of the missing, held by a fetched UN Digital Library dataset: {self.in_un_datasets}")
        else:
            out.append(f"  missing: {self.n_missing} (the report counts {self.stated_votes}, the package holds "
                       f"{self.package_votes}; the report does not list its votes)")
        out.append(f"  duplicates: {len(self.duplicates)}" + (f": {', '.join(self.duplicates)}" if self.duplicates
                                                               else ""))
        out.append(f"  important votes: report {len(self.important_listed)}; not flagged in the package "
                   f"{len(self.important_unflagged)}" + (f" ({', '.join(self.important_unflagged)})"
                                                         if self.important_unflagged else "")
                   + f"; flagged but not listed {len(self.important_flagged_extra)}"
                   + (f" ({', '.join(self.important_flagged_extra)})" if self.important_flagged_extra else ""))
        if self.mean_abs_diff_pp is not None:
            out.append(f"  coincidence with the US, package vs published, {self.n_states} states: mean |diff| "
                       f"{self.mean_abs_diff_pp:.1f} points, largest {self.max_abs_diff_pp:.1f} "
                       f"({self.max_diff_state}), {self.within_1pp} within 1 point")
        if self.printed_not_from_counts:
            out.append(f"  the report's printed percentage does not follow from its own counts for "
                       f"{self.printed_not_from_counts} states (±1 point)")
        explain = self.explanation()
        if explain:
            out.append(f"  known: {explain}")
        return out

    def explanation(self) -> str:
        """Why the package and the report differ this year, where known."""
        parts = []
        if self.n_missing:
            parts.append(f"{self.n_missing} of the report's votes are not in the package's sources")
        if self.listed_votes is not None and self.stated_votes and self.listed_votes < self.stated_votes:
            parts.append(f"the report says it counted {self.stated_votes} votes but lists {self.listed_votes}")
        if self.printed_not_from_counts:
            parts.append("the report's percentages do not all follow from its counts")
        if self.basis.startswith("transcription"):
            parts.append("no PDF: the published figures are a third party's transcription")
        return "; ".join(parts)


def scope(roll_calls: pl.DataFrame, year: int) -> pl.DataFrame:
    """The package's GA roll calls that the report for ``year`` counts (module docstring)."""
    rc = roll_calls.filter((pl.col("body") == "GA") & (pl.col("year") == year))
    if year < FIRST_CALENDAR_REPORT:
        return rc.filter(pl.col("session") == year - 1945)
    final = ~(pl.col("amend").fill_null(False) | pl.col("para").fill_null(False)
              | pl.col("doc_type").is_in(["motion", "amendment", "paragraph"]).fill_null(False))
    return rc.filter(final)


def _base(symbol: pl.Expr) -> pl.Expr:
    """A symbol without a part suffix ("A/RES/75/254 A-C" -> "A/RES/75/254"), upper case, no spaces."""
    return symbol.str.to_uppercase().str.replace(r"\s*(\[?[A-C](-[A-C])?\]?)$", "").str.replace_all(r"\s+", "")


def audit_year(year: int, roll_calls: pl.DataFrame, votes: pl.DataFrame, listed: pl.DataFrame,
               published: pl.DataFrame, stated: int | None = None, with_coincidence: bool = True) -> YearAudit:
    """Audit one report year; takes the processed ``roll_calls``, ``votes``, ``statedept_votes`` and
    ``statedept_coincidence`` frames and the number of votes the report states (``statedept_layout``).
    ``with_coincidence=False`` leaves out the comparison of coincidences (the slow part)."""
    pub = published.filter(pl.col("year") == year)
    definition = pub["definition"][0] if pub.height else ("statedept-2016" if year < 2017 else "statedept-2017")
    basis = pub["basis"][0] if pub.height else "no report"
    in_scope = scope(roll_calls, year)
    rep = listed.filter(pl.col("year") == year)
    counted = rep.filter(pl.col("list") == "counted")
    package_symbols = set(in_scope.select(_base(pl.col("symbol")))["symbol"].drop_nulls().to_list())
    result = YearAudit(year, definition, basis, stated, counted.height or None, in_scope.height)
    result.sources = dict(in_scope.group_by("source").len().iter_rows())
    if counted.height:
        listed_symbols = counted["symbol"].to_list()
        result.missing = sorted(s for s in listed_symbols if s not in package_symbols)
        result.extra = sorted(package_symbols - set(listed_symbols))
        fetched = roll_calls.filter((pl.col("body") == "GA") & pl.col("source").is_in(["undl", "undl-csv"]))
        fetched_symbols = set(fetched.select(_base(pl.col("symbol")))["symbol"].drop_nulls().to_list())
        result.in_un_datasets = len(set(result.missing) & fetched_symbols) if fetched.height else None
    finals = scope(roll_calls, year) if year >= FIRST_CALENDAR_REPORT else in_scope.filter(
        ~(pl.col("amend").fill_null(False) | pl.col("para").fill_null(False)))
    dup = finals.filter(pl.col("symbol").is_not_null() & pl.col("symbol").is_duplicated())
    result.duplicates = sorted(set(dup["symbol"].to_list()))
    important = rep.filter(pl.col("list") == "important")["symbol"].to_list()
    flagged = set(in_scope.filter(pl.col("important").fill_null(False)).select(_base(pl.col("symbol")))["symbol"]
                  .to_list())
    result.important_listed = sorted(important)
    result.important_unflagged = sorted(s for s in important if s not in flagged)
    result.important_flagged_extra = sorted(flagged - set(important)) if important else []
    if pub.height and with_coincidence:
        ours = coincidence(votes, roll_calls, definition, REFERENCE, start_year=year, end_year=year)
        both = pub.join(ours.select("iso3", pl.col("coincidence").alias("ours")), on="iso3", how="inner")
        both = both.filter(pl.col("published_pct").is_not_null() & pl.col("ours").is_not_nan())
        diff = (both["ours"] * 100 - both["published_pct"]).abs()
        if both.height:
            k = int(diff.arg_max())
            result.n_states = both.height
            result.mean_abs_diff_pp = float(diff.mean())
            result.max_abs_diff_pp = float(diff[k])
            result.max_diff_state = both["iso3"][k]
            result.within_1pp = int((diff < 1).sum())
        from_counts = pub.with_columns(published_share(pl.col("same"), pl.col("opposite"), pl.col("abstain_or_partial"),
                                                       pl.col("absent"), definition).alias("_c"))
        off = from_counts.filter(((pl.col("_c") * 100 - pl.col("published_pct")).abs() >= 1).fill_null(False))
        result.printed_not_from_counts = off.height
    return result


def audit(roll_calls: pl.DataFrame, votes: pl.DataFrame, listed: pl.DataFrame, published: pl.DataFrame,
          years: list[int] | None = None, stated: dict[int, int | None] | None = None) -> list[YearAudit]:
    """Audit every report year (or ``years``); ``stated``: the votes each report says it counted."""
    stated = stated or {}
    years = years or sorted(set(published["year"].to_list()))
    return [audit_year(y, roll_calls, votes, listed, published, stated.get(y)) for y in years]


def known_gap_lines(audits: list[YearAudit]) -> list[str]:
    """One line per year whose GA record misses votes the State Department counted (docs/explanation/limits.md,
    report header)."""
    lines = []
    for a in audits:
        if a.n_missing == 0:
            continue
        if a.listed_votes is not None:
            shown = ", ".join(a.missing[:5]) + (", …" if len(a.missing) > 5 else "")
            lines.append(f"{a.year}: {a.n_missing} of the {a.listed_votes} votes the State Department's report lists "
                         f"are not in the package ({shown})")
        else:
            lines.append(f"{a.year}: the package holds {a.package_votes} of the {a.stated_votes} recorded votes of the "
                         f"autumn session that the State Department's report counts")
    return lines


def known_gaps(roll_calls: pl.DataFrame, listed: pl.DataFrame, published: pl.DataFrame, stated: dict[int, int | None],
               start_year: int | None = None, end_year: int | None = None) -> list[str]:
    """The known-gap lines (``known_gap_lines``) of the report years in ``start_year``..``end_year``: for a report
    page's header. Takes the processed ``roll_calls``, ``statedept_votes``, ``statedept_coincidence`` and the votes
    each report states (``analysis.sources.statedept_layout.LAYOUTS[y].stated_votes``); fast (no coincidence)."""
    years = [y for y in sorted(set(published["year"].to_list()))
             if (start_year is None or y >= start_year) and (end_year is None or y <= end_year)]
    empty = pl.DataFrame(schema={"body": pl.String, "rcid": pl.Int32, "iso3": pl.String, "vote": pl.String})
    return known_gap_lines([audit_year(y, roll_calls, empty, listed, published, stated.get(y), False)
                            for y in years])
