"""Unguessable codes printed for the public (verification of a signed letter, tracking of an incoming one).

Crockford's base 32 (no I, L, O or U to misread): twelve characters carry 60 random bits, far beyond what the
rate-limited public pages let anyone guess. What a person types back is forgiving: case, spaces and dashes do not
matter, and the letters that look like digits are read as those digits.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def random_code(length: int = LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(typed: str, *, max_length: int = 32) -> str:
    """The code as stored, from what was typed or scanned: upper case, without spaces or dashes."""
    kept = "".join(character for character in typed.upper() if character.isalnum())
    return kept.translate(_LOOKALIKES)[:max_length]


def grouped(code: str) -> str:
    """The code in groups of four, as printed ("7KQ2-M9XA-40TZ")."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))
