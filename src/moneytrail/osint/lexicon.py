"""Named features of a drug-shop ad: each is a short function whose docstring is the
explanation shown to the analyst. Words are matched on the look-alike skeleton of the
normalised text (see `normalize.Normalized.skeleton`), so "мeф" and "меф" count alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from moneytrail.osint.lookalikes import SKELETON
from moneytrail.osint.normalize import Normalized


def _words(*words: str) -> re.Pattern[str]:
    """Word stems folded like a skeleton; a word (a run of `[\\w/-]`) counts when it starts
    with one, so the pattern matches a stem where no word character precedes it."""
    stems = sorted({w.lower().translate(SKELETON) for w in words}, key=lambda w: (-len(w), w))
    return re.compile(r"(?<![\w/-])(?:" + "|".join(map(re.escape, stems)) + ")")


def _count(stems: re.Pattern[str], doc: Normalized) -> int:
    return len(stems.findall(doc.skeleton))


PRODUCTS = _words(
    "меф", "мефедрон", "мяу", "крис", "мука", "соль", "альфа", "a-pvp", "alpha-pvp", "pvp",
    "кристалл", "шишки", "бошки", "ак-47", "гаш", "гашиш", "пластилин", "амф", "скорость",
    "фен", "экстази", "mdma", "таблы", "марки", "lsd", "кокс", "mephedrone", "meph", "4-mmc",
    "flakka", "weed", "buds", "hash", "amph", "speed", "ecstasy", "pills", "tabs", "blotters",
    "coke",
)  # fmt: skip
DELIVERY = _words(
    "закладк", "клад", "тайник", "магнит", "прикоп", "наход", "ненаход", "перезаклад",
    "кладмен", "stash", "drop", "magnet", "courier", "курьер",
)  # fmt: skip
SHOP = _words(
    "оператор", "operator", "опт", "вес", "bulk", "бот", "bot", "зеркало", "mirror", "резерв",
    "дүкен", "төлем", "скрин", "receipt", "24/7",
)  # fmt: skip
TODAY = tuple(
    p.translate(SKELETON) for p in ("актуальна только сегодня", "valid today only", "тек бүгін")
)
Feature = Callable[[Normalized], float]


def drug_words(doc: Normalized) -> float:
    """Names drugs in street slang (меф, соль, шишки, MDMA...)."""
    return min(_count(PRODUCTS, doc), 4) / 4


def delivery_words(doc: Normalized) -> float:
    """Speaks of dead-drop delivery (закладка, клад, магнит, прикоп...)."""
    return min(_count(DELIVERY, doc), 3) / 3


def shop_words(doc: Normalized) -> float:
    """Speaks like a shop: operator, bot, bulk, mirror, receipts."""
    return min(_count(SHOP, doc), 3) / 3


def rotating_card(doc: Normalized) -> float:
    """Says the card is valid only today (shops rotate dropper cards daily)."""
    return 1.0 if any(phrase in doc.skeleton for phrase in TODAY) else 0.0


def obfuscated(doc: Normalized) -> float:
    """Hides words with look-alike letters, invisible characters or spacing."""
    return 1.0 if doc.obfuscated else 0.0


FEATURES: tuple[Feature, ...] = (drug_words, delivery_words, shop_words, rotating_card, obfuscated)
NAMES = tuple(feature.__name__ for feature in FEATURES)


def describe(name: str) -> str:
    """The explanation of a named feature."""
    for feature in FEATURES:
        if feature.__name__ == name:
            return (feature.__doc__ or name).strip()
    raise KeyError(name)


def named_values(doc: Normalized) -> list[float]:
    """The named features' values, in `NAMES` order."""
    return [feature(doc) for feature in FEATURES]
