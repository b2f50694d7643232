"""Bech32 (BIP-173) and Bech32m (BIP-350) strings, and segwit addresses built on them.

Written by hand because python-stdnum and the `bech32` PyPI package predate Bech32m and
reject Taproot (witness v1) addresses. Follows the BIP reference code; failures raise
`Bech32Error` whose `code` names the rule that failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
MAX_LENGTH = 90
CHECKSUM_LENGTH = 6
SEGWIT_HRPS = ("bc", "tb", "bcrt")
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


class Encoding(StrEnum):
    """The two checksum variants, told apart by the constant the checksum ends on."""

    BECH32 = "bech32"
    BECH32M = "bech32m"


_CONSTANT = {Encoding.BECH32: 1, Encoding.BECH32M: 0x2BC830A3}


class Bech32Error(ValueError):
    """Why a string is not valid Bech32/Bech32m or not a valid segwit address."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded string: lower-case HRP, 5-bit data without checksum, and the variant."""

    hrp: str
    data: tuple[int, ...]
    encoding: Encoding


@dataclass(frozen=True, slots=True)
class SegwitAddress:
    """A decoded segwit address."""

    hrp: str
    version: int
    program: bytes
    encoding: Encoding

    def script_pubkey(self) -> bytes:
        """The output script: OP_n (0x00, or 0x50 + n) then a push of the program."""
        opcode = self.version + 0x50 if self.version else 0
        return bytes([opcode, len(self.program)]) + self.program


def polymod(values: Sequence[int]) -> int:
    """The BCH checksum state over 5-bit values (BIP-173)."""
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate(_GENERATOR):
            chk ^= gen if (top >> i) & 1 else 0
    return chk


def hrp_expand(hrp: str) -> list[int]:
    """The HRP as checksum input: high bits of each character, a zero, then low bits."""
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def create_checksum(hrp: str, data: Sequence[int], encoding: Encoding) -> list[int]:
    """The six checksum values for `data` under `hrp`."""
    mod = polymod([*hrp_expand(hrp), *data, 0, 0, 0, 0, 0, 0]) ^ _CONSTANT[encoding]
    return [(mod >> 5 * (5 - i)) & 31 for i in range(CHECKSUM_LENGTH)]


def encode(hrp: str, data: Sequence[int], encoding: Encoding) -> str:
    """The lower-case string for `hrp` and 5-bit `data`; raises ValueError on bad input."""
    if not hrp or any(not 33 <= ord(c) <= 126 for c in hrp) or hrp.lower() != hrp:
        raise ValueError("the HRP must be 1+ lower-case printable ASCII characters")
    if any(not 0 <= v < 32 for v in data):
        raise ValueError("data values must be 5-bit")
    text = hrp + "1" + "".join(CHARSET[v] for v in [*data, *create_checksum(hrp, data, encoding)])
    if len(text) > MAX_LENGTH:
        raise ValueError(f"a Bech32 string is at most {MAX_LENGTH} characters")
    return text


def _check_shape(text: str) -> int:
    """The separator's position, once characters, case and length are checked."""
    if any(not 33 <= ord(c) <= 126 for c in text):
        raise Bech32Error("char_range", "contains a character outside printable ASCII")
    if text.lower() != text and text.upper() != text:
        raise Bech32Error("mixed_case", "mixes upper and lower case")
    if len(text) > MAX_LENGTH:
        raise Bech32Error("length", f"longer than {MAX_LENGTH} characters")
    pos = text.rfind("1")
    if pos < 0:
        raise Bech32Error("separator", "has no '1' separator")
    if pos == 0:
        raise Bech32Error("hrp_empty", "the human-readable part before '1' is empty")
    if len(text) - pos - 1 < CHECKSUM_LENGTH:
        raise Bech32Error("checksum_short", "fewer than 6 checksum characters")
    return pos


def decode(text: str) -> Decoded:
    """Decode a Bech32 or Bech32m string; raises `Bech32Error`."""
    pos = _check_shape(text)
    lower = text.lower()
    hrp, rest = lower[:pos], lower[pos + 1 :]
    bad = [c for c in rest if c not in CHARSET]
    if bad:
        raise Bech32Error("data_char", f"character {bad[0]!r} is not in the Bech32 alphabet")
    data = [CHARSET.index(c) for c in rest]
    check = polymod(hrp_expand(hrp) + data)
    for encoding, constant in _CONSTANT.items():
        if check == constant:
            return Decoded(hrp, tuple(data[:-CHECKSUM_LENGTH]), encoding)
    raise Bech32Error("checksum", "the Bech32/Bech32m checksum does not match")


def convertbits(data: Sequence[int], frombits: int, tobits: int, pad: bool) -> list[int] | None:
    """Regroup bits; None when a value is out of range or padding is invalid."""
    acc, bits, out = 0, 0, []
    maxv, max_acc = (1 << tobits) - 1, (1 << (frombits + tobits - 1)) - 1
    for value in data:
        if value < 0 or value >> frombits:
            return None
        acc = ((acc << frombits) | value) & max_acc
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if pad and bits:
        out.append((acc << (tobits - bits)) & maxv)
    elif not pad and (bits >= frombits or (acc << (tobits - bits)) & maxv):
        return None
    return out


def _segwit_program(decoded: Decoded) -> tuple[int, bytes]:
    """The witness version and program, checked against BIP-141 and BIP-350."""
    if not decoded.data:
        raise Bech32Error("empty_data", "no witness version or program")
    version = decoded.data[0]
    if version > 16:
        raise Bech32Error("witness_version", f"witness version {version} is above 16")
    program = convertbits(decoded.data[1:], 5, 8, False)
    if program is None:
        raise Bech32Error("padding", "the program's padding is longer than 4 bits or not zero")
    if not 2 <= len(program) <= 40:
        raise Bech32Error("program_length", f"a {len(program)}-byte program (2 to 40 allowed)")
    if version == 0 and len(program) not in (20, 32):
        raise Bech32Error("v0_program_length", "a version 0 program must be 20 or 32 bytes")
    expected = Encoding.BECH32 if version == 0 else Encoding.BECH32M
    if decoded.encoding != expected:
        raise Bech32Error(
            "variant", f"witness version {version} must use {expected}, not {decoded.encoding}"
        )
    return version, bytes(program)


def decode_segwit(text: str, hrps: Sequence[str] = SEGWIT_HRPS) -> SegwitAddress:
    """Decode a segwit address whose HRP is one of `hrps`; raises `Bech32Error`."""
    decoded = decode(text)
    if decoded.hrp not in hrps:
        raise Bech32Error("hrp", f"the prefix {decoded.hrp!r} is not one of {', '.join(hrps)}")
    version, program = _segwit_program(decoded)
    return SegwitAddress(decoded.hrp, version, program, decoded.encoding)


def encode_segwit(hrp: str, version: int, program: bytes) -> str:
    """The segwit address (Bech32 for v0, Bech32m for v1+); raises ValueError on bad input."""
    if not 0 <= version <= 16:
        raise ValueError("the witness version must be 0 to 16")
    encoding = Encoding.BECH32 if version == 0 else Encoding.BECH32M
    text = encode(hrp, [version, *(convertbits(program, 8, 5, True) or [])], encoding)
    decode_segwit(text, hrps=(hrp,))
    return text
