"""Base58Check: known encodings, precise errors, round trips and checksum detection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.model.ids import base58check
from moneytrail.model.ids.base58check import Base58CheckError

# The genesis block's P2PKH address and its version + HASH160 payload.
GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
GENESIS_PAYLOAD = bytes.fromhex("0062e907b15cbf27d5425399ebf6f0fb50ebb88f18")


def test_known_payload_encodes_to_the_known_address() -> None:
    assert base58check.encode(GENESIS_PAYLOAD) == GENESIS
    assert base58check.decode(GENESIS) == GENESIS_PAYLOAD


def test_checksum_is_double_sha256() -> None:
    # SHA-256(SHA-256("")) starts 5df6e0e2.
    assert base58check.checksum(b"").hex() == "5df6e0e2"


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "length", "empty"),
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0", "alphabet", "'0' at position 34"),
        ("OA1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "alphabet", "'O' at position 1"),
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNl", "alphabet", "'l' at position 34"),
        ("1111", "length", "too short"),
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum", "does not match"),
    ],
)
def test_errors_say_which_check_failed(text: str, code: str, message: str) -> None:
    with pytest.raises(Base58CheckError, match=message) as caught:
        base58check.decode(text)
    assert caught.value.code == code


@given(st.binary(min_size=1, max_size=64))
def test_round_trip(payload: bytes) -> None:
    assert base58check.decode(base58check.encode(payload)) == payload


@settings(max_examples=20, deadline=None)
@given(st.binary(min_size=1, max_size=32))
def test_every_single_substitution_is_detected(payload: bytes) -> None:
    text = base58check.encode(payload)
    for position, old in enumerate(text):
        for char in base58check.ALPHABET.replace(old, ""):
            with pytest.raises(Base58CheckError):
                base58check.decode(text[:position] + char + text[position + 1 :])


def _outcome(text: str) -> str:
    """'ok', or the code of the error decoding raised."""
    try:
        base58check.decode(text)
    except Base58CheckError as err:
        return err.code
    return "ok"


@given(st.text(max_size=60))
def test_decode_raises_nothing_but_its_error(text: str) -> None:
    assert _outcome(text) in {"ok", "alphabet", "length", "checksum"}
