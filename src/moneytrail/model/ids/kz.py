"""Kazakhstan's IIN (individuals) and BIN (legal entities): 12 digits with a mod-11 check.

Written by hand because python-stdnum has no Kazakhstan module. The check digit is the
weighted sum of the first 11 digits mod 11 with weights 1..11; when that gives 10, a second
round uses weights 3..11, 1, 2; when that also gives 10 no number with those 11 digits exists.

Weight 11 is 0 mod 11, so in the first round the 11th digit does not affect the check digit:
a changed 11th digit goes unnoticed unless the number needs the second round. A changed
digit can also go unnoticed when the change moves the number between rounds. Every other
single-digit substitution is caught.

IIN: YYMMDD of birth, a century-and-sex digit (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male,
even female), a 4-digit serial and the check digit. Some registries put 0 in the seventh
place for foreign citizens; such an IIN is accepted with no century and no sex. Dates are
checked against the calendar only: no clock is read, so a future birth date passes.
The mask keeps the birth date and hides the rest ("850101******").

BIN: YYMM of registration, the entity type (4 resident legal entity, 5 non-resident legal
entity, 6 individual entrepreneur in joint enterprise), the attribute (0 head office,
1 branch, 2 representative office, 3 peasant farm), a 5-digit serial and the check digit.
A two-digit registration year of 90 or more is read as the 1900s, below 90 as the 2000s.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from moneytrail.model.ids.base import (
    IdKind,
    IdResult,
    Tokenizer,
    fail,
    maybe_token,
    ok,
    strip_separators,
)

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_TWELVE = re.compile(r"[0-9]{12}")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}
ENTITY_TYPES = {
    4: "resident legal entity",
    5: "non-resident legal entity",
    6: "individual entrepreneur (joint enterprise)",
}
ATTRIBUTES = {0: "head office", 1: "branch", 2: "representative office", 3: "peasant farm"}


def kz_check_digit(first11: str) -> int | None:
    """The check digit for 11 digits, or None when both rounds give 10 (no such number)."""
    if not re.fullmatch(r"[0-9]{11}", first11):
        raise ValueError("kz_check_digit needs exactly 11 digits")
    digits = [int(c) for c in first11]
    for weights in (_WEIGHTS_1, _WEIGHTS_2):
        remainder = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def make_iin(birth: date, sex: Literal["M", "F"], serial: int) -> str | None:
    """An IIN for a birth date, sex and serial (0-9999), or None when no check digit exists."""
    if not 1800 <= birth.year <= 2099:
        raise ValueError(f"no IIN century digit for a birth year of {birth.year}")
    if not 0 <= serial <= 9999:
        raise ValueError(f"IIN serial {serial} is not in 0-9999")
    digit = (birth.year // 100 - 18) * 2 + (1 if sex == "M" else 2)
    return _complete(f"{_yymm(birth)}{birth.day:02d}{digit}{serial:04d}")


def make_bin(registered: date, entity_type: int, attribute: int, serial: int) -> str | None:
    """A BIN for a registration month, type, attribute and serial (0-99999), or None."""
    if entity_type not in ENTITY_TYPES or attribute not in ATTRIBUTES:
        raise ValueError(f"unknown BIN entity type {entity_type} or attribute {attribute}")
    if not 0 <= serial <= 99999:
        raise ValueError(f"BIN serial {serial} is not in 0-99999")
    return _complete(f"{_yymm(registered)}{entity_type}{attribute}{serial:05d}")


def looks_like_iin(value: str) -> bool:
    """Twelve digits whose fifth (the tens of the day of birth) is 0-3."""
    digits = strip_separators(value)
    return bool(_TWELVE.fullmatch(digits)) and digits[4] in "0123"


def looks_like_bin(value: str) -> bool:
    """Twelve digits whose fifth (the entity type) is 4-6."""
    digits = strip_separators(value)
    return bool(_TWELVE.fullmatch(digits)) and digits[4] in "456"


def check_iin(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """A valid IIN: 12 digits, a real birth date, a known century digit, the check digit."""
    digits = strip_separators(value)
    shape = _shape(IdKind.IIN, digits)
    if shape is not None:
        return shape
    details = _iin_details(digits)
    if isinstance(details, str):
        rule = "iin.century_sex" if details.startswith("century") else "iin.birth_date"
        return fail(IdKind.IIN, rule, details, normalized=digits)
    checksum = _checksum(IdKind.IIN, digits)
    if checksum is not None:
        return checksum
    token = maybe_token(tokenizer, IdKind.IIN, digits)
    return ok(IdKind.IIN, digits, masked=digits[:6] + "*" * 6, token=token, details=details)


def check_bin(value: str, tokenizer: Tokenizer | None = None) -> IdResult:  # noqa: ARG001
    """A valid BIN: 12 digits, a real month, a known type and attribute, the check digit.

    A BIN names an organisation, not a person: it is neither masked nor tokenized.
    """
    digits = strip_separators(value)
    shape = _shape(IdKind.BIN, digits)
    if shape is not None:
        return shape
    month, kind, attribute = int(digits[2:4]), int(digits[4]), int(digits[5])
    if not 1 <= month <= 12:
        return fail(IdKind.BIN, "bin.registration_date", f"month {month:02d} does not exist")
    if kind not in ENTITY_TYPES:
        return fail(IdKind.BIN, "bin.entity_type", f"{kind} is not a BIN entity type (4-6)")
    if attribute not in ATTRIBUTES:
        return fail(IdKind.BIN, "bin.attribute", f"{attribute} is not a BIN attribute (0-3)")
    checksum = _checksum(IdKind.BIN, digits)
    if checksum is not None:
        return checksum
    year = int(digits[:2])
    details = {
        "registered": f"{year + (1900 if year >= 90 else 2000)}-{month:02d}",
        "entity_type": ENTITY_TYPES[kind],
        "attribute": ATTRIBUTES[attribute],
    }
    return ok(IdKind.BIN, digits, details=details)


def _yymm(day: date) -> str:
    return f"{day.year % 100:02d}{day.month:02d}"


def _complete(first11: str) -> str | None:
    check = kz_check_digit(first11)
    return None if check is None else f"{first11}{check}"


def _shape(kind: IdKind, digits: str) -> IdResult | None:
    """A failure when the value is not 12 ASCII digits."""
    name = "an IIN" if kind == IdKind.IIN else "a BIN"
    if not _ASCII_DIGITS.fullmatch(digits):
        return fail(kind, f"{kind.value}.format", f"{name} has only digits")
    if len(digits) != 12:
        return fail(kind, f"{kind.value}.length", f"{name} has 12 digits, not {len(digits)}")
    return None


def _checksum(kind: IdKind, digits: str) -> IdResult | None:
    """A failure when the last digit is not the check digit of the first 11."""
    expected = kz_check_digit(digits[:11])
    if expected is None:
        reason = "no check digit exists for these first 11 digits (both rounds give 10)"
    elif expected != int(digits[11]):
        reason = "the check digit does not match (mod 11)"
    else:
        return None
    return fail(kind, f"{kind.value}.checksum", reason, normalized=digits)


def _iin_details(digits: str) -> dict[str, str] | str:
    """Birth date and sex from an IIN, or the reason they are impossible."""
    code, yy, month, day = int(digits[6]), int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    if code == 0:
        if _date(2000 + yy, month, day) is None:  # 2000 is a leap year: 29 February passes
            return f"{digits[:6]} is not a date of birth"
        return {"birth_date": f"--{month:02d}-{day:02d}", "sex": "unknown", "century_sex": "0"}
    if code not in _CENTURY:
        return f"century-and-sex digit {code} is not used (0-6)"
    birth = _date(_CENTURY[code] + yy, month, day)
    if birth is None:
        return f"{digits[:6]} is not a date of birth"
    return {"birth_date": birth.isoformat(), "sex": "M" if code % 2 else "F"}


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
