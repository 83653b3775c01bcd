"""Tests of filing letters into case files: code matching, closing with retention dates, holds, no deletion."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from archive.models import CaseFile, ClassificationCode, DeletionRefused, IncomingLetter, disposal_path
from archive.services.filing import (
    casefile_add_letter,
    casefile_close,
    casefile_create,
    casefile_move_to_inactive,
    casefile_release_hold,
    casefile_set_hold,
    casefile_set_retention_start,
)
from tests.factories.archive import IncomingLetterFactory, UnitFactory

pytestmark = pytest.mark.django_db

SCHEME = "permendagri_83_2022"


def make_code(code: str, *, parent=None, active=None, inactive=None, disposition="", trigger=""):
    return ClassificationCode.objects.create(
        scheme=SCHEME,
        code=code,
        title=f"Uji {code}",
        parent=parent,
        level=code.count(".") + 1,
        sort_key=f"zz-{code}",
        retention_active_years=active,
        retention_inactive_years=inactive,
        final_disposition=disposition,
        retention_active_trigger=trigger,
    )


@pytest.fixture
def codes():
    heading = make_code("T90")
    leaf = make_code("T90.1", parent=heading, active=2, inactive=3, disposition="musnah")
    sub = make_code("T90.1.1", parent=leaf, active=2, inactive=3, disposition="musnah")
    other = make_code("T91", active=1, inactive=1, disposition="musnah")
    event = make_code("T92", active=2, inactive=3, disposition="musnah", trigger="2 Tahun Sejak Perjanjian Berakhir")
    return {"heading": heading, "leaf": leaf, "sub": sub, "other": other, "event": event}


def new_file(code, number="B-1", opened=datetime.date(2020, 1, 6)):
    return casefile_create(
        number=number, unit=UnitFactory(), classification=code, topic="Rapat koordinasi", opened_on=opened
    )


def test_a_file_needs_a_leaf_code_with_retention(codes):
    with pytest.raises(ValidationError):
        new_file(codes["heading"])
    assert new_file(codes["leaf"]).status == CaseFile.Status.ACTIVE


def test_a_letter_is_filed_under_the_same_code_or_a_sub_code(codes):
    case_file = new_file(codes["leaf"])
    same = IncomingLetterFactory(classification=codes["leaf"])
    below = IncomingLetterFactory(classification=codes["sub"])
    casefile_add_letter(case_file=case_file, letter=same)
    casefile_add_letter(case_file=case_file, letter=below)
    assert case_file.items.count() == 2
    for letter in (IncomingLetterFactory(classification=codes["other"]), IncomingLetterFactory(classification=None)):
        with pytest.raises(ValidationError, match="tidak sesuai"):
            casefile_add_letter(case_file=case_file, letter=letter)
    with pytest.raises(ValidationError, match="sudah diberkaskan"):
        casefile_add_letter(case_file=new_file(codes["leaf"], number="B-2"), letter=same)


def test_every_registered_letter_can_be_filed_under_a_code_with_a_retention(codes):
    """A letter under a heading or a 78/2012 code is filed under the leaf codes the crosswalk gives it."""
    from archive.classification.scheme import CURRENT, LEGACY
    from archive.services.filing import casefile_letter_candidates

    def code(value, scheme):
        return ClassificationCode.objects.get(code=value, scheme=scheme)

    birth_file = new_file(code("400.12.3.1", CURRENT), number="B-7")  # Kelahiran dan Kematian
    other_file = new_file(codes["other"], number="B-8")
    registered = {"status": IncomingLetter.Status.REGISTERED}
    legacy = IncomingLetterFactory(classification=code("472.11", LEGACY), **registered)  # 78/2012 Kelahiran
    heading = IncomingLetterFactory(classification=codes["heading"], **registered)
    by_content = IncomingLetterFactory(classification=code("005", LEGACY), **registered)  # Undangan
    assert {legacy, by_content} <= set(casefile_letter_candidates(case_file=birth_file))
    assert legacy not in casefile_letter_candidates(case_file=other_file)
    assert heading in casefile_letter_candidates(case_file=new_file(codes["leaf"], number="B-9"))
    with pytest.raises(ValidationError, match="tidak sesuai"):
        casefile_add_letter(case_file=other_file, letter=legacy)
    casefile_add_letter(case_file=birth_file, letter=legacy)
    casefile_add_letter(case_file=other_file, letter=by_content)
    casefile_add_letter(case_file=CaseFile.objects.get(number="B-9"), letter=heading)
    assert IncomingLetter.objects.filter(case_file_item__isnull=True, **registered).count() == 0


def test_a_file_under_a_code_without_retention_is_refused_with_the_codes_to_use(codes):
    from archive.classification.scheme import LEGACY

    with pytest.raises(ValidationError, match="400.12.3.1"):
        new_file(ClassificationCode.objects.get(code="472.11", scheme=LEGACY))
    with pytest.raises(ValidationError, match="T90.1"):
        new_file(codes["heading"])


def test_closing_computes_the_retention_dates_from_the_code(codes):
    case_file = casefile_close(case_file=new_file(codes["leaf"]), closed_on=datetime.date(2020, 12, 31))
    case_file.refresh_from_db()
    assert case_file.status == CaseFile.Status.CLOSED
    assert case_file.retention_start == datetime.date(2020, 12, 31)
    assert case_file.active_until == datetime.date(2022, 12, 31)
    assert case_file.inactive_until == datetime.date(2025, 12, 31)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        casefile_add_letter(case_file=case_file, letter=IncomingLetterFactory(classification=codes["leaf"]))


def test_pemindahan_only_after_the_active_period(codes):
    case_file = new_file(codes["leaf"])
    with pytest.raises(ValidationError, match="belum ditutup"):
        casefile_move_to_inactive(case_file=case_file, location="Record center", as_of=datetime.date(2030, 1, 1))
    casefile_close(case_file=case_file, closed_on=datetime.date(2020, 12, 31))
    with pytest.raises(ValidationError, match="berlaku sampai"):
        casefile_move_to_inactive(case_file=case_file, location="Record center", as_of=datetime.date(2022, 12, 31))
    casefile_move_to_inactive(case_file=case_file, location="Record center, boks 12", as_of=datetime.date(2023, 1, 1))
    case_file.refresh_from_db()
    assert (case_file.status, case_file.location) == (CaseFile.Status.INACTIVE, "Record center, boks 12")


def test_leap_day_start_lands_on_28_february(codes):
    case_file = casefile_close(case_file=new_file(codes["leaf"]), closed_on=datetime.date(2020, 2, 29))
    assert case_file.active_until == datetime.date(2022, 2, 28)


def test_an_event_triggered_code_takes_its_start_from_the_event(codes):
    closed = datetime.date(2021, 6, 30)
    event_day = datetime.date(2023, 1, 15)
    with pytest.raises(ValidationError, match="peristiwa"):
        casefile_close(case_file=new_file(codes["leaf"]), closed_on=closed, retention_start=event_day)
    case_file = casefile_close(
        case_file=new_file(codes["event"], number="B-3"), closed_on=closed, retention_start=event_day
    )
    assert case_file.active_until == datetime.date(2025, 1, 15)
    casefile_set_retention_start(case_file=case_file, retention_start=datetime.date(2024, 1, 15))
    case_file.refresh_from_db()
    assert case_file.inactive_until == datetime.date(2029, 1, 15)


def test_hold_needs_a_reason_and_can_be_released(codes):
    case_file = new_file(codes["leaf"])
    with pytest.raises(ValidationError):
        casefile_set_hold(case_file=case_file, reason="  ")
    casefile_set_hold(case_file=case_file, reason="Perkara PTUN 12/G/2025")
    case_file.refresh_from_db()
    assert case_file.legal_hold and "PTUN" in case_file.legal_hold_reason
    casefile_release_hold(case_file=case_file)
    case_file.refresh_from_db()
    assert not case_file.legal_hold and case_file.legal_hold_reason == ""


def test_case_files_and_letters_are_not_deleted_outside_the_disposal_path(codes):
    case_file = new_file(codes["leaf"])
    letter = IncomingLetterFactory(classification=codes["leaf"])
    with pytest.raises(ProtectedError, match="tidak boleh dihapus"):
        case_file.delete()
    # The letter guard runs inside Django's deletion transaction, hence the savepoints.
    with pytest.raises(DeletionRefused), transaction.atomic():
        letter.delete()
    with pytest.raises(DeletionRefused), transaction.atomic():
        IncomingLetter.objects.filter(pk=letter.pk).delete()
    with pytest.raises(DeletionRefused), transaction.atomic():
        CaseFile.objects.filter(pk=case_file.pk).delete()
    assert CaseFile.objects.filter(pk=case_file.pk).exists()
    assert IncomingLetter.objects.filter(pk=letter.pk).exists()


def test_the_disposal_path_lets_a_deletion_through(codes):
    letter = IncomingLetterFactory(classification=codes["leaf"])
    with disposal_path():
        letter.delete()
    assert not IncomingLetter.objects.filter(pk=letter.pk).exists()
