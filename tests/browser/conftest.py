"""Playwright driving Debian's Chromium (browsers cannot be downloaded here)."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/bootstrap.sh does)")
    # Playwright's sync API runs an event loop; Django must allow its ORM calls from the test thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def wagtail_root(transactional_db):
    """Make sure Wagtail's root page and default locale exist before a browser test builds its pages.

    Every transactional test empties the database when it ends. serialized_rollback is meant to put the
    migrations' data back, but after the numbering tests swap database wrappers in threads it is not always
    there, so the two rows every page needs are recreated here when missing (the tests build the rest).
    """
    from django.conf import settings
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
