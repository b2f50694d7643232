"""Telegram usernames, bot usernames and links (t.me, telegram.me, tg://).

What is enforced for a username, after Telegram's rules for public usernames (app
settings, BotFather): 5 to 32 characters of A-Z, a-z, 0-9 and '_'; the first is a
letter; the last is not '_'; no '__'. A bot's username ends in 'bot' in any case.
Not enforced: names Telegram reserves (unknown outside Telegram). Collectible
4-character usernames sold on Fragment are rejected as too short.
Lookups are case-insensitive, so the normalised form is lower-case without '@';
`details["display"]` keeps the form as written. Handles are public: no token is made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import SplitResult, parse_qs, urlsplit

from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer, fail, ok

MIN_LENGTH = 5
MAX_LENGTH = 32
LINK_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
# First path segments of t.me links that name no user, channel or invite.
SERVICE_PATHS = frozenset(
    {"addemoji", "addlist", "addstickers", "addtheme", "bg", "boost", "contact", "invoice"}
    | {"iv", "login", "m", "proxy", "setlanguage", "share", "socks", "confirmphone"}
)
_HANDLE = re.compile(r"@[A-Za-z0-9_]+")
_NAME_CHARS = re.compile(r"[A-Za-z0-9_]+")
_DIGITS = re.compile(r"[0-9]+")
_INVITE = re.compile(r"[A-Za-z0-9_-]{8,64}")
_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/\S+|tg://(?:resolve|join)\?\S+", re.I
)


def username_problem(name: str) -> tuple[str, str] | None:
    """The (rule, reason) a bare username breaks, or None when it keeps every rule."""
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        return "length", f"A username has 5 to 32 characters, not {len(name)}."
    if not _NAME_CHARS.fullmatch(name):
        return "chars", "A username has only letters A-Z, digits and '_'."
    if not name[0].isalpha():
        return "first_char", "A username starts with a letter."
    if name.endswith("_"):
        return "trailing_underscore", "A username does not end with '_'."
    if "__" in name:
        return "double_underscore", "A username has no two '_' in a row."
    return None


def _check_name(kind: IdKind, value: str) -> IdResult:
    """Check '@name' or 'name' and return it lower-case, with its display form."""
    name = value.strip().removeprefix("@")
    problem = username_problem(name)
    if problem:
        return fail(kind, f"{kind.value}.{problem[0]}", problem[1])
    is_bot = name.lower().endswith("bot")
    return ok(kind, name.lower(), details={"display": f"@{name}", "bot": "yes" if is_bot else "no"})


def looks_like_telegram(value: str) -> bool:
    """'@' followed by letters, digits and '_'."""
    return bool(_HANDLE.fullmatch(value.strip()))


def check_telegram(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """Check a username ('@' optional); bots are usernames too."""
    del tokenizer  # handles are public; no token
    return _check_name(IdKind.TELEGRAM, value)


def looks_like_telegram_bot(value: str) -> bool:
    """A handle ending in 'bot' in any case."""
    return looks_like_telegram(value) and value.strip().lower().endswith("bot")


def check_telegram_bot(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """Check a bot's username: a valid username that ends in 'bot'."""
    del tokenizer  # handles are public; no token
    result = _check_name(IdKind.TELEGRAM_BOT, value)
    if result.valid and result.details["bot"] != "yes":
        return fail(IdKind.TELEGRAM_BOT, "telegram_bot.suffix", "A bot's username ends in 'bot'.")
    return result


def looks_like_telegram_link(value: str) -> bool:
    """A t.me, telegram.me or telegram.dog URL, or a tg://resolve or tg://join link."""
    return bool(_LINK.fullmatch(value.strip()))


def _split(value: str) -> SplitResult | None:
    """The URL's parts (https:// assumed when no scheme is given), or None if malformed."""
    text = value.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        return urlsplit(text)
    except ValueError:
        return None


def check_telegram_link(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """Check a link to a user, channel, post or invite, and say what it points to."""
    del tokenizer  # links are public; no token
    parts = _split(value)
    if parts is None:
        return _link_fail("url", "Not a well-formed link.")
    if parts.scheme.lower() == "tg":
        return _check_tg(parts)
    host = (parts.hostname or "").removeprefix("www.")
    if parts.scheme.lower() not in ("http", "https") or host not in LINK_HOSTS:
        return _link_fail("host", "Not a t.me, telegram.me or telegram.dog link.")
    return _check_path([s for s in parts.path.split("/") if s])


def _link_fail(rule: str, reason: str) -> IdResult:
    """An invalid link result."""
    return fail(IdKind.TELEGRAM_LINK, f"telegram_link.{rule}", reason)


def _check_tg(parts: SplitResult) -> IdResult:
    """tg://resolve?domain=NAME[&post=N] or tg://join?invite=HASH."""
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    action = parts.netloc.lower()
    if action == "resolve" and "domain" in query:
        return _user_link(query["domain"], query.get("post"))
    if action == "join" and "invite" in query:
        return _invite_link(query["invite"])
    return _link_fail("tg_action", "Only tg://resolve?domain= and tg://join?invite= are known.")


def _check_path(segments: Sequence[str]) -> IdResult:
    """The path of a t.me link: +HASH, joinchat/HASH, c/ID/POST, s/NAME, NAME or NAME/POST."""
    if not segments:
        return _link_fail("path", "The link names no user, channel or invite.")
    head, rest = segments[0], list(segments[1:])
    if head.startswith("+"):
        return _invite_link(head[1:]) if not rest else _link_fail("path", "Extra path.")
    if head.lower() == "joinchat" and len(rest) == 1:
        return _invite_link(rest[0])
    if head.lower() == "c" and len(rest) == 2:
        return _private_post(rest[0], rest[1])
    if head.lower() == "s" and rest:
        head, rest = rest[0], rest[1:]
    if head.lower() in SERVICE_PATHS or len(rest) > 1:
        return _link_fail("unsupported", f"A t.me/{head} link is not a user, post or invite.")
    return _user_link(head, rest[0] if rest else None)


def _user_link(name: str, post: str | None) -> IdResult:
    """A link to a user or channel, or to one of its posts."""
    problem = username_problem(name)
    if problem:
        return _link_fail(problem[0], problem[1])
    if post is not None and not _DIGITS.fullmatch(post):
        return _link_fail("post_id", "A post number has only digits.")
    details = {"link_type": "post" if post else "username", "username": name.lower()}
    details["display"] = f"@{name}"
    normalized = f"t.me/{name.lower()}"
    if post:
        details["post_id"] = post
        normalized += f"/{post}"
    return ok(IdKind.TELEGRAM_LINK, normalized, details=details)


def _invite_link(invite: str) -> IdResult:
    """A private invite link; the hash is case-sensitive and kept as is."""
    if not _INVITE.fullmatch(invite):
        return _link_fail("invite_hash", "An invite hash has 8 to 64 of A-Z a-z 0-9 _ -.")
    details = {"link_type": "invite", "invite_hash": invite}
    return ok(IdKind.TELEGRAM_LINK, f"t.me/+{invite}", details=details)


def _private_post(channel_id: str, post: str) -> IdResult:
    """t.me/c/CHANNEL_ID/POST: a post in a private channel, by the channel's number."""
    if not (_DIGITS.fullmatch(channel_id) and _DIGITS.fullmatch(post)):
        return _link_fail("post_id", "A private post link has a channel number and a post number.")
    details = {"link_type": "private_post", "channel_id": channel_id, "post_id": post}
    return ok(IdKind.TELEGRAM_LINK, f"t.me/c/{channel_id}/{post}", details=details)
