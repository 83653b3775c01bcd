"""Writing the audit log: who did it (from the request or a command), and what changed.

Changes to the archive's records are caught where every save passes, Django's save/delete signals, because an
audit that each service had to remember would miss the one it forgot. Queryset ``update()`` and ``bulk_create``
bypass signals; services that change audited records in bulk call ``record_bulk`` themselves.

Views and downloads of restricted letters are recorded explicitly by the views that serve them
(``record_letter_access``), and by every list, search and preview that shows their subject or text
(``record_letters_shown``).

No restricted content is written in clear: for a restricted letter (or outgoing letter, or a capture read as
restricted) the row names the fields that changed, with ``•••``, and a reference (``sealed_for``); the values are
encrypted beside them (archive.audit_chain). A capture's OCR text, word boxes and fields are always sealed so. No
storage path is written: a stored file is shown as ``[berkas <digest>]``. Every row is signed as it is written and
sealed into the hash chain once its transaction commits.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from archive.models import AuditEvent, IncomingLetter
from archive.models.letters import RESTRICTED_LEVELS

Action = AuditEvent.Action

# Models whose every change is logged (app label "archive"); bookkeeping rows (counters, reminders, the trained
# classifier) and the log itself are left out.
AUDITED_MODELS = (
    "IncomingLetter",
    "Capture",
    "RegisterEntry",
    "Register",
    "Disposition",
    "DispositionRecipient",
    "FollowUpReport",
    "ReportAttachment",
    "OutgoingLetter",
    "ReviewStep",
    "Dispatch",
    "CaseFile",
    "CaseFileItem",
    "DisposalProposal",
    "DisposalProposalItem",
    "DisposalRecord",
    "ClassificationCode",
    "CrosswalkEntry",
    "CrosswalkTarget",
    "Unit",
    "Position",
    "PositionHolder",
    "Instruction",
    "Holiday",
    "Letterhead",
    "Employee",
    "SigningAuthority",
    "SigningCertificate",
    "LetterSignature",
)
# Fields whose values are not worth a row of their own (they change on every save).
IGNORED_FIELDS = {"updated_at", "created_at", "number_key", "sender_key"}  # derived keys: the fields say it
# Values never sealed: they name no content ("what" of a view: "halaman surat", "asli").
NEVER_SEALED = {"what"}
# A capture's content: sealed whatever the letter's level (the OCR text of a letter is its content).
CAPTURE_CONTENT = {"text", "pages", "fields", "suggestions", "notes"}
# Key material is never written to the log, even encrypted.
SECRET_FIELDS = {"keystore", "private_key_pem"}
REDACTED = "•••"
# Long values (OCR text, word boxes) are compared whole but logged shortened, so the log stays small.
LOGGED_CHARS = 300


@dataclass(frozen=True)
class Actor:
    user: object | None = None
    source: str = ""
    path: str = ""


SYSTEM = Actor(source="system")
_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("naskah_audit_actor", default=None)
_reason: contextvars.ContextVar[str] = contextvars.ContextVar("naskah_audit_reason", default="")


@contextlib.contextmanager
def acting_as(*, user=None, source: str = "", path: str = ""):
    """Attribute every event written inside the block to ``user`` (and ``source``: an IP address or a command)."""
    token = _actor.set(Actor(user=user, source=source, path=path))
    try:
        yield
    finally:
        _actor.reset(token)


@contextlib.contextmanager
def correcting(reason: str, *, user=None):
    """Log the changes made inside the block as a correction ("dikoreksi") by ``user`` carrying ``reason``."""
    current = _actor.get() or SYSTEM
    actor_token = _actor.set(Actor(user=user, source=current.source, path=current.path)) if user else None
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)
        if actor_token is not None:
            _actor.reset(actor_token)


class AuditActorMiddleware:
    """Attribute the events of a request to its user and address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        with acting_as(user=user, source=request.META.get("REMOTE_ADDR", ""), path=request.get_full_path()[:500]):
            return self.get_response(request)


def _actor_fields(user=None) -> dict:
    actor = _actor.get() or SYSTEM
    user = user if user is not None else actor.user
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return {
        "actor_id": user.pk if authenticated else None,
        "actor": user.get_username() if authenticated else "",
        "source": actor.source[:200],
        "path": actor.path[:500],
    }


def _letter_of(instance) -> IncomingLetter | None:
    """The incoming letter an archive record belongs to, if any (for filtering the log by letter)."""
    if isinstance(instance, IncomingLetter):
        return instance
    for path in ("letter", "disposition.letter", "recipient.disposition.letter", "report.recipient.disposition.letter"):
        node = instance
        for name in path.split("."):
            node = getattr(node, name, None) if node is not None else None
        if isinstance(node, IncomingLetter):
            return node
    return None


def _value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.datetime | datetime.time | decimal.Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile: which file, never where it is stored
        return f"[berkas {hashlib.sha256(value.name.encode()).hexdigest()[:10]}]" if value.name else ""
    if isinstance(value, dict | list):
        return value
    return str(value)


def _snapshot(instance) -> dict:
    return {
        field.attname: _value(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in IGNORED_FIELDS and field.attname not in SECRET_FIELDS
    }


def _shorten(value):
    if isinstance(value, str) and len(value) > LOGGED_CHARS:
        return f"{value[:LOGGED_CHARS]}… ({len(value)} chars)"
    if isinstance(value, dict | list) and len(json.dumps(value, default=str)) > LOGGED_CHARS:
        return f"<{type(value).__name__} of {len(value)} items>"
    return value


def _protection(instance, letter: IncomingLetter | None) -> str:
    """The record whose rule guards this event's values ("letter:12", "outgoing:3", "capture:7"), or ""."""
    from archive.models import Capture, OutgoingLetter
    from archive.selectors.captures import capture_is_restricted

    if letter is not None and letter.security in RESTRICTED_LEVELS:
        return f"letter:{letter.pk}"
    outgoing = instance if isinstance(instance, OutgoingLetter) else getattr(instance, "letter", None)
    if isinstance(outgoing, OutgoingLetter) and outgoing.security in RESTRICTED_LEVELS:
        return f"outgoing:{outgoing.pk}"
    if isinstance(instance, Capture) and instance.letter_id is None and capture_is_restricted(instance):
        return f"capture:{instance.pk}"
    return ""


def _guard_kind(instance) -> str:
    from archive.models import OutgoingLetter

    return "outgoing" if isinstance(instance, OutgoingLetter) else "letter"


def _split(changes: dict, *, instance, protection: str) -> tuple[dict, dict, str]:
    """Shorten the changes, and move what may not be kept in clear to the sealed part.

    Return (changes as logged, sealed values, the record that guards them).
    """
    from archive.models import Capture

    shown, sealed = {}, {}
    for name, pair in changes.items():
        pair = [_shorten(value) for value in pair] if isinstance(pair, list) else _shorten(pair)
        content = isinstance(instance, Capture) and name in CAPTURE_CONTENT
        if name not in NEVER_SEALED and (protection or content):
            sealed[name] = pair
            shown[name] = [REDACTED, REDACTED] if isinstance(pair, list) else REDACTED
        else:
            shown[name] = pair
    guard = protection or (f"capture:{instance.pk}" if sealed and instance is not None else "")
    return shown, sealed, guard


def record(
    action: str,
    instance: models.Model | None = None,
    *,
    user=None,
    changes: dict | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    letter: IncomingLetter | None = None,
    sealed_anyway: bool = False,
) -> AuditEvent:
    """Write one event (for ``instance`` or for what ``object_type``/``object_id`` name), signed, to be sealed.

    ``sealed_anyway`` seals the values even though the record is open now (it was restricted before the change).
    """
    from archive.audit_chain import encrypt_values, seal_after_commit, sign

    protection = ""
    if instance is not None:
        letter = letter or _letter_of(instance)
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        protection = _protection(instance, letter)
        if sealed_anyway and not protection:
            protection = f"{_guard_kind(instance)}:{instance.pk}"
        object_repr = object_repr or (f"#{instance.pk}" if protection else str(instance))
    elif letter is not None and letter.security in RESTRICTED_LEVELS:
        protection = f"letter:{letter.pk}"
    # Through JSON once, so the signed content is exactly what the database gives back (string keys, lists).
    raw = json.loads(json.dumps(changes or {}, default=str))
    shown, sealed, guard = _split(raw, instance=instance, protection=protection)
    reason = _reason.get()
    if reason and action == Action.CHANGE:
        action = Action.CORRECT
    event = AuditEvent(
        action=action,
        reason=reason,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        letter_id=letter.pk if letter is not None else None,
        changes=shown,
        sealed_for=guard if sealed else "",
        sealed_values=encrypt_values(sealed) if sealed else "",
        **_actor_fields(user),
    )
    event.mac = sign(event)
    event.save()
    seal_after_commit()
    return event


def record_bulk(action: str, instances, *, changes: dict | None = None) -> None:
    """Write one event per instance, for changes made with ``update()`` or ``bulk_create``."""
    for instance in instances:
        record(action, instance, changes=changes or {})


def record_letter_access(letter: IncomingLetter, *, action: str = Action.VIEW, user=None, what: str = "") -> None:
    """Log a view or download of ``letter`` when it is restricted (open letters are not logged when read)."""
    if letter.security in RESTRICTED_LEVELS:
        record(action, letter, user=user, changes={"what": what} if what else None)


def record_letters_shown(letters, *, user=None, what: str) -> int:
    """Log a view of each restricted letter a list, a search page or a preview shows (subject, text or snippet)."""
    shown = 0
    for letter in letters:
        if letter is not None and letter.security in RESTRICTED_LEVELS:
            record(Action.VIEW, letter, user=user, changes={"what": what})
            shown += 1
    return shown


# Change tracking ---------------------------------------------------------------------------------------------------


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    row = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = _snapshot(row) if row is not None else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = _snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "", [], {})}
        record(Action.CREATE, instance, changes=changes)
        return
    changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
    if changes:
        # Made open (rahasia -> biasa): what it said while restricted stays sealed.
        was_restricted = before.get("security") in RESTRICTED_LEVELS
        record(Action.CHANGE, instance, changes=changes, sealed_anyway=was_restricted)


def _after_delete(sender, instance, **kwargs):
    changes = {name: [value, None] for name, value in _snapshot(instance).items()}
    record(Action.DELETE, instance, changes=changes)


def connect_change_tracking() -> None:
    """Called once from the app config: log every save and delete of the audited models."""
    for name in AUDITED_MODELS:
        model = apps.get_model("archive", name)
        uid = f"naskah-audit-{name}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-delete")
