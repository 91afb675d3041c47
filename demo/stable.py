"""Seeded, platform-independent hashing: the one source of every "random" choice in the demo."""

from __future__ import annotations

import hashlib
import random


def stable_int(*parts: object) -> int:
    """A 64-bit integer that depends only on `parts` (never on PYTHONHASHSEED or the platform)."""
    key = "\x1f".join(str(part) for part in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def stable_range(low: int, high: int, *parts: object) -> int:
    """An integer in [low, high], inclusive."""
    return low + stable_int(*parts) % (high - low + 1)


def stable_rng(*parts: object) -> random.Random:
    """A private random generator seeded from `parts`, for composing one title or body."""
    return random.Random(stable_int(*parts))
