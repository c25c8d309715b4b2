"""`puente score` and `puente instruments`: score questionnaires from CSV, inspect definitions."""

from __future__ import annotations

import argparse
import csv
import io
import math
from pathlib import Path
from typing import Any

import numpy as np

from puente.cli import UsageError, print_json
from puente.instruments.loader import DefinitionError, list_definitions, load_definition
from puente.instruments.scoring import CompiledInstrument, ResponseError, compile_definition

MISSING_CELLS = frozenset({"", "na", "n/a"})


def register(subparsers: Any) -> None:
    score = subparsers.add_parser(
        "score",
        help="score a CSV of administrations (one row each, one column per item id)",
        description="Score a wide CSV: one row per administration, one column per item id; other "
        "columns are passed through. Adds every score, band and a reason column.",
    )
    score.add_argument("instrument", help="instrument id, e.g. swls (see `puente instruments list`)")
    score.add_argument("--input", required=True, help="responses CSV")
    score.add_argument("--output", required=True, help="where to write the scored CSV")
    score.add_argument("--json", action="store_true", help="print a JSON summary")
    score.set_defaults(func=run_score)

    instruments = subparsers.add_parser("instruments", help="list and show instrument definitions")
    actions = instruments.add_subparsers(dest="instruments_action", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", help="list shipped instruments")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)
    show = actions.add_parser("show", help="show one instrument definition")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)


def _definition(ident: str) -> dict[str, Any]:
    try:
        return load_definition(ident)
    except DefinitionError as exc:
        raise UsageError(str(exc)) from exc


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]], list[int]]:
    """Header, rows and the file line on which each row starts."""
    if not path.is_file():
        raise UsageError(f"input file not found: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise UsageError(f"{path} is empty: expected a header row with item ids")
    header = [h.strip() for h in header]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise UsageError(f"duplicate column(s) in header: {', '.join(duplicates)}")
    rows, lines = [], []
    last = reader.line_num
    for cells in reader:
        line, last = last + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise UsageError(f"line {line}: {len(cells)} cells, header has {len(header)}")
        rows.append(dict(zip(header, cells, strict=True)))
        lines.append(line)
    return header, rows, lines


def _output_columns(inst: CompiledInstrument) -> list[str]:
    columns = []
    for output in inst.outputs:
        columns.append(f"{inst.id}_{output.id}")
        if output.band_ids:
            columns.append(f"{inst.id}_{output.id}_band")
    return [*columns, "reason"]


def _matrix(inst: CompiledInstrument, rows: list[dict[str, str]], lines: list[int]) -> np.ndarray:
    matrix = np.full((len(rows), inst.n_items), np.nan)
    for r, row in enumerate(rows):
        for c, item_id in enumerate(inst.item_ids):
            cell = row[item_id].strip()
            if cell.lower() in MISSING_CELLS:
                continue
            try:
                value = float(cell)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise UsageError(f"line {lines[r]}, column {item_id}: {cell!r} is not a number")
            matrix[r, c] = value
    return matrix


def _fmt(value: float) -> str:
    if math.isnan(value):
        return ""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def run_score(args: argparse.Namespace) -> int:
    inst = compile_definition(_definition(args.instrument))
    header, rows, lines = _read_rows(Path(args.input))
    produced = _output_columns(inst)
    prefix = f"{inst.id}_"
    unknown = [h for h in header if h.startswith(prefix) and h not in inst.item_ids and h not in produced]
    if unknown:
        raise UsageError(f"unknown item column(s) for {inst.id}: {', '.join(unknown)}")
    absent = [i for i in inst.item_ids if i not in header]
    if absent:
        raise UsageError(f"missing item column(s) for {inst.id}: {', '.join(absent)}")
    matrix = _matrix(inst, rows, lines)
    try:
        inst.validate(matrix, limit=1)
    except ResponseError as exc:
        row, item_id, value = exc.problems[0]
        shown = _fmt(value) if math.isfinite(value) else str(value)
        scale = inst.describe_scale(inst.item_ids.index(item_id))
        raise UsageError(
            f"line {lines[row]}, column {item_id}: {shown} is not an answer on its scale ({scale})"
        ) from exc
    result = inst.score(matrix)

    out_path = Path(args.output)
    if not out_path.parent.is_dir():
        raise UsageError(f"output folder does not exist: {out_path.parent}")
    passthrough = [h for h in header if h not in produced]
    columns: dict[str, list[str]] = {}
    for output in inst.outputs:
        columns[f"{inst.id}_{output.id}"] = [_fmt(v) for v in result.values[output.id].tolist()]
        if output.band_ids:
            columns[f"{inst.id}_{output.id}_band"] = [str(b) for b in result.bands(output.id).tolist()]
    columns["reason"] = result.reasons()
    with out_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*passthrough, *produced])
        for r, row in enumerate(rows):
            writer.writerow([row[h] for h in passthrough] + [columns[c][r] for c in produced])

    summary = result.summary()
    if args.json:
        print_json({**summary, "output": str(out_path)})
    else:
        rows_n, empty = summary["rows"], summary["incomplete"]
        print(f"{inst.id}: scored {rows_n} row(s), {empty} with empty scores -> {out_path}")
    return 0


def _brief(definition: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": definition["id"],
        "abbreviation": definition["abbreviation"],
        "name": definition["name"]["en"],
        "version": definition["version"],
        "items": len(definition["items"]),
        "scores": [s["id"] for s in definition["scores"]]
        + [t["id"] for s in definition["scores"] for t in s.get("transforms", [])],
        "item_text_shipped": any("text" in item for item in definition["items"]),
        "unverified_facts": sum(1 for v in definition["verification"] if v["status"] == "unverified"),
    }


def run_list(args: argparse.Namespace) -> int:
    briefs = [_brief(load_definition(ident)) for ident in list_definitions()]
    if args.json:
        print_json(briefs)
    else:
        for b in briefs:
            print(f"{b['id']:<12} {b['abbreviation']:<12} {b['name']} ({b['items']} items)")
    return 0


def run_show(args: argparse.Namespace) -> int:
    definition = _definition(args.id)
    if args.json:
        print_json(definition)
        return 0
    b = _brief(definition)
    print(f"{b['abbreviation']}: {b['name']} ({b['version']}), {b['items']} items")
    print(f"reference: {definition['reference']['citation']}")
    for score in definition["scores"]:
        low, high = score["range"]
        print(f"  {score['id']}: {score['method']} of {len(score['items'])} items, range {low}-{high}")
    for fact in definition["verification"]:
        if fact["status"] == "unverified":
            print(f"  unverified: {fact['fact']} ({fact['reason']})")
    return 0
