"""Tests of the SOP editor form in the Wagtail admin: rows that must agree with each other."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import SopPage

pytestmark = pytest.mark.django_db


def _form(actors, steps):
    return nested_form_data(
        {
            "title": "Prosedur Pengajuan Cuti",
            "slug": "prosedur-pengajuan-cuti",
            "sop_number": "800/12/427.43/2024",
            "audience": "internal",
            "summary": "",
            "description": rich_text(""),
            "legal_basis": streamfield([("item", "Peraturan Pemerintah Nomor 11 Tahun 2017")]),
            "qualifications": streamfield([]),
            "equipment": streamfield([]),
            "warnings": streamfield([]),
            "records": streamfield([]),
            "requirements": streamfield([("item", "Blanko cuti")]),
            "products": streamfield([]),
            "complaint_channels": streamfield([]),
            "completion_time": "",
            "cost": "",
            "actors": inline_formset([{"name": name} for name in actors]),
            "steps": inline_formset(
                [
                    {
                        "activity": activity,
                        "actor": actor,
                        "kind": "decision" if goto else "process",
                        "no_goto_step": goto or "",
                        "requirements": "",
                        "duration_value": "15",
                        "duration_max": "",
                        "duration_unit": "minute",
                        "output": "",
                        "remarks": "",
                    }
                    for activity, actor, goto in steps
                ]
            ),
            "related_links": inline_formset([]),
            "import_notes": inline_formset([]),
        }
    )


@pytest.fixture
def editor_client(client, site_tree):
    user = User.objects.create_user("editor", password="pw")
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


def _add_url(unit):
    return reverse("wagtailadmin_pages:add", args=["cms", "soppage", unit.pk])


def test_editor_creates_a_draft_sop(editor_client, site_tree):
    _, _, unit = site_tree
    data = _form(["PNS", "Kasubag Umum"], [("Mengajukan cuti", "PNS", None), ("Memeriksa", "Kasubag Umum", 1)])
    response = editor_client.post(_add_url(unit), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = SopPage.objects.get(slug="prosedur-pengajuan-cuti")
    assert not page.live
    assert [a.name for a in page.actors.all()] == ["PNS", "Kasubag Umum"]
    assert [s.actor for s in page.steps.all()] == ["PNS", "Kasubag Umum"]
    assert page.total_minutes == 30


def test_step_actor_must_be_one_of_the_actors(editor_client, site_tree):
    _, _, unit = site_tree
    data = _form(["PNS"], [("Mengajukan cuti", "PNS", None), ("Menandatangani", "Kepala Dinas", None)])
    response = editor_client.post(_add_url(unit), data)
    assert response.status_code == 200
    assert "bukan salah satu pelaksana" in response.content.decode()
    assert not SopPage.objects.filter(slug="prosedur-pengajuan-cuti").exists()


def test_no_branch_must_point_at_another_existing_step(editor_client, site_tree):
    _, _, unit = site_tree
    data = _form(["PNS"], [("Mengajukan cuti", "PNS", None), ("Memeriksa", "PNS", 5)])
    response = editor_client.post(_add_url(unit), data)
    assert response.status_code == 200
    assert "Langkah tujuan harus langkah lain" in response.content.decode()
