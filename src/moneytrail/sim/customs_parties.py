"""Who is on a declaration besides the importer: foreign suppliers, customs posts, currencies.

Only goods from outside the EAEU are declared at import, so suppliers come from China,
India, Turkey, Uzbekistan, the Gulf, Korea and Europe; goods bought in Russia or Kyrgyzstan
cross no customs border and never reach this table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from moneytrail.sim.views import CompanyView


@dataclass(frozen=True, slots=True)
class Supplier:
    """A foreign exporter: name, ISO 3166-1 alpha-2 country, invoice currencies."""

    name: str
    country: str
    currencies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Post:
    """A Kazakh customs post: five-digit code, name, and the supplier countries it serves."""

    code: str
    name: str
    countries: tuple[str, ...]


POSTS: tuple[Post, ...] = (
    Post("55201", "ТП «Хоргос – МЦПС»", ("CN",)),
    Post("55203", "ТП «Достык – железнодорожный»", ("CN",)),
    Post("55205", "ТП «Нур Жолы»", ("CN",)),
    Post("50510", "ТП «Аэропорт Алматы»", ("CN", "TR", "DE", "KR", "AE", "IN", "IT", "PL", "US")),
    Post("50501", "ТП «Алматы – ЦТО»", ("CN", "TR", "DE", "KR", "IN", "IT", "PL", "US")),
    Post("62501", "ТП «Астана – ЦТО»", ("CN", "TR", "DE", "KR", "AE", "IN", "IT", "PL", "US")),
    Post("51501", "ТП «Шымкент – ЦТО»", ("UZ", "TR", "IN", "CN")),
    Post("51610", "ТП «Жибек Жолы»", ("UZ",)),
    Post("43501", "ТП «Актау – морской порт»", ("TR", "AE", "IN", "DE", "IT")),
)

# Indicative units of each currency per US dollar.
RATES: tuple[tuple[str, float], ...] = (
    ("USD", 1.0),
    ("EUR", 0.92),
    ("CNY", 7.2),
    ("TRY", 32.0),
    ("AED", 3.67),
    ("KRW", 1350.0),
    ("UZS", 12600.0),
)

_CN_PLACES = ("Hubei", "Wuhan", "Shandong", "Hebei", "Jiangsu", "Zhengzhou", "Shanghai", "Ningbo")
_CN_CORES = ("Xinyuan", "Huarui", "Jinhong", "Dongfang", "Hengtai", "Kaida", "Yuanli", "Baoxin")
_TRADES = (  # sector -> words in a supplier's name
    ("food", ("Food", "Agricultural Products")), ("textiles", ("Textile", "Garments")),
    ("electronics", ("Electronics", "Digital Technology")), ("auto_parts", ("Auto Parts",)),
    ("chemicals", ("Chemical", "New Materials")), ("medical", ("Medical Instrument", "Biotech")),
    ("construction", ("Building Materials", "Ceramics")), ("mining", ("Mining Machinery",)),
    ("research", ("Scientific Instrument", "Glass Instrument", "Chemical Reagent")),
    ("lab", ("Chemical", "Biotechnology", "Pharmaceutical Technology", "Glass Instrument")),
)  # fmt: skip
_NAME_WORDS = (
    ("IN", ("Shree", "Sai", "Anand", "Vardhman", "Kaveri"), "{} {} Pvt. Ltd."),
    ("TR", ("Anadolu", "Ege", "Marmara", "Yildiz", "Kardesler"), "{} {} San. ve Tic. A.S."),
    ("DE", ("Weber", "Hoffmann", "Schulte", "Brandt", "Keller"), "{} {} GmbH"),
    ("UZ", ("Samarqand", "Navoiy", "Farg'ona", "Buxoro", "Toshkent"), "{} {} MChJ"),
    ("AE", ("Al Noor", "Gulf Star", "Emirates Link", "Al Madina", "Desert Rose"), "{} {} FZE"),
    ("KR", ("Hanil", "Daesung", "Samjin", "Kumho", "Woojin"), "{} {} Co., Ltd."),
    ("IT", ("Rossi", "Bianchi", "Ferri", "Galli", "Conti"), "{} {} S.r.l."),
    ("PL", ("Nowak", "Wisla", "Polmar", "Kowalczyk", "Baltyk"), "{} {} Sp. z o.o."),
    ("US", ("Liberty", "Summit", "Pioneer", "Lakeside", "Keystone"), "{} {} Inc."),
)
_CURRENCIES = (
    ("CN", ("USD", "USD", "CNY")), ("IN", ("USD",)), ("TR", ("USD", "EUR", "TRY")),
    ("DE", ("EUR",)), ("UZ", ("USD", "UZS")), ("AE", ("USD", "AED")), ("KR", ("USD", "KRW")),
    ("IT", ("EUR",)), ("PL", ("EUR",)), ("US", ("USD",)),
)  # fmt: skip


def rate(currency: str) -> float:
    """Units of the currency per US dollar."""
    return dict(RATES)[currency]


def make_supplier(rng: random.Random, country: str, sector: str) -> Supplier:
    """A plausible exporter name for the country and the sector it sells to."""
    trade = rng.choice(dict(_TRADES)[sector] + ("Trading", "Import & Export"))
    if country == "CN":
        name = f"{rng.choice(_CN_PLACES)} {rng.choice(_CN_CORES)} {trade} Co., Ltd."
    else:
        words, pattern = next((w, p) for c, w, p in _NAME_WORDS if c == country)
        name = pattern.format(rng.choice(words), trade)
    return Supplier(name, country, dict(_CURRENCIES)[country])


def pick_post(rng: random.Random, country: str) -> Post:
    """A customs post that clears goods from that country."""
    return rng.choice([p for p in POSTS if country in p.countries])


# Company activities (as the world names them) -> the sector whose goods they import.
ACTIVITY_SECTORS: tuple[tuple[str, str], ...] = (
    ("food", "food"), ("textiles", "textiles"), ("electronics", "electronics"),
    ("auto_parts", "auto_parts"), ("car_dealer", "auto_parts"), ("chemicals", "chemicals"),
    ("medical", "medical"), ("pharmacy", "medical"), ("construction", "construction"),
    ("developer", "construction"), ("mining", "mining"), ("research", "research"),
    ("university", "research"),
)  # fmt: skip


def sector_of(rng: random.Random, company: CompanyView, fallback: tuple[str, ...]) -> str:
    """The sector of the company's first known activity, else one drawn from `fallback`."""
    known = dict(ACTIVITY_SECTORS)
    sectors = [known[a] for a in company.activities if a in known]
    return sectors[0] if sectors else rng.choice(fallback)


# Countries that export each sector's goods, most frequent first (repeats are weights).
SECTOR_COUNTRIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("food", ("UZ", "UZ", "TR", "CN", "AE", "IN", "PL")),
    ("textiles", ("CN", "CN", "TR", "TR", "UZ")),
    ("electronics", ("CN", "CN", "CN", "KR", "AE")),
    ("auto_parts", ("CN", "CN", "KR", "DE", "TR")),
    ("chemicals", ("CN", "CN", "IN", "TR", "DE", "KR")),
    ("medical", ("CN", "DE", "KR", "IN", "IT", "US")),
    ("construction", ("CN", "TR", "IT", "PL")),
    ("mining", ("CN", "DE", "US")),
    ("research", ("CN", "DE", "US", "KR", "IN")),
    ("lab", ("CN", "CN", "CN", "IN", "IN")),
)


def supplier_countries(sector: str) -> tuple[str, ...]:
    """Weighted supplier countries for a sector."""
    return dict(SECTOR_COUNTRIES)[sector]
