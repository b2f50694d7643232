"""E-mail addresses: pragmatic checks, not the whole RFC 5322 grammar.

Enforced: one '@'; a local part of 1 to 64 ASCII dot-atom characters (no quoted
strings, comments or IP-literal domains) without a dot at either end or two in a row;
a domain of 2+ labels, each 1 to 63 letters, digits or '-' (not at either end), at most
253 characters in its IDNA (xn--) form; a top-level label of 2+ letters or 'xn--'; the
whole address at most 254 characters (RFC 5321's 256-octet path less '<' and '>').
The local part is kept as written (servers may treat its case as significant); the
domain is lower-cased in its IDNA form. Addresses are personal: masked and tokenised.
"""

from __future__ import annotations

import re

from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer, fail, maybe_token, ok

MAX_LENGTH = 254
MAX_LOCAL = 64
MAX_DOMAIN = 253
MAX_LABEL = 63
_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_TLD = re.compile(r"[a-z]{2,}|xn--[a-z0-9-]+")


def looks_like_email(value: str) -> bool:
    """Something, one '@', then a dotted domain, with no spaces."""
    return bool(_SHAPE.fullmatch(value.strip()))


def _local_problem(local: str) -> tuple[str, str] | None:
    """The (rule, reason) the local part breaks, or None."""
    if not 1 <= len(local) <= MAX_LOCAL:
        return "local_length", f"The part before '@' has 1 to 64 characters, not {len(local)}."
    if not _ATOM.fullmatch(local):
        return "local_chars", "The part before '@' has a character e-mail does not allow."
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return "local_dots", "The part before '@' has a dot at an end or two in a row."
    return None


def idna_domain(domain: str) -> str | None:
    """The lower-case ASCII (IDNA) form of a domain, or None when it cannot be encoded."""
    if domain.isascii():
        return domain.lower()
    try:
        return domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


def _domain_problem(domain: str) -> tuple[str, str] | None:
    """The (rule, reason) an IDNA domain breaks, or None."""
    if len(domain) > MAX_DOMAIN:
        return "domain_length", f"The domain has {len(domain)} characters, more than 253."
    labels = domain.split(".")
    if len(labels) < 2:
        return "domain_labels", "The domain has no dot."
    for label in labels:
        if len(label) > MAX_LABEL or not _LABEL.fullmatch(label):
            return "domain_label", f"The domain part {label!r} is not a valid DNS label."
    if not _TLD.fullmatch(labels[-1]):
        return "tld", f"The top-level domain {labels[-1]!r} is not letters or 'xn--'."
    return None


def check_email(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """Check an e-mail address; normalise the domain, mask, and tokenise with a tokenizer."""
    text = value.strip()
    if text.count("@") != 1:
        return fail(IdKind.EMAIL, "email.shape", "An e-mail address has exactly one '@'.")
    local, raw_domain = text.split("@")
    domain = idna_domain(raw_domain.rstrip("."))
    if domain is None:
        return fail(IdKind.EMAIL, "email.domain_idna", "The domain cannot be written in IDNA.")
    problem = _local_problem(local) or _domain_problem(domain)
    if problem:
        return fail(IdKind.EMAIL, f"email.{problem[0]}", problem[1])
    normalized = f"{local}@{domain}"
    if len(normalized) > MAX_LENGTH:
        return fail(IdKind.EMAIL, "email.length", f"{len(normalized)} characters, over 254.")
    return ok(
        IdKind.EMAIL,
        normalized,
        masked=f"{local[0]}***@{domain}",
        token=maybe_token(tokenizer, IdKind.EMAIL, normalized),
    )
