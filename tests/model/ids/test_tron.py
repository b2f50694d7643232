"""TRON addresses: the USDT contract, the hex form, rules, and generated addresses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.model.ids import base58check, tron
from moneytrail.model.ids.base import IdKind, IdResult

USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # the USDT (TRC-20) contract
USDT_HEX = "41a614f803b6fd780986a42c78ec9c7f77e6ded13c"


def test_usdt_contract_is_valid() -> None:
    result = tron.check_tron(USDT)
    assert result.valid
    assert result.kind == IdKind.TRON
    assert result.normalized == USDT
    assert result.details["form"] == "base58"
    assert tron.looks_like_tron(USDT)


def test_hex_form_is_normalised_to_base58() -> None:
    for text in (USDT_HEX, USDT_HEX.upper()):
        result = tron.check_tron(text)
        assert result.valid
        assert result.normalized == USDT
        assert result.details["form"] == "hex"
    assert tron.looks_like_tron(USDT_HEX)


def test_encode_gives_the_known_address() -> None:
    assert tron.encode_tron(bytes.fromhex(USDT_HEX[2:])) == USDT
    with pytest.raises(ValueError, match="20 bytes"):
        tron.encode_tron(bytes(21))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "tron.prefix"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6", "tron.length"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", "tron.checksum"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj60", "tron.alphabet"),
        # Base58Check of prefix 0x42: starts with 'T', 34 characters, wrong prefix byte.
        (base58check.encode(bytes([0x42]) + bytes(20)), "tron.prefix"),
    ],
)
def test_invalid_addresses_name_the_rule(text: str, rule: str) -> None:
    result = tron.check_tron(text)
    assert not result.valid
    assert result.rule == rule


def test_shapes_that_do_not_look_like_tron() -> None:
    for text in ("", "T123", "0x52908400098527886E0F7030069857D2E4169EE7", "41" + "g" * 40):
        assert not tron.looks_like_tron(text)


body20 = st.binary(min_size=20, max_size=20)


@given(body20)
def test_generated_addresses_validate_and_round_trip(body: bytes) -> None:
    address = tron.encode_tron(body)
    result = tron.check_tron(address)
    assert result.valid
    assert result.normalized == address
    assert tron.check_tron("41" + body.hex()).normalized == address


@settings(max_examples=10, deadline=None)
@given(body20)
def test_every_single_substitution_is_detected(body: bytes) -> None:
    address = tron.encode_tron(body)
    for position, old in enumerate(address):
        for char in base58check.ALPHABET.replace(old, ""):
            changed = address[:position] + char + address[position + 1 :]
            assert not tron.check_tron(changed).valid, changed


@given(st.text(max_size=60))
def test_check_never_raises(text: str) -> None:
    assert isinstance(tron.check_tron(text), IdResult)
