"""The exceptions of `moneytrail.cases`: one small family, each fit to show to the user."""

from __future__ import annotations

from moneytrail.errors import MoneytrailError


class CasesError(MoneytrailError):
    """Something a cases service refused or could not do."""


class AccessDenied(CasesError):  # noqa: N818 (names fixed by the issue)
    """The acting user may not do this to this object (role, agency or need-to-know)."""


class InvalidTransition(CasesError):  # noqa: N818 (names fixed by the issue)
    """A state machine was asked for a move its transition table does not allow."""


class AuthError(CasesError):
    """Authentication failed: bad credentials, locked account, expired session or token."""


class StaleObject(CasesError):  # noqa: N818 (names fixed by the issue)
    """Someone else changed the object since it was read; read it again and retry."""


class NotFound(CasesError):  # noqa: N818 (names fixed by the issue)
    """No such object (or none the acting user may know about)."""


class InvalidInput(CasesError):  # noqa: N818 (names fixed by the issue)
    """An argument is malformed: an unknown asset unit, a negative amount, a bad card number."""
