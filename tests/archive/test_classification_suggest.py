"""Code suggestions on the corpus letters: the number's code, title words, the trained model, and the reasons."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from archive.classification.scheme import CURRENT, LEGACY, ClassificationScheme, load_scheme
from archive.classification.suggest import suggest_codes
from archive.classification.train import train_classifier
from archive.extraction.evaluation import evaluate_suggestions
from archive.extraction.fields import extract_fields


def _truth() -> list[dict]:
    path = Path(settings.SHARED_DIR) / "corpus" / "dev" / "truth.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


TRUTH = _truth()
BY_FILE = {t["file"]: t for t in TRUTH}


@pytest.fixture(scope="module")
def scheme() -> ClassificationScheme:
    return load_scheme()


def _suggest(text: str, scheme: ClassificationScheme, **kwargs):
    return suggest_codes(text=text, fields=extract_fields(text), scheme=scheme, **kwargs)


def _without_number(text: str) -> str:
    return re.sub(r"(?m)^Nomor\s*:.*$", "", text)


@pytest.mark.parametrize("letter", TRUTH, ids=[t["file"] for t in TRUTH])
def test_top_suggestion_is_the_code_of_the_letter_number(letter: dict, scheme: ClassificationScheme) -> None:
    suggestions = _suggest(letter["full_text"], scheme)
    code = letter["classification_code"]
    assert suggestions[0].code == code
    assert suggestions[0].reasons[0].startswith(f"Kode {code} tertulis pada nomor surat")
    assert suggestions[0].score >= 0.9


def test_top1_and_top3_on_the_corpus(scheme: ClassificationScheme) -> None:
    results = [evaluate_suggestions(_suggest(t["full_text"], scheme), t["classification_code"]) for t in TRUTH]
    top1 = sum(r["top1"] for r in results)
    top3 = sum(r["topk"] for r in results)
    print(f"top-1 {top1}/{len(results)}, top-3 {top3}/{len(results)}")
    assert (top1, top3) == (12, 12)


def test_suggestions_are_ranked_scored_and_explained(scheme: ClassificationScheme) -> None:
    suggestions = _suggest(BY_FILE["contoh_5912.jpg"]["full_text"], scheme, k=5)
    assert len(suggestions) == 5
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert all(s.reasons and s.title for s in suggestions)
    assert suggestions[0].title == "Undangan"
    assert "Judul kode cocok: undangan" in suggestions[0].reasons


@pytest.mark.parametrize(
    ("file", "code", "word"),
    [("contoh_5912.jpg", "005", "undangan"), ("contoh_5234.tif", "090", "perjalanan")],
)
def test_title_words_suggest_a_code_when_there_is_no_number(
    file: str, code: str, word: str, scheme: ClassificationScheme
) -> None:
    text = _without_number(BY_FILE[file]["full_text"])
    suggestions = _suggest(text, scheme)
    assert extract_fields(text).number is None
    assert suggestions[0].code == code
    assert suggestions[0].reasons[0].startswith("Judul kode cocok:")
    assert word in suggestions[0].reasons[0]
    assert suggestions[0].score < 0.9  # words alone are weaker evidence than a printed code


def test_old_village_474_codes_offer_the_civil_registration_equivalent(scheme: ClassificationScheme) -> None:
    suggestions = _suggest(BY_FILE["contoh_4442.pdf"]["full_text"], scheme)
    assert suggestions[0].code == "474.1"
    alternative = next(s for s in suggestions if s.code == "472.11")
    assert alternative.scheme == LEGACY and alternative.title == "Kelahiran"
    assert any("pola lama" in reason and "Kelahiran" in reason for reason in alternative.reasons)


def test_a_code_missing_from_the_scheme_walks_up_to_its_parent(scheme: ClassificationScheme) -> None:
    text = "Nomor : 005.9/12/Dinsos/2023\nSifat : Biasa\nHal : Rapat\n"
    top = _suggest(text, scheme)[0]
    assert (top.code, top.scheme) == ("005", LEGACY)
    assert "induk terdekat 005" in top.reasons[0]
    assert 0.6 <= top.score < 0.9


def test_codes_in_both_schemes_follow_the_cutover(scheme: ClassificationScheme) -> None:
    text = BY_FILE["contoh_7759.pdf"]["full_text"]  # 900/320/2023, dated 19 October 2023
    undecided = _suggest(text, scheme)
    assert {(s.code, s.scheme) for s in undecided[:2]} == {("900", CURRENT), ("900", LEGACY)}
    assert "kedua skema" in undecided[0].reasons[0]
    decided = _suggest(text, scheme, cutover=datetime.date(2024, 1, 1), k=5)
    assert (decided[0].code, decided[0].scheme) == ("900", LEGACY)
    assert all(s.scheme == LEGACY for s in decided)
    assert "kedua skema" not in decided[0].reasons[0]


CONFIRMED_470 = [
    "Permohonan perekaman KTP-el bagi warga binaan lembaga pemasyarakatan yang belum memiliki NIK.",
    "Mohon pelayanan perekaman KTP-el keliling bagi penyandang disabilitas di desa kami.",
    "Penyampaian data penduduk rentan administrasi kependudukan untuk perekaman KTP-el dan kartu keluarga.",
    "Permohonan jemput bola perekaman KTP-el bagi lansia dan penghuni panti jompo.",
]


def test_the_trained_model_lifts_a_code_clerks_confirmed(scheme: ClassificationScheme) -> None:
    letter = BY_FILE["contoh_7563.jpg"]  # 470, about KTP-el recording in a social home
    text = _without_number(letter["full_text"])
    confirmed = [(t["full_text"], t["classification_code"]) for t in TRUTH if t is not letter]
    confirmed += [(t, "470") for t in CONFIRMED_470]
    model = train_classifier(confirmed)
    without = _suggest(text, scheme)
    with_model = _suggest(text, scheme, model=model)
    assert "470" not in [s.code for s in without]
    assert with_model[0].code == "470"
    assert re.fullmatch(r"Model dari 15 surat terkonfirmasi: 0,\d\d", with_model[0].reasons[0])


def test_ministry_numbers_and_empty_text(scheme: ClassificationScheme) -> None:
    kl = _suggest("Nomor : R-99/IJ/KP.07.6/04/2020\nHal : Undangan rapat\n", scheme)
    assert kl and not any("nomor surat" in r for s in kl for r in s.reasons)
    assert _suggest("", scheme) == []
