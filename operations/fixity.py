"""Fixity: recompute the SHA-256 of every stored original, a slice at a time, and report what is missing or changed.

Each original's expected hash is the one taken when it arrived (Capture.sha256), so a change made at any time
after intake is caught. The periodic runner checks one slice every few minutes (FIXITY_SLICE_FILES files or
FIXITY_SLICE_BYTES bytes, whichever comes first), so a large archive is covered over days without loading the
machine; a pass ends when the last original has been checked, and the next starts from the first. A problem found
is recorded (admin: System status), and new ones are e-mailed to the admins once; a problem whose file is later
found intact again is closed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.models import Capture
from operations.backup.files import sha256_of_stored
from operations.models import FixityProblem, FixityState

logger = logging.getLogger(__name__)


@dataclass
class SliceResult:
    checked: int = 0
    bytes: int = 0
    new_problems: list[FixityProblem] = field(default_factory=list)
    pass_finished: bool = False


def fixity_state() -> FixityState:
    state, _created = FixityState.objects.get_or_create(pk=1)
    return state


def _originals_after(cursor: int):
    return (
        Capture.objects.filter(pk__gt=cursor)
        .exclude(sha256="")
        .exclude(original="")
        .order_by("pk")
        .values_list("pk", "original", "sha256", "size")
    )


def fixity_check_slice(*, max_files: int | None = None, max_bytes: int | None = None) -> SliceResult:
    """Check the next slice of originals; finish the pass when none are left. Hashing happens outside any
    transaction; only the bookkeeping is written in one."""
    max_files = max_files or int(getattr(settings, "FIXITY_SLICE_FILES", 500))
    max_bytes = max_bytes or int(getattr(settings, "FIXITY_SLICE_BYTES", 2 * 1024**3))
    state, result = fixity_state(), SliceResult()
    if state.pass_started_at is None:
        state.pass_started_at, state.pass_checked, state.pass_problems, state.cursor = timezone.now(), 0, 0, 0
    findings: list[tuple[int, str, str, str]] = []  # (capture id, path, expected, found or "" when missing)
    cursor = state.cursor
    for pk, path, expected, size in _originals_after(state.cursor)[:max_files]:
        found = sha256_of_stored(path) if default_storage.exists(path) else ""
        findings.append((pk, path, expected, found))
        cursor, result.checked, result.bytes = pk, result.checked + 1, result.bytes + (size or 0)
        if result.bytes >= max_bytes:
            break
    result.pass_finished = not _originals_after(cursor).exists()
    with transaction.atomic():
        result.new_problems = _record(findings)
        _advance(state, cursor, result)
    if result.new_problems:
        _tell_admins(result.new_problems)
    return result


def _record(findings: list[tuple[int, str, str, str]]) -> list[FixityProblem]:
    new = []
    now = timezone.now()
    for pk, path, expected, found in findings:
        open_problems = FixityProblem.objects.filter(capture_id=pk, path=path, resolved_at__isnull=True)
        if found == expected:
            open_problems.update(resolved_at=now)
            continue
        kind = FixityProblem.Kind.MISSING if not found else FixityProblem.Kind.CHANGED
        existing = open_problems.filter(kind=kind, found_sha256=found).first()
        if existing is not None:
            existing.save(update_fields=["last_seen_at"])
            continue
        open_problems.update(resolved_at=now)  # a different problem than before: close the old one
        new.append(
            FixityProblem.objects.create(
                capture_id=pk, path=path, kind=kind, expected_sha256=expected, found_sha256=found
            )
        )
    return new


def _advance(state: FixityState, cursor: int, result: SliceResult) -> None:
    state.cursor = cursor
    state.pass_checked += result.checked
    state.pass_problems += sum(1 for _ in result.new_problems)
    state.last_slice_at = timezone.now()
    if result.pass_finished:
        state.last_pass_started_at, state.last_pass_finished_at = state.pass_started_at, timezone.now()
        state.last_pass_checked = state.pass_checked
        state.last_pass_problems = FixityProblem.objects.filter(resolved_at__isnull=True).count()
        state.pass_started_at, state.cursor, state.pass_checked, state.pass_problems = None, 0, 0, 0
    state.save()


def admin_addresses() -> list[str]:
    """Superusers with an e-mail address, and settings.ADMINS."""
    users = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    addresses = list(users.values_list("email", flat=True))
    addresses += [address for _name, address in getattr(settings, "ADMINS", [])]
    return sorted(set(addresses))


def _tell_admins(problems: list[FixityProblem]) -> None:
    recipients = admin_addresses()
    if not recipients:
        logger.warning("Fixity found %s problems and no admin has an e-mail address", len(problems))
        return
    lines = [
        f"- {problem.get_kind_display()}: {problem.path} (berkas masuk #{problem.capture_id}), "
        f"SHA-256 {problem.expected_sha256}" + (f" -> {problem.found_sha256}" if problem.found_sha256 else "")
        for problem in problems
    ]
    subject = _("[Naskah] Pemeriksaan fiksitas: %(count)s berkas asli hilang atau berubah") % {"count": len(problems)}
    body = _("Berkas asli berikut tidak lagi sama dengan saat diterima:") + "\n\n" + "\n".join(lines)
    body += "\n\n" + _("Pulihkan dari cadangan terakhir (manage.py restore) atau periksa penyimpanan.")
    try:
        send_mail(subject, body, None, recipients, fail_silently=False)
    except Exception:  # noqa: BLE001 - the problems are recorded and shown in the admin whatever the mail server does
        logger.exception("Could not e-mail the fixity report")
