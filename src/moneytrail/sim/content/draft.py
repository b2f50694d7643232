"""A post being written: formatted text parts plus the ground truth of what went into them."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moneytrail.sim.content.lexicon import SLANG_EMOJI
from moneytrail.sim.content.obfuscate import obfuscate_word

SLOT = re.compile(r"\{(\w+)\}|\[([^\]]+)\]")


@dataclass(frozen=True, slots=True)
class Part:
    """A run of text with one Telegram entity type (`plain`, `bold`, `mention`, `link`...)."""

    kind: str
    text: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Slang:
    """A trigger word to obfuscate at the post's level, with an emoji that may replace it."""

    word: str
    emoji: str | None = None
    lead: bool = False  # keeps look-alike letters only: no emoji, no spacing


@dataclass(frozen=True, slots=True)
class Ident:
    """A requisite or contact as printed, its entity type and its truth (kind, normalised)."""

    kind: str
    value: str
    shown: str
    entity: str = "plain"
    href: str | None = None
    requisite: bool = True


Slot = str | Slang | Ident


@dataclass(slots=True)
class Draft:
    """Text parts and truth accumulated while a post is composed."""

    rng: random.Random
    level: int
    lang: str
    parts: list[Part] = field(default_factory=list)
    clean: list[str] = field(default_factory=list)
    requisites: list[dict[str, str]] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    products: list[str] = field(default_factory=list)  # product keys named, in order

    def add(self, text: str, kind: str = "plain", clean: str | None = None) -> None:
        """Append observable text and its clean (unobfuscated) form."""
        if text:
            self.parts.append(Part(kind, text))
        self.clean.append(text if clean is None else clean)

    def ident(self, item: Ident) -> None:
        """Append a requisite or contact and record it in the truth."""
        self.parts.append(Part(item.entity, item.shown, item.href))
        self.clean.append(item.shown)
        row = {"kind": item.kind, "value": item.value, "shown": item.shown}
        (self.requisites if item.requisite else self.contacts).append(row)

    def fill(self, template: str, style: str = "plain", /, **slots: Slot) -> None:
        """Append a template: `[word]` is slang, `{name}` takes a slot value."""
        cursor = 0
        for match in SLOT.finditer(template):
            self.add(template[cursor : match.start()], style)
            cursor = match.end()
            word = match.group(2)
            value = Slang(word, SLANG_EMOJI.get(word.lower())) if word else slots[match.group(1)]
            self._slot(value, style)
        self.add(template[cursor:], style)

    def line(self, template: str, style: str = "plain", /, **slots: Slot) -> None:
        """A template followed by a line break."""
        self.fill(template, style, **slots)
        self.add("\n")

    def _slot(self, value: Slot, style: str) -> None:
        if isinstance(value, Ident):
            self.ident(value)
        elif isinstance(value, Slang):
            hidden = obfuscate_word(value.word, self.level, self.rng, value.emoji, value.lead)
            self.add(hidden, style, clean=value.word)
        else:
            self.add(value, style)

    def text(self) -> str:
        """The observable text, all parts joined."""
        return "".join(part.text for part in self.parts)

    def clean_text(self) -> str:
        """The text as it would read without obfuscation."""
        return "".join(self.clean)


def merged(parts: list[Part]) -> tuple[Part, ...]:
    """Adjacent parts of one formatting kind joined; trailing line breaks trimmed."""
    out: list[Part] = []
    for part in parts:
        joinable = part.kind in ("plain", "bold", "italic") and part.href is None
        if out and joinable and out[-1].kind == part.kind and out[-1].href is None:
            out[-1] = Part(part.kind, out[-1].text + part.text)
        else:
            out.append(part)
    while out and out[-1].kind == "plain" and not out[-1].text.strip():
        out.pop()
    if out and out[-1].kind == "plain":
        out[-1] = Part("plain", out[-1].text.rstrip("\n"))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Post:
    """A finished post waiting for its channel message id."""

    channel: str
    moment: datetime
    parts: tuple[Part, ...]
    truth: dict[str, Any]
    photo: tuple[int, int] | None = None
    edited: datetime | None = None
