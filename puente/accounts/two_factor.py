"""Second sign-in factor: an authenticator app (TOTP) plus one-time recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts import totp
from puente.accounts.models import RecoveryCode, TwoFactorDevice, User
from puente.accounts.roles import SECOND_FACTOR_ROLES
from puente.audit import services as audit

RECOVERY_CODE_COUNT = 10
SESSION_VERIFIED = "two_factor_verified"


def needs_second_factor(user: User) -> bool:
    """Whether this user may not work without a second factor."""
    return bool(settings.PUENTE_REQUIRE_2FA and user.has_any_role(SECOND_FACTOR_ROLES))


def has_device(user: User) -> bool:
    return TwoFactorDevice.objects.filter(user=user).exists()


def _hash_code(code: str) -> str:
    normalised = code.strip().replace("-", "").replace(" ", "").lower()
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def _new_recovery_code() -> str:
    raw = secrets.token_hex(5)
    return f"{raw[:5]}-{raw[5:]}"


def do_enable_two_factor(*, user: User, secret: str, code: str) -> list[str]:
    """Confirm a new authenticator with a code from it; returns fresh recovery codes, shown once."""
    step = totp.matching_step(secret, code)
    if step is None:
        raise ValidationError(_("That code does not match. Check the time on your phone and try again."))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        TwoFactorDevice.objects.update_or_create(
            user=user, defaults={"secret": secret, "confirmed_at": timezone.now(), "last_step": step}
        )
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash_code(c)) for c in codes)
        audit.record(actor=user, action="two_factor.enable", obj=user, after={"recovery_codes": len(codes)})
    return codes


def check_second_factor(*, user: User, code: str) -> bool:
    """Accept a current authenticator code or an unused recovery code (which is then used up)."""
    with transaction.atomic():
        device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return False
        step = totp.matching_step(device.secret, code, after_step=device.last_step)
        if step is not None:
            TwoFactorDevice.objects.filter(pk=device.pk).update(last_step=step)
            return True
        recovery = RecoveryCode.objects.filter(
            user=user, code_hash=_hash_code(code), used_at__isnull=True
        ).first()
        if recovery is None:
            return False
        RecoveryCode.objects.filter(pk=recovery.pk).update(used_at=timezone.now())
        audit.record(actor=user, action="two_factor.recovery_code_used", obj=user)
        return True


def do_reset_two_factor(*, actor: User, user: User) -> None:
    """An administrator removes a lost authenticator; the user enrols again at next sign-in."""
    with transaction.atomic():
        TwoFactorDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit.record(actor=actor, action="two_factor.reset", obj=user)
