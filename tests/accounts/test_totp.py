"""RFC 6238 appendix B and RFC 4226 appendix D test vectors."""

from __future__ import annotations

import base64

import pytest

from puente.accounts import totp

RFC_SECRET = b"12345678901234567890"


@pytest.mark.parametrize(
    ("counter", "expected"),
    [(0, "755224"), (1, "287082"), (2, "359152"), (3, "969429"), (9, "520489")],
)
def test_hotp_matches_rfc_4226(counter, expected):
    assert totp.hotp(RFC_SECRET, counter) == expected


@pytest.mark.parametrize(
    ("timestamp", "expected"),
    [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"), (20000000000, "65353130")],
)
def test_totp_matches_rfc_6238_sha1(timestamp, expected):
    assert totp.hotp(RFC_SECRET, totp.step_at(timestamp), digits=8) == expected


def test_a_code_is_accepted_within_one_step_and_never_twice():
    secret = base64.b32encode(RFC_SECRET).decode()
    now = 1_700_000_000
    code = totp.code_at(secret, now - 30)
    step = totp.matching_step(secret, code, now=now)
    assert step == totp.step_at(now) - 1
    assert totp.matching_step(secret, code, now=now, after_step=step) is None
    assert totp.matching_step(secret, totp.code_at(secret, now - 90), now=now) is None
    assert totp.matching_step(secret, "12345", now=now) is None
    assert totp.matching_step(secret, "abcdef", now=now) is None


def test_the_provisioning_uri_names_the_issuer_and_account():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", account="ana")
    assert uri.startswith("otpauth://totp/Puente%3Aana?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri and "issuer=Puente" in uri
