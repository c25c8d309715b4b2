"""Check digits of the national identifiers that appear in transcripts (pure Python).

Chile RUT (modulo 11, K for 10), Brazil CPF (two modulo-11 digits), Spain DNI/NIE (letter = number
modulo 23), Italy codice fiscale (odd/even tables, omocodia letters allowed). Argentina's DNI has no
check digit, so only its form can be checked.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\D")


def rut_check_digit(body: str) -> str:
    total, factor = 0, 2
    for digit in reversed(body):
        total += int(digit) * factor
        factor = 2 if factor == 7 else factor + 1
    rest = 11 - total % 11
    return {11: "0", 10: "K"}.get(rest, str(rest))


def is_valid_rut(value: str) -> bool:
    cleaned = value.replace(".", "").replace(" ", "").upper()
    match = re.fullmatch(r"(\d{7,8})-?([\dK])", cleaned)
    return bool(match) and rut_check_digit(match.group(1)) == match.group(2)


def is_valid_cpf(value: str) -> bool:
    digits = _DIGITS.sub("", value)
    if len(digits) != 11 or digits == digits[0] * 11:
        return False
    numbers = [int(d) for d in digits]
    for length in (9, 10):
        total = sum(n * (length + 1 - i) for i, n in enumerate(numbers[:length]))
        check = (total * 10) % 11 % 10
        if check != numbers[length]:
            return False
    return True


def is_plausible_dni_ar(value: str) -> bool:
    digits = _DIGITS.sub("", value)
    return 7 <= len(digits) <= 8 and int(digits) >= 1_000_000


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def is_valid_dni_es(value: str) -> bool:
    """Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter)."""
    cleaned = value.replace("-", "").replace(" ", "").replace(".", "").upper()
    match = re.fullmatch(r"([XYZ]?)(\d{7,8})([A-Z])", cleaned)
    if not match:
        return False
    prefix, number, letter = match.groups()
    if prefix:
        if len(number) != 7:
            return False
        number = str("XYZ".index(prefix)) + number
    elif len(number) != 8:
        return False
    return _DNI_LETTERS[int(number) % 23] == letter


_CF_ODD = {
    **dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21], strict=True)),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23],
            strict=True,
        )
    ),
}
_CF_FORM = re.compile(r"[A-Z]{6}[\dLMNPQRSTUV]{2}[ABCDEHLMPRST][\dLMNPQRSTUV]{2}[A-Z][\dLMNPQRSTUV]{3}[A-Z]")


def codice_fiscale_check_char(first15: str) -> str:
    total = 0
    for index, char in enumerate(first15):
        if index % 2 == 0:  # 1st, 3rd, ... characters (odd positions counting from 1)
            total += _CF_ODD[char]
        else:
            total += int(char) if char.isdigit() else ord(char) - ord("A")
    return chr(ord("A") + total % 26)


def is_valid_codice_fiscale(value: str) -> bool:
    cleaned = value.replace(" ", "").upper()
    return bool(_CF_FORM.fullmatch(cleaned)) and codice_fiscale_check_char(cleaned[:15]) == cleaned[15]
