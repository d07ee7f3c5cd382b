"""Dynamic ordinal ideal points of states from UN General Assembly roll calls.

Model
-----
A one-dimensional ordinal item-response (ordered probit) model with a dynamic prior and
bridging through repeated resolutions, in the spirit of Bailey, Strezhnev & Voeten (2017,
"Estimating dynamic state preferences from United Nations voting data", Journal of
Conflict Resolution 61(2): 430-456; "BSV"), estimated with the variational EM of Imai,
Lo & Olmsted (2016, "Fast estimation of ideal points with massive data", American
Political Science Review 110(4): 631-656; ordinal and dynamic models).

Votes are ordered no < abstain < yes; ``absent`` and ``not_member`` are missing (not
votes).  State i in session t = t(j) votes on roll call j through a latent

    z_ij = alpha_g + beta_g x_it + sigma_g e_ij,   e_ij ~ N(0, 1),

with vote = no if z_ij < 0, abstain if 0 <= z_ij < 1, yes if z_ij >= 1 (cut points fixed
at 0 and 1, per-item scale sigma_g free: Imai et al.'s re-parameterisation of an ordered
probit with cut points 0 and tau = 1 / sigma).  An item on which nobody abstained is a
binary probit with one cut point at 0.5 and sigma = 1.  Items without variation (all
cast votes identical, e.g. unanimous) carry no information and are dropped (``note``).

*Bridging.*  g = g(j) is the item's parameter group: roll calls on the same text in
different sessions (:func:`bridge_keys`: same normalised title, whole-text vote, once per
session) share one (alpha, beta, sigma), which ties the scales of the sessions together
(BSV's "identical resolutions").  Other roll calls have their own parameters.

*Dynamics.*  Each state's position follows a stationary Gaussian AR(1) around its own
long-run mean mu_i,

    x_it - mu_i = rho^g (x_i,t-g - mu_i) + e_it,   Var e_it = 1 - rho^(2g),   x_i,first - mu_i ~ N(0, 1),

g the number of sessions since the state's previous session with votes.  mu_i is the
state's mean position, shrunk towards 0 by ``kappa`` pseudo-sessions.  With rho = 1 and
``kappa=None`` the prior is BSV's random walk, x_it ~ N(x_i,t-1, g omega^2).  The defaults
(rho = 0.5, kappa = 1, item prior sd 1) were chosen on a small grid against the published
BSV estimates (docs/explanation/ideal-points.md): a random walk (rho = 1, any omega in 0.05-1) carried the
Soviet bloc's isolation of the 1950s into the 1960s-70s and left sessions 22-31 with
per-session correlations of 0.82-0.88; the mean-reverting prior lets each session's
votes speak while mu_i and the bridges keep the sessions on one scale.

Identification
--------------
Location and scale are fixed by the unit-variance prior; the reported ``ideal_point`` is
standardised to mean 0 and standard deviation 1 over all estimated state-sessions of the
fit (the standard errors are scaled with it).  The sign is fixed so that the United
States' mean position is positive; the start values (first principal component of each
session, each signed so that the USA is positive) keep every session on the same side.
One scale per fit: issue-specific scales are not comparable with the ``all`` scale or
with each other.

Algorithm (variational EM, compiled passes over the votes)
----------------------------------------------------------
1. E-step for z and the states' pseudo-observations, in one compiled pass over all ~1 M
   cast votes (``analysis.measures.truncated_normal.vote_moments``, numba): the truncated-normal
   mean and variance of each vote's latent (stable Mills ratios via erfcx) and, per
   state-session, the Gaussian pseudo-observation its votes give (precision
   sum beta^2 / sigma^2, precision-weighted mean).
2. States: a Kalman filter and Rauch-Tung-Striebel smoother over the sessions of each
   state (``truncated_normal.kalman``) gives E x_it and V x_it; mu_i is updated from E x_i..
3. Items: closed-form ridge regressions of E z on (1, E x) per parameter group, with
   E x^2 = (E x)^2 + V x, and sigma from the expected squared residuals (sufficient
   statistics summed in a second compiled pass, ``truncated_normal.item_sums``).

The compiled passes run on one thread in the votes' canonical order, so two runs give the
same estimates to the last bit.  Steps are
accelerated with SQUAREM (Varadhan & Roland 2008, Scandinavian Journal of Statistics 35:
335-353); iteration stops when the standardised positions (mean 0, sd 1 over the
estimated state-sessions) move by less than ``tol`` = ``TOL`` (root mean square) over one
SQUAREM cycle of three EM steps: about 40 steps on the full GA history.  The stopping rule
is part of the estimator: iterated on to a change below 1e-4 (some 600 steps) the fit
drifts slowly, and its agreement with BSV's published estimates falls in the worst session
(per-session r 0.95 -> 0.92; median 0.994 -> 0.991, pooled 0.965 unchanged).  Votes are
put into a canonical order (roll call, state) first, so the result does not depend on row order.

Uncertainty
-----------
``se_type = "posterior_sd"``: the smoother's posterior standard deviations, known to be too
small in variational fits (they ignore the uncertainty of the item parameters).  With
``n_boot > 0``, ``se`` is the standard deviation over ``n_boot`` parametric-bootstrap
replicates (``se_type = "bootstrap"``; Lewis & Poole 2004, Political Analysis 12(2);
Imai et al. 2016): votes redrawn from the fitted model on the observed pattern of cast
votes, the model refitted from the estimate (warm start, tolerance x10), standardised
like the estimate.

Issue-specific ideal points use only the roll calls with the issue flag; a session with
fewer than ``MIN_ISSUE_ROLL_CALLS`` such roll calls or fewer than ``MIN_ISSUE_STATES``
voting states is reported as missing with the reason in ``note``, not estimated from noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from analysis.schemas import IDEAL_POINTS

ISSUE_FLAGS: tuple[str, ...] = ("me", "nu", "di", "hr", "co", "ec")
MIN_ISSUE_ROLL_CALLS = 10
MIN_ISSUE_STATES = 20
FEW_VOTES = 5
RHO = 0.5  # AR(1) persistence per session (module docstring: chosen on a grid, docs/explanation/ideal-points.md)
KAPPA = 1.0  # shrinkage of each state's long-run mean towards 0, in pseudo-sessions
PRIOR_SD = 1.0  # prior sd of the item intercepts and slopes
TOL = 2e-3  # EM stops when the standardised positions move by less than this (root mean square) in a SQUAREM cycle
ANCHOR = "USA"
OUTPUT_COLUMNS = tuple(IDEAL_POINTS)


# --------------------------------------------------------------------------------------------
# Data preparation
# --------------------------------------------------------------------------------------------


@dataclass
class _Data:
    """Cast votes as COO arrays (canonical order) plus index maps."""

    states: np.ndarray  # iso3 codes, index i
    sessions: np.ndarray  # session numbers, index t (sorted)
    item_rcid: np.ndarray  # rcid per kept item j
    item_t: np.ndarray  # session index per item
    item_binary: np.ndarray  # no abstention on the item
    vi: np.ndarray  # state index per vote
    vj: np.ndarray  # item index per vote
    y: np.ndarray  # 0 = no, 1 = abstain, 2 = yes
    n_dropped: dict[int, int] = field(default_factory=dict)  # session -> unanimous items dropped
    n_state_session: np.ndarray | None = None  # cast votes on kept items, (N, T)
    n_all_state_session: np.ndarray | None = None  # cast votes on all items, (N, T)
    item_group: np.ndarray | None = None  # parameter group per item (bridged items share one)

    def __post_init__(self) -> None:
        if self.item_group is None:
            self.item_group = np.arange(len(self.item_rcid))

    @property
    def vt(self) -> np.ndarray:
        return self.item_t[self.vj]

    @property
    def n_groups(self) -> int:
        return int(self.item_group.max()) + 1 if len(self.item_group) else 0

    @property
    def group_binary(self) -> np.ndarray:
        """True for a parameter group none of whose roll calls had an abstention."""
        if not len(self.item_group):
            return np.zeros(0, dtype=bool)
        return np.bincount(self.item_group, weights=~self.item_binary, minlength=self.n_groups) == 0


_CODE = {"no": 0, "abstain": 1, "yes": 2}


def _index_of(codes: pl.Series, states: np.ndarray) -> np.ndarray:
    """Position of each code in the sorted array ``states`` (via a polars join, fast for strings)."""
    lut = pl.DataFrame({"iso3": states.astype(str), "_i": np.arange(len(states))})
    return pl.DataFrame({"iso3": codes}).join(lut, on="iso3", how="left", maintain_order="left")["_i"].to_numpy()


def bridge_keys(roll_calls: pl.DataFrame) -> pl.DataFrame:
    """Roll calls that bridge sessions: rcid -> ``bridge`` key (normalised title).

    A GA roll call on a whole text (not an amendment or a separate paragraph vote) whose
    title, lower-cased with runs of non-alphanumerics collapsed to one space, occurs exactly
    once in its session and in at least two sessions.  Roll calls with the same key are the
    yearly repeats of one resolution and share their item parameters, the bridging of
    Bailey, Strezhnev & Voeten (2017).  Columns: rcid, bridge.
    """
    rc = roll_calls.filter(pl.col("body").cast(pl.String) == "GA")
    if "title" not in rc.columns:
        return pl.DataFrame(schema={"rcid": pl.Int32, "bridge": pl.String})
    for flag in ("amend", "para"):
        if flag in rc.columns:
            rc = rc.filter(~pl.col(flag).fill_null(False))
    rc = rc.with_columns(
        pl.col("title").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars().alias("bridge")
    ).filter(pl.col("bridge").str.len_chars() > 0)
    rc = rc.filter(pl.len().over("bridge", "session") == 1)
    rc = rc.filter(pl.col("session").n_unique().over("bridge") >= 2)
    return rc.select("rcid", "bridge").sort("rcid")


def _cast_votes(votes: pl.DataFrame, roll_calls: pl.DataFrame, *, bridge: bool = False) -> pl.DataFrame:
    """GA cast votes joined to their session: rcid, session, iso3, y (0/1/2), sorted canonically.

    With ``bridge``, a column ``bridge`` holds the roll call's bridge key (:func:`bridge_keys`) or null.
    """
    rc = roll_calls.filter(pl.col("body").cast(pl.String) == "GA").select("rcid", "session")
    if bridge:
        rc = rc.join(bridge_keys(roll_calls), on="rcid", how="left")
    v = votes
    if "body" in v.columns:
        v = v.filter(pl.col("body").cast(pl.String) == "GA")
    cols = ["rcid", "session", "iso3", "y"] + (["bridge"] if bridge else [])
    return (
        v.select("rcid", "iso3", pl.col("vote").cast(pl.String))
        .filter(pl.col("vote").is_in(list(_CODE)))
        .join(rc, on="rcid", how="inner")
        .with_columns(pl.col("vote").replace_strict(_CODE, return_dtype=pl.Int8).alias("y"))
        .select(cols)
        .unique(subset=["rcid", "iso3"], keep="first")
        .sort("rcid", "iso3")
    )


def _prepare(cast: pl.DataFrame) -> _Data:
    """Index the cast votes; drop items without variation (counted per session); group bridged items."""
    states = np.sort(cast["iso3"].unique().to_numpy()).astype(object)
    sessions = np.sort(cast["session"].unique().to_numpy())
    vi_all = _index_of(cast["iso3"], states)
    rcid = cast["rcid"].to_numpy()
    rc_u, first, vj_all = np.unique(rcid, return_index=True, return_inverse=True)
    y_all = cast["y"].to_numpy().astype(np.int64)
    item_session = cast["session"].to_numpy()[first]
    counts = np.stack([np.bincount(vj_all, weights=(y_all == k), minlength=len(rc_u)) for k in range(3)], axis=1)
    keep_item = (counts > 0).sum(axis=1) >= 2
    item_t_all = np.searchsorted(sessions, item_session)
    N, T = len(states), len(sessions)
    n_all = np.bincount(vi_all * T + item_t_all[vj_all], minlength=N * T).reshape(N, T)
    dropped_s, dropped_n = np.unique(item_session[~keep_item], return_counts=True)
    new_index = np.cumsum(keep_item) - 1
    keep_vote = keep_item[vj_all]
    vj = new_index[vj_all[keep_vote]]
    vi = vi_all[keep_vote]
    item_t = item_t_all[keep_item]
    n_kept = np.bincount(vi * T + item_t[vj], minlength=N * T).reshape(N, T)
    n_items = int(keep_item.sum())
    group = np.arange(n_items)
    if "bridge" in cast.columns:
        key = cast["bridge"].to_numpy()[first][keep_item]
        has = np.array([k is not None for k in key.tolist()], dtype=bool)
        if has.any():
            # one group per key among the kept items; unbridged items keep a group of their own
            _, kidx = np.unique(key[has].astype(str), return_inverse=True)
            gid = np.empty(n_items, dtype=np.int64)
            gid[has] = kidx
            gid[~has] = kidx.max() + 1 + np.arange(int((~has).sum()))
            _, group = np.unique(gid, return_inverse=True)
    return _Data(
        states=states, sessions=sessions, item_rcid=rc_u[keep_item], item_t=item_t,
        item_binary=(counts[keep_item, 1] == 0), vi=vi, vj=vj, y=y_all[keep_vote],
        n_dropped=dict(zip(dropped_s.tolist(), dropped_n.tolist(), strict=True)),
        n_state_session=n_kept, n_all_state_session=n_all, item_group=group,
    )


# --------------------------------------------------------------------------------------------
# Numerical pieces
# --------------------------------------------------------------------------------------------


@dataclass
class Fit:
    """Raw (unstandardised) fit: state x session posterior means/variances and item parameters."""

    data: _Data
    x: np.ndarray  # (N, T)
    v: np.ndarray  # (N, T)
    alpha: np.ndarray
    beta: np.ndarray
    sigma: np.ndarray
    n_iter: int
    converged: bool


def _pca_init(d: _Data) -> np.ndarray:
    """Per-session first principal component (sign-aligned to USA, standardised) as start values."""
    N, T = len(d.states), len(d.sessions)
    x0 = np.zeros((N, T))
    vt = d.vt
    anchor = np.searchsorted(d.states, ANCHOR)
    has_anchor = anchor < N and d.states[min(anchor, N - 1)] == ANCHOR
    for t in range(T):
        sel = vt == t
        if not sel.any():
            continue
        x0[:, t] = _first_pc(d.vi[sel], d.vj[sel], d.y[sel], N, anchor if has_anchor else -1)
    return x0


def _first_pc(vi: np.ndarray, vj: np.ndarray, y: np.ndarray, n_states: int, anchor: int) -> np.ndarray:
    """First principal component of a states x roll-calls vote matrix (yes 1, abstain .5, no 0).

    Missing cells are filled with the roll call's mean (0 after centring); states without votes get 0.
    The component is standardised over voting states and signed so that ``anchor`` is positive
    (if it voted); otherwise so that the largest loading state is positive.
    """
    items, jj = np.unique(vj, return_inverse=True)
    n_items = len(items)
    val = y.astype(float) / 2.0
    cnt = np.bincount(jj, minlength=n_items)
    mean = np.bincount(jj, weights=val, minlength=n_items) / np.maximum(cnt, 1)
    voted = np.bincount(vi, minlength=n_states) > 0
    out = np.zeros(n_states)
    if voted.sum() < 2 or n_items < 1:
        return out
    pc = _top_left_singular_vector(vi, jj, val - mean[jj], n_states)[voted]
    sd = pc.std()
    pc = (pc - pc.mean()) / (sd if sd > 0 else 1.0)
    out[voted] = pc
    if anchor >= 0 and voted[anchor]:
        if out[anchor] < 0:
            out = -out
    elif out[np.argmax(np.abs(out))] < 0:
        out = -out
    return out


def _top_left_singular_vector(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n_rows: int,
                              tol: float = 1e-12, max_iter: int = 10_000) -> np.ndarray:
    """The leading left singular vector (unit length, sign arbitrary) of the sparse matrix M[rows, cols] = values.

    Power iteration on M M^T with sparse products (``np.bincount``), from a fixed pseudo-random
    start (deterministic), until no entry moves by more than ``tol``: the same vector as a
    dense SVD's (to about ``tol``) without LAPACK, whose threads idle busily on a shared machine.
    Returns zeros for a zero matrix.
    """
    n_cols = int(cols.max()) + 1 if len(cols) else 0
    u = np.random.default_rng(0).standard_normal(n_rows)
    for _ in range(max_iter):
        w = np.bincount(cols, weights=values * u[rows], minlength=n_cols)
        u_new = np.bincount(rows, weights=values * w[cols], minlength=n_rows)
        norm = np.sqrt(u_new @ u_new)
        if norm == 0:
            return np.zeros(n_rows)
        u_new /= norm
        if np.max(np.abs(u_new - u)) < tol:
            return u_new
        u = u_new
    return u


def _fit(
    d: _Data,
    *,
    max_iter: int,
    tol: float,
    omega: float,
    prior_sd: float,
    rho: float = 1.0,
    kappa: float | None = None,
    x_init: np.ndarray | None = None,
    y: np.ndarray | None = None,
) -> Fit:
    """Variational EM (module docstring).  ``y`` overrides the observed votes (bootstrap)."""
    from analysis.measures import truncated_normal as tn  # numba, imported (and compiled or loaded) when fitting

    y = d.y if y is None else y
    # item parameters live on parameter groups (a bridged resolution's repeats share one); J counts groups
    N, T, J = len(d.states), len(d.sessions), d.n_groups
    gbin = d.group_binary
    vg = d.item_group[d.vj]
    binary = gbin[vg]
    kind = np.where(binary, np.where(y == 2, 4, 3), y).astype(np.int8)  # truncated_normal.KIND_LO / KIND_HI
    cell = d.vi * T + d.item_t[d.vj]
    gaps = np.diff(d.sessions, prepend=d.sessions[0] - 1).astype(float)
    cnt = np.bincount(vg, minlength=J).astype(float)
    has = (np.bincount(cell, minlength=N * T) > 0).reshape(N, T)
    n_has = has.sum(axis=1)
    has_flat = has.ravel()
    nu0, s02 = 2.0, 1.0
    lam = 1.0 / prior_sd**2
    x0 = np.zeros((N, T)) if x_init is None else x_init.copy()

    def items(sums: np.ndarray, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-group ridge regression of E z on (1, E x), with E x^2 = (E x)^2 + V x (``sums``: tn.item_sums)."""
        s_x, s_xx, s_z, s_zx = sums[0], sums[1], sums[2], sums[3]
        a11 = cnt + lam * sigma**2
        a22 = s_xx + lam * sigma**2
        det = a11 * a22 - s_x * s_x
        return (a22 * s_z - s_x * s_zx) / det, (a11 * s_zx - s_x * s_z) / det

    def step(theta: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One EM map on theta = (alpha, beta, log sigma, x): E-step z, states, items, sigma."""
        alpha, beta, sigma, x = theta[:J], theta[J:2 * J], np.exp(theta[2 * J:3 * J]), theta[3 * J:].reshape(N, T)
        z, zvar, prec, pm = tn.vote_moments(theta[3 * J:], alpha, beta, sigma, cell, vg, kind, N * T)
        prec, pm = prec.reshape(N, T), pm.reshape(N, T)
        if kappa is None:
            x, v = tn.kalman(prec, pm, gaps, omega**2, rho)
        else:  # AR(1) around each state's own long-run mean mu_i (shrunk to 0 by kappa pseudo-sessions)
            mu = (x * has).sum(axis=1) / (n_has + kappa)
            x, v = tn.kalman(prec, pm - prec * mu[:, None], gaps, omega**2, rho)
            x = x + mu[:, None]
        sums = tn.item_sums(x.ravel(), v.ravel(), z, zvar, cell, vg, J)
        alpha, beta = items(sums, sigma)
        s_x, s_xx, s_z, s_zx, s_zz = sums
        # sum over an item's votes of E(z - alpha - beta x)^2, from sufficient statistics
        s_r = (s_zz - 2 * alpha * s_z - 2 * beta * s_zx + cnt * alpha**2 + 2 * alpha * beta * s_x
               + beta**2 * s_xx)
        sigma = np.where(gbin, 1.0, np.sqrt((np.maximum(s_r, 0.0) + nu0 * s02) / (cnt + nu0)))
        return np.concatenate([alpha, beta, np.log(sigma), x.ravel()]), v

    # start: items by regressing a crude latent (no -0.5, abstain 0.5, yes 1.5) on the start values
    z0 = np.where(y == 2, 1.5, np.where(y == 1, 0.5, -0.5)).astype(float)
    v0 = np.zeros((N, T))
    a0, b0 = items(tn.item_sums(x0.ravel(), v0.ravel(), z0, np.zeros_like(z0), cell, vg, J), np.ones(J))
    theta = np.concatenate([a0, b0, np.zeros(J), x0.ravel()])
    v = v0
    converged = False
    it = 0
    # SQUAREM acceleration (Varadhan & Roland 2008, Scand. J. Stat. 35), scheme S3, with a stabilising
    # EM step after each extrapolation; convergence judged on the states' positions.
    while it < max_iter:
        t1, _ = step(theta, v)
        t2, v2 = step(t1, v)
        it += 2
        r = t1 - theta
        q = t2 - t1 - r
        nr, nq = np.sqrt(r @ r), np.sqrt(q @ q)
        a = -nr / nq if nq > 0 else -1.0
        a = min(-1.0, max(a, -50.0))
        t_new = theta - 2 * a * r + a * a * q
        sig_ok = np.all(np.isfinite(t_new)) and np.all(np.abs(t_new[2 * J:3 * J]) < 10)
        if not sig_ok:
            t_new = t2
        t_new, v = step(t_new, v2)
        it += 1
        delta = _rms_change(theta[3 * J:], t_new[3 * J:], has_flat)
        theta = t_new
        if delta < tol:
            converged = True
            break
    alpha, beta, sigma, x = theta[:J], theta[J:2 * J], np.exp(theta[2 * J:3 * J]), theta[3 * J:].reshape(N, T)
    return Fit(d, x, v, alpha, beta, sigma, it, converged)


def _rms_change(x_old: np.ndarray, x_new: np.ndarray, mask: np.ndarray) -> float:
    """Root mean square change of the standardised positions (mean 0, sd 1 over ``mask``), ``x_old`` to ``x_new``."""
    a, b = x_old[mask], x_new[mask]
    sa, sb = a.std(), b.std()
    if sa == 0 or sb == 0:
        return float(np.sqrt(np.mean((a - b) ** 2)))
    return float(np.sqrt(np.mean(((a - a.mean()) / sa - (b - b.mean()) / sb) ** 2)))


def _standardise(fit: Fit, mask: np.ndarray) -> tuple[np.ndarray, float]:
    """Return (standardised x, scale factor incl. sign) over the state-sessions in ``mask``."""
    x = fit.x
    mu, sd = x[mask].mean(), x[mask].std()
    sd = sd if sd > 0 else 1.0
    sign = 1.0
    d = fit.data
    a = np.searchsorted(d.states, ANCHOR)
    if a < len(d.states) and d.states[a] == ANCHOR and mask[a].any() and (x[a][mask[a]] - mu).mean() < 0:
        sign = -1.0
    return sign * (x - mu) / sd, sign / sd


def _simulate_votes(fit: Fit, rng: np.random.Generator) -> np.ndarray:
    """Draw ordinal votes from the fitted model on the observed vote pattern."""
    d = fit.data
    T = len(d.sessions)
    xv = fit.x.ravel()[d.vi * T + d.item_t[d.vj]]
    g = d.item_group[d.vj]
    z = fit.alpha[g] + fit.beta[g] * xv + fit.sigma[g] * rng.standard_normal(len(d.vj))
    binary = d.group_binary[g]
    return np.where(binary, np.where(z >= 0.5, 2, 0), np.where(z >= 1, 2, np.where(z >= 0, 1, 0)))


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def session_years(roll_calls: pl.DataFrame, votes: pl.DataFrame | None = None) -> pl.DataFrame:
    """session -> year: the calendar year of most GA roll calls (of most cast votes if ``votes`` given)."""
    return _session_years(roll_calls, None if votes is None else _cast_votes(votes, roll_calls))


def _session_years(roll_calls: pl.DataFrame, cast: pl.DataFrame | None) -> pl.DataFrame:
    """:func:`session_years` from the cast votes of all GA roll calls (:func:`_cast_votes`; None: count roll calls)."""
    rc = roll_calls.filter(pl.col("body").cast(pl.String) == "GA").select("rcid", "session", "year")
    if cast is not None:
        w = cast.group_by("rcid").len("w")
        rc = rc.join(w, on="rcid", how="left").with_columns(pl.col("w").fill_null(0))
    else:
        rc = rc.with_columns(pl.lit(1).alias("w"))
    return (
        rc.group_by("session", "year").agg(pl.col("w").sum())
        .sort(["session", "w", "year"], descending=[False, True, False])
        .group_by("session", maintain_order=True).first()
        .select(pl.col("session").cast(pl.Int32), pl.col("year").cast(pl.Int32))
    )


def estimate(
    votes: pl.DataFrame,
    roll_calls: pl.DataFrame,
    *,
    issue: str | None = None,
    max_iter: int = 500,
    tol: float = TOL,
    omega: float = 0.1,
    rho: float = RHO,
    kappa: float | None = KAPPA,
    prior_sd: float = PRIOR_SD,
    bridge: bool = True,
    n_boot: int = 0,
    seed: int = 0,
    years: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Estimate dynamic ordinal ideal points (module docstring) for GA sessions.

    Takes the processed ``votes`` and ``roll_calls`` tables (other bodies are ignored).
    ``issue``: None or "all" for all roll calls, or one of ``ISSUE_FLAGS`` to use only the
    roll calls with that flag.  Model settings: ``rho`` (AR(1) persistence per session; 1 =
    random walk with step sd ``omega``), ``kappa`` (shrinkage of each state's long-run mean;
    None = AR(1) around 0), ``prior_sd`` (item parameters), ``bridge`` (share the parameters
    of repeated resolutions); ``tol``/``max_iter`` stop the EM (``tol``: root mean square
    change of the standardised positions over one SQUAREM cycle); ``n_boot``/``seed`` request
    bootstrap standard errors; ``years`` is the session -> year table (:func:`session_years` of
    the same votes, computed if None).  Returns one row
    per state and session in which the state cast at least one vote (on the issue's roll calls, if given), columns of
    ``analysis.schemas.IDEAL_POINTS``; rows with a null ideal point say why in ``note``.
    Raises ``ValueError`` for an unknown issue or a setting out of range.
    """
    issue_name = "all" if issue in (None, "all") else issue
    settings = _Settings(max_iter=max_iter, tol=tol, omega=omega, rho=rho, kappa=kappa, prior_sd=prior_sd,
                         n_boot=n_boot, seed=seed)
    if issue_name != "all" and issue_name not in ISSUE_FLAGS:
        raise ValueError(f"issue must be None, 'all' or one of {ISSUE_FLAGS}, not {issue!r}")
    rc = _issue_roll_calls(roll_calls, issue_name)
    cast = _cast_votes(votes, rc, bridge=bridge)
    if years is None:
        years = _session_years(roll_calls, cast if issue_name == "all" else _cast_votes(votes, roll_calls))
    return _estimate_issue(cast, issue_name, years, settings)


@dataclass(frozen=True)
class _Settings:
    """Model and EM settings of one fit (:func:`estimate`), checked when made."""

    max_iter: int = 500
    tol: float = TOL
    omega: float = 0.1
    rho: float = RHO
    kappa: float | None = KAPPA
    prior_sd: float = PRIOR_SD
    n_boot: int = 0
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0.0 < self.rho <= 1.0:
            raise ValueError(f"rho must be in (0, 1], not {self.rho}")
        if self.kappa is not None and self.kappa <= 0:
            raise ValueError(f"kappa must be None or > 0, not {self.kappa}")
        if self.n_boot < 0 or self.n_boot == 1 or self.prior_sd <= 0 or self.omega <= 0 or self.tol <= 0:
            raise ValueError(f"n_boot must be 0 or >= 2 (an sd needs two replicates) and prior_sd, omega, tol > 0 "
                             f"(got n_boot={self.n_boot}, prior_sd={self.prior_sd}, omega={self.omega}, "
                             f"tol={self.tol})")


def _issue_roll_calls(roll_calls: pl.DataFrame, issue_name: str) -> pl.DataFrame:
    """The GA roll calls of ``issue_name`` ("all": every one)."""
    rc = roll_calls.filter(pl.col("body").cast(pl.String) == "GA")
    return rc if issue_name == "all" else rc.filter(pl.col(issue_name).fill_null(False))


def _estimate_issue(cast: pl.DataFrame, issue_name: str, years: pl.DataFrame, settings: _Settings) -> pl.DataFrame:
    """:func:`estimate` from the issue's cast votes (:func:`_cast_votes`, with bridge keys if bridging)."""
    if cast.height == 0:
        return _empty()
    session_note: dict[int, str] = {}
    if issue_name != "all":
        per = cast.group_by("session").agg(pl.col("rcid").n_unique().alias("n_rc"),
                                           pl.col("iso3").n_unique().alias("n_st"))
        few = per.filter((pl.col("n_rc") < MIN_ISSUE_ROLL_CALLS) | (pl.col("n_st") < MIN_ISSUE_STATES))
        for s, n_rc, n_st in few.iter_rows():
            session_note[s] = (
                f"too few votes for issue {issue_name}: {n_rc} roll calls (need {MIN_ISSUE_ROLL_CALLS}), "
                f"{n_st} states (need {MIN_ISSUE_STATES}); not estimated"
            )
        missing_rows = cast.filter(pl.col("session").is_in(list(session_note)))
        cast = cast.filter(~pl.col("session").is_in(list(session_note)))
    else:
        missing_rows = cast.clear()
    frames = []
    if cast.height:
        frames.append(_estimate_cast(cast, issue_name, max_iter=settings.max_iter, tol=settings.tol,
                                     omega=settings.omega, rho=settings.rho, kappa=settings.kappa,
                                     prior_sd=settings.prior_sd, n_boot=settings.n_boot, seed=settings.seed))
    if missing_rows.height:
        m = missing_rows.group_by("iso3", "session").len("n_votes").with_columns(
            pl.lit(issue_name).alias("issue"), pl.lit(None, pl.Float64).alias("ideal_point"),
            pl.lit(None, pl.Float64).alias("se"), pl.lit(None, pl.String).alias("se_type"),
            pl.col("session").replace_strict(session_note, return_dtype=pl.String).alias("note"),
        )
        frames.append(m)
    out = pl.concat([_conform(f) for f in frames], how="vertical")
    out = out.drop("year").join(years, on="session", how="left")
    return _conform(out).sort("session", "iso3")


def _estimate_cast(cast: pl.DataFrame, issue_name: str, *, max_iter: int, tol: float, omega: float, rho: float,
                   kappa: float | None, prior_sd: float, n_boot: int, seed: int) -> pl.DataFrame:
    d = _prepare(cast)
    N, T = len(d.states), len(d.sessions)
    n_all = d.n_all_state_session
    n_kept = d.n_state_session
    if len(d.item_rcid) == 0:
        return _rows(d, None, None, None, issue_name, n_all, n_kept)
    fit = _fit(d, max_iter=max_iter, tol=tol, omega=omega, rho=rho, kappa=kappa, prior_sd=prior_sd,
               x_init=_pca_init(d))
    mask = n_kept > 0
    xs, scale = _standardise(fit, mask)
    se = np.sqrt(fit.v) * abs(scale)
    se_type = "posterior_sd"
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        draws = np.empty((n_boot, N, T))
        for b in range(n_boot):
            yb = _simulate_votes(fit, rng)
            fb = _fit(d, max_iter=max_iter, tol=tol * 10, omega=omega, rho=rho, kappa=kappa, prior_sd=prior_sd,
                      x_init=fit.x, y=yb)
            draws[b], _ = _standardise(fb, mask)
        se = draws.std(axis=0, ddof=1)
        se_type = "bootstrap"
    out = _rows(d, xs, se, se_type, issue_name, n_all, n_kept)
    if not fit.converged:
        out = out.with_columns(
            pl.when(pl.col("note").is_null()).then(pl.lit(f"EM not converged after {fit.n_iter} iterations"))
            .otherwise(pl.col("note")).alias("note"))
    return out


def _rows(d: _Data, xs, se, se_type, issue_name, n_all, n_kept) -> pl.DataFrame:
    ii, tt = np.nonzero(n_all > 0)
    sess = d.sessions[tt]
    kept = n_kept[ii, tt]
    notes = np.full(len(ii), None, dtype=object)
    for k in np.nonzero(kept == 0)[0]:
        s = int(sess[k])
        notes[k] = (f"no informative votes: all of the state's roll calls had no variation "
                    f"({d.n_dropped.get(s, 0)} such roll calls dropped in session {s}); not estimated")
    small = (kept > 0) & (kept < FEW_VOTES)
    notes[small] = f"fewer than {FEW_VOTES} informative votes: wide uncertainty"
    for k in np.nonzero((kept >= FEW_VOTES) & np.isin(sess, list(d.n_dropped)))[0]:
        s = int(sess[k])
        notes[k] = f"{d.n_dropped[s]} roll calls without variation dropped from the likelihood"
    ok = kept > 0
    ip = np.where(ok, xs[ii, tt], np.nan) if xs is not None else np.full(len(ii), np.nan)
    sev = np.where(ok, se[ii, tt], np.nan) if se is not None else np.full(len(ii), np.nan)
    return pl.DataFrame({
        "iso3": d.states[ii].astype(str),
        "session": sess.astype(np.int32),
        "issue": issue_name,
        "ideal_point": ip,
        "se": sev,
        "se_type": [se_type if (o and se_type is not None) else None for o in ok.tolist()],
        "n_votes": kept.astype(np.int32),
        "note": notes.tolist(),
    }, schema_overrides={"note": pl.String, "se_type": pl.String}).with_columns(
        pl.col("ideal_point").fill_nan(None), pl.col("se").fill_nan(None))


def _empty() -> pl.DataFrame:
    return _conform(pl.DataFrame(schema={c: pl.String for c in OUTPUT_COLUMNS}))


def _conform(df: pl.DataFrame) -> pl.DataFrame:
    for c, t in IDEAL_POINTS.items():
        if c not in df.columns:
            df = df.with_columns(pl.lit(None, t).alias(c))
    return df.select([pl.col(c).cast(t) for c, t in IDEAL_POINTS.items()])


def ideal_points_table(
    votes: pl.DataFrame,
    roll_calls: pl.DataFrame,
    *,
    issues: tuple[str, ...] = ISSUE_FLAGS,
    n_boot: int = 0,
    seed: int = 0,
    bridge: bool = True,
    **kwargs: Any,
) -> pl.DataFrame:
    """The ``ideal_points`` table: issue "all" plus each issue in ``issues``, stacked.

    Takes the processed ``votes`` and ``roll_calls`` tables; ``n_boot``/``seed``/``bridge``/``kwargs``
    are :func:`estimate`'s (one fit per issue: the issue scales are not comparable with each
    other; the votes are read, joined and sorted once for all of them).  Returns the rows of
    every fit, the same as :func:`estimate` of each issue: issue "all" first, then ``issues`` in order.
    Raises ``ValueError`` for an unknown issue or a setting out of range.
    """
    settings = _Settings(n_boot=n_boot, seed=seed, **kwargs)
    unknown = [flag for flag in issues if flag not in ISSUE_FLAGS]
    if unknown:
        raise ValueError(f"issues must be among {ISSUE_FLAGS}, not {unknown}")
    ga_rc = _issue_roll_calls(roll_calls, "all")
    cast_all = _cast_votes(votes, ga_rc)
    years = _session_years(ga_rc, cast_all)
    frames = []
    for flag in ("all", *issues):
        rc = _issue_roll_calls(ga_rc, flag)
        cast = cast_all if flag == "all" else cast_all.filter(pl.col("rcid").is_in(rc["rcid"].implode()))
        if bridge:  # as _cast_votes(votes, rc, bridge=True): the keys of the issue's own roll calls
            cast = cast.join(bridge_keys(rc), on="rcid", how="left", maintain_order="left")
        frames.append(_estimate_issue(cast, flag, years, settings))
    return pl.concat(frames, how="vertical")


def by_year(ideal_points: pl.DataFrame, roll_calls: pl.DataFrame, issue: str = "all") -> pl.DataFrame:
    """One ideal point per state and calendar year: the session with most GA roll calls dated in that year.

    A GA session runs from September into the next year, so a year holds parts of two
    sessions; this picks the one that held most of the year's roll calls (ties: the later).
    Takes the ``ideal_points`` and ``roll_calls`` tables; returns iso3, year, session,
    ideal_point, se for ``issue`` (rows with a null ideal point are left out).
    """
    rc = roll_calls.filter(pl.col("body").cast(pl.String) == "GA")
    main = (rc.group_by("year", "session").len("n")
            .sort(["year", "n", "session"], descending=[False, True, True])
            .group_by("year", maintain_order=True).first().select("year", "session"))
    points = ideal_points.filter((pl.col("issue") == issue) & pl.col("ideal_point").is_not_null())
    return (main.join(points.select("iso3", "session", "ideal_point", "se"), on="session", how="inner")
            .select("iso3", "year", "session", "ideal_point", "se").sort("year", "iso3"))


def pca_baseline(votes: pl.DataFrame, roll_calls: pl.DataFrame) -> pl.DataFrame:
    """First principal component of each GA session's vote matrix, sign-aligned to the USA.

    Votes coded yes 1, abstain 0.5, no 0; missing cells at the roll call's mean. Standardised
    within session, so sessions are NOT comparable over time.  Columns: iso3, session, year, pc1.
    """
    cast = _cast_votes(votes, roll_calls)
    d = _Data(states=np.sort(cast["iso3"].unique().to_numpy()).astype(object),
              sessions=np.sort(cast["session"].unique().to_numpy()),
              item_rcid=np.array([]), item_t=np.array([], dtype=np.int64), item_binary=np.array([], dtype=bool),
              vi=np.array([], dtype=np.int64), vj=np.array([], dtype=np.int64), y=np.array([], dtype=np.int64))
    vi = _index_of(cast["iso3"], d.states)
    _, vj = np.unique(cast["rcid"].to_numpy(), return_inverse=True)
    ses = cast["session"].to_numpy()
    y = cast["y"].to_numpy().astype(np.int64)
    anchor = int(np.searchsorted(d.states, ANCHOR))
    anchor = anchor if anchor < len(d.states) and d.states[anchor] == ANCHOR else -1
    rows = []
    N = len(d.states)
    order = np.argsort(ses, kind="stable")
    bounds = np.searchsorted(ses[order], d.sessions, side="left").tolist() + [len(ses)]
    for k, s in enumerate(d.sessions):
        sel = order[bounds[k]:bounds[k + 1]]
        pc = _first_pc(vi[sel], vj[sel], y[sel], N, anchor)
        voted = np.bincount(vi[sel], minlength=N) > 0
        rows.append(pl.DataFrame({"iso3": d.states[voted].astype(str), "session": np.full(voted.sum(), s, np.int32),
                                  "pc1": pc[voted]}))
    years = session_years(roll_calls, votes)
    return pl.concat(rows).join(years, on="session", how="left").select("iso3", "session", "year", "pc1")


def simulate(
    n_states: int = 60,
    n_sessions: int = 10,
    n_items_per_session: int = 40,
    seed: int = 0,
    *,
    omega: float = 0.1,
    p_missing: float = 0.1,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """SYNTHETIC votes drawn from the model, for recovery tests: (votes, roll_calls, truth).

    States are "USA" (true position fixed positive) and "S01", "S02", ...; positions follow
    the random walk from N(0, 1); items have alpha ~ N(0.5, 1), beta ~ N(0, 1.5^2) (|beta| >= 0.3)
    and sigma ~ U(0.5, 1); a fraction ``p_missing`` of cells is ``absent``.
    ``truth``: iso3, session, true_ideal_point.
    """
    rng = np.random.default_rng(seed)
    names = np.array(["USA"] + [f"S{k:02d}" for k in range(1, n_states)])
    x = np.zeros((n_states, n_sessions))
    x[:, 0] = rng.standard_normal(n_states)
    x[0, 0] = 1.5
    for t in range(1, n_sessions):
        x[:, t] = x[:, t - 1] + omega * rng.standard_normal(n_states)
    J = n_sessions * n_items_per_session
    item_t = np.repeat(np.arange(n_sessions), n_items_per_session)
    alpha = rng.normal(0.5, 1.0, J)
    beta = rng.normal(0.0, 1.5, J)
    beta = np.where(np.abs(beta) < 0.3, np.sign(beta + 1e-12) * 0.3, beta)
    sigma = rng.uniform(0.5, 1.0, J)
    z = alpha[None, :] + beta[None, :] * x[:, item_t] + sigma[None, :] * rng.standard_normal((n_states, J))
    code = np.where(z >= 1, "yes", np.where(z >= 0, "abstain", "no")).astype(object)
    code[rng.random((n_states, J)) < p_missing] = "absent"
    rcid = np.arange(1, J + 1, dtype=np.int32)
    votes = pl.DataFrame({
        "body": "GA", "rcid": np.tile(rcid, n_states), "iso3": np.repeat(names, J),
        "vote": code.ravel().astype(str), "source": "synthetic",
    })
    roll_calls = pl.DataFrame({
        "body": "GA", "rcid": rcid, "session": (item_t + 1).astype(np.int32),
        "year": (2000 + item_t).astype(np.int32), "symbol": [f"SYNTHETIC/{r}" for r in rcid],
        **{f: np.zeros(J, dtype=bool) for f in ISSUE_FLAGS},
    })
    truth = pl.DataFrame({
        "iso3": np.repeat(names, n_sessions), "session": np.tile(np.arange(1, n_sessions + 1, dtype=np.int32),
                                                                  n_states),
        "true_ideal_point": x.ravel(),
    })
    return votes, roll_calls, truth
