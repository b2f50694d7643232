"""Channel- and bot-level scores from the scores of their posts, with their explanation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from moneytrail.osint.analyze import Analysis

TOP = 5


@dataclass(frozen=True, slots=True)
class GroupScore:
    """A channel's or bot's score: the mean of its strongest post scores, and why."""

    kind: str  # "channel" or "bot"
    name: str
    score: float
    posts: int
    ads: int
    explanation: str
    requisites: tuple[str, ...]  # masked forms of the payment requisites its ads print

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "kind": self.kind,
            "name": self.name,
            "score": round(self.score, 4),
            "posts": self.posts,
            "ads": self.ads,
            "why": self.explanation,
            "requisites": list(self.requisites),
        }


def group_score(kind: str, name: str, members: list[Analysis]) -> GroupScore:
    """Score a group of analysed items (a channel's posts, the posts naming a bot)."""
    probabilities = sorted((a.probability for a in members), reverse=True)
    top = probabilities[:TOP]
    ads = sum(a.is_ad for a in members)
    score = sum(top) / len(top)
    why = f"{ads} of {len(members)} posts are ads; mean of the top {len(top)} scores {score:.2f}"
    payments = {f.masked: None for a in members if a.is_ad for f in a.found if f.is_payment}
    return GroupScore(kind, name, score, len(members), ads, why, tuple(payments))


def channel_scores(analyses: Iterable[Analysis]) -> list[GroupScore]:
    """One score per channel (or web domain), highest first."""
    groups: dict[str, list[Analysis]] = {}
    for analysis in analyses:
        if analysis.item.channel:
            groups.setdefault(analysis.item.channel, []).append(analysis)
    return _ranked("channel", groups)


def bot_scores(analyses: Iterable[Analysis]) -> list[GroupScore]:
    """One score per Telegram bot named in the items, highest first."""
    groups: dict[str, list[Analysis]] = {}
    for analysis in analyses:
        bots = {f.handle for f in analysis.found if f.handle and f.handle.endswith("bot")}
        for bot in sorted(bots):
            groups.setdefault(bot, []).append(analysis)
    return _ranked("bot", groups)


def _ranked(kind: str, groups: dict[str, list[Analysis]]) -> list[GroupScore]:
    scores = [group_score(kind, name, members) for name, members in groups.items()]
    return sorted(scores, key=lambda s: (-s.score, s.name))
