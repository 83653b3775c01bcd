"""Tests of the public page cache: anonymous hits, invalidation on publish, bypass for editors."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.models import SopPage
from tests.factories.cms import add_sop

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_without_queries(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit)
    client = Client()
    first = client.get(sop.url)
    assert first.status_code == 200 and not first.cookies
    with CaptureQueriesContext(connection) as queries:
        second = client.get(sop.url)
    assert second.status_code == 200
    assert second.content == first.content
    assert len(queries) == 0


def test_publishing_any_page_invalidates_cached_pages(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit)
    client = Client()
    assert "Prosedur Pengagendaan Surat Masuk" in client.get(sop.url).content.decode()
    sop.title = "Prosedur Pengagendaan Surat Masuk Elektronik"
    sop.save_revision().publish()
    assert "Surat Masuk Elektronik" in client.get(sop.url).content.decode()


def test_unpublished_page_disappears_from_the_catalogue(site_tree):
    _, catalogue, unit = site_tree
    sop = add_sop(unit, title="Prosedur Cuti")
    client = Client()
    assert "Prosedur Cuti" in client.get(catalogue.url).content.decode()
    SopPage.objects.get(pk=sop.pk).unpublish()  # a fresh instance: the factory's copy predates publishing
    assert "Prosedur Cuti" not in client.get(catalogue.url).content.decode()


def test_signed_in_editors_are_never_served_from_the_cache(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit)
    Client().get(sop.url)  # warm the cache anonymously
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="pw"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(sop.url)
    assert response.status_code == 200
    assert len(queries) > 0


def test_query_strings_are_cached_separately(site_tree):
    _, catalogue, unit = site_tree
    add_sop(unit, title="Prosedur Pembayaran Pajak")
    add_sop(unit, title="Prosedur Cuti")
    client = Client()
    assert "Prosedur Cuti" not in client.get(catalogue.url, {"q": "pajak"}).content.decode()
    assert "Prosedur Cuti" in client.get(catalogue.url).content.decode()
