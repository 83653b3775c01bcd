"""Tests of the English translation: pages follow Accept-Language or the /bahasa/ cookie, and the .po is complete."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories.cms import add_sop

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

ENGLISH_SOP = ("Requirements", "Completion time", "Steps", "Download PDF", "Print version", "Flowchart", "Actor")
INDONESIAN_SOP = ("Persyaratan", "Waktu penyelesaian", "Langkah-langkah", "Unduh PDF", "Versi cetak", "Bagan alir")
ENGLISH_CATALOGUE = ("Keywords", "All units", "All categories", "Apply", "Service catalogue")
INDONESIAN_CATALOGUE = ("Kata kunci", "Semua unit", "Semua kategori", "Terapkan", "Katalog layanan")


@pytest.fixture(autouse=True)
def empty_cache():
    # The public page cache lives in a process-wide LocMemCache: start and end every test without it.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sop(site_tree):
    _home, _catalogue, unit = site_tree
    return add_sop(unit, sop_number="800/01/SOP/2024")


def _body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _assert_all(body: str, present: tuple[str, ...], absent: tuple[str, ...]) -> None:
    missing = [text for text in present if text not in body]
    leaked = [text for text in absent if text in body]
    assert not missing, f"expected on the page: {missing}"
    assert not leaked, f"not expected on the page: {leaked}"


# --- pages -----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_are_indonesian_by_default(sop):
    catalogue = _body(Client().get("/katalog/"))
    assert '<html lang="id">' in catalogue
    _assert_all(catalogue, INDONESIAN_CATALOGUE, ENGLISH_CATALOGUE)
    page = _body(Client().get(sop.url))
    assert '<html lang="id">' in page
    _assert_all(page, INDONESIAN_SOP, ("Requirements", "Download PDF", "Print version"))
    assert "Jika tidak disetujui: kembali ke langkah 1" in page


@pytest.mark.django_db
def test_accept_language_en_shows_english_labels(sop):
    client = Client(headers={"accept-language": "en"})
    catalogue_response = client.get("/katalog/")
    catalogue = _body(catalogue_response)
    assert catalogue_response["Content-Language"] == "en"
    assert '<html lang="en">' in catalogue
    _assert_all(catalogue, ENGLISH_CATALOGUE, INDONESIAN_CATALOGUE)
    assert "1 service found" in catalogue

    page = _body(client.get(sop.url))
    assert '<html lang="en">' in page
    _assert_all(page, ENGLISH_SOP, INDONESIAN_SOP)
    # A blocktranslate with a placeholder, and the flowchart's plural caption.
    assert "If not approved: go back to step 1" in page
    assert "Flowchart of 3 steps" in page
    # The content itself stays as written.
    assert "Menerima dan mencatat surat masuk" in page


@pytest.mark.django_db
def test_print_version_follows_the_language(sop):
    url = reverse("cms:sop_print", args=[sop.id])
    english = _body(Client(headers={"accept-language": "en"}).get(url))
    _assert_all(english, ("Quality Standard", "Date of Preparation", "Required inputs", "SOP number"), ("Mutu Baku",))
    indonesian = _body(Client().get(url))
    _assert_all(indonesian, ("Mutu Baku", "Tanggal Pembuatan", "Kelengkapan"), ("Quality Standard",))


@pytest.mark.django_db
def test_page_cache_keeps_the_languages_apart(sop):
    """The same URL asked in both languages, one after the other, is answered in each visitor's language."""
    for _ in range(2):
        assert "Unduh PDF" in _body(Client().get(sop.url))
        assert "Download PDF" in _body(Client(headers={"accept-language": "en"}).get(sop.url))


# --- the /bahasa/ switch ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_language_link_sets_the_cookie_and_goes_back(sop):
    client = Client()
    response = client.get("/bahasa/en/", {"next": "/katalog/"})
    assert response.status_code == 302
    assert response["Location"] == "/katalog/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    catalogue = _body(client.get("/katalog/"))
    assert '<html lang="en">' in catalogue
    _assert_all(catalogue, ENGLISH_CATALOGUE, INDONESIAN_CATALOGUE)
    # The header now offers the way back to Indonesian.
    assert 'href="/bahasa/id/?next=/katalog/"' in catalogue
    _assert_all(_body(client.get(sop.url)), ENGLISH_SOP, INDONESIAN_SOP)

    client.get("/bahasa/id/", {"next": "/katalog/"})
    catalogue = _body(client.get("/katalog/"))
    assert '<html lang="id">' in catalogue
    _assert_all(catalogue, INDONESIAN_CATALOGUE, ENGLISH_CATALOGUE)


@pytest.mark.django_db
def test_header_links_to_the_other_language(sop):
    page = _body(Client().get("/katalog/"))
    assert 'href="/bahasa/en/?next=/katalog/"' in page
    assert 'href="/bahasa/id/' not in page
    assert '>English</a>' in page, "each language is named in itself, so a reader of it finds it"
    english = _body(Client(headers={"accept-language": "en"}).get("/katalog/"))
    assert '>Bahasa Indonesia</a>' in english


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/katalog/", "http://testserver.evil.example/", "javascript:alert(1)"],
)
def test_language_link_rejects_an_off_site_next(site_tree, next_url):
    response = Client().get("/bahasa/en/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_link_ignores_an_unknown_language(site_tree):
    response = Client().get("/bahasa/fr/", {"next": "/katalog/"})
    assert response["Location"] == "/katalog/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# --- the catalogue file ----------------------------------------------------------------------------------------------

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")


def _parse_po(path: Path) -> list[dict]:
    """Read a .po file into entries: msgctxt/msgid/msgid_plural, msgstr as {index: text}, flags, obsolete."""
    entries: list[dict] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "msgstr": {}, "obsolete": False}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif match := _KEYWORD.match(line):
                key, text = match.group(1), ast.literal_eval(match.group(2))
                if key.startswith("msgstr"):
                    index = int(key[7:-1]) if "[" in key else 0
                    entry["msgstr"][index] = text
                else:
                    entry[key] = text
            else:
                text = ast.literal_eval(line.strip())
                if key.startswith("msgstr"):
                    index = int(key[7:-1]) if "[" in key else 0
                    entry["msgstr"][index] += text
                else:
                    entry[key] += text
        if "msgid" in entry:
            entries.append(entry)
    return entries


def _messages() -> list[dict]:
    return [entry for entry in _parse_po(PO_PATH) if entry["msgid"] and not entry["obsolete"]]


def _label(entry: dict) -> str:
    return f"{entry.get('msgctxt', '')}|{entry['msgid']}"


def test_every_entry_of_the_english_catalogue_is_translated():
    messages = _messages()
    assert len(messages) > 150
    header = next(entry for entry in _parse_po(PO_PATH) if entry["msgid"] == "")
    assert "Language: en\n" in header["msgstr"][0]
    assert "fuzzy" not in header["flags"]
    fuzzy = [_label(entry) for entry in messages if "fuzzy" in entry["flags"]]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    empty = [
        _label(entry)
        for entry in messages
        if not entry["msgstr"]
        or not all(text.strip() for text in entry["msgstr"].values())
        or ("msgid_plural" in entry and sorted(entry["msgstr"]) != [0, 1])
    ]
    assert not empty, f"untranslated entries: {empty}"


def test_translations_keep_their_placeholders():
    wrong = []
    for entry in _messages():
        for index, text in entry["msgstr"].items():
            source = entry["msgid_plural"] if index and "msgid_plural" in entry else entry["msgid"]
            if sorted(set(_PLACEHOLDER.findall(text))) != sorted(set(_PLACEHOLDER.findall(source))):
                wrong.append(f"{_label(entry)} -> {text}")
    assert not wrong, f"placeholders changed: {wrong}"


def test_compiled_catalogue_matches_the_po():
    """The .mo the server reads is built from the current .po (scripts/test.sh and scripts/up.sh compile it)."""
    assert MO_PATH.is_file(), "run: manage.py compilemessages --ignore '.venv/*'"
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in _messages():
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n, index in ((1, 0), (2, 1)):
                args = (entry["msgid"], entry["msgid_plural"], n)
                got = compiled.npgettext(context, *args) if context else compiled.ngettext(*args)
                if got != entry["msgstr"][index]:
                    stale.append(_label(entry))
        else:
            got = compiled.pgettext(context, entry["msgid"]) if context else compiled.gettext(entry["msgid"])
            if got != entry["msgstr"][0]:
                stale.append(_label(entry))
    assert not stale, f"locale/en/LC_MESSAGES/django.mo is out of date, run compilemessages: {stale}"
