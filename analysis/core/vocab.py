"""The package's vocabulary: bodies, vote values, issues, outcomes and UN regional groups.

Plain Python, no polars: the command line reads it to build ``--help`` without loading any
data library. ``analysis.schemas`` builds the tables' dtypes from it.
"""

from __future__ import annotations

BODIES: tuple[str, ...] = ("GA", "HRC", "CHR")
#: Bodies whose records list every member at every recorded vote (absent included): a state with
#: no row for such a roll call was not a member when it was taken (``memberships`` holds who sat).
LISTING_BODIES: tuple[str, ...] = ("HRC", "CHR")
BODY_NAMES: dict[str, str] = {
    "GA": "General Assembly",
    "HRC": "Human Rights Council",
    "CHR": "Commission on Human Rights",
}
#: Outcome of a roll call ("not adopted" is the UN's word for a rejected draft or amendment).
OUTCOMES: tuple[str, ...] = ("adopted", "not adopted", "vetoed")
#: UN regional groups as the OHCHR records name them.
UN_GROUPS: dict[str, str] = {
    "AFRICAN": "African States",
    "ASIA_PACIFIC": "Asia-Pacific States",
    "EEG": "Eastern European States",
    "GRULAC": "Latin American and Caribbean States",
    "WEOG": "Western European and other States",
}
VOTE_VALUES: tuple[str, ...] = ("yes", "abstain", "no", "absent", "not_member")
#: Vote values that are actual votes (codes 1, 2, 3 in Voeten's scheme).
CAST_VOTES: tuple[str, ...] = ("yes", "abstain", "no")
ISSUES: tuple[str, ...] = ("me", "nu", "di", "hr", "co", "ec")
ISSUE_NAMES: dict[str, str] = {
    "me": "Palestinian conflict / Middle East",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
