"""Telegram handles in OCR text, with the underscores Tesseract turned into spaces put back.

After "@", "TG", "ТГ", "ТЕЛЕГА" or "t.me/", the next Latin words on the line are joined with
"_" ("@snow support" -> "snow_support") while the join keeps Telegram's username rules (5-32
characters, letters, digits and single inner underscores); the longest valid join is kept.
OCR's usual misreadings are undone: of the markers ("ТГ:" read as any one to three signs
before a colon, "TT:", "TYT:", "TE:", "1:", or "TT" alone; "TG" read "Тб", "Т6" or "16";
"ТЕЛЕГА" read as any six-odd letters from "T" to "A" before the "@": "ТЕГА", "TRAEFA";
"t.me/" read "TME/", "TL.ME/", "t.ae/"), of the "@" after "TG" or "ТЕЛЕГА" (read "Q", "q",
"G", "O", "o", "a", "c", "e": a bare marker is followed by "@" in painted ads, so that letter
is dropped), of a bot's "BOT" ("B0T", "B07", "B0F"; after a digit also "hot", "bet"), of a
camel-case bot name split by a space ("bitkr iwiBot"), and Cyrillic look-alikes put into
Latin names ("п" for "n"). When the name's first part is at most two fifths of its letters
away from a word of its length painted elsewhere in the photo (the shop's name beside its
handle: "Stamar ... ТГ: stemer_admin"), that reading is taken; a last part close to a role
word (`ROLE_WORDS`: "wiket_epereter") takes the role word. Every such handle is marked
`repaired`. Readings of one handle (from several views and passes) are grouped and one is
kept (`consolidated`), so that letter errors do not multiply the leads.
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
    # "ТГ:" misread: any one to three signs before the colon ("TT:", "TYT:", "TE:", "1:")
    r"|(?:(?<=\s)|^)\W?(?P<misread>[^\s:;]{1,3}(?=\s*[:;])|тт|tt|ty)\s*[:;]?\s*@?"
    r"|(?<![a-zа-яё0-9])(?P<tg>тб|т6|t6|16|гс|т[еa]?[лl]?[еe]?[гgпғ][аa]|[tтyу][a-zа-яё]{2,5}[aа]_?)"
    r"\s*(?=[@QGOoaceqС0ӨФ][a-z])@?"
    r"|(?<![a-zа-яё0-9])(?P<link>t\s*[l1i]?\s*[.,]?\s*[a-zа-яё]{1,2}\s*/\s*))\s*"
)
_WORD = re.compile(r"[A-Za-z0-9]+")
_CAMEL_BOT = re.compile(r"^(?:[a-z]*Bot)$")
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{5,}(?![A-Za-z0-9_])")  # not in a handle
# "BOT" read "B0T", "B07", "B0F"; after a digit also "hot", "bet" ("24bot" read "24hot")
_BOT_END = re.compile(r"[bB][0oO][tT7fF]$|(?<=[0-9])[bBhH][0oOeE][tT7fF]$")
# What shops put after the "_" of a contact's username: their role or city.
ROLE_WORDS = frozenset({"operator", "support", "admin", "shop", "store", "almaty", "astana"})
_AT_MISREAD = "QGOoaceqС0ӨФ"  # what OCR makes of a painted "@" glued to the name
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
    counts: dict[str, int] = {}
    for line in lines:
        for found in _line_handles(line, source, painted):
            seen.setdefault(found.value, found)
            counts[found.value] = counts.get(found.value, 0) + 1
    kept = consolidated(list(seen), counts, painted)
    return [seen[value] for value in kept]


def consolidated(names: list[str], counts: dict[str, int], painted: set[str]) -> list[str]:
    """One name for each group of readings of the same handle: names within a quarter of
    their letters of each other are one handle read several times, and a name that is the
    start of a longer one up to a "_" is that one cut short. Of a group the name read most
    often is kept; on a tie, the one with the most parts that are painted or role words,
    then the one nearest the others (a character vote), then the first read."""
    groups: list[list[str]] = []
    for name in names:
        for group in groups:
            if any(_same_handle(name, other) for other in group):
                group.append(name)
                break
        else:
            groups.append([name])
    known = painted | ROLE_WORDS

    def merit(name: str, group: list[str]) -> tuple[int, int, int, int]:
        parts = name.split("_")
        return (
            counts[name],
            sum(part in known for part in parts),
            -sum(edits(name, other) for other in group),
            -names.index(name),
        )

    return [max(group, key=lambda name: merit(name, group)) for group in groups]


def _same_handle(a: str, b: str) -> bool:
    """Whether two readings are of one handle: near in letters, or one cut short."""
    short, long = sorted((a, b), key=len)
    if long.startswith(short + "_") or (long.startswith(short) and long.endswith("bot")):
        return True
    return edits(a, b) <= max(len(long) // 4, 1)


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
        words = _words_after(rest, 0)
        name = best_join(words)
        if name is None:
            continue
        known = _painted_reading(name, painted)
        repaired = (
            "_" in name
            or known != name
            or name.lower() != words[0].lower()  # words joined, or "B0T", "24hot" for "bot"
            or bool(marker.group("misread") or marker.group("tg"))
        )
        yield from handle(known, line[marker.start() :].strip(), source, repaired)


def _painted_reading(name: str, painted: set[str]) -> str:
    """The name with its first part (before "_") replaced by the one word of its length
    painted elsewhere in the photo, and its last part by the one role word (`ROLE_WORDS`),
    at most two fifths of its letters away, where the result keeps the username rules;
    else the name."""
    head, sep, tail = name.lower().partition("_")
    # A shop's name is the first part of its handles ("stamar" of "stamar_admin"); a word as
    # long as a whole name is another reading of the name, no better than this one. Letters
    # misread, not lost or gained: the same length.
    if sep and len(head) >= 5:
        head = _nearest(head, {w for w in painted if len(w) == len(head)}, len(head) * 2 // 5)
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
    "B0F", misread "BOT", ends a bot's name), stopping before a word of one sign (OCR's
    debris of wall texture, not a part of a name: "i 3 a et")."""
    short = next((i for i, word in enumerate(words) if len(word) < 2), len(words))
    for count in range(short, 0, -1):
        name = _BOT_END.sub(lambda m: "bB"[m.group()[0].isupper()] + "ot", _joined(words[:count]))
        if username_problem(name) is None:
            return name
    return None


def _joined(words: list[str]) -> str:
    """The words joined with "_", but a last word ending in a capital "Bot" after a word
    ending in lower case joined directly (a camel-case bot name, "ketraBot", "bitkriwiBot",
    that OCR split)."""
    if len(words) > 1 and _CAMEL_BOT.search(words[-1]) and words[-2][-1:].islower():
        return "_".join([*words[:-2], words[-2] + words[-1]])
    return "_".join(words)
