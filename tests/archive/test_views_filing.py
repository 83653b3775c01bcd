"""Berkas and penyusutan screens: list filters, opening a file, filing a registered letter, closing with its JRA
dates, legal hold, restricted letters left out without a trace, and a disposal proposal from the due files
through approval by the right authority to the berita acara; permissions of every step."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from archive.models import CaseFile, ClassificationCode, DisposalProposal, IncomingLetter
from archive.services.filing import casefile_add_letter, casefile_close, casefile_create, casefile_set_hold
from archive.services.numbering import register_entry_create
from tests.archive.test_filing import make_code
from tests.factories.archive import IncomingLetterFactory, UnitFactory
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db

FILING = ["view_casefile", "add_casefile", "change_casefile", "add_casefileitem", "view_incomingletter"]
DISPOSAL = ["view_disposalproposal", "add_disposalproposal", "change_disposalproposal"]
DAERAH = DisposalProposal.Authority.KEPALA_DAERAH
ANRI = DisposalProposal.Authority.KEPALA_ANRI


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people():
    return {
        "archivist": make_user(None, "arsiparis", *FILING, *DISPOSAL),
        "reader": make_user(None, "pembaca", "view_casefile", "view_incomingletter"),
        "outsider": make_user(None, "luar", "view_incomingletter"),
    }


@pytest.fixture
def codes():
    heading = make_code("T80")
    leaf = make_code("T80.1", parent=heading, active=2, inactive=3, disposition="musnah")
    return {
        "leaf": leaf,
        "sub": make_code("T80.1.1", parent=leaf, active=2, inactive=3, disposition="musnah"),
        "long": make_code("T81", active=3, inactive=7, disposition="musnah"),
        "permanent": make_code("T82", active=2, inactive=3, disposition="permanen"),
    }


def registered(user, code: ClassificationCode, **values) -> IncomingLetter:
    letter = IncomingLetterFactory(
        status=IncomingLetter.Status.REGISTERED, registered_by=user, classification=code, **values
    )
    register_entry_create(letter=letter, user=user)
    return letter


def new_file(code, number="B-1", opened_on=datetime.date(2019, 1, 2), topic="Rapat koordinasi"):
    return casefile_create(number=number, unit=UnitFactory(), classification=code, topic=topic, opened_on=opened_on)


def detail(case_file) -> str:
    return reverse("archive_filing:casefile", args=[case_file.pk])


def act(client, case_file, action, **data):
    return client.post(detail(case_file), {"action": action, **data})


# Case files ---------------------------------------------------------------------------------------------------------


def test_list_filters_by_code_with_sub_codes_status_and_year(people, codes):
    new_file(codes["leaf"], "B-1", datetime.date(2024, 1, 5))
    closed = new_file(codes["long"], "B-2", datetime.date(2025, 2, 1))
    casefile_close(case_file=closed, closed_on=datetime.date(2025, 3, 1))
    new_file(codes["sub"], "B-3", datetime.date(2025, 6, 1))
    client = login(people["reader"])

    def numbers(**params):
        response = client.get(reverse("archive_filing:casefiles"), params)
        assert response.status_code == 200
        return [case_file.number for case_file in response.context["object_list"]]

    assert numbers() == ["B-1", "B-2", "B-3"]
    assert numbers(code="T80") == ["B-1", "B-3"]
    assert numbers(code="T80.1.1") == ["B-3"]
    assert numbers(status="closed") == ["B-2"]
    assert numbers(year=2025) == ["B-2", "B-3"]
    assert numbers(year=2025, status="active") == ["B-3"]


def test_open_a_file_numbered_by_code_and_year(people, codes):
    client = login(people["archivist"])
    assert client.get(reverse("archive_filing:casefile_create")).status_code == 200
    unit = UnitFactory()
    response = client.post(
        reverse("archive_filing:casefile_create"),
        {
            "classification": codes["leaf"].pk,
            "topic": "Rapat evaluasi 2025",
            "unit": unit.pk,
            "opened_on": "2025-02-03",
        },
    )
    case_file = CaseFile.objects.get(topic="Rapat evaluasi 2025")
    assert response.status_code == 302 and response["Location"] == detail(case_file)
    assert case_file.number == "T80.1/1/2025" and case_file.created_by == people["archivist"]
    again = client.post(
        reverse("archive_filing:casefile_create"),
        {"classification": codes["leaf"].pk, "topic": "Rapat kedua", "unit": unit.pk, "opened_on": "2025-05-03"},
    )
    assert again.status_code == 302
    assert CaseFile.objects.get(topic="Rapat kedua").number == "T80.1/2/2025"


def test_a_heading_code_is_refused_with_the_services_reason(people, codes):
    heading = codes["leaf"].parent
    response = login(people["archivist"]).post(
        reverse("archive_filing:casefile_create"),
        {"classification": heading.pk, "topic": "Tanpa retensi", "unit": UnitFactory().pk, "opened_on": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "bukan kode akhir" in response.content.decode()
    assert not CaseFile.objects.filter(topic="Tanpa retensi").exists()


def test_file_a_letter_then_close_and_see_the_retention_dates(people, codes):
    archivist = people["archivist"]
    client = login(archivist)
    case_file = new_file(codes["leaf"], opened_on=datetime.date(2024, 1, 2))
    fits = registered(archivist, codes["sub"], number="T80/7/2024", subject="Notulen rapat")
    other_code = registered(archivist, codes["long"], number="T81/1/2024")
    unregistered = IncomingLetterFactory(classification=codes["leaf"], number="belum/1")

    page = client.get(detail(case_file))
    choices = list(page.context["forms"]["add_letter"].fields["letter"].queryset)
    assert choices == [fits]  # registered, unfiled, the file's code or a sub-code
    assert act(client, case_file, "add_letter", letter=other_code.pk).status_code == 200
    assert act(client, case_file, "add_letter", letter=unregistered.pk).status_code == 200
    assert act(client, case_file, "add_letter", letter=fits.pk).status_code == 302
    assert list(client.get(detail(case_file)).context["letters"]) == [fits]

    assert act(client, case_file, "close", closed_on="2024-12-31").status_code == 302
    case_file.refresh_from_db()
    assert case_file.status == CaseFile.Status.CLOSED
    assert (case_file.active_until, case_file.inactive_until) == (
        datetime.date(2026, 12, 31),
        datetime.date(2029, 12, 31),
    )
    html = client.get(detail(case_file)).content.decode()
    assert "31-12-2026" in html and "31-12-2029" in html
    assert "add_letter" not in client.get(detail(case_file)).context["forms"]
    refused = act(client, case_file, "add_letter", letter=fits.pk)
    assert refused.status_code == 302  # no form for a closed file: told so, nothing changed
    assert case_file.items.count() == 1


def test_closing_before_opening_shows_the_services_reason(people, codes):
    case_file = new_file(codes["leaf"], opened_on=datetime.date(2024, 5, 1))
    response = act(login(people["archivist"]), case_file, "close", closed_on="2024-01-01")
    assert response.status_code == 200
    assert "mendahului" in response.content.decode()
    case_file.refresh_from_db()
    assert case_file.status == CaseFile.Status.ACTIVE


def test_restricted_letters_of_a_file_are_left_out_without_a_trace(people, codes):
    archivist = people["archivist"]
    case_file = new_file(codes["leaf"])
    open_letter = registered(archivist, codes["leaf"], number="T80/1", subject="Undangan terbuka")
    secret = registered(archivist, codes["leaf"], number="T80/2", subject="Penyelidikan tertutup", security="rahasia")
    for letter in (open_letter, secret):
        casefile_add_letter(case_file=case_file, letter=letter)
    reader_page = login(people["reader"]).get(detail(case_file))
    html = reader_page.content.decode()
    assert list(reader_page.context["letters"]) == [open_letter]
    assert "Penyelidikan" not in html and "T80/2" not in html and "terbatas" not in html.lower()
    assert list(login(archivist).get(detail(case_file)).context["letters"]) == [open_letter, secret]


def test_legal_hold_on_and_off(people, codes):
    client = login(people["archivist"])
    case_file = new_file(codes["leaf"])
    assert act(client, case_file, "hold", reason="").status_code == 200  # a reason is required
    assert act(client, case_file, "hold", reason="Perkara No. 12/Pdt.G/2025").status_code == 302
    case_file.refresh_from_db()
    assert case_file.legal_hold and case_file.legal_hold_reason == "Perkara No. 12/Pdt.G/2025"
    assert "Perkara No. 12/Pdt.G/2025" in client.get(detail(case_file)).content.decode()
    assert act(client, case_file, "release").status_code == 302
    case_file.refresh_from_db()
    assert not case_file.legal_hold and case_file.legal_hold_reason == ""


def test_filing_permissions(people, codes):
    case_file = new_file(codes["leaf"])
    letter = registered(people["archivist"], codes["leaf"])
    reader, outsider = login(people["reader"]), login(people["outsider"])
    assert outsider.get(reverse("archive_filing:casefiles")).status_code == 403
    assert outsider.get(detail(case_file)).status_code == 403
    assert reader.get(detail(case_file)).context["forms"] == {}
    assert reader.get(reverse("archive_filing:casefile_create")).status_code == 403
    for action, data in [
        ("add_letter", {"letter": letter.pk}),
        ("close", {"closed_on": "2025-01-01"}),
        ("hold", {"reason": "x"}),
        ("release", {}),
    ]:
        assert act(reader, case_file, action, **data).status_code == 403
    case_file.refresh_from_db()
    assert case_file.status == CaseFile.Status.ACTIVE and not case_file.legal_hold and case_file.items.count() == 0
    assert "Berkas baru" not in reader.get(reverse("archive_filing:casefiles")).content.decode()


# Disposal -----------------------------------------------------------------------------------------------------------


def due_file(code, number, letter=None):
    case_file = new_file(code, number, opened_on=datetime.date(2015, 1, 2))
    if letter is not None:
        casefile_add_letter(case_file=case_file, letter=letter)
    return casefile_close(case_file=case_file, closed_on=datetime.date(2015, 6, 30))


def test_proposal_from_due_files_through_approval_to_the_berita_acara(people, codes):
    archivist = people["archivist"]
    client = login(archivist)
    due = due_file(codes["leaf"], "B-10", letter=registered(archivist, codes["leaf"]))
    held = casefile_set_hold(case_file=due_file(codes["leaf"], "B-11"), reason="Sengketa")
    due_file(codes["permanent"], "B-12")  # due, but to be kept for good
    new_file(codes["leaf"], "B-13")  # still active

    report = client.get(reverse("archive_filing:retention")).content.decode()
    assert reverse("archive_filing:proposal_create") in report and detail(due) in report
    form = client.get(reverse("archive_filing:proposal_create")).context["form"]
    assert list(form.fields["case_files"].queryset) == [due]
    refused = client.post(
        reverse("archive_filing:proposal_create"), {"number": "UM/1", "case_files": [due.pk, held.pk]}
    )
    assert refused.status_code == 200 and not DisposalProposal.objects.exists()  # a held file cannot be proposed

    created = client.post(reverse("archive_filing:proposal_create"), {"number": "UM/1", "case_files": [due.pk]})
    proposal = DisposalProposal.objects.get(number="UM/1")
    assert created["Location"] == reverse("archive_filing:proposal", args=[proposal.pk])
    assert proposal.approval_authority == DAERAH  # 2 + 3 years
    url = created["Location"]
    assert client.post(url, {"action": "submit"}).status_code == 302
    wrong = client.post(
        url,
        {
            "action": "approve",
            "approve-authority": ANRI,
            "approve-approver_position": "Kepala ANRI",
            "approve-approver_name": "X",
        },
    )
    assert wrong.status_code == 200 and "Kepala Daerah" in wrong.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == DisposalProposal.Status.SUBMITTED
    approved = client.post(
        url,
        {
            "action": "approve",
            "approve-authority": DAERAH,
            "approve-approver_position": "Bupati",
            "approve-approver_name": "H. Contoh",
        },
    )
    assert approved.status_code == 302
    executed = client.post(url, {"action": "execute", "execute-witnesses": "Kepala Bidang Arsip"})
    assert executed.status_code == 302
    proposal.refresh_from_db()
    due.refresh_from_db()
    assert proposal.status == DisposalProposal.Status.EXECUTED and due.status == CaseFile.Status.DESTROYED

    record = client.get(url).context["record"]
    pdf = client.get(reverse("archive_filing:record_pdf", args=[record.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="berita-acara-UM-1.pdf"' in pdf["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "B-10" in text
    listing = client.get(reverse("archive_filing:proposals")).content.decode()
    assert "UM/1" in listing and reverse("archive_filing:record_pdf", args=[record.pk]) in listing


def test_a_long_retention_needs_the_kepala_anri_and_a_hold_stops_execution(people, codes):
    client = login(people["archivist"])
    due = due_file(codes["long"], "B-20")
    client.post(reverse("archive_filing:proposal_create"), {"number": "UM/2", "case_files": [due.pk]})
    proposal = DisposalProposal.objects.get(number="UM/2")
    assert proposal.approval_authority == ANRI
    url = reverse("archive_filing:proposal", args=[proposal.pk])
    client.post(url, {"action": "submit"})
    client.post(
        url,
        {
            "action": "approve",
            "approve-authority": ANRI,
            "approve-approver_position": "Kepala ANRI",
            "approve-approver_name": "Y",
        },
    )
    casefile_set_hold(case_file=due, reason="Pemeriksaan BPK")
    response = client.post(url, {"action": "execute", "execute-witnesses": ""})
    assert response.status_code == 200 and "pemusnahan dibatalkan: B-20" in response.content.decode()
    proposal.refresh_from_db()
    due.refresh_from_db()
    assert proposal.status == DisposalProposal.Status.APPROVED and due.status == CaseFile.Status.CLOSED


def test_disposal_permissions(people, codes):
    due = due_file(codes["leaf"], "B-30")
    reader = login(people["reader"])  # may see case files, not proposals
    assert reader.get(reverse("archive_filing:proposals")).status_code == 403
    assert (
        reader.post(reverse("archive_filing:proposal_create"), {"number": "UM/9", "case_files": [due.pk]}).status_code
        == 403
    )
    viewer = login(make_user(None, "pengamat", "view_disposalproposal"))
    assert viewer.get(reverse("archive_filing:proposals")).status_code == 200
    assert viewer.get(reverse("archive_filing:proposal_create")).status_code == 403
    login(people["archivist"]).post(
        reverse("archive_filing:proposal_create"), {"number": "UM/9", "case_files": [due.pk]}
    )
    proposal = DisposalProposal.objects.get(number="UM/9")
    url = reverse("archive_filing:proposal", args=[proposal.pk])
    assert viewer.get(url).status_code == 200 and viewer.get(url).context["forms"] == {}
    assert viewer.post(url, {"action": "submit"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == DisposalProposal.Status.DRAFT
