"""Phone numbers, a payment requisite in Kazakhstan (transfers by phone number).

Parsing and validation are Google's libphonenumber rules (the `phonenumbers` package).
Country code +7 is shared by Kazakhstan and Russia; the country is resolved from the number's
range. Domestic forms ("8 701 123 45 67", "701 123 45 67") are read as dialled in Kazakhstan.
The carrier in the details is the holder of the number's original range: numbers can be
ported, so it is a hint, not a fact.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberType, carrier
from phonenumbers import ValidationResult as Possible

from moneytrail.model.ids.base import (
    IdKind,
    IdResult,
    Tokenizer,
    fail,
    maybe_token,
    ok,
    strip_separators,
)

_SEPARATORS = " -\t\u00a0()."
_INTERNATIONAL = re.compile(r"\+[0-9]{7,15}")
_DOMESTIC = re.compile(r"[78][0-9]{9,10}")
_LINE_TYPES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}
_LENGTH_REASONS = {
    Possible.INVALID_COUNTRY_CODE: ("phone.country", "the country calling code is not assigned"),
    Possible.TOO_SHORT: ("phone.length", "the number is too short for its country"),
    Possible.TOO_LONG: ("phone.length", "the number is too long for its country"),
    Possible.INVALID_LENGTH: ("phone.length", "the number has a length its country does not use"),
}


def looks_like_phone(value: str) -> bool:
    """`+` and 7-15 digits, or 10-11 digits starting with 7 or 8 (domestic forms)."""
    compact = strip_separators(value, _SEPARATORS)
    return bool(_INTERNATIONAL.fullmatch(compact) or _DOMESTIC.fullmatch(compact))


def check_phone(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """A valid number in a range its country assigns; details give country, line and carrier."""
    compact = strip_separators(value, _SEPARATORS)
    if not looks_like_phone(compact):
        reason = "a phone number is + and 7-15 digits, or a domestic 8 / 7 number of 10-11 digits"
        return fail(IdKind.PHONE, "phone.format", reason)
    number = _parse(compact)
    if isinstance(number, IdResult):
        return number
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible in _LENGTH_REASONS:
        rule, reason = _LENGTH_REASONS[possible]
        return fail(IdKind.PHONE, rule, reason, normalized=e164)
    if not phonenumbers.is_valid_number(number):
        reason = "the number is not in a range its country assigns"
        return fail(IdKind.PHONE, "phone.range", reason, normalized=e164)
    token = maybe_token(tokenizer, IdKind.PHONE, e164)
    masked = mask_phone(e164, number.country_code)
    return ok(IdKind.PHONE, e164, masked=masked, token=token, details=_details(number))


def mask_phone(e164: str, country_code: int | None) -> str:
    """Country code and up to 3 more digits, `*`, the last 4 ("+7701***4567")."""
    cc = str(country_code or "")
    national = e164[len(cc) + 1 :]
    head = max(0, min(3, len(national) - 7))
    hidden = max(0, len(national) - head - 4)
    return f"+{cc}{national[:head]}{'*' * hidden}{national[head + hidden :]}"


def _parse(compact: str) -> PhoneNumber | IdResult:
    """The number as dialled (international, 7 + 10 digits, domestic in Kazakhstan), or why not."""
    if len(compact) == 11 and compact.startswith("7"):
        compact = "+" + compact
    try:
        return phonenumbers.parse(compact, None if compact.startswith("+") else "KZ")
    except NumberParseException as error:
        if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            return fail(IdKind.PHONE, *_LENGTH_REASONS[Possible.INVALID_COUNTRY_CODE])
        return fail(IdKind.PHONE, "phone.format", "the digits do not parse as a phone number")


def _details(number: PhoneNumber) -> dict[str, str]:
    """Country, line type and, when known, the carrier that holds the range."""
    details = {
        "country": phonenumbers.region_code_for_number(number) or "unknown",
        "line_type": _LINE_TYPES.get(phonenumbers.number_type(number), "unknown"),
    }
    operator = carrier.name_for_number(number, "en")
    if operator:
        details["carrier"] = operator
    return details
