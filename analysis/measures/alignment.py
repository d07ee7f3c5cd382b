"""Voting-alignment measures for pairs of states in UN roll-call votes.

Every measure is computed over the *joint* roll calls of a dyad: those on which
both states cast a substantive vote, coded yes = 1, abstain = 2, no = 3.
``absent`` and ``not_member`` are never votes and are simply left out.  With the
distance d(x, y) = |x - y| / 2 and Do the mean of d over the n joint roll calls:

* ``agreement`` = 1 - Do -- the Lijphart / Voeten agreement index (identical
  votes 1, one state abstains 0.5, yes against no 0);
* ``s_score`` = 1 - 2 Do -- Signorino & Ritter's (1999) S, unweighted, with the
  absolute distance on the vote scale [1, 3] rescaled to [-1, 1];
* ``kappa`` = 1 - Do / De -- Cohen's kappa as proposed by Häge (2011, "Choice
  or circumstance? Adjusting measures of foreign policy similarity for chance
  agreement", Political Analysis 19(3)), with the chance disagreement
  De = sum_x sum_y pA(x) pB(y) d(x, y) and pA, pB each state's own marginal
  distribution over {1, 2, 3} on the same joint roll calls;
* ``pi`` -- Scott's pi (Häge 2011): as kappa, but with the pooled marginal
  p = (pA + pB) / 2 used for both states.

kappa and pi are NaN when De = 0 (e.g. both states always vote yes); a dyad
with no joint roll call gets no row at all.

Matrix formulation
------------------
Within one group of roll calls (a year or a session) let Y, A and N be the
states x roll-calls one-hot matrices "voted yes / abstain / no" and
M = Y + A + N "voted at all".  Every pairwise sufficient statistic is then an
entry of a matrix product:

* n      = (M Mᵀ)[i, j]    number of joint roll calls of states i and j;
* aY, aN = (Y Mᵀ)[i, j], (N Mᵀ)[i, j]   i's yes / no counts on them;
* bY, bN = (M Yᵀ)[i, j], (M Nᵀ)[i, j]   j's yes / no counts on them;
* c      = (Y Yᵀ + N Nᵀ)[i, j]   joint roll calls where both said yes or no;
* abstentions follow as n - aY - aN and n - bY - bN.

On {1, 2, 3}, |x - y| counts the thresholds 1|2 and 2|3 lying between x and
y, so over the joint roll calls

    2 n Do = sum |x - y| = aY + bY + aN + bN - 2 c,

the same as 2 [0.5(YAᵀ + AYᵀ) + (YNᵀ + NYᵀ) + 0.5(ANᵀ + NAᵀ)][i, j].  With the
marginals pA = (aY, n - aY - aN, aN) / n and pB likewise, the chance
disagreement has the closed forms

    2 n² De_kappa = n (aY + bY + aN + bN) - 2 (aY bY + aN bN)
    4 n² De_pi    = 2 n (sY + sN) - sY² - sN²,   sY = aY + bY, sN = aN + bN,

so kappa = 1 - n sum|x-y| / (2 n² De_kappa) and
pi = 1 - 2 n sum|x-y| / (4 n² De_pi), all in exact integers up to the last
division, which is done in float64.

Implementation: the counts are integers below 2**k (k bits, 2**k > number of
roll calls in the group), so three of them fit exactly into one float32 as
base-2**k digits whenever 2**(3k) <= 2**24, i.e. for groups of up to 255 roll
calls (float64 is used beyond that).  With U = Y + 2**k N + 2**(2k) M and
Z = Y + 2**k N, two products per group give everything:

    (U Mᵀ)[i, j] = aY + 2**k aN + 2**(2k) n   (and [j, i] gives bY, bN, n),
    (Z Zᵀ)[i, j] = yy + 2**k (yn + ny) + 2**(2k) nn,   c = yy + nn,

decoded with integer shifts.  All dyads of a group come from these two
products and the strict upper triangle (i < j) is taken; the only Python loop
is over groups.  One state against all others needs a single row and column.
The products are small (about 200 x 100 x 200 per year), so single-threaded
BLAS (OPENBLAS_NUM_THREADS=1) loses nothing and is steadier on a busy machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from analysis.schemas import BODIES, ISSUES

GROUPINGS: tuple[str, ...] = ("year", "session")
"""Roll-call columns that results can be grouped by."""

MEASURES: tuple[str, ...] = ("agreement", "kappa", "pi", "s_score")
"""Names of the alignment measures, in output column order."""

# yes / abstain / no are votes; absent and not_member map to 0 = "no vote".
_VOTE_CODES: dict[str, int] = {
    "yes": 1,
    "abstain": 2,
    "no": 3,
    "absent": 0,
    "not_member": 0,
}

# --------------------------------------------------------------------------
# Roll-call selection
# --------------------------------------------------------------------------


def filter_roll_calls(
    roll_calls: pl.DataFrame,
    *,
    body: str = "GA",
    issue: str | None = None,
    important_only: bool = False,
    exclude_amendments: bool = False,
    start_year: int | None = None,
    end_year: int | None = None,
) -> pl.DataFrame:
    """Select the roll calls an alignment analysis should use.

    Takes the project's ``roll_calls`` frame and returns the rows (all columns)
    of ``body`` that satisfy every given condition:

    * ``issue``: one of :data:`ISSUES`; keeps roll calls flagged True for it;
    * ``important_only``: keeps ``important == True`` (unknown is dropped);
    * ``exclude_amendments``: drops roll calls with ``amend`` or ``para`` True
      (null counts as not an amendment / paragraph vote);
    * ``start_year`` / ``end_year``: inclusive bounds on ``year``.

    Raises ``ValueError`` for an unknown ``body`` or ``issue`` (naming the
    allowed values) and when ``start_year > end_year``.
    """
    if body not in BODIES:
        raise ValueError(f"body must be one of {BODIES}, got {body!r}")
    if issue is not None and issue not in ISSUES:
        raise ValueError(f"issue must be None or one of {ISSUES}, got {issue!r}")
    if start_year is not None and end_year is not None and start_year > end_year:
        raise ValueError(f"start_year ({start_year}) must not be after end_year ({end_year})")
    keep = pl.col("body") == body
    if issue is not None:
        keep &= pl.col(issue).fill_null(False)
    if important_only:
        keep &= pl.col("important").fill_null(False)
    if exclude_amendments:
        keep &= ~(pl.col("amend").fill_null(False) | pl.col("para").fill_null(False))
    if start_year is not None:
        keep &= pl.col("year") >= start_year
    if end_year is not None:
        keep &= pl.col("year") <= end_year
    return roll_calls.filter(keep)


# --------------------------------------------------------------------------
# Private machinery shared by the public functions
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    """Packed vote matrices of the states active in one group of roll calls.

    ``active`` holds the indices (into the panel's states, ascending) of the
    states that voted at least once; ``u``, ``m`` and ``z`` are the matrices
    U = Y + 2**k N + 2**(2k) M, M and Z = Y + 2**k N of the module docstring,
    one row per active state.
    """

    value: int
    active: np.ndarray
    u: np.ndarray
    m: np.ndarray
    z: np.ndarray
    bits: int


@dataclass(frozen=True)
class _Panel:
    """Dense vote codes of the selected roll calls.

    ``codes[s, r]`` is 0 (no vote), 1 (yes), 2 (abstain) or 3 (no) for state
    ``states[s]`` on roll call ``r``; roll calls are sorted by group, and group
    ``groups[g]`` occupies columns ``bounds[g]:bounds[g + 1]``.
    """

    states: pl.Series
    codes: np.ndarray
    groups: np.ndarray
    bounds: np.ndarray

    def blocks(self) -> Iterator[_Group]:
        """Yield the packed :class:`_Group` of every group with a vote."""
        for g, lo, hi in zip(self.groups, self.bounds[:-1], self.bounds[1:], strict=True):
            block = self.codes[:, lo:hi]
            active = np.flatnonzero(block.any(axis=1))
            if active.size:
                yield _pack(int(g), active, block[active])


def _pack(value: int, active: np.ndarray, block: np.ndarray) -> _Group:
    """Pack one group's vote codes (active states x roll calls) into U, M, Z."""
    bits = max(int(block.shape[1]).bit_length(), 1)  # 2**bits > any count
    if 3 * bits <= 24:
        dtype: type[np.floating[Any]] = np.float32
    elif 3 * bits <= 53:
        dtype = np.float64
    else:  # pragma: no cover - would need > 130 000 roll calls in one group
        raise ValueError(f"too many roll calls ({block.shape[1]}) in one group")
    one, low, high = 1.0, float(1 << bits), float(1 << (2 * bits))
    # Lookup tables indexed by the code 0 (no vote), 1 (yes), 2 (abstain), 3 (no).
    u = np.array([0.0, one + high, high, low + high], dtype=dtype)[block]
    m = np.array([0.0, one, one, one], dtype=dtype)[block]
    z = np.array([0.0, one, 0.0, low], dtype=dtype)[block]
    return _Group(value, active, u, m, z, bits)


def _vote_code_expr(dtype: pl.DataType) -> pl.Expr:
    """Expression mapping the ``vote`` column to codes 0-3 (0 = no vote)."""
    vote = pl.col("vote")
    if isinstance(dtype, pl.Enum):
        categories = dtype.categories.to_list()
        unknown = sorted(set(categories) - set(_VOTE_CODES))
        if unknown:
            raise ValueError(f"vote categories must be among {tuple(_VOTE_CODES)}, got {unknown}")
        lut = pl.Series([_VOTE_CODES[c] for c in categories], dtype=pl.Int8)
        return pl.lit(lut).gather(vote.to_physical())
    # replace_strict raises on any value outside the five known ones.
    return vote.cast(pl.String).replace_strict(_VOTE_CODES, return_dtype=pl.Int8)


def _check_state(votes: pl.DataFrame, iso3: str, name: str) -> None:
    """Raise ``ValueError`` if ``iso3`` never occurs in ``votes``."""
    if not votes.select((pl.col("iso3") == iso3).any()).item():
        raise ValueError(f"{name}={iso3!r} does not occur in the votes frame")


def _positions(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Index in ``keys`` (unique integers) of each element of ``values``.

    Every value must occur in ``keys``.  Uses a lookup table when the keys are
    dense enough, binary search otherwise.
    """
    if keys.size == 0:
        return np.zeros(values.size, dtype=np.int64)
    low = int(keys.min())
    span = int(keys.max()) - low + 1
    if span <= 16 * keys.size + 65_536:
        table = np.empty(span, dtype=np.int64)
        table[keys - low] = np.arange(keys.size)
        return table[values - low]
    order = np.argsort(keys)
    return order[np.searchsorted(keys[order], values)]


def _panel(
    votes: pl.DataFrame,
    roll_calls: pl.DataFrame,
    by: str,
    filters: dict[str, Any],
    only: list[str] | None = None,
) -> _Panel:
    """Build the dense :class:`_Panel` for the filtered roll calls.

    ``only`` restricts the states considered (used for a single dyad).
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, got {by!r}")
    rc = (
        filter_roll_calls(roll_calls, **filters)
        .select(pl.col("rcid").cast(pl.Int32), pl.col(by).cast(pl.Int32))
        .drop_nulls()
        .unique("rcid", keep="first")
        .sort(by, "rcid")
    )
    keep = (
        (pl.col("body") == filters.get("body", "GA"))
        & pl.col("rcid").is_in(rc["rcid"].implode())
        & pl.col("iso3").is_not_null()
    )
    if only is not None:
        keep &= pl.col("iso3").is_in(pl.Series(only, dtype=pl.String).implode())
    cast = (
        votes.lazy()
        .filter(keep)
        .select(
            pl.col("rcid").cast(pl.Int32),
            pl.col("iso3").cast(pl.String),
            _vote_code_expr(votes.schema["vote"]).alias("code"),
        )
        .filter(pl.col("code") > 0)
        .collect()
    )
    states = cast["iso3"].unique().sort()
    # Casting to an Enum of the sorted states numbers them 0..k-1 in sort order.
    rows = cast["iso3"].cast(pl.Enum(states)).to_physical().to_numpy()
    cols = _positions(rc["rcid"].to_numpy(), cast["rcid"].to_numpy())
    codes = np.zeros((states.len(), rc.height), dtype=np.int8)
    codes[rows, cols] = cast["code"].to_numpy()
    group_of_col = rc[by].to_numpy()
    starts = np.flatnonzero(np.diff(group_of_col)) + 1
    ends = [rc.height] if rc.height else []
    bounds = np.concatenate(([0], starts, ends)).astype(np.int64)
    groups = group_of_col[bounds[:-1]]
    return _Panel(states=states, codes=codes, groups=groups, bounds=bounds)


def _measures(ab: np.ndarray, ba: np.ndarray, same: np.ndarray, bits: int, out: np.ndarray) -> None:
    """Alignment measures of k dyads from their packed counts.

    ``ab`` = (U Mᵀ)[a, b], ``ba`` = (U Mᵀ)[b, a] and ``same`` = (Z Zᵀ)[a, b]
    (module docstring), each of length k.  Writes float64 rows ``n_joint,
    agreement, kappa, pi, s_score`` into ``out`` (shape (5, k)) with
    :func:`measures_from_counts`; int32 suffices for float32-packed groups of
    at most 255 roll calls.
    """
    itype = np.int32 if bits <= 8 else np.int64
    digit = (1 << bits) - 1
    whole = ab.astype(itype)
    n = whole >> (2 * bits)
    a_y = whole & digit
    a_n = (whole >> bits) & digit
    whole = ba.astype(itype)
    b_y = whole & digit
    b_n = (whole >> bits) & digit
    whole = same.astype(itype)
    both = (whole & digit) + (whole >> (2 * bits))  # yes-yes + no-no
    measures_from_counts(n, a_y, a_n, b_y, b_n, both, out)


def measures_from_counts(n: np.ndarray, a_y: np.ndarray, a_n: np.ndarray, b_y: np.ndarray, b_n: np.ndarray,
                         both: np.ndarray, out: np.ndarray) -> None:
    """Alignment measures of k dyads from their joint-vote counts (integer arrays of length k).

    ``n`` joint roll calls; ``a_y``, ``a_n`` (``b_y``, ``b_n``) the first (second) state's yes and
    no votes on them; ``both`` the joint roll calls where both said yes or both said no.  Writes
    float64 rows ``n_joint, agreement, kappa, pi, s_score`` into ``out`` (shape (5, k)): the
    Voeten agreement, Häge's (2011) kappa and pi and Signorino & Ritter's (1999) S by the closed
    forms of the module docstring.  Numerators and denominators are exact integers; only the
    final divisions are in float64, so the result does not depend on the integer width.
    De = 0 only when both states cast one and the same vote throughout, so Do = 0 as well and
    the 0 / 0 gives kappa and pi NaN, as intended.  ``a_y`` and ``a_n`` are overwritten.
    """
    s_y = a_y + b_y
    s_n = a_n + b_n
    total = s_y + s_n
    dist = total - 2 * both  # sum |x - y| = 2 n Do
    a_y *= b_y
    a_n *= b_n
    a_y += a_n
    kappa_den = n * total - 2 * a_y  # 2 n² De_kappa
    s_y *= s_y
    s_n *= s_n
    s_y += s_n
    pi_den = 2 * n * total - s_y  # 4 n² De_pi
    out[0] = n
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(dist, out[0], out=out[4])  # 2 Do
        np.subtract(1.0, out[4], out=out[4])  # s_score = 1 - 2 Do
        np.multiply(out[4], 0.5, out=out[1])
        np.add(out[1], 0.5, out=out[1])  # agreement = 1 - Do = (1 + s) / 2
        dist *= n  # 2 n² Do
        np.divide(dist, kappa_den, out=out[2])
        np.subtract(1.0, out[2], out=out[2])  # kappa = 1 - Do / De_kappa
        dist *= 2  # 4 n² Do
        np.divide(dist, pi_den, out=out[3])
        np.subtract(1.0, out[3], out=out[3])  # pi = 1 - Do / De_pi


_UPPER: dict[int, np.ndarray] = {}


def _upper(size: int) -> np.ndarray:
    """Cached boolean mask of the strict upper triangle of a size x size matrix."""
    if size not in _UPPER:
        _UPPER[size] = np.triu(np.ones((size, size), dtype=bool), 1)
    return _UPPER[size]


class _Results:
    """Output columns, preallocated for ``capacity`` rows and filled per group.

    ``labels`` names the state-index columns (e.g. ``iso3_a``, ``iso3_b``).
    """

    def __init__(self, capacity: int, labels: tuple[str, ...]) -> None:
        self.group = np.empty(capacity, dtype=np.int32)
        self.labels = {name: np.empty(capacity, dtype=np.uint32) for name in labels}
        self.stats = np.empty((5, capacity))
        self.size = 0

    def add(
        self, grp: _Group, states: tuple[np.ndarray, ...], ab: np.ndarray, ba: np.ndarray, same: np.ndarray
    ) -> None:
        """Append the dyads of one group (state indices, packed counts)."""
        rows = slice(self.size, self.size + ab.size)
        self.group[rows] = grp.value
        for column, idx in zip(self.labels.values(), states, strict=True):
            column[rows] = idx
        _measures(ab, ba, same, grp.bits, out=self.stats[:, rows])
        self.size = rows.stop

    def frame(self, by: str, states: pl.Series) -> pl.DataFrame:
        """The filled rows as ``[by, *labels, "n_joint", *MEASURES]``."""
        rows = slice(0, self.size)
        columns = [pl.Series(by, self.group[rows], dtype=pl.Int32)]
        columns += [states.gather(pl.Series(idx[rows])).alias(name) for name, idx in self.labels.items()]
        columns.append(pl.Series("n_joint", self.stats[0, rows], dtype=pl.Int64))
        columns += [pl.Series(name, self.stats[row, rows]) for row, name in enumerate(MEASURES, start=1)]
        return pl.DataFrame(columns)


def _versus(panel: _Panel, anchor: str, by: str) -> pl.DataFrame:
    """State ``anchor`` against every state of the panel (itself included).

    Returns ``[by, "iso3", "n_joint", *MEASURES]`` with n_joint >= 1, sorted
    by group and partner.
    """
    hit = np.flatnonzero((panel.states == anchor).to_numpy())
    groups = [grp for grp in panel.blocks() if hit.size and np.isin(hit[0], grp.active)]
    results = _Results(sum(grp.active.size for grp in groups), ("iso3",))
    for grp in groups:
        pos = int(np.searchsorted(grp.active, hit[0]))
        # Row and column ``pos`` of U Mᵀ, row ``pos`` of Z Zᵀ.
        ab = grp.m @ grp.u[pos]
        keep = np.flatnonzero(ab >= 1 << (2 * grp.bits))  # n >= 1
        ba = grp.u[keep] @ grp.m[pos]
        same = grp.z[keep] @ grp.z[pos]
        results.add(grp, (grp.active[keep],), ab[keep], ba, same)
    return results.frame(by, panel.states)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def dyad_alignment(
    votes: pl.DataFrame,
    roll_calls: pl.DataFrame,
    a: str,
    b: str,
    *,
    by: str = "year",
    **filters: Any,
) -> pl.DataFrame:
    """Alignment of states ``a`` and ``b`` per year (or session).

    Takes the ``votes`` and ``roll_calls`` frames, two ISO3 codes, the grouping
    column ``by`` ("year" or "session") and keyword filters passed to
    :func:`filter_roll_calls` (``body``, ``issue``, ``important_only``,
    ``exclude_amendments``, ``start_year``, ``end_year``).

    Returns columns ``[by, "n_joint", "agreement", "kappa", "pi", "s_score"]``:
    one row per group with at least one joint roll call, sorted by ``by``
    (Int32), n_joint Int64, measures Float64.  agreement is the Lijphart /
    Voeten index, s_score Signorino & Ritter's (1999) S, kappa and pi Cohen's
    kappa and Scott's pi as in Häge (2011); see the module docstring.

    Raises ``ValueError`` for a state that never occurs in ``votes``, an
    unknown ``by`` and invalid filters.
    """
    _check_state(votes, a, "a")
    _check_state(votes, b, "b")
    panel = _panel(votes, roll_calls, by, filters, only=[a, b])
    table = _versus(panel, a, by)
    return table.filter(pl.col("iso3") == b).drop("iso3")


def alignment_with_all(
    votes: pl.DataFrame,
    roll_calls: pl.DataFrame,
    a: str,
    *,
    by: str = "year",
    **filters: Any,
) -> pl.DataFrame:
    """Alignment of state ``a`` with every other state, per year (or session).

    Takes the same arguments as :func:`dyad_alignment` without ``b``.  Returns
    ``[by, "iso3", "n_joint", "agreement", "kappa", "pi", "s_score"]`` where
    ``iso3`` is the partner: one row per group and partner with at least one
    joint roll call, sorted by ``(by, iso3)``.  Each group needs only a's row
    and column of U Mᵀ and a's row of Z Zᵀ (module docstring); measures as in
    :func:`dyad_alignment` (Voeten agreement, Signorino & Ritter 1999 S, Häge
    2011 kappa and pi).
    """
    _check_state(votes, a, "a")
    panel = _panel(votes, roll_calls, by, filters)
    return _versus(panel, a, by).filter(pl.col("iso3") != a)


def all_dyads_alignment(
    votes: pl.DataFrame,
    roll_calls: pl.DataFrame,
    *,
    by: str = "year",
    **filters: Any,
) -> pl.DataFrame:
    """Alignment of every pair of states, per year (or session), vectorised.

    Takes the ``votes`` and ``roll_calls`` frames, the grouping column ``by``
    ("year" or "session") and keyword filters for :func:`filter_roll_calls`.
    Returns ``[by, "iso3_a", "iso3_b", "n_joint", "agreement", "kappa", "pi",
    "s_score"]``: one row per unordered pair (``iso3_a < iso3_b``) and group
    with at least one joint roll call, sorted by ``(by, iso3_a, iso3_b)``.
    Each group costs two matrix products, U Mᵀ and Z Zᵀ (module docstring); the
    measures are the Voeten agreement index, Signorino & Ritter's (1999) S and
    Häge's (2011) kappa and pi.
    """
    panel = _panel(votes, roll_calls, by, filters)
    groups = [grp for grp in panel.blocks() if grp.active.size > 1]
    results = _Results(sum(g.active.size * (g.active.size - 1) // 2 for g in groups), ("iso3_a", "iso3_b"))
    for grp in groups:
        size = grp.active.size
        ab = grp.u @ grp.m.T
        # Dyads i < j with n >= 1 joint roll call, in row-major (sorted) order.
        flat = np.flatnonzero((ab >= 1 << (2 * grp.bits)) & _upper(size))
        i, j = np.divmod(flat, size)
        ba = np.ascontiguousarray(ab.T).ravel().take(flat)
        same = (grp.z @ grp.z.T).ravel().take(flat)
        results.add(grp, (grp.active[i], grp.active[j]), ab.ravel().take(flat), ba, same)
    return results.frame(by, panel.states)


def rank_partners(
    table: pl.DataFrame,
    a: str,
    year: int,
    measure: str = "agreement",
    min_joint: int = 10,
) -> pl.DataFrame:
    """Rank the partners of state ``a`` in one year (or session).

    Takes the output of :func:`alignment_with_all` for ``a`` (grouped by year
    or session; ``year`` is the value of that grouping column), the measure to
    rank by and the minimum number of joint roll calls a partner needs.  Rows
    for ``a`` itself and partners whose measure is null or NaN (kappa / pi with
    no chance disagreement) are dropped.

    Returns ``[iso3, n_joint, <measure>, rank, n_partners]``, sorted by rank
    (1 = most aligned; ties share the lowest rank) then iso3; ``rank`` and
    ``n_partners`` (number of ranked partners) are Int64.  Raises
    ``ValueError`` for an unknown measure or a table without a year / session
    column.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, got {measure!r}")
    by = table.columns[0] if table.width else None
    if by not in GROUPINGS:
        raise ValueError(f"table must start with one of the columns {GROUPINGS} (output of alignment_with_all)")
    value = pl.col(measure)
    return (
        table.filter(
            pl.col(by) == year,
            pl.col("iso3") != a,
            pl.col("n_joint") >= min_joint,
            value.is_not_null() & value.is_not_nan(),
        )
        .select("iso3", "n_joint", measure)
        .with_columns(rank=value.rank("min", descending=True).cast(pl.Int64))
        .sort("rank", "iso3")
        .with_columns(n_partners=pl.len().cast(pl.Int64))
    )
