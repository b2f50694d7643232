"""Names: Kazakh and Russian patronymics, female surnames, the two romanisations."""

from __future__ import annotations

import pytest

from moneytrail.sim.names import (
    build_name_bank,
    female_surname,
    kazakh_patronymic,
    russian_patronymic,
)
from moneytrail.sim.romanize import romanize


@pytest.mark.parametrize(
    ("text", "icao", "kz2021"),
    [
        ("Жұмабаев", "ZHUMABAEV", "JŪMABAEV"),
        ("Қасымов", "KASYMOV", "QASYMOV"),
        ("Шыңғыс", "SHYNGYS", "ŞYÑĞYS"),
        ("Әлихан", "ALIKHAN", "ÄLİHAN"),
        ("Юлия", "IULIIA", "İULİİA"),
        ("Щукин", "SHCHUKIN", "ŞŞUKİN"),
    ],
)
def test_romanisations(text: str, icao: str, kz2021: str) -> None:
    assert romanize(text, "icao") == icao
    assert romanize(text, "kz2021") == kz2021


@pytest.mark.parametrize(
    ("father", "son", "daughter"),
    [
        ("Сергей", "Сергеевич", "Сергеевна"),
        ("Юрий", "Юрьевич", "Юрьевна"),
        ("Илья", "Ильич", "Ильинична"),
        ("Михаил", "Михайлович", "Михайловна"),
        ("Нурлан", "Нурланович", "Нурлановна"),
        ("Гани", "Ганиевич", "Ганиевна"),
    ],
)
def test_russian_patronymics(father: str, son: str, daughter: str) -> None:
    assert russian_patronymic(father, female=False) == son
    assert russian_patronymic(father, female=True) == daughter


def test_kazakh_patronymics_follow_the_spelling() -> None:
    assert kazakh_patronymic("Нұрлан", female=False, kazakh_spelling=True) == "Нұрланұлы"
    assert kazakh_patronymic("Нұрлан", female=True, kazakh_spelling=True) == "Нұрланқызы"
    assert kazakh_patronymic("Нурлан", female=True, kazakh_spelling=False) == "Нурланкызы"


def test_female_surnames() -> None:
    assert female_surname("Ахметов") == "Ахметова"
    assert female_surname("Габдуллин") == "Габдуллина"
    assert female_surname("Шевченко") == "Шевченко"
    assert female_surname("Ким") == "Ким"


def test_every_name_form_has_both_romanisations_in_latin_capitals() -> None:
    bank = build_name_bank()
    for table in (bank.first, bank.last, bank.patronymic):
        assert len(table.cyrillic) == len(table.icao) == len(table.kz2021)
        for icao in table.icao:
            assert icao.isascii(), icao
            assert icao == icao.upper(), icao
