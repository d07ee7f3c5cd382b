"""The drafter's word lists: what a news story calls states, bodies, votes and groups.

State *names* come from the package's own country table and ``analysis.core.countries``
(every spelling countrycode and the project know). What no name table holds is listed
here, small and tested (``tests/test_draft_unit.py``):

- :data:`DEMONYMS`: adjectives and demonyms ("Pakistani", "Iranian") -> ISO3;
- :data:`CAPITALS`: capitals used for their governments ("Tehran's stance") -> ISO3;
- :data:`EXTRA_NAMES`: spellings stories use that no name table has ("DPRK");
- :data:`GROUP_ADJECTIVES`: "Asian", "African" ... -> UN regional group;
- :data:`BODY_PHRASES`: "UNHRC", "the Human Rights Council", "Geneva forum" ... -> body;
- the vote vocabulary (:data:`VOTE_WORDS`, :data:`ROLE_WORDS`) and the words that mark
  an outcome, a sponsor, a session's end, a trade figure.

Vague references are deliberately absent: "the island nation", "Western nations",
"several African nations" name no state.
"""

from __future__ import annotations

#: Adjectives and demonyms (singular and plural) -> ISO3. Only unambiguous words.
DEMONYMS: dict[str, str] = {
    "afghan": "AFG", "afghans": "AFG", "albanian": "ALB", "algerian": "DZA", "american": "USA", "americans": "USA",
    "argentine": "ARG", "argentinian": "ARG", "armenian": "ARM", "australian": "AUS", "austrian": "AUT",
    "azerbaijani": "AZE", "bahraini": "BHR", "bangladeshi": "BGD", "belarusian": "BLR", "belgian": "BEL",
    "bolivian": "BOL", "brazilian": "BRA", "british": "GBR", "burmese": "MMR", "cambodian": "KHM",
    "cameroonian": "CMR", "canadian": "CAN", "chilean": "CHL", "chinese": "CHN", "colombian": "COL",
    "cuban": "CUB", "cubans": "CUB", "czech": "CZE", "danish": "DNK", "dutch": "NLD", "egyptian": "EGY",
    "eritrean": "ERI", "ethiopian": "ETH", "emirati": "ARE", "finnish": "FIN", "french": "FRA", "georgian": "GEO",
    "german": "DEU", "ghanaian": "GHA", "greek": "GRC", "hungarian": "HUN", "indian": "IND", "indonesian": "IDN",
    "iranian": "IRN", "iranians": "IRN", "iraqi": "IRQ", "irish": "IRL", "israeli": "ISR", "israelis": "ISR",
    "italian": "ITA", "japanese": "JPN", "jordanian": "JOR", "kazakh": "KAZ", "kenyan": "KEN", "kuwaiti": "KWT",
    "lebanese": "LBN", "libyan": "LBY", "lithuanian": "LTU", "malaysian": "MYS", "mexican": "MEX",
    "moroccan": "MAR", "namibian": "NAM", "nepalese": "NPL", "nicaraguan": "NIC", "nigerian": "NGA",
    "north korean": "PRK", "norwegian": "NOR", "omani": "OMN", "pakistani": "PAK", "pakistanis": "PAK",
    "palestinian": "PSE", "paraguayan": "PRY", "peruvian": "PER", "philippine": "PHL", "filipino": "PHL",
    "polish": "POL", "portuguese": "PRT", "qatari": "QAT", "russian": "RUS", "russians": "RUS", "rwandan": "RWA",
    "saudi": "SAU", "senegalese": "SEN", "serbian": "SRB", "singaporean": "SGP", "somali": "SOM",
    "south african": "ZAF", "south korean": "KOR", "spanish": "ESP", "sri lankan": "LKA", "sudanese": "SDN",
    "swedish": "SWE", "swiss": "CHE", "syrian": "SYR", "taiwanese": "TWN", "tajik": "TJK", "thai": "THA",
    "tunisian": "TUN", "turkish": "TUR", "turkmen": "TKM", "ugandan": "UGA", "ukrainian": "UKR",
    "ukrainians": "UKR", "uzbek": "UZB", "venezuelan": "VEN", "vietnamese": "VNM", "yemeni": "YEM",
    "zimbabwean": "ZWE",
}

#: Capitals that stories use for their governments ("aligning with Tehran's stance"). Not Geneva or New York.
CAPITALS: dict[str, str] = {
    "tehran": "IRN", "islamabad": "PAK", "moscow": "RUS", "beijing": "CHN", "washington": "USA", "kyiv": "UKR",
    "kiev": "UKR", "new delhi": "IND", "colombo": "LKA", "havana": "CUB", "minsk": "BLR", "damascus": "SYR",
    "pyongyang": "PRK", "managua": "NIC", "caracas": "VEN", "riyadh": "SAU", "ankara": "TUR", "kabul": "AFG",
    "asmara": "ERI", "tokyo": "JPN", "seoul": "KOR", "london": "GBR", "paris": "FRA", "berlin": "DEU",
}

#: Spellings of states in stories that no name table holds (lower case) -> ISO3.
EXTRA_NAMES: dict[str, str] = {
    "dprk": "PRK", "the dprk": "PRK", "uk of great britain & northern ireland": "GBR", "czechia": "CZE",
    "the gambia": "GMB", "republic korea": "KOR", "u.s": "USA", "u.k.": "GBR", "the philippines": "PHL",
}

#: Adjectives of UN regional groups ("18 Asian states") -> the group's code in analysis.core.vocab.UN_GROUPS.
GROUP_ADJECTIVES: dict[str, str] = {
    "asian": "ASIA_PACIFIC", "asia-pacific": "ASIA_PACIFIC", "african": "AFRICAN", "latin american": "GRULAC",
    "eastern european": "EEG", "western european": "WEOG",
}

#: Phrases that name a UN body -> its code. "COUNCIL" / "ASSEMBLY" are resolved from the story's context.
BODY_PHRASES: dict[str, str] = {
    "human rights council": "HRC", "un human rights council": "HRC", "unhrc": "HRC", "hrc": "HRC",
    "united nations human rights council": "HRC", "geneva forum": "HRC", "geneva forums": "HRC",
    "un rights council": "HRC", "rights council": "HRC", "hr council": "HRC",
    "general assembly": "GA", "un general assembly": "GA", "united nations general assembly": "GA", "unga": "GA",
    "u.n. general assembly": "GA", "world body": "GA",
    "security council": "SC", "un security council": "SC", "unsc": "SC", "u.n. security council": "SC",
    "commission on human rights": "CHR", "human rights commission": "CHR",
    "council": "COUNCIL", "assembly": "ASSEMBLY",
}

#: Words before "Council" that make it another council (OIC, European, Security ... handled apart).
OTHER_COUNCILS: frozenset[str] = frozenset({
    "oic", "european", "gulf", "national", "state", "city", "arab", "nordic", "atlantic", "privy", "legislative",
    "municipal", "executive", "economic", "cooperation", "ministerial", "sovereignty", "transitional", "islamic",
})

#: Vote phrases (lower case, as token sequences) -> the vote they report.
VOTE_WORDS: dict[str, str] = {
    "voted against": "no", "voting against": "no", "vote against": "no", "votes against": "no", "voted no": "no",
    "opposed": "no", "opposing": "no", "opposes": "no", "rejected": "no", "rejecting": "no", "rejects": "no",
    "form a blocking minority": "no", "formed a blocking minority": "no", "blocking minority": "no",
    "voted in favour of": "yes", "voted in favor of": "yes", "voting in favour of": "yes", "voting in favor of": "yes",
    "voted in favour": "yes", "voted in favor": "yes", "voted for": "yes", "voting for": "yes", "voted yes": "yes",
    "backed": "yes", "backing": "yes", "endorsed": "yes",
    "abstained": "abstain", "abstaining": "abstain", "abstain": "abstain", "abstains": "abstain",
}

#: Verbs of siding with a state ("supported Iran against a resolution" = a no vote on a resolution naming Iran).
SIDING_WORDS: tuple[str, ...] = ("supported", "supporting", "sided with", "siding with", "stood with", "backed")

#: Words after a number that give its role in a tally ("25 in favour", "13 against", "5 abstentions").
ROLE_WORDS: dict[str, str] = {
    "favour": "yes", "favor": "yes",
    "against": "no", "opposed": "no", "opposing": "no",
    "abstentions": "abstain", "abstention": "abstain", "abstained": "abstain", "abstaining": "abstain",
    "abstain": "abstain",
}

#: Nouns for the text voted on (a story's "the resolution", "the measure", "the Iran measure").
RESOLUTION_NOUNS: frozenset[str] = frozenset({
    "resolution", "resolutions", "measure", "measures", "text", "draft", "motion", "proposal",
})

#: Words after a resolution noun (or a vote) that introduce the state it is about.
TARGET_LINKS: frozenset[str] = frozenset({
    "on", "of", "against", "condemning", "criticising", "criticizing", "critical", "targeting", "concerning",
    "about", "naming", "censuring", "urging", "calling",
})

#: Outcome verbs -> the ``outcome`` of a tally claim.
OUTCOME_WORDS: dict[str, str] = {
    "adopted": "adopted", "passed": "adopted", "approved": "adopted", "carried": "adopted",
    "vetoed": "vetoed", "failed": "not adopted", "defeated": "not adopted",
}

#: Verbs that end a session ("The session concluded on 22 January").
SESSION_END_WORDS: frozenset[str] = frozenset({"concluded", "ended", "closed", "wrapped"})

#: Phrases naming who tabled a text: sponsors are not in the data.
SPONSOR_WORDS: tuple[str, ...] = ("introduced by", "tabled by", "sponsored by", "put forward by", "presented by",
                                  "drafted by", "co-sponsored by")

#: Phrases saying a state did not vote: the check has no kind for that.
ABSENT_WORDS: tuple[str, ...] = ("did not vote", "didn't vote", "not voting", "did not take part", "was absent",
                                 "were absent")

#: Words that make a money figure about trade.
TRADE_WORDS: frozenset[str] = frozenset({"trade", "exports", "imports", "export", "import"})
#: Words that make a trade figure about part of the trade only (no data by crossing, sector or contract).
PART_OF_TRADE_WORDS: frozenset[str] = frozenset({
    "border", "posts", "post", "crossing", "crossings", "contracts", "contract", "barter", "deals", "deal",
    "investment", "investments", "pipeline", "project", "sector", "energy", "oil", "gas", "agriculture",
})

#: Scale words after an amount -> multiplier ("$2.5 billion", "US$ 3 bn").
SCALES: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
    "bln": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "lakh": 1e5,
}
#: Currencies read as US dollars (price-parser's currency text, upper case, spaces removed).
US_DOLLARS: frozenset[str] = frozenset({"$", "US$", "USD", "US", "U.S.$", "DOLLARS", "DOLLAR"})

MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                           "october", "november", "december")
MONTH_ABBREVIATIONS: tuple[str, ...] = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                                        "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.",
                                        "sept.", "oct.", "nov.", "dec.")
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Words that put a figure in the present ("trade currently at $2.5 billion annually").
CURRENT_WORDS: tuple[str, ...] = ("currently", "current", "now", "annually", "a year", "per year", "yearly",
                                  "per annum", "each year")
#: Words that make a group of states vague ("several African nations"): not a number the check can use.
VAGUE_WORDS: tuple[str, ...] = ("several", "some", "many", "a number of", "other", "various", "most", "few")

#: Relative time words a story uses -> how many years back from the publication year.
RELATIVE_YEARS: dict[str, int] = {"last year": 1, "this year": 0, "a year ago": 1, "previous year": 1}
