"""Fixity: a changed and a deleted original are found by the periodic check (in slices), recorded, shown on the
system status page and e-mailed to the admins once; an original put back intact closes its problem."""

from __future__ import annotations

from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from operations.fixity import fixity_check_slice, fixity_state
from operations.models import FixityProblem


def test_a_changed_and_a_deleted_original_are_reported(archive_world):
    first, second, third = archive_world["captures"]
    kept = default_storage.open(second.original.name, "rb").read()
    with default_storage.open(first.original.name, "wb") as handle:
        handle.write(b"tampered")
    default_storage.delete(second.original.name)

    # In slices of one original: the pass covers all three over three runs of the periodic command.
    results = [fixity_check_slice(max_files=1) for _ in range(3)]
    assert [result.checked for result in results] == [1, 1, 1]
    assert [result.pass_finished for result in results] == [False, False, True]
    problems = {problem.capture_id: problem for problem in FixityProblem.objects.filter(resolved_at__isnull=True)}
    assert set(problems) == {first.pk, second.pk}
    assert problems[first.pk].kind == "changed" and problems[first.pk].expected_sha256 == first.sha256
    assert problems[second.pk].kind == "missing" and problems[second.pk].found_sha256 == ""
    state = fixity_state()
    assert (state.last_pass_checked, state.last_pass_problems) == (3, 2) and state.last_pass_finished_at
    # Each slice that found something new told the admins (superusers with an address) once.
    assert [message.to for message in mail.outbox] == [["admin@dinas.example.test"]] * 2
    assert first.original.name in mail.outbox[0].body and second.original.name in mail.outbox[1].body

    # The next pass finds the same problems again but does not mail them again.
    call_command("fixity_check", "--all", verbosity=0)
    assert len(mail.outbox) == 2 and FixityProblem.objects.count() == 2

    # The status page lists them for admins, and only admins open it.
    admin = Client()
    admin.force_login(archive_world["clerk"])
    page = admin.get("/admin/status-sistem/")
    assert page.status_code == 200
    content = page.content.decode()
    assert first.original.name in content and second.original.name in content
    assert "hilang" in content and "berubah" in content

    # Put back intact (from a backup): the next pass closes both problems.
    with default_storage.open(first.original.name, "wb") as handle:
        handle.write(b"")
    default_storage.delete(first.original.name)
    restored_first = default_storage.save(first.original.name, ContentFile(_original_bytes(first)))
    assert restored_first == first.original.name
    default_storage.save(second.original.name, ContentFile(kept))
    call_command("fixity_check", "--all", verbosity=0)
    assert not FixityProblem.objects.filter(resolved_at__isnull=True).exists()
    assert fixity_state().last_pass_problems == 0
    assert third.pk  # the queued capture's original was checked too (3 per pass)


def _original_bytes(capture) -> bytes:
    from pathlib import Path

    from django.conf import settings

    return (Path(settings.SHARED_DIR) / "corpus" / "dev" / "letters" / capture.original_name).read_bytes()


def test_the_status_page_is_for_admins_only(archive_world):
    from django.contrib.auth.models import Group

    from tests.factories.archive import UserFactory

    operator = UserFactory(username="operator")
    operator.groups.add(Group.objects.get(name="Operator"))
    client = Client()
    client.force_login(operator)
    assert client.get("/admin/status-sistem/").status_code == 403
    admin = Client()
    admin.force_login(archive_world["clerk"])
    page = admin.get("/admin/status-sistem/")
    assert page.status_code == 200
    for part in ("Versi", "Basis data", "Mesin pencari", "Pekerja dan antrean", "Cadangan terakhir", "Ruang disk"):
        assert part in page.content.decode(), part
