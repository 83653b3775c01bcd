"""System checks for the OCR binaries and language data, run against this machine's real tools."""

from __future__ import annotations

import pytest
from django.core import checks

from ocr.checks import check_poppler, check_tesseract


def ids(messages: list[checks.CheckMessage]) -> list[str]:
    return [message.id for message in messages]


def test_everything_is_installed_here():
    assert check_tesseract() == []
    assert check_poppler() == []


def test_checks_are_registered_by_the_app_config():
    registered = checks.registry.registry.get_checks()
    assert check_tesseract in registered and check_poppler in registered


def test_missing_binaries_are_errors_naming_the_debian_packages(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    tesseract = check_tesseract()
    poppler = check_poppler()
    assert ids(tesseract) == ["ocr.E001"] and ids(poppler) == ["ocr.E004"]
    assert tesseract[0].level == checks.ERROR and poppler[0].level == checks.ERROR
    assert "tesseract-ocr" in tesseract[0].hint and "tesseract-ocr-ind" in tesseract[0].hint
    assert "poppler-utils" in poppler[0].hint


def test_missing_language_data_is_an_error(settings):
    settings.OCR_LANGUAGES = "ind+eng+jav"
    messages = check_tesseract()
    assert ids(messages) == ["ocr.E003"]
    assert "jav" in messages[0].msg
    assert "tesseract-ocr-jav" in messages[0].hint


@pytest.mark.parametrize("tags", [["compatibility"], None])
def test_run_checks_reports_no_ocr_problem(tags):
    messages = checks.run_checks(tags=tags)
    assert not [m for m in messages if (m.id or "").startswith("ocr.")]
