"""`puente audit verify`: check the audit log's hash chain."""

from __future__ import annotations

import argparse

from puente.cli import print_json, setup_django


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="Audit log tools.")
    audit_sub = parser.add_subparsers(dest="audit_command", metavar="ACTION")
    audit_sub.required = True
    verify = audit_sub.add_parser(
        "verify", help="Exit 0 if the audit chain is intact; else name the first bad event."
    )
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    setup_django()
    from puente.audit.verify import verify_chain

    result = verify_chain()
    if args.json:
        print_json(
            {
                "ok": result.ok,
                "events": result.events,
                "broken_seq": result.broken_seq,
                "reason": result.reason,
            }
        )
    elif result.ok:
        print(f"Audit log intact: {result.events} events.")
    else:
        print(f"Audit log broken: {result.reason} (after {result.events} intact events).")
    return 0 if result.ok else 1
