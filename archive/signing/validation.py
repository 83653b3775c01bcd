"""Reading and validating the signatures of a PDF someone hands in, with pyHanko.

A signature is good here when its signed bytes are unchanged (intact), its cryptography holds (valid), its
certificate chains to one of the trust roots given (trusted) and it covers the whole file: anything appended
after signing (an edit, another signature) leaves it covering less. Revocation is the caller's to check: the
office's own authority keeps its revocations in the database.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass


class NotAPdf(Exception):
    """The data is not a PDF that can be read."""


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool
    serial: str  # the signer certificate's serial number, hexadecimal
    fingerprint: str  # its SHA-256
    signer: str  # its common name
    signing_time: datetime.datetime | None
    timestamp: datetime.datetime | None  # from an intact RFC 3161 token, if any

    @property
    def good(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_file


def _context(roots_pem: list[str]):
    from pyhanko.keys import load_certs_from_pemder_data
    from pyhanko_certvalidator import ValidationContext

    roots = [cert for pem in roots_pem for cert in load_certs_from_pemder_data(pem.encode())]
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def pdf_signatures(data: bytes, *, trust_roots_pem: list[str], timestamp_roots_pem: list[str] = ()) -> list:
    """Check every signature of the PDF ``data``; an unreadable file raises NotAPdf."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise NotAPdf(str(error)) from error
    signer_context = _context(trust_roots_pem)
    ts_context = _context([*trust_roots_pem, *timestamp_roots_pem])
    checks = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, signer_context, ts_validation_context=ts_context)
        except (PdfError, ValueError, KeyError, TypeError) as error:
            raise NotAPdf(f"signature {signature.field_name}: {error}") from error
        checks.append(_check(signature.field_name, status))
    return checks


def _check(field: str, status) -> SignatureCheck:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    cert = status.signing_cert
    stamp = status.timestamp_validity
    return SignatureCheck(
        field=field or "",
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        serial=format(cert.serial_number, "x"),
        fingerprint=cert.sha256.hex(),
        signer=cert.subject.native.get("common_name", ""),
        signing_time=status.signer_reported_dt,
        timestamp=stamp.timestamp if stamp is not None and stamp.intact and stamp.valid else None,
    )
