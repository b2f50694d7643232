"""The one place numba is imported: a typed `jit` decorator (numba ships no type hints),
`prefetch`, a hint to start loading an array element into cache before it is read, and
`trailing_zeros` (the index of a word's lowest set bit).

Kernels are compiled in nopython mode with an on-disk cache, so the cost of compiling is
paid once per machine, not once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt
from numba.core import cgutils as _cgutils
from numba.core import types
from numba.cpython.unsafe.numbers import trailing_zeros as _trailing_zeros
from numba.extending import intrinsic

cgutils: Any = _cgutils  # numba's code-generation helpers are untyped
ir: Any = cgutils.ir  # llvmlite's IR builder, as numba uses it (untyped)

F = TypeVar("F", bound=Callable[..., Any])


def jit(fn: F) -> F:
    """`fn` compiled by numba (nopython, cached, GIL released); same signature for mypy."""
    return cast(F, numba.njit(cache=True, nogil=True)(fn))


def _prefetch(_typingctx: Any, array: Any, index: Any) -> Any:
    """LLVM's `prefetch` (read, keep in all cache levels) of `array[index]`; no bounds check,
    and none needed: a prefetch never faults."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        kind = signature.args[0]
        view = context.make_array(kind)(context, builder, args[0])
        at = cgutils.get_item_pointer(context, builder, kind, view, [args[1]], wraparound=False)
        byte_ptr, i32 = ir.IntType(8).as_pointer(), ir.IntType(32)
        hint = ir.FunctionType(ir.VoidType(), [byte_ptr, i32, i32, i32])
        fn = cgutils.get_or_insert_function(builder.module, hint, "llvm.prefetch.p0i8")
        builder.call(fn, [builder.bitcast(at, byte_ptr), i32(0), i32(3), i32(1)])
        return context.get_dummy_value()

    return types.void(array, index), codegen


prefetch = cast(Callable[[npt.NDArray[np.generic], int], None], intrinsic(_prefetch))
"""Start loading `array[index]` into cache (jitted code only)."""

trailing_zeros = cast(Callable[[np.uint64], int], _trailing_zeros)
"""How many zero bits below a word's lowest set bit (jitted code only)."""
