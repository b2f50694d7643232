"""Telegram handles in OCR text, with the underscores Tesseract turned into spaces put back.

After "@", "TG", "ТГ" or "t.me/" (an "@" misread as "Q@" too), the next Latin words on the
line are joined with "_" ("@snow support" -> "snow_support") while the join keeps
Telegram's username rules (5-32 characters, letters, digits and single inner underscores);
the longest valid join is kept. Cyrillic look-alikes that OCR puts into Latin names are
folded back to Latin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moneytrail.model.ids.telegram import username_problem
from moneytrail.osint.extract import handle
from moneytrail.osint.found import Found
from moneytrail.osint.lookalikes import TO_LATIN

_MARKER = re.compile(
    r"(?i)(?:@|(?<![a-zа-я])(?:tg|тг|тс|telegram|телега)\s*[:.;]?\s*(?:q?@)?"
    r"|t\s*[.,]\s*me\s*/\s*)\s*"
)
_WORD = re.compile(r"[A-Za-z0-9]+")
_BOT_ZERO = re.compile(r"[bB]0[tT]$")
_FOLD = str.maketrans(TO_LATIN)


def repaired_handles(text: str, source: str = "ocr") -> list[Found]:
    """Handles found in OCR text, each once; `repaired` marks joins that added '_'."""
    seen: dict[str, Found] = {}
    for line in text.splitlines():
        for found in _line_handles(line, source):
            seen.setdefault(found.value, found)
    return list(seen.values())


def _line_handles(line: str, source: str) -> Iterator[Found]:
    for marker in _MARKER.finditer(line):
        words = _words_after(line[marker.end() :].translate(_FOLD), 0)
        name = best_join(words)
        if name is not None:
            yield from handle(name, line[marker.start() :].strip(), source, "_" in name)


def _words_after(line: str, start: int) -> list[str]:
    """The Latin words that follow, separated only by spaces or underscores."""
    words: list[str] = []
    cursor = start
    for match in _WORD.finditer(line, start):
        gap = line[cursor : match.start()]
        if (words and gap.strip(" _")) or (not words and gap.strip()):
            break
        words.append(match.group())
        cursor = match.end()
        if match.group().lower().endswith(("bot", "b0t")):  # a bot's name ends there
            break
    return words


def best_join(words: list[str]) -> str | None:
    """The longest '_'-join of the leading words that is a valid username ("B0T", with a
    zero read for the O, ends a bot's name)."""
    for count in range(len(words), 0, -1):
        name = _BOT_ZERO.sub(lambda m: m.group()[0] + "o" + m.group()[2], "_".join(words[:count]))
        if username_problem(name) is None:
            return name
    return None
