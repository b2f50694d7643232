"""The real-time package's one exception family."""

from __future__ import annotations

from moneytrail.errors import MoneytrailError


class RealtimeError(MoneytrailError):
    """The decision service cannot start or go on; the message says which input and why."""
