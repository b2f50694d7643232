"""Names of fictional companies and merchant descriptors.

Every name is made of invented words: no entry is meant to name a real company.
"""

from __future__ import annotations

import numpy as np

from moneytrail.sim.romanize import romanize

WORDS_KK = (
    "Береке", "Алтын", "Жұлдыз", "Нұр", "Ақ Жол", "Самал", "Тау", "Дала", "Сұңқар", "Шаңырақ",
    "Арман", "Тұлпар", "Бәйтерек", "Көктем", "Жайлау", "Керуен", "Достық", "Ырыс", "Мөлдір",
)  # fmt: skip
WORDS_LAT = (
    "Qazaq", "Eurasia", "Silk Way", "Nomad", "Steppe", "Altyn", "Baiterek", "Jibek", "Saryarka",
    "Orda", "Keruen", "Aqsai", "Zhetysu", "Tengri", "Kokzhiek",
)  # fmt: skip
TRADES = (
    "Строй", "Трейд", "Логистик", "Сервис", "Групп", "Агро", "Энерго", "Инвест", "Текстиль",
    "Транс", "Консалт", "Мебель", "Пласт", "Систем",
)  # fmt: skip

SPECIAL_NAMES = {
    "treasury": "РГУ «Государственное казначейство» (fictional)",
    "benefits": "НАО «Центр выплат пенсий и пособий» (fictional)",
}
TELECOMS = ("Dala Mobile", "Aqsu Telecom", "Nomad Cell")
TAXIS = ("Zhol Go", "Qala Taxi")
MARKETPLACE = "Tulpar Market"
BETTING = "Bayge Bet"
EXCHANGES = ("Qazaq Digital Exchange", "Steppe Crypto Hub")
FOREIGN_SHOPS = (
    ("Kashgar Bazaar Online", "CN"),
    ("Silk Road Express", "CN"),
    ("Anatolia Moda", "TR"),
    ("Gulf Travel Booking", "AE"),
    ("Volga Market", "RU"),
    ("Samarkand Home", "UZ"),
)
CHAINS = {
    "5411": "Dastarkhan Market",
    "5541": "Aqmunai AZS",
    "5912": "Shipager Darihana",
    "5814": "Tez Burger",
    "5732": "Techno Dala",
    "5651": "Kiim Style",
}


def company_name(rng: np.random.Generator, kind: str) -> str:
    """A plausible name for a company of `kind`, with its legal form."""
    legal = "АО" if kind in ("developer", "exchange", "university") else "ТОО"
    if rng.random() < 0.5:
        word = WORDS_KK[int(rng.integers(len(WORDS_KK)))]
    else:
        word = WORDS_LAT[int(rng.integers(len(WORDS_LAT)))]
    trade = {
        "car_dealer": "Моторс",
        "developer": "Құрылыс",
        "chemicals": "Химпром",
        "utility": "Жылу Сервис",
        "university": "Университеті",
    }.get(kind, TRADES[int(rng.integers(len(TRADES)))])
    return f"{legal} «{word} {trade}»"


def descriptor(name: str, city: str) -> str:
    """What a card statement shows for a merchant: name and city in Latin capitals."""
    plain = name.split("«")[-1].rstrip("»") if "«" in name else name
    return romanize(f"{plain} {city}", "icao")
