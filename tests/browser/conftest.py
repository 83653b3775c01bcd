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


# The walk-through's people -------------------------------------------------------------------------------------

STAFF_PASSWORD = "sandi-uji-123"
# Who is who in the walk-through's office (tests.factories.dispositions.build_office) and their deployment groups.
OFFICE_GROUPS = {"operator": "Operator", "kadis": "Pejabat", "kabid": "Pejabat", "kasi": "Pejabat", "staf": "Staf"}


def _migration(name: str):
    import importlib

    return importlib.import_module(f"archive.migrations.{name}")


def _restore_groups_and_seeds() -> None:
    """Put back the groups, grants, instructions and classification codes the migrations made, when missing.

    serialized_rollback should have kept them, but a transactional flush by another test may have emptied them;
    the grants are read from the migrations themselves so the groups stay the deployment's.
    """
    from django.contrib.auth.models import Group, Permission

    from archive.models import ClassificationCode, Instruction

    grants: dict[str, list[tuple[str, object]]] = {}
    for name, pairs in _migration("0004_default_registers_and_groups").GROUPS.items():
        grants.setdefault(name, []).extend(pairs)
    grant_migrations = (
        "0006_disposition_instructions_and_permissions",
        "0009_outgoing_permissions",
        "0018_electronic_letters",
    )
    for module in grant_migrations:
        for name, codenames in _migration(module).GRANTS.items():
            grants.setdefault(name, []).append(("archive", codenames))
    grants["Operator"].append(("archive", _migration("0010_filing_permissions").OPERATOR))
    grants["Admin"].append(("archive", "__all__"))
    for name, pairs in grants.items():
        group, created = Group.objects.get_or_create(name=name)
        if not created and group.permissions.exists():
            continue
        for app_label, codenames in pairs:
            permissions = Permission.objects.filter(content_type__app_label=app_label)
            if codenames != "__all__":
                permissions = permissions.filter(codename__in=codenames)
            group.permissions.add(*permissions)
    if not Instruction.objects.exists():
        for index, name in enumerate(_migration("0006_disposition_instructions_and_permissions").INSTRUCTIONS, 1):
            Instruction.objects.create(name=name, order=index * 10)
    if not ClassificationCode.objects.exists():
        from archive.classification.scheme import load_scheme
        from archive.services.classification import classification_codes_sync

        classification_codes_sync(scheme=load_scheme())


@pytest.fixture
def office(transactional_db):
    """Kepala Dinas > Kabid PIAK > Kasi Pendaftaran > Staf (build_office) plus an operator (tata usaha), each a
    user with a password and the group the deployment gives that role; nobody is a superuser."""
    from django.contrib.auth.models import Group

    from tests.factories.archive import UserFactory
    from tests.factories.dispositions import build_office

    _restore_groups_and_seeds()
    built = build_office()
    built.users["operator"] = UserFactory(username="operator", first_name="Petugas", last_name="Tata Usaha")
    for username, group in OFFICE_GROUPS.items():
        user = built.users[username]
        user.set_password(STAFF_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=group))
    return built


@pytest.fixture
def staff_login(browser, live_server, office):
    """Log a person of the office in through the admin's login form, each in their own browser; returns the page."""
    contexts = []

    def login(username: str, next_path: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{live_server.url}/admin/login/?next={next_path}")
        page.fill("#id_username", username)
        page.fill("#id_password", STAFF_PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"**{next_path}")
        return page

    yield login
    for context in contexts:
        context.close()


@pytest.fixture
def corpus_letter(shared_dir):
    """Return a corpus letter's path and its truth record."""
    import json

    corpus = shared_dir / "corpus" / "dev"

    def find(name: str):
        for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["file"] == name:
                return corpus / "letters" / name, record
        raise LookupError(name)

    return find
