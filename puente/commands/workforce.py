"""`puente workforce alerts`: alert supervisors when a PSW has missed their check-ins (run it daily)."""

from __future__ import annotations

import argparse
import datetime as dt

from puente.cli import UsageError, print_json, setup_django


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("workforce", help="Peer workforce housekeeping.")
    actions = parser.add_subparsers(dest="workforce_action", metavar="ACTION")
    actions.required = True
    alerts = actions.add_parser(
        "alerts",
        help="raise a missed-check-in alert for each supervised PSW silent for two weeks; "
        "safe to repeat (one open alert per PSW)",
    )
    alerts.add_argument("--date", help="act as if today were this date (YYYY-MM-DD, not in the future)")
    alerts.add_argument(
        "--enqueue", action="store_true", help="queue the work for `puente worker` instead of doing it now"
    )
    alerts.add_argument("--json", action="store_true", help="print a JSON summary")
    alerts.set_defaults(func=run_alerts)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--date must be YYYY-MM-DD, got {value!r}") from exc


def run_alerts(args: argparse.Namespace) -> int:
    on = _date(args.date)
    setup_django()
    from puente.workforce.services.common import today

    if on is not None and on > today():
        raise UsageError(f"--date cannot be in the future, got {args.date}")
    if args.enqueue:
        from puente.workforce.tasks import raise_missed_checkin_alerts

        result = raise_missed_checkin_alerts.enqueue(on.isoformat() if on else None)
        summary = {"date": (on or today()).isoformat(), "queued": str(result.id)}
        if args.json:
            print_json(summary)
        else:
            print(f"{summary['date']}: queued for the worker (task {summary['queued']}).")
        return 0
    from puente.workforce.services.wellbeing import do_raise_missed_checkin_alerts

    raised = do_raise_missed_checkin_alerts(on=on)
    summary = {"date": (on or today()).isoformat(), "alerts_raised": raised}
    if args.json:
        print_json(summary)
    else:
        print(f"{summary['date']}: {raised} missed-check-in alert(s) raised.")
    return 0
