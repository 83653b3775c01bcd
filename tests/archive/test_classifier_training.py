"""Tests of the classifier learnt from confirmed letters: retrained by a task, used with its reason."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.contrib.auth.models import User

from archive.classification.scheme import load_scheme
from archive.classification.suggest import suggest_codes
from archive.extraction import extract_fields
from archive.models import Capture, ClassificationCode, ClassifierModel, IncomingLetter
from archive.services.classifier import classifier_current, classifier_train
from archive.services.letters import letter_confirm

pytestmark = pytest.mark.django_db

TEXTS = {
    "800.1.3": "Permohonan mutasi pegawai negeri sipil pindah tugas antar instansi, usul pindah jabatan pegawai",
    "400.12.3.1": "Permohonan penerbitan akta kelahiran anak, pencatatan kelahiran dan kutipan akta kelahiran",
}


def _letter(code: str, text: str, n: int) -> IncomingLetter:
    letter = IncomingLetter.objects.create(
        subject=text.split(",")[0],
        classification=ClassificationCode.objects.get(scheme="permendagri_83_2022", code=code),
        number=f"{code}/{n}/2025",
        letter_date=datetime.date(2025, 3, 3),
        sender="Kecamatan Contoh",
    )
    sha256 = hashlib.sha256(text.encode()).hexdigest()
    Capture.objects.create(original_name=f"{n}.pdf", sha256=sha256, size=1, text=text, letter=letter)
    return letter


def test_confirming_enough_letters_retrains_the_classifier(settings, django_capture_on_commit_callbacks):
    settings.ARCHIVE_RETRAIN_EVERY = 4
    clerk = User.objects.create_user("operator")
    letters = [_letter(code, f"{text} nomor {n}", n) for n in range(3) for code, text in TEXTS.items()]
    with django_capture_on_commit_callbacks(execute=True):
        for letter in letters[:3]:
            letter_confirm(letter=letter, user=clerk)
    assert ClassifierModel.objects.count() == 0  # 3 confirmed: not yet due
    with django_capture_on_commit_callbacks(execute=True):
        letter_confirm(letter=letters[3], user=clerk)
    model = ClassifierModel.objects.get()
    assert (model.example_count, model.code_count) == (4, 2)


def test_the_trained_model_lifts_the_learnt_code_and_says_why():
    clerk = User.objects.create_user("operator")
    for n in range(4):
        for code, text in TEXTS.items():
            letter = _letter(code, f"{text} nomor {n}", n * 10 + len(code))
            letter.status, letter.registered_by = IncomingLetter.Status.REGISTERED, clerk
            letter.save()
    assert classifier_train().example_count == 8
    text = "Dengan hormat, bersama ini kami sampaikan usul pindah tugas pegawai atas nama Budi"
    suggestions = suggest_codes(
        text=text, fields=extract_fields(text), scheme=load_scheme(), model=classifier_current()
    )
    # Letters confirmed under the heading 800.1.3 (Mutasi) lift its leaves: suggestions are filing codes.
    assert suggestions[0].code.startswith("800.1.3.")
    assert any("terkonfirmasi" in reason and "kode 800.1.3" in reason for reason in suggestions[0].reasons)


def test_a_stored_model_that_cannot_be_read_falls_back_to_the_rules():
    import pickle

    ClassifierModel.objects.create(example_count=1, code_count=1, data=pickle.dumps({"version": 1, "model": None}))
    assert classifier_current() is None
    text = "Perihal : Permohonan Cuti Tahunan\nDengan hormat, mohon cuti tahunan pegawai.\n"
    assert suggest_codes(text=text, fields=extract_fields(text), scheme=load_scheme(), model=classifier_current())


def test_no_confirmed_letters_means_no_model():
    assert classifier_train() is None and classifier_current() is None
