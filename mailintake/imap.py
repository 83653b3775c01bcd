"""The IMAP conversation: connect and log in, list the messages not taken yet, fetch one, mark it taken.

A message taken in is flagged with the keyword $NaskahCaptured (and \\Seen), or moved to another folder; the
Message-ID remembered in the database is what guarantees it is never captured twice, the flag keeps the next
search short.
"""

from __future__ import annotations

import imaplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager

TAKEN = "$NaskahCaptured"
TIMEOUT = 60


class MailboxError(Exception):
    """The mailbox cannot be read: the server, the login or the folder; the message says which."""


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


@contextmanager
def mailbox(*, host: str, port: int, security: str, username: str, password: str, folder: str) -> Iterator:
    try:
        if security == "ssl":
            client = imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT)
        else:
            client = imaplib.IMAP4(host, port, timeout=TIMEOUT)
            if security == "starttls":
                client.starttls(ssl_context=ssl.create_default_context())
        client.login(username, password)
        status, _data = client.select(_quote(folder))
        if status != "OK":
            raise MailboxError(f"folder {folder!r} cannot be opened")
    except (OSError, imaplib.IMAP4.error) as error:
        raise MailboxError(f"{host}:{port}: {error}") from None
    try:
        yield client
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


def untaken_uids(client) -> list[bytes]:
    status, data = client.uid("SEARCH", None, "UNKEYWORD", TAKEN, "UNDELETED")
    if status != "OK":
        raise MailboxError(f"search failed: {data}")
    return data[0].split() if data and data[0] else []


def fetch(client, uid: bytes) -> bytes:
    status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
    if status != "OK" or not data or not isinstance(data[0], tuple):
        raise MailboxError(f"message {uid!r} cannot be fetched")
    return data[0][1]


def mark_taken(client, uid: bytes, *, move_to: str = "") -> None:
    client.uid("STORE", uid, "+FLAGS", f"({TAKEN} \\Seen)")
    if move_to:
        status, data = client.uid("MOVE", uid, _quote(move_to))
        if status != "OK":
            raise MailboxError(f"message cannot be moved to {move_to!r}: {data}")
