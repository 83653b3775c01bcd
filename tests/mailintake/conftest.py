"""A real IMAP server for the tests: Debian's dovecot (installed by scripts/bootstrap.sh), started on a free loopback
port with one test mailbox, in a folder of its own; stopped after the test."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest

USER, PASSWORD = "arsip", "sandi-uji-imap"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


@dataclass
class ImapServer:
    host: str
    port: int
    user: str
    password: str

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=30)
        client.login(self.user, self.password)
        return client

    def deliver(self, message: EmailMessage, folder: str = "INBOX") -> None:
        client = self.client()
        client.append(folder, None, None, message.as_bytes())
        client.logout()

    def flags(self, folder: str = "INBOX") -> list[str]:
        client = self.client()
        client.select(folder)
        _status, data = client.fetch("1:*", "(FLAGS)")
        client.logout()
        return [item.decode() for item in data if item]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _mail_owner() -> tuple[int, int]:
    """Dovecot will not hand a mailbox to root: use the caller, or 'nobody' when the tests run as root."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    nobody = pwd.getpwnam("nobody")
    return nobody.pw_uid, nobody.pw_gid


CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = naskah-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture
def imap_server():
    if not Path(DOVECOT).exists():
        pytest.fail("dovecot is not installed: run scripts/bootstrap.sh (it installs dovecot-imapd)")
    # Not under pytest's tmp_path: dovecot's own users must reach the folder, and pytest's is private (0700).
    root = Path(tempfile.mkdtemp(prefix="naskah-dovecot-"))
    root.chmod(0o755)
    for folder in ("run", "state", "home"):
        (root / folder).mkdir()
    uid, gid = _mail_owner()
    os.chown(root / "home", uid, gid)
    port = _free_port()
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, uid=uid, gid=gid))
    subprocess.run(
        [DOVECOT, "-c", str(config)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30
    )
    server = ImapServer("127.0.0.1", port, USER, PASSWORD)
    deadline = time.monotonic() + 20
    while True:
        try:
            server.client().logout()
            break
        except (OSError, imaplib.IMAP4.error):
            if time.monotonic() > deadline:
                raise AssertionError((root / "dovecot.log").read_text()) from None
            time.sleep(0.2)
    yield server
    try:
        subprocess.run(
            [DOVECOT, "-c", str(config), "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
