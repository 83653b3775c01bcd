"""A visitor on a phone browses the catalogue, opens an SOP, sees its flowchart and downloads its PDF."""

import pytest

from cms.models import ServiceStandardPage, SopCategory
from tests.factories.cms import add_sop, add_unit, build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def published_catalogue(transactional_db):
    _, catalogue = build_site()
    unit = add_unit(catalogue, "Dinas Kependudukan dan Pencatatan Sipil")
    category = SopCategory.objects.create(name="Bidang Capil")
    sop = add_sop(
        unit,
        title="SOP Penerbitan Akta Kelahiran",
        category=category,
        sop_number="004/Dukcapil/CAPIL/001",
        actors=("Pemohon", "Petugas Loket", "Operator", "Kepala Dinas"),
        steps=(
            ("Melengkapi persyaratan permohonan", "Pemohon", 10),
            ("Memeriksa kelengkapan berkas", "Petugas Loket", 5, 1),
            ("Mengentri data dan mencetak kutipan akta", "Operator", 20),
            ("Menandatangani kutipan akta", "Kepala Dinas", 5),
        ),
    )
    add_sop(unit, title="Prosedur Pengagendaan Surat Masuk")
    standard = ServiceStandardPage(title="Standar Pelayanan Akta Kelahiran", is_free=True, completion_time="1 hari")
    standard.requirements = [("item", "Surat keterangan kelahiran dari bidan"), ("item", "Kartu Keluarga asli")]
    unit.add_child(instance=standard)
    standard.sop_links.create(sop=sop)
    standard.save_revision().publish()
    return sop


def test_visitor_finds_an_sop_and_downloads_its_pdf(live_server, page, published_catalogue, tmp_path):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Lihat semua layanan dan SOP").click()
    page.wait_for_url("**/katalog/")
    assert page.get_by_role("heading", name="SOP Penerbitan Akta Kelahiran").is_visible()

    page.get_by_label("Kata kunci").fill("akta")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url("**q=akta**")
    assert page.get_by_role("link", name="Prosedur Pengagendaan Surat Masuk").count() == 0

    page.get_by_role("link", name="SOP Penerbitan Akta Kelahiran").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "SOP Penerbitan Akta Kelahiran"
    assert page.get_by_text("Surat keterangan kelahiran dari bidan").is_visible()
    assert page.get_by_text("Gratis").first.is_visible()

    chart = page.locator("#bagan ~ figure svg, figure svg").first
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200
    assert page.locator("svg [role=img], svg[role=img]").count() >= 1
    page.screenshot(path=str(tmp_path / "sop-phone.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh PDF").click()
    download = download_info.value
    saved = tmp_path / "sop.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename.endswith(".pdf")
