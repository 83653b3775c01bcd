"""PAdES signing of a PDF with pyHanko: one certifying signature that allows no later change (DocMDP level 1),
a widget over the signature mark printed on the page, and an RFC 3161 timestamp when a TSA is given.

Signing may call the timestamp authority over the network: never call it inside a database transaction.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from archive.signing.keystore import OpenedKey

FIELD_NAME = "TandaTanganElektronik"


class SigningFailed(Exception):
    """The PDF could not be signed (unreadable PDF, timestamp authority unreachable …); the reason is the message."""


@dataclass(frozen=True)
class Placement:
    """Where the signature's widget goes: 0-based page, (x1, y1, x2, y2) in points; None: no visible widget."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class TimestampAuthority:
    url: str
    timeout: int = 10
    username: str = ""
    password: str = ""


def _signer(key: OpenedKey):
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1, translate_pyca_cryptography_key_to_asn1
    from pyhanko.sign.signers.pdf_cms import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    store = SimpleCertificateStore()
    store.register_multiple([translate_pyca_cryptography_cert_to_asn1(cert) for cert in key.chain])
    return SimpleSigner(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(key.certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(key.private_key),
        cert_registry=store,
    )


def _timestamper(tsa: TimestampAuthority | None):
    if tsa is None or not tsa.url:
        return None
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    auth = (tsa.username, tsa.password) if tsa.username else None
    return RequestsHTTPTimeStamper(tsa.url, timeout=tsa.timeout, auth=auth)


def pdf_sign(
    pdf: bytes,
    *,
    key: OpenedKey,
    placement: Placement | None,
    name: str,
    reason: str,
    location: str,
    tsa: TimestampAuthority | None = None,
) -> bytes:
    """Return ``pdf`` with a certifying PAdES signature appended (the original bytes are kept, as PDF requires)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko.stamp import TextStampStyle

    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        name=name,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    spec = fields.SigFieldSpec(
        FIELD_NAME,
        on_page=placement.page if placement else 0,
        box=placement.box if placement else None,
    )
    # The mark (QR code and words) is printed on the page itself; the widget over it draws nothing more.
    style = TextStampStyle(stamp_text="", border_width=0, background=None)
    signer = signers.PdfSigner(
        metadata, signer=_signer(key), timestamper=_timestamper(tsa), stamp_style=style, new_field_spec=spec
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        return signer.sign_pdf(writer).getvalue()
    except TimestampRequestError as error:
        raise SigningFailed(f"timestamp authority: {error}") from error
    except (PdfError, SigningError, ValueError, OSError) as error:
        raise SigningFailed(str(error) or type(error).__name__) from error
