"""The 'Impor SOP' admin screen, the completeness panel of the editor and the moderator's confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import TaskState

from cms.models import SopImport, SopPage
from cms.services.moderation import page_moderate, page_submit_for_moderation
from tests.cms.layout_fixtures import write_decree_without_appendix, write_sop_ap_pdf
from tests.factories.cms import add_sop

pytestmark = pytest.mark.django_db


def _user(name: str, group: str | None) -> User:
    user = User.objects.create_user(name, password="pw", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return _user("editor", "Editor")


@pytest.fixture
def moderator():
    return _user("moderator", "Moderator")


def _upload(client, django_capture_on_commit_callbacks, *paths: Path):
    files = [SimpleUploadedFile(path.name, path.read_bytes()) for path in paths]
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("cms_imports:index"), {"berkas": files})


def test_editor_imports_documents_and_reads_the_report(
    site_tree, editor, client, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    assert client.get(reverse("cms_imports:index")).status_code == 200
    sop = write_sop_ap_pdf(tmp_path / "sop-domisili.pdf")
    decree = write_decree_without_appendix(tmp_path / "keputusan.pdf")
    response = _upload(client, django_capture_on_commit_callbacks, sop, decree)
    assert response.status_code == 302
    done, none = (
        SopImport.objects.get(original_name="sop-domisili.pdf"),
        SopImport.objects.get(original_name="keputusan.pdf"),
    )
    assert (done.status, done.pages_done, done.pages_total, done.percent) == ("done", 1, 1, 100)
    assert done.uploaded_by == editor and done.file.name.startswith("sop-impor/")
    page = SopPage.objects.get()
    assert not page.live and page.title == "SOP Pelayanan Surat Keterangan Domisili"
    assert none.status == "no_sop" and "lampiran" in none.report["reason"].lower()

    listing = client.get(reverse("cms_imports:index")).content.decode()
    assert "sop-domisili.pdf" in listing and "keputusan.pdf" in listing
    report = client.get(reverse("cms_imports:detail", args=[done.pk])).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in report
    assert "SOP Pelayanan Surat Keterangan Domisili" in report and "4 langkah, 3 pelaksana" in report
    assert "Nomor SOP" in report  # what could not be parsed is named
    assert "Tidak ada draf yang dibuat." in client.get(reverse("cms_imports:detail", args=[none.pk])).content.decode()

    state = client.get(reverse("cms_imports:status"), {"id": [done.pk, none.pk]}).json()["imports"]
    assert {item["id"]: (item["status"], item["finished"], item["drafts"]) for item in state} == {
        done.pk: ("done", True, 1),
        none.pk: ("no_sop", True, 0),
    }


def test_a_failed_import_keeps_the_original_and_can_be_retried(
    site_tree, editor, client, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    _upload(client, django_capture_on_commit_callbacks, broken)
    job = SopImport.objects.get()
    assert job.status == "failed" and "PDF rusak" in job.error and job.attempts == 1
    assert job.file.storage.exists(job.file.name)
    detail = client.get(reverse("cms_imports:detail", args=[job.pk])).content.decode()
    assert "Coba impor lagi" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cms_imports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed" and job.attempts == 2


def test_files_of_other_types_are_refused_with_a_message(site_tree, editor, client):
    client.force_login(editor)
    response = client.post(
        reverse("cms_imports:index"), {"berkas": [SimpleUploadedFile("foto.exe", b"MZ")]}, follow=True
    )
    assert "tidak diimpor" in response.content.decode()
    assert not SopImport.objects.exists()


def test_only_users_allowed_to_import_see_the_screen(site_tree, client):
    from django.contrib.auth.models import Permission

    staff = _user("staf", None)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get(reverse("cms_imports:index")).status_code == 403
    assert client.get(reverse("cms_imports:status")).status_code == 403


def _imported_page(site_tree) -> SopPage:
    _, _, unit = site_tree
    page = add_sop(
        unit,
        publish=False,
        steps=(("Menerima berkas", "Operator", 5), ("Memeriksa berkas", "", 10)),
        import_unparsed=["sop_number", "requirements"],
    )
    page.steps.all()[1].duration_value = None
    page.import_notes.create(text="Judul terbaca kurang jelas (hasil OCR): periksa ejaannya.")
    page.save_revision()
    return page


def test_the_editor_panel_lists_what_is_missing_until_it_is_filled(site_tree, editor, client):
    page = _imported_page(site_tree)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "data-cms-completeness" in html
    assert "Nomor SOP, Persyaratan" in html
    assert "Langkah tanpa pelaksana: 2" in html
    assert "Judul terbaca kurang jelas" in html

    latest = page.get_latest_revision_as_object()
    latest.sop_number = "12/SOP/2024"
    latest.requirements = [("item", "KTP")]
    step = latest.steps.all()[1]
    step.actor = "Kasubag Umum"
    note = latest.import_notes.all()[0]
    note.resolved = True
    latest.save_revision()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Lengkap: tidak ada bagian yang perlu dilengkapi." in html


def test_the_moderator_must_confirm_before_approving_an_incomplete_page(site_tree, editor, moderator):
    page = _imported_page(site_tree)
    page_submit_for_moderation(page=page, user=editor)
    task_state = page.current_workflow_state.current_task_state
    task = task_state.task.specific
    actions = [name for name, *_ in task.get_actions(page.get_latest_revision_as_object(), moderator)]
    assert "approve_incomplete" in actions and "approve" not in actions
    form = task.get_form_for_action("approve_incomplete")({"comment": ""})
    assert not form.is_valid() and "confirm_incomplete" in form.errors
    with pytest.raises(Exception, match="may not approve"):
        page_moderate(page=page, user=moderator, approve=True)
    page_moderate(page=page, user=moderator, approve=True, confirm_incomplete=True)
    assert TaskState.objects.get(pk=task_state.pk).status == "approved"
    assert SopPage.objects.get(pk=page.pk).live


def test_the_moderator_sees_the_check_in_the_review_screen(site_tree, editor, moderator, client):
    page = _imported_page(site_tree)
    page_submit_for_moderation(page=page, user=editor)
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Langkah tanpa pelaksana: 2" in html and "Setujui meski belum lengkap" in html


def test_publishing_an_incomplete_page_needs_the_box_ticked(site_tree, client):
    admin = User.objects.create_superuser("admin", password="pw")
    page = _imported_page(site_tree)
    client.force_login(admin)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    def data(**extra):
        latest = page.get_latest_revision_as_object()
        steps = [
            {
                "activity": s.activity,
                "actor": s.actor,
                "kind": s.kind,
                "duration_value": s.duration_value or "",
                "duration_unit": s.duration_unit,
                "requirements": "",
                "output": "",
                "remarks": "",
                "duration_text": "",
            }
            for s in latest.steps.all()
        ]
        return nested_form_data({
            "title": latest.title, "slug": latest.slug, "summary": "", "description": rich_text(""),
            "sop_number": "", "audience": "publik", "established_by": "", "approved_by_name": "",
            "approved_by_position": "", "approved_by_nip": "", "completion_time": "", "cost": "",
            "legal_basis": streamfield([]), "qualifications": streamfield([]), "equipment": streamfield([]),
            "warnings": streamfield([]), "records": streamfield([]), "requirements": streamfield([]),
            "products": streamfield([]), "complaint_channels": streamfield([]),
            "actors": inline_formset([{"name": a.name} for a in latest.actors.all()]),
            "steps": inline_formset(steps),
            "related_links": inline_formset([]),
            "import_notes": inline_formset([{"text": n.text, "resolved": ""} for n in latest.import_notes.all()]),
            "action-publish": "publish", **extra,
        })  # fmt: skip

    client.post(edit, data())
    assert not SopPage.objects.get(pk=page.pk).live
    client.post(edit, data(confirm_incomplete="1"))
    assert SopPage.objects.get(pk=page.pk).live
