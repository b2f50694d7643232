"""The osint package's errors."""

from __future__ import annotations

from moneytrail.errors import MoneytrailError


class OsintError(MoneytrailError):
    """An osint input, model or tool problem the user can act on."""


class BadInputError(OsintError):
    """One item could not be read; it goes to quarantine with this message as the reason."""


class OcrUnavailableError(OsintError):
    """Tesseract (or one of its languages rus, kaz, eng) is not installed."""
