"""How shops hide trigger words, handles and numbers from keyword filters.

Levels: 0 clean; 1 Latin/Cyrillic look-alike letters; 2 look-alikes plus inserted punctuation
or invisible characters, or an emoji for a product word, and odd separators in numbers;
3 adds spaced-out letters, broken-up handles and links, and digits partly written as words.
"""

from __future__ import annotations

import random

from moneytrail.sim.content.lexicon import DIGIT_WORDS

LATIN_TO_CYRILLIC = {
    "a": "а",
    "e": "е",
    "o": "о",
    "c": "с",
    "p": "р",
    "x": "х",
    "y": "у",
    "k": "к",
    "m": "м",
    "t": "т",
    "h": "н",
    "b": "в",
    "A": "А",
    "B": "В",
    "C": "С",
    "E": "Е",
    "H": "Н",
    "K": "К",
    "M": "М",
    "O": "О",
    "P": "Р",
    "T": "Т",
    "X": "Х",
}
CYRILLIC_TO_LATIN = {cyr: lat for lat, cyr in LATIN_TO_CYRILLIC.items()}
LOOKALIKES = {**LATIN_TO_CYRILLIC, **CYRILLIC_TO_LATIN}
INSERTS = (".", "*", "_", "-", "\u200b", "\u200c", "\u00ad")
INVISIBLE = ("\u200b", "\u200c", "\u00ad")
DIGIT_SEPARATORS = (" ", "-", ".", "_", " / ", "  ")


def swap_lookalikes(word: str, rng: random.Random) -> str:
    """Swap some letters for look-alikes of the other script, never all, so words mix scripts."""
    spots = [i for i, ch in enumerate(word) if ch in LOOKALIKES]
    if not spots:
        return word
    letters = sum(ch.isalpha() for ch in word)
    most = len(spots) if letters > len(spots) else max(len(spots) - 1, 1)
    chosen = rng.sample(spots, rng.randint(1, most))
    return "".join(LOOKALIKES[ch] if i in chosen else ch for i, ch in enumerate(word))


def punctuate(word: str, rng: random.Random) -> str:
    """Insert punctuation or invisible characters between some letters."""
    if len(word) < 2:
        return word
    gaps = rng.sample(range(1, len(word)), rng.randint(1, min(2, len(word) - 1)))
    mark = rng.choice(INSERTS)
    return "".join(mark + ch if i in gaps else ch for i, ch in enumerate(word))


def space_out(word: str) -> str:
    """`м е ф`."""
    return " ".join(word)


def obfuscate_word(
    word: str, level: int, rng: random.Random, emoji: str | None = None, lead: bool = False
) -> str:
    """A trigger word as a shop at this level would write it; a lead word keeps its letters."""
    if level <= 0:
        return word
    swapped = swap_lookalikes(word, rng)
    if level == 1 or lead:
        return swapped
    if level == 2:
        roll = rng.random()
        if emoji and roll < 0.2:
            return emoji
        return punctuate(swapped, rng) if roll < 0.7 else swapped
    roll = rng.random()
    if emoji and roll < 0.2:
        return emoji + space_out(swapped)
    return space_out(swapped) if roll < 0.6 else punctuate(swapped, rng)


def obfuscate_handle(handle: str, level: int, rng: random.Random, lang: str) -> str:
    """A Telegram username as printed: `@name` up to level 2, broken up at level 3."""
    if level < 3:
        return "@" + handle
    cut = rng.randrange(1, len(handle))
    forms = (
        "@ " + handle,
        ("тг: " if lang != "en" else "tg: ") + handle,
        "@" + handle[:cut] + rng.choice(INVISIBLE) + handle[cut:],
        handle + (" (телега)" if lang != "en" else " (telegram)"),
    )
    return rng.choice(forms)


def obfuscate_link(path: str, level: int, rng: random.Random) -> str:
    """A t.me link as printed: full URL or bare up to level 2, defanged at level 3."""
    if level < 3:
        return rng.choice(("https://t.me/", "t.me/")) + path
    return rng.choice(("t . me/", "t[.]me/", "t.me / ", "тэ.ме/")) + path


def obfuscate_site(host: str, level: int, rng: random.Random) -> str:
    """A site address as printed: a URL up to level 1, bare (2) or defanged (3) above."""
    if level < 2:
        return ("http://" if host.endswith(".onion") else "https://") + host
    if level == 2:
        return host
    head, _, tld = host.rpartition(".")
    return head + rng.choice(("[.]", " . ", "(точка)")) + tld


def obfuscate_number(text: str, level: int, rng: random.Random, lang: str) -> str:
    """A printed card or phone number, with odd separators (2) or some digits as words (3)."""
    if level < 2:
        return text
    if level == 2:
        return rng.choice(DIGIT_SEPARATORS).join(text.split(" ")) if " " in text else text
    positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    start = rng.randrange(max(len(positions) - 3, 1))
    chosen = set(positions[start : start + rng.randint(2, 3)])
    words = DIGIT_WORDS[lang]
    pieces = [f" {words[int(ch)]} " if i in chosen else ch for i, ch in enumerate(text)]
    return " ".join("".join(pieces).split())


def read_digits(text: str) -> str:
    """The digits of a printed number, digit words of any of our languages read back."""
    pairs = [
        (word, str(value)) for words in DIGIT_WORDS.values() for value, word in enumerate(words)
    ]
    for word, value in sorted(pairs, key=lambda pair: -len(pair[0])):
        text = text.replace(word, value)
    return "".join(ch for ch in text if "0" <= ch <= "9")
