"""Counts of true and false positives and negatives, and the measures made from them."""

from __future__ import annotations

from collections.abc import Hashable, Set
from dataclasses import dataclass


@dataclass(slots=True)
class Tally:
    """True positives, false positives and false negatives, summed over items."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: Set[Hashable], want: Set[Hashable]) -> None:
        """Count one item's predicted set against its true set."""
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else 1.0
