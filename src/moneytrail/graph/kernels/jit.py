"""The one place numba is imported: a typed `jit` decorator (numba ships no type hints).

Kernels are compiled in nopython mode with an on-disk cache, so the cost of compiling is
paid once per machine, not once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba

F = TypeVar("F", bound=Callable[..., Any])


def jit(fn: F) -> F:
    """`fn` compiled by numba (nopython, cached, GIL released); same signature for mypy."""
    return cast(F, numba.njit(cache=True, nogil=True)(fn))
