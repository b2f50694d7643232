"""OCR handles snapped to handles already known from monitored posts and pages.

An analyst who watches a shop's Telegram channel knows its bot, channel and operator names.
A handle read in a photo that is a few letters away from exactly one of them ("atamar_edrain"
beside a known "stamar_admin") is taken to be it. The known list must come from text a user
has (posts, pages, the lake), never from the photos' truth; results from it are reported
apart from plain OCR.
"""

from __future__ import annotations

from collections.abc import Collection

from moneytrail.osint.extract import handle
from moneytrail.osint.found import Found
from moneytrail.osint.handles_repair import edits, repaired_handles

SHARE = 4  # at most one edit per this many letters of the known handle


def known_reading(name: str, known: Collection[str]) -> str | None:
    """The known handle the name is, or is nearest to within a quarter of its letters when
    no other known handle is as near; None when there is none."""
    name = name.lower()
    if name in known:
        return name
    best: list[str] = []
    best_edits = 0
    for candidate in known:
        most = max(len(candidate) // SHARE, 1)
        if abs(len(candidate) - len(name)) > most:
            continue
        distance = edits(candidate, name)
        if distance > most or (best and distance > best_edits):
            continue
        if best and distance == best_edits:
            best.append(candidate)
        else:
            best, best_edits = [candidate], distance
    return best[0] if len(best) == 1 else None


def assisted_handles(text: str, known: Collection[str], source: str = "ocr") -> list[Found]:
    """The handles of OCR text (`repaired_handles`), each replaced by the known handle it is
    near (marked `repaired`); handles near none are kept as read."""
    out: dict[str, Found] = {}
    for found in repaired_handles(text, source):
        match = known_reading(found.value, known)
        if match is None or match == found.value.lower():
            out.setdefault(found.value, found)
            continue
        for snapped in handle(match, found.shown, source, repaired=True):
            out.setdefault(snapped.value, snapped)
    return list(out.values())
