"""The two search pages: the clerk's "Cari" in the admin and the public catalogue search.

Admin tests put documents straight into the engine, so each says exactly what the index holds (a restricted
letter, a body with markup); the catalogue tests index pages through their real source, as the worker does.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache

from cms.models import CatalogueIndexPage, SopCategory
from search.engines import get_engine
from search.templatetags.search_tags import clean_snippet
from search.types import PUBLIC, STAFF, SearchDocument, SearchError
from search.worker import apply_pending
from tests.factories.cms import add_sop, add_unit
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db

URL = "/admin/cari/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def engine():
    engine = get_engine()
    engine.ensure_ready()
    return engine


@pytest.fixture
def clerk(django_user_model):
    return make_user(django_user_model, "petugas", "view_incomingletter")


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def letter(pk: int, title: str, body: str = "", **fields) -> SearchDocument:
    fields.setdefault("principals", frozenset({STAFF}))
    fields.setdefault("url", f"/admin/surat/berkas/{pk}/")
    return SearchDocument(kind="letter", id=str(pk), title=title, body=body, **fields)


@pytest.fixture
def letters(engine):
    engine.index(
        [
            letter(
                1,
                "Permohonan perbaikan jembatan desa",
                "Dengan hormat, kami mohon perbaikan jembatan gantung di Desa Sukamaju yang rusak.",
                number="005/12/427.43/2024",
                sender="Kecamatan Sukamaju",
                date=datetime.date(2024, 3, 4),
                code="600.1",
                security="biasa",
                status="registered",
                unit="Bidang Bina Marga",
                extra={"agenda_number": "17", "thumbnail_url": "/admin/surat/berkas/1/file/gambar/"},
            ),
            letter(
                2,
                "Laporan jembatan penghubung",
                "Laporan kondisi jembatan penghubung antar dusun.",
                number="600/3/2023",
                sender="Desa Mekarsari",
                date=datetime.date(2023, 8, 1),
                code="600.2",
                security="biasa",
                status="needs_review",
                unit="Bidang Bina Marga",
            ),
            letter(
                3,
                "Undangan rapat anggaran",
                "Rapat penyusunan anggaran tahun depan.",
                number="900/7/2024",
                sender="Bappeda",
                date=datetime.date(2024, 5, 6),
                code="900",
                security="biasa",
                status="registered",
            ),
            letter(
                4,
                "Nota rahasia jembatan",
                "Penyelidikan jembatan yang hanya boleh dibaca pimpinan.",
                number="700/1/2024",
                sender="Inspektorat",
                date=datetime.date(2024, 6, 1),
                code="700",
                security="rahasia",
                status="registered",
                principals=frozenset({"position:99"}),
            ),
        ]
    )


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# Access --------------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_user_without_archive_rights_is_refused(client, django_user_model):
    client.force_login(make_user(django_user_model, "tamu"))
    response = client.get(URL + "?q=jembatan")
    assert response.status_code == 403
    assert "Anda tidak memiliki izin untuk mencari arsip." in response.content.decode()


def test_menu_shows_cari_only_to_archive_readers(client, clerk, django_user_model):
    # The sidebar is rendered from JSON props: the item's name and URL appear there.
    client.force_login(clerk)
    assert "naskah-search" in client.get("/admin/").content.decode()
    client.force_login(make_user(django_user_model, "tamu"))
    assert "naskah-search" not in client.get("/admin/").content.decode()


def test_empty_page_shows_the_form_and_a_hint(clerk_client):
    response = clerk_client.get(URL)
    assert response.status_code == 200
    page = text_of(response)
    assert 'name="q"' in page and 'name="date_from"' in page and 'name="year"' in page
    assert "Tanpa kata kunci, filter menampilkan arsip dari yang terbaru." in page


# Results, facets, filters ----------------------------------------------------------------------------------------


def test_results_show_only_what_the_user_may_open(clerk_client, letters):
    response = clerk_client.get(URL, {"q": "jembatan"})
    page = text_of(response)
    assert response.context["results"].total == 2
    assert "2 hasil" in page
    assert "Permohonan perbaikan jembatan desa" in page and "Laporan jembatan penghubung" in page
    assert "Nota rahasia jembatan" not in page and "Inspektorat" not in page
    # No facet counts the restricted letter either: its code and security do not appear at all.
    facets = response.context["results"].facets
    assert dict(facets["kind"]) == {"letter": 2}
    assert "rahasia" not in dict(facets.get("security", []))
    assert "700" not in dict(facets.get("code", []))


def test_the_holder_of_the_post_finds_the_restricted_letter(client, django_user_model, letters, monkeypatch):
    from search import registry

    def provider(user):
        return {STAFF, "position:99"} if user.username == "pimpinan" else set()

    monkeypatch.setattr(registry, "_principal_providers", [*registry._principal_providers, provider])
    client.force_login(make_user(django_user_model, "pimpinan", "view_incomingletter"))
    page = text_of(client.get(URL, {"q": "jembatan"}))
    assert "Nota rahasia jembatan" in page and "3 hasil" in page


def test_hits_show_badge_fields_and_highlighted_snippet(clerk_client, letters):
    page = text_of(clerk_client.get(URL, {"q": "gantung"}))
    assert "1 hasil" in page
    assert 'class="cari-badge cari-badge--letter">Surat masuk<' in page
    assert "005/12/427.43/2024" in page and "Kecamatan Sukamaju" in page and "4 Mar 2024" in page
    assert "600.1" in page
    assert "<mark>gantung</mark>" in page


def test_facet_links_add_and_remove_a_filter(clerk_client, letters):
    response = clerk_client.get(URL, {"q": "jembatan"})
    years = {facet.key: facet for facet in response.context["facets"]}["year"]
    link = next(value for value in years.values if value.value == "2023")
    assert link.count == 1
    assert 'href="' + link.url.replace("&", "&amp;") + '"' in response.content.decode()

    narrowed = clerk_client.get(URL + link.url)
    assert narrowed.context["results"].total == 1
    page = text_of(narrowed)
    assert "Laporan jembatan penghubung" in page and "Permohonan perbaikan jembatan desa" not in page
    chip = narrowed.context["active_filters"][0]
    assert (chip.key, chip.value) == ("year", "2023")

    widened = clerk_client.get(URL + chip.remove_url)
    assert widened.context["results"].total == 2


def test_filters_from_the_form(clerk_client, letters):
    response = clerk_client.get(
        URL,
        {"q": "jembatan", "code": "600", "date_from": "2024-01-01", "date_to": "2024-12-31", "status": "registered"},
    )
    assert [hit.id for hit in response.context["results"].hits] == ["1"]
    page = text_of(response)
    assert 'value="2024-01-01"' in page and '<option value="registered" selected>' in page


def test_empty_query_with_a_filter_lists_newest_first(clerk_client, letters):
    response = clerk_client.get(URL, {"kind": "letter"})
    assert [hit.id for hit in response.context["results"].hits] == ["3", "1", "2"]
    assert response.context["sort"] == "date"
    assert "Diurutkan dari tanggal terbaru" in text_of(response)


def test_sort_by_date_and_pagination(clerk_client, engine, monkeypatch):
    from search import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    engine.index(
        [
            letter(10 + day, f"Surat pajak {day}", "retribusi pajak daerah", date=datetime.date(2024, 1, day))
            for day in (1, 2, 3)
        ]
    )
    first = clerk_client.get(URL, {"q": "pajak", "urut": "date"})
    assert [hit.id for hit in first.context["results"].hits] == ["13", "12"]
    assert "Halaman 1 dari 2" in text_of(first)
    second = clerk_client.get(URL + first.context["next_url"])
    assert [hit.id for hit in second.context["results"].hits] == ["11"]
    assert second.context["previous_url"] and not second.context["next_url"]


def test_invalid_filters_are_explained_and_the_page_still_renders(clerk_client, letters):
    response = clerk_client.get(URL, {"q": "jembatan", "year": "20x"})
    assert response.status_code == 200
    page = text_of(response)
    assert "Filter tidak dapat dipakai:" in page and "year harus empat angka: 20x" in page
    assert 'name="q" value="jembatan"' in page

    page = text_of(clerk_client.get(URL, {"date_from": "kemarin"}))
    assert "date_from harus tanggal TTTT-BB-HH: kemarin" in page

    page = text_of(clerk_client.get(URL, {"q": "jembatan", "kind": "surat"}))
    assert "Jenis tidak dikenal: surat" in page

    page = text_of(clerk_client.get(URL, {"q": "jembatan", "urut": "abjad", "halaman": "x"}))
    assert "Urutan tidak dikenal: abjad" in page


def test_a_page_past_the_last_offers_the_first(clerk_client, letters):
    response = clerk_client.get(URL, {"q": "jembatan", "halaman": "9"})
    assert response.status_code == 200 and response.context["results"].total == 2
    page = text_of(response)
    assert "Halaman ini kosong." in page and "Kembali ke halaman pertama" in page
    assert clerk_client.get(URL, {"q": "jembatan", "halaman": "9" * 40}).status_code == 200


def test_unreachable_engine_is_reported_and_the_page_still_renders(clerk_client, monkeypatch):
    from search import views

    def down(*args, **kwargs):
        raise SearchError("koneksi ke mesin pencari ditolak")

    monkeypatch.setattr(views, "search", down)
    response = clerk_client.get(URL, {"q": "jembatan"})
    assert response.status_code == 200
    page = text_of(response)
    assert "Mesin pencari tidak dapat dihubungi saat ini." in page and "koneksi ke mesin pencari ditolak" in page
    assert 'name="q" value="jembatan"' in page


def test_preview_shows_the_chosen_hit(clerk_client, letters):
    response = clerk_client.get(URL, {"q": "gantung", "pratinjau": "letter:1"})
    preview = response.context["preview"]
    assert preview.hit.id == "1"
    page = text_of(response)
    panel = page[page.index('id="pratinjau"') :]
    assert "Nomor agenda</dt><dd>17" in panel.replace("</dt> <dd>", "</dt><dd>")
    assert 'src="/admin/surat/berkas/1/file/gambar/"' in panel
    assert 'href="/admin/surat/berkas/1/"' in panel and "Buka" in panel
    # Each hit offers its preview link.
    assert "pratinjau=letter%3A1#pratinjau" in page


def test_preview_of_a_hit_not_in_the_results_shows_nothing(clerk_client, letters):
    response = clerk_client.get(URL, {"q": "jembatan", "pratinjau": "letter:4"})
    assert response.context["preview"] is None
    assert "Nota rahasia jembatan" not in text_of(response)


# Snippets are marked safe only when they are text and <mark> ----------------------------------------------------


def test_markup_in_a_document_body_renders_escaped(clerk_client, engine):
    engine.index([letter(20, "Surat berisi skrip", 'Isi <script>alert("x")</script> tentang irigasi <b>tebal</b>.')])
    response = clerk_client.get(URL, {"q": "irigasi"})
    html = response.content.decode()
    assert response.context["results"].total == 1
    assert "<script>alert" not in html and "<b>tebal" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>irigasi</mark>" in html


def test_links_and_thumbnails_only_to_this_site_or_http(clerk_client, engine):
    engine.index(
        [
            letter(
                21,
                "Surat bertautan aneh",
                "tautan waduk",
                url="javascript:alert(1)",
                extra={"thumbnail_url": "//evil.example/x.png"},
            )
        ]
    )
    response = clerk_client.get(URL, {"q": "waduk", "pratinjau": "letter:21"})
    html = response.content.decode()
    assert response.context["preview"].hit.id == "21"
    assert "javascript:" not in html and "evil.example" not in html
    assert "Surat bertautan aneh" in html


@pytest.mark.parametrize(
    "snippet",
    [
        "<mark>a</mark><script>alert(1)</script>",
        '<mark onclick="x()">a</mark>',
        "<img src=x onerror=alert(1)>",
        "<mark>a</mark> & <b>",
        "<mark><mark>a</mark></mark>",
        "<mark>a",
        "a &#x3c;script&gt; >",
    ],
)
def test_hostile_snippets_are_escaped(snippet):
    cleaned = str(clean_snippet(snippet))
    assert "<" not in cleaned.replace("<mark>", "").replace("</mark>", "")
    assert "<mark" not in cleaned


def test_clean_snippets_keep_their_highlights():
    snippet = "… kami &lt;mohon&gt; perbaikan <mark>jembatan</mark> &amp; <mark>jalan</mark> …"
    assert str(clean_snippet(snippet)) == snippet


# The public catalogue search -------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(site_tree, engine):
    _, catalogue, unit = site_tree
    other = add_unit(catalogue, "Dinas Pekerjaan Umum")
    category = SopCategory.objects.create(name="Kependudukan")
    add_sop(
        unit,
        title="SOP Penerbitan Akta Kelahiran",
        category=category,
        summary="Pelayanan pencatatan kelahiran bagi penduduk.",
    )
    add_sop(other, title="SOP Perizinan Bangunan", summary="Pelayanan izin mendirikan bangunan.")
    draft = add_sop(
        unit, title="SOP Rancangan Pencatatan Kematian", summary="Pencatatan kematian penduduk.", publish=False
    )
    # Each publish put its page in the outbox; the worker indexes them through the real sources.
    assert apply_pending().indexed >= 2
    return catalogue, unit, other, category, draft


def catalogue_url(catalogue: CatalogueIndexPage) -> str:
    return catalogue.get_url()


def test_public_search_finds_published_pages_with_snippets(client, catalogue):
    index = catalogue[0]
    response = client.get(catalogue_url(index), {"q": "kelahiran"})
    page = text_of(response)
    assert "SOP Penerbitan Akta Kelahiran" in page and "1 layanan ditemukan" in page
    assert "<mark>kelahiran</mark>" in page
    assert "SOP Perizinan Bangunan" not in page


def test_public_search_never_shows_an_unpublished_page(client, catalogue, engine):
    index, unit, _other, _category, draft = catalogue
    assert "SOP Rancangan Pencatatan Kematian" not in text_of(client.get(catalogue_url(index), {"q": "kematian"}))
    # Even were the index stale and holding the draft as public, the page is not shown nor counted.
    engine.index(
        [
            SearchDocument(
                kind="sop", id=str(draft.pk), title=draft.title, body="kematian", principals=frozenset({PUBLIC})
            )
        ]
    )
    cache.clear()
    page = text_of(client.get(catalogue_url(index), {"q": "kematian"}))
    assert "SOP Rancangan Pencatatan Kematian" not in page and "0 layanan ditemukan" in page


def test_public_search_never_shows_records_of_the_archive(client, catalogue, engine):
    engine.index([letter(1, "Surat kelahiran rahasia", "kelahiran", principals=frozenset({STAFF}))])
    page = text_of(client.get(catalogue_url(catalogue[0]), {"q": "kelahiran"}))
    assert "Surat kelahiran rahasia" not in page and "1 layanan ditemukan" in page


def test_public_search_keeps_unit_and_category_filters(client, catalogue):
    index, unit, other, category, _draft = catalogue
    url = catalogue_url(index)
    assert "2 layanan ditemukan" in text_of(client.get(url, {"q": "pelayanan"}))
    page = text_of(client.get(url, {"q": "pelayanan", "unit": other.slug}))
    assert "SOP Perizinan Bangunan" in page and "SOP Penerbitan Akta Kelahiran" not in page
    page = text_of(client.get(url, {"q": "pelayanan", "kategori": category.slug}))
    assert "SOP Penerbitan Akta Kelahiran" in page and "SOP Perizinan Bangunan" not in page


def test_public_search_pages_its_results(client, catalogue, monkeypatch):
    monkeypatch.setattr(CatalogueIndexPage, "page_size", 1)
    url = catalogue_url(catalogue[0])
    first = text_of(client.get(url, {"q": "pelayanan"}))
    assert "Halaman 1 dari 2" in first
    second = text_of(client.get(url, {"q": "pelayanan", "halaman": "2"}))
    assert "Halaman 2 dari 2" in second
    titles = {"SOP Penerbitan Akta Kelahiran", "SOP Perizinan Bangunan"}
    assert {title for title in titles if title in first} != {title for title in titles if title in second}


def test_public_search_falls_back_to_page_search_when_the_engine_fails(client, catalogue, monkeypatch):
    import search.api

    def down(*args, **kwargs):
        raise SearchError("mesin mati")

    monkeypatch.setattr(search.api, "search", down)
    page = text_of(client.get(catalogue_url(catalogue[0]), {"q": "kelahiran"}))
    assert "SOP Penerbitan Akta Kelahiran" in page and "1 layanan ditemukan" in page


def test_a_cached_public_search_follows_the_index_once_the_worker_applies_a_new_page(
    client, catalogue, django_capture_on_commit_callbacks
):
    index, unit = catalogue[0], catalogue[1]
    assert "0 layanan ditemukan" in text_of(client.get(catalogue_url(index), {"q": "pernikahan"}))
    add_sop(unit, title="SOP Pencatatan Pernikahan", summary="Pencatatan pernikahan penduduk.")
    # Publishing cleared the cache; a search now is answered (and cached) before the index holds the page.
    assert "SOP Pencatatan Pernikahan" not in text_of(client.get(catalogue_url(index), {"q": "pernikahan"}))
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_pending().indexed >= 1
    assert "SOP Pencatatan Pernikahan" in text_of(client.get(catalogue_url(index), {"q": "pernikahan"}))
