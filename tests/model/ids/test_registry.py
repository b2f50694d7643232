"""Detection picks the right kind for each shape; checks route to the kind's module."""

from __future__ import annotations

import pytest

from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.registry import SPECS, check, detect

GOLDEN = [
    ("4111 1111 1111 1111", IdKind.CARD, True),
    ("4111111111111112", IdKind.CARD, False),
    ("KZ257220000000000001", IdKind.IBAN, True),
    ("CASPKZKA", IdKind.BIC, True),
    ("+7 701 123 45 67", IdKind.PHONE, True),
    ("8 (701) 123-45-67", IdKind.PHONE, True),
    ("+7 916 123-45-67", IdKind.PHONE, True),
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", IdKind.BTC, True),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", IdKind.BTC, True),
    ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", IdKind.TRON, True),
    ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", IdKind.EVM, True),
    ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", IdKind.EVM, False),
    ("@almaty_shop", IdKind.TELEGRAM, True),
    ("@MefAlmaty_bot", IdKind.TELEGRAM_BOT, True),
    ("https://t.me/almaty_shop", IdKind.TELEGRAM_LINK, True),
    ("user@example.kz", IdKind.EMAIL, True),
]


@pytest.mark.parametrize(("value", "kind", "valid"), GOLDEN)
def test_golden_detection_and_validity(value: str, kind: IdKind, valid: bool) -> None:
    assert detect(value) == kind
    result = check(value)
    assert result.kind == kind
    assert result.valid is valid, result.reason
    assert (result.rule is None) is valid


def test_every_kind_has_a_spec() -> None:
    kinds = {spec.kind for spec in SPECS}
    assert kinds == set(IdKind) - {IdKind.UNKNOWN}


def test_unknown_value() -> None:
    result = check("hello world")
    assert result.kind == IdKind.UNKNOWN
    assert not result.valid
    assert result.rule == "detect"


def test_explicit_kind_overrides_detection() -> None:
    result = check("4111111111111111", IdKind.PHONE)
    assert result.kind == IdKind.PHONE


def test_card_token_is_keyed_and_stable() -> None:
    one = check("4111111111111111", tokenizer=Tokenizer(b"k1"))
    again = check("4111-1111-1111-1111", tokenizer=Tokenizer(b"k1"))
    other = check("4111111111111111", tokenizer=Tokenizer(b"k2"))
    assert one.token is not None
    assert one.token == again.token
    assert one.token != other.token
    assert "4111111111111111" not in one.token
    assert one.masked == "411111******1111"
