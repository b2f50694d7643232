"""Card numbers are masked in free text; other long numbers are left alone."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moneytrail.ingest.redact import MAX_RAW, find_pans, has_pan, redact_column, redact_pans
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
        ("карту 4270.1743.2687.5588", "карту 427017******5588"),  # dots, Luhn
        ("4061  276836047310", "406127******7310"),  # two spaces, Luhn
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
        "1234567890123452.50",  # an amount, though its digits pass Luhn
        "4270.1743.2687.5589",  # loosely set apart and not Luhn
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


def test_card_numbers_are_found_without_separators() -> None:
    assert find_pans(f"pay 4407 3100 0123 4560 or {PAN}, KZ386010000987654321") == [PAN, PAN]


def test_a_column_of_quarantined_raw_text_is_redacted_and_long_text_cut() -> None:
    column = redact_column(pa.array([f"x,{PAN},1", None, "y" * (MAX_RAW + 10)]))
    assert column.to_pylist()[:2] == ["x,440731******4560,1", None]
    assert len(column[2].as_py()) < MAX_RAW + 10
