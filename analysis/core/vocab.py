"""The package's vocabulary: bodies, vote values, issues, outcomes and UN regional groups.

Plain Python, no polars: the command line reads it to build ``--help`` without loading any
data library. ``analysis.schemas`` builds the tables' dtypes from it.
"""

from __future__ import annotations

BODIES: tuple[str, ...] = ("GA", "HRC", "CHR", "SC")
#: Bodies whose records list every member at every recorded vote (absent included): a state with
#: no row for such a roll call was not a member when it was taken (``memberships`` holds who sat).
LISTING_BODIES: tuple[str, ...] = ("HRC", "CHR", "SC")
BODY_NAMES: dict[str, str] = {
    "GA": "General Assembly",
    "HRC": "Human Rights Council",
    "CHR": "Commission on Human Rights",
    "SC": "Security Council",
}
#: The Security Council's permanent members (UN Charter, Art. 23) as ISO3, with the seat's holder
#: over time. The package codes the Soviet Union as RUS (``analysis.core.countries``), so RUS holds
#: the seat throughout; the Republic of China (TWN) held China's seat until 25 October 1971
#: (GA resolution 2758), the People's Republic (CHN) since.
SC_PERMANENT: tuple[str, ...] = ("CHN", "FRA", "GBR", "RUS", "USA")
SC_PERMANENT_FORMER: dict[str, str] = {"TWN": "1971-10-25"}  # iso3 -> last day holding a permanent seat
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
