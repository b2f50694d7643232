"""Card numbers are masked in free text; other long numbers are left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moneytrail.ingest.redact import has_pan, redact_pans
from moneytrail.model.ids.card import complete_pan

PAN = "4407310001234560"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (PAN, "440731******4560"),
        ("карта 4407 3100 0123 4560.", "карта 440731******4560."),
        ("x4407-3100-0123-4560y", "x440731******4560y"),
        ("карта4407310001234560", "карта440731******4560"),
        ("4407310001234561", "440731******4561"),  # a mistyped card number is still one
        ("4407310001234560,150.00", "440731******4560,150.00"),
        ("37828224631000 5", "378282*****0005"),  # 15 digits: always masked
    ],
)
def test_card_numbers_are_masked(text: str, masked: str) -> None:
    assert redact_pans(text) == masked
    assert has_pan(text)


@pytest.mark.parametrize(
    "text",
    [
        "KZ386010000987654321",  # IBAN digits after the country code
        "40817810099910004312",  # a 20-digit account number
        "1714562000000",  # a millisecond timestamp (13 digits, not Luhn)
        "-7900000000000000.0000000000000",  # a decimal amount
        "0.123456789012345678",
        "3946ca64ff78d93ca61090a437cbb6b3d2ca0d488f5f9ccf3059608368b27693",  # a txid
        "+7 701 123 45 67",
        "900501312342",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert redact_pans(text) == text
    assert not has_pan(text)


@given(
    body=st.text(alphabet="0123456789", min_size=9, max_size=9),
    before=st.text(max_size=20),
    after=st.text(max_size=20),
)
def test_no_valid_pan_survives_in_any_text(body: str, before: str, after: str) -> None:
    pan = complete_pan("440731" + body)
    text = f"{before} {pan} {after}"
    assert pan not in redact_pans(text)
