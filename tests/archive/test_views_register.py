"""Buku agenda screen: filters, agenda order, paging, downloads (CSV, XLSX, PDF) of the filtered view, restricted
letters left out for users who may not open them, the export audit events, permissions and the menu entry."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.admin.menu import admin_menu

from archive.models import AuditEvent, ClassificationCode, IncomingLetter, OutgoingLetter, Register
from archive.services.numbering import register_default, register_entry_create
from tests.factories.archive import IncomingLetterFactory, RegisterFactory, UnitFactory
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db
SCHEME = "permendagri_83_2022"


def code(value: str) -> ClassificationCode:
    return ClassificationCode.objects.get(scheme=SCHEME, code=value)


def registered(user, register=None, **values) -> IncomingLetter:
    letter = IncomingLetterFactory(status=IncomingLetter.Status.REGISTERED, registered_by=user, **values)
    register_entry_create(letter=letter, register=register, user=user)
    return letter


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people():
    return {
        "operator": make_user(None, "operator", "view_incomingletter", "change_incomingletter"),
        "clerk": make_user(None, "pembaca", "view_incomingletter"),
        "outsider": make_user(None, "luar"),
    }


@pytest.fixture
def letters(people):
    operator = people["operator"]
    return {
        "invite": registered(
            operator,
            number="005/11/2025",
            sender="Kecamatan Sukamaju",
            subject="Undangan rapat koordinasi",
            classification=code("000.1.2"),
            received_on=datetime.date(2025, 3, 5),
            urgency="segera",
        ),
        "report": registered(
            operator,
            number="400/22/2025",
            sender="Dinas Sosial",
            subject="Laporan bantuan sosial",
            classification=code("400"),
            received_on=datetime.date(2025, 4, 10),
        ),
        "secret": registered(
            operator,
            number="R-7/2025",
            sender="Kepolisian Resor",
            subject="Penyelidikan rahasia",
            classification=code("000.1.2"),
            received_on=datetime.date(2025, 5, 1),
            security="rahasia",
        ),
    }


def shown(response) -> list[str]:
    return [entry.letter.number for entry in response.context["page_obj"]]


def browse(client, **params):
    response = client.get(reverse("archive_agenda:browse"), params)
    assert response.status_code == 200
    return response


def test_rows_in_agenda_order_and_each_filter(people, letters):
    client = login(people["operator"])
    assert shown(browse(client)) == ["005/11/2025", "400/22/2025", "R-7/2025"]
    assert shown(browse(client, sender="sukamaju")) == ["005/11/2025"]
    assert shown(browse(client, code="000.1")) == ["005/11/2025", "R-7/2025"]  # the code with its sub-codes
    assert shown(browse(client, security="rahasia")) == ["R-7/2025"]
    assert shown(browse(client, urgency="segera")) == ["005/11/2025"]
    assert shown(browse(client, q="bantuan")) == ["400/22/2025"]
    assert shown(browse(client, q="R-7")) == ["R-7/2025"]
    assert shown(browse(client, date_from="2025-04-01", date_to="2025-04-30")) == ["400/22/2025"]
    assert shown(browse(client, year=2024)) == []
    assert shown(browse(client, year=2025, sender="dinas")) == ["400/22/2025"]


def test_another_register_is_kept_apart(people, letters):
    unit_register = RegisterFactory(name="Buku Agenda Bidang", code="agenda-bidang")
    registered(people["operator"], register=unit_register, number="090/1/2025")
    client = login(people["operator"])
    assert "090/1/2025" not in shown(browse(client))
    assert shown(browse(client, register="agenda-bidang")) == ["090/1/2025"]


def test_a_restricted_letter_is_not_shown_to_who_may_not_open_it(people, letters):
    response = browse(login(people["clerk"]))
    assert shown(response) == ["005/11/2025", "400/22/2025"]
    assert "Penyelidikan" not in response.content.decode()
    assert "R-7/2025" in shown(browse(login(people["operator"])))


def test_rows_are_paged_fifty_at_a_time(people):
    register = register_default(kind=Register.Kind.INCOMING)
    for n in range(55):
        registered(people["operator"], register=register, number=f"P/{n + 1}")
    client = login(people["clerk"])
    first, second = browse(client), browse(client, p=2)
    assert len(shown(first)) == 50 and shown(first)[0] == "P/1"
    assert shown(second) == ["P/51", "P/52", "P/53", "P/54", "P/55"]


def download(client, file_format, **params):
    response = client.get(reverse("archive_agenda:download", args=[file_format]), params)
    assert response.status_code == 200, response.content[:300]
    return response


def test_csv_download_has_the_filtered_rows(people, letters):
    response = download(login(people["operator"]), "csv", code="000.1")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Nomor agenda"
    assert [row[2] for row in rows[1:]] == ["005/11/2025", "R-7/2025"]


def test_xlsx_and_pdf_downloads(people, letters):
    client = login(people["clerk"])
    xlsx = download(client, "xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["005/11/2025", "400/22/2025"]
    pdf = download(client, "pdf", sender="sosial")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "400/22/2025" in text and "005/11/2025" not in text


def test_downloads_leave_out_restricted_letters_and_log_the_ones_included(people, letters):
    clerk_csv = download(login(people["clerk"]), "csv").content.decode("utf-8-sig")
    assert "R-7/2025" not in clerk_csv and "Penyelidikan" not in clerk_csv
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()

    operator_csv = download(login(people["operator"]), "xlsx")
    assert operator_csv.status_code == 200
    events = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert [(event.letter_id, event.actor) for event in events] == [(letters["secret"].pk, "operator")]
    assert events.get().changes == {"what": "buku agenda xlsx"}


def test_users_without_archive_permissions_get_403(people, letters):
    client = login(people["outsider"])
    assert client.get(reverse("archive_agenda:browse")).status_code == 403
    assert client.get(reverse("archive_agenda:download", args=["csv"])).status_code == 403
    assert Client().get(reverse("archive_agenda:browse")).status_code == 302  # to the admin login


def test_unknown_format_and_post_are_refused(people, letters):
    client = login(people["operator"])
    assert client.get(reverse("archive_agenda:download", args=["docx"])).status_code == 404
    assert client.post(reverse("archive_agenda:browse")).status_code == 405


def test_the_outgoing_register_once_numbered_letters_exist(people, letters):
    drafter = people["operator"]
    client = login(drafter)
    choices = browse(client).context["form"].fields["register"].queryset
    assert not choices.filter(kind=Register.Kind.OUTGOING).exists()
    OutgoingLetter.objects.create(
        unit=UnitFactory(),
        drafter=drafter,
        subject="Balasan undangan rapat",
        classification=code("000.1.2"),
        status=OutgoingLetter.Status.APPROVED,
        number="000.1.2/5/U1/2025",
        letter_date=datetime.date(2025, 6, 2),
    )
    outgoing = register_default(kind=Register.Kind.OUTGOING)
    response = browse(client, register=outgoing.code)
    assert response.context["outgoing"] is True
    assert [letter.number for letter in response.context["page_obj"]] == ["000.1.2/5/U1/2025"]
    assert shown_outgoing(browse(client, register=outgoing.code, year=2024)) == []
    assert shown_outgoing(browse(login(people["clerk"]), register=outgoing.code)) == []  # not theirs to open
    refused = client.get(reverse("archive_agenda:download", args=["csv"]), {"register": outgoing.code})
    assert refused.status_code == 400


def shown_outgoing(response) -> list[str]:
    return [letter.number for letter in response.context["page_obj"]]


def test_the_menu_entry_under_surat(people):
    def surat_items(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        menus = {item.name: item for item in admin_menu.menu_items_for_request(request)}
        if "archive" not in menus:
            return []
        return [item.name for item in menus["archive"].menu.menu_items_for_request(request)]

    assert "archive-register" in surat_items(people["clerk"])
    assert "archive-register" not in surat_items(people["outsider"])
