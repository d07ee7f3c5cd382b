"""Truncated-normal moments (issue 21): the compiled E-step against its numpy reference and hand values.

Hand values: for N(0, 1) truncated to z > 0, E z = phi(0)/Phi(0) = (1/sqrt(2 pi))/0.5 =
sqrt(2/pi) = 0.7978845608 and V z = 1 - 2/pi = 0.3633802277; truncated to -1 < z < 1,
E z = 0 by symmetry and V z = 1 - 2 phi(1)/(Phi(1) - Phi(-1)) = 1 - 2 (0.2419707245)/0.6826894921
= 1 - 0.7088749052 = 0.2911250948. erfcx(0) = 1, erfcx(30) = 1/(30 sqrt(pi)) (1 - 1/1800 + 3/(4 * 900^2) - ...)
= 0.0188063194516 * 0.9994453678 = 0.01879588886 (asymptotic series, A&S 7.1.23).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import erfcx

from analysis.measures import truncated_normal as tn


def test_hand_values():
    mean, var = tn.moments(np.array([0.0, 0.0]), np.array([1.0, 1.0]), np.array([0.0, -1.0]),
                           np.array([np.inf, 1.0]))
    assert mean[0] == pytest.approx(0.7978845608, abs=1e-9)
    assert var[0] == pytest.approx(0.3633802277, abs=1e-9)
    assert mean[1] == pytest.approx(0.0, abs=1e-12)
    assert var[1] == pytest.approx(0.2911250948, abs=1e-9)
    assert tn.erfcx_scalar(0.0) == 1.0
    assert tn.erfcx_scalar(30.0) == pytest.approx(0.01879588886, rel=1e-9)


def test_erfcx_matches_scipy_over_its_range():
    for x in np.concatenate([np.linspace(-26, 26, 2001), [9.999, 10.0, 10.001, 40.0, 1e3, 1e6]]):
        assert tn.erfcx_scalar(float(x)) == pytest.approx(float(erfcx(x)), rel=1e-13), x


def test_compiled_equals_numpy_reference_tails_included():
    rng = np.random.default_rng(0)  # synthetic bounds: every case of the E-step, tails to ~80 sd
    n = 20_000
    mu = rng.normal(0, 4, n)
    sig = rng.uniform(0.15, 3, n)
    kind = rng.integers(0, 4, n)
    lo = np.where(kind == 0, -np.inf, np.where(kind == 3, 0.5, 0.0))
    hi = np.where(kind == 1, np.inf, np.where(kind == 3, 0.5 + 1e-9, 1.0))
    got_mean, got_var = tn.moments(mu, sig, lo, hi)
    ref_mean, ref_var = tn.moments_numpy(mu, sig, lo, hi)
    # erfc (libm) and scipy's erfcx differ in their last bits; where the interval lies far in one tail
    # (e.g. 79 to 87 sd below the mean) Z = m(a) - m(b) r cancels digits and both are off by up to ~2e-8
    # of the variance (checked against 60-digit arithmetic), so they are held to 1e-7 of each other or 1e-11 sig^2
    assert np.all(np.abs(got_mean - ref_mean) <= 1e-8 * np.abs(ref_mean) + 1e-10 * sig)
    assert np.all(np.abs(got_var - ref_var) <= 1e-7 * ref_var + 1e-11 * sig * sig)
    assert np.all((got_var > 0) & (got_var <= sig * sig))


def test_absurd_tails_stay_finite_and_inside_the_bounds():
    """Bounds hundreds of sd away (cancellation leaves few digits there): finite, the mean beyond the bound."""
    mu = np.array([-30.0, 30.0, -40.0, 0.0])
    sig = np.full(4, 0.05)
    lo = np.array([0.0, -np.inf, 0.0, 0.5])
    hi = np.array([np.inf, 0.0, 1.0, 0.5])
    mean, var = tn.moments(mu, sig, lo, hi)
    assert np.all(np.isfinite(mean)) and np.all((var > 0) & (var <= sig * sig))
    assert mean[0] > 0 and mean[1] < 0 and 0 <= mean[2] <= 1 and mean[3] == 0.5


def test_kalman_ar1_smoother_by_hand():
    # One state, two sessions, pseudo-observations x0 ~ 1 and x1 ~ -1 with precision 1, rho = 0.5.
    # Prior: x ~ N(0, [[1, .5], [.5, 1]]), prior precision (1/.75) [[1, -.5], [-.5, 1]];
    # posterior precision P = [[7/3, -2/3], [-2/3, 7/3]], det P = 49/9 - 4/9 = 5,
    # posterior mean P^-1 (1, -1) = ((7/3 - 2/3) / 5, (2/3 - 7/3) / 5) = (1/3, -1/3), variances (7/3) / 5 = 7/15.
    ms, vs = tn.kalman(np.array([[1.0, 1.0]]), np.array([[1.0, -1.0]]), np.array([1.0, 1.0]), 0.0, 0.5)
    assert ms[0] == pytest.approx([1 / 3, -1 / 3])
    assert vs[0] == pytest.approx([7 / 15, 7 / 15])
    # random walk (rho = 1): prior cov [[1, 1], [1, 1 + w2]], w2 = 0.25: precision [[5, -4], [-4, 4]] + I,
    # det = 6 * 5 - 16 = 14, mean = (1/14) [[5, 4], [4, 6]] (1, -1) = (1/14, -2/14)
    ms, _ = tn.kalman(np.array([[1.0, 1.0]]), np.array([[1.0, -1.0]]), np.array([1.0, 1.0]), 0.25, 1.0)
    assert ms[0] == pytest.approx([1 / 14, -2 / 14])
    # a chain starts at the state's first observation: session 0 keeps the prior N(0, 1); session 1 has
    # prior N(0, 1) and one observation 1 of precision 1: variance 1 / (1 + 1) = 0.5, mean 0.5 * (0 + 1) = 0.5
    ms, vs = tn.kalman(np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]]), np.array([1.0, 1.0]), 0.0, 0.5)
    assert ms[0].tolist() == [0.0, 0.5] and vs[0].tolist() == [1.0, 0.5]


def _synthetic_votes(n: int, n_cells: int, n_groups: int, seed: int) -> tuple[np.ndarray, ...]:
    """SYNTHETIC E-step inputs: parameters per group, positions per cell, votes of every kind."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, n_cells)
    alpha, beta, sigma = rng.normal(0.5, 1, n_groups), rng.normal(0, 1.5, n_groups), rng.uniform(0.3, 2, n_groups)
    return (x, alpha, beta, sigma, rng.integers(0, n_cells, n).astype(np.int64),
            rng.integers(0, n_groups, n).astype(np.int64), rng.integers(0, 5, n).astype(np.int8))


def test_fused_passes_equal_moments_and_bincount():
    """vote_moments and item_sums against the reference: tn.moments per vote, np.bincount for the sums."""
    x, alpha, beta, sigma, cell, group, kind = _synthetic_votes(50_000, 300, 400, seed=1)
    z, zvar, prec, pm = tn.vote_moments(x, alpha, beta, sigma, cell, group, kind, 300)
    ref_z, ref_v = tn.moments(alpha[group] + beta[group] * x[cell], sigma[group], tn.KIND_LO[kind], tn.KIND_HI[kind])
    assert np.array_equal(z, ref_z) and np.array_equal(zvar, ref_v)
    w = beta / sigma**2
    assert np.allclose(prec, np.bincount(cell, weights=(w * beta)[group], minlength=300), rtol=1e-12, atol=0)
    assert np.allclose(pm, np.bincount(cell, weights=w[group] * (z - alpha[group]), minlength=300),
                       rtol=1e-10, atol=1e-10)
    v = np.abs(x) / 10
    sums = tn.item_sums(x, v, z, zvar, cell, group, 400)
    xc = x[cell]
    for row, weights in enumerate([xc, xc * xc + v[cell], z, z * xc, z * z + zvar]):
        assert np.allclose(sums[row], np.bincount(group, weights=weights, minlength=400), rtol=1e-10, atol=1e-10)
