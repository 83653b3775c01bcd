"""The archive's records as search documents: incoming letters, dispositions and case files.

Each source reads its records in batches (related rows joined or prefetched once per batch), so a full reindex
costs a few queries per few hundred records. Who may see a document is the access rule itself: a letter and each
of its dispositions carry ``letter_principals(letter)``; case files are open to all archive staff.

A source yields only records that exist; an id it does not yield is removed from the index by the worker.

Who may see what, as tokens (``search_principals`` grants a user theirs):
- a letter: ``letter_principals(letter)``, the access rule itself (``staff``, or for a restricted letter its
  operators' ``user:<id>`` and the ``position:<id>`` of the posts on its chain);
- a disposition: what its letter's dispositions page asks (``can_see_letter``): the user may open the letter and
  either monitors dispositions (``monitor:<letter token>``) or may use dispositions and holds a post the letter was
  put before or that sent or received one of its dispositions (``dispositions:position:<id>``);
- a case file: the permission to view case files (``casefiles``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.models import (
    CaseFile,
    Disposition,
    DispositionRecipient,
    FollowUpReport,
    IncomingLetter,
)
from archive.models.letters import RESTRICTED_LEVELS
from archive.selectors.access import letter_principals, letters_visible_to, may_read_archive, user_principals
from search.types import SearchDocument

BATCH = 500
MONITOR_PERMISSION = "archive.monitor_disposition"
DISPOSITIONS_PERMISSION = "archive.view_disposition"
CASE_FILES_PERMISSION = "archive.view_casefile"
CASE_FILE_READERS = "casefiles"


def search_principals(user) -> set[str]:
    """The tokens ``user`` holds (the principal provider the archive registers)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    tokens = set(user_principals(user))
    if tokens and user.has_perm(MONITOR_PERMISSION):
        tokens |= {f"monitor:{token}" for token in tokens}
    if tokens and user.has_perm(DISPOSITIONS_PERMISSION):
        tokens |= {f"dispositions:{token}" for token in tokens if token.startswith("position:")}
    if user.has_perm(CASE_FILES_PERMISSION):
        tokens.add(CASE_FILE_READERS)
    return tokens


def disposition_principals(letter: IncomingLetter, letter_tokens: set[str], involved: set[int]) -> frozenset[str]:
    """Who may see a letter's dispositions: monitors who may open the letter, and the holders of the posts
    involved (put before, sent or received one) who may use dispositions."""
    posts = set(involved)
    if letter.addressed_to_id:
        posts.add(letter.addressed_to_id)
    return frozenset({f"monitor:{token}" for token in letter_tokens} | {f"dispositions:position:{pk}" for pk in posts})


def _chunks(ids: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _int_ids(ids: Iterable[str]) -> list[int]:
    """The integer primary keys among ``ids`` (anything else names no record), in order, without repeats."""
    seen: dict[int, None] = {}
    for value in ids:
        text = str(value).strip()
        if text.isdigit():
            seen.setdefault(int(text), None)
    return list(seen)


def _all_or(model, ids: Iterable[str] | None) -> list[int]:
    if ids is None:
        return list(model.objects.order_by("pk").values_list("pk", flat=True))
    return _int_ids(ids)


def _join(*parts: str) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


class LetterSource:
    """Incoming letters with their scan's OCR text and their confirmed fields."""

    kind = "letter"

    def queryset(self):
        return IncomingLetter.objects.select_related(
            "classification",
            "capture",
            "addressed_to__unit",
            "register_entry",
            "case_file_item__case_file",
        )

    def count(self) -> int:
        return IncomingLetter.objects.count()

    def hidden(self, user, ids: list[str]) -> set[str]:
        """The letters among ``ids`` that ``user`` may not open now (the access rule, at query time). For a reader
        of the archive one query: which of them are restricted now (most pages of hits have none); the rule's
        posts and chains are looked up only for those."""
        letters = IncomingLetter.objects.filter(pk__in=_int_ids(ids))
        if may_read_archive(user):  # an unrestricted letter is open to every reader of the archive
            restricted = list(letters.filter(security__in=RESTRICTED_LEVELS).values_list("pk", flat=True))
            if not restricted:
                return set()
            letters = IncomingLetter.objects.filter(pk__in=restricted)
        closed = letters.exclude(pk__in=letters_visible_to(user, letters))
        return {str(pk) for pk in closed.values_list("pk", flat=True)}

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[SearchDocument]:
        for chunk in _chunks(_all_or(IncomingLetter, ids)):
            letters = self.queryset().filter(pk__in=chunk).order_by("pk")
            recipient_units = _first_recipient_units(chunk)
            for letter in letters:
                yield letter_document(letter, recipient_unit=recipient_units.get(letter.pk, ""))


def _first_recipient_units(letter_ids: list[int]) -> dict[int, str]:
    """The unit of the first post each letter was disposed to (cancelled recipients left out)."""
    rows = (
        DispositionRecipient.objects.filter(disposition__letter_id__in=letter_ids)
        .exclude(status=DispositionRecipient.Status.CANCELLED)
        .order_by("disposition__created_at", "disposition_id", "pk")
        .values_list("disposition__letter_id", "position__unit__name")
    )
    units: dict[int, str] = {}
    for letter_id, unit_name in rows:
        units.setdefault(letter_id, unit_name or "")
    return units


def letter_document(letter: IncomingLetter, *, recipient_unit: str = "") -> SearchDocument:
    """One letter as the index sees it (``letter`` with capture, code, addressee post and entries joined)."""
    capture = getattr(letter, "capture", None)
    entry = getattr(letter, "register_entry", None)
    item = getattr(letter, "case_file_item", None)
    subject = " ".join(letter.subject.split())
    title = subject[:300] or (_("Surat %(number)s") % {"number": letter.number} if letter.number else "")
    title = title or _("Surat #%(id)s") % {"id": letter.pk}
    extra: dict = {}
    if entry is not None:
        extra["agenda_number"] = entry.agenda_number
        extra["agenda_year"] = entry.agenda_year
    if capture is not None and capture.thumbnail:
        extra["thumbnail_url"] = _url("archive:capture_file", capture.pk, "gambar")
    if item is not None:
        extra["case_file"] = item.case_file.number
    if letter.urgency and letter.urgency != "biasa":
        extra["urgency"] = letter.get_urgency_display()
    # The unit that handles the letter: where it was first disposed to; before that, the leader's unit.
    unit = recipient_unit or (letter.addressed_to.unit.name if letter.addressed_to_id else "")
    if capture is not None:
        url = _url("archive:review", capture.pk)
    else:
        url = _url("archive_dispositions:letter", letter.pk)
    return SearchDocument(
        kind="letter",
        id=str(letter.pk),
        title=title,
        principals=frozenset(letter_principals(letter)),
        body=_join(
            letter.summary,
            letter.addressee,
            letter.attachments,
            capture.text if capture is not None else "",
        ),
        number=letter.number,
        sender=letter.sender,
        date=letter.letter_date or letter.received_on,
        code=letter.classification.code if letter.classification_id else "",
        security=letter.security,
        status=letter.status,
        unit=unit,
        url=url,
        extra=extra,
    )


class DispositionSource:
    """One document per disposition act: its instructions, note, recipients and the reports made on it."""

    kind = "disposition"

    def hidden(self, user, ids: list[str]) -> set[str]:
        """The dispositions among ``ids`` whose letter ``user`` may not open now (for a reader of the archive, only
        those of a restricted letter are looked at further)."""
        rows = Disposition.objects.filter(pk__in=_int_ids(ids))
        if may_read_archive(user):
            restricted = list(rows.filter(letter__security__in=RESTRICTED_LEVELS).values_list("pk", flat=True))
            if not restricted:
                return set()
            rows = Disposition.objects.filter(pk__in=restricted)
        rows = rows.exclude(letter__in=letters_visible_to(user))
        return {str(pk) for pk in rows.values_list("pk", flat=True)}

    def queryset(self):
        recipients = DispositionRecipient.objects.select_related("position").order_by("pk")
        reports = FollowUpReport.objects.select_related("recipient__position").order_by("created_at", "pk")
        return Disposition.objects.select_related(
            "from_position__unit", "letter__capture", "letter__classification"
        ).prefetch_related(
            "instructions",
            Prefetch("recipients", queryset=recipients),
            Prefetch("recipients__reports", queryset=reports),
        )

    def count(self) -> int:
        return Disposition.objects.count()

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[SearchDocument]:
        for chunk in _chunks(_all_or(Disposition, ids)):
            dispositions = list(self.queryset().filter(pk__in=chunk).order_by("pk"))
            involved = _involved_posts({disposition.letter_id for disposition in dispositions})
            principals: dict[int, frozenset[str]] = {}
            for disposition in dispositions:
                letter = disposition.letter
                if letter.pk not in principals:
                    tokens = letter_principals(letter)
                    principals[letter.pk] = disposition_principals(letter, tokens, involved.get(letter.pk, set()))
                yield disposition_document(disposition, principals=principals[letter.pk])


def _involved_posts(letter_ids: set[int]) -> dict[int, set[int]]:
    """Per letter, the posts that sent or received (not cancelled) one of its dispositions."""
    posts: dict[int, set[int]] = {}
    for letter_id, position_id in Disposition.objects.filter(letter_id__in=letter_ids).values_list(
        "letter_id", "from_position_id"
    ):
        posts.setdefault(letter_id, set()).add(position_id)
    received = (
        DispositionRecipient.objects.filter(disposition__letter_id__in=letter_ids)
        .exclude(status=DispositionRecipient.Status.CANCELLED)
        .values_list("disposition__letter_id", "position_id")
    )
    for letter_id, position_id in received:
        posts.setdefault(letter_id, set()).add(position_id)
    return posts


def _disposition_status(recipients: list[DispositionRecipient]) -> str:
    """``cancelled`` when every recipient was, ``done`` when every live one is done, else ``open``."""
    live = [row for row in recipients if row.status != DispositionRecipient.Status.CANCELLED]
    if not live:
        return "cancelled" if recipients else "open"
    return "done" if all(row.status == DispositionRecipient.Status.DONE for row in live) else "open"


def disposition_document(disposition: Disposition, *, principals: frozenset[str]) -> SearchDocument:
    letter = disposition.letter
    recipients = list(disposition.recipients.all())
    instructions = [instruction.name for instruction in disposition.instructions.all()]
    reports = [
        f"{recipient.position.title}: {report.note}" for recipient in recipients for report in recipient.reports.all()
    ]
    to_names = ", ".join(
        row.position.title for row in recipients if row.status != DispositionRecipient.Status.CANCELLED
    )
    subject = " ".join(letter.subject.split())[:200] or letter.number or f"#{letter.pk}"
    title = _("Disposisi %(from)s kepada %(to)s: %(subject)s") % {
        "from": disposition.from_position.title,
        "to": to_names or "—",
        "subject": subject,
    }
    extra: dict = {"letter_id": letter.pk}
    if disposition.deadline:
        extra["deadline"] = disposition.deadline.isoformat()
    return SearchDocument(
        kind="disposition",
        id=str(disposition.pk),
        title=title,
        principals=principals,
        body=_join(", ".join(instructions), disposition.note, *reports),
        number=letter.number,
        sender=letter.sender,
        date=_local_date(disposition.created_at),
        code=letter.classification.code if letter.classification_id else "",
        security=letter.security,
        status=_disposition_status(recipients),
        unit=disposition.from_position.unit.name,
        url=_url("archive_dispositions:letter", letter.pk),
        extra=extra,
    )


class CaseFileSource:
    """Case files (berkas): number, topic, code and status; those who may view case files find them."""

    kind = "case_file"

    def count(self) -> int:
        return CaseFile.objects.count()

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[SearchDocument]:
        for chunk in _chunks(_all_or(CaseFile, ids)):
            for case_file in CaseFile.objects.select_related("classification", "unit").filter(pk__in=chunk):
                yield case_file_document(case_file)


def case_file_document(case_file: CaseFile) -> SearchDocument:
    code = case_file.classification
    url = _url("archive_filing:casefile", case_file.pk) or _url("archive_filing:retention")
    extra: dict = {"opened_on": case_file.opened_on.isoformat()}
    if case_file.closed_on:
        extra["closed_on"] = case_file.closed_on.isoformat()
    if case_file.location:
        extra["location"] = case_file.location
    return SearchDocument(
        kind="case_file",
        id=str(case_file.pk),
        title=f"{case_file.number} {' '.join(case_file.topic.split())}"[:300],
        principals=frozenset({CASE_FILE_READERS}),
        body=_join(case_file.topic, code.title, case_file.location),
        number=case_file.number,
        date=case_file.closed_on or case_file.opened_on,
        code=code.code,
        status=case_file.status,
        unit=case_file.unit.name,
        url=url,
        extra=extra,
    )


def register() -> None:
    """Called from the app config: the archive's sources and who holds which principal tokens."""
    from search.registry import register_principal_provider, register_source

    register_source(LetterSource())
    register_source(DispositionSource())
    register_source(CaseFileSource())
    register_principal_provider(search_principals)


def _int_ids(ids: Iterable[str]) -> list[int]:
    return [int(value) for value in ids if str(value).isdigit()]
