"""Issue #10's walk-through in a browser: an editor imports a real scanned SOP on the 'Impor SOP' screen, reads
the report, opens the draft, sees the completeness panel, fixes one flagged step and submits it; the moderator
sees the same check, has to confirm before approving; the public page on a 360 px phone shows the steps in their
lanes and states nothing the document did not say.

The import task runs on django-tasks' immediate backend in tests, so the upload returns when the document has
been read (OCR of a two-page scan: tens of seconds on a shared CPU).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories.cms import build_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "sandi-uji-123"
# Real documents: a scanned SOP AP without a text layer (three lanes, five steps with printed times) and a
# health-facility SOP whose numbered procedure names no lane for its steps (the importer flags them).
REAL_SCAN = "sop_15.pdf"
REAL_NARRATIVE = "sop_20.pdf"
SHOTS = Path(os.environ.get("NASKAH_SCREENSHOTS", "/tmp/naskah-shots")) / "sop-import"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def people(transactional_db):
    """An editor and a moderator of the catalogue (the groups the cms migrations make), and a catalogue."""
    from django.contrib.auth.models import Group, User

    build_site()
    made = {}
    for username, group in (("editor", "Editor"), ("moderator", "Moderator")):
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True, first_name=username.title())
        user.groups.add(Group.objects.get(name=group))
        made[username] = user
    return made


@pytest.fixture
def login(browser, live_server, people):
    contexts = []

    def log_in(username: str, next_path: str = "/admin/", *, width: int = 1280) -> Page:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{live_server.url}/admin/login/?next={next_path}")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"**{next_path}")
        return page

    yield log_in
    for context in contexts:
        context.close()


def test_editor_imports_real_sops_and_the_moderator_approves_them(live_server, login, browser, shared_dir):
    from cms.models import SopImport, SopPage

    folder = shared_dir / "corpus" / "real" / "sops"

    # The editor uploads both documents at once on the 'Impor SOP' screen and reads the reports.
    editor = login("editor", "/admin/impor-sop/")
    expect(editor.get_by_role("heading", name="Impor SOP")).to_be_visible()
    editor.set_input_files("#cms-import-files", [str(folder / REAL_SCAN), str(folder / REAL_NARRATIVE)])
    editor.set_default_timeout(900_000)  # the upload returns once the documents are read (OCR of the scan)
    editor.get_by_role("button", name="Impor").click()
    editor.wait_for_url("**/admin/impor-sop/")
    editor.set_default_timeout(30_000)
    for name in (REAL_SCAN, REAL_NARRATIVE):
        row = editor.locator("[data-cms-import]").filter(has_text=name)
        expect(row.locator("[data-status]")).to_have_text("selesai", ignore_case=True)
        expect(row.locator("[data-drafts]")).to_have_text("1")
    shot(editor, "01-impor-sop")

    scan_report = SopImport.objects.get(original_name=REAL_SCAN).report["sops"][0]
    assert scan_report["steps"] == 5 and scan_report["actors"] == 3, scan_report
    editor.locator("[data-cms-import]").filter(has_text=REAL_SCAN).get_by_role("link", name=REAL_SCAN).click()
    expect(editor.get_by_text("5 langkah, 3 pelaksana").first).to_be_visible()
    shot(editor, "02-laporan-impor-pindaian")
    scan_page = SopPage.objects.get(pk=scan_report["page_id"])
    lanes = [step.actor for step in scan_page.get_latest_revision_as_object().steps.all()]
    assert all(lanes) and len(set(lanes)) == 3, lanes

    # The scanned SOP's draft: every step has its lane and time; the panel lists the fields still empty.
    editor.get_by_role("link", name=scan_report["title"]).first.click()
    editor.wait_for_url("**/admin/pages/*/edit/")
    panel = editor.locator("[data-cms-completeness]")
    expect(panel).to_contain_text("Belum lengkap")
    expect(panel.locator("[data-cms-steps-actor]")).to_have_count(0)
    shot(editor, "03-draf-pindaian")
    submit_for_moderation(editor)

    # The narrative SOP's draft: its steps have no lane; the editor gives the first one the lane the document
    # itself names ('Yang dilakukan pasien') and a time, and submits it.
    narrative_report = SopImport.objects.get(original_name=REAL_NARRATIVE).report["sops"][0]
    editor.goto(f"{live_server.url}/admin/pages/{narrative_report['page_id']}/edit/")
    panel = editor.locator("[data-cms-completeness]")
    expect(panel.locator("[data-cms-steps-actor]")).to_contain_text("1, 2, 3, 4")
    shot(editor, "04-draf-tanpa-pelaksana")
    editor.get_by_role("tab", name="Prosedur").click()
    editor.locator("#id_actors-0-name").fill("Pasien")  # the form's first, empty lane: the document named none
    editor.locator("#id_steps-0-actor").fill("Pasien")
    editor.locator("#id_steps-0-duration_value").fill("5")
    editor.locator("#id_steps-0-duration_unit").select_option("minute")
    submit_for_moderation(editor)
    editor.goto(f"{live_server.url}/admin/pages/{narrative_report['page_id']}/edit/")
    expect(editor.locator("[data-cms-steps-actor]")).to_contain_text("2, 3, 4")
    narrative_page = SopPage.objects.get(pk=narrative_report["page_id"])
    first = narrative_page.get_latest_revision_as_object().steps.all()[0]
    assert first.actor == "Pasien" and first.has_duration

    # The moderator sees the same check on each page and must confirm before approving an incomplete one.
    moderator = login("moderator", f"/admin/pages/{narrative_page.pk}/edit/")
    expect(moderator.locator("[data-cms-steps-actor]")).to_contain_text("2, 3, 4")
    shot(moderator, "05-moderator-kelengkapan")
    approve_incomplete(moderator)
    moderator.goto(f"{live_server.url}/admin/pages/{scan_page.pk}/edit/")
    approve_incomplete(moderator)
    for page in (scan_page, narrative_page):
        page.refresh_from_db()
        assert page.live
        unit = page.get_parent().specific  # the importer makes the unit as a draft too
        if not unit.live:
            unit.save_revision().publish()

    # The public pages on a 360 px phone: the steps in their lanes, no horizontal overflow, nothing claimed
    # that the document did not say.
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID").new_page()
    try:
        for page, name in ((scan_page, "06-publik-pindaian-360"), (narrative_page, "07-publik-naratif-360")):
            page.refresh_from_db()
            phone.goto(live_server.url + page.url)
            expect(phone.get_by_role("heading", level=1)).to_have_text(page.title)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{page.title}: {width} px wide on a 360 px phone"
            body = phone.locator("main").inner_text()
            assert "Tidak ada persyaratan khusus" not in body and "Gratis" not in body
            chart = phone.locator("figure svg").first
            chart.scroll_into_view_if_needed()
            chart_text = chart.text_content()
            for actor in {step.actor for step in page.steps.all() if step.actor}:
                assert actor.split()[0] in chart_text, (actor, chart_text[:300])
            shot(phone, name)
    finally:
        phone.context.close()


def submit_for_moderation(page: Page) -> None:
    """Choose the workflow's submit action in the editor's action menu."""
    page.locator("footer [data-w-dropdown-target=toggle], footer .dropdown-toggle").last.click()
    with page.expect_navigation():
        page.locator("button[name=action-submit]").click()
    expect(page.locator(".messages .success")).to_be_visible()


def approve_incomplete(page: Page) -> None:
    """Approve with the confirmation the check asks for (the plain 'approve' is not offered)."""
    page.locator("footer [data-w-dropdown-target=toggle], footer .dropdown-toggle").last.click()
    page.get_by_role("button", name="Setujui meski belum lengkap").click()
    dialog = page.locator("[role=dialog]:visible, .modal:visible").first
    expect(dialog).to_contain_text("Saya sudah memeriksa")
    dialog.get_by_role("checkbox").check()
    with page.expect_navigation():
        dialog.locator("button[type=submit], input[type=submit]").last.click()
    expect(page.locator(".messages .success")).to_be_visible()
