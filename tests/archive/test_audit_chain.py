"""The tamper-evident audit log: rows signed and sealed into a hash chain; audit_verify finds a deleted, an edited and
an inserted row, an emptied or cut log; the triggers refuse changes on both engines; restricted values sealed."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive import audit_triggers
from archive.audit import acting_as, record
from archive.audit_chain import GENESIS, audit_verify, decrypt_values, link_hash, seal_pending
from archive.models import AuditCheck, AuditEvent
from archive.services.letters import letter_confirm, letter_correct
from tests.factories.archive import IncomingLetterFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_anchor(settings, tmp_path):
    """Each test keeps its chain's anchor file apart (the test database starts empty every time)."""
    settings.NASKAH_AUDIT_ANCHOR = tmp_path / "audit-anchor.json"


@pytest.fixture(autouse=True)
def empty_log(request):
    """Each test starts a chain of its own: rows that other test files committed outside their transactions (module
    fixtures) are removed first, as the database's owner would (inside a test's transaction, only for that test)."""
    marker = request.node.get_closest_marker("django_db")
    request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
    with audit_triggers.lifted(connection), connection.cursor() as cursor:
        cursor.execute("DELETE FROM archive_auditevent")


def five_events() -> list[AuditEvent]:
    with acting_as(user=UserFactory(username="operator"), source="10.0.0.7"):
        for index in range(5):
            record("view", object_type="archive.incomingletter", object_id=str(index), object_repr=f"Surat {index}")
    seal_pending()
    return list(AuditEvent.objects.order_by("seq"))


def raw(sql: str, params: list | None = None) -> None:
    """Tamper as someone with the database's owner rights would: triggers lifted, straight SQL."""
    with audit_triggers.lifted(connection), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def test_rows_are_signed_when_written_and_sealed_into_one_chain():
    events = five_events()
    assert [event.seq for event in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS
    for before, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == before.hash == link_hash(before.prev_hash, before.seq, before.mac)
    report = audit_verify()
    assert report.ok and report.checked == 5 and report.head_seq == 5


def test_a_deleted_row_is_reported_as_the_first_broken_link():
    events = five_events()
    raw("DELETE FROM archive_auditevent WHERE id = %s", [events[2].pk])
    report = audit_verify()
    assert not report.ok
    assert report.first.kind == "missing" and report.first.seq == 3


def test_an_edited_row_is_reported():
    events = five_events()
    raw("UPDATE archive_auditevent SET actor = 'orang lain' WHERE id = %s", [events[1].pk])
    report = audit_verify()
    assert report.first.kind == "changed" and report.first.seq == 2


def test_an_edited_row_with_its_chain_hashes_recomputed_is_still_reported():
    events = five_events()
    raw("UPDATE archive_auditevent SET object_repr = 'Surat lain' WHERE id = %s", [events[3].pk])
    # The forger recomputes the chain from there (sha256 is public); the signature needs the key he lacks.
    report = audit_verify()
    assert report.first.kind == "changed" and report.first.seq == 4


def test_an_inserted_row_is_reported():
    five_events()
    raw(
        """INSERT INTO archive_auditevent (uid, at, actor_id, actor, source, action, object_type, object_id,
           object_repr, letter_id, changes, reason, path, sealed_for, sealed_values, mac, prev_hash, hash)
           VALUES (%s, %s, NULL, 'admin', '', 'view', 'archive.incomingletter', '9', 'Surat palsu', NULL, %s, '', '',
           '', '', %s, '', '')""",
        [uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4()), timezone.now(), "{}", "f" * 64],
    )
    assert seal_pending() == 0  # the sealer never adopts a row it cannot verify
    report = audit_verify()
    assert report.first.kind == "inserted"


def test_a_row_inserted_into_the_chain_with_the_next_hashes_is_reported():
    events = five_events()
    last = events[-1]
    forged_mac = "e" * 64
    raw(
        """INSERT INTO archive_auditevent (uid, at, actor_id, actor, source, action, object_type, object_id,
           object_repr, letter_id, changes, reason, path, sealed_for, sealed_values, mac, seq, prev_hash, hash)
           VALUES (%s, %s, NULL, 'admin', '', 'delete', 'archive.incomingletter', '9', 'x', NULL, %s, '', '', '',
           '', %s, 6, %s, %s)""",
        [
            uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4()),
            timezone.now(),
            "{}",
            forged_mac,
            last.hash,
            link_hash(last.hash, 6, forged_mac),
        ],
    )
    report = audit_verify()
    assert report.first.kind == "changed" and report.first.seq == 6


def test_an_emptied_log_or_a_cut_end_is_reported_from_the_anchor_and_the_last_verification():
    events = five_events()
    call_command("audit_verify", verbosity=0)  # recorded: head seq 5
    raw("DELETE FROM archive_auditevent WHERE seq >= 4")
    report = audit_verify()
    assert report.first.kind == "truncated" and "seq 5" in report.first.detail
    raw("DELETE FROM archive_auditevent")
    report = audit_verify()
    assert not report.ok and {problem.kind for problem in report.problems} == {"truncated"}
    assert len(events) == 5


def test_audit_verify_records_its_result_and_fails_on_a_broken_log():
    events = five_events()
    call_command("audit_verify", verbosity=0)
    check = AuditCheck.objects.get()
    assert check.ok and check.checked == 5 and check.head_seq == 5
    raw("DELETE FROM archive_auditevent WHERE id = %s", [events[0].pk])
    with pytest.raises(CommandError, match="missing"):
        call_command("audit_verify", verbosity=0)
    broken = AuditCheck.objects.order_by("-pk").first()
    assert not broken.ok and broken.first_problem.startswith("missing (seq 1)")


def test_the_database_refuses_to_change_delete_or_empty_the_log():
    events = five_events()
    for statement in (
        "UPDATE archive_auditevent SET actor = 'x'",
        "DELETE FROM archive_auditevent",
        f"UPDATE archive_auditevent SET seq = 99 WHERE id = {events[0].pk}",  # a sealed row stays where it is
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE archive_auditevent")
    assert AuditEvent.objects.count() == 5 and audit_verify().ok


def test_the_sealer_may_only_set_the_chain_of_an_unsealed_row():
    record("view", object_type="x", object_id="1")
    event = AuditEvent.objects.get()
    assert event.seq is None
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE archive_auditevent SET seq = 1, hash = 'a', actor = 'x' WHERE id = %s", [event.pk])
    assert seal_pending() == 1


def test_rows_written_in_a_transaction_are_sealed_when_it_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        letter_confirm(letter=IncomingLetterFactory(), user=UserFactory())
        assert not AuditEvent.objects.filter(seq__isnull=False).exists()
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    assert audit_verify().ok


# Restricted content ----------------------------------------------------------------------------------------------


def test_a_restricted_letter_is_logged_with_field_names_and_sealed_true_values():
    operator = UserFactory(username="operator")
    letter = IncomingLetterFactory(security="rahasia", subject="Hasil audit KTP-el")
    letter = letter_confirm(letter=letter, user=operator)
    letter_correct(letter=letter, user=operator, reason="Perihal salah ketik", subject="Hasil audit blanko KTP-el")
    event = AuditEvent.objects.get(action="correct")
    stored = json.dumps(event.changes) + event.object_repr + event.sealed_values
    assert "KTP-el" not in stored and "audit" not in stored.lower().replace("audit_", "")
    assert event.changes == {"subject": ["•••", "•••"]} and event.sealed_for == f"letter:{letter.pk}"
    assert decrypt_values(event.sealed_values) == {"subject": ["Hasil audit KTP-el", "Hasil audit blanko KTP-el"]}
    assert event.reason == "Perihal salah ketik"


def test_storage_paths_are_not_logged(ingest):
    outcome = ingest(b"%PDF-1.4 jalur berkas", "surat.pdf")
    created = AuditEvent.objects.get(object_type="archive.capture", object_id=str(outcome.capture.pk), action="create")
    assert outcome.capture.original.name not in json.dumps(created.changes)
    assert created.changes["original"][1].startswith("[berkas ")


def test_the_log_screen_shows_sealed_values_only_to_who_may_open_the_letter():
    from django.contrib.auth.models import Group

    registrar = UserFactory(username="pencatat")
    registrar.groups.add(Group.objects.get(name="Operator"))
    admin = UserFactory(username="admin_arsip")
    admin.groups.add(Group.objects.get(name="Admin"))
    letter = letter_confirm(letter=IncomingLetterFactory(security="rahasia", subject="Rahasia"), user=registrar)
    letter_correct(letter=letter, user=registrar, reason="Ketik", subject="Rahasia sekali")
    event = AuditEvent.objects.get(action="correct")
    url = reverse("archive_audit:detail", args=[event.pk])
    admin_client, registrar_client = Client(), Client()
    admin_client.force_login(admin)
    page = admin_client.get(url).content.decode()
    assert "Rahasia sekali" not in page and "•••" in page and "subject" in page
    registrar.user_permissions.add(*admin.groups.get().permissions.filter(codename="view_auditevent"))
    registrar_client.force_login(registrar)
    page = registrar_client.get(url).content.decode()
    assert "Rahasia sekali" in page


def test_admins_see_the_last_verification_on_the_log_screen():
    from django.contrib.auth.models import Group

    admin = UserFactory(username="admin_arsip")
    admin.groups.add(Group.objects.get(name="Admin"))
    events = five_events()
    call_command("audit_verify", verbosity=0)
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("archive_audit:index")).content.decode()
    assert "Log audit utuh" in page
    raw("DELETE FROM archive_auditevent WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError):
        call_command("audit_verify", verbosity=0)
    page = client.get(reverse("archive_audit:index")).content.decode()
    assert "Log audit tidak utuh" in page and "seq 3" in page
    assert "Log audit tidak utuh" in client.get(reverse("wagtailadmin_home")).content.decode()  # the dashboard


# The application's database role (PostgreSQL) ------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_documented_application_role_cannot_truncate_delete_alter_or_rewrite_the_log():
    import psycopg

    from archive.audit_roles import role_sql, role_warnings

    # Rows other tests committed may already be in the log (module fixtures commit outside the tests'
    # transactions): the app reads what is there and adds after the last sealed row.
    events = five_events()
    count, next_seq = len(events), events[-1].seq + 1
    assert role_warnings()  # the test connects as a superuser: audit_verify warns about it
    role = f"naskah_app_{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(role_sql(role=role, password="sandi-aplikasi", database=database))
    params = {**connection.get_connection_params(), "user": role, "password": "sandi-aplikasi"}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    try:
        with psycopg.connect(**params, autocommit=True) as app:
            for statement in (
                "TRUNCATE archive_auditevent",
                "DELETE FROM archive_auditevent",
                "UPDATE archive_auditevent SET actor = 'x'",
                "ALTER TABLE archive_auditevent DISABLE TRIGGER USER",
                "DROP TRIGGER archive_auditevent_immutable ON archive_auditevent",
            ):
                with pytest.raises(psycopg.Error):
                    app.execute(statement)
            # What the application does: read, add a row, seal it.
            assert app.execute("SELECT count(*) FROM archive_auditevent").fetchone()[0] == count
            app.execute(
                """INSERT INTO archive_auditevent (uid, at, actor, source, action, object_type, object_id,
                   object_repr, changes, reason, path, sealed_for, sealed_values, mac, prev_hash, hash)
                   VALUES (gen_random_uuid(), now(), '', '', 'view', 'x', '1', '', '{}', '', '', '', '', '', '', '')"""
            )
            row = app.execute("SELECT id FROM archive_auditevent WHERE seq IS NULL").fetchone()[0]
            app.execute(
                "UPDATE archive_auditevent SET seq = %s, prev_hash = 'a', hash = 'b' WHERE id = %s", [next_seq, row]
            )
            with pytest.raises(psycopg.Error):  # and a sealed row is sealed for good
                app.execute("UPDATE archive_auditevent SET hash = 'c' WHERE id = %s", [row])
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"; DROP ROLE "{role}"')
