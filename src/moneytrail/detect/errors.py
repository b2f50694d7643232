"""The detection package's one exception family."""

from __future__ import annotations

from moneytrail.errors import MoneytrailError


class DetectError(MoneytrailError):
    """A detection input or artefact is unusable; the message says which and why."""
