"""The document sources: which records become documents, with what text, fields and access tokens."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from archive.models import IncomingLetter
from archive.selectors.access import letter_principals
from archive.services.dispositions import disposition_create, disposition_report
from search import registry
from search.types import PUBLIC, STAFF
from tests.factories.dispositions import instructions, registered_letter
from tests.search import fixtures_records as records
from tests.search.fixtures_records import apply_all, attach_capture, case_file, pending_keys

# Fixtures this module uses, shared with the other plumbing tests.
catalogue, codes, engine, letters, office = (
    records.catalogue,
    records.codes,
    records.engine,
    records.letters,
    records.office,
)

pytestmark = pytest.mark.django_db


def docs(kind: str, ids=None) -> dict[str, object]:
    return {doc.id: doc for doc in registry.source(kind).documents(ids)}


def test_every_kind_has_a_source_and_archive_users_get_tokens(office):
    assert set(registry.sources()) == {"sop", "service_standard", "letter", "disposition", "case_file", "outgoing"}
    kadis = office.users["kadis"]
    tokens = registry.principals_for(kadis)
    assert {PUBLIC, STAFF, f"user:{kadis.pk}", f"position:{office['kadis'].pk}"} <= tokens


def test_a_published_sop_becomes_a_public_document_with_its_content(catalogue):
    page = catalogue["published"]
    found = docs("sop")
    assert set(found) == {str(page.pk)}  # the draft is not searchable
    doc = found[str(page.pk)]
    assert doc.title == "Prosedur Penerbitan Kartu Keluarga"
    assert doc.principals == frozenset({PUBLIC})
    assert doc.number == "SOP-KK/01"
    assert doc.unit == catalogue["unit"].title
    assert doc.extra["category"] == "SOP Pelayanan"
    assert doc.url == page.get_url() and doc.url.endswith(f"/{page.slug}/")
    page.refresh_from_db()
    assert doc.date == timezone.localdate(page.last_published_at)  # the office's day (Asia/Jakarta), not UTC's
    # summary, step activities, actors and outputs are all searchable text
    for words in ("kartu keluarga untuk warga", "Menerima dan mencatat surat masuk", "Kasubag Umum", "Hasil memberi"):
        assert words in doc.body
    assert registry.source("sop").count() == 1


def test_unpublishing_removes_a_page_and_publishing_brings_it_back(catalogue, engine):
    page, draft = catalogue["published"], catalogue["draft"]
    apply_all(engine)
    assert engine.count("sop") == 1
    page.refresh_from_db()
    page.unpublish()
    assert ("sop", str(page.pk)) in pending_keys()  # enqueued by the unpublish signal
    assert docs("sop", [str(page.pk)]) == {}
    apply_all(engine)
    assert engine.count("sop") == 0
    draft.get_latest_revision().publish()
    assert ("sop", str(draft.pk)) in pending_keys()
    apply_all(engine)
    assert engine.count("sop") == 1
    assert set(docs("sop")) == {str(draft.pk)}


def test_deleting_a_page_drops_its_document(catalogue, engine):
    page = catalogue["published"]
    apply_all(engine)
    page.delete()
    assert ("sop", str(page.pk)) in pending_keys()
    apply_all(engine)
    assert engine.count("sop") == 0


def test_a_page_behind_a_view_restriction_is_not_public(catalogue, engine):
    page = catalogue["published"]
    apply_all(engine)
    PageViewRestriction.objects.create(page=catalogue["unit"], restriction_type=PageViewRestriction.LOGIN)
    assert ("sop", str(page.pk)) in pending_keys()  # the restriction on the unit enqueues the pages under it
    assert docs("sop") == {}
    apply_all(engine)
    assert engine.count("sop") == 0


def test_a_service_standard_yields_its_requirements_and_procedure(site_tree):
    from cms.models import ServiceStandardPage

    _home, _catalogue, unit = site_tree
    page = ServiceStandardPage(
        title="Standar Pelayanan Akta Kelahiran",
        summary="Penerbitan akta kelahiran.",
        requirements=[("item", "Surat keterangan lahir dari bidan")],
        procedure="<p>Pemohon datang ke loket &amp; mengisi formulir.</p>",
        completion_time="3 hari kerja",
        live=False,
    )
    unit.add_child(instance=page)
    page.save_revision().publish()
    doc = docs("service_standard")[str(page.pk)]
    assert doc.kind == "service_standard" and doc.principals == frozenset({PUBLIC})
    assert "Surat keterangan lahir dari bidan" in doc.body
    assert "Pemohon datang ke loket & mengisi formulir." in doc.body  # rich text as plain text
    assert "3 hari kerja" in doc.body and doc.unit == unit.title


def test_a_letter_document_has_its_ocr_text_fields_and_access_tokens(letters, office, codes):
    letter = letters["secret"]
    letter.refresh_from_db()
    doc = docs("letter", [str(letter.pk)])[str(letter.pk)]
    assert doc.id == str(letter.pk)
    assert doc.title == "Laporan pemeriksaan khusus"
    assert "cincin zamrud hilang dari gudang" in doc.body
    assert (doc.number, doc.sender, doc.code) == ("X.700/9/RHS/2025", "Inspektorat Daerah", "T80.1")
    assert (doc.security, doc.status) == ("rahasia", IncomingLetter.Status.REGISTERED)
    assert doc.date == letter.letter_date
    assert doc.unit == office["kadis"].unit.name  # not disposed yet: the leader's unit
    assert doc.url == f"/admin/surat/berkas/{letter.capture.pk}/"
    assert doc.extra["agenda_number"] == letter.register_entry.agenda_number
    assert doc.principals == frozenset(letter_principals(letter))
    assert STAFF not in doc.principals and f"position:{office['kadis'].pk}" in doc.principals
    assert docs("letter", [str(letters["open"].pk)])[str(letters["open"].pk)].principals == frozenset({STAFF})


def test_a_letter_without_a_date_is_dated_when_received_and_names_its_thumbnail(office):
    letter = registered_letter(
        user=office.users["operator"], letter_date=None, without_date=True, received_on=datetime.date(2025, 4, 2)
    )
    capture = attach_capture(letter, text="teks", thumbnail="archive/uji/thumb.png")
    doc = docs("letter", [str(letter.pk)])[str(letter.pk)]
    assert doc.date == datetime.date(2025, 4, 2)
    assert doc.extra["thumbnail_url"] == f"/admin/surat/berkas/{capture.pk}/file/gambar/"


def test_a_disposition_document_carries_its_notes_reports_and_the_letters_tokens(letters, office):
    letter = letters["secret"]
    kadis = office.users["kadis"]
    disposition = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=kadis,
        recipients=[office["kabid"], office["sekretaris"]],
        instructions=instructions("Tindak lanjuti/selesaikan"),
        note="Segera periksa gudang arsip.",
    )
    recipient = disposition.recipients.get(position=office["kabid"])
    disposition_report(recipient=recipient, user=office.users["kabid"], note="Sudah diperiksa bersama Inspektorat.")
    doc = docs("disposition")[str(disposition.pk)]
    assert "Tindak lanjuti/selesaikan" in doc.body and "Segera periksa gudang arsip." in doc.body
    assert "Sudah diperiksa bersama Inspektorat." in doc.body
    assert "Kabid PIAK" in doc.title and "Sekretaris Dinas" in doc.title
    letter.refresh_from_db()
    posts = {office[key].pk for key in ("kadis", "kabid", "sekretaris")}  # put before, sent, received
    monitors = {f"monitor:{token}" for token in letter_principals(letter)}
    assert doc.principals == frozenset(monitors | {f"dispositions:position:{pk}" for pk in posts})
    assert doc.url == f"/admin/disposisi/surat/{letter.pk}/"
    assert doc.extra["letter_id"] == letter.pk and doc.security == "rahasia"
    # once disposed, the letter's unit is where it went first
    assert docs("letter", [str(letter.pk)])[str(letter.pk)].unit == office["kabid"].unit.name


def test_a_case_file_document_is_open_to_those_who_may_view_case_files(codes):
    found = case_file(codes)
    doc = docs("case_file")[str(found.pk)]
    assert doc.principals == frozenset({"casefiles"})
    assert doc.number == "T80.1/1/2025" and doc.code == "T80.1" and doc.status == "active"
    assert "Sosialisasi kependudukan" in doc.title and doc.unit == "Bidang PIAK Berkas"
    assert doc.date == datetime.date(2025, 2, 1)


def test_unknown_and_malformed_ids_are_not_yielded(letters):
    assert docs("letter", ["999999", "abc", ""]) == {}
    assert set(docs("letter", [str(letters["open"].pk), str(letters["open"].pk)])) == {str(letters["open"].pk)}


def test_reading_many_letters_takes_a_constant_number_of_queries(office, django_assert_max_num_queries):
    operator = office.users["operator"]
    for n in range(40):
        letter = registered_letter(user=operator, subject=f"Surat nomor {n}")
        attach_capture(letter, text=f"isi surat {n}")
    with django_assert_max_num_queries(4):
        found = list(registry.source("letter").documents())
    assert len(found) == 40


def test_moving_a_page_to_another_unit_changes_its_unit(catalogue, site_tree, engine):
    from tests.factories import cms as cms_factories

    _home, index, _unit = site_tree
    other = cms_factories.add_unit(index, title="Dinas Sosial")
    page = catalogue["published"]
    page.refresh_from_db()
    apply_all(engine)
    page.move(other, pos="last-child")
    assert ("sop", str(page.pk)) in pending_keys()
    assert docs("sop")[str(page.pk)].unit == "Dinas Sosial"


def test_renaming_a_category_enqueues_its_pages(catalogue, engine):
    apply_all(engine)
    category = catalogue["category"]
    category.name = "SOP Pelayanan Publik"
    category.save()
    assert ("sop", str(catalogue["published"].pk)) in pending_keys()
    assert docs("sop")[str(catalogue["published"].pk)].extra["category"] == "SOP Pelayanan Publik"


def test_an_executed_disposal_enqueues_the_destroyed_case_files(codes, engine):
    from django.utils import timezone

    from archive.models import CaseFile, DisposalProposal, DisposalProposalItem, DisposalRecord

    found = case_file(codes)
    apply_all(engine)
    proposal = DisposalProposal.objects.create(number="UM-1", status=DisposalProposal.Status.EXECUTED)
    DisposalProposalItem.objects.create(proposal=proposal, case_file=found)
    CaseFile.objects.filter(pk=found.pk).update(status=CaseFile.Status.DESTROYED)  # as the service does, no signal
    assert ("case_file", str(found.pk)) not in pending_keys()
    DisposalRecord.objects.create(proposal=proposal, executed_at=timezone.now())
    assert ("case_file", str(found.pk)) in pending_keys()
    apply_all(engine)
    assert docs("case_file")[str(found.pk)].status == "destroyed"


def test_renaming_a_unit_a_post_or_a_code_enqueues_the_documents_that_show_it(letters, office, codes, engine):
    from search.models import IndexUpdate

    disposition = disposition_create(
        letter=letters["open"],
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"]],
        note="Hadiri.",
    )
    found = case_file(codes)
    apply_all(engine)
    unit = office["kabid"].unit
    unit.name = "Bidang Pelayanan Pendaftaran Penduduk"
    unit.save()
    assert {("letter", str(letters["open"].pk))} <= pending_keys()
    assert docs("letter", [str(letters["open"].pk)])[str(letters["open"].pk)].unit == unit.name
    IndexUpdate.objects.all().delete()
    kabid = office["kabid"]
    kabid.title = "Kepala Bidang Pelayanan"
    kabid.save()
    assert ("disposition", str(disposition.pk)) in pending_keys()
    assert "Kepala Bidang Pelayanan" in docs("disposition")[str(disposition.pk)].title
    IndexUpdate.objects.all().delete()
    code = codes["leaf"]
    code.code = "T80.9"
    code.save()
    expected = {("letter", str(letter.pk)) for letter in letters.values()}
    expected |= {("disposition", str(disposition.pk)), ("case_file", str(found.pk))}
    assert expected <= pending_keys()
