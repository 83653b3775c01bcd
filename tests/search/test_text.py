"""Text analysis of the embedded engines: folding, tokens, letter numbers, stop words, stems, typo variants and
the parsing of a question."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from search.text import (
    Clause,
    analyze,
    analyze_all,
    analyze_text,
    fold,
    is_number,
    number_key,
    number_prefixes,
    parse_query,
    stem,
    tokenize,
    typo_variants,
)


def test_fold_removes_case_and_accents():
    assert fold("Pendidikán DASAR") == "pendidikan dasar"
    assert fold("Ángka Ｆｕｌｌ") == "angka full"


def test_analyze_stems_and_drops_stop_words():
    assert analyze("Perekaman KTP-el di Panti yang baru") == ["rekam", "ktp", "el", "panti", "baru"]
    assert analyze("merekam") == analyze("rekaman") == ["rekam"]
    assert analyze("dan atau yang untuk") == []


def test_stem_is_cached_and_leaves_digits_and_short_words():
    assert stem("kepentingan") == "penting"
    assert stem("2024") == "2024"
    assert stem("el") == "el"
    assert stem("pengarsipan") == stem("pengarsipan") == "arsip"


def test_letter_numbers_stay_whole():
    tokens = tokenize("Nomor: 005/123/427.43/2024, tanggal 12-06-2023; KTP-el")
    assert [(t.text, t.is_number) for t in tokens] == [
        ("nomor", False),
        ("005_123_427_43_2024", True),
        ("tanggal", False),
        ("12_06_2023", True),
        ("ktp", False),
        ("el", False),
    ]
    assert is_number("005/123") and not is_number("ktp-el") and not is_number("2024")


def test_number_key_and_leading_parts():
    assert number_key("B-12/KPU/2024") == "b_12_kpu_2024"
    assert number_key(" 005 / 123 ") == "005_123"
    assert number_prefixes("005_123_427") == ["005", "005_123", "005_123_427"]
    assert number_prefixes("") == []


def test_token_offsets_point_into_the_text():
    text = "Surat dari Dinas Pendidikán, nomor 800/45/BKPSDM/2023."
    for token in tokenize(text):
        assert fold(text[token.start : token.end]).replace("/", "_") in (token.text, token.text.replace("_", "/"))
    decomposed = "Pendidika\u0301n"  # a combining accent: offsets are in the NFC text
    assert [t.text for t in tokenize(decomposed)] == ["pendidikan"]


def test_typo_variants_are_one_edit_away():
    variants = typo_variants("pentng")
    assert "penting" in variants  # insertion
    assert "pentn" in variants  # deletion
    assert "pnetng" in variants  # swap
    assert "pentnk" in variants  # substitution
    assert "pentng" not in variants
    assert "pentingg" not in variants


def test_parse_query_words_phrases_numbers():
    assert parse_query('surat dari Bappeda "rapat koordinasi" 005/123 surat') == [
        Clause("word", ("surat",), "surat"),
        Clause("word", ("bappeda",), "bappeda"),
        Clause("phrase", ("rapat", "koordinasi")),
        Clause("number", ("005_123",)),
    ]
    assert parse_query('"dari yang"') == []
    assert parse_query('"pelaksanaan"') == [Clause("word", ("laksana",))]
    assert parse_query('"unclosed phrase words') == [Clause("phrase", ("unclosed", "phrase", "words"))]


def test_analyze_text_gives_what_analyze_all_gives():
    """The indexing shortcut (chunks cut by bytes.translate, remembered) against the token-by-token analysis, on
    punctuation at the edges of tokens, numbers, hyphens, accents, OCR noise and the dev corpus letters."""
    texts = [
        "",
        " ,;: ",
        "Perekaman KTP-el di Panti (Asuhan), s.d. 12.06.2023; nomor 005/123/427.43/2024.",
        "a..b -x- x-.y 2023) (2024 /awal akhir/ rapat. rapat, rapat;RAPAT",
        "Pendidikán dan kebudayaan — ‘kutipan’ « straße » 400.12.1",
        "b" * 130 + " " + "005/" + "9" * 120 + " mengundang_pelatihan",
        "\t\nSurat\x0bedaran\x0cbaru\r\n",
    ]
    lines = (Path(settings.SHARED_DIR) / "corpus" / "dev" / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    texts += [json.loads(line)["full_text"] for line in lines if line.strip()]
    for text in texts:
        terms, numbers, words = analyze_all(text)
        expected_words = {word for word in words if 4 <= len(word) <= 100 and word.isalpha()}
        assert analyze_text(text) == (" ".join(term[:100] for term in terms), numbers, expected_words), text
