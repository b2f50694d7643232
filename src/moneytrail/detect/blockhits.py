"""Block an account only on its `block_hits`-th received transfer at the block threshold.

A block stops the receiving instrument, so the count is per receiving account, over the
transfers decided so far in time order: the transfer that brings it to `block_hits` is
blocked, and so is every later block-level transfer into that account; the earlier ones are
sent to review. Cash terminals (ATMs) and unknown receivers are never blocked (as in
`metrics.per_receiver`), unless a rule forces it. With `block_hits` 1 decisions are kept
as they are. Batch scoring and the real-time service both use `apply`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from moneytrail.detect import rules
from moneytrail.detect.decision import Decision
from moneytrail.detect.explain import Reason
from moneytrail.detect.thresholds import Thresholds
from moneytrail.model.transfers import InstrumentKind

Counts = dict[str, int]
"""Receiving account → its received transfers at or above the block threshold so far."""

_CASH = InstrumentKind.CASH.value
_FORCES_BLOCK = frozenset(r.name for r in rules.RULES if r.action == "block")


def receiver(dst: str | None, dst_kind: str | None) -> str | None:
    """The account a block would stop: the receiving instrument, None for a cash terminal
    or an unknown receiver."""
    return None if dst is None or dst_kind == _CASH else dst


def apply(
    decisions: Sequence[Decision],
    receivers: Sequence[str | None],
    thresholds: Thresholds,
    counts: Counts,
) -> list[Decision]:
    """`decisions` (in time order, with their `receiver`s) under the block-hits rule;
    `counts` is updated with their block-level transfers."""
    needed = thresholds.block_hits
    if needed <= 1:
        return list(decisions)
    out = []
    for d, account in zip(decisions, receivers, strict=True):
        if d.score < thresholds.block:
            out.append(d)
            continue
        hits = 0
        if account is not None:
            hits = counts[account] = counts.get(account, 0) + 1
        out.append(_settled(d, hits, thresholds))
    return out


def _settled(d: Decision, hits: int, t: Thresholds) -> Decision:
    """A block-level decision with its receiver's count of block-level transfers (0: the
    receiver cannot be blocked)."""
    needed, cut = t.block_hits, f"{t.block:.3f}"
    if hits >= needed:
        text = (
            f"the {_nth(hits)} transfer into this account scoring at or above the block "
            f"threshold {cut}; {needed} such transfers block an account"
        )
        return replace(d, reasons=[Reason("block_hits", float(hits), 0.0, text), *d.reasons])
    if _FORCES_BLOCK.intersection(d.rules_fired):
        return d
    if hits == 0:
        text = (
            f"score at or above the block threshold {cut}, but the receiver is a cash "
            "terminal or unknown, which is never blocked"
        )
    else:
        text = (
            f"the {_nth(hits)} of the {needed} transfers into this account scoring at or "
            f"above the block threshold {cut} that are needed to block it"
        )
    reason = Reason("block_hits", float(hits), 0.0, text)
    return replace(d, action="review", reasons=[reason, *d.reasons])


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
