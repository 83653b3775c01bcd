"""The behaviour every engine keeps (search/engines/base.py), checked on hand-made Indonesian letters."""

from __future__ import annotations

import datetime

import pytest

from search.types import PUBLIC, STAFF, SearchDocument, SearchQuery

D = datetime.date
OPERATOR = "user:41"
SECRETARY = "position:7"  # the post a restricted letter is routed to


def letter(id, title, body="", **fields):
    fields.setdefault("principals", frozenset({STAFF}))
    return SearchDocument(kind=fields.pop("kind", "letter"), id=str(id), title=title, body=body, **fields)


UNDANGAN = letter(
    1,
    "Undangan rapat koordinasi perekaman KTP-el",
    "Dengan hormat, sehubungan dengan pelaksanaan perekaman KTP-el bagi anak asuh di panti sosial, kami mengundang "
    "Bapak/Ibu untuk hadir dalam rapat koordinasi pada hari Senin di aula kantor. Demikian disampaikan, atas "
    "perhatiannya diucapkan terima kasih.",
    number="005/123/427.43/2024",
    sender="Bappeda Kota Samarinda",
    date=D(2024, 3, 5),
    code="005",
    security="biasa",
    status="registered",
    unit="Sekretariat",
)
CUTI = letter(
    2,
    "Permohonan cuti tahunan",
    "Yang bertanda tangan di bawah ini mengajukan permohonan cuti tahunan selama lima hari dengan alasan penting "
    "keluarga. Selama cuti tugas diserahkan kepada rekan satu bidang.",
    number="800/45/BKPSDM/2023",
    sender="Dinas Pendidikan",
    date=D(2023, 6, 12),
    code="800.1.2",
    security="biasa",
    status="filed",
    unit="Kepegawaian",
)
REKAMAN = letter(
    3,
    "Laporan kegiatan pelatihan guru",
    "Bersama ini kami sampaikan rekaman video kegiatan pelatihan guru bidang pendidikán dasar serta daftar hadir "
    "peserta. Surat rujukan nomor 005/123/427.43/2024 telah kami terima.",
    number="421/77/Disdik/2022",
    sender="dinas pendidikan",
    date=D(2022, 11, 1),
    code="400.12.1",
    security="terbatas",
    status="filed",
    unit="Umum",
)
MUTASI = letter(
    4,
    "Usulan mutasi pegawai",
    "Usulan mutasi pegawai bersifat rahasia dengan alasan penting organisasi; kode berkas zirkonium.",
    number="800/9/BKD/2024",
    sender="Badan Kepegawaian Daerah",
    date=D(2024, 1, 10),
    code="800.2",
    security="rahasia",
    status="registered",
    unit="Kepegawaian",
    principals=frozenset({OPERATOR, SECRETARY}),
)
SOP = letter(
    "sop-1",
    "SOP Pelayanan Peminjaman Arsip",
    "Prosedur pelayanan peminjaman arsip inaktif kepada unit pengolah; petugas mencatat peminjaman dalam buku.",
    kind="sop",
    unit="Umum",
    principals=frozenset({PUBLIC}),
)
LETTERS = [UNDANGAN, CUTI, REKAMAN, MUTASI, SOP]
READER = frozenset({PUBLIC, STAFF, "user:5", "position:3"})  # a signed-in reader without access to MUTASI
SECRETARY_READER = frozenset({PUBLIC, STAFF, SECRETARY})


@pytest.fixture
def filled(engine):
    assert engine.index(LETTERS) == len(LETTERS)
    return engine


def ask(engine, text="", principals=READER, **options):
    return engine.search(SearchQuery(text=text, principals=principals, **options))


def keys(results):
    return [f"{hit.kind}:{hit.id}" for hit in results.hits]


def found(engine, text="", **options):
    return set(keys(ask(engine, text, per_page=50, **options)))


# --- text ----------------------------------------------------------------------------------------------------------


def test_stemming_finds_other_forms_of_a_word(filled):
    # Sastrawi: perekaman, merekam and rekaman share the root "rekam"; permohonan/memohon share "mohon".
    assert found(filled, "merekam") == {"letter:1", "letter:3"}
    assert found(filled, "rekaman") == {"letter:1", "letter:3"}
    assert found(filled, "memohon cuti") == {"letter:2"}


def test_stop_words_in_the_question_are_not_required(filled):
    assert found(filled, "undangan yang untuk rapat") == {"letter:1"}
    assert found(filled, "peminjaman dari arsip") == {"sop:sop-1"}


def test_case_and_accents_are_folded(filled):
    assert found(filled, "PENDIDIKAN DASAR") == {"letter:3"}  # indexed as "pendidikán dasar"
    assert found(filled, "samarínda") == {"letter:1"}


def test_one_typo_in_a_long_word(filled):
    assert found(filled, "alasan pentng") == {"letter:2"}  # deletion
    assert found(filled, "pentign cuti") == {"letter:2"}  # two neighbours swapped
    assert found(filled, "koordinsi") == {"letter:1"}
    assert found(filled, "pelatihsn") == {"letter:3"}  # substitution


def test_no_typo_tolerance_in_short_words(filled):
    assert found(filled, "cuti") == {"letter:2"}
    assert found(filled, "cutu") == set()  # 4 letters: no fuzziness
    assert found(filled, "guru") == {"letter:3"}
    assert found(filled, "gurk") == set()


def test_all_words_must_match(filled):
    assert found(filled, "cuti penting") == {"letter:2"}
    assert found(filled, "cuti rapat") == set()
    assert found(filled, "pelatihan guru video") == {"letter:3"}


def test_quoted_phrase_matches_words_in_order(filled):
    assert found(filled, '"rapat koordinasi"') == {"letter:1"}
    assert found(filled, '"koordinasi rapat"') == set()
    assert found(filled, "koordinasi rapat") == {"letter:1"}
    assert found(filled, '"pelatihan guru" video') == {"letter:3"}


# --- numbers -------------------------------------------------------------------------------------------------------


def test_exact_letter_number_finds_the_letter_first(filled):
    results = ask(filled, "005/123/427.43/2024")
    assert keys(results)[0] == "letter:1"
    assert results.total >= 1


def test_leading_part_of_a_number_finds_the_letter(filled):
    assert "letter:1" in found(filled, "005/123")
    assert keys(ask(filled, "005/123"))[0] == "letter:1"
    assert found(filled, "800/45") == {"letter:2"}
    assert "letter:2" not in found(filled, "800/4")  # a part of a segment is not a leading part


def test_number_with_words(filled):
    assert found(filled, "800/45 cuti") == {"letter:2"}
    assert found(filled, "800/45 rapat") == set()


# --- filters -------------------------------------------------------------------------------------------------------


def test_filter_by_kind(filled):
    assert found(filled, filters={"kind": "sop"}) == {"sop:sop-1"}
    assert found(filled, "arsip", filters={"kind": "letter"}) == set()


def test_filter_by_code_includes_sub_codes(filled):
    assert found(filled, filters={"code": "800"}) == {"letter:2"}
    assert found(filled, filters={"code": "800"}, principals=SECRETARY_READER) == {"letter:2", "letter:4"}
    assert found(filled, filters={"code": "800.1"}) == {"letter:2"}
    assert found(filled, filters={"code": "800.1.2"}) == {"letter:2"}
    assert found(filled, filters={"code": "80"}) == set()
    assert found(filled, filters={"code": "400.12"}) == {"letter:3"}


def test_filter_by_date_range_is_inclusive(filled):
    both_ends = {"date_from": "2023-06-12", "date_to": "2024-03-05"}
    assert found(filled, filters=both_ends) == {"letter:1", "letter:2"}
    assert found(filled, filters=both_ends, principals=SECRETARY_READER) == {"letter:1", "letter:2", "letter:4"}
    assert found(filled, filters={"date_from": "2024-03-06"}) == set()
    assert found(filled, filters={"date_to": "2022-11-01"}) == {"letter:3"}


def test_filter_by_sender_is_case_insensitive_and_exact(filled):
    assert found(filled, filters={"sender": "DINAS PENDIDIKAN"}) == {"letter:2", "letter:3"}
    assert found(filled, filters={"sender": "Dinas"}) == set()


def test_filter_by_security_status_unit_and_year(filled):
    assert found(filled, filters={"security": "terbatas"}) == {"letter:3"}
    assert found(filled, filters={"status": "filed"}) == {"letter:2", "letter:3"}
    assert found(filled, filters={"unit": "Umum"}) == {"letter:3", "sop:sop-1"}
    assert found(filled, filters={"year": "2024"}) == {"letter:1"}
    assert found(filled, filters={"year": "2024"}, principals=SECRETARY_READER) == {"letter:1", "letter:4"}
    assert found(filled, "pendidikan", filters={"year": "2023", "unit": "Kepegawaian"}) == {"letter:2"}


# --- access --------------------------------------------------------------------------------------------------------


def test_anonymous_visitor_sees_only_public_documents(filled):
    assert found(filled, principals=frozenset({PUBLIC})) == {"sop:sop-1"}
    assert found(filled, "rapat", principals=frozenset({PUBLIC})) == set()
    assert ask(filled, principals=frozenset()).total == 0


def test_restricted_letter_is_absent_from_hits_total_facets_and_snippets(filled):
    hidden = ask(filled, "zirkonium")
    assert hidden.total == 0 and hidden.hits == []
    assert all(counts == [] for counts in hidden.facets.values())

    results = ask(filled, "alasan penting", per_page=50)
    assert keys(results) == ["letter:2"]
    assert results.total == 1
    assert dict(results.facets["security"]) == {"biasa": 1}
    assert "Badan Kepegawaian Daerah" not in dict(results.facets["sender"])
    assert "800.2" not in str(results.facets)
    assert all("zirkonium" not in hit.snippet and "mutasi" not in hit.snippet.lower() for hit in results.hits)

    everything = ask(filled, per_page=50)
    assert everything.total == 4
    assert sum(count for _, count in everything.facets["kind"]) == 4
    assert dict(everything.facets["security"]) == {"biasa": 2, "terbatas": 1}


def test_holder_of_a_principal_sees_the_restricted_letter(filled):
    for principals in (SECRETARY_READER, frozenset({OPERATOR})):
        results = ask(filled, "zirkonium", principals=principals)
        assert keys(results) == ["letter:4"]
        assert results.total == 1
        assert dict(results.facets["security"]) == {"rahasia": 1}
        assert "<mark>zirkonium</mark>" in results.hits[0].snippet


# --- facets --------------------------------------------------------------------------------------------------------


def test_facets_count_every_match_not_only_the_page(filled):
    results = ask(filled, "pendidikan", per_page=1, principals=SECRETARY_READER)
    assert results.total == 2 and len(results.hits) == 1
    assert dict(results.facets["kind"]) == {"letter": 2}
    assert dict(results.facets["year"]) == {"2023": 1, "2022": 1}
    assert dict(results.facets["status"]) == {"filed": 2}
    assert dict(results.facets["unit"]) == {"Kepegawaian": 1, "Umum": 1}
    assert sum(count for _, count in results.facets["sender"]) == 2  # one sender, however it is written
    assert len(results.facets["sender"]) == 1
    assert results.facets["sender"][0][0].casefold() == "dinas pendidikan"


def test_facets_are_largest_first(filled):
    results = ask(filled, principals=SECRETARY_READER)
    kinds = results.facets["kind"]
    assert kinds[0] == ("letter", 4)
    assert kinds == sorted(kinds, key=lambda item: -item[1])
    assert dict(results.facets["code"]) == {"800": 2, "005": 1, "400": 1}


def test_code_facet_goes_one_level_below_a_code_filter(filled):
    results = ask(filled, filters={"code": "800"}, principals=SECRETARY_READER)
    assert dict(results.facets["code"]) == {"800.1": 1, "800.2": 1}
    results = ask(filled, filters={"code": "400"})
    assert dict(results.facets["code"]) == {"400.12": 1}


def test_facets_can_be_left_out(filled):
    results = ask(filled, "cuti", facets=False)
    assert results.total == 1
    assert not any(results.facets.values())


# --- order and pages -----------------------------------------------------------------------------------------------


def test_sort_by_date_newest_first_undated_last(filled):
    results = ask(filled, sort="date", principals=SECRETARY_READER)
    assert keys(results) == ["letter:1", "letter:4", "letter:2", "letter:3", "sop:sop-1"]


def test_relevance_puts_the_better_match_first(filled):
    # "pelatihan guru" is the title of letter 3 and nowhere else.
    assert keys(ask(filled, "pelatihan"))[0] == "letter:3"
    assert keys(ask(filled, "rapat koordinasi"))[0] == "letter:1"


def test_pages_are_stable_and_disjoint(filled):
    pages = [ask(filled, sort=sort, page=page, per_page=2) for sort in ("date", "relevance") for page in (1, 2, 3)]
    for sort_pages in (pages[:3], pages[3:]):
        seen = [key for page in sort_pages for key in keys(page)]
        assert len(seen) == len(set(seen)) == 4
        assert all(page.total == 4 for page in sort_pages)
        assert [len(page.hits) for page in sort_pages] == [2, 2, 0]
    assert keys(ask(filled, sort="date", page=2, per_page=2)) == keys(pages[1])


# --- snippets ------------------------------------------------------------------------------------------------------


def test_snippet_marks_the_matched_words_of_the_body(filled):
    hit = ask(filled, "perekaman panti").hits[0]
    assert "<mark>perekaman</mark>" in hit.snippet
    assert "<mark>panti</mark>" in hit.snippet
    hit = ask(filled, "merekam", filters={"kind": "letter", "code": "400"}).hits[0]
    assert "<mark>rekaman</mark>" in hit.snippet  # matched by its stem


def test_snippet_is_escaped(engine):
    engine.index([letter(9, "Catatan <b>tebal</b>", "Isi memuat <script>alert(1)</script> & kutipan kalimat aman.")])
    hit = ask(engine, "kutipan").hits[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>kutipan</mark>" in hit.snippet


# --- writing -------------------------------------------------------------------------------------------------------


def test_count(filled):
    assert filled.count() == 5
    assert filled.count("letter") == 4
    assert filled.count("sop") == 1
    assert filled.count("case_file") == 0


def test_delete_removes_and_ignores_unknown_ids(filled):
    assert filled.delete("letter", ["2", "999"]) == 1
    assert found(filled, "cuti") == set()
    assert filled.count() == 4
    assert filled.delete("letter", ["2"]) == 0


def test_reindex_replaces_the_document(filled):
    changed = letter(2, "Permohonan izin belajar", "Permohonan izin belajar program magister.", date=D(2023, 7, 1))
    assert filled.index([changed]) == 1
    assert filled.count() == 5
    assert found(filled, "cuti") == set()
    assert found(filled, "magister") == {"letter:2"}
    assert found(filled, filters={"year": "2023"}) == {"letter:2"}
    assert ask(filled, "magister").hits[0].date == D(2023, 7, 1)


def test_hit_carries_the_display_fields(filled):
    hit = ask(filled, "005/123/427.43/2024").hits[0]
    assert (hit.kind, hit.id, hit.title) == ("letter", "1", UNDANGAN.title)
    assert (hit.number, hit.sender, hit.date) == (UNDANGAN.number, UNDANGAN.sender, UNDANGAN.date)
    assert (hit.code, hit.security, hit.status, hit.unit) == ("005", "biasa", "registered", "Sekretariat")
    assert hit.score > 0


def test_rebuild_replaces_the_whole_index(filled):
    progress = []
    fresh = [letter(10, "Nota dinas pengadaan kertas", "Pengadaan kertas HVS untuk bagian umum."), SOP]
    assert filled.rebuild(fresh, progress=progress.append) == 2
    assert filled.count() == 2
    assert found(filled, "rapat") == set()
    assert found(filled, "pengadaan kertas") == {"letter:10"}
    assert progress and progress[-1] == 2


def test_ping(engine):
    assert engine.ping() is True
