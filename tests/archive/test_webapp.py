"""The admin installable on a phone: the manifest with its icons, the service worker, and their links on every admin
page; the scan's page images behind the access rule."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from tests.factories.dispositions import build_office

pytestmark = pytest.mark.django_db


def test_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["start_url"] == reverse("wagtailadmin_home") and manifest["display"] == "standalone"
    sizes = {}
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon
        with Image.open(path) as image:
            sizes[icon["sizes"]] = image.size
            assert f"{image.width}x{image.height}" == icon["sizes"]
    assert {"192x192", "512x512"} <= set(sizes)
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_service_worker_caches_no_archive_page(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert reverse("webapp_offline") in body and "cache.put" not in body
    assert client.get(reverse("webapp_offline")).status_code == 200


def test_every_admin_page_links_the_manifest_and_the_phone_stylesheet(client):
    office = build_office()
    user = office.users["kabid"]
    user.groups.add(Group.objects.get(name="Pejabat"))
    client.force_login(user)
    page = client.get(reverse("archive_dispositions:inbox")).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert "archive/daily.css" in page and "archive/daily.js" in page
    assert 'class="naskah-bell' in page
