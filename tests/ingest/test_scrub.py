"""Card numbers in quarantined raw text are masked; other digits are left alone."""

from __future__ import annotations

from moneytrail.ingest.scrub import MAX_RAW, scrub

PAN = "4400430012345678"  # not Luhn-valid


def test_a_valid_card_number_is_masked_wherever_it_is() -> None:
    from moneytrail.model.ids.card import complete_pan

    pan = complete_pan("440043123456789")
    assert scrub(f"2024-01-01,{pan},100") == f"2024-01-01,{pan[:6]}******{pan[-4:]},100"
    grouped = f"{pan[:4]} {pan[4:8]} {pan[8:12]} {pan[12:]}"
    assert pan not in scrub(f"card {grouped}").replace(" ", "")


def test_numbers_that_are_not_cards_stay() -> None:
    assert scrub(f"{PAN},123456789012,3697.34") == f"{PAN},123456789012,3697.34"


def test_long_raw_text_is_cut() -> None:
    assert len(scrub("x" * (MAX_RAW + 10))) < MAX_RAW + 10
