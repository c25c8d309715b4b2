"""Krippendorff's unitized alpha (alpha_U) for one code and two coders over a continuum of characters.

Reference: Krippendorff, K. (2004). Measuring the reliability of qualitative text analysis data.
Quality & Quantity 38: 787-800. Each coder cuts the continuum (length L) into segments that carry the
code ("valued", w = 1) and gaps (w = 0). With m = 2 coders:

Observed disagreement, over ordered coder pairs (i, j) and their segments g, h:
    delta^2 = (b_g - b_h)^2 + (e_g - e_h)^2   if both valued and they overlap
            = l_g^2                           if g valued and lies inside a gap h of the other coder
            = l_h^2                           symmetric case
            = 0                               otherwise
    D_o = sum delta^2 / (m (m - 1) L^2)

Expected disagreement (N = number of valued segments of both coders; gaps of both coders):
    D_e = (2 / L) * sum_valued [ (N - 1)/3 * (2 l^3 - 3 l^2 + l) + l^2 * sum_gaps max(0, l_gap - l + 1) ]
          / ( m L (m L - 1) - sum_valued (l^2 - l) )
    alpha_U = 1 - D_o / D_e

This two-coder form reproduces the worked example of the paper (D_o = .0144, D_e = .0532 for code c;
D_e = .0490 for code k; see the tests). With several documents the continuum is their concatenation,
and gaps are cut at document boundaries (a segment cannot run from one transcript into the next).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def _gaps(offsets: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Lengths of the uncoded stretches of one coder, cut at document boundaries."""
    gap_starts = np.sort(np.concatenate((offsets[:-1], ends)))
    gap_ends = np.sort(np.concatenate((starts, offsets[1:])))
    lengths = gap_ends - gap_starts
    return lengths[lengths > 0]


def _overlap_pairs(a_s, a_e, b_s, b_e) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j) of overlapping segments; each list sorted and without self-overlap."""
    lo = np.searchsorted(b_e, a_s, side="right")  # first B segment ending after A starts
    hi = np.searchsorted(b_s, a_e, side="left")  # first B segment starting at/after A's end
    counts = np.maximum(hi - lo, 0)
    ia = np.repeat(np.arange(a_s.size), counts)
    first = np.cumsum(counts) - counts
    ib = lo[ia] + (np.arange(ia.size) - first[ia])
    return ia, ib


def unitized_alpha_arrays(
    offsets: np.ndarray, a_s: np.ndarray, a_e: np.ndarray, b_s: np.ndarray, b_e: np.ndarray
) -> float | None:
    """alpha_U from merged, sorted, non-overlapping segments in global coordinates.

    offsets: document boundaries (offsets[0] = 0, offsets[-1] = L). None when no one used the code.
    """
    length = float(offsets[-1])
    n_valued = a_s.size + b_s.size
    if length <= 0 or n_valued == 0:
        return None
    a_s, a_e, b_s, b_e = (np.asarray(x, dtype=np.int64) for x in (a_s, a_e, b_s, b_e))

    # observed: sum over ordered pairs = 2 * (one direction)
    ia, ib = _overlap_pairs(a_s, a_e, b_s, b_e)
    d_start = (a_s[ia] - b_s[ib]).astype(np.float64)
    d_end = (a_e[ia] - b_e[ib]).astype(np.float64)
    pair_sum = float(np.sum(d_start**2 + d_end**2))
    a_alone = np.ones(a_s.size, dtype=bool)
    a_alone[ia] = False
    b_alone = np.ones(b_s.size, dtype=bool)
    b_alone[ib] = False
    alone_sum = float(np.sum(((a_e - a_s)[a_alone]).astype(np.float64) ** 2))
    alone_sum += float(np.sum(((b_e - b_s)[b_alone]).astype(np.float64) ** 2))
    m = 2.0
    d_o = 2 * (pair_sum + alone_sum) / (m * (m - 1) * length**2)

    # expected
    lv = np.concatenate((a_e - a_s, b_e - b_s)).astype(np.float64)
    gaps = np.sort(np.concatenate((_gaps(offsets, a_s, a_e), _gaps(offsets, b_s, b_e)))).astype(np.float64)
    suffix = np.concatenate((np.cumsum(gaps[::-1])[::-1], [0.0]))  # suffix[k] = sum of gaps[k:]
    k = np.searchsorted(gaps, lv, side="left")  # gaps >= l
    fit = suffix[k] - (lv - 1) * (gaps.size - k)  # sum over those gaps of (l_gap - l + 1)
    within = (n_valued - 1) / 3 * (2 * lv**3 - 3 * lv**2 + lv)
    numerator = (2 / length) * float(np.sum(within + lv**2 * fit))
    denominator = m * length * (m * length - 1) - float(np.sum(lv**2 - lv))
    if numerator <= 0 or denominator <= 0:
        return None
    d_e = numerator / denominator
    return 1 - d_o / d_e


def unitized_alpha(
    length: int, spans_a: Iterable[tuple[int, int]], spans_b: Iterable[tuple[int, int]]
) -> float | None:
    """alpha_U for one code on one continuum [0, length); spans are half-open, overlaps merge."""
    from .agreement import merge_intervals  # local import: agreement imports this module

    def prep(spans):
        arr = np.asarray(list(spans), dtype=np.int64).reshape(-1, 2)
        if np.any((arr[:, 0] < 0) | (arr[:, 1] < arr[:, 0]) | (arr[:, 1] > length)):
            raise ValueError("span outside the continuum or reversed")
        arr = arr[arr[:, 1] > arr[:, 0]]
        _, s, e = merge_intervals(np.zeros(len(arr), dtype=np.int64), arr[:, 0], arr[:, 1], length + 1)
        return s, e

    a_s, a_e = prep(spans_a)
    b_s, b_e = prep(spans_b)
    return unitized_alpha_arrays(np.array([0, length], dtype=np.int64), a_s, a_e, b_s, b_e)
