"""Payment details: normalised forms, the ways people print them, and made-up ones for negatives.

Normalised forms written to ground truth follow `moneytrail.model.ids`: card = digits only;
phone = `+7` and ten digits; iban = upper case without spaces; tron and btc = the address as
is; telegram and telegram_bot = the username in lower case without `@`; telegram_link =
`t.me/name` in lower case; onion and website = the host name in lower case.
"""

from __future__ import annotations

import random

from moneytrail.model.ids.bitcoin import encode_p2pkh
from moneytrail.model.ids.card import complete_pan
from moneytrail.model.ids.tron import encode_tron

CARD_PREFIXES = ("440043", "400303", "427017", "516949", "535183", "220220", "539545")
MOBILE_PREFIXES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777")
PAYMENT_KINDS = ("card", "phone", "iban", "tron", "btc")


def digits(value: str) -> str:
    """Only the ASCII digits of the value, in order."""
    return "".join(ch for ch in value if "0" <= ch <= "9")


def normalize(kind: str, value: str) -> str:
    """The normalised form of a payment detail or contact (see the module docstring)."""
    if kind == "card":
        return digits(value)
    if kind == "phone":
        return "+7" + digits(value)[-10:]
    if kind == "iban":
        return "".join(value.split()).upper()
    if kind in ("telegram", "telegram_bot"):
        return value.lstrip("@").lower()
    if kind == "telegram_link":
        return "t.me/" + value.rstrip("/").rsplit("/", 1)[-1].lower()
    if kind in ("onion", "website"):
        return value.removeprefix("http://").removeprefix("https://").strip("/").lower()
    if kind in ("tron", "btc"):
        return value.strip()
    raise ValueError(f"unknown requisite kind {kind!r}")


def fake_card(rng: random.Random) -> str:
    """A Luhn-valid 16-digit PAN under a common local card prefix."""
    return complete_pan(
        rng.choice(CARD_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(9))
    )


def fake_phone(rng: random.Random) -> str:
    """A Kazakh mobile number, normalised (`+77011234567`)."""
    return "+7" + rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(7))


def fake_tron(rng: random.Random) -> str:
    """A checksum-valid TRON address (0x41 + 20 bytes, base58check)."""
    return encode_tron(rng.randbytes(20))


def fake_btc(rng: random.Random) -> str:
    """A checksum-valid Bitcoin P2PKH address (0x00 + 20 bytes, base58check)."""
    return encode_p2pkh(rng.randbytes(20))


def show_card(pan: str, rng: random.Random) -> str:
    """The PAN in one of the spacings people type."""
    groups = [pan[i : i + 4] for i in range(0, len(pan), 4)]
    style = rng.randrange(6)
    if style == 0:
        return pan
    if style == 1:
        return "-".join(groups)
    if style == 2:
        return groups[0] + " " + "".join(groups[1:])
    if style == 3:
        return ".".join(groups)
    if style == 4:
        return "  ".join(groups)
    return " ".join(groups)


def show_phone(phone: str, rng: random.Random) -> str:
    """A normalised phone number in one of the forms people type."""
    local = digits(phone)[-10:]
    a, b, c, d = local[:3], local[3:6], local[6:8], local[8:]
    forms = (
        f"+7 {a} {b} {c} {d}",
        f"8{local}",
        f"8 ({a}) {b}-{c}-{d}",
        f"+7{local}",
        f"{a} {b} {c}{d}",
        f"8-{a}-{b}-{c}-{d}",
    )
    return rng.choice(forms)


def show_iban(iban: str) -> str:
    """The IBAN in groups of four, as banks print it."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def canonical_card(pan: str) -> str:
    """The PAN as Telegram recognises a bank card: four groups of four."""
    return " ".join(pan[i : i + 4] for i in range(0, len(pan), 4))


def canonical_phone(phone: str) -> str:
    """The phone as Telegram recognises a phone number: `+7 701 234 56 78`."""
    local = digits(phone)[-10:]
    return f"+7 {local[:3]} {local[3:6]} {local[6:8]} {local[8:]}"
