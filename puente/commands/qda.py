"""`puente qda`: qualitative projects from the command line.

- ``puente qda import FILE --project NAME [--positions auto|codepoints|utf16] [--site CODE] [--json]``
  imports a REFI-QDA project (.qdpx/.qde) into a new (or empty) project, or a codebook (.qdc) into a
  project, in one transaction: a bad file changes nothing (one-line reason, exit 2).
- ``puente qda export --project NAME --out FILE.qdpx|FILE.qdc [--json]`` writes the project or its codebook.
- ``puente qda agreement --project NAME --coders A,B [--json]`` prints character-level agreement per code.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from puente.cli import UsageError, print_json, setup_django


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("qda", help="Qualitative projects: REFI-QDA import/export, agreement.")
    sub = parser.add_subparsers(dest="qda_command", metavar="ACTION")
    sub.required = True

    imp = sub.add_parser("import", help="Import a .qdpx/.qde project or a .qdc codebook.")
    imp.add_argument("file")
    imp.add_argument("--project", required=True, help="Project name (created if it does not exist).")
    imp.add_argument(
        "--positions",
        choices=["auto", "codepoints", "utf16"],
        default="auto",
        help="How the file counts text positions (auto detects NVivo's UTF-16 counting).",
    )
    imp.add_argument("--site", help="Site code for a new project (default: the only site, if there is one).")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=run_import)

    exp = sub.add_parser("export", help="Export a project (.qdpx) or its codebook (.qdc).")
    exp.add_argument("--project", required=True)
    exp.add_argument("--out", required=True, help="Target file, ending in .qdpx or .qdc.")
    exp.add_argument("--json", action="store_true")
    exp.set_defaults(func=run_export)

    agr = sub.add_parser("agreement", help="Agreement between two coders at character level, per code.")
    agr.add_argument("--project", required=True)
    agr.add_argument("--coders", required=True, help="Two coders, by user name or coder name: A,B")
    agr.add_argument("--json", action="store_true")
    agr.set_defaults(func=run_agreement)


def _project(name: str):
    from puente.qualitative.selectors.projects import get_project_by_name

    project = get_project_by_name(name)
    if project is None:
        raise UsageError(f"no qualitative project called {name!r}")
    return project


def _message(error) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


def run_import(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from puente.accounts.models import Site
    from puente.qualitative.selectors.projects import get_project_by_name
    from puente.qualitative.services import projects as project_services
    from puente.qualitative.services import refi_import

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"file not found: {args.file}")
    try:
        with transaction.atomic():
            project = get_project_by_name(args.project)
            if project is None:
                sites = Site.objects.filter(code=args.site) if args.site else Site.objects.all()
                if args.site and not sites.exists():
                    raise UsageError(f"no site with code {args.site!r}")
                chosen = list(sites[:2])
                project = project_services.do_create_project(
                    actor=None, name=args.project, sites=chosen if len(chosen) == 1 else []
                )
            result = refi_import.do_import_refi(
                actor=None, project=project, path=path, positions=args.positions
            )
    except ValidationError as error:
        raise UsageError(_message(error)) from None
    counts = {
        k: result.counts.get(k, 0)
        for k in ("users", "codes", "sources", "selections", "codings", "cases", "notes")
    }
    if args.json:
        print_json(
            {
                **counts,
                "project": project.name,
                "positions": refi_import.positions_summary(result.report),
                "converted_selections": result.report.converted_selections,
                "warnings": result.report.warnings,
                "unmodelled": len(result.report.unmodelled),
            }
        )
    else:
        print(f"Imported into {project.name}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        for warning in result.report.warnings:
            print(f"warning: {warning}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from puente.qualitative.selectors.consent import left_out_message
    from puente.qualitative.services import refi_export

    out = Path(args.out)
    if out.suffix.lower() not in (".qdpx", ".qdc"):
        raise UsageError("--out must end in .qdpx or .qdc")
    if not out.parent.is_dir():
        raise UsageError(f"directory not found: {out.parent}")
    project = _project(args.project)
    try:
        result = refi_export.do_export_refi(actor=None, project=project, path=out)
    except ValidationError as error:
        raise UsageError(_message(error)) from None
    converted = [*result.notices, *result.report.converted]
    if args.json:
        print_json(
            {
                "file": str(out),
                "counts": result.report.counts,
                "converted": converted,
                "warnings": result.report.warnings,
                "left_out_for_consent": result.left_out,
            }
        )
    else:
        print(f"Wrote {out}")
        if result.left_out:
            print(f"left out: {left_out_message(result.left_out)}")
        for line in converted:
            print(f"converted: {line}")
        for warning in result.report.warnings:
            print(f"warning: {warning}")
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    setup_django()
    from django.db.models import Q

    from puente.qualitative.selectors.agreement import agreement, agreement_json
    from puente.qualitative.selectors.consent import excluded_by_consent, left_out_message

    project = _project(args.project)
    names = [n.strip() for n in args.coders.split(",") if n.strip()]
    if len(names) != 2 or names[0] == names[1]:
        raise UsageError("--coders needs two different coders: A,B")
    coders = []
    for name in names:
        member = project.members.filter(Q(user__username=name) | Q(name=name)).first()
        if member is None:
            raise UsageError(f"{name!r} is not a coder of {project.name}")
        coders.append(member)
    data = agreement_json(project, agreement(project, coders[0], coders[1]))
    left_out = excluded_by_consent(project)
    if args.json:
        overall = {**data["overall"], "left_out_for_consent": left_out}
        print_json({"units": data["units"], "overall": overall, "per_code": data["per_code"]})
        return 0
    overall = data["overall"]
    print(f"{overall['documents']} documents, {overall['characters']} characters (units: characters)")
    if left_out:
        print(f"left out: {left_out_message(left_out)}")
    print(
        f"overall: agreement {_fmt(overall['percent_agreement'])}, kappa {_fmt(overall['cohen_kappa'])}, "
        f"alpha {_fmt(overall['krippendorff_alpha'])}"
    )
    for row in data["per_code"]:
        print(
            f"{row['code']}: both {row['both']}, A only {row['a_only']}, B only {row['b_only']}, "
            f"neither {row['neither']}; agreement {_fmt(row['percent_agreement'])}, "
            f"kappa {_fmt(row['cohen_kappa'])}, alpha {_fmt(row['krippendorff_alpha'])}"
        )
    return 0


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
