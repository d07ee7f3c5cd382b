"""Ideal points, the numerical pieces: start values and the variational EM (``analysis.measures.idealpoints``).

The method and its references are in the docstring of ``analysis.measures.idealpoints``
(Imai, Lo & Olmsted 2016's variational EM for the dynamic ordinal model, accelerated with
SQUAREM, Varadhan & Roland 2008); the compiled E-step is ``analysis.measures.truncated_normal``.
:func:`pca_init` gives the start values (each session's first principal component, signed so
that ``ANCHOR`` is positive), :func:`fit` runs the EM, :func:`standardise` puts a fit on the
reported scale and :func:`simulate_votes` draws votes for the parametric bootstrap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.measures.idealpoints_data import VoteData

ANCHOR = "USA"  # the state whose mean position is positive (sign identification)


@dataclass
class Fit:
    """Raw (unstandardised) fit: state x session posterior means/variances and item parameters."""

    data: VoteData
    x: np.ndarray  # (N, T)
    v: np.ndarray  # (N, T)
    alpha: np.ndarray
    beta: np.ndarray
    sigma: np.ndarray
    n_iter: int
    converged: bool


def pca_init(d: VoteData) -> np.ndarray:
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
        x0[:, t] = first_pc(d.vi[sel], d.vj[sel], d.y[sel], N, anchor if has_anchor else -1)
    return x0


def first_pc(vi: np.ndarray, vj: np.ndarray, y: np.ndarray, n_states: int, anchor: int) -> np.ndarray:
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
    pc = top_left_singular_vector(vi, jj, val - mean[jj], n_states)[voted]
    sd = pc.std()
    pc = (pc - pc.mean()) / (sd if sd > 0 else 1.0)
    out[voted] = pc
    if anchor >= 0 and voted[anchor]:
        if out[anchor] < 0:
            out = -out
    elif out[np.argmax(np.abs(out))] < 0:
        out = -out
    return out


def top_left_singular_vector(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n_rows: int,
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


def fit(
    d: VoteData,
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
        delta = rms_change(theta[3 * J:], t_new[3 * J:], has_flat)
        theta = t_new
        if delta < tol:
            converged = True
            break
    alpha, beta, sigma, x = theta[:J], theta[J:2 * J], np.exp(theta[2 * J:3 * J]), theta[3 * J:].reshape(N, T)
    return Fit(d, x, v, alpha, beta, sigma, it, converged)


def rms_change(x_old: np.ndarray, x_new: np.ndarray, mask: np.ndarray) -> float:
    """Root mean square change of the standardised positions (mean 0, sd 1 over ``mask``), ``x_old`` to ``x_new``."""
    a, b = x_old[mask], x_new[mask]
    sa, sb = a.std(), b.std()
    if sa == 0 or sb == 0:
        return float(np.sqrt(np.mean((a - b) ** 2)))
    return float(np.sqrt(np.mean(((a - a.mean()) / sa - (b - b.mean()) / sb) ** 2)))


def standardise(fit: Fit, mask: np.ndarray) -> tuple[np.ndarray, float]:
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


def simulate_votes(fit: Fit, rng: np.random.Generator) -> np.ndarray:
    """Draw ordinal votes from the fitted model on the observed vote pattern."""
    d = fit.data
    T = len(d.sessions)
    xv = fit.x.ravel()[d.vi * T + d.item_t[d.vj]]
    g = d.item_group[d.vj]
    z = fit.alpha[g] + fit.beta[g] * xv + fit.sigma[g] * rng.standard_normal(len(d.vj))
    binary = d.group_binary[g]
    return np.where(binary, np.where(z >= 0.5, 2, 0), np.where(z >= 1, 2, np.where(z >= 0, 1, 0)))
