"""Numba kernels over CSR arrays; each module is small and typed through `jit`."""
