"""The import_sop command on the five seed documents: drafts per SOP with groups, JSON lines, re-runs, errors."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from PIL import Image

from cms.models import CatalogueIndexPage, SopCategory, SopPage, UnitPage

KEYS = {"source_file", "page_id", "title", "group", "number", "actors", "steps", "total_minutes", "unparsed", "status"}
SEED_002 = "002_f8282cca168daaab.txt"
LUMAJANG = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lumajang"


def run(*args: str) -> list[dict]:
    out = StringIO()
    call_command("import_sop", *args, "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_all_seeds_become_drafts_one_per_sop(site_tree, seeds_dir: Path):
    records = run(str(seeds_dir))
    assert all(set(record) == KEYS for record in records)
    assert Counter(record["source_file"][:3] for record in records) == {
        "000": 1, "001": 1, "002": 1, "003": 3, "004": 79,
    }  # fmt: skip
    assert {record["status"] for record in records} == {"created"}
    assert SopPage.objects.count() == 85
    assert not SopPage.objects.filter(live=True).exists()
    assert sorted(p.pk for p in SopPage.objects.all()) == sorted(record["page_id"] for record in records)
    book = [record for record in records if record["source_file"].startswith("004")]
    assert Counter(record["group"] for record in book) == {
        "SOP Keuangan": 7,
        "SOP Umum dan Kepegawaian": 21,
        "SOP Perencanaan": 10,
        "SOP Bidang Pemanfaatan Data dan Inovasi Pelayanan": 7,
        "SOP Bidang Capil": 4,
        "SOP Bidang PIAK": 9,
        "SOP Bidang Dafduk": 21,
    }
    assert {record["number"] for record in book} == {""}
    assert set(SopPage.objects.filter(import_key__startswith="004").values_list("established_by", flat=True)) == {
        "Keputusan Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lumajang Nomor 188.4/284/427.43/2018"
    }
    assert SopCategory.objects.count() == 7
    assert SopPage.objects.filter(category__name="SOP Bidang Capil").count() == 4


@pytest.mark.django_db
def test_units_are_draft_offices_under_the_catalogue(site_tree, seeds_dir: Path):
    _, catalogue, existing = site_tree
    run(str(seeds_dir))
    new_units = UnitPage.objects.child_of(catalogue).exclude(pk=existing.pk)
    assert sorted(unit.title for unit in new_units) == [
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Banjarnegara",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bantul",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lumajang",
        "Dinas Komunikasi Informatika Persandian dan Statistik Kabupaten Indragiri Hilir",
    ]
    assert not any(unit.live for unit in new_units)
    lumajang = new_units.get(title=LUMAJANG)
    assert SopPage.objects.child_of(lumajang).count() == 79
    assert SopPage.objects.child_of(existing).count() == 0


@pytest.mark.django_db
def test_seed_002_page_fields_and_json_record(site_tree, seeds_dir: Path):
    (record,) = run(str(seeds_dir / SEED_002))
    page = SopPage.objects.get(pk=record["page_id"])
    assert record == {
        "source_file": SEED_002,
        "page_id": page.pk,
        "title": "Tata Persuratan (Surat Keluar) dengan TTE (tanda tangan elektronik)",
        "group": None,
        "number": "IKMT-SD-01-03",
        "actors": 4,
        "steps": 7,
        "total_minutes": 20,
        "unparsed": ["requirements", "products", "complaint_channels", "records", "cost"],
        "status": "created",
    }
    assert page.total_minutes == 20
    assert page.completion_time == "54 menit"
    assert page.public_completion_time() == "54 menit"
    assert [step.no_goto_step for step in page.ordered_steps] == [None, None, None, None, 4, 4, None]
    assert [item.value for item in page.legal_basis][0].startswith("Perbup 72 Tahun 2012")
    assert [link.title for link in page.related_links.all()] == ["IKMT Tata Persuratan (Surat Masuk)"]
    assert page.source_document == SEED_002
    assert page.import_key == f"{SEED_002}||tata-persuratan-surat-keluar-dengan-tte-tanda-tangan-elektronik|0"
    assert (page.live, page.has_unpublished_changes, page.first_published_at) == (False, True, None)
    assert list(page.revisions.values_list("user", flat=True)) == [None]


@pytest.mark.django_db
def test_imported_drafts_pass_the_editor_rules(site_tree, seeds_dir: Path):
    run(str(seeds_dir))
    for page in SopPage.objects.all():
        page.full_clean()
        actors = {actor.name for actor in page.actors.all()}
        steps = page.ordered_steps
        for number, step in enumerate(steps, start=1):
            step.clean()
            assert not step.actor or step.actor in actors, (page.title, step.actor)
            assert step.no_goto_step is None or 1 <= step.no_goto_step < number


@pytest.mark.django_db
def test_rerun_finds_the_pages_and_creates_no_duplicates(site_tree, seeds_dir: Path):
    first = run(str(seeds_dir))
    pages, units, categories = SopPage.objects.count(), UnitPage.objects.count(), SopCategory.objects.count()
    second = run(str(seeds_dir), str(seeds_dir / SEED_002))  # a file named twice is read once
    changed = [(r["source_file"], r["title"]) for r in second if r["status"] != "exists"]
    assert {record["status"] for record in second} == {"exists"}, changed
    assert [record["page_id"] for record in second] == [record["page_id"] for record in first]
    assert (SopPage.objects.count(), UnitPage.objects.count(), SopCategory.objects.count()) == (
        pages,
        units,
        categories,
    )


@pytest.mark.django_db
def test_changed_document_updates_only_untouched_drafts(site_tree, seeds_dir: Path, tmp_path: Path):
    copy = tmp_path / SEED_002
    shutil.copy(seeds_dir / SEED_002, copy)
    (created,) = run(str(copy))
    copy.write_text(copy.read_text(encoding="utf-8").replace("\t5 menit\t", "\t15 menit\t"), encoding="utf-8")
    (updated,) = run(str(copy))
    assert (updated["status"], updated["page_id"], updated["total_minutes"]) == ("updated", created["page_id"], 30)
    page = SopPage.objects.get(pk=created["page_id"])
    assert page.revisions.count() == 2
    assert SopPage.objects.count() == 1

    page.title = "Tata Persuratan (disunting)"
    page.save_revision(user=get_user_model().objects.create_user("editor", password="x"))
    copy.write_text(copy.read_text(encoding="utf-8").replace("\t15 menit\t", "\t25 menit\t"), encoding="utf-8")
    (kept,) = run(str(copy))
    assert (kept["status"], kept["title"], kept["total_minutes"]) == ("exists", "Tata Persuratan (disunting)", 30)
    assert page.revisions.count() == 3


@pytest.mark.django_db
def test_published_page_is_never_changed(site_tree, seeds_dir: Path, tmp_path: Path):
    copy = tmp_path / SEED_002
    shutil.copy(seeds_dir / SEED_002, copy)
    (created,) = run(str(copy))
    SopPage.objects.get(pk=created["page_id"]).get_latest_revision().publish()
    copy.write_text(copy.read_text(encoding="utf-8").replace("\t5 menit\t", "\t15 menit\t"), encoding="utf-8")
    (again,) = run(str(copy))
    assert (again["status"], again["total_minutes"]) == ("exists", 20)


@pytest.mark.django_db
def test_a_bad_file_is_reported_and_the_others_import(site_tree, seeds_dir: Path, tmp_path: Path):
    Image.new("RGB", (8, 8), "white").save(tmp_path / "001-scan.pdf", "PNG")
    shutil.copy(seeds_dir / SEED_002, tmp_path / SEED_002)
    records = run(str(tmp_path))
    assert records[0] == {
        "source_file": "001-scan.pdf",
        "error": "001-scan.pdf: jenis berkas tidak didukung: PNG image data, 8 x 8, 8-bit/color RGB, non-interlaced "
        "(image/png); yang dibaca: teks, PDF, Word .docx",
    }
    assert [(record["source_file"], record["status"]) for record in records[1:]] == [(SEED_002, "created")]


@pytest.mark.django_db
def test_fails_only_when_every_file_failed(site_tree, tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    stderr = StringIO()
    with pytest.raises(CommandError, match=r"No document could be imported \(2 failed\)"):
        call_command("import_sop", str(tmp_path), str(tmp_path / "missing.txt"), stdout=StringIO(), stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "error    empty.txt: berkas kosong",
        f"error    missing.txt: {tmp_path / 'missing.txt'}: berkas tidak ditemukan",
    ]
    (tmp_path / "empty.txt").unlink()
    with pytest.raises(CommandError, match="No files found"):
        call_command("import_sop", str(tmp_path), stdout=StringIO())


@pytest.mark.django_db
def test_readable_report_names_filled_and_unparsed_fields(site_tree, seeds_dir: Path):
    out = StringIO()
    call_command("import_sop", str(seeds_dir / SEED_002), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("created  #")
    assert lines[0].endswith(f"({SEED_002}): 4 actors, 7 steps, 20 min")
    assert lines[1] == (
        "         filled: title, sop_number, date_made, approved_by_name, approved_by_position, approved_by_nip, "
        "legal_basis, qualifications, related, equipment, warnings, completion_time, actors, steps"
    )
    assert lines[2] == "         could not parse: requirements, products, complaint_channels, records, cost"
    assert "note: Total tertulis 54 menit, jumlah waktu langkah 20 menit" in lines[4]


@pytest.mark.django_db
def test_the_report_says_how_many_steps_still_lack_an_actor(site_tree, seeds_dir: Path):
    """Seed 004's OCR text lost its columns: actors come only from the activity's own words, the rest are counted."""
    out = StringIO()
    call_command("import_sop", *map(str, seeds_dir.glob("004_*.txt")), stdout=out)
    counted = [line for line in out.getvalue().splitlines() if "steps without actor:" in line]
    lacking = sum(int(line.split(":")[1].split(" of ")[0]) for line in counted)
    pages = SopPage.objects.all()
    steps = [step for page in pages for step in page.get_latest_revision_as_object().steps.all()]
    assert pages.count() == 79 and counted
    assert lacking == sum(not step.actor for step in steps)
    assert 0 < lacking < len(steps)  # some steps name their lane in their own words, some do not


@pytest.mark.django_db
def test_without_a_catalogue_the_site_service_makes_one(seeds_dir: Path):
    assert not CatalogueIndexPage.objects.exists()
    (record,) = run(str(seeds_dir / SEED_002))
    catalogue = CatalogueIndexPage.objects.get()
    page = SopPage.objects.get(pk=record["page_id"])
    assert page.get_parent().get_parent().specific == catalogue


@pytest.mark.django_db
def test_imported_drafts_open_in_the_page_editor(site_tree, seeds_dir: Path, client):
    records = run(str(seeds_dir / SEED_002), str(seeds_dir / "003_7c74381275b0dd28.txt"))
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))
    for record in records:
        response = client.get(f"/admin/pages/{record['page_id']}/edit/")
        assert response.status_code == 200
        assert record["title"].split(":")[0] in response.content.decode()


@pytest.mark.django_db
def test_service_standards_become_standard_pages_and_a_decree_alone_makes_none(site_tree, tmp_path: Path):
    from cms.models import ServiceStandardPage
    from tests.cms.layout_fixtures import write_decree_without_appendix, write_standards_docx

    records = run(str(write_standards_docx(tmp_path / "standar.docx")))
    assert [record["title"] for record in records] == ["Izin Penyelenggaraan Jasa Contoh", "Penetapan Nomor Contoh"]
    pages = ServiceStandardPage.objects.filter(pk__in=[record["page_id"] for record in records])
    assert {page.live for page in pages} == {False}
    first = pages.get(title="Izin Penyelenggaraan Jasa Contoh")
    assert first.procedure == "<ol><li>Pemohon mengajukan izin</li><li>Petugas memeriksa</li></ol>"
    assert (first.cost, first.is_free) == ("Tidak dipungut biaya", True)
    assert run(str(tmp_path / "standar.docx"))[0]["status"] == "exists"

    (none,) = run(str(write_decree_without_appendix(tmp_path / "keputusan.pdf")))
    assert none["status"] == "no_sop" and "lampiran" in none["reason"].lower()
    assert SopPage.objects.count() == 0
