"""The office's certificate authority: its own key and certificate, and the signer certificates it issues.

Keys are RSA (as Indonesia's BSrE issues them), certificates X.509 v3 with the key usages a PDF signature needs
(digitalSignature and nonRepudiation, Adobe's document-signing extended key usage).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ADOBE_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.2.840.113583.1.1.5")
MS_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")
CA_KEY_BITS = 3072
SIGNER_KEY_BITS = 2048


@dataclass(frozen=True)
class IssuedAuthority:
    certificate_pem: str
    private_key_pem: str  # PKCS#8, encrypted under the CA pass phrase
    fingerprint: str
    not_after: datetime.datetime


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def fingerprint_of(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def _key_usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def authority_create(*, name: str, organisation: str, passphrase: str, days: int = 3650) -> IssuedAuthority:
    """Make a self-signed CA; its private key comes back encrypted under ``passphrase``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=CA_KEY_BITS)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, name[:64]),
        ]
    )
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    return IssuedAuthority(
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        private_key_pem=encrypted.decode(),
        fingerprint=fingerprint_of(certificate),
        not_after=certificate.not_valid_after_utc,
    )


def authority_key(*, private_key_pem: str, passphrase: str) -> rsa.RSAPrivateKey:
    """Decrypt the CA's key; a wrong pass phrase raises ValueError."""
    key = serialization.load_pem_private_key(private_key_pem.encode(), password=passphrase.encode())
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("The authority's key is not an RSA key")
    return key


def signer_key_create() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=SIGNER_KEY_BITS)


def signer_certificate_issue(
    *,
    authority_pem: str,
    authority_key: rsa.RSAPrivateKey,
    public_key,
    common_name: str,
    title: str,
    organisation: str,
    email: str = "",
    serial_hint: str = "",
    days: int = 730,
) -> x509.Certificate:
    """Issue a signer's certificate for ``public_key`` (the person's name as CN, their post as title)."""
    issuer = x509.load_pem_x509_certificate(authority_pem.encode())
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
    ]
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title[:64]))
    if serial_hint:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_hint[:64]))  # the NIP, when known
    now = _now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(issuer.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(min(now + datetime.timedelta(days=days), issuer.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signer=True), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ADOBE_DOCUMENT_SIGNING, MS_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_key.public_key()), critical=False)
    )
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    return builder.sign(authority_key, hashes.SHA256())


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def load_certificate(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode())
