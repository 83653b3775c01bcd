"""Credentials stored encrypted (Fernet: AES-128-CBC with HMAC-SHA-256), with a key from NASKAH_CREDENTIALS_KEY or,
when that is not set, derived from SECRET_KEY (set NASKAH_CREDENTIALS_KEY before rotating SECRET_KEY)."""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    secret = os.environ.get("NASKAH_CREDENTIALS_KEY") or settings.SECRET_KEY
    key = base64.urlsafe_b64encode(hashlib.sha256(f"naskah.credentials:{secret}".encode()).digest())
    return Fernet(key)


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("the stored password cannot be decrypted (was the key changed?); enter it again") from None
