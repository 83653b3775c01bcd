"""Reading one e-mail: its Message-ID, sender, subject, date, text and the attachments a capture can take."""

from __future__ import annotations

import email
import email.policy
import hashlib
import html
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import PurePosixPath

SCAN_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass
class MailItem:
    message_id: str
    sender: str
    subject: str
    date: str
    text: str
    attachments: list[Attachment] = field(default_factory=list)  # what could be a letter: PDF and images
    other_files: list[str] = field(default_factory=list)  # attachments left aside (names), noted on the record

    @property
    def context(self) -> dict:
        return {
            "email_from": self.sender,
            "email_subject": self.subject,
            "message_id": self.message_id,
            "date": self.date,
        }


def read_message(raw: bytes) -> MailItem:
    message: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = str(message.get("Message-ID", "")).strip() or "sha256:" + hashlib.sha256(raw).hexdigest()
    item = MailItem(
        message_id=message_id[:998],
        sender=str(message.get("From", ""))[:500],
        subject=str(message.get("Subject", ""))[:1000],
        date=str(message.get("Date", "")),
        text=_text_of(message),
    )
    for part in message.iter_attachments():
        name = part.get_filename() or ""
        data = part.get_payload(decode=True) or b""
        if _looks_like_scan(name, part.get_content_type()):
            item.attachments.append(Attachment(name or "lampiran", part.get_content_type(), data))
        else:
            item.other_files.append(name or part.get_content_type())
    return item


def _looks_like_scan(name: str, content_type: str) -> bool:
    """PDFs and images, by name or declared type; what they really are is judged from their bytes at capture."""
    return (
        PurePosixPath(name.lower()).suffix in SCAN_SUFFIXES
        or content_type == "application/pdf"
        or (content_type.startswith("image/"))
    )


def _text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = body.get_content()
    if body.get_content_type() == "text/html":
        import re

        content = html.unescape(re.sub(r"<[^>]+>", " ", content))
    return content.strip()
