"""Card numbers: Luhn, network and issuer, masking, tokens, and no clear PAN on failure."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.card import (
    check_card,
    complete_pan,
    looks_like_card,
    luhn_check_digit,
    luhn_valid,
    mask_pan,
)

# Public test numbers of the networks, and two PANs of fictional banks (built-in BIN table).
GOLDEN = [
    ("4111 1111 1111 1111", "visa", None),
    ("5500-0000-0000-0004", "mastercard", None),
    ("2221000000000009", "mastercard", None),
    ("378282246310005", "amex", None),
    ("6011111111111117", "discover", None),
    ("3530111333300000", "jcb", None),
    ("6200000000000005", "unionpay", None),
    ("2200000000000004", "mir", None),
    ("4407310000000004", "visa", "Dala Bank"),
    ("2200870000000000", "mir", "Irbis Digital Bank"),
]
BAD = [
    ("4111111111111112", "card.luhn"),
    ("411111111111", "card.length"),
    ("41111111111111111111", "card.length"),
    ("4111 1111 1111 111x", "card.format"),
    ("", "card.format"),
]


@pytest.mark.parametrize(("pan", "network", "bank"), GOLDEN)
def test_golden_cards(pan: str, network: str, bank: str | None) -> None:
    result = check_card(pan)
    assert result.valid, result.reason
    assert result.details["network"] == network
    assert result.details.get("bank") == bank
    assert looks_like_card(pan)


def test_fictional_issuer_is_marked() -> None:
    details = check_card("4407310000000004").details
    assert details == {"network": "visa", "bank": "Dala Bank", "country": "KZ", "fictional": "yes"}
    assert "fictional" not in check_card("4111111111111111").details


@pytest.mark.parametrize(("value", "rule"), BAD)
def test_bad_cards_name_the_rule_and_hide_the_pan(value: str, rule: str) -> None:
    result = check_card(value)
    assert not result.valid
    assert result.kind == IdKind.CARD
    assert result.rule == rule
    assert result.normalized is None
    assert result.masked is None
    text = json.dumps(result.to_json())
    assert value.replace(" ", "") not in text or not value


def test_unknown_network_is_still_valid() -> None:
    pan = complete_pan("900000000000000")
    result = check_card(pan)
    assert result.valid
    assert result.details == {"network": "unknown"}


def test_luhn_reference_values() -> None:
    assert luhn_check_digit("7992739871") == 3  # the textbook example 79927398713
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert not luhn_valid("7992 7398 713")
    assert not luhn_valid("")
    assert complete_pan("411111111111111") == "4111111111111111"
    with pytest.raises(ValueError, match="digits"):
        luhn_check_digit("41x")


def test_mask_keeps_first_six_and_last_four() -> None:
    assert mask_pan("4400431234561234") == "440043******1234"
    assert mask_pan("4400 4312 3456 1234") == "440043******1234"
    assert mask_pan("378282246310005") == "378282*****0005"
    assert mask_pan("1234") == "****"
    assert check_card("4111111111111111").masked == "411111******1111"


def test_token_is_keyed_and_pan_free() -> None:
    one = check_card("4111 1111 1111 1111", Tokenizer(b"k1"))
    assert one.token is not None
    assert one.token == check_card("4111-1111-1111-1111", Tokenizer(b"k1")).token
    assert one.token != check_card("4111111111111111", Tokenizer(b"k2")).token
    assert "4111111111111111" not in one.token
    assert check_card("4111111111111112", Tokenizer(b"k1")).token is None


def test_looks_like_card_shape_only() -> None:
    assert looks_like_card("4111111111111112")  # shape yes, Luhn no
    assert not looks_like_card("850101300015")  # 12 digits: IIN or BIN
    assert not looks_like_card("41111111111111111111")
    assert not looks_like_card("+77011234567")


bodies = st.text("0123456789", min_size=12, max_size=18)


@given(bodies)
def test_completed_pans_validate(body: str) -> None:
    pan = complete_pan(body)
    assert luhn_valid(pan)
    result = check_card(pan)
    assert result.valid
    assert result.normalized == pan


@given(bodies)
def test_every_single_substitution_is_caught(body: str) -> None:
    pan = complete_pan(body)
    for i, digit in enumerate(pan):
        for other in "0123456789":
            if other != digit:
                changed = pan[:i] + other + pan[i + 1 :]
                assert not check_card(changed).valid, (i, other)


@given(st.text(max_size=40))
def test_check_never_raises(value: str) -> None:
    result = check_card(value)
    if result.valid:
        assert result.normalized is not None
        assert luhn_valid(result.normalized)
    else:
        assert result.normalized is None
