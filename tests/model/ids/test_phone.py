"""Phone numbers: +7 split between Kazakhstan and Russia, domestic forms, rules, masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.phone import check_phone, looks_like_phone, mask_phone

GOLDEN = [
    ("+7 701 123 45 67", "+77011234567", "KZ", "mobile"),
    ("8 (701) 123-45-67", "+77011234567", "KZ", "mobile"),
    ("87011234567", "+77011234567", "KZ", "mobile"),
    ("77011234567", "+77011234567", "KZ", "mobile"),
    ("701 123 45 67", "+77011234567", "KZ", "mobile"),
    ("+7 747 123 45 67", "+77471234567", "KZ", "mobile"),
    ("+7 916 123-45-67", "+79161234567", "RU", "mobile"),
    ("8 916 123 45 67", "+79161234567", "RU", "mobile"),
    ("+996 555 123 456", "+996555123456", "KG", "mobile"),
    ("+44 20 7946 0958", "+442079460958", "GB", "fixed"),
]
BAD = [
    ("hello", "phone.format"),
    ("12345", "phone.format"),
    ("+7 701 12", "phone.format"),
    ("+999 123 456 789", "phone.country"),
    ("+7 701 123 45 6", "phone.length"),
    ("+7 600 123 45 67", "phone.range"),
]
KZ_MOBILE = ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"]


@pytest.mark.parametrize(("value", "e164", "country", "line"), GOLDEN)
def test_golden_phones(value: str, e164: str, country: str, line: str) -> None:
    result = check_phone(value)
    assert result.valid, result.reason
    assert result.normalized == e164
    assert result.details["country"] == country
    assert result.details["line_type"] == line
    assert looks_like_phone(value)


def test_carrier_of_the_range_when_known() -> None:
    assert check_phone("+77011234567").details["carrier"] == "Kcell/Activ"
    assert "carrier" not in check_phone("+79161234567").details


@pytest.mark.parametrize(("value", "rule"), BAD)
def test_bad_phones_name_the_rule(value: str, rule: str) -> None:
    result = check_phone(value)
    assert not result.valid
    assert result.kind == IdKind.PHONE
    assert result.rule == rule


def test_mask() -> None:
    assert check_phone("+77011234567").masked == "+7701***4567"
    assert check_phone("+996555123456").masked == "+99655***3456"
    assert mask_phone("+3741234567", 374) == "+374***4567"


def test_token_is_the_same_for_every_written_form() -> None:
    key = Tokenizer(b"k")
    tokens = {check_phone(form, key).token for form in ("+7 701 123 45 67", "8 701 1234567")}
    assert len(tokens) == 1
    token = tokens.pop()
    assert token is not None
    assert "77011234567" not in token


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+77011234567", True),
        ("8-701-123-45-67", True),
        ("850101300015", False),  # 12 digits: IIN
        ("4111111111111111", False),  # card
        ("5011234567", False),  # 10 digits not starting with 7 or 8
        ("+7 abc", False),
        ("@kz_shop", False),
    ],
)
def test_looks_like_phone(value: str, expected: bool) -> None:
    assert looks_like_phone(value) is expected


@given(st.sampled_from(KZ_MOBILE), st.text("0123456789", min_size=7, max_size=7))
def test_kazakh_mobiles_validate_in_every_form(prefix: str, line: str) -> None:
    e164 = f"+7{prefix}{line}"
    for form in (e164, f"8 {prefix} {line}", f"8 ({prefix}) {line[:3]}-{line[3:5]}-{line[5:]}"):
        result = check_phone(form)
        assert result.valid, (form, result.reason)
        assert result.normalized == e164
        assert result.details["country"] == "KZ"
        assert result.details["line_type"] == "mobile"


@given(st.text(max_size=30))
def test_check_never_raises(value: str) -> None:
    result = check_phone(value)
    assert result.kind == IdKind.PHONE
    assert not result.valid or (result.normalized or "").startswith("+")
