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

Code
----
This module holds the public functions; the cast votes are prepared in
``analysis.measures.idealpoints_data``, the EM and its start values are in
``analysis.measures.idealpoints_em``, its compiled E-step in ``analysis.measures.truncated_normal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from analysis.measures.idealpoints_data import VoteData as _Data
from analysis.measures.idealpoints_data import bridge_keys
from analysis.measures.idealpoints_data import cast_votes as _cast_votes
from analysis.measures.idealpoints_data import index_of as _index_of
from analysis.measures.idealpoints_data import prepare as _prepare
from analysis.measures.idealpoints_em import ANCHOR, Fit  # noqa: F401 - part of this module's interface
from analysis.measures.idealpoints_em import first_pc as _first_pc
from analysis.measures.idealpoints_em import fit as _fit
from analysis.measures.idealpoints_em import pca_init as _pca_init
from analysis.measures.idealpoints_em import simulate_votes as _simulate_votes
from analysis.measures.idealpoints_em import standardise as _standardise
from analysis.schemas import IDEAL_POINTS

ISSUE_FLAGS: tuple[str, ...] = ("me", "nu", "di", "hr", "co", "ec")
MIN_ISSUE_ROLL_CALLS = 10
MIN_ISSUE_STATES = 20
FEW_VOTES = 5
RHO = 0.5  # AR(1) persistence per session (module docstring: chosen on a grid, docs/explanation/ideal-points.md)
KAPPA = 1.0  # shrinkage of each state's long-run mean towards 0, in pseudo-sessions
PRIOR_SD = 1.0  # prior sd of the item intercepts and slopes
TOL = 2e-3  # EM stops when the standardised positions move by less than this (root mean square) in a SQUAREM cycle
OUTPUT_COLUMNS = tuple(IDEAL_POINTS)

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
