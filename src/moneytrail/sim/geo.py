"""Regions and cities of the country, and the places abroad its money goes to.

Populations are rounded 2024 figures (approx.), used only as weights. `drug_price` scales
the national retail price per gram: dearer in the capitals and the oil towns, cheaper in
the south nearer the supply routes (approx.).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class City:
    """A city of the synthetic country."""

    name: str  # English, as in views and reports
    name_ru: str
    name_kk: str
    region: str
    population_k: int
    drug_price: float


CITIES: tuple[City, ...] = (
    City("Almaty", "Алматы", "Алматы", "Almaty city", 2230, 1.15),
    City("Astana", "Астана", "Астана", "Astana city", 1420, 1.2),
    City("Shymkent", "Шымкент", "Шымкент", "Shymkent city", 1220, 0.85),
    City("Karaganda", "Караганда", "Қарағанды", "Karaganda Region", 500, 1.0),
    City("Aktobe", "Актобе", "Ақтөбе", "Aktobe Region", 560, 1.0),
    City("Taraz", "Тараз", "Тараз", "Zhambyl Region", 380, 0.85),
    City("Pavlodar", "Павлодар", "Павлодар", "Pavlodar Region", 360, 1.05),
    City("Oskemen", "Усть-Каменогорск", "Өскемен", "East Kazakhstan Region", 330, 1.05),
    City("Semey", "Семей", "Семей", "Abai Region", 350, 1.0),
    City("Atyrau", "Атырау", "Атырау", "Atyrau Region", 300, 1.25),
    City("Kostanay", "Костанай", "Қостанай", "Kostanay Region", 260, 1.05),
    City("Kyzylorda", "Кызылорда", "Қызылорда", "Kyzylorda Region", 250, 0.9),
    City("Oral", "Уральск", "Орал", "West Kazakhstan Region", 240, 1.05),
    City("Petropavl", "Петропавловск", "Петропавл", "North Kazakhstan Region", 220, 1.05),
    City("Aktau", "Актау", "Ақтау", "Mangystau Region", 270, 1.3),
    City("Turkistan", "Туркестан", "Түркістан", "Turkistan Region", 200, 0.8),
    City("Taldykorgan", "Талдыкорган", "Талдықорған", "Zhetysu Region", 170, 0.95),
    City("Kokshetau", "Кокшетау", "Көкшетау", "Akmola Region", 150, 1.0),
    City("Ekibastuz", "Экибастуз", "Екібастұз", "Pavlodar Region", 150, 1.05),
    City("Zhezkazgan", "Жезказган", "Жезқазған", "Ulytau Region", 90, 1.15),
    City("Satpayev", "Сатпаев", "Сәтбаев", "Ulytau Region", 70, 1.15),
)
CITY_INDEX = {city.name: i for i, city in enumerate(CITIES)}


@dataclass(frozen=True, slots=True)
class Abroad:
    """A foreign city where organizers live or foreign cards are held."""

    name: str
    country: str  # ISO 3166-1 alpha-2


ABROAD: tuple[Abroad, ...] = (
    Abroad("Dubai", "AE"),
    Abroad("Istanbul", "TR"),
    Abroad("Bishkek", "KG"),
    Abroad("Moscow", "RU"),
    Abroad("Tashkent", "UZ"),
    Abroad("Urumqi", "CN"),
)

UTC_OFFSET_HOURS = 5
"""Kazakhstan has kept one time zone, UTC+5, since March 2024."""


def city_weights() -> list[float]:
    """Each city's share of the population."""
    total = sum(city.population_k for city in CITIES)
    return [city.population_k / total for city in CITIES]
