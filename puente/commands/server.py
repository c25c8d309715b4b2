"""`puente demo`, `puente serve` and `puente manage`."""

from __future__ import annotations

import argparse
import os
import sys

from puente.cli import UsageError, setup_django

DEMO_PASSWORD = "puente-demo"


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="Load the synthetic demo programme and serve it.")
    demo.add_argument("--reset", action="store_true", help="Delete the demo data and load it again.")
    demo.add_argument("--no-serve", action="store_true", help="Load the data, then exit.")
    demo.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    demo.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    demo.set_defaults(func=run_demo)

    serve = subparsers.add_parser("serve", help="Serve Puente with the production WSGI server (waitress).")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("PUENTE_THREADS", "8")),
        help="Requests served at once by this process (default 8; see docs/deployment.md).",
    )
    serve.add_argument(
        "--connection-limit",
        type=int,
        default=100,
        help="Open client connections accepted before new ones wait (default 100).",
    )
    serve.add_argument(
        "--trusted-proxy",
        default=os.environ.get("PUENTE_TRUSTED_PROXY", ""),
        help="Address of the load balancer in front (or '*'): its X-Forwarded-For/-Proto/-Host are believed.",
    )
    serve.add_argument("--migrate", action="store_true", help="Apply database migrations first.")
    serve.add_argument(
        "--no-collectstatic",
        action="store_true",
        help="Static files were already collected (e.g. once per release for several servers).",
    )
    serve.set_defaults(func=run_serve)

    worker = subparsers.add_parser("worker", help="Run background tasks (reports, imports, reminders).")
    worker.add_argument("--batch", action="store_true", help="Run the queued tasks, then exit.")
    worker.set_defaults(func=run_worker)

    manage = subparsers.add_parser("manage", help="Run a Django management command (migrate, shell...).")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=run_manage)


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _serve(
    host: str, port: int, threads: int = 8, connection_limit: int = 100, trusted_proxy: str = ""
) -> int:
    from waitress import serve

    from puente.wsgi import application

    if threads < 1 or connection_limit < 1:
        raise UsageError("--threads and --connection-limit must be at least 1")
    # Behind a load balancer, the client's address (sign-in throttling) and scheme (TLS redirects) come
    # from the balancer's headers; from anyone else such headers are dropped.
    proxy = (
        {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
        }
        if trusted_proxy
        else {}
    )
    serve(
        application,
        host=host,
        port=port,
        threads=threads,
        connection_limit=connection_limit,
        ident="puente",
        clear_untrusted_proxy_headers=True,
        **proxy,
    )
    return 0


def run_demo(args: argparse.Namespace) -> int:
    os.environ["PUENTE_DEMO"] = "1"
    setup_django()
    from django.conf import settings

    from puente.demo import loader

    if args.reset:
        loader.reset_database()
    _migrate()
    created = loader.load_demo()
    print("Loaded the demo programme." if created else "Using the demo data already loaded.")
    url = f"http://{args.host}:{args.port}/"
    print(f"\nPuente demo: {url}\nDemo accounts (password: {DEMO_PASSWORD}):")
    for username, description in loader.DEMO_ACCOUNTS:
        print(f"  {username:<22} {description}")
    print(f"Database: {settings.DATABASES['default']['NAME']}")
    if args.no_serve:
        return 0
    sys.stdout.flush()
    return _serve(args.host, args.port)


def run_serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if args.migrate:
        _migrate()
    if not (settings.DEBUG or settings.DEMO_MODE or settings.TESTING or args.no_collectstatic):
        call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Serving Puente on http://{args.host}:{args.port}/ ({args.threads} threads)", flush=True)
    return _serve(args.host, args.port, args.threads, args.connection_limit, args.trusted_proxy)


def run_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    options = {"queue_name": "*", "no_startup_delay": True}
    if args.batch:
        options["batch"] = True
    call_command("db_worker", **options)
    return 0


def run_manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import CommandError, execute_from_command_line

    if not args.args:
        raise UsageError("name a management command, e.g. `puente manage migrate`")
    try:
        execute_from_command_line(["puente manage", *args.args])
    except CommandError as exc:
        raise UsageError(str(exc)) from exc
    return 0
