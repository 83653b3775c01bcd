"""The one interface between signing a letter and whoever holds the signer's key.

The default backend (office_ca) is the office's own certificate authority: keys live in the database, each under
its signer's pass phrase. To sign with certificates of a national CA instead (Indonesia's BSrE/BSSN, or another
qualified provider's remote signing service), write a backend whose ``open`` asks that service to authenticate
the signer (their NIK and pass phrase) and whose session's ``sign`` sends the PDF (or its hash, for a CMS
signature pyHanko embeds) to the service and returns the signed PDF. The rules of the office (who may sign, the
number, the stored record, the verification page) do not change; ``trust_roots_pem`` then returns that CA's root,
and ``certificate_record`` the SigningCertificate row that stands for the certificate used (an authority row with
no private key represents the external CA).

Rules for a backend:
- ``open`` raises NoCertificate when the user has no usable certificate, Locked after too many wrong pass phrases,
  WrongPassphrase for a wrong one (the caller audits it); it makes no change to the letter.
- ``SigningSession.sign`` may call the network and must not be called inside a database transaction; it raises
  archive.signing.pdf.SigningFailed with a reason a person can read.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod

from archive.signing.pdf import Placement, TimestampAuthority


class NoCertificate(Exception):
    """The user has no active certificate to sign with."""


class Locked(Exception):
    """Too many wrong pass phrases: signing waits until ``until``."""

    def __init__(self, until: datetime.datetime):
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


class SigningSession(ABC):
    """An opened key: it signs PDFs for one signer until it is dropped."""

    certificate_record = None  # the SigningCertificate used
    issuer_name: str = ""

    @abstractmethod
    def sign(
        self,
        pdf: bytes,
        *,
        placement: Placement | None,
        name: str,
        reason: str,
        location: str,
        tsa: TimestampAuthority | None,
    ) -> bytes: ...


class SigningBackend(ABC):
    @abstractmethod
    def open(self, *, user, passphrase: str) -> SigningSession: ...

    @abstractmethod
    def issuer_name(self, *, user) -> str:
        """The name of the authority whose certificate ``user`` signs with (printed on the letter)."""

    @abstractmethod
    def trust_roots_pem(self) -> list[str]:
        """The certificates a signed PDF must chain to, as PEM."""
