"""Thin routes under /v1: each parses, calls one service, returns its result."""
