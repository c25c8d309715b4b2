"""Agreement coefficients from counts: percent agreement, Cohen's kappa, Krippendorff's alpha (nominal).

References:
- Cohen, J. (1960). A coefficient of agreement for nominal scales. Educ. Psychol. Meas. 20: 37-46.
- Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Univ. of Pennsylvania,
  Annenberg School for Communication (coincidence matrices; two coders, no missing values).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence


def percent_agreement(both: int, a_only: int, b_only: int, neither: int) -> float | None:
    total = both + a_only + b_only + neither
    return None if total == 0 else (both + neither) / total


def cohen_kappa_2x2(both: int, a_only: int, b_only: int, neither: int) -> float | None:
    """kappa = (p_o - p_e) / (1 - p_e); None when p_e == 1 (no variance in either coder, identical)."""
    n = both + a_only + b_only + neither
    if n == 0:
        return None
    a_yes, b_yes = both + a_only, both + b_only
    # Integer numerators keep exactness for 10^7-character corpora.
    po_num = (both + neither) * n
    pe_num = a_yes * b_yes + (n - a_yes) * (n - b_yes)
    if pe_num == n * n:
        return None
    return (po_num - pe_num) / (n * n - pe_num)


def krippendorff_alpha_2x2(both: int, a_only: int, b_only: int, neither: int) -> float | None:
    """Nominal alpha for two coders, binary values, no missing data.

    Coincidences: o11 = 2*both, o00 = 2*neither, o01 = o10 = a_only + b_only; n = 2N pairable values.
    alpha = 1 - (n - 1) * o01 / (n0 * n1). None when all values are the same (n0 * n1 == 0).
    """
    n = 2 * (both + a_only + b_only + neither)
    disagree = a_only + b_only
    n1 = 2 * both + disagree
    n0 = 2 * neither + disagree
    if n0 == 0 or n1 == 0:
        return None
    return 1 - (n - 1) * disagree / (n0 * n1)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa for two coders' category assignments to the same units (any number of categories)."""
    if len(a) != len(b):
        raise ValueError("both coders must code the same units")
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if pe == 1:
        return None
    return (po - pe) / (1 - pe)


def krippendorff_alpha_nominal(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Nominal alpha for two coders, no missing values, from the coincidence matrix.

    alpha = 1 - (n - 1) * sum_{c != k} o_ck / (n^2 - sum_c n_c^2), with n = 2N.
    """
    if len(a) != len(b):
        raise ValueError("both coders must code the same units")
    n = 2 * len(a)
    off_diagonal = 2 * sum(x != y for x, y in zip(a, b, strict=True))
    counts = Counter(a) + Counter(b)
    expected = n * n - sum(v * v for v in counts.values())
    if expected == 0:
        return None
    return 1 - (n - 1) * off_diagonal / expected
