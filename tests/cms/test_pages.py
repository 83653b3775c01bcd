"""Tests of the public pages: home, catalogue with filters and search, unit, SOP and service standard."""

import pytest
from django.test import Client

from cms.models import ServiceStandardPage, SopCategory
from tests.factories.cms import add_sop, add_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_tree(site_tree):
    home, catalogue, unit = site_tree
    finance = SopCategory.objects.create(name="SOP Keuangan")
    records = SopCategory.objects.create(name="Umum dan Kepegawaian")
    other_unit = add_unit(catalogue, "Dinas Komunikasi dan Informatika")
    pages = {
        "tax": add_sop(unit, title="Prosedur Pembayaran Pajak", category=finance),
        "mail": add_sop(unit, title="Prosedur Pengagendaan Surat Masuk", category=records),
        "draft": add_sop(unit, title="Prosedur Rahasia Belum Terbit", category=records, publish=False),
        "eoffice": add_sop(other_unit, title="SOP Standar Pelayanan E-Office", category=records),
    }
    standard = ServiceStandardPage(
        title="Penerbitan Akta Kelahiran", category=records, completion_time="1 hari kerja", is_free=True
    )
    standard.requirements = [("item", "Surat keterangan kelahiran"), ("item", "Kartu Keluarga")]
    unit.add_child(instance=standard)
    standard.sop_links.create(sop=pages["mail"])
    standard.save_revision().publish()
    pages["standard"] = standard
    return home, catalogue, unit, other_unit, pages


def _titles(response):
    return [entry.title for entry in response.context["entries"]]


def test_home_page_links_the_catalogue(catalogue_tree):
    response = Client().get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/katalog/"' in body
    assert "Dinas Komunikasi dan Informatika" in body
    assert 'lang="id"' in body


def test_catalogue_lists_only_published_entries(catalogue_tree):
    response = Client().get("/katalog/")
    assert response.status_code == 200
    assert _titles(response) == [
        "Penerbitan Akta Kelahiran",
        "Prosedur Pembayaran Pajak",
        "Prosedur Pengagendaan Surat Masuk",
        "SOP Standar Pelayanan E-Office",
    ]
    assert "Belum Terbit" not in response.content.decode()


def test_catalogue_filters_by_unit_category_and_kind(catalogue_tree):
    client = Client()
    assert _titles(client.get("/katalog/", {"unit": "dinas-komunikasi-dan-informatika"})) == [
        "SOP Standar Pelayanan E-Office"
    ]
    assert _titles(client.get("/katalog/", {"kategori": "sop-keuangan"})) == ["Prosedur Pembayaran Pajak"]
    assert _titles(client.get("/katalog/", {"jenis": "standar"})) == ["Penerbitan Akta Kelahiran"]
    assert _titles(client.get("/katalog/", {"unit": "tidak-ada"})) == []
    categories = [c.name for c in client.get("/katalog/").context["categories"]]
    assert categories == ["SOP Keuangan", "Umum dan Kepegawaian"]


def test_catalogue_search_finds_published_pages_only(catalogue_tree):
    from search.worker import apply_pending

    apply_pending()  # the search index, as the outbox worker keeps it after each publish
    client = Client()
    assert _titles(client.get("/katalog/", {"q": "pajak"})) == ["Prosedur Pembayaran Pajak"]
    assert _titles(client.get("/katalog/", {"q": "rahasia"})) == []
    found = _titles(client.get("/katalog/", {"q": "surat masuk"}))
    assert "Prosedur Pengagendaan Surat Masuk" in found


def test_unit_page_groups_entries_by_category(catalogue_tree):
    _, _, unit, _, _ = catalogue_tree
    response = Client().get(unit.url)
    groups = response.context["groups"]
    assert list(groups) == ["SOP Keuangan", "Umum dan Kepegawaian"]
    assert [p.title for p in groups["Umum dan Kepegawaian"]] == [
        "Penerbitan Akta Kelahiran",
        "Prosedur Pengagendaan Surat Masuk",
    ]


def test_sop_page_shows_requirements_time_and_cost_first(catalogue_tree):
    _, _, _, _, pages = catalogue_tree
    response = Client().get(pages["mail"].url)
    assert response.status_code == 200
    body = response.content.decode()
    facts = body.index('class="keyfacts"')
    steps = body.index('id="langkah"')
    chart = body.index('id="bagan"')
    assert facts < steps < chart
    head = body[facts:steps]
    assert "Surat keterangan kelahiran" in head  # requirements from the linked service standard
    assert "30 menit" in head  # total of the steps: 5 + 10 + 15
    assert "Gratis" in head
    assert "Jika tidak disetujui: kembali ke langkah 1" in body
    assert "<svg" in body[chart:]
    assert f"/sop/{pages['mail'].pk}/cetak.pdf" in body


def test_draft_sop_is_not_public(catalogue_tree):
    _, _, _, _, pages = catalogue_tree
    client = Client()
    assert (
        client.get(pages["draft"].url or "/katalog/dinas-kependudukan/prosedur-rahasia-belum-terbit/").status_code
        == 404
    )
    assert client.get(f"/sop/{pages['draft'].pk}/cetak.pdf").status_code == 404


def test_service_standard_page_lists_its_sops(catalogue_tree):
    _, _, _, _, pages = catalogue_tree
    response = Client().get(pages["standard"].url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kartu Keluarga" in body and "1 hari kerja" in body and "Gratis" in body
    assert "Prosedur Pengagendaan Surat Masuk" in body


def test_english_is_available(catalogue_tree):
    client = Client(headers={"accept-language": "en"})
    response = client.get("/katalog/")
    assert 'lang="en"' in response.content.decode()
