"""The audit log: every change to an archive record is written, with its actor; no one can change or delete a row."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from archive.audit import REDACTED, acting_as, record_letter_access
from archive.models import AuditEvent, AuditLogImmutable
from tests.factories.archive import IncomingLetterFactory, UserFactory
from tests.factories.dispositions import build_office, registered_letter

pytestmark = pytest.mark.django_db


def events_for(letter):
    return list(AuditEvent.objects.filter(letter_id=letter.pk).order_by("pk"))


def test_creating_and_changing_a_letter_is_logged_with_the_fields_that_changed():
    clerk = UserFactory(username="operator1")
    with acting_as(user=clerk, source="127.0.0.1"):
        letter = IncomingLetterFactory(subject="Undangan rapat", sender="Bappeda")
        letter.sender = "Bappeda Kota"
        letter.save()
    created, changed = events_for(letter)
    assert created.action == "create" and created.actor == "operator1" and created.source == "127.0.0.1"
    assert created.changes["subject"] == [None, "Undangan rapat"]
    assert changed.action == "change"
    assert changed.changes == {"sender": ["Bappeda", "Bappeda Kota"]}


def test_a_save_that_changes_nothing_writes_nothing():
    letter = IncomingLetterFactory()
    before = AuditEvent.objects.count()
    letter.save()
    assert AuditEvent.objects.count() == before


def test_registration_and_dispositions_are_logged_against_the_letter():
    office = build_office()
    letter = registered_letter(user=office.users["kadis"], subject="Laporan")
    types = {event.object_type for event in events_for(letter)}
    assert {"archive.incomingletter", "archive.registerentry"} <= types


def test_restricted_letters_are_logged_without_their_text():
    letter = IncomingLetterFactory(security="rahasia", subject="Rahasia sekali")
    letter.subject = "Masih rahasia"
    letter.save()
    created, changed = events_for(letter)
    assert changed.changes["subject"] == [REDACTED, REDACTED]
    assert "rahasia sekali" not in str(created.changes).lower()
    assert created.object_repr == f"#{letter.pk}"


def test_views_of_restricted_letters_are_logged_and_open_letters_are_not():
    reader = UserFactory(username="kabid")
    open_letter = IncomingLetterFactory(security="biasa")
    secret = IncomingLetterFactory(security="sangat_rahasia")
    record_letter_access(open_letter, user=reader)
    record_letter_access(secret, user=reader, action="download", what="original")
    views = AuditEvent.objects.filter(action__in=["view", "download"])
    assert [(event.letter_id, event.actor, event.changes) for event in views] == [
        (secret.pk, "kabid", {"what": "original"})
    ]


def test_the_log_cannot_be_changed_or_deleted_through_the_orm():
    IncomingLetterFactory()
    event = AuditEvent.objects.first()
    event.actor = "someone else"
    with pytest.raises(AuditLogImmutable):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().update(actor="x")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()


def test_the_database_itself_refuses_to_change_a_row():
    IncomingLetterFactory()
    event = AuditEvent.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE archive_auditevent SET actor = 'x' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM archive_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor == event.actor


def test_long_values_are_logged_shortened():
    letter = IncomingLetterFactory(summary="isi " * 500)
    (created,) = events_for(letter)
    logged = created.changes["summary"][1]
    assert logged.startswith("isi isi") and logged.endswith("(2000 chars)") and len(logged) < 400
