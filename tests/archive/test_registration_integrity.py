"""Registration integrity: number, date and sender unless marked absent; the same letter not registered twice;
one winner when two clerks confirm one capture at once; corrections of a registered letter, audited."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from archive.letter_keys import number_key, sender_key
from archive.models import AuditEvent, Capture, ClassificationCode, IncomingLetter, RegisterEntry
from archive.services.letters import AlreadyRegistered, DuplicateLetter, letter_confirm, letter_correct
from tests.archive.test_numbering import _on_database, _run_in_threads, sqlite_file_database  # noqa: F401
from tests.factories.archive import IncomingLetterFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def code(value: str) -> ClassificationCode:
    return ClassificationCode.objects.get(scheme="permendagri_83_2022", code=value)


# Comparison keys ----------------------------------------------------------------------------------------------


def test_numbers_compare_without_spacing_case_or_ocr_slips_in_numeric_segments():
    assert number_key("005 / l2 /427.43/ 2025.") == number_key("005/12/427.43/2025") == "005/12/427.43/2025"
    assert number_key("000.8.3.3/15/or") == "000.8.3.3/15/OR"  # a unit code keeps its letters
    assert number_key("000.8.3.3/15/OR") != number_key("000.8.3.3/15/0R")
    assert number_key("") == ""


def test_senders_compare_without_case_punctuation_or_abbreviations():
    assert sender_key("Pemkab. Temanggung,  BAPPEDA") == sender_key("pemerintah kabupaten temanggung - Bappeda")
    assert sender_key("Kec. Parakan") == "kecamatan parakan"


# Required values -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [({"number": ""}, "number"), ({"letter_date": None}, "letter_date"), ({"sender": "  "}, "sender")],
)
def test_number_date_and_sender_are_required(values, field):
    letter = IncomingLetterFactory(**values)
    with pytest.raises(ValidationError) as refused:
        letter_confirm(letter=letter, user=UserFactory())
    assert field in refused.value.message_dict
    letter.refresh_from_db()
    assert letter.status == IncomingLetter.Status.NEEDS_REVIEW and not RegisterEntry.objects.exists()


def test_a_letter_marked_without_number_or_date_is_registered_so():
    letter = IncomingLetterFactory(number="", letter_date=None)
    letter_confirm(letter=letter, user=UserFactory(), without_number=True, without_date=True)
    letter.refresh_from_db()
    assert letter.status == IncomingLetter.Status.REGISTERED and letter.without_number and letter.without_date


def test_a_mark_that_contradicts_the_value_is_refused():
    with pytest.raises(ValidationError) as refused:
        letter_confirm(letter=IncomingLetterFactory(), user=UserFactory(), without_number=True, without_date=True)
    assert set(refused.value.message_dict) == {"number", "letter_date"}


# Duplicates ----------------------------------------------------------------------------------------------------


def test_the_same_number_and_sender_registered_twice_is_caught_with_the_first():
    first = letter_confirm(
        letter=IncomingLetterFactory(number="005/12/427.43/2025", sender="Kec. Parakan"), user=UserFactory()
    )
    again = IncomingLetterFactory(number="005 / 12 / 427.43 / 2025", sender="KECAMATAN PARAKAN")
    with pytest.raises(DuplicateLetter) as refused:
        letter_confirm(letter=again, user=UserFactory())
    assert refused.value.first == first and "1/2025" in refused.value.messages[0]
    # The same number from another sender is another letter.
    other = letter_confirm(
        letter=IncomingLetterFactory(number="005/12/427.43/2025", sender="Kecamatan Ngadirejo"), user=UserFactory()
    )
    assert other.status == IncomingLetter.Status.REGISTERED


def test_the_same_file_registered_twice_is_caught():
    first = IncomingLetterFactory()
    Capture.objects.create(original="a", original_name="a.pdf", sha256="a" * 64, size=1, letter=first)
    letter_confirm(letter=first, user=UserFactory())
    second = IncomingLetterFactory()  # another number and sender, but the very same scan
    Capture.objects.create(original="a", original_name="a-lagi.pdf", sha256="a" * 64, size=1, letter=second)
    with pytest.raises(DuplicateLetter):
        letter_confirm(letter=second, user=UserFactory())


def test_a_letter_is_registered_once():
    letter = letter_confirm(letter=IncomingLetterFactory(security="rahasia"), user=UserFactory(username="pertama"))
    with pytest.raises(AlreadyRegistered, match="pertama"):
        letter_confirm(letter=letter, user=UserFactory(), security="biasa", subject="Diubah diam-diam")
    letter.refresh_from_db()
    assert letter.security == "rahasia" and letter.registered_by.username == "pertama"
    assert RegisterEntry.objects.filter(letter=letter).count() == 1


# Two clerks at once --------------------------------------------------------------------------------------------

CLERKS = 2


def _confirm_at_once(*, connect) -> tuple[int, list]:
    """Two clerks confirm one letter at the same moment, one choosing rahasia and the other biasa."""

    def setup() -> tuple[int, list[int]]:
        letter = IncomingLetterFactory(security="biasa")
        return letter.pk, [UserFactory(username=f"petugas{index}").pk for index in range(CLERKS)]

    pk, clerk_ids = _on_database(setup, connect=connect)
    barrier = threading.Barrier(CLERKS)

    def confirm(index: int):
        from django.contrib.auth import get_user_model

        clerk = get_user_model().objects.get(pk=clerk_ids[index])
        letter = IncomingLetter.objects.get(pk=pk)  # both loaded the form before either saved
        barrier.wait(timeout=60)
        with transaction.atomic():
            registered = letter_confirm(letter=letter, user=clerk, security=["rahasia", "biasa"][index])
            time.sleep(0.3)  # hold the row a moment, as a slow request would
        return registered.security

    outcomes = _run_in_threads([lambda index=index: confirm(index) for index in range(CLERKS)], connect=connect)
    return pk, outcomes


def _assert_one_winner(pk: int, outcomes: list, *, connect) -> None:
    winners = [outcome for outcome in outcomes if isinstance(outcome, str)]
    losers = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert isinstance(losers[0], AlreadyRegistered)

    def state():
        letter = IncomingLetter.objects.get(pk=pk)
        return letter.security, RegisterEntry.objects.filter(letter_id=pk).count()

    assert _on_database(state, connect=connect) == (winners[0], 1)  # the winner's values, one agenda number


def _same_connection() -> None:
    """Threads open their own connection to the test database on first use."""


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clerks_confirming_at_once_on_postgresql_one_wins_the_other_is_told():
    pk, outcomes = _confirm_at_once(connect=_same_connection)
    _assert_one_winner(pk, outcomes, connect=_same_connection)


def test_two_clerks_confirming_at_once_on_sqlite_one_wins_the_other_is_told(sqlite_file_database):  # noqa: F811
    pk, outcomes = _confirm_at_once(connect=sqlite_file_database)
    _assert_one_winner(pk, outcomes, connect=sqlite_file_database)


# Corrections ---------------------------------------------------------------------------------------------------


def test_a_correction_keeps_the_agenda_number_and_is_audited_with_its_reason():
    letter = letter_confirm(letter=IncomingLetterFactory(classification=code("000.1.1")), user=UserFactory())
    entry = letter.register_entry
    operator = UserFactory(username="operator")
    letter_correct(
        letter=letter,
        user=operator,
        reason="Salah kode: surat tentang kepegawaian",
        classification=code("800.1.3"),
        sender="Badan Kepegawaian Daerah",
    )
    letter.refresh_from_db()
    assert letter.classification == code("800.1.3") and letter.register_entry == entry
    [event] = AuditEvent.objects.filter(object_type="archive.incomingletter", action="correct")
    assert event.reason == "Salah kode: surat tentang kepegawaian" and event.actor == "operator"
    assert event.changes["classification_id"] == [code("000.1.1").pk, code("800.1.3").pk]
    assert event.changes["sender"][1] == "Badan Kepegawaian Daerah"


def test_a_correction_needs_a_reason_a_registered_letter_and_a_change():
    letter = letter_confirm(letter=IncomingLetterFactory(), user=UserFactory())
    with pytest.raises(ValidationError):
        letter_correct(letter=letter, user=UserFactory(), reason=" ", subject="Lain")
    with pytest.raises(ValidationError):
        letter_correct(letter=letter, user=UserFactory(), reason="Tidak ada", subject=letter.subject)
    with pytest.raises(ValidationError):
        letter_correct(letter=IncomingLetterFactory(), user=UserFactory(), reason="Belum terdaftar", subject="x")


def test_a_correction_cannot_make_a_letter_a_duplicate():
    first = letter_confirm(letter=IncomingLetterFactory(number="1/A/2025", sender="Camat"), user=UserFactory())
    second = letter_confirm(letter=IncomingLetterFactory(number="2/A/2025", sender="Camat"), user=UserFactory())
    with pytest.raises(DuplicateLetter):
        letter_correct(letter=second, user=UserFactory(), reason="Nomor salah ketik", number=first.number)


# Screens -------------------------------------------------------------------------------------------------------


def member(group: str, username: str):
    from django.contrib.auth.models import Group

    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


def _review_post(client: Client, capture: Capture, **overrides) -> object:
    letter = capture.letter
    data = {
        "number": letter.number,
        "letter_date": letter.letter_date.isoformat() if letter.letter_date else "",
        "received_on": "2025-03-05",
        "sender": letter.sender,
        "subject": letter.subject,
        "urgency": "biasa",
        "security": "biasa",
        "suggestion": "other",
        "classification": code("000.1.1").pk,
        **overrides,
    }
    return client.post(reverse("archive:review", args=[capture.pk]), data)


def _capture_for(letter: IncomingLetter, sha: str) -> Capture:
    return Capture.objects.create(
        original="x", original_name="x.pdf", sha256=sha, size=1, letter=letter, status=Capture.Status.NEEDS_REVIEW
    )


def test_the_review_screen_links_a_duplicate_to_the_first_and_tells_a_late_clerk():
    operator = member("Operator", "operator")
    client = Client()
    client.force_login(operator)
    first = _capture_for(IncomingLetterFactory(number="9/X/2025", sender="Camat Parakan"), "b" * 64)
    assert _review_post(client, first).status_code == 302
    second = _capture_for(IncomingLetterFactory(number="9/X/2025", sender="camat parakan"), "c" * 64)
    page = _review_post(client, second)
    assert page.status_code == 200
    assert reverse("archive:review", args=[first.pk]) in page.content.decode()
    assert page.context["duplicate_of"] == first.letter
    # A clerk whose form was opened before the letter was registered is told, and nothing of his is saved.
    first.status = Capture.Status.NEEDS_REVIEW
    Capture.objects.filter(pk=first.pk).update(status=Capture.Status.NEEDS_REVIEW)
    late = _review_post(client, first, security="rahasia", follow=False)
    assert late.status_code == 302
    first.letter.refresh_from_db()
    assert first.letter.security == "biasa"
    messages = [str(message) for message in late.wsgi_request._messages]
    assert any("sudah didaftarkan" in message for message in messages)


def test_the_correction_screen_corrects_with_a_reason():
    operator = member("Operator", "operator")
    client = Client()
    client.force_login(operator)
    letter = letter_confirm(letter=IncomingLetterFactory(classification=code("000.1.1")), user=operator)
    url = reverse("archive:correct", args=[letter.pk])
    page = client.get(f"{url}?kode={code('800.1.3').pk}")
    assert page.status_code == 200 and page.context["form"].initial["classification"] == code("800.1.3").pk
    data = {
        field: value
        for field, value in page.context["form"].initial.items()
        if value is not None and field != "classification"
    }
    data.update(classification=code("800.1.3").pk, reason="Reklasifikasi", letter_date="2025-03-03")
    data.update(received_on="2025-03-05")
    response = client.post(url, data)
    assert response.status_code == 302, page.context
    letter.refresh_from_db()
    assert letter.classification == code("800.1.3")
    staff = member("Pejabat", "pejabat")
    client.force_login(staff)
    assert client.get(url).status_code == 403
