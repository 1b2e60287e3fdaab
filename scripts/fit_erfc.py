#!/usr/bin/env python3
"""Fits the polynomial P of the vector kernels' erf for 0.5 ≤ |x| (Sources/CKernels/vmath_*.h):

    erfc(u) ≈ exp(P(u)),  u = min(|x|, 4),  P of degree 6,  erf(x) = sign(x)·(1 − erfc(u)).

log erfc is smooth on [0.5, 4] (about −u² − log(u·√π) far out), so a low-degree polynomial fits
it; the fit is weighted by erfc(u), since erf's absolute error is erfc(u)·|ΔP|. Past 4,
erfc < 1.6e-8 is below half an ulp of 1 in float, so erf rounds to ±1 and u is clamped.
Weighted least squares on a Chebyshev basis, then Lawson's iterations toward the minimax
weighted error; the coefficients are printed as float32 monomials (c0 … c6), with the largest
|erf error| of the fitted P in double and with the float32 coefficients.

    python3 scripts/fit_erfc.py        # numpy only; prints the coefficients the headers use
"""
import math

import numpy as np

LOW, HIGH, DEGREE = 0.5, 4.0, 6


def main():
    xs = np.linspace(LOW, HIGH, 20001)
    target = np.array([math.log(math.erfc(x)) for x in xs])
    weight = np.array([math.erfc(x) for x in xs])
    basis = np.polynomial.chebyshev.chebvander((2 * xs - (LOW + HIGH)) / (HIGH - LOW), DEGREE)
    lawson = weight.copy()
    for _ in range(60):
        coefficients, *_ = np.linalg.lstsq(basis * lawson[:, None], target * lawson, rcond=None)
        error = (basis @ coefficients - target) * weight
        lawson = lawson * np.sqrt(np.abs(error)) + 1e-30
        lawson /= lawson.max()
    chebyshev = np.polynomial.Chebyshev(coefficients, domain=[LOW, HIGH])
    monomials = chebyshev.convert(kind=np.polynomial.Polynomial).coef
    as_float = monomials.astype(np.float32)
    exact = np.exp(target)
    error_double = np.abs(np.exp(chebyshev(xs)) - exact).max()
    error_float = np.abs(np.exp(np.polynomial.polynomial.polyval(xs, as_float.astype(np.float64))) - exact).max()
    print(f"degree {DEGREE} on [{LOW}, {HIGH}]: max |erf error| {error_double:.3g} (double P), "
          f"{error_float:.3g} (float32 coefficients)")
    for i, c in enumerate(as_float):
        print(f"c{i} = {float(c):.9g}f")


if __name__ == "__main__":
    main()
