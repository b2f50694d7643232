"""Bank limits droppers work around: transfers just under the per-transfer limit."""

from __future__ import annotations


def parts(amount: int, limit: int) -> list[int]:
    """`amount` in transfers no larger than `limit`, the first ones just under it."""
    cap = limit - limit // 200  # structuring: a little under the limit
    out = [cap] * (amount // cap)
    if amount % cap:
        out.append(amount % cap)
    return out
