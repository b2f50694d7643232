"""A readable rule: a feature, a comparison, a threshold, the action it forces and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """Fires when `feature` `op` `value`; `action` is the least decision it forces.

    A rule never fires on a transfer whose receiver is of a kind in `skip_receivers`."""

    name: str
    feature: str
    op: str  # ">=" or "<="
    value: float
    action: str  # "review" | "block"
    reason: str
    skip_receivers: frozenset[str] = frozenset()

    def fires(self, observed: float, dst_kind: str | None = None) -> bool:
        """Whether the rule holds for an observed value (missing values never fire) on a
        transfer to a receiver of `dst_kind`."""
        if observed != observed or dst_kind in self.skip_receivers:  # NaN
            return False
        return observed >= self.value if self.op == ">=" else observed <= self.value
