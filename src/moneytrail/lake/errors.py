"""The lake's user-facing errors."""

from __future__ import annotations

from moneytrail.errors import MoneytrailError


class LakeError(MoneytrailError):
    """The lake cannot be used as asked: unknown table, locked catalog, bad layout."""
