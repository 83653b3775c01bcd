"""Tests of the retention selectors and the retention_report command (due for pemindahan, due for disposition)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from archive.models import CaseFile
from archive.selectors.retention import casefiles_due_for_disposition, casefiles_due_for_transfer, retention_report
from archive.services.filing import casefile_close, casefile_create
from tests.archive.test_filing import make_code
from tests.factories.archive import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 6, 1)


def closed_file(number, code, closed_on, status=None):
    case_file = casefile_create(
        number=number, unit=UnitFactory(), classification=code, topic=f"Uraian {number}", opened_on=closed_on
    )
    casefile_close(case_file=case_file, closed_on=closed_on)
    if status:
        CaseFile.objects.filter(pk=case_file.pk).update(status=status)
    return case_file


@pytest.fixture
def files():
    musnah = make_code("T80.1", active=2, inactive=3, disposition="musnah")
    permanen = make_code("T80.2", active=2, inactive=3, disposition="permanen")
    review = make_code("T80.3", active=1, inactive=1, disposition="dinilai_kembali")
    return {
        "fresh": closed_file("R-1", musnah, datetime.date(2025, 1, 10)),  # active until 2027
        "to_move": closed_file("R-2", musnah, datetime.date(2023, 1, 10)),  # active until 2025, inactive 2028
        "moved": closed_file("R-3", musnah, datetime.date(2023, 1, 10), status=CaseFile.Status.INACTIVE),
        "musnah": closed_file("R-4", musnah, datetime.date(2020, 1, 10), status=CaseFile.Status.INACTIVE),
        "permanen": closed_file("R-5", permanen, datetime.date(2020, 1, 10), status=CaseFile.Status.INACTIVE),
        "review": closed_file("R-6", review, datetime.date(2023, 1, 10)),
        "gone": closed_file("R-7", musnah, datetime.date(2019, 1, 10), status=CaseFile.Status.DESTROYED),
        "open": casefile_create(
            number="R-8", unit=UnitFactory(), classification=musnah, topic="Masih aktif", opened_on=AS_OF
        ),
    }


def numbers(qs):
    return [case_file.number for case_file in qs]


def test_due_for_transfer_are_files_past_their_active_period_still_at_the_unit(files):
    assert numbers(casefiles_due_for_transfer(as_of=AS_OF)) == ["R-6", "R-2"]


def test_due_for_disposition_is_split_by_final_disposition(files):
    assert numbers(casefiles_due_for_disposition(as_of=AS_OF)) == ["R-4", "R-5", "R-6"]
    report = retention_report(as_of=AS_OF)
    assert numbers(report.disposition["musnah"]) == ["R-4"]
    assert numbers(report.disposition["permanen"]) == ["R-5"]
    assert numbers(report.disposition["dinilai_kembali"]) == ["R-6"]


def test_the_report_moves_with_the_date(files):
    assert numbers(casefiles_due_for_transfer(as_of=datetime.date(2024, 1, 1))) == []
    assert numbers(casefiles_due_for_disposition(as_of=datetime.date(2031, 1, 1), final_disposition="musnah")) == [
        "R-4",
        "R-2",
        "R-3",
        "R-1",
    ]


def test_command_text_and_csv(files):
    out = io.StringIO()
    call_command("retention_report", "--as-of", AS_OF.isoformat(), stdout=out)
    text = out.getvalue()
    assert "Jatuh tempo pemindahan ke inaktif (2)" in text
    assert "Jatuh tempo musnah (1)" in text and "R-4" in text
    out = io.StringIO()
    call_command("retention_report", "--as-of", AS_OF.isoformat(), "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(row["due"], row["number"]) for row in rows] == [
        ("transfer", "R-6"),
        ("transfer", "R-2"),
        ("musnah", "R-4"),
        ("permanen", "R-5"),
        ("dinilai_kembali", "R-6"),
    ]
    with pytest.raises(CommandError):
        call_command("retention_report", "--as-of", "kemarin")


def test_the_admin_report_lists_due_files_for_those_allowed(files, client):
    url = reverse("archive_filing:retention")
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get(url).status_code in (302, 403)
    staff.user_permissions.add(Permission.objects.get(codename="view_casefile"))
    client.force_login(staff)
    answer = client.get(url, {"as_of": AS_OF.isoformat()})
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "R-4" in body and "R-5" in body and "Laporan retensi" in body and "R-1" not in body
