"""Romanisation of Kazakh and Russian Cyrillic names, the ways other systems write them.

Written by hand because no maintained library carries both tables: ICAO Doc 9303 Part 3
(machine-readable passports: Ж→ZH, Х→KH, Ц→TS, Щ→SHCH, Ю→IU, Я→IA, Kazakh letters folded
to their nearest Latin letter: Қ→K, Ң→N, Ә→A ...), and the Kazakh Latin alphabet of 2021
(Ж→J, Қ→Q, Ң→Ñ, Ш→Ş, Ч→Ç, Ғ→Ğ, Ә→Ä, Ө→Ö, Ұ→Ū, Ү→Ü, І→I, И/Й→İ, Ы→Y). Both return capitals,
as names are printed in documents and bank records.
"""

from __future__ import annotations

ICAO_9303: dict[str, str] = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "ZH",
    "З": "Z", "И": "I", "Й": "I", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O",
    "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "KH", "Ц": "TS",
    "Ч": "CH", "Ш": "SH", "Щ": "SHCH", "Ъ": "IE", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "IU",
    "Я": "IA", "Ә": "A", "Ғ": "G", "Қ": "K", "Ң": "N", "Ө": "O", "Ұ": "U", "Ү": "U",
    "Һ": "H", "І": "I",
}  # fmt: skip

KAZAKH_LATIN_2021: dict[str, str] = {
    "А": "A", "Ә": "Ä", "Б": "B", "В": "V", "Г": "G", "Ғ": "Ğ", "Д": "D", "Е": "E",
    "Ё": "İO", "Ж": "J", "З": "Z", "И": "İ", "Й": "İ", "К": "K", "Қ": "Q", "Л": "L",
    "М": "M", "Н": "N", "Ң": "Ñ", "О": "O", "Ө": "Ö", "П": "P", "Р": "R", "С": "S",
    "Т": "T", "У": "U", "Ұ": "Ū", "Ү": "Ü", "Ф": "F", "Х": "H", "Һ": "H", "Ц": "TS",
    "Ч": "Ç", "Ш": "Ş", "Щ": "ŞŞ", "Ъ": "", "Ы": "Y", "І": "I", "Ь": "", "Э": "E",
    "Ю": "İU", "Я": "İA",
}  # fmt: skip

SYSTEMS = {"icao": ICAO_9303, "kz2021": KAZAKH_LATIN_2021}


def romanize(text: str, system: str) -> str:
    """`text` in capitals of the named system ("icao" or "kz2021"); other characters kept."""
    table = SYSTEMS[system]
    return "".join(table.get(char, char) for char in text.upper())
