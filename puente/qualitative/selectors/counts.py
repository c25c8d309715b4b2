"""Counts and queries: quotations per code, group, case and participant group; co-occurrence;
code x attribute tables. Each reads the analysis layer once and counts in Python."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from puente.qualitative.attributes import AttributeReader, attribute_names
from puente.qualitative.models import Code, Project

from .consent import consented_cases, excluded_by_consent
from .matrix import attribute_codings, coding_rows, links_and_turns
from .projects import cases as project_cases
from .projects import code_groups, code_tree


@dataclass
class CountTables:
    codes: list[tuple[Code, int, int]]  # code, depth, quotations
    groups: list[tuple[str, int, int]]  # group, codes in it, quotations
    cases: list[tuple[str, int]]
    attribute_names: list[str]
    attribute: str
    attribute_values: list[str]
    by_attribute: list[tuple[Code, list[int]]]  # code x attribute value
    cooccurrence: list[tuple[str, str, int]]
    left_out: int = 0  # documents left out for research consent


def cooccurrence(rows, labels: dict[int, str]) -> list[tuple[str, str, int]]:
    """Pairs of codes one coder applied to overlapping text in the same document, with how often."""
    pairs: Counter[tuple[int, int]] = Counter()
    by_doc = defaultdict(list)
    for r in rows:
        by_doc[(r.document_id, r.coder)].append(r)
    for items in by_doc.values():
        items.sort(key=lambda r: r.start)
        active: list = []
        for item in items:
            active = [a for a in active if a.end > item.start]
            for other in active:
                if other.code_id != item.code_id:
                    pairs[tuple(sorted((other.code_id, item.code_id)))] += 1
            active.append(item)
    return sorted(
        ((labels.get(a, "?"), labels.get(b, "?"), n) for (a, b), n in pairs.items()),
        key=lambda t: (-t[2], t[0], t[1]),
    )


def count_tables(project: Project, attribute: str = "") -> CountTables:
    tree = code_tree(project)
    labels = {code.pk: code.name for code, _d in tree}
    rows = coding_rows(project)
    per_code = Counter(r.code_id for r in rows)
    groups = [
        (g.name, len(g.codes.all()), sum(per_code.get(c.pk, 0) for c in g.codes.all()))
        for g in code_groups(project)
    ]
    case_list = list(consented_cases(project_cases(project)))
    links, turns = links_and_turns(project, case_list)
    per_case = attribute_codings(links, rows, turns)
    reader = AttributeReader()
    attrs = {c.pk: reader.of(c) for c in case_list}
    names = attribute_names(case_list, list(attrs.values()))
    attribute = attribute if attribute in names else (names[0] if names else "")
    values = sorted({attrs[c.pk].get(attribute, "") for c in case_list} - {""})
    table: dict[int, list[int]] = {code.pk: [0] * len(values) for code, _d in tree}
    for case in case_list:
        value = attrs[case.pk].get(attribute, "")
        if value not in values:
            continue
        column = values.index(value)
        for r in per_case.get(case.pk, []):
            if r.code_id in table:
                table[r.code_id][column] += 1
    return CountTables(
        codes=[(code, depth, per_code.get(code.pk, 0)) for code, depth in tree],
        groups=groups,
        cases=[(c.name, len(per_case.get(c.pk, []))) for c in case_list],
        attribute_names=names,
        attribute=attribute,
        attribute_values=values,
        by_attribute=[(code, table[code.pk]) for code, _d in tree],
        cooccurrence=cooccurrence(rows, labels),
        left_out=excluded_by_consent(project),
    )
