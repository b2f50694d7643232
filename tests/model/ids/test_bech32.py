"""Bech32/Bech32m and segwit addresses against every test vector of BIP-173 and BIP-350."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.model.ids import bech32
from moneytrail.model.ids.bech32 import Bech32Error, Encoding

BIP173_VALID = [
    "A12UEL5L",
    "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
]
BIP350_VALID = [
    "A1LQFN3A",
    "a1lqfn3a",
    "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
    "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
    "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
    "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
    "?1v759aa",
]
# (string, the code this module gives, the reason the BIP gives)
BIP173_INVALID = [
    ("\x201nwldj5", "char_range", "HRP character out of range"),
    ("\x7f1axkwrx", "char_range", "HRP character out of range"),
    ("\x801eym55h", "char_range", "HRP character out of range"),
    (
        "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
        "length",
        "overall max length exceeded",
    ),
    ("pzry9x0s0muk", "separator", "No separator character"),
    ("1pzry9x0s0muk", "hrp_empty", "Empty HRP"),
    ("x1b4n0q5v", "data_char", "Invalid data character"),
    ("li1dgmt3", "checksum_short", "Too short checksum"),
    ("de1lg7wt\xff", "char_range", "Invalid character in checksum"),
    ("A1G7SGD8", "checksum", "checksum calculated with uppercase form of HRP"),
    ("10a06t8", "hrp_empty", "empty HRP"),
    ("1qzzfhee", "hrp_empty", "empty HRP"),
]
BIP350_INVALID = [
    ("\x201xj0phk", "char_range", "HRP character out of range"),
    ("\x7f1g6xzxy", "char_range", "HRP character out of range"),
    ("\x801vctc34", "char_range", "HRP character out of range"),
    (
        "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
        "length",
        "overall max length exceeded",
    ),
    ("qyrz8wqd2c9m", "separator", "No separator character"),
    ("1qyrz8wqd2c9m", "hrp_empty", "Empty HRP"),
    ("y1b0jsk6g", "data_char", "Invalid data character"),
    ("lt1igcx5c0", "data_char", "Invalid data character"),
    ("in1muywd", "checksum_short", "Too short checksum"),
    ("mm1crxm3i", "data_char", "Invalid character in checksum"),
    ("au1s5cgom", "data_char", "Invalid character in checksum"),
    ("M1VUXWEZ", "checksum", "checksum calculated with uppercase form of HRP"),
    ("16plkw9", "hrp_empty", "empty HRP"),
    ("1p2gdwpf", "hrp_empty", "empty HRP"),
]
# BIP-350's valid segwit addresses with their scriptPubKeys (a superset of BIP-173's v0 ones).
SEGWIT_VALID = [
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"),
    (
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
        "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
    ),
    (
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6",
    ),
    ("BC1SW50QGDZ25J", "6002751e"),
    ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"),
    (
        "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
        "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    ),
    (
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
        "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    ),
    (
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    ),
]
# BIP-173's v1+ addresses use Bech32: valid strings, invalid addresses since BIP-350.
BIP173_SUPERSEDED = [
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
    "BC1SW50QA3JX3S",
    "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",
]
SEGWIT_INVALID = [
    # BIP-173
    ("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", "hrp"),
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "checksum"),
    ("BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", "witness_version"),
    ("bc1rw5uspcuh", "program_length"),
    (
        "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
        "program_length",
    ),
    ("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "v0_program_length"),
    ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", "mixed_case"),
    ("bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", "padding"),
    ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv", "padding"),
    ("bc1gmk9yu", "empty_data"),
    # BIP-350
    ("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", "hrp"),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "variant"),
    ("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", "variant"),
    ("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", "variant"),
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "variant"),
    ("tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", "variant"),
    ("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "data_char"),
    ("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "witness_version"),
    ("bc1pw5dgrnzv", "program_length"),
    (
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
        "program_length",
    ),
    ("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", "mixed_case"),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "padding"),
    ("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", "padding"),
]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(t, Encoding.BECH32) for t in BIP173_VALID] + [(t, Encoding.BECH32M) for t in BIP350_VALID],
)
def test_valid_strings_decode_and_reencode(text: str, encoding: Encoding) -> None:
    decoded = bech32.decode(text)
    assert decoded.encoding == encoding
    assert bech32.encode(decoded.hrp, decoded.data, encoding) == text.lower()


@pytest.mark.parametrize("text", BIP173_VALID + BIP350_VALID)
def test_each_valid_string_fails_under_the_other_variant(text: str) -> None:
    decoded = bech32.decode(text)
    other = Encoding.BECH32M if decoded.encoding == Encoding.BECH32 else Encoding.BECH32
    assert bech32.encode(decoded.hrp, decoded.data, other) != text.lower()


@pytest.mark.parametrize(("text", "code", "why"), BIP173_INVALID + BIP350_INVALID)
def test_invalid_strings_are_rejected_with_a_rule(text: str, code: str, why: str) -> None:
    with pytest.raises(Bech32Error) as caught:
        bech32.decode(text)
    assert caught.value.code == code, why


@pytest.mark.parametrize(("address", "script_hex"), SEGWIT_VALID)
def test_valid_segwit_addresses_give_their_script(address: str, script_hex: str) -> None:
    decoded = bech32.decode_segwit(address)
    assert decoded.script_pubkey().hex() == script_hex
    again = bech32.encode_segwit(decoded.hrp, decoded.version, decoded.program)
    assert again == address.lower()


@pytest.mark.parametrize("address", BIP173_SUPERSEDED)
def test_bip173_v1_plus_addresses_are_bech32_strings_but_not_addresses(address: str) -> None:
    assert bech32.decode(address).encoding == Encoding.BECH32
    with pytest.raises(Bech32Error) as caught:
        bech32.decode_segwit(address)
    assert caught.value.code == "variant"


@pytest.mark.parametrize(("address", "code"), SEGWIT_INVALID)
def test_invalid_segwit_addresses_are_rejected_with_a_rule(address: str, code: str) -> None:
    with pytest.raises(Bech32Error) as caught:
        bech32.decode_segwit(address)
    assert caught.value.code == code


def test_hrp_must_be_the_expected_one() -> None:
    with pytest.raises(Bech32Error, match="not one of bc"):
        bech32.decode_segwit(
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", ["bc"]
        )


@pytest.mark.parametrize(
    ("hrp", "version", "program"),
    [("", 0, bytes(20)), ("BC", 0, bytes(20)), ("bc", 17, bytes(20)), ("bc", 0, bytes(21))],
)
def test_encode_segwit_refuses_what_it_cannot_encode(
    hrp: str, version: int, program: bytes
) -> None:
    with pytest.raises(ValueError, match=r"."):
        bech32.encode_segwit(hrp, version, program)


def test_encode_refuses_values_over_five_bits_and_overlong_strings() -> None:
    with pytest.raises(ValueError, match="5-bit"):
        bech32.encode("bc", [32], Encoding.BECH32)
    with pytest.raises(ValueError, match="at most 90"):
        bech32.encode("bc", [0] * 82, Encoding.BECH32)


def test_convertbits_rejects_bad_padding_and_values() -> None:
    assert bech32.convertbits([0xFF], 8, 5, True) == [31, 28]
    assert bech32.convertbits([31, 28], 5, 8, False) == [0xFF]
    assert bech32.convertbits([31, 29], 5, 8, False) is None  # non-zero padding
    assert bech32.convertbits([32], 5, 8, False) is None  # value out of range


def _program(version: int) -> st.SearchStrategy[bytes]:
    """Programs of the lengths a witness version allows."""
    if version == 0:
        return st.sampled_from([20, 32]).flatmap(lambda n: st.binary(min_size=n, max_size=n))
    return st.binary(min_size=2, max_size=40)


segwit_parts = st.tuples(st.sampled_from(["bc", "tb", "bcrt"]), st.integers(0, 16)).flatmap(
    lambda hv: st.tuples(st.just(hv[0]), st.just(hv[1]), _program(hv[1]))
)


@given(segwit_parts)
def test_generated_segwit_addresses_round_trip(parts: tuple[str, int, bytes]) -> None:
    hrp, version, program = parts
    decoded = bech32.decode_segwit(bech32.encode_segwit(hrp, version, program))
    assert (decoded.hrp, decoded.version, decoded.program) == (hrp, version, program)
    assert decoded.encoding == (Encoding.BECH32 if version == 0 else Encoding.BECH32M)


@settings(max_examples=15, deadline=None)
@given(segwit_parts)
def test_every_single_substitution_is_detected(parts: tuple[str, int, bytes]) -> None:
    address = bech32.encode_segwit(*parts)
    start = address.rindex("1") + 1
    for position in range(start, len(address)):
        for char in bech32.CHARSET.replace(address[position], ""):
            changed = address[:position] + char + address[position + 1 :]
            with pytest.raises(Bech32Error):
                bech32.decode_segwit(changed)


@given(st.text(max_size=100))
def test_decode_raises_nothing_but_bech32_error(text: str) -> None:
    with contextlib.suppress(Bech32Error):
        bech32.decode_segwit(text)
