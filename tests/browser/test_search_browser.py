"""Both search pages in a browser: a clerk searches letters' scanned text in the admin, a colleague without access
to a restricted letter never sees it, and a visitor on a phone searches the public catalogue.

The records are made through the application's own models and services and reach the index the way they do in
production: each save writes an outbox row, the worker (run at commit by the immediate task backend) re-reads it
from its source. Screenshots go to NASKAH_SCREENSHOTS when set (else /tmp/search-shots).
"""

from __future__ import annotations

import datetime
import io
import os
import re
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from playwright.sync_api import expect

from search.models import IndexUpdate
from search.worker import apply_pending
from tests.factories import cms as cms_factories
from tests.factories.dispositions import registered_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(os.environ.get("NASKAH_SCREENSHOTS") or "/tmp/search-shots")
WORD = "kincir"  # in the scanned text of three letters only: never in a subject, sender or catalogue page
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
WIDE = {"width": 1680, "height": 1000}  # facets, results and the preview side by side


def first_page_image() -> bytes:
    """A small PNG standing in for a scan's first page: a white sheet with a few dark lines of "text"."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (210, 297), "white")
    draw = ImageDraw.Draw(image)
    for top in range(40, 260, 18):
        draw.rectangle((24, top, 186 - (top % 5) * 12, top + 6), fill="#333")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def attach_scan(letter, *, text: str, operator, thumbnail: bool = False):
    """The scan a letter was read from, with its OCR text (no stored original is needed to index it) and, when
    asked, the thumbnail of its first page."""
    from archive.models import Capture

    capture = Capture.objects.create(
        original=f"archive/uji/{letter.pk}.pdf",
        original_name=f"surat-{letter.pk}.pdf",
        sha256=f"{letter.pk:064d}",
        size=1,
        status=Capture.Status.REGISTERED,
        text=text,
        created_by=operator,
        letter=letter,
    )
    if thumbnail:
        capture.thumbnail.save(f"uji-{letter.pk}.png", ContentFile(first_page_image()))
    return capture


@pytest.fixture
def records(office):
    """Two open letters and one rahasia letter put before the Kepala Dinas, all registered by the operator."""
    call_command(
        "search_reindex", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w")
    )  # an index of this test only
    operator = office.users["operator"]
    made = {}
    for key, values, text in (
        (
            "irrigation",
            {
                "number": "600/14/427.43/2025",
                "subject": "Permohonan bantuan perbaikan saluran irigasi",
                "sender": "Kelompok Tani Sumber Rejeki",
                "letter_date": datetime.date(2025, 2, 10),
            },
            f"Dengan hormat, kami mohon bantuan perbaikan {WORD} air di saluran irigasi Desa Sukamaju.",
        ),
        (
            "festival",
            {
                "number": "430/7/427.43/2024",
                "subject": "Undangan festival budaya desa",
                "sender": "Pemerintah Desa Mekarsari",
                "letter_date": datetime.date(2024, 9, 2),
            },
            f"Festival budaya menampilkan {WORD} angin hias karya warga.",
        ),
        (
            "secret",
            {
                "number": "X.700/3/RHS/2025",
                "subject": "Laporan pemeriksaan khusus gudang",
                "sender": "Inspektorat Daerah",
                "security": "rahasia",
                "letter_date": datetime.date(2025, 3, 1),
            },
            f"Temuan pemeriksaan: suku cadang {WORD} hilang dari gudang.",
        ),
    ):
        letter = registered_letter(user=operator, addressed_to=office["kadis"], **values)
        attach_scan(letter, text=text, operator=operator, thumbnail=key == "festival")
        made[key] = letter
    _home, catalogue = cms_factories.build_site()
    unit = cms_factories.add_unit(catalogue, "Dinas Kependudukan dan Pencatatan Sipil")
    made["sop"] = cms_factories.add_sop(
        unit,
        title="Prosedur Penerbitan Kartu Keluarga",
        summary="Penerbitan kartu keluarga baru bagi warga yang pindah datang.",
        sop_number="SOP-KK/01",
    )
    made["draft"] = cms_factories.add_sop(
        unit, title="Prosedur Penerbitan Surat Pindah", summary="Belum disahkan.", publish=False
    )
    apply_pending(now=lambda: datetime.datetime.max.replace(tzinfo=datetime.UTC))
    assert not IndexUpdate.objects.exists(), "the worker left index updates behind"
    cache.clear()
    return made


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def search_for(page, live_server, text: str) -> None:
    page.goto(f"{live_server.url}/admin/cari/")
    page.get_by_label("Kata kunci").fill(text)
    page.locator(".cari-form__query button[type=submit]").click()
    page.wait_for_url(re.compile(r".*[?&]q=" + re.escape(quote_plus(text))))


def test_clerk_searches_scanned_text_narrows_and_previews(live_server, staff_login, records):
    page = staff_login("operator", "/admin/cari/")
    expect(page.get_by_role("heading", name="Cari")).to_be_visible()
    expect(
        page.locator("#wagtail-sidebar, [data-wagtail-sidebar]").get_by_text("Cari", exact=True).first
    ).to_be_attached()

    search_for(page, live_server, WORD)
    expect(page.locator(".cari-count")).to_have_text("3 hasil")
    hits = page.locator(".cari-hit")
    expect(hits).to_have_count(3)
    irrigation = hits.filter(has_text="Permohonan bantuan perbaikan saluran irigasi")
    expect(irrigation.locator(".cari-snippet mark")).to_have_text(WORD)
    expect(irrigation.locator(".cari-badge--letter")).to_have_text("Surat masuk")
    expect(irrigation).to_contain_text("600/14/427.43/2025")
    expect(irrigation).to_contain_text("Kelompok Tani Sumber Rejeki")
    # The operator registered the rahasia letter, so it is theirs to find, marked as such.
    expect(hits.filter(has_text="Laporan pemeriksaan khusus gudang").locator(".cari-badge--restricted")).to_have_text(
        "rahasia"
    )
    shot(page, "admin-desktop-results.png")

    years = page.locator(".cari-facet").filter(has=page.get_by_role("heading", name="Tahun"))
    expect(years.get_by_role("link", name="2025")).to_be_visible()
    expect(years.locator("li").filter(has_text="2025")).to_contain_text("2")
    years.get_by_role("link", name="2024").click()
    page.wait_for_url("**year=2024**")
    expect(page.locator(".cari-count")).to_have_text("1 hasil")
    expect(page.locator(".cari-chips")).to_contain_text("Tahun: 2024")
    festival = page.locator(".cari-hit").filter(has_text="Undangan festival budaya desa")
    expect(festival.locator(".cari-snippet mark")).to_have_text(WORD)

    festival.get_by_role("link", name=re.compile("^Pratinjau")).click()
    page.wait_for_url("**pratinjau=letter**")
    preview = page.locator("#pratinjau")
    expect(preview.get_by_role("heading", name="Undangan festival budaya desa")).to_be_visible()
    expect(preview).to_contain_text("430/7/427.43/2024")
    expect(preview).to_contain_text("Pemerintah Desa Mekarsari")
    expect(preview).to_contain_text("2 September 2024")
    expect(preview.locator("mark")).to_have_text(WORD)
    thumbnail = preview.get_by_role("img", name="Pindaian halaman pertama")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("image => image.naturalWidth") == 210  # served, through the archive's access check
    open_link = preview.get_by_role("link", name="Buka")
    expect(open_link).to_have_attribute("href", f"/admin/surat/berkas/{records['festival'].capture.pk}/")
    shot(page, "admin-desktop-preview.png")
    page.set_viewport_size(WIDE)
    expect(preview).to_be_visible()
    shot(page, "admin-wide-preview.png")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(preview).to_be_visible()
    preview.scroll_into_view_if_needed()
    shot(page, "admin-phone-preview.png")

    open_link.click()
    page.wait_for_url(f"**/admin/surat/berkas/{records['festival'].capture.pk}/")
    expect(page.get_by_text("430/7/427.43/2024").first).to_be_attached()


def test_colleague_without_access_never_sees_the_restricted_letter(live_server, staff_login, records):
    page = staff_login("staf", "/admin/cari/")
    search_for(page, live_server, WORD)
    found = page.locator(".cari-results").inner_text()
    assert page.locator(".cari-count").inner_text() == "2 hasil", found
    expect(page.locator(".cari-hit")).to_have_count(2)
    body = page.locator("main").inner_text()
    assert "Laporan pemeriksaan khusus gudang" not in body and "Inspektorat Daerah" not in body
    assert "X.700/3/RHS/2025" not in body
    # No facet counts it either: no "rahasia" value, and the 2025 count is the open letter's alone.
    security = page.locator(".cari-facet").filter(has=page.get_by_role("heading", name="Keamanan"))
    assert security.count() == 0 or "rahasia" not in security.inner_text()
    years = page.locator(".cari-facet").filter(has=page.get_by_role("heading", name="Tahun"))
    expect(years.locator("li").filter(has_text="2025")).to_contain_text("1")

    # Asking for it by its number, or previewing it by its key, shows nothing either.
    search_for(page, live_server, "X.700/3/RHS/2025")
    expect(page.locator(".cari-count")).to_have_text("0 hasil")
    page.goto(f"{live_server.url}/admin/cari/?q={WORD}&pratinjau=letter:{records['secret'].pk}")
    expect(page.locator("#pratinjau")).not_to_contain_text("Laporan pemeriksaan khusus gudang")
    shot(page, "admin-desktop-colleague.png")


def test_visitor_on_a_phone_finds_an_sop_by_a_stemmed_word(live_server, browser, records):
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.get_by_placeholder("Cari layanan, mis. akta kelahiran").fill("diterbitkan")
        page.get_by_role("button", name="Cari").click()
        page.wait_for_url("**q=diterbitkan**")
        expect(page.get_by_text("1 layanan ditemukan")).to_be_visible()
        card = page.locator(".card").filter(has_text="Prosedur Penerbitan Kartu Keluarga")
        expect(card).to_be_visible()
        expect(card.locator("mark").first).to_be_visible()
        assert "Prosedur Penerbitan Surat Pindah" not in page.content()
        assert page.locator("script").count() == 0  # light: no script on the public search page
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px)"
        shot(page, "public-phone-search.png")

        card.get_by_role("link", name="Prosedur Penerbitan Kartu Keluarga").click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_have_text("Prosedur Penerbitan Kartu Keluarga")

        page.set_viewport_size(DESK)
        page.goto(live_server.url + "/katalog/?q=penerbitan")
        expect(page.locator(".card")).to_have_count(1)
        shot(page, "public-desktop-search.png")
    finally:
        context.close()
