"""Writes about accounts: each in one transaction with its audit event."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.accounts.models import Membership, Site, User
from puente.audit import services as audit


def do_set_language(*, actor: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    if actor.language == language:
        return
    with transaction.atomic():
        before = actor.language
        User.objects.filter(pk=actor.pk).update(language=language)
        actor.language = language
        audit.record(
            actor=actor,
            action="account.language",
            obj=actor,
            before={"language": before},
            after={"language": language},
        )


def do_create_user(
    *,
    actor: User | None,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    language: str = "en",
    is_superuser: bool = False,
) -> User:
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("The user name %(name)s is taken.") % {"name": username})
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            language=language,
            is_superuser=is_superuser,
            is_staff=is_superuser,
        )
        user.set_password(password)
        user.save()
        audit.record(
            actor=actor,
            action="account.create",
            obj=user,
            after={"username": username, "language": language, "is_superuser": is_superuser},
        )
    return user


def do_grant_role(*, actor: User | None, user: User, site: Site, role: str) -> Membership:
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, site=site, role=role)
        if created:
            audit.record(
                actor=actor,
                action="membership.create",
                obj=membership,
                site_id=site.pk,
                after={"user": user.pk, "site": site.pk, "role": role},
            )
    return membership
