"""Snippets of the embedded engines: the densest window, matched words marked by their analysed form, escaped."""

from __future__ import annotations

from search.snippets import document_snippet, leading, snippet
from search.text import analyze


def test_marks_words_matching_by_stem_and_folding():
    html = snippet("Hasil perekaman KTP-el di Panti Asuhan.", analyze("merekam panti"))
    assert html == "Hasil <mark>perekaman</mark> KTP-el di <mark>Panti</mark> Asuhan."


def test_escapes_the_text():
    html = snippet("Isi <script>alert(1)</script> & kutipan penting.", analyze("kutipan"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>kutipan</mark>" in html


def test_picks_the_densest_window():
    filler = " ".join(["lorem"] * 200)
    text = f"arsip awal {filler} arsip kepegawaian elektronik arsip {filler} penutup"
    html = snippet(text, analyze("arsip kepegawaian elektronik"), length=120)
    assert html.count("<mark>") == 4
    assert html.startswith("…") and html.endswith("…")
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 120 + 2


def test_number_and_its_leading_part_are_marked():
    text = "Menindaklanjuti surat nomor 005/123/427.43/2024 perihal undangan."
    assert "<mark>005/123/427.43/2024</mark>" in snippet(text, ["005_123"])


def test_no_match_gives_no_snippet():
    assert snippet("Surat undangan rapat.", analyze("cuti")) == ""
    assert snippet("", analyze("cuti")) == ""
    assert snippet("Surat undangan rapat.", []) == ""


def test_document_snippet_falls_back_to_title_then_beginning():
    assert document_snippet("Isi tanpa kata itu.", "Undangan rapat", analyze("rapat")) == "Undangan <mark>rapat</mark>"
    assert document_snippet("Isi surat.", "Judul", analyze("rapat")) == "Isi surat."
    long_body = "kata " * 100
    assert leading(long_body, 40).endswith("…")
    assert len(leading(long_body, 40)) <= 41
