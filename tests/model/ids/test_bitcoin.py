"""Bitcoin addresses: known addresses, BIP vectors through `check_btc`, encoders, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.model.ids import base58check, bitcoin
from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer
from moneytrail.model.ids.bech32 import CHARSET

KNOWN_VALID = [
    # address, network, type
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "mainnet", "p2pkh"),
    ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "mainnet", "p2sh"),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "mainnet", "p2wpkh"),
    ("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", "testnet", "p2pkh"),
    ("2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", "testnet", "p2sh"),
    # BIP-350 vectors
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "mainnet", "p2wpkh"),
    ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "testnet", "p2wsh"),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "mainnet", "p2tr"),
    ("tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "testnet", "p2tr"),
    ("BC1SW50QGDZ25J", "mainnet", "segwit_v16"),
    ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "mainnet", "segwit_v2"),
    (
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        "mainnet",
        "segwit_v1",
    ),
]
KNOWN_INVALID = [
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "btc.base58_checksum"),
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0", "btc.base58_alphabet"),
    ("Bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "btc.bech32_mixed_case"),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp", "btc.bech32_checksum"),
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "btc.bech32_variant"),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "btc.bech32_variant"),
    ("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "btc.witness_version"),
    ("bc1pw5dgrnzv", "btc.program_length"),
    ("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "btc.v0_program_length"),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "btc.padding"),
    ("bc1gmk9yu", "btc.empty_data"),
    # Litecoin's P2PKH version byte 0x30, and a 19-byte hash.
    (base58check.encode(bytes([0x30]) + bytes(20)), "btc.version"),
    (base58check.encode(bytes(20)), "btc.length"),
]


@pytest.mark.parametrize(("address", "network", "kind"), KNOWN_VALID)
def test_known_addresses_are_valid(address: str, network: str, kind: str) -> None:
    result = bitcoin.check_btc(f" {address} ")
    assert result.valid, result.reason
    assert result.kind == IdKind.BTC
    assert (result.details["network"], result.details["type"]) == (network, kind)
    assert bitcoin.looks_like_btc(address)


def test_bech32_is_normalised_to_lower_case_and_base58_kept() -> None:
    assert bitcoin.check_btc("BC1SW50QGDZ25J").normalized == "bc1sw50qgdz25j"
    assert bitcoin.check_btc(KNOWN_VALID[0][0]).normalized == KNOWN_VALID[0][0]


def test_addresses_are_public_and_never_tokenised() -> None:
    assert bitcoin.check_btc(KNOWN_VALID[0][0], Tokenizer(b"k")).token is None


@pytest.mark.parametrize(("address", "rule"), KNOWN_INVALID)
def test_invalid_addresses_name_the_rule(address: str, rule: str) -> None:
    result = bitcoin.check_btc(address)
    assert not result.valid
    assert result.rule == rule
    assert result.reason.endswith(".")


def test_shapes_that_do_not_look_like_bitcoin() -> None:
    for text in ["", "hello", "0x52908400098527886E0F7030069857D2E4169EE7", "77012345678"]:
        assert not bitcoin.looks_like_btc(text)


def test_known_hashes_encode_to_known_addresses() -> None:
    genesis = bytes.fromhex("62e907b15cbf27d5425399ebf6f0fb50ebb88f18")
    script = bytes.fromhex("b472a266d0bd89c13706a4132ccfb16f7c3b9fcb")
    assert bitcoin.encode_p2pkh(genesis) == "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
    assert bitcoin.encode_p2sh(script) == "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
    program = bytes.fromhex("751e76e8199196d454941c45d1b3a323f1433bd6")
    assert bitcoin.encode_segwit("bc", 0, program) == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"


def test_encoders_refuse_wrong_lengths() -> None:
    with pytest.raises(ValueError, match="20-byte"):
        bitcoin.encode_p2pkh(bytes(19))
    with pytest.raises(ValueError, match="0 to 16"):
        bitcoin.encode_segwit("bc", 17, bytes(20))


hash20 = st.binary(min_size=20, max_size=20)


@given(hash20, st.booleans(), st.booleans())
def test_generated_base58_addresses_validate(digest: bytes, script: bool, testnet: bool) -> None:
    encode = bitcoin.encode_p2sh if script else bitcoin.encode_p2pkh
    result = bitcoin.check_btc(encode(digest, testnet))
    assert result.valid
    assert result.details["type"] == ("p2sh" if script else "p2pkh")
    assert result.details["network"] == ("testnet" if testnet else "mainnet")
    assert base58check.decode(result.normalized or "")[1:] == digest


@given(st.sampled_from(["bc", "tb", "bcrt"]), st.binary(min_size=32, max_size=32))
def test_generated_taproot_addresses_validate(hrp: str, key: bytes) -> None:
    result = bitcoin.check_btc(bitcoin.encode_segwit(hrp, 1, key).upper())
    assert result.valid
    assert result.details["type"] == "p2tr"
    assert result.details["network"] == bitcoin.HRP_NETWORKS[hrp]


def _assert_all_substitutions_fail(address: str, alphabet: str, start: int) -> None:
    for position in range(start, len(address)):
        for char in alphabet.replace(address[position], ""):
            changed = address[:position] + char + address[position + 1 :]
            assert not bitcoin.check_btc(changed).valid, changed


@settings(max_examples=10, deadline=None)
@given(hash20, st.booleans())
def test_every_base58_substitution_is_detected(digest: bytes, script: bool) -> None:
    address = (bitcoin.encode_p2sh if script else bitcoin.encode_p2pkh)(digest)
    _assert_all_substitutions_fail(address, base58check.ALPHABET, 0)


@settings(max_examples=10, deadline=None)
@given(st.sampled_from([20, 32]).flatmap(lambda n: st.binary(min_size=n, max_size=n)))
def test_every_bech32_substitution_is_detected(program: bytes) -> None:
    for version in (0, 1):
        address = bitcoin.encode_segwit("bc", version, program)
        _assert_all_substitutions_fail(address, CHARSET, 3)


@given(st.text(max_size=100))
def test_check_never_raises(text: str) -> None:
    assert isinstance(bitcoin.check_btc(text), IdResult)
