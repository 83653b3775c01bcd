"""The audit log made tamper-evident: every row signed when written, then sealed into one hash chain.

1. **Signed when written** (``sign``): an HMAC-SHA256, with a key the database does not hold (NASKAH_AUDIT_KEY,
   or ``var/keys/audit_key``), over the row's whole content: its random uid, time, actor, source, action, record,
   letter, changes, reason and address. A row edited afterwards, or written by anyone without the key (straight
   into the database), does not match its signature.
2. **Sealed into a chain** (``seal_pending``): right after the writing transaction commits, and every minute from
   ``run_periodic``, one sealer at a time gives the signed rows not yet sealed the next sequence number and
   ``hash = sha256(previous hash | seq | signature)``. Rows sealed form one unbroken chain from seq 1: a deleted
   row leaves a gap, an edited one a wrong signature or hash. Sealing after the commit, not inside the writer's
   transaction, keeps every request from queueing on one lock (and from deadlocking on it). The sealer writes the
   chain's head (seq and hash) to an anchor file outside the database, so emptying the table or cutting its end
   shows too.
3. **Verified** (``audit_verify``, daily from ``run_periodic``; ``manage.py audit_verify``): walks the chain and
   reports the first broken link, a missing row, a changed row, a row written without the key (inserted), a head
   behind the last verification or the anchor; each run is kept (``AuditCheck``) and shown to admins.

The content of a restricted letter (and a capture's OCR text, and a restricted outgoing letter) is not kept in
clear: the row lists the fields that changed with ``•••`` and a reference (``sealed_for``), and the true values are
encrypted with a key derived from the audit key; the log screen decrypts them for users who may open that record.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from archive.models import AuditCheck, AuditEvent

GENESIS = "0" * 64
SEAL_LOCK_KEY = 0x6E61736B61680002  # "naskah" + 2: the audit sealer (PostgreSQL advisory lock)
SEAL_BATCH = 1000
UNSEALED_GRACE = datetime.timedelta(minutes=10)
# The columns a signature covers, in this order; the chain columns (seq, prev_hash, hash) are not among them.
SIGNED_FIELDS = (
    "uid",
    "at",
    "actor_id",
    "actor",
    "source",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "letter_id",
    "changes",
    "reason",
    "path",
    "sealed_for",
    "sealed_values",
)


# Keys --------------------------------------------------------------------------------------------------------------


@cache
def _key() -> bytes:
    from naskah.settings.keys import secret_from_env_or_file

    given = getattr(settings, "NASKAH_AUDIT_KEY", "")
    if given:
        return str(given).encode()
    path = Path(getattr(settings, "NASKAH_KEYS_DIR", Path(settings.DATA_DIR) / "keys")) / "audit_key"
    return secret_from_env_or_file(env="NASKAH_AUDIT_KEY", path=path).encode()


def _fernet() -> Fernet:
    derived = hmac.new(_key(), b"naskah-audit-values", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_values(values: dict) -> str:
    return _fernet().encrypt(json.dumps(values, default=str, ensure_ascii=False).encode()).decode()


def decrypt_values(token: str) -> dict | None:
    """The sealed values of a row, or None when they cannot be read (another key, or tampered)."""
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError):
        return None


# Signing and chaining ------------------------------------------------------------------------------------------------


def _instant(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def canonical(event: AuditEvent) -> bytes:
    """The row's signed content as bytes: the same for the object written and the row read back."""
    content = {}
    for name in SIGNED_FIELDS:
        value = getattr(event, name)
        if name == "at":
            value = _instant(value)
        elif name == "uid":
            value = str(value)
        content[name] = value
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def sign(event: AuditEvent) -> str:
    return hmac.new(_key(), canonical(event), hashlib.sha256).hexdigest()


def signature_valid(event: AuditEvent) -> bool:
    return bool(event.mac) and hmac.compare_digest(event.mac, sign(event))


def link_hash(previous: str, seq: int, mac: str) -> str:
    return hashlib.sha256(f"{previous}|{seq}|{mac}".encode()).hexdigest()


# Sealing ---------------------------------------------------------------------------------------------------------


def seal_after_commit() -> None:
    """Ask for the rows written in the current transaction to be sealed once it commits (once per transaction)."""
    if not connection.in_atomic_block:
        seal_pending()
        return
    if not any(getattr(item[1], "__name__", "") == "_seal_now" for item in connection.run_on_commit):
        transaction.on_commit(_seal_now)


def _seal_now() -> None:
    try:
        seal_pending()
    except Exception:  # noqa: BLE001 - the periodic sealer retries; a request never fails on sealing
        import logging

        logging.getLogger(__name__).exception("Sealing the audit log failed; run_periodic will retry")


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK_KEY])


def _head() -> tuple[int, str]:
    row = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "hash").first()
    return (row[0], row[1]) if row else (0, GENESIS)


def seal_pending(limit: int = SEAL_BATCH) -> int:
    """Chain the signed rows not sealed yet, oldest first; rows without a valid signature are left out."""
    sealed, after = 0, 0
    while True:
        with transaction.atomic():
            _lock()
            seq, previous = _head()
            rows = list(AuditEvent.objects.filter(seq__isnull=True, pk__gt=after).order_by("pk")[:limit])
            after = rows[-1].pk if rows else after
            for row in rows:
                if not signature_valid(row):
                    continue  # not written by Naskah: audit_verify reports it, the chain never adopts it
                link, seq = previous, seq + 1
                previous = link_hash(link, seq, row.mac)
                AuditEvent._base_manager.filter(pk=row.pk, seq__isnull=True).update(
                    seq=seq, prev_hash=link, hash=previous
                )
                sealed += 1
            head = (seq, previous)
        if sealed:
            anchor_write(*head)
        if len(rows) < limit:
            return sealed


# The anchor outside the database -----------------------------------------------------------------------------------


def _anchor_path() -> Path:
    return Path(getattr(settings, "NASKAH_AUDIT_ANCHOR", Path(settings.DATA_DIR) / "audit-anchor.json"))


def anchor_write(seq: int, chain_hash: str) -> None:
    """Keep the chain's head in a file beside the data: emptying the table or cutting its end then shows."""
    path = _anchor_path()
    try:
        current = anchor_read()
        if current and current["seq"] >= seq:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        content = {"seq": seq, "hash": chain_hash, "at": timezone.now().isoformat()}
        temporary.write_text(json.dumps(content))
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only data folder: the daily verification still anchors the head in AuditCheck


def anchor_read() -> dict | None:
    try:
        found = json.loads(_anchor_path().read_text())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and isinstance(found.get("seq"), int) else None


# Verification ----------------------------------------------------------------------------------------------------


@dataclass
class Problem:
    kind: str  # missing, changed, inserted, broken_link, truncated, unsealed
    seq: int | None
    event_id: int | None
    detail: str

    def __str__(self) -> str:
        where = f"seq {self.seq}" if self.seq is not None else f"#{self.event_id}"
        return f"{self.kind} ({where}): {self.detail}"


@dataclass
class VerifyReport:
    checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    unsealed: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None


def audit_verify(*, now: datetime.datetime | None = None, max_problems: int = 100) -> VerifyReport:
    """Walk the chain from seq 1 and report what does not hold, first problem first."""
    now = now or timezone.now()
    report = VerifyReport()
    expected, previous = 1, GENESIS
    for row in AuditEvent.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000):
        report.checked += 1
        if row.seq != expected:
            report.problems.append(
                Problem("missing", expected, None, f"rows seq {expected}–{row.seq - 1} are gone (deleted)")
            )
        elif row.prev_hash != previous:
            report.problems.append(Problem("broken_link", row.seq, row.pk, "does not link to the row before it"))
        if not signature_valid(row):
            report.problems.append(
                Problem("changed", row.seq, row.pk, "its content does not match its signature (edited or forged)")
            )
        elif row.hash != link_hash(row.prev_hash, row.seq, row.mac):
            report.problems.append(Problem("changed", row.seq, row.pk, "its chain hash was altered"))
        expected, previous = row.seq + 1, row.hash
        report.head_seq, report.head_hash = row.seq, row.hash
        if len(report.problems) >= max_problems:
            return report
    _check_unsealed(report, now)
    _check_anchors(report)
    return report


def _check_unsealed(report: VerifyReport, now: datetime.datetime) -> None:
    for row in AuditEvent.objects.filter(seq__isnull=True).order_by("pk").iterator(chunk_size=2000):
        report.unsealed += 1
        if not signature_valid(row):
            report.problems.append(
                Problem("inserted", None, row.pk, "written without Naskah's key (inserted into the database)")
            )
        elif row.at < now - UNSEALED_GRACE:
            report.problems.append(
                Problem("unsealed", None, row.pk, "signed but not sealed for too long: is run_periodic running?")
            )


def _check_anchors(report: VerifyReport) -> None:
    """The head may only grow: compare with the last verification kept and the anchor file."""
    last = AuditCheck.objects.filter(head_seq__gt=0).order_by("-ran_at", "-pk").first()
    known = [(last.head_seq, last.head_hash, f"the verification of {last.ran_at:%Y-%m-%d %H:%M}")] if last else []
    anchor = anchor_read()
    if anchor:
        known.append((anchor["seq"], anchor.get("hash", ""), "the anchor file"))
    for seq, chain_hash, source in known:
        if seq > report.head_seq:
            report.problems.append(
                Problem(
                    "truncated",
                    seq,
                    None,
                    f"the chain ends at seq {report.head_seq} but {source} saw seq {seq}: rows were removed",
                )
            )
            continue
        found = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
        if found is not None and found != chain_hash:
            report.problems.append(Problem("changed", seq, None, f"the chain was rewritten since {source}"))


def audit_check_record(report: VerifyReport) -> AuditCheck:
    """Keep the result of a verification: what the admins see, and the head the next one compares with."""
    return AuditCheck.objects.create(
        ok=report.ok,
        checked=report.checked,
        unsealed=report.unsealed,
        head_seq=report.head_seq if report.ok else 0,
        head_hash=report.head_hash if report.ok else "",
        problem_count=len(report.problems),
        first_problem=str(report.first) if report.first else "",
        problems=[str(problem) for problem in report.problems[:20]],
    )
