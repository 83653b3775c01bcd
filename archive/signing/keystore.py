"""A signer's private key at rest: a PKCS#12 archive encrypted under the signer's pass phrase (PBKDF2-SHA256,
AES-256), then sealed with a key of the server (Fernet).

The pass phrase is the signer's alone: it is never stored, and without it the key cannot be used. The seal adds
that a copy of the database alone is not enough to try pass phrases against the archive offline; it comes from
``ARCHIVE_TTE_KEYSTORE_SECRET`` (default: SECRET_KEY), so changing that secret makes every certificate unusable
(revoke them and issue new ones).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12

DEFAULT_KDF_ROUNDS = 210_000  # PBKDF2-SHA256 iterations on the pass phrase (OWASP 2023)


class WrongPassphrase(Exception):
    """The pass phrase does not open the keystore."""


class KeystoreUnreadable(Exception):
    """The keystore cannot be unsealed: the server's keystore secret changed, or the data is damaged."""


@dataclass(frozen=True)
class OpenedKey:
    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"naskah-tte-keystore").derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def keystore_build(
    *,
    private_key: rsa.RSAPrivateKey,
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
    passphrase: str,
    secret: str,
    rounds: int = DEFAULT_KDF_ROUNDS,
) -> bytes:
    """Encrypt the key and its certificates under ``passphrase`` (PKCS#12) and seal the archive."""
    encryption = (
        PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(rounds)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode())
    )
    archive = pkcs12.serialize_key_and_certificates(b"tte", private_key, certificate, chain, encryption)
    return _fernet(secret).encrypt(archive)


def keystore_open(*, sealed: bytes, passphrase: str, secret: str) -> OpenedKey:
    """Unseal and decrypt; a wrong pass phrase raises WrongPassphrase."""
    try:
        archive = _fernet(secret).decrypt(bytes(sealed))
    except InvalidToken as error:
        raise KeystoreUnreadable("the keystore cannot be unsealed with this server's secret") from error
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(archive, passphrase.encode())
    except ValueError as error:
        raise WrongPassphrase from error
    if not isinstance(key, rsa.RSAPrivateKey) or certificate is None:
        raise KeystoreUnreadable("the keystore holds no RSA key and certificate")
    return OpenedKey(private_key=key, certificate=certificate, chain=tuple(chain))
