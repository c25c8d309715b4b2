"""Inter-coder agreement between two coders at character level (pure numpy, no Django).

Units. As in NVivo's coding comparison, every character of every compared document is a unit. For a
code c, coder A applied c to a character or not, coder B likewise, which gives a 2x2 table per code:
both / a_only / b_only / neither. From that table: percent agreement, Cohen's kappa and Krippendorff's
alpha (nominal, two coders, no missing values). Per code we also give Krippendorff's unitized alpha
(alpha_U, Krippendorff 2004), which looks at the segments the coders marked rather than characters.

Compared documents. By default only documents that *both* coders coded (at least one span each, any
code); `documents="either"` or `"all"` widen that. Spans are half-open [start, end); overlapping spans
of the same code by the same coder merge.

Overall figure. Pooled counts: the four cells are summed over all codes (each (character, code) pair is
one unit) and the three statistics are computed on the pooled table. Unlike NVivo's average of
per-source kappas weighted by source length, the pooled figure does not let a code that is almost never
used swing the result, and it is defined even when single codes have no variance.

Undefined values. Kappa is None when expected agreement is 1 (both coders constant and identical, e.g.
neither ever used the code); alpha is None when there is no variation in the pooled values (n0*n1 = 0).
Percent agreement is then still reported (it is 1.0 in the "both never used it" case).

All work is on sorted interval boundaries with numpy; no per-character Python loop.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np

from .agreement_stats import cohen_kappa_2x2, krippendorff_alpha_2x2, percent_agreement
from .agreement_unitized import unitized_alpha_arrays

Span = tuple[Hashable, int, int]
DocSpans = Mapping[Hashable, Iterable[Span]]


@dataclass(frozen=True)
class CodeAgreement:
    code: Hashable
    both: int
    a_only: int
    b_only: int
    neither: int
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None
    krippendorff_alpha_u: float | None = None

    @property
    def total(self) -> int:
        return self.both + self.a_only + self.b_only + self.neither

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class OverallAgreement:
    method: str
    both: int
    a_only: int
    b_only: int
    neither: int
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AgreementReport:
    units: str
    documents: int
    characters: int
    overall: OverallAgreement
    per_code: tuple[CodeAgreement, ...]

    def to_dict(self) -> dict:
        return {
            "units": self.units,
            "documents": self.documents,
            "characters": self.characters,
            "overall": self.overall.to_dict(),
            "per_code": [c.to_dict() for c in self.per_code],
        }


def _table(both: int, a_only: int, b_only: int, neither: int) -> dict:
    return {
        "percent_agreement": percent_agreement(both, a_only, b_only, neither),
        "cohen_kappa": cohen_kappa_2x2(both, a_only, b_only, neither),
        "krippendorff_alpha": krippendorff_alpha_2x2(both, a_only, b_only, neither),
    }


def _collect(
    spans: DocSpans, docs: dict[Hashable, int], offsets: np.ndarray, code_index: dict, who: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flatten one coder's spans to arrays (code index, global start, global end), validated."""
    codes, starts, ends, doc_pos = [], [], [], []
    for doc, items in spans.items():
        if doc not in docs:
            continue
        d = docs[doc]
        for code, start, end in items:
            codes.append(code_index.setdefault(code, len(code_index)))
            starts.append(start)
            ends.append(end)
            doc_pos.append(d)
    c = np.asarray(codes, dtype=np.int64)
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    d = np.asarray(doc_pos, dtype=np.int64)
    lengths = offsets[1:] - offsets[:-1]
    bad = (s < 0) | (e < s) | (e > lengths[d] if d.size else False)
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"coder {who}: span ({starts[i]}, {ends[i]}) is outside its document or reversed")
    keep = e > s  # empty spans cover no character
    return c[keep], s[keep] + offsets[d[keep]], e[keep] + offsets[d[keep]]


def merge_intervals(group: np.ndarray, starts: np.ndarray, ends: np.ndarray, stride: int):
    """Merge overlapping intervals within each group. Returns (group, start, end) of merged runs,
    sorted. Groups are kept apart by shifting each by group * stride (stride > any end)."""
    if starts.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    key_s = group * stride + starts
    key_e = group * stride + ends
    order = np.lexsort((key_e, key_s))
    key_s, key_e = key_s[order], key_e[order]
    reach = np.maximum.accumulate(key_e)
    new = np.ones(key_s.size, dtype=bool)
    new[1:] = key_s[1:] >= reach[:-1]  # touching spans stay separate units (matters for alpha_U only)
    idx = np.flatnonzero(new)
    m_s = key_s[idx]
    m_e = np.maximum.reduceat(key_e, idx)
    g = m_s // stride
    return g, m_s - g * stride, m_e - g * stride


def _covered(group: np.ndarray, starts: np.ndarray, ends: np.ndarray, n_groups: int, stride: int):
    g, s, e = merge_intervals(group, starts, ends, stride)
    return np.bincount(g, weights=(e - s), minlength=n_groups).astype(np.int64)


def compare_coders(
    doc_lengths: Mapping[Hashable, int],
    coder_a: DocSpans,
    coder_b: DocSpans,
    codes: Iterable[Hashable] | None = None,
    documents: Literal["both", "either", "all"] = "both",
    unitized: bool = True,
) -> AgreementReport:
    """Character-level agreement per code between coders A and B.

    doc_lengths: characters per document. coder_a / coder_b: per document, (code, start, end) spans.
    codes: codes to report (also those nobody used); default: every code either coder used.
    """
    coder_a = {d: list(items) for d, items in coder_a.items()}  # accept generators; read twice below
    coder_b = {d: list(items) for d, items in coder_b.items()}
    used_a = {d for d, items in coder_a.items() if items}
    used_b = {d for d, items in coder_b.items() if items}
    if documents == "both":
        chosen = [d for d in doc_lengths if d in used_a and d in used_b]
    elif documents == "either":
        chosen = [d for d in doc_lengths if d in used_a or d in used_b]
    elif documents == "all":
        chosen = list(doc_lengths)
    else:
        raise ValueError("documents must be 'both', 'either' or 'all'")
    docs = {d: i for i, d in enumerate(chosen)}
    lengths = np.asarray([int(doc_lengths[d]) for d in chosen], dtype=np.int64)
    if np.any(lengths < 0):
        raise ValueError("document lengths must be >= 0")
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    total = int(offsets[-1])

    code_index: dict[Hashable, int] = {}
    for code in codes or ():
        code_index.setdefault(code, len(code_index))
    ca, sa, ea = _collect(coder_a, docs, offsets, code_index, "A")
    cb, sb, eb = _collect(coder_b, docs, offsets, code_index, "B")
    n_codes = len(code_index)
    stride = total + 1
    cov_a = _covered(ca, sa, ea, n_codes, stride)
    cov_b = _covered(cb, sb, eb, n_codes, stride)
    cov_ab = _covered(
        np.concatenate((ca, cb)), np.concatenate((sa, sb)), np.concatenate((ea, eb)), n_codes, stride
    )
    both = cov_a + cov_b - cov_ab
    a_only = cov_a - both
    b_only = cov_b - both
    neither = total - cov_ab

    alpha_u: dict[int, float | None] = {}
    if unitized and n_codes:
        ga, ma_s, ma_e = merge_intervals(ca, sa, ea, stride)
        gb, mb_s, mb_e = merge_intervals(cb, sb, eb, stride)
        bounds_a = np.searchsorted(ga, np.arange(n_codes + 1))
        bounds_b = np.searchsorted(gb, np.arange(n_codes + 1))
        for k in range(n_codes):
            a_sl = slice(bounds_a[k], bounds_a[k + 1])
            b_sl = slice(bounds_b[k], bounds_b[k + 1])
            alpha_u[k] = unitized_alpha_arrays(offsets, ma_s[a_sl], ma_e[a_sl], mb_s[b_sl], mb_e[b_sl])

    per_code = []
    for code, k in code_index.items():
        cells = (int(both[k]), int(a_only[k]), int(b_only[k]), int(neither[k]))
        per_code.append(CodeAgreement(code, *cells, **_table(*cells), krippendorff_alpha_u=alpha_u.get(k)))
    pooled = (int(both.sum()), int(a_only.sum()), int(b_only.sum()), int(neither.sum()))
    overall = OverallAgreement("pooled counts over codes", *pooled, **_table(*pooled))
    return AgreementReport("characters", len(chosen), total, overall, tuple(per_code))


LANDIS_KOCH = (
    (0.0, "poor"),
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.00, "almost perfect"),
)


def interpret_kappa(kappa: float | None) -> str:
    """Landis & Koch (1977) bands: <0 poor, 0-.20 slight, .21-.40 fair, .41-.60 moderate,
    .61-.80 substantial, .81-1 almost perfect."""
    if kappa is None:
        return "undefined"
    if kappa < 0:
        return "poor"
    for upper, label in LANDIS_KOCH[1:]:
        if kappa <= upper + 1e-12:
            return label
    return "almost perfect"


def interpret_alpha(alpha: float | None) -> str:
    """Krippendorff (2004): alpha >= .800 reliable; .667 <= alpha < .800 only tentative conclusions;
    below .667 not reliable."""
    if alpha is None:
        return "undefined"
    if alpha >= 0.800:
        return "reliable"
    if alpha >= 0.667:
        return "tentative"
    return "unreliable"
