"""The compiled E-step of the ideal-point EM: truncated-normal moments of the votes, the states' smoother.

Each recorded vote y of a state-session on an item has a latent z ~ N(mu, sigma^2) known
only to lie in (lo, hi) (below the "no" threshold, between the thresholds for an
abstention, above for "yes"); the E-step needs E z and V z of the truncated normal
(Johnson, Kotz & Balakrishnan 1994, *Continuous Univariate Distributions* 1, ch. 13;
the stable Mills-ratio forms as in Imai, Lo & Olmsted 2016, *APSR* 110: 631-656):

* one-sided, z > lo, standardised bound a = (lo - mu)/sigma, lam = phi(a)/Phi(-a):
  E z = mu + sigma lam, V z = sigma^2 (1 - lam (lam - a)); lam = sqrt(2/pi)/erfcx(a/sqrt 2),
  and lam = phi(a) far below the bound (a < -6, where Phi(-a) = 1 to 1e-9);
* one-sided, z < hi: the same, reflected (a = -(hi - mu)/sigma, E z = mu - sigma lam);
* two-sided: reflected so that the interval lies mostly in the upper half, then written
  with m(u) = Phi(-u)/phi(u) = sqrt(pi/2) erfcx(u/sqrt 2); a very narrow interval falls back
  to the uniform moments.

Variances are clipped to [1e-12, 1] sigma^2. :func:`moments` is :func:`moments_numpy` (the
readable reference, numpy and ``scipy.special.erfcx``) compiled with numba into one
parallel loop; ``tests/test_truncated_normal.py`` holds the two to 1e-8 (relative) of each
other over 20,000 random bounds, far tails included.

The EM (``analysis.measures.idealpoints``) calls three fused kernels per step, each one pass
over about a million votes instead of numpy's fifteen or so: :func:`vote_moments` (the
moments of every vote and each state-session's pseudo-observation from them),
:func:`kalman` (the Rauch-Tung-Striebel smoother of each state's positions) and
:func:`item_sums` (the sufficient statistics of the item regressions).  They run on one
thread, in the votes' order (deterministic sums), and release the GIL: on a shared machine
numba's parallel loops cost more than they gain (their idle threads spin; the ideal-point
stage used 5.9 s of CPU on one thread and 29 s with them, under load), and independent
fits can run side by side instead.

``erfcx(x) = exp(x^2) erfc(x)`` is computed as written below x = 10 (exp(x^2) loses at most
about 1e-14 of its relative precision there) and from Laplace's continued fraction above
(Abramowitz & Stegun 7.1.14, evaluated backwards from its 60th term).
"""

from __future__ import annotations

import math

import numba
import numpy as np
from scipy.special import erfcx

_SQRT2 = math.sqrt(2.0)
_INV_SQRT2 = 1.0 / _SQRT2
_C = math.sqrt(2.0 / math.pi)  # phi(u) / Phi(-u) = _C / erfcx(u / sqrt 2)
_SQRT_PI_2 = math.sqrt(math.pi / 2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_INV_SQRT_PI = 1.0 / math.sqrt(math.pi)


@numba.njit(cache=True, nogil=True)
def erfcx_scalar(x: float) -> float:
    """The scaled complementary error function exp(x^2) erfc(x) of one number (see the module docstring)."""
    if x < 10.0:
        return math.exp(x * x) * math.erfc(x)
    t = x  # Laplace's continued fraction, evaluated backwards: 60 terms are exact to double precision here
    for k in range(60, 0, -1):
        t = x + 0.5 * k / t
    return _INV_SQRT_PI / t


@numba.njit(cache=True, nogil=True)
def _one_sided(a: float) -> tuple[float, float]:
    """(lam, standardised variance) of N(0, 1) truncated to z > a."""
    if a < -6.0:
        lam = math.exp(-0.5 * a * a) * _INV_SQRT_2PI
    else:
        lam = _C / erfcx_scalar(a * _INV_SQRT2)
    v = 1.0 - (lam - a) * lam
    return lam, min(max(v, 1e-12), 1.0)


@numba.njit(cache=True, nogil=True)
def _two_sided(a: float, b: float) -> tuple[float, float]:
    """(mean, variance) of N(0, 1) truncated to a < z < b."""
    flip = (a + b) < 0.0
    a2, b2 = (-b, -a) if flip else (a, b)
    ma = _SQRT_PI_2 * erfcx_scalar(a2 / _SQRT2)
    mb = _SQRT_PI_2 * erfcx_scalar(b2 / _SQRT2)
    r = math.exp(-0.5 * (b2 * b2 - a2 * a2))
    den = max(ma - mb * r, 1e-300)
    pa = 1.0 / den
    pb = r / den
    m2 = pa - pb
    v2 = 1.0 + (a2 * pa - b2 * pb) - m2 * m2
    w = b2 - a2
    if w < 1e-6:
        m2 = 0.5 * (a2 + b2)
        v2 = w * w / 12.0
    m2 = min(max(m2, a2), b2)
    return (-m2 if flip else m2), min(max(v2, 1e-12), 1.0)


@numba.njit(cache=True, nogil=True)
def _moment(m: float, s: float, low: float, high: float) -> tuple[float, float]:
    """(E z, V z) of one N(m, s^2) truncated to (low, high); low/high may be -inf/+inf."""
    if math.isinf(high):  # z > lo
        lam, v = _one_sided((low - m) / s)
        return s * lam + m, v * s * s
    if math.isinf(low):  # z < hi: reflected
        lam, v = _one_sided(-((high - m) / s))
        return m - s * lam, v * s * s
    m2, v2 = _two_sided((low - m) / s, (high - m) / s)
    return m + s * m2, s * s * v2


@numba.njit(cache=True, parallel=True, nogil=True)
def moments(mu: np.ndarray, sig: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (E z, V z) of N(mu, sig^2) truncated to (lo, hi), element by element; lo/hi may be -inf/+inf."""
    n = mu.shape[0]
    mean = np.empty(n)
    var = np.empty(n)
    for i in numba.prange(n):
        mean[i], var[i] = _moment(mu[i], sig[i], lo[i], hi[i])
    return mean, var


def moments_numpy(mu: np.ndarray, sig: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The reference for :func:`moments`, in numpy and ``scipy.special.erfcx``: same arguments, same result."""
    a = (lo - mu) / sig
    b = (hi - mu) / sig
    mean = np.empty_like(mu)
    var = np.empty_like(mu)
    lower = np.isinf(hi)  # z > lo
    upper = np.isinf(lo) & ~lower  # z < hi
    both = ~(lower | upper)
    for mask, bound, sign in ((lower, a, 1.0), (upper, -b, -1.0)):
        aa = bound[mask]
        lam = np.where(aa < -6.0, np.exp(-0.5 * aa * aa) * _INV_SQRT_2PI, _C / erfcx(aa * _INV_SQRT2))
        mean[mask] = sign * lam
        var[mask] = np.clip(1.0 - (lam - aa) * lam, 1e-12, 1.0)
    if both.any():
        aa, bb = a[both], b[both]
        flip = (aa + bb) < 0
        a2 = np.where(flip, -bb, aa)
        b2 = np.where(flip, -aa, bb)
        ma = _SQRT_PI_2 * erfcx(a2 / _SQRT2)
        mb = _SQRT_PI_2 * erfcx(b2 / _SQRT2)
        r = np.exp(-0.5 * (b2 * b2 - a2 * a2))
        den = np.maximum(ma - mb * r, 1e-300)
        pa, pb = 1.0 / den, r / den
        m2 = pa - pb
        v2 = 1.0 + (a2 * pa - b2 * pb) - m2 * m2
        w = b2 - a2
        narrow = w < 1e-6
        m2 = np.clip(np.where(narrow, 0.5 * (a2 + b2), m2), a2, b2)
        mean[both] = np.where(flip, -m2, m2)
        var[both] = np.clip(np.where(narrow, w * w / 12.0, v2), 1e-12, 1.0)
    return mu + sig * mean, sig * sig * var


# --------------------------------------------------------------------------------------------
# The E-step of the ideal-point EM, fused: one pass over the votes per kernel
# --------------------------------------------------------------------------------------------

# Bounds of the latent z per vote kind: ordinal no / abstain / yes (cut points 0 and 1), binary no / yes (0.5).
KIND_LO = np.array([-np.inf, 0.0, 1.0, -np.inf, 0.5])
KIND_HI = np.array([0.0, 1.0, np.inf, 0.5, np.inf])


@numba.njit(cache=True, nogil=True)
def vote_moments(x: np.ndarray, alpha: np.ndarray, beta: np.ndarray, sigma: np.ndarray, cell: np.ndarray,
                 group: np.ndarray, kind: np.ndarray, n_cells: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """E-step for the votes and the states' pseudo-observations, in one pass.

    Vote k (state-session ``cell[k]``, item parameter group ``group[k]``, ``kind[k]`` indexing
    ``KIND_LO``/``KIND_HI``) has z ~ N(alpha_g + beta_g x_cell, sigma_g^2) truncated to its
    bounds.  Returns (E z, V z) per vote and, per cell, the precision sum beta_g^2 / sigma_g^2
    and the precision-weighted sum (beta_g / sigma_g^2) (E z - alpha_g) of its votes.
    """
    n = cell.shape[0]
    z = np.empty(n)
    zvar = np.empty(n)
    prec = np.zeros(n_cells)
    pm = np.zeros(n_cells)
    for k in range(n):
        g, i = group[k], cell[k]
        a, b, s = alpha[g], beta[g], sigma[g]
        m, v = _moment(a + b * x[i], s, KIND_LO[kind[k]], KIND_HI[kind[k]])
        z[k] = m
        zvar[k] = v
        w = b / (s * s)
        prec[i] += w * b
        pm[i] += w * (m - a)
    return z, zvar, prec, pm


@numba.njit(cache=True, nogil=True)
def item_sums(x: np.ndarray, v: np.ndarray, z: np.ndarray, zvar: np.ndarray, cell: np.ndarray,
              group: np.ndarray, n_groups: int) -> np.ndarray:
    """Sufficient statistics of the item regressions: rows sum x, sum (x^2 + v), sum z, sum z x, sum (z^2 + V z).

    ``x``/``v``: E x and V x per cell; ``z``/``zvar``: E z and V z per vote; sums over each
    parameter group's votes.  Returns an array (5, n_groups).
    """
    out = np.zeros((5, n_groups))
    for k in range(cell.shape[0]):
        g, i = group[k], cell[k]
        xi, zk = x[i], z[k]
        out[0, g] += xi
        out[1, g] += xi * xi + v[i]
        out[2, g] += zk
        out[3, g] += zk * xi
        out[4, g] += zk * zk + zvar[k]
    return out


@numba.njit(cache=True, nogil=True)
def kalman(prec: np.ndarray, pm: np.ndarray, gaps: np.ndarray, omega2: float, rho: float
           ) -> tuple[np.ndarray, np.ndarray]:
    """Rauch-Tung-Striebel smoother of a Gaussian AR(1) / random walk per row (state); returns (E x, V x), (N, T).

    ``prec[i, t]`` / ``pm[i, t]``: precision and precision-weighted mean of the session-t
    pseudo-observation of state i (0 where none).  ``gaps[t]``: sessions elapsed since the
    previous column.  Transition over g sessions: x_t = rho^g x_(t-g) + e, with Var e =
    1 - rho^(2g) for rho < 1 (stationary, unit marginal variance) and g * omega2 for rho = 1
    (random walk).  A chain starts (prior N(0, 1)) at the state's first observation and is
    not smoothed back into the sessions before it.
    """
    N, T = prec.shape
    ms = np.zeros((N, T))
    vs = np.ones((N, T))
    phi = np.ones(T)
    qs = np.empty(T)
    for t in range(T):
        if rho < 1.0:
            phi[t] = rho ** gaps[t]
            qs[t] = 1.0 - phi[t] * phi[t]
        else:
            qs[t] = gaps[t] * omega2
    for i in range(N):
        mp = np.zeros(T)
        vp = np.ones(T)
        mf = np.zeros(T)
        vf = np.ones(T)
        started = False
        m_prev, v_prev = 0.0, 1.0
        first = T
        for t in range(T):
            if started:
                m_pred = phi[t] * m_prev
                v_pred = phi[t] * phi[t] * v_prev + qs[t]
            else:
                m_pred, v_pred = 0.0, 1.0
            v_post = 1.0 / (1.0 / v_pred + prec[i, t])
            m_post = v_post * (m_pred / v_pred + pm[i, t])
            mp[t], vp[t], mf[t], vf[t] = m_pred, v_pred, m_post, v_post
            if prec[i, t] > 0 and not started:
                started = True
                first = t
            m_prev, v_prev = m_post, v_post
        ms[i, T - 1] = mf[T - 1]
        vs[i, T - 1] = vf[T - 1]
        for t in range(T - 2, -1, -1):
            if t >= first:  # smooth back only into sessions where the chain had started
                J = phi[t + 1] * vf[t] / vp[t + 1]
                ms[i, t] = mf[t] + J * (ms[i, t + 1] - mp[t + 1])
                vs[i, t] = vf[t] + J * J * (vs[i, t + 1] - vp[t + 1])
            else:
                ms[i, t] = mf[t]
                vs[i, t] = vf[t]
    return ms, vs
