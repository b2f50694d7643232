"""A readable rule: conditions on features, the action it forces and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from moneytrail.detect.ends import NOWHERE, End, skipped


@dataclass(frozen=True)
class Condition:
    """`feature` `op` `value`; a missing (NaN) value never holds."""

    feature: str
    op: str  # ">=" or "<="
    value: float

    def holds(self, observed: float) -> bool:
        """Whether an observed value meets the condition."""
        if observed != observed:  # NaN
            return False
        return observed >= self.value if self.op == ">=" else observed <= self.value


@dataclass(frozen=True)
class Rule:
    """Fires when `feature` `op` `value` and every condition in `also` hold; `action` is the
    least decision it forces.

    A rule never fires on a transfer whose sender is in `skip_senders` or whose receiver is
    in `skip_receivers` (instrument kinds, or `ends.COMPANY` for a legal entity's)."""

    name: str
    feature: str
    op: str  # ">=" or "<="
    value: float
    action: str  # "review" | "block"
    reason: str
    skip_receivers: frozenset[str] = frozenset()
    skip_senders: frozenset[str] = frozenset()
    also: tuple[Condition, ...] = ()

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition, the main one first."""
        return (Condition(self.feature, self.op, self.value), *self.also)

    def fires(
        self, values: Mapping[str, float], sender: End = NOWHERE, receiver: End = NOWHERE
    ) -> bool:
        """Whether the rule holds for a row of feature `values` (all its features present)
        on a transfer between these ends."""
        if skipped(self.skip_senders, sender) or skipped(self.skip_receivers, receiver):
            return False
        return all(c.holds(values[c.feature]) for c in self.conditions)
