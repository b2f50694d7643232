"""Names as travel documents and bookings write them, and the variants a traveller hides behind.

A passport prints the ICAO 9303 romanisation (`PersonView.latin_names[0]`). Other systems
write the same Cyrillic name otherwise: the Kazakh Latin alphabet of 2021 (Жұмабеков →
JUMABEKOV, typed without diacritics), its apostrophe version of 2017 (Шыңғыс → S'YN'G'YS),
or Russian spelling (Жұмабеков → Джумабеков → DZHUMABEKOV, Серікұлы → Серикович). A variant
may also add the patronymic as a middle name or swap surname and given name.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from moneytrail.sim.romanize import romanize
from moneytrail.sim.views import PersonView

SCRIPTS = ("icao", "kz2021", "kz2017", "russian")

KAZAKH_LATIN_2017: dict[str, str] = {
    "А": "A", "Ә": "A'", "Б": "B", "В": "V", "Г": "G", "Ғ": "G'", "Д": "D", "Е": "E",
    "Ё": "I'O", "Ж": "J", "З": "Z", "И": "I'", "Й": "I'", "К": "K", "Қ": "Q", "Л": "L",
    "М": "M", "Н": "N", "Ң": "N'", "О": "O", "Ө": "O'", "П": "P", "Р": "R", "С": "S",
    "Т": "T", "У": "Y'", "Ұ": "U", "Ү": "U'", "Ф": "F", "Х": "H", "Һ": "H", "Ц": "TS",
    "Ч": "C'", "Ш": "S'", "Щ": "S'", "Ъ": "", "Ы": "Y", "І": "I", "Ь": "", "Э": "E",
    "Ю": "I'Y'", "Я": "I'A",
}  # fmt: skip

RUSSIAN_STYLE: dict[str, str] = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "ZH",
    "З": "Z", "И": "I", "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O",
    "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "KH", "Ц": "TS",
    "Ч": "CH", "Ш": "SH", "Щ": "SHCH", "Ъ": "", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "YU",
    "Я": "YA",
}  # fmt: skip

# Kazakh letters as Russian spelling writes them.
_KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"
_RUSSIFY = str.maketrans(_KAZAKH_LETTERS, "АГКНОУУХИагкноуухи")


@dataclass(frozen=True, slots=True)
class TravelName:
    """A name as written in API/PNR data, and the variant that produced it."""

    surname: str
    given: str
    middle: str  # "" when absent
    variant: str  # "passport", or e.g. "kz2021", "russian+patronymic+swapped"


def passport_name(person: PersonView) -> TravelName:
    """The name as printed in the passport (`latin_names[0]`, "SURNAME GIVEN")."""
    if person.latin_names:
        surname, _, given = person.latin_names[0].partition(" ")
        return TravelName(ascii_name(surname), ascii_name(given), "", "passport")
    return TravelName(
        latin(person.last_name, "icao"), latin(person.first_name, "icao"), "", "passport"
    )


def variant_name(rng: random.Random, person: PersonView) -> TravelName:
    """The person's name written otherwise than in the passport (never identical to it)."""
    script = rng.choice(SCRIPTS)
    with_middle = bool(person.patronymic) and rng.random() < 0.5
    swapped = rng.random() < 0.25
    official = passport_name(person)
    for attempt in range(2):
        name = _written(person, script, with_middle, swapped or attempt > 0)
        if (name.surname, name.given, name.middle) != (official.surname, official.given, ""):
            return name
    return name


def _written(person: PersonView, script: str, with_middle: bool, swapped: bool) -> TravelName:
    """The name in one script, with or without the patronymic, perhaps swapped."""
    surname = latin(person.last_name, script)
    given = latin(person.first_name, script)
    patronymic = person.patronymic or ""
    if script == "russian":
        patronymic = russian_patronymic(patronymic)
    middle = latin(patronymic, script) if with_middle else ""
    if swapped:
        surname, given = given, surname
    tags = [script] + (["patronymic"] if middle else []) + (["swapped"] if swapped else [])
    return TravelName(surname, given, middle, "+".join(tags))


def latin(cyrillic: str, script: str) -> str:
    """A Cyrillic name in capital Latin letters of the script, as an airline system keeps it."""
    text = cyrillic.upper()
    if script == "russian":
        if set(text) & set(_KAZAKH_LETTERS):  # Жұмабеков → Джумабеков, but Жуков stays
            text = re.sub(r"(^|[\s-])Ж", r"\1ДЖ", text)
        text = text.translate(_RUSSIFY)
        return ascii_name("".join(RUSSIAN_STYLE.get(c, c) for c in text))
    if script == "kz2017":
        return ascii_name("".join(KAZAKH_LATIN_2017.get(c, c) for c in text))
    return ascii_name(romanize(text, script))


def russian_patronymic(patronymic: str) -> str:
    """A Kazakh patronymic in Russian form: Серікұлы → Серикович, Серікқызы → Сериковна."""
    for suffix, russian in (("ұлы", "ович"), ("улы", "ович"), ("қызы", "овна"), ("кызы", "овна")):
        if patronymic.lower().endswith(suffix):
            return patronymic[: -len(suffix)].translate(_RUSSIFY) + russian
    return patronymic


def ascii_name(text: str) -> str:
    """Capital ASCII letters, spaces, hyphens and apostrophes only (diacritics dropped)."""
    folded = unicodedata.normalize("NFKD", text.upper())
    kept = "".join(c for c in folded if c.isascii() and (c.isalpha() or c in " -'"))
    return " ".join(kept.split())
