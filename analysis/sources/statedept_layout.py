"""Where each US State Department "Voting Practices in the United Nations" report keeps its tables.

The reports (``data/raw/statedept-voting-practices/*.pdf``) change their layout almost every
year, so the pages of the three things the package reads are written down here, one
``ReportLayout`` per report year, read off the PDFs themselves (page numbers are the PDF's own,
1-based, not the printed folios):

* ``overall``: the table of every member state's voting coincidence with the United States on
  all recorded plenary votes (same, opposite, abstain or partial, absent, percentage), with the
  order of its four count columns as printed (2020 and 2021 print Partial before Opposite);
* ``listed``: the list of the votes counted (only from the 2017 report on; the 2013-2016 reports
  state how many plenary votes there were but do not list them);
* ``important``: the list of the "important votes" (Public Law 101-246: "votes on issues which
  directly affected important United States interests and on which the United States lobbied
  extensively"), the recorded ones only.

A section can start or end inside a page: ``*_start`` / ``*_end`` are the words that open or close
it (the text before the start and from the end on is not read). ``corrections`` are misprinted
symbols in a report, with the symbol meant and how we know.

The definition a report's percentages follow (``definition``) is the report's own:

* up to the 2016 report (``statedept-2016``): "Voting coincidence percentages are derived by
  dividing the number of identical votes by the total of identical plus opposite votes, the same
  method used in all previous editions of this report" (2013 report, p. 18), over the autumn
  session's recorded plenary votes on which the United States voted yes or no, paragraph votes
  included;
* from the 2017 report (``statedept-2017``): "adding one (1) point for every 'same' vote, zero (0)
  points for every 'opposite' vote, and a half (½) point for every 'partial' vote. The total
  number of points is then divided by the total number of votes excluding absences" (2017 report,
  p. 7), over the final plenary votes of the calendar year;
* from the 2021 report (``statedept-2021``): "this report now gives non-votes the same value as
  abstentions" (2021 report, p. 8): an absence scores a half point like a partial vote and counts
  in the denominator ("'Absent' ... Each absent vote is calculated as a half point (0.5)", 2022
  report, p. 14).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The count columns of an overall table, in the package's order.
COUNTS: tuple[str, ...] = ("same", "opposite", "abstain_or_partial", "absent")
_CLASSIC = ("same", "opposite", "abstain_or_partial", "absent")
_PARTIAL_FIRST = ("same", "abstain_or_partial", "opposite", "absent")


@dataclass(frozen=True)
class ReportLayout:
    """The pages of one report's tables (see the module docstring)."""

    year: int
    file: str  # under data/raw/statedept-voting-practices/
    definition: str  # statedept-2016 | statedept-2017 | statedept-2021
    overall: tuple[int, int]
    columns: tuple[str, ...] = _CLASSIC
    stated_votes: int | None = None  # the number of recorded plenary votes the report says it counted
    listed: tuple[int, int] | None = None
    listed_start: str | None = None
    listed_end: str | None = None
    important: tuple[int, int] | None = None
    important_start: str | None = None
    important_end: str | None = None
    stated_important: int | None = None  # the number of important recorded votes the report states
    corrections: dict[str, tuple[str, str]] = field(default_factory=dict)  # printed -> (meant, why)

    def pages(self) -> set[int]:
        """Every page a table or list of this report is on (the pages ``analysis.sources.statedept`` reads)."""
        spans = [s for s in (self.overall, self.listed, self.important) if s is not None]
        return {p for a, b in spans for p in range(a, b + 1)}


LAYOUTS: dict[int, ReportLayout] = {layout.year: layout for layout in (
    ReportLayout(2013, "Voting-Practices-in-the-United-Nations-2013.pdf", "statedept-2016", overall=(19, 22),
                 stated_votes=90, important=(23, 25), important_start="IMPORTANT VOTES \n",
                 important_end="IMPORTANT CONSENSUS ACTIONS", stated_important=11),
    ReportLayout(2014, "Voting-Practices-in-the-United-Nations-2014.pdf", "statedept-2016", overall=(23, 27),
                 stated_votes=98, important=(28, 31), important_start="IMPORTANT VOTES \n",
                 important_end="IMPORTANT CONSENSUS ACTIONS", stated_important=13,
                 corrections={"A/RES/227": ("A/RES/69/227", "printed without its session; the 69th session's "
                                                            "resolution 227, adopted on 19 December 2014")}),
    ReportLayout(2015, "Voting-Practices-in-the-United-Nations-2015.pdf", "statedept-2016", overall=(31, 35),
                 stated_votes=90, important=(36, 39), important_start="IMPORTANT VOTES \n",
                 important_end="IMPORTANT CONSENSUS ACTIONS", stated_important=13),
    ReportLayout(2016, "Voting-Practices-in-the-United-Nations-2016.pdf", "statedept-2016", overall=(30, 35),
                 stated_votes=112, important=(36, 39), important_start="IMPORTANT VOTES \n",
                 important_end="IMPORTANT CONSENSUS ACTIONS", stated_important=13),
    ReportLayout(2017, "Voting-Practices-in-the-United-Nations-2017.pdf", "statedept-2017", overall=(7, 12),
                 stated_votes=93, listed=(13, 18), listed_start="WITH A VOTE", listed_end="WITHOUT A VOTE",
                 important=(37, 40), important_start="IMPORTANT CONTESTED RESOLUTIONS",
                 important_end="TABLE SHOWING COMPARISON", stated_important=17),
    ReportLayout(2019, "Voting-Practices-in-the-United-Nations-2019.pdf", "statedept-2017", overall=(42, 47),
                 stated_votes=100, listed=(24, 41), listed_start="LISTING OF ALL ACTIONS",
                 listed_end="III. B", important=(50, 53), important_start="ADOPTED WITH A VOTE",
                 important_end="IV. B", stated_important=30),
    ReportLayout(2020, "Voting-Practices-in-the-United-Nations-2020.pdf", "statedept-2017", overall=(33, 38),
                 columns=_PARTIAL_FIRST, stated_votes=100, listed=(28, 32), listed_start="LISTING OF ALL ACTIONS",
                 listed_end="III. B", important=(41, 44), important_start="ADOPTED WITH A VOTE",
                 important_end="IV. B",
                 corrections={"A/RES/75/89": ("A/RES/75/86", "the title printed beside it, 'Strengthening of "
                                                             "security and cooperation in the Mediterranean region', "
                                                             "is A/RES/75/86's (DGACM, 7 December 2020)")}),
    ReportLayout(2021, "Report-Voting-Practices-in-the-United-Nations-2021.pdf", "statedept-2021", overall=(33, 38),
                 columns=_PARTIAL_FIRST, stated_votes=86, listed=(27, 31), listed_start="LISTING OF ALL ACTIONS",
                 listed_end="III. B", important=(41, 43), important_start="ADOPTED WITH A VOTE",
                 important_end="IV. B",
                 corrections={"A/RES/7/54": ("A/RES/76/54", "printed without the 6 of session 76, between "
                                                             "A/RES/76/56 and A/RES/76/53 in the list")}),
    ReportLayout(2022, "Report-Voting-Practices-of-UN-Members-2022.pdf", "statedept-2021", overall=(46, 56),
                 stated_votes=89, listed=(39, 45), listed_start="LISTING OF ALL", listed_end="VOTING COINCIDENCE",
                 important=(61, 63), important_start="ADOPTED WITH A VOTE",
                 important_end="VOTING COINCIDENCE", stated_important=21),
    ReportLayout(2023, "Voting-Practices-of-UN-Members_2023-Report.pdf", "statedept-2021", overall=(54, 64),
                 stated_votes=88, listed=(46, 53), listed_start="LISTING OF ALL", listed_end="VOTING COINCIDENCE",
                 important=(69, 71), important_start="ADOPTED WITH A VOTE",
                 important_end="VOTING COINCIDENCE", stated_important=18),
)}

#: The report years whose PDF is missing: the transcription is the only copy (secondary).
TRANSCRIPTION_ONLY: dict[int, str] = {2018: "statedept-2017"}
