"""The claims file format: TOML validated by pydantic models, one per claim kind.

A claims file (``docs/reference/claims-format.md``) has an optional ``[source]`` table and one
``[[claim]]`` table per claim. Each claim is validated by the model of its ``kind``
(pydantic, a discriminated union on ``kind``): required fields, defaults, allowed values,
types (strict: ``true`` is not a number, ``"2020"`` is not a year) and the rules that join
fields (``from`` before ``to``, ``a`` and ``b`` different states, ...). Country names are
resolved to ISO3 codes with ``analysis.core.countries.resolve`` against the data's
countries table, passed as validation context.

Every problem becomes one :class:`ClaimFormatError` naming the file, the claim's id and the
field: ``claims.toml: claim 'hrc-2024': bad vote 'against'; choose from yes, abstain, no``.
The validated claims are handed to the checks as :class:`Claim` (id, kind, statement,
source, note and the kind's fields in ``params``, with ``from`` and ``to`` under those names).
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import polars as pl
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from analysis.core.errors import UserError
from analysis.core.vocab import BODIES, CAST_VOTES, ISSUES, LISTING_BODIES, OUTCOMES, UN_GROUPS

QUANTIFIERS: tuple[str, ...] = ("every", "at_least_once")
DOC_TYPES: tuple[str, ...] = ("resolution", "amendment", "paragraph", "motion", "decision")
DIRECTIONS_TRADE: tuple[str, ...] = ("total", "a_to_b", "b_to_a")
DIRECTIONS_CHANGE: tuple[str, ...] = ("rose", "fell")
COMMON_FIELDS: tuple[str, ...] = ("id", "kind", "statement", "source", "note", "quote", "quote_at")

#: The measures of ``analysis.measures.alignment.MEASURES`` an ``agreement_change`` claim may name: spelled
#: here, not imported, because that module loads numpy, which the claims check needs only for that kind
#: (tests/test_claims.py checks that the two agree).
MEASURES: tuple[str, ...] = ("agreement", "kappa", "pi", "s_score")


class ClaimFormatError(UserError, ValueError):
    """A claims file that cannot be read; the message names the file, the claim and the field."""


@dataclass(frozen=True)
class Claim:
    """One checkable claim, validated.

    ``id`` (unique in its file), ``kind`` (one of :data:`KINDS`), ``statement`` (the
    claim in the analyst's words), ``source`` (citation: the claim's own, else the
    file's ``[source] citation``), ``note`` (free text), ``quote`` (the article's exact
    words the claim rests on, optional) and ``quote_at`` (their character offset in the
    article's text, optional), and ``params``: the kind's fields with defaults filled in,
    countries as ISO3 codes, ``from`` / ``to`` stored under those names.
    """

    id: str
    kind: str
    statement: str
    params: dict[str, Any]
    source: str | None = None
    note: str | None = None
    quote: str | None = None
    quote_at: int | None = None

    def __getitem__(self, key: str) -> Any:
        return self.params[key]


# --------------------------------------------------------------------------- field types


def _choice(options: Sequence[str], name: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            raise ValueError(f"bad {name} {value!r}; choose from {', '.join(options)}")
        return str(value)

    return check


def _whole(low: int, high: int, name: str) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{name} must be a whole number in [{low}, {high}], got {value!r}")
        return value

    return check


def _number(low: float, high: float, name: str) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not low < value < high:
            raise ValueError(f"{name} must be a number in ({low:g}, {high:g}), got {value!r}")
        return float(value)

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value.strip()


def _quote(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"a quote must be the article's words (a non-empty string), got {value!r}")
    return value  # kept exactly: it is found in the article by its characters


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise ValueError(f"a date must be a TOML date such as 2026-01-23, got {value!r}")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"a date must be YYYY-MM-DD, got {value!r}") from None
    return value


def _country(value: Any, info: ValidationInfo) -> str:
    from analysis.core.countries import UnknownCountryError, resolve

    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"a country must be an ISO3 code or a name, got {value!r}")
    resolved = info.context.setdefault("resolved", {})  # the file's countries already resolved: text -> ISO3
    if value not in resolved:
        try:
            resolved[value] = resolve(value, info.context["countries"])
        except UnknownCountryError as exc:
            raise ValueError(str(exc)) from None
    return resolved[value]


def _countries(value: Any, info: ValidationInfo) -> list[str]:
    if not isinstance(value, list) or len(value) < 2:
        raise ValueError(f"members must be a list of at least two countries, got {value!r}")
    return [_country(v, info) for v in value]


# ``BeforeValidator`` over ``Any``: the checks above give the format's own messages and types.
Text = Annotated[Any, BeforeValidator(_text)]
Country = Annotated[Any, BeforeValidator(_country)]
Countries = Annotated[Any, BeforeValidator(_countries)]
Year = Annotated[Any, BeforeValidator(_whole(1945, 2100, "a year"))]
Vote = Annotated[Any, BeforeValidator(_choice(CAST_VOTES, "vote"))]
Body = Annotated[Any, BeforeValidator(_choice(BODIES, "body"))]
ListingBody = Annotated[Any, BeforeValidator(_choice(LISTING_BODIES, "body (membership is known for these bodies)"))]
DocType = Annotated[Any, BeforeValidator(_choice(DOC_TYPES, "doc_type"))]
Flag = Annotated[Any, BeforeValidator(_flag)]
Date = Annotated[Any, BeforeValidator(_date)]
Count = Annotated[Any, BeforeValidator(_whole(0, 999, "a count"))]


def _chosen(options: Sequence[str], name: str) -> Any:
    return Annotated[Any, BeforeValidator(_choice(options, name))]


# --------------------------------------------------------------------------- one model per kind


class _Claim(BaseModel):
    """Fields every claim has; ``from`` and ``to`` are Python keywords, hence the aliases."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    id: Text
    statement: Text
    source: Text | None = None
    note: Text | None = None
    quote: Annotated[Any, BeforeValidator(_quote)] | None = None
    quote_at: Annotated[Any, BeforeValidator(_whole(0, 10**9, "quote_at"))] | None = None

    def params(self) -> dict[str, Any]:
        """The kind's fields (``from_`` and ``to_`` under their TOML names)."""
        skip = set(COMMON_FIELDS)
        out = self.model_dump(exclude=skip)
        for key in ("from_", "to_"):
            if key in out:
                out[key.rstrip("_")] = out.pop(key)
        return out

    def _years_in_order(self) -> None:
        start, end = getattr(self, "from_", None), getattr(self, "to_", None)
        if (start is None) != (end is None):
            raise ValueError("give both 'from' and 'to'")
        if start is not None and start > end:
            raise ValueError(f"reversed years: from {start} to {end}")

    def _date_in_years(self) -> None:
        day, start, end = getattr(self, "date", None), getattr(self, "from_", None), getattr(self, "to_", None)
        if day is not None and start is not None and not start <= day.year <= end:
            raise ValueError(f"date {day} is not in the years {start}-{end}")

    def _two_states(self) -> None:
        a, b = getattr(self, "a", None), getattr(self, "b", None)
        if a is not None and a == b:
            raise ValueError(f"a and b are the same state ({a})")


class VotesOnNaming(_Claim):
    kind: Literal["votes_on_naming"]
    a: Country
    b: Country
    body: Body
    vote: Vote
    from_: Year | None = Field(None, alias="from")
    to_: Year | None = Field(None, alias="to")
    session: Annotated[Any, BeforeValidator(_whole(1, 999, "session"))] | None = None
    date: Date | None = None
    doc_type: DocType = "resolution"
    quantifier: _chosen(QUANTIFIERS, "quantifier") = "every"

    @model_validator(mode="after")
    def _rules(self) -> VotesOnNaming:
        if self.from_ is None and self.to_ is None and self.session is None and self.date is None:
            raise ValueError("votes_on_naming needs 'from' and 'to' (years), 'session' or 'date' (the day of the vote)")
        self._years_in_order()
        self._date_in_years()
        self._two_states()
        return self


class VoteOn(_Claim):
    kind: Literal["vote_on"]
    a: Country
    symbol: Text
    body: Body
    vote: Vote
    doc_type: DocType = "resolution"


class TradeAbout(_Claim):
    kind: Literal["trade_about"]
    a: Country
    b: Country
    year: Year
    value_usd: Annotated[Any, BeforeValidator(_number(0, math.inf, "value_usd"))]
    tolerance: Annotated[Any, BeforeValidator(_number(0, 1, "tolerance"))] = 0.25
    direction: _chosen(DIRECTIONS_TRADE, "direction") = "total"

    @model_validator(mode="after")
    def _rules(self) -> TradeAbout:
        self._two_states()
        return self


class AgreementChange(_Claim):
    kind: Literal["agreement_change"]
    a: Country
    b: Country
    body: Body
    from_: Year = Field(alias="from")
    to_: Year = Field(alias="to")
    direction: _chosen(DIRECTIONS_CHANGE, "direction")
    measure: _chosen(MEASURES, "measure") = "agreement"
    issue: _chosen(ISSUES, "issue") | None = None

    @model_validator(mode="after")
    def _rules(self) -> AgreementChange:
        self._years_in_order()
        self._two_states()
        return self


class ConsecutiveYears(_Claim):
    kind: Literal["consecutive_years"]
    a: Country
    b: Country
    body: Body
    vote: Vote
    years: Annotated[Any, BeforeValidator(_whole(1, 100, "years"))]
    ending: Year
    doc_type: DocType = "resolution"
    exact: Flag = False

    @model_validator(mode="after")
    def _rules(self) -> ConsecutiveYears:
        self._two_states()
        return self


class BlocVote(_Claim):
    kind: Literal["bloc_vote"]
    members: Countries
    b: Country
    body: Body
    vote: Vote
    from_: Year | None = Field(None, alias="from")
    to_: Year | None = Field(None, alias="to")
    date: Date | None = None
    symbol: Text | None = None
    doc_type: DocType = "resolution"

    @model_validator(mode="after")
    def _rules(self) -> BlocVote:
        if self.from_ is None and self.date is None and self.symbol is None:
            raise ValueError("bloc_vote needs 'from' and 'to' (years), 'date' (the day of the vote) or 'symbol'")
        self._years_in_order()
        self._date_in_years()
        if self.b in self.members:
            raise ValueError(f"b ({self.b}) is also among the members")
        return self


class Tally(_Claim):
    kind: Literal["tally"]
    body: Body
    yes: Count
    no: Count
    abstain: Count | None = None
    outcome: _chosen(OUTCOMES, "outcome") | None = None
    symbol: Text | None = None
    b: Country | None = None
    date: Date | None = None
    from_: Year | None = Field(None, alias="from")
    to_: Year | None = Field(None, alias="to")
    doc_type: DocType = "resolution"

    @model_validator(mode="after")
    def _rules(self) -> Tally:
        self._years_in_order()
        if self.symbol is None and self.date is None and self.from_ is None:
            raise ValueError("tally needs 'symbol', or 'date', or 'from' and 'to' (years) to find the vote")
        return self


class Member(_Claim):
    kind: Literal["member"]
    a: Country
    body: ListingBody
    year: Year | None = None
    from_: Year | None = Field(None, alias="from")
    to_: Year | None = Field(None, alias="to")
    member: Flag = True

    @model_validator(mode="after")
    def _rules(self) -> Member:
        if (self.year is None) == (self.from_ is None and self.to_ is None):
            raise ValueError("member needs either 'year' or 'from' and 'to'")
        self._years_in_order()
        return self

    def params(self) -> dict[str, Any]:
        out = super().params()
        if out["year"] is not None:
            out["from"] = out["to"] = out["year"]
        return out


class Composition(_Claim):
    kind: Literal["composition"]
    body: ListingBody
    year: Year
    count: Count
    group: _chosen(tuple(UN_GROUPS), "group") | None = None
    date: Date | None = None

    @model_validator(mode="after")
    def _rules(self) -> Composition:
        if self.date is not None and self.date.year != self.year:
            raise ValueError(f"date {self.date} is not in year {self.year}")
        return self


class SessionEnd(_Claim):
    kind: Literal["session_end"]
    body: Body
    date: Date
    session: Text | None = None
    b: Country | None = None
    from_: Year | None = Field(None, alias="from")
    to_: Year | None = Field(None, alias="to")

    @model_validator(mode="after")
    def _rules(self) -> SessionEnd:
        self._years_in_order()
        if self.session is None and (self.b is None or self.from_ is None):
            raise ValueError("session_end needs 'session' (e.g. \"S-39\"), or 'b' with 'from' and 'to' (the session "
                             "that voted on a resolution naming b in those years)")
        return self


MODELS: dict[str, type[_Claim]] = {
    "votes_on_naming": VotesOnNaming, "vote_on": VoteOn, "trade_about": TradeAbout,
    "agreement_change": AgreementChange, "consecutive_years": ConsecutiveYears, "bloc_vote": BlocVote,
    "tally": Tally, "member": Member, "composition": Composition, "session_end": SessionEnd,
}
#: Claim kinds, and for each the names of its fields (besides id, kind, statement, source, note).
KINDS: dict[str, tuple[str, ...]] = {
    kind: tuple(f.alias or name for name, f in model.model_fields.items() if name not in COMMON_FIELDS)
    for kind, model in MODELS.items()
}
ANY_CLAIM: TypeAdapter = TypeAdapter(Annotated[
    VotesOnNaming | VoteOn | TradeAbout | AgreementChange | ConsecutiveYears | BlocVote | Tally | Member
    | Composition | SessionEnd,
    Field(discriminator="kind"),
])


# --------------------------------------------------------------------------- errors, one line each


def _message(error: dict[str, Any], raw: dict[str, Any]) -> str:
    """One pydantic error in the format's words."""
    kind = raw.get("kind")
    loc = [str(x) for x in error["loc"] if x != kind]
    field = loc[0] if loc else None
    kind_fields = KINDS.get(str(kind), ())
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return f"unknown kind {kind!r}; choose from {', '.join(KINDS)}"
    if error["type"] == "missing":
        if field == "statement":
            return "missing field 'statement'"
        required = [f.alias or name for name, f in MODELS[kind].model_fields.items()
                    if f.is_required() and name not in ("id", "kind", "statement")]
        return f"missing field {field!r} (kind {kind} needs {', '.join(required)})"
    if error["type"] == "extra_forbidden":
        extra = sorted(k for k in raw if k not in kind_fields and k not in COMMON_FIELDS)
        return f"unknown field(s) {', '.join(extra)} for kind {kind} (allowed: {', '.join(kind_fields)})"
    text = error["msg"].removeprefix("Value error, ")
    return text if field is None else f"field {field!r}: {text}"


def _validate(raw: Any, index: int, path: Path, default_source: str | None, countries: pl.DataFrame,
              resolved: dict[str, str] | None = None) -> Claim:
    """Validate claim ``raw`` (the ``index``-th of ``path``) into a :class:`Claim`; ``resolved`` (text -> ISO3)
    keeps the countries already resolved in the file. Raises :class:`ClaimFormatError` naming the claim."""
    ident = raw.get("id") if isinstance(raw, dict) else None
    label = f"claim {ident!r}" if isinstance(ident, str) and ident else f"claim #{index} (no id)"

    def fail(problem: str) -> ClaimFormatError:
        return ClaimFormatError(f"{path}: {label}: {problem}")

    if not isinstance(raw, dict):
        raise fail("each [[claim]] must be a table")
    if not isinstance(ident, str) or not ident.strip():
        raise fail("missing field 'id' (a short unique name)")
    try:
        model = ANY_CLAIM.validate_python(raw, context={"countries": countries,
                                                        "resolved": {} if resolved is None else resolved})
    except ValidationError as exc:
        raise fail(_message(exc.errors(include_url=False)[0], raw)) from None
    return Claim(id=model.id, kind=model.kind, statement=model.statement, params=model.params(),
                 source=model.source if model.source is not None else default_source, note=model.note,
                 quote=model.quote, quote_at=model.quote_at)


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class ClaimsFile:
    """A parsed claims file: its path, the ``[source]`` citation and notes, the claims and the article.

    ``article`` is ``[source] article`` (the story's text file, e.g. recorded by ``python -m
    analysis draft``) resolved against the claims file's folder, or None.
    """

    path: Path
    citation: str | None
    notes: list[str]
    claims: list[Claim]
    article: Path | None = None


class _Source(BaseModel):
    """The optional ``[source]`` table."""

    model_config = ConfigDict(extra="forbid")

    citation: str | None = None
    url: str | None = None
    article: str | None = None
    date: dt.date | str | None = None
    notes: list[str] = []


def read_claims_file(path: str | Path, countries: pl.DataFrame | None = None) -> ClaimsFile:
    """Read and validate a claims file; return a :class:`ClaimsFile`.

    Takes the file's path and the ``countries`` table (default: the processed table) used to
    resolve country names. The file is UTF-8, with or without a byte-order mark. Raises
    :class:`ClaimFormatError` naming the file (and the claim's id and field) for an
    unreadable file, bad TOML, an unknown top-level key, an unknown kind or field, a missing
    field, a bad value, an unknown country or a repeated id.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ClaimFormatError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimFormatError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ClaimFormatError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"source", "claim"})
    if unknown:
        raise ClaimFormatError(f"{path}: unknown top-level key(s) {', '.join(unknown)} (allowed: [source], [[claim]])")
    if not isinstance(data.get("source", {}), dict):
        raise ClaimFormatError(f"{path}: [source] must be a table")
    try:
        source = _Source.model_validate(data.get("source", {}))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        if first["type"] == "extra_forbidden":
            bad = sorted(set(data["source"]) - set(_Source.model_fields))
            raise ClaimFormatError(f"{path}: unknown key(s) in [source]: {', '.join(bad)} (allowed: "
                                   f"{', '.join(_Source.model_fields)})") from None
        raise ClaimFormatError(f"{path}: [source] {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    raw_claims = data.get("claim", [])
    if not isinstance(raw_claims, list) or not raw_claims:
        raise ClaimFormatError(f"{path}: no [[claim]] tables")
    if countries is None:
        from analysis.core.tables import load

        countries = load("countries")
    claims: list[Claim] = []
    seen: set[str] = set()
    resolved: dict[str, str] = {}  # each country's text resolved once per file
    for index, raw in enumerate(raw_claims, start=1):
        claim = _validate(raw, index, path, source.citation, countries, resolved)
        if claim.id in seen:
            raise ClaimFormatError(f"{path}: claim {claim.id!r}: id used twice")
        seen.add(claim.id)
        claims.append(claim)
    article = (path.parent / source.article) if source.article else None
    return ClaimsFile(path=path, citation=source.citation, notes=list(source.notes), claims=claims, article=article)


def source_article(path: str | Path) -> Path | None:
    """Return the article a claims file names in ``[source] article`` (resolved against its folder), or None.

    Reads only the ``[source]`` table (no validation of the claims); a file that cannot be
    read as TOML gives None here and its error from :func:`read_claims_file`.
    """
    path = Path(path)
    try:
        source = tomllib.loads(path.read_text(encoding="utf-8-sig")).get("source", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    article = source.get("article") if isinstance(source, dict) else None
    return path.parent / article if isinstance(article, str) and article.strip() else None


def load_claims(path: str | Path, countries: pl.DataFrame | None = None) -> list[Claim]:
    """Return the validated claims of the file at ``path`` (see :func:`read_claims_file`).

    Raises :class:`ClaimFormatError` naming the file and the claim id on any problem.
    """
    return read_claims_file(path, countries).claims


