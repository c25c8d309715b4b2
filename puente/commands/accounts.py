"""`puente createadmin`: the first administrator account."""

from __future__ import annotations

import argparse
import getpass
import os

from puente.cli import UsageError, setup_django


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("createadmin", help="Create an administrator for one or more sites.")
    parser.add_argument("username")
    parser.add_argument("--site", action="append", default=[], help="Site code (repeatable); created if new.")
    parser.add_argument("--organisation", default="Puente", help="Organisation for new sites.")
    parser.add_argument("--country", default="", help="Two-letter country code for new sites.")
    parser.add_argument(
        "--password-env",
        default="PUENTE_ADMIN_PASSWORD",
        help="Read the password from this environment variable instead of prompting.",
    )
    parser.set_defaults(func=run_createadmin)


def run_createadmin(args: argparse.Namespace) -> int:
    setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from puente.accounts import services
    from puente.accounts.models import Organisation, Site
    from puente.accounts.roles import Role

    password = os.environ.get(args.password_env) or getpass.getpass("Password: ")
    try:
        validate_password(password)
    except ValidationError as exc:
        raise UsageError(" ".join(exc.messages)) from exc
    if not args.site:
        raise UsageError("give at least one --site CODE")
    try:
        with transaction.atomic():
            user = services.do_create_user(actor=None, username=args.username, password=password)
            for code in args.site:
                site = Site.objects.filter(code=code).first()
                if site is None:
                    if len(args.country) != 2:
                        raise UsageError(f"site {code} is new: give --country as a two-letter code")
                    organisation, _ = Organisation.objects.get_or_create(name=args.organisation)
                    site = Site.objects.create(
                        organisation=organisation, code=code, name=code, country=args.country.upper()
                    )
                services.do_grant_role(actor=None, user=user, site=site, role=Role.ADMINISTRATOR)
    except ValidationError as exc:
        raise UsageError(" ".join(exc.messages)) from exc
    print(f"Created administrator {user.username}.")
    return 0
