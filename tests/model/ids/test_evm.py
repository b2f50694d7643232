"""EVM addresses: the EIP-55 test vectors, case rules, and case flips of generated addresses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.model.ids import evm
from moneytrail.model.ids.base import IdKind, IdResult

# The test cases of EIP-55: the checksum gives all caps, all lower, and mixed case.
EIP55_VECTORS = [
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]
MIXED = EIP55_VECTORS[4]


@pytest.mark.parametrize("address", EIP55_VECTORS)
def test_eip55_vectors(address: str) -> None:
    assert evm.to_checksum_address(address.lower()) == address
    assert evm.to_checksum_address(address[2:].upper()) == address
    result = evm.check_evm(address)
    assert result.valid
    assert result.kind == IdKind.EVM
    assert result.normalized == address
    assert result.details["checksummed"] == "yes"
    assert evm.looks_like_evm(address)


def test_keccak_is_not_nist_sha3() -> None:
    # Keccak-256 of the empty string; NIST SHA3-256 of it starts a7ffc6f8.
    assert evm.keccak256_hex(b"").startswith("c5d2460186f7233c927e7db2dcc703c0")


@pytest.mark.parametrize("text", [MIXED.lower(), "0x" + MIXED[2:].upper()])
def test_uniform_case_is_valid_without_checksum(text: str) -> None:
    result = evm.check_evm(text)
    assert result.valid
    assert result.normalized == MIXED
    assert result.details["checksummed"] == "no"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "evm.eip55"),
        ("0XD1220A0CF47C7B9BE7A2E6BA89F429762E7B9ADB", "evm.prefix"),
        ("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "evm.prefix"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "evm.length"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", "evm.hex"),
    ],
)
def test_invalid_addresses_name_the_rule(text: str, rule: str) -> None:
    result = evm.check_evm(text)
    assert not result.valid
    assert result.rule == rule


def test_to_checksum_address_refuses_non_hex() -> None:
    with pytest.raises(ValueError, match="40 hex"):
        evm.to_checksum_address("0x1234")


address20 = st.binary(min_size=20, max_size=20).map(lambda b: evm.to_checksum_address(b.hex()))


@given(address20)
def test_generated_addresses_validate(address: str) -> None:
    assert evm.check_evm(address).valid
    assert evm.check_evm(address.lower()).normalized == address


def _flip(text: str, position: int) -> str:
    """The text with the letter at `position` in the other case."""
    return text[:position] + text[position].swapcase() + text[position + 1 :]


@settings(deadline=None)
@given(address20)
def test_every_case_flip_is_detected(address: str) -> None:
    for position in range(2, len(address)):
        if not address[position].isalpha():
            continue
        flipped = _flip(address, position)
        body = flipped[2:]
        result = evm.check_evm(flipped)
        if body in (body.lower(), body.upper()):
            assert result.valid  # uniform case carries no checksum to break
            assert result.details["checksummed"] == "no"
        else:
            assert result.rule == "evm.eip55", flipped


@given(st.text(max_size=50))
def test_check_never_raises(text: str) -> None:
    assert isinstance(evm.check_evm(text), IdResult)
