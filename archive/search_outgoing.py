"""Outgoing letters as search documents (kind "outgoing"), by number, hal, addressees and text, and who may find
them: the outgoing access rule (archive.selectors.access.outgoing_visible_to) as tokens of their own.

- ``outgoing-drafter:<user id>``: the drafter;
- ``outgoing-post:<position id>``: the posts in its review chain (whoever holds them, Plt included);
- ``outgoing-all``: those allowed to see every outgoing letter, for letters that are not restricted.

Any save of a letter, a review step or a signature re-reads the letter (outbox, applied after commit).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from django.core.files.storage import default_storage
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from archive.composing.naskah_types import naskah_type
from archive.composing.richtext import body_text
from archive.models import LetterSignature, OutgoingLetter, ReviewStep
from archive.models.letters import RESTRICTED_LEVELS
from archive.selectors.access import VIEW_ALL_OUTGOING, held_position_ids
from search.models import IndexUpdate
from search.outbox import enqueue
from search.tasks import apply_soon
from search.types import SearchDocument

KIND = "outgoing"
EVERY_OUTGOING = "outgoing-all"
DRAFT_OUTGOING = "archive.add_outgoingletter"
BATCH = 200


def outgoing_principals(user) -> set[str]:
    """The outgoing tokens ``user`` holds (a principal provider)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    tokens = {f"outgoing-post:{pk}" for pk in held_position_ids(user)}
    # Only a drafter holds the drafter token: a user with no part in outgoing letters holds no outgoing token, so
    # the outgoing source never makes someone without archive rights a searcher.
    if user.has_perm(DRAFT_OUTGOING) or OutgoingLetter.objects.filter(drafter_id=user.pk).exists():
        tokens.add(f"outgoing-drafter:{user.pk}")
    if user.has_perm(VIEW_ALL_OUTGOING):
        tokens.add(EVERY_OUTGOING)
    return tokens


def letter_tokens(letter: OutgoingLetter, posts: Iterable[int]) -> frozenset[str]:
    tokens = {f"outgoing-drafter:{letter.drafter_id}"} | {f"outgoing-post:{pk}" for pk in posts}
    if letter.security not in RESTRICTED_LEVELS:
        tokens.add(EVERY_OUTGOING)
    return frozenset(tokens)


def _pdf_text(name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not name or not default_storage.exists(name):
        return ""
    try:
        with default_storage.open(name, "rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError):
        return ""


def _parts_text(letter: OutgoingLetter) -> str:
    return "\n".join(str(value) for value in (letter.details or {}).values() if value)


def outgoing_document(letter: OutgoingLetter, *, posts: Iterable[int], signed_pdf: str = "") -> SearchDocument:
    text = _pdf_text(signed_pdf) if letter.draft_file and signed_pdf else ""
    if not text and letter.draft_file:
        text = _pdf_text(letter.draft_file.name)
    body = "\n".join(
        part
        for part in (
            letter.addressees,
            letter.carbon_copies,
            letter.attachments,
            body_text(letter.body),
            _parts_text(letter),
            text,
        )
        if part and part.strip()
    )
    extra = {"naskah_type": str(naskah_type(letter.naskah_type).label)}
    if letter.reply_to_id:
        extra["reply_to"] = letter.reply_to_id
    try:
        url = reverse("archive_outgoing:detail", args=[letter.pk])
    except NoReverseMatch:
        url = ""
    return SearchDocument(
        kind=KIND,
        id=str(letter.pk),
        title=" ".join(letter.subject.split())[:300] or letter.number or f"#{letter.pk}",
        principals=letter_tokens(letter, posts),
        body=body,
        number=letter.number,
        sender=letter.unit.name,
        date=letter.letter_date or timezone.localdate(letter.created_at),
        code=letter.classification.code if letter.classification_id else "",
        security=letter.security,
        status=letter.status,
        unit=letter.unit.name,
        url=url,
        extra=extra,
    )


class OutgoingSource:
    kind = KIND

    def count(self) -> int:
        return OutgoingLetter.objects.count()

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[SearchDocument]:
        if ids is None:
            wanted = list(OutgoingLetter.objects.order_by("pk").values_list("pk", flat=True))
        else:
            wanted = [int(value) for value in ids if str(value).strip().isdigit()]
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            posts: dict[int, set[int]] = {}
            for letter_id, position_id in ReviewStep.objects.filter(letter_id__in=chunk).values_list(
                "letter_id", "position_id"
            ):
                posts.setdefault(letter_id, set()).add(position_id)
            signed = dict(LetterSignature.objects.filter(letter_id__in=chunk).values_list("letter_id", "signed_pdf"))
            letters = OutgoingLetter.objects.filter(pk__in=chunk).select_related("unit", "classification")
            for letter in letters.order_by("pk"):
                yield outgoing_document(letter, posts=posts.get(letter.pk, ()), signed_pdf=signed.get(letter.pk, ""))


# Keeping the index current -------------------------------------------------------------------------------------


def _changed(letter_id) -> None:
    if letter_id and enqueue(KIND, [letter_id]):
        apply_soon()


def _letter_saved(sender, instance: OutgoingLetter, **kwargs) -> None:
    _changed(instance.pk)


def _letter_deleted(sender, instance: OutgoingLetter, **kwargs) -> None:
    if enqueue(KIND, [instance.pk], action=IndexUpdate.Action.DELETE):
        apply_soon()


def _row_saved(sender, instance, **kwargs) -> None:
    _changed(instance.letter_id)


def register() -> None:
    """Called from the app config: the source, the principal provider and the index updates."""
    from search.registry import register_principal_provider, register_source

    register_source(OutgoingSource())
    register_principal_provider(outgoing_principals)
    for signal, receiver, model, name in (
        (post_save, _letter_saved, OutgoingLetter, "saved"),
        (post_delete, _letter_deleted, OutgoingLetter, "deleted"),
        (post_save, _row_saved, ReviewStep, "step-saved"),
        (post_save, _row_saved, LetterSignature, "signature-saved"),
    ):
        signal.connect(receiver, sender=model, dispatch_uid=f"archive-search-outgoing-{name}")
