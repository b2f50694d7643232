"""Telegram handles in OCR text, with the underscores Tesseract turned into spaces put back.

After "@", "TG", "ТГ", "ТЕЛЕГА" or "t.me/", the next Latin words on the line are joined with
"_" ("@snow support" -> "snow_support") while the join keeps Telegram's username rules (5-32
characters, letters, digits and single inner underscores); the longest valid join is kept.
OCR's usual misreadings are undone: of the markers ("ТГ:" read "TT:", "7T:", "Tr:", "ТІ:"; "TG" read
"Тб", "Т6" or "16"; "ТЕЛЕГА" read "ТЕГА", "ТАЛЕҒА"), of the "@" after "TG" or "ТЕЛЕГА" (read "Q",
"G", "O", "o", "a", "c", "e": a bare marker is followed by "@" in painted ads, so that letter
is dropped), of a bot's "BOT" ("B0T", "B07", "B0F"), and Cyrillic look-alikes put into Latin
names ("п" for "n"). When the name's first part is one or two letters away from a word of its
length painted elsewhere in the photo (the shop's name beside its handle: "Stamar ... ТГ:
stemer_admin"), that reading is taken; a last part close to a role word (`ROLE_WORDS`:
"wiket_epereter") takes the role word. Every such handle is marked `repaired`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from moneytrail.model.ids.telegram import username_problem
from moneytrail.osint.extract import handle
from moneytrail.osint.found import Found
from moneytrail.osint.lookalikes import TO_LATIN

_MARKER = re.compile(
    r"(?i)(?:(?P<at>@|©(?=\s?[a-z]))"
    r"|(?<![a-zа-яё0-9])(?P<word>tg|тг|тс|telegram|телега|телеграм)(?P<sep>\s*[:.;]?\s*(?:q?@)?)"
    r"|(?<![a-zа-яё0-9])(?P<misread>тт|tt|7t|tr|ті|ti|гі)\s*[:;]\s*@?"
    r"|(?<![a-zа-яё0-9])(?P<tg>тб|т6|t6|16|гс|т[еa]?[лl]?[еe]?[гgпғ][аa])\s*(?=[@QGOoaceС0ӨФ])@?"
    r"|(?P<link>t\s*[.,]\s*me\s*/\s*))\s*"
)
_WORD = re.compile(r"[A-Za-z0-9]+")
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{5,}(?![A-Za-z0-9_])")  # not in a handle
_BOT_END = re.compile(r"[bB][0oO][tT7fF]$")  # "BOT" read "B0T", "B07", "B0F"
# What shops put after the "_" of a contact's username: their role or city.
ROLE_WORDS = frozenset({"operator", "support", "admin", "shop", "store", "almaty", "astana"})
_AT_MISREAD = "QGOoaceС0ӨФ"  # what OCR makes of a painted "@" glued to the name
# Look-alikes, and Cyrillic letters OCR reads for the Latin ones of a name.
_FOLD = str.maketrans({**TO_LATIN, "п": "n", "г": "r", "и": "u", "С": "C"})


def repaired_handles(text: str, source: str = "ocr") -> list[Found]:
    """Handles found in OCR text, each once; `repaired` marks names OCR's errors were undone in."""
    seen: dict[str, Found] = {}
    lines = text.splitlines()
    # Words painted on lines of their own, without a handle (a shop's name, not another
    # reading of a handle).
    painted = {
        w.lower() for line in lines if not _MARKER.search(line) for w in _LATIN_WORD.findall(line)
    }
    for line in lines:
        for found in _line_handles(line, source, painted):
            seen.setdefault(found.value, found)
    return list(seen.values())


def _line_handles(line: str, source: str, painted: set[str]) -> Iterator[Found]:
    for marker in _MARKER.finditer(line):
        rest = line[marker.end() :].translate(_FOLD)
        at_lost = (
            bool(marker.group("word"))
            and "@" not in marker.group("sep")
            and ":" not in (marker.group("sep"))
        )
        if (at_lost or marker.group("tg")) and rest[:1] in _AT_MISREAD and rest[1:2].isalpha():
            rest = rest[1:]
        name = best_join(_words_after(rest, 0))
        if name is None:
            continue
        known = _painted_reading(name, painted)
        repaired = (
            "_" in name or known != name or bool(marker.group("misread") or marker.group("tg"))
        )
        yield from handle(known, line[marker.start() :].strip(), source, repaired)


def _painted_reading(name: str, painted: set[str]) -> str:
    """The name with its first part (before "_") replaced by the one word of its length
    painted elsewhere in the photo at most two letters from it, and its last part by the one
    role word (`ROLE_WORDS`) at most two fifths of its letters away, where the result keeps the
    username rules; else the name."""
    head, sep, tail = name.lower().partition("_")
    # A shop's name is the first part of its handles ("stamar" of "stamar_admin"); a word as
    # long as a whole name is another reading of the name, no better than this one. Letters
    # misread, not lost or gained: the same length.
    if sep and len(head) >= 5:
        head = _nearest(head, {w for w in painted if len(w) == len(head)}, 2)
    if sep and "_" not in tail:
        tail = _nearest(tail, ROLE_WORDS, len(tail) * 2 // 5)
    fixed = head + sep + tail
    return fixed if fixed != name.lower() and username_problem(fixed) is None else name


def _nearest(word: str, known: Iterable[str], most: int) -> str:
    """The one known word at most `most` edits from the word (the word itself if known)."""
    near = [k for k in known if abs(len(k) - len(word)) <= most and edits(k, word) <= most]
    return near[0] if len(near) == 1 else word


def edits(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions turning a into b."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


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
        if _BOT_END.search(match.group()):  # a bot's name ends there
            break
    return words


def best_join(words: list[str]) -> str | None:
    """The longest '_'-join of the leading words that is a valid username ("B0T", "B07" or
    "B0F", misread "BOT", ends a bot's name)."""
    for count in range(len(words), 0, -1):
        name = _BOT_END.sub(lambda m: m.group()[0] + "ot", _joined(words[:count]))
        if username_problem(name) is None:
            return name
    return None


def _joined(words: list[str]) -> str:
    """The words joined with "_", but a last word "Bot" after a word ending in lower case
    joined directly (a camel-case bot name, "ketraBot", that OCR split at the capital)."""
    if len(words) > 1 and words[-1] == "Bot" and words[-2][-1:].islower():
        return "_".join([*words[:-2], words[-2] + words[-1]])
    return "_".join(words)
