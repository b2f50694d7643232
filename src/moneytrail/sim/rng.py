"""Independent random streams per component, all derived from the world's seed.

Each component asks for a stream by name (and optionally a number such as the day), so
adding a draw to one component never shifts the numbers another one sees.
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np


class Streams:
    """Named `numpy.random.Generator`s spawned from one `SeedSequence`."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def get(self, name: str, *numbers: int) -> np.random.Generator:
        """The generator of component `name` (and sub-stream `numbers`)."""
        key = (zlib.crc32(name.encode()), *numbers)
        sequence = np.random.SeedSequence(self.seed, spawn_key=key)
        return np.random.Generator(np.random.PCG64(sequence))

    def digest(self, *parts: object) -> bytes:
        """32 bytes that depend only on the seed and `parts` (for hashes such as txids)."""
        text = "\x1f".join(str(part) for part in (self.seed, *parts))
        return hashlib.sha256(text.encode()).digest()
