"""The budgets of DESIGN.md section 7, checked against one run's figures."""

from __future__ import annotations

import operator
from collections.abc import Callable

PAGE_MEDIAN_MS, PAGE_P95_MS, PAGE_QUERIES, PAGE_P95_RATIO = 50, 150, 20, 2

# (section, figure, comparison, limit): the figure must satisfy `comparison(value, limit)`.
FLAT: list[tuple[str, str, str, float]] = [
    ("writes", "errors", "==", 0),
    ("writes", "lost", "==", 0),
    ("writes", "ratio_to_bare", ">=", 0.5),
    ("writes", "server_rss_mb", "<=", 300),
    ("scoring", "administrations_per_second", ">=", 1_000_000),
    ("scoring", "ratio_to_numpy_sum", "<=", 10),
    ("evaluation", "seconds", "<=", 10),
    ("evaluation", "pdf_seconds", "<=", 30),
    ("qualitative", "search_p95_ms", "<=", 100),
    ("qualitative", "matrix_seconds", "<=", 1),
    ("qualitative", "agreement_seconds", "<=", 5),
    ("qualitative", "refi_export_seconds", "<=", 60),
    ("qualitative", "refi_import_seconds", "<=", 60),
    ("qualitative", "refi_peak_rss_mb", "<=", 1024),
]
COMPARE: dict[str, Callable[[float, float], bool]] = {"==": operator.eq, ">=": operator.ge, "<=": operator.le}


def _check(figure: str, value, comparison: str, limit) -> dict:
    ok = value is not None and COMPARE[comparison](value, limit)
    return {"figure": figure, "value": value, "budget": f"{comparison} {limit:g}", "ok": bool(ok)}


def _pages(prefix: str, pages: dict) -> list[dict]:
    checks = []
    for name, page in pages.items():
        at = f"{prefix}pages.{name}."
        checks += [
            _check(at + "median_ms", page["median_ms"], "<=", PAGE_MEDIAN_MS),
            _check(at + "p95_ms", page["p95_ms"], "<=", PAGE_P95_MS),
            _check(at + "queries", page["queries"], "<=", PAGE_QUERIES),
            _check(at + "queries_demo", page["queries_demo"], "==", page["queries"]),
            _check(
                at + "p95_ratio_regional_to_demo", page["p95_ratio_regional_to_demo"], "<=", PAGE_P95_RATIO
            ),
        ]
    return checks


def check_budgets(results: dict, prefix: str = "") -> list[dict]:
    checks = _pages(prefix, results["pages"]) if "pages" in results else []
    for section, figure, comparison, limit in FLAT:
        if section in results:
            checks.append(
                _check(f"{prefix}{section}.{figure}", results[section].get(figure), comparison, limit)
            )
    if "synth_seconds" in results:
        checks.append(_check(prefix + "synth_seconds", results["synth_seconds"], "<=", 600))
    if "postgresql" in results:
        checks += check_budgets(results["postgresql"], prefix="postgresql.")
    return checks
