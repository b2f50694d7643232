"""IBANs and BICs, validated by schwifty, with the bank named where it is known.

A bank code is resolved from schwifty's registry of real banks first, then from the
fictional banks of the synthetic country (`banks.csv`). An IBAN whose code neither knows
is still valid when its checksum passes; its details say "unknown bank code".
"""

from __future__ import annotations

import re
import warnings

from schwifty import BIC, IBAN, exceptions, registry

from moneytrail.model.ids.banks_table import Bank, load_banks
from moneytrail.model.ids.base import (
    IdKind,
    IdResult,
    Tokenizer,
    fail,
    maybe_token,
    ok,
    strip_separators,
)

_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_BIC_SHAPE = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_ALNUM = re.compile(r"[A-Z0-9]*")
_Rules = tuple[tuple[type[exceptions.SchwiftyException], str, str], ...]
_IBAN_RULES: _Rules = (
    (exceptions.InvalidCountryCode, "country", "{cc} is not a country with IBANs"),
    (exceptions.InvalidLength, "length", "the length {n} is wrong for a {cc} IBAN"),
    (exceptions.InvalidChecksumDigits, "checksum", "the check digits do not match (mod 97)"),
    (exceptions.SchwiftyException, "format", "the account part does not follow the {cc} format"),
)
_BIC_RULES: _Rules = (
    (exceptions.InvalidLength, "length", "a BIC has 8 or 11 characters, not {n}"),
    (exceptions.InvalidCountryCode, "country", "{cc} is not a country code"),
    (exceptions.SchwiftyException, "format", "a BIC is 6 letters and 2 or 5 letters or digits"),
)


def make_kz_iban(bank_code: str, account: str) -> str:
    """A Kazakh IBAN (20 characters) for a 3-digit bank code and an account of up to 13.

    The account is left-padded with zeros; the check digits are computed.
    """
    if not re.fullmatch(r"[0-9]{3}", bank_code):
        raise ValueError(f"a Kazakh bank code has 3 digits, not {bank_code!r}")
    if not re.fullmatch(r"[A-Za-z0-9]{1,13}", account):
        raise ValueError(f"a Kazakh account has 1 to 13 letters or digits, not {account!r}")
    return str(IBAN.generate("KZ", bank_code=bank_code, account_code=account.upper()))


def looks_like_iban(value: str) -> bool:
    """Two letters, two digits and 11-30 letters or digits, with a country that has IBANs."""
    compact = strip_separators(value).upper()
    return bool(_IBAN_SHAPE.fullmatch(compact)) and _has_iban_spec(compact[:2])


def looks_like_bic(value: str) -> bool:
    """Upper case, 8 or 11 characters, letters 5-6 a real country code.

    Lower- or mixed-case words and handles are never taken for BICs.
    """
    text = value.strip()
    return bool(_BIC_SHAPE.fullmatch(text)) and BIC(text, allow_invalid=True).country is not None


def check_iban(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """A valid IBAN: known country, its length and format, and the mod-97 check digits."""
    compact = strip_separators(value).upper()
    if len(compact) < 5 or not _ALNUM.fullmatch(compact):
        return fail(IdKind.IBAN, "iban.format", "an IBAN is letters and digits, at least 5")
    iban = IBAN(compact, allow_invalid=True)
    try:
        iban.validate()
    except exceptions.SchwiftyException as error:
        rule, reason = _rule("iban", error, _IBAN_RULES, compact[:2], len(compact))
        return fail(IdKind.IBAN, rule, reason, compact)
    masked = _mask_iban(compact, iban.bank_code)
    token = maybe_token(tokenizer, IdKind.IBAN, compact)
    return ok(IdKind.IBAN, compact, masked=masked, token=token, details=_iban_bank(iban))


def check_bic(value: str, tokenizer: Tokenizer | None = None) -> IdResult:  # noqa: ARG001
    """A valid BIC: 8 or 11 characters, bank and country letters, a real country.

    A BIC names a bank, not a person: it is neither masked nor tokenized.
    """
    compact = strip_separators(value).upper()
    bic = BIC(compact, allow_invalid=True)
    try:
        bic.validate()
    except exceptions.SchwiftyException as error:
        rule, reason = _rule("bic", error, _BIC_RULES, compact[4:6], len(compact))
        return fail(IdKind.BIC, rule, reason)
    details = {"country": compact[4:6], "location": bic.location_code}
    if bic.branch_code:
        details["branch"] = bic.branch_code
    details.update(_bic_bank(compact))
    return ok(IdKind.BIC, compact, details=details)


def _rule(
    prefix: str, error: exceptions.SchwiftyException, rules: _Rules, cc: str, n: int
) -> tuple[str, str]:
    """The named rule and reason for a schwifty exception (the last rule catches all)."""
    for kind, name, reason in rules:
        if isinstance(error, kind):
            return f"{prefix}.{name}", reason.format(cc=cc, n=n)
    return f"{prefix}.format", str(error)


def _mask_iban(compact: str, bank_code: str) -> str:
    """Country, check digits and bank code, then `*`, then the last 4 characters."""
    head = compact[:4] + bank_code
    return head + "*" * max(len(compact) - len(head) - 4, 0) + compact[-4:]


def _iban_bank(iban: IBAN) -> dict[str, str]:
    """Country, bank code and, where known, the bank's name and BIC and where they came from."""
    details = {"country": iban.country_code, "bank_code": iban.bank_code}
    bank = iban.bank
    if bank is not None:
        details.update(bank=bank.name.strip(), bank_source="schwifty registry")
        if bank.bic:
            details["bic"] = bank.bic
        return details
    fictional = _fictional_by_code(iban.country_code, iban.bank_code)
    if fictional is not None:
        return details | _fictional_details(fictional)
    return details | {"bank": "unknown bank code", "bank_source": "unknown"}


def _bic_bank(compact: str) -> dict[str, str]:
    """The bank's name from schwifty (this BIC or its head office), else the fictional banks."""
    for code in (compact, compact[:8]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            names = BIC(code, allow_invalid=True).bank_names
        if names:
            return {"bank": names[0].strip(), "bank_source": "schwifty registry"}
    for bank in load_banks():
        if bank.bic[:8] == compact[:8]:
            return {"bank": bank.name, "bank_source": "moneytrail fictional banks"}
    return {"bank": "unknown bank", "bank_source": "unknown"}


def _fictional_by_code(country: str, bank_code: str) -> Bank | None:
    for bank in load_banks():
        if bank.country == country and bank.iban_bank_code == bank_code:
            return bank
    return None


def _fictional_details(bank: Bank) -> dict[str, str]:
    return {"bank": bank.name, "bic": bank.bic, "bank_source": "moneytrail fictional banks"}


def _has_iban_spec(country: str) -> bool:
    try:
        registry.get_iban_spec(country)
    except exceptions.InvalidCountryCode:
        return False
    return True
