"""Translations (one JSON catalogue per language in `i18n/`) and locale formatting of
numbers, amounts and dates through Babel."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from moneytrail.cases.ledger import UNITS

CATALOGUES = Path(__file__).resolve().parent / "i18n"
LANGUAGES = ("ru", "kk", "en")
DEFAULT = "ru"
LOCALES = {"ru": "ru_RU", "kk": "kk_KZ", "en": "en_GB"}
MONEY = frozenset({"KZT", "USD", "EUR", "RUB", "CNY", "KGS"})
"""Units Babel formats as currencies; the others (crypto, items) as a number and the unit."""


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The messages of one language."""
    data: dict[str, str] = json.loads((CATALOGUES / f"{lang}.json").read_text("utf-8"))
    return data


def pick(lang: str | None) -> str:
    """A supported language, the default for anything else."""
    return lang if lang in LANGUAGES else DEFAULT


@dataclass(frozen=True)
class Translator:
    """Messages and formats of one language."""

    lang: str

    @property
    def locale(self) -> str:
        """The Babel locale."""
        return LOCALES[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        """The message for `key` (the key itself when the catalogue lacks it)."""
        text = catalogue(self.lang).get(key, key)
        return text.format(**values) if values else text

    def number(self, value: float) -> str:
        """A number with the locale's separators."""
        return format_decimal(value, locale=self.locale)

    def minor(self, amount: int, unit: str) -> str:
        """An amount in minor units of a ledger unit, as the locale writes it."""
        places = UNITS.get(unit, (None, 2))[1]
        value = amount / 10**places
        if unit in MONEY:
            return format_currency(value, unit, locale=self.locale)
        return f"{format_decimal(value, locale=self.locale)} {unit}"

    def money(self, value: float, unit: str) -> str:
        """A decimal amount of a currency."""
        if unit in MONEY:
            return format_currency(value, unit, locale=self.locale)
        return f"{format_decimal(value, locale=self.locale)} {unit}"

    def day(self, moment: date | str) -> str:
        """A date in the locale's medium format."""
        if isinstance(moment, str):
            moment = date.fromisoformat(moment[:10])
        return format_date(moment, "medium", locale=self.locale)

    def when(self, moment: datetime | str | None) -> str:
        """A date and time in the locale's medium format, in UTC (naive times are UTC)."""
        if moment is None:
            return ""
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        return f"{format_datetime(moment, 'medium', tzinfo=None, locale=self.locale)} UTC"
