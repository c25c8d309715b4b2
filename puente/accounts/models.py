"""Organisations, sites, users and their roles at each site."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.accounts.roles import ROLE_PRIORITY, Role
from puente.web.compiled_queries import CompiledLookup


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A real place where the programme runs (a community mental health centre, a CAPS...)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 two-letter code"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="es")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def site_roles(self) -> dict[str, set[int]]:
        """Each role the user holds -> the sites where they hold it, read in one query.

        Kept on this user object only: Django loads the user afresh for every request, so the access
        checks, the second-factor rule and the selectors of one request share one read, and a membership
        change takes effect on the next request."""
        cached: dict[str, set[int]] | None = getattr(self, "_site_role_cache", None)
        if cached is None:
            cached = {}
            for site_id, role in _MEMBERSHIP_ROWS.rows(user_id=self.pk):
                cached.setdefault(role, set()).add(site_id)
            self._site_role_cache = cached
        return cached

    def role_set(self) -> frozenset[str]:
        """Every role the user holds at any site (read once per user object, see :meth:`site_roles`)."""
        return frozenset(self.site_roles())

    def has_any_role(self, roles: frozenset[str] | set[str]) -> bool:
        return bool(self.role_set() & set(roles))

    @property
    def primary_role(self) -> str | None:
        held = self.role_set()
        return next((role for role in ROLE_PRIORITY if role in held), None)


class Membership(models.Model):
    """One role held by one user at one site."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "site", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} @ {self.site}"


# Every signed-in request reads its user's memberships: compiled once (see puente.web.compiled_queries).
_MEMBERSHIP_ROWS = CompiledLookup(
    lambda *, user_id: Membership.objects.filter(user_id=user_id).values_list("site_id", "role")
)


class LoginAttempt(models.Model):
    """Every sign-in attempt, for throttling, lockout and the administrators' security page."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.username} {'ok' if self.succeeded else 'failed'} {self.created_at:%Y-%m-%d %H:%M}"


class TwoFactorDevice(models.Model):
    """An authenticator app registered by the user (TOTP)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField()
    # The last time step accepted: a code is never accepted twice.
    last_step = models.BigIntegerField(default=-1)

    def __str__(self) -> str:
        return f"two-factor device of {self.user_id}"


class RecoveryCode(models.Model):
    """One-time codes for when the phone is lost; only their hashes are stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"
