"""Detect (quasi-)complete separation by linear programming (Konis 2007).

Separation means some non-zero direction ``d`` in coefficient space never decreases the
log-likelihood: ``(2 y_i - 1) x_i' d >= 0`` for every row ``i`` (with intercept column),
strictly for at least one row. Then the maximum-likelihood estimate does not exist: the
likelihood keeps increasing along ``d`` and the coefficients with ``d_j != 0`` run to
infinity. Firth's penalty keeps all estimates finite, but the ML fit (and anything built on
it: Wald, sandwich/GEE, bootstrap of ML) must not be reported for such a model.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from .firth import INTERCEPT


@dataclass(frozen=True)
class Separation:
    """Outcome of :func:`check_separation`.

    Attributes
    ----------
    separated : bool
        True if the data are completely or quasi-completely separated.
    terms : tuple of str
        ``"(Intercept)"`` followed by the predictor names.
    directions : tuple of int
        Per term: +1 (ML estimate is +inf), -1 (-inf), 0 (finite), 2 (infinite, sign not
        unique).
    """

    separated: bool
    terms: tuple[str, ...]
    directions: tuple[int, ...]

    @property
    def infinite_terms(self) -> tuple[str, ...]:
        """Names of the terms whose ML estimate is infinite."""
        return tuple(t for t, d in zip(self.terms, self.directions) if d != 0)

    def direction_of(self, term: str) -> str:
        """Where the ML estimate of ``term`` goes: ``"to +inf"``, ``"to -inf"``, ``"to ±inf"``
        (either sign) or ``""`` (finite). Worded so CSV readers do not parse it as a number."""
        d = self.directions[self.terms.index(term)]
        return {1: "to +inf", -1: "to -inf", 2: "to ±inf", 0: ""}[d]

    def describe(self) -> str:
        """One plain sentence for output tables.

        Examples
        --------
        >>> Separation(True, ("(Intercept)", "x"), (0, 1)).describe()
        'separation: ML estimate infinite for x (to +inf); ML not reported'
        """
        if not self.separated:
            return "no separation"
        parts = ", ".join(f"{t} ({self.direction_of(t)})" for t in self.infinite_terms)
        return f"separation: ML estimate infinite for {parts}; ML not reported"


def check_separation(X: np.ndarray, y: np.ndarray, names: list[str] | tuple[str, ...],
                     tol: float = 1e-7, directions: bool = True) -> Separation:
    """Check a logistic design (intercept added) for complete or quasi-complete separation.

    Parameters
    ----------
    X : numpy.ndarray, shape (n, k)
        Predictors without intercept column (rows with zero weight must be removed first).
    y : numpy.ndarray, shape (n,)
        Outcome coded 0/1.
    names : sequence of str
        Predictor names.
    tol : float, default 1e-7
        Threshold above which an LP value counts as non-zero. Columns are scaled to
        max |x| = 1 first, so the threshold does not depend on units.
    directions : bool, default True
        Settle which terms are infinite (two linear programs per term). ``False``: only
        whether the data are separated, one linear program; ``directions`` are then all 0.

    Returns
    -------
    Separation

    Notes
    -----
    With ``A = diag(2y - 1) [1, X]`` the first linear program (Konis 2007, eq. 4.23)
    maximises ``1'A d`` subject to ``A d >= 0`` and ``-1 <= d <= 1``; the data are separated
    iff the optimum is positive. Which coefficients are infinite is then settled one term at
    a time by maximising and minimising ``d_j`` over the same feasible set, so no infinite
    term is missed when several separating directions exist (the single-LP shortcut of
    ``detectseparation``/``firthmodels`` reads the directions off one vertex only). A
    rank-deficient design has directions with ``A d = 0`` that are not separation; they are
    removed by working in the column space of the design.

    References: Konis K (2007), Linear programming algorithms for detecting separated data
    in binary logistic regression models, DPhil thesis, Oxford; Kosmidis I et al.,
    R package detectseparation.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.], [0.], [1.], [1.], [0.]])
    >>> check_separation(X, np.array([0., 1., 1., 1., 0.]), ["sign"]).describe()
    'separation: ML estimate infinite for sign (to +inf); ML not reported'
    >>> check_separation(X, np.array([0., 1., 1., 0., 0.]), ["sign"]).separated
    False
    """
    from .firth import collapse

    names = tuple(str(n) for n in names)
    # Separation depends only on which (pattern, outcome) rows occur: one LP row per distinct
    # row keeps the check fast on large binary designs.
    X, y, _ = collapse(np.asarray(X, float).reshape(len(y), -1), np.asarray(y, float))
    Xi = np.column_stack([np.ones(len(y)), X])
    scale = np.max(np.abs(Xi), axis=0)
    scale[scale == 0] = 1.0
    Xs = Xi / scale
    terms = (INTERCEPT,) + names
    p = Xs.shape[1]
    # Work in the column space: d = V c with V an orthonormal basis of the row space of Xs,
    # so A d = 0 only for d = 0 (aliased columns cannot fake a separating direction).
    _, sv, vt = np.linalg.svd(Xs, full_matrices=False)
    rank = int(np.sum(sv > sv[0] * max(Xs.shape) * np.finfo(float).eps)) if len(sv) else 0
    V = vt[:rank].T  # p x rank
    A = (2 * y - 1)[:, None] * (Xs @ V)
    bounds = [(-1.0, 1.0)] * rank
    res = linprog(-A.sum(axis=0), A_ub=-A, b_ub=np.zeros(len(y)), bounds=bounds, method="highs")
    if not res.success:  # pragma: no cover - the LP is always feasible (c = 0) and bounded
        raise RuntimeError(f"separation LP failed: {res.message}")
    separated = -res.fun > tol
    dirs = [0] * p
    if separated and directions:
        for j in range(p):
            up = linprog(-V[j], A_ub=-A, b_ub=np.zeros(len(y)), bounds=bounds, method="highs")
            dn = linprog(V[j], A_ub=-A, b_ub=np.zeros(len(y)), bounds=bounds, method="highs")
            pos = up.success and -up.fun > tol
            neg = dn.success and dn.fun < -tol
            dirs[j] = 2 if (pos and neg) else 1 if pos else -1 if neg else 0
    return Separation(separated=bool(separated), terms=terms, directions=tuple(dirs))


def separated_binary(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether one binary (0/1) covariate with an intercept separates the outcome.

    Without the linear program: with both values of ``x`` present, the 2x2 model is
    saturated and separation means a zero cell (an ML cell probability of 0 or 1). A
    constant ``x`` goes to :func:`check_separation`. Tested against the LP on random tables
    (``tests/test_models_firth.py``).

    Examples
    --------
    >>> import numpy as np
    >>> separated_binary(np.array([0., 0., 1., 1.]), np.array([0., 1., 1., 1.]))
    True
    >>> separated_binary(np.array([0., 0., 1., 1.]), np.array([0., 1., 0., 1.]))
    False
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if x.size == 0 or x.min() == x.max():
        return check_separation(x[:, None], y, ["x"]).separated
    cells = np.bincount((2 * x + y).astype(np.int64), minlength=4)
    return bool(np.any(cells == 0))
