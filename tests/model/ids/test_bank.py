"""IBAN and BIC: schwifty's checks under named rules, banks real and fictional, masking."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moneytrail.model.ids.bank import (
    check_bic,
    check_iban,
    looks_like_bic,
    looks_like_iban,
    make_kz_iban,
)
from moneytrail.model.ids.base import IdKind, Tokenizer

GOLDEN_IBAN = [
    ("KZ25 7220 0000 0000 0001", "KZ257220000000000001", "CASPKZKA", "schwifty registry"),
    ("kz25-7220-0000-0000-0001", "KZ257220000000000001", "CASPKZKA", "schwifty registry"),
    ("KZ371110000000012345", "KZ371110000000012345", "DALAKZKA", "moneytrail fictional banks"),
    ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "COBADEFFXXX", "schwifty registry"),
]
BAD_IBAN = [
    ("KZ257220000000000002", "iban.checksum"),
    ("KZ007220000000000001", "iban.checksum"),
    ("XX257220000000000001", "iban.country"),
    ("KZ25722000000000001", "iban.length"),
    ("KZ25A220000000000001", "iban.format"),
    ("KZ", "iban.format"),
    ("KZ25 7220 0000 0000 000Ж", "iban.format"),
]
BAD_BIC = [
    ("CASPKZK", "bic.length"),
    ("CASPKZKAXX", "bic.length"),
    ("CASPXXKA", "bic.country"),
    ("CASP1ZKA", "bic.format"),
]


@pytest.mark.parametrize(("value", "normalized", "bic", "source"), GOLDEN_IBAN)
def test_golden_iban(value: str, normalized: str, bic: str, source: str) -> None:
    result = check_iban(value)
    assert result.valid, result.reason
    assert result.normalized == normalized
    assert result.details["bic"] == bic
    assert result.details["bank_source"] == source
    assert result.details["country"] == normalized[:2]
    assert looks_like_iban(value)


def test_kaspi_from_the_registry_and_the_mask() -> None:
    result = check_iban("KZ257220000000000001")
    assert result.details["bank_code"] == "722"
    assert "KASPI" in result.details["bank"]
    assert result.masked == "KZ25722*********0001"
    assert check_iban("DE89370400440532013000").masked == "DE8937040044******3000"


def test_unknown_bank_code_is_valid() -> None:
    result = check_iban(make_kz_iban("999", "1"))
    assert result.valid
    assert result.details["bank"] == "unknown bank code"
    assert "bic" not in result.details


@pytest.mark.parametrize(("value", "rule"), BAD_IBAN)
def test_bad_iban_names_the_rule(value: str, rule: str) -> None:
    result = check_iban(value)
    assert not result.valid
    assert result.kind == IdKind.IBAN
    assert result.rule == rule
    assert result.reason


def test_iban_token() -> None:
    one = check_iban("KZ25 7220 0000 0000 0001", Tokenizer(b"k"))
    assert one.token is not None
    assert one.token == check_iban("KZ257220000000000001", Tokenizer(b"k")).token
    assert "KZ257220000000000001" not in one.token


def test_make_kz_iban() -> None:
    iban = make_kz_iban("722", "1")
    assert iban == "KZ257220000000000001"
    assert len(make_kz_iban("111", "KZT5004100100")) == 20
    with pytest.raises(ValueError, match="3 digits"):
        make_kz_iban("72", "1")
    with pytest.raises(ValueError, match="1 to 13"):
        make_kz_iban("722", "12345678901234")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("KZ25 7220 0000 0000 0001", True),
        ("kz257220000000000001", True),
        ("KZ257220000000000002", True),  # shape only: checksum fails
        ("XX257220000000000001", False),  # no such IBAN country
        ("KZ25", False),
        ("4111111111111111", False),
    ],
)
def test_looks_like_iban(value: str, expected: bool) -> None:
    assert looks_like_iban(value) is expected


@pytest.mark.parametrize(
    ("value", "bank", "branch"),
    [
        ("CASPKZKA", "KASPI", None),
        ("CASPKZKAXXX", "KASPI", "XXX"),
        ("DALAKZKA", "Dala Bank", None),
        ("casPKZKA", "KASPI", None),
        ("ZZZZKZKA", "unknown bank", None),
    ],
)
def test_golden_bic(value: str, bank: str, branch: str | None) -> None:
    result = check_bic(value)
    assert result.valid, result.reason
    assert bank in result.details["bank"]
    assert result.details["country"] == "KZ"
    assert result.details.get("branch") == branch
    assert result.normalized == value.upper()


@pytest.mark.parametrize(("value", "rule"), BAD_BIC)
def test_bad_bic_names_the_rule(value: str, rule: str) -> None:
    assert check_bic(value).rule == rule


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("CASPKZKA", True),
        ("CASPKZKAXXX", True),
        ("DALAKZKA", True),
        ("CASPXXKA", False),
        ("casPKZKA", False),  # lower case: a word or a handle, not a BIC
        ("MEFSHOPBOT", False),
        ("PASSWORD", False),  # WO is not a country
        ("Almaty_shop", False),
        ("@CASPKZKA", False),
    ],
)
def test_looks_like_bic(value: str, expected: bool) -> None:
    assert looks_like_bic(value) is expected


codes = st.text(string.digits, min_size=3, max_size=3)
accounts = st.text(string.digits + string.ascii_uppercase, min_size=1, max_size=13)


@given(codes, accounts)
def test_generated_ibans_validate(code: str, account: str) -> None:
    iban = make_kz_iban(code, account)
    result = check_iban(iban)
    assert result.valid, result.reason
    assert result.normalized == iban
    assert result.details["bank_code"] == code


@given(codes, accounts)
def test_every_like_for_like_substitution_is_caught(code: str, account: str) -> None:
    """A digit for a digit or a letter for a letter always changes the mod-97 remainder."""
    iban = make_kz_iban(code, account)
    for i, char in enumerate(iban):
        alphabet = string.digits if char.isdigit() else string.ascii_uppercase
        for other in alphabet.replace(char, ""):
            assert not check_iban(iban[:i] + other + iban[i + 1 :]).valid, (i, other)


def test_a_letter_for_a_digit_can_escape_mod_97() -> None:
    """Known limit: a letter counts as two digits, so such a change can keep the remainder."""
    assert check_iban("KZ44111R0SHE6K111Y0O").valid
    assert check_iban("KZ44111R0SHE6K1S1Y0O").valid


@given(st.text(max_size=40))
def test_checks_never_raise(value: str) -> None:
    assert check_iban(value).kind == IdKind.IBAN
    assert check_bic(value).kind == IdKind.BIC
    assert looks_like_iban(value) in (True, False)
    assert looks_like_bic(value) in (True, False)
