"""Normalisation undoes each obfuscation and keeps the raw text beside the reading."""

from __future__ import annotations

import pytest

from moneytrail.osint.normalize import normalize

GOLDEN = [
    ("мeфeдpoн", "мефедрон"),  # Latin e, p, o in a Cyrillic word
    ("ck\u00adорoсtь", "скорость"),  # soft hyphen and look-alikes
    ("так\u200bой", "такой"),  # zero-width space
    ("м а г н и т", "магнит"),  # spaced letters
    ("з*akлaдk*и", "закладки"),  # inner punctuation in a mixed word
    ("г_aш", "гаш"),
    ("oрerаtor", "operator"),  # an English word with Cyrillic р and а
    ("α-PVP", "a-PVP"),  # Greek alpha
    ("м3ф", "мзф"),  # a digit between letters read as the letter it looks like
    ("🧲", "магнит"),  # an emoji for a word
    ("ｍｄｍａ", "mdma"),  # full-width forms (NFKC)
]


@pytest.mark.parametrize(("raw", "reading"), GOLDEN)
def test_golden(raw: str, reading: str) -> None:
    assert normalize(raw).text.strip() == reading


def test_keeps_raw_and_flags_obfuscation() -> None:
    doc = normalize("зa-кл-адkи")
    assert doc.raw == "зa-кл-адkи"
    assert doc.text == "закладки"
    assert doc.obfuscated


def test_leaves_ordinary_text_alone() -> None:
    text = "Усть-Каменогорск, 10шт, snow_support, t.me/name, 24/7, 0,5г"
    doc = normalize(text)
    assert doc.text == text
    assert not doc.obfuscated


def test_skeleton_equal_across_scripts() -> None:
    assert normalize("MDМА").skeleton == normalize("MDMA").skeleton == "mdma"
