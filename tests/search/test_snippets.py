"""Snippets of the embedded engines: the densest window, matched words marked by their analysed form, escaped."""

from __future__ import annotations

import json
import random
from pathlib import Path

from django.conf import settings

from search.snippets import _matches, _token_matches, document_snippet, leading, marks, snippet, squash
from search.text import TOKEN_RE, analyze, analyze_all, fold_aligned, number_prefixes, typo_variants


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


def _every_token(text: str, terms) -> list[tuple[int, int]]:
    """The spans judging every token of ``text`` in turn (what the needles must find, no more, no less)."""
    folded = fold_aligned(squash(text))
    spans = []
    for match in TOKEN_RE.finditer(folded):
        spans += [(match.start() + left, match.start() + right) for left, right in _token_matches(match.group(), terms)]
    return sorted(spans)


def test_needles_find_every_matching_token_of_the_real_letters():
    """The dev corpus letters, each searched for every term of its own, of another letter, a few at a time with a
    number's leading part, and with mistyped words: the needles find exactly the tokens judging each token finds
    (the infix "gemawang" -> "gawang", nasal prefixes "penduduk" -> "duduk" among them)."""
    lines = (Path(settings.SHARED_DIR) / "corpus" / "dev" / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [squash(json.loads(line)["full_text"]) for line in lines if line.strip()]
    texts.append("Desa Gemawang, penduduk menulis surat 470/759/Bappeda/2023 dan KTP-el; memakai 12.06.2023.")
    rng = random.Random(7)
    for index, text in enumerate(texts):
        terms, numbers, words = analyze_all(text)
        other = analyze_all(texts[(index + 1) % len(texts)])[0]
        cases = [(set(terms), set()), (set(other), set())]
        for _ in range(30):
            chosen = set(rng.sample(terms, min(len(terms), rng.randint(1, 4))))
            chosen |= {rng.choice(number_prefixes(key)) for key in rng.sample(numbers, min(len(numbers), 1))}
            typed = rng.choice([word for word in words if len(word) >= 5 and word.isalpha()])
            typo = rng.choice(sorted(variant for variant in typo_variants(typed) if variant.isalpha()))
            cases += [(chosen, set()), (chosen, {typo}), (set(), {typed})]
        for chosen, typos in cases:
            wanted = marks(chosen, typos)
            assert wanted.needles is not None
            assert _matches(text, wanted, {}) == _every_token(text, wanted.terms), (chosen, typos)
    assert marks({"gawang"}).needles == ("awang",)
    assert marks({"straße"}).needles is None  # no safe needle: every token is judged


def test_snippets_of_a_page_share_their_verdicts():
    wanted = marks(analyze("perekaman panti"))
    judged: dict = {}
    first = document_snippet("Perekaman di panti asuhan.", "", wanted, judged=judged)
    assert judged and document_snippet("Perekaman di panti asuhan.", "", wanted, judged=judged) == first
    assert first == "<mark>Perekaman</mark> di <mark>panti</mark> asuhan."
