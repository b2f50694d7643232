"""Compact in-memory temporal transfer graph (CSR on numpy) and its compiled kernels."""
