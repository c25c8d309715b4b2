"""`puente reminders send`: e-mail workers about due and overdue questionnaires (run it once a day)."""

from __future__ import annotations

import argparse
import datetime as dt

from puente.cli import UsageError, print_json, setup_django


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("reminders", help="Reminders about questionnaires that are due.")
    actions = parser.add_subparsers(dest="reminders_action", metavar="ACTION")
    actions.required = True
    send = actions.add_parser(
        "send",
        help="e-mail each worker a list of their due and overdue questionnaires; at most once a day each",
    )
    send.add_argument(
        "--dry-run", action="store_true", help="show what would be sent, send and record nothing"
    )
    send.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")
    send.add_argument("--json", action="store_true", help="print a JSON summary")
    send.set_defaults(func=run_send)


def run_send(args: argparse.Namespace) -> int:
    today = None
    if args.date:
        try:
            today = dt.date.fromisoformat(args.date)
        except ValueError as exc:
            raise UsageError(f"--date must be YYYY-MM-DD, got {args.date!r}") from exc
    setup_django()
    from django.utils import timezone

    from puente.instruments.services.reminders import do_send_reminders

    summary = do_send_reminders(today=today or timezone.localdate(), dry_run=args.dry_run)
    if args.json:
        print_json(summary)
    else:
        verb = "would send" if args.dry_run else "sent"
        print(
            f"{summary['date']}: {verb} reminders to {summary['workers']} worker(s) about "
            f"{summary['administrations']} questionnaire(s), {summary['overdue']} overdue."
        )
    return 0
