"""Tests of the printable SOP: the SOP AP table layout, the print view and the cached PDF from WeasyPrint."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from lxml import html as lxml_html
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from cms import printing
from cms.flowchart import Flow, FlowStep, flow_from_page
from cms.models import SopPage
from tests.factories.cms import add_sop

STEPS = (
    ("Menerima dan mencatat surat masuk di buku agenda", "Operator", 5),
    ("Memeriksa kelengkapan surat; jika tidak lengkap dikembalikan ke operator", "Kasubag Umum", 10, 1),
    ("Memberi disposisi kepada bidang terkait", "Kepala Dinas", 15),
    ("Mengarsipkan surat sesuai kode klasifikasi", "", 4),
    ("Meneruskan disposisi ke bidang", "Sekretaris", 6),
)
ACTORS = ("Operator", "Kasubag Umum", "Kepala Dinas", "Sekretaris")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sop(site_tree):
    _home, _catalogue, unit = site_tree
    return add_sop(
        unit,
        title="Prosedur Pengagendaan Surat Masuk",
        sop_number="IKMT-SD-01-03",
        actors=ACTORS,
        steps=STEPS,
        date_made=datetime.date(2023, 1, 30),
        approved_by_position="Kepala Dinas Kependudukan",
        approved_by_name="Budi Santoso, S.H.",
        approved_by_nip="197105061996031003",
    )


def pdf_text(data: bytes) -> list[str]:
    """Return each page's text with whitespace collapsed (table cells wrap lines anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.django_db
def test_pdf_endpoint_returns_a_landscape_a4_pdf_with_the_sop(client, sop):
    response = client.get(reverse("cms:sop_pdf", args=[sop.id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="ikmt-sd-01-03-prosedur-pengagendaan-surat-masuk.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    assert float(box.width) == pytest.approx(841.9, abs=1) and float(box.height) == pytest.approx(595.3, abs=1)
    text = " ".join(pdf_text(response.content))
    for expected in ("Prosedur Pengagendaan Surat Masuk", "IKMT-SD-01-03", "30 Januari 2023", "NIP 197105061996031003"):
        assert expected in text
    for activity, *_rest in STEPS:
        assert " ".join(activity.split()[:4]) in text
    assert "Jumlah waktu 40 menit" in text
    for label in ("Mulai", "Selesai", "Tidak", "Ya", "Pelaksana", "Mutu Baku", "(pelaksana belum dicantumkan)"):
        assert label in text


@pytest.mark.django_db
def test_pdf_can_open_in_the_browser(client, sop):
    response = client.get(reverse("cms:sop_pdf", args=[sop.id]), {"lihat": "1"})
    assert response["Content-Disposition"].startswith("inline; filename=")


@pytest.mark.django_db
def test_long_sop_breaks_across_pages_and_repeats_the_table_header(client, site_tree):
    _home, _catalogue, unit = site_tree
    steps = tuple((f"Langkah nomor {n} dengan uraian kegiatan yang cukup panjang", "Operator", 1) for n in range(1, 41))
    page = add_sop(unit, title="SOP Panjang", actors=("Operator",), steps=steps)
    pages = pdf_text(client.get(reverse("cms:sop_pdf", args=[page.id])).content)
    assert len(pages) >= 3
    assert all("Kegiatan" in text and "Mutu Baku" in text for text in pages[1:])
    assert "Langkah nomor 40" in pages[-1] and "Jumlah waktu 40 menit" in pages[-1]


@pytest.mark.django_db
def test_cached_pdf_is_served_again_and_a_new_revision_makes_a_new_one(client, sop):
    url = reverse("cms:sop_pdf", args=[sop.id])
    first = client.get(url).content
    key = printing.pdf_cache_key(SopPage.objects.get(pk=sop.pk))
    assert cache.get(key) == first
    assert client.get(url).content == first
    cache.set(key, b"%PDF-cached")
    assert client.get(url).content == b"%PDF-cached"

    sop.title = "Prosedur Pengagendaan Surat Masuk (Revisi)"
    sop.save_revision().publish()
    assert printing.pdf_cache_key(SopPage.objects.get(pk=sop.pk)) != key
    assert "(Revisi)" in " ".join(pdf_text(client.get(url).content))


@pytest.mark.django_db
def test_drafts_and_restricted_sops_are_not_found(client, site_tree, sop):
    _home, _catalogue, unit = site_tree
    draft = add_sop(unit, title="Konsep SOP", publish=False)
    restricted = add_sop(unit, title="SOP Internal")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="rahasia")
    for page in (draft, restricted):
        assert client.get(reverse("cms:sop_pdf", args=[page.id])).status_code == 404
        assert client.get(reverse("cms:sop_print", args=[page.id])).status_code == 404
    assert client.get(reverse("cms:sop_pdf", args=[999999])).status_code == 404
    assert client.get(reverse("cms:sop_print", args=[sop.id])).status_code == 200


@pytest.mark.django_db
def test_print_view_shows_identity_context_and_flowchart_table(client, sop):
    response = client.get(reverse("cms:sop_print", args=[sop.id]))
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    identity = {
        " ".join(th.text_content().split()): " ".join(th.getnext().text_content().split())
        for th in doc.xpath("//table[@class='sop-identity']//th[@scope='row']")
    }
    assert identity["Nomor SOP"] == "IKMT-SD-01-03"
    assert identity["Tanggal Pembuatan"] == "30 Januari 2023"
    assert identity["Nama SOP"] == "Prosedur Pengagendaan Surat Masuk"
    assert identity["Disahkan oleh"] == "Kepala Dinas Kependudukan Budi Santoso, S.H. NIP 197105061996031003"
    assert "Dinas Kependudukan" in doc.xpath("//*[@class='sop-identity__unit']")[0].text_content()
    headings = [th.text_content() for th in doc.xpath("//table[@class='sop-context']//th")]
    assert headings[:2] == ["Dasar Hukum", "Kualifikasi Pelaksana"] and "Pencatatan dan Pendataan" in headings
    actors = [
        th.text_content() for th in doc.xpath("//table[@class='sop-flow']//th[contains(@class, 'sop-flow__actor')]")
    ]
    assert actors == [*ACTORS, "(pelaksana belum dicantumkan)"]
    assert len(doc.xpath("//table[@class='sop-flow']/tbody/tr/td[@class='sop-flow__lanes']/svg")) == len(STEPS)
    links = {a.text_content(): a.get("href") for a in doc.xpath("//nav[@class='sop-print__toolbar']//a")}
    assert links["Unduh PDF"] == reverse("cms:sop_pdf", args=[sop.id])
    assert links["Cetak"].startswith(reverse("cms:sop_pdf", args=[sop.id]))


def test_columns_fill_the_landscape_width_and_narrow_text_when_lanes_are_many():
    four = printing.columns_for(4)
    assert four.lane > printing.MIN_LANE_W
    twelve = printing.columns_for(12)
    assert twelve.lane == printing.MIN_LANE_W and twelve.activity < four.activity
    for cols in (four, twelve):
        total = cols.number + cols.activity + cols.lanes_w + cols.requirements + cols.duration
        assert total + cols.output + cols.remarks == pytest.approx(printing.TABLE_W, abs=1)


def test_row_heights_fit_the_text_and_strips_tile_one_drawing():
    long_text = "Petugas memeriksa berkas permohonan dan mencocokkan data dengan dokumen asli " * 3
    flow = Flow(
        "Uji",
        ("A", "B"),
        (
            FlowStep(1, "Pendek", "A"),
            FlowStep(2, long_text, "B", requirements="KTP"),
            FlowStep(3, "Periksa", "A", True, 1),
            FlowStep(4, "Kirim", "B"),
        ),
    )
    table = printing.flow_table(flow, ident="t")
    cols = table.columns
    assert table.rows[1].height >= printing.text_height(long_text, cols.activity) > table.rows[0].height
    top = 0.0
    drawn: list[set[str]] = []
    for row in table.rows:
        viewbox = re.search(r'viewBox="([^"]+)"', row.strip).group(1).split()
        assert float(viewbox[1]) == pytest.approx(top, abs=0.06)
        assert float(viewbox[3]) == pytest.approx(row.height, abs=0.06)
        top += row.height
        drawn.append(set(re.findall(r'<path class="flow-arrow[^"]*"[^>]*? d="([^"]+)"', row.strip)))
    # Every arrow crossing a row boundary is drawn, identically, in both slices: the connectors line up.
    boundary = 0.0
    for row, here, below in zip(table.rows, drawn, drawn[1:], strict=False):
        boundary += row.height
        crossing = {d for d in here if _min_max_y(d)[0] < boundary < _min_max_y(d)[1]}
        assert crossing, "consecutive steps are joined by an arrow"
        assert crossing <= below
    assert any("flow-arrow--no" in row.strip for row in table.rows)


def _min_max_y(d: str) -> tuple[float, float]:
    ys = [float(y) for y in re.findall(r",(-?[\d.]+)", d)]
    return min(ys), max(ys)


@pytest.mark.django_db
def test_print_context_comes_from_the_page(sop):
    context = printing.print_context(sop)
    assert context["unit_name"] == "Dinas Kependudukan"
    assert context["office_name"] == "Dinas Uji Coba"
    assert context["flow"] == flow_from_page(sop)
    assert [row.step.number for row in context["table"].rows] == [1, 2, 3, 4, 5]
    assert ".sop-flow" in context["print_css"]
