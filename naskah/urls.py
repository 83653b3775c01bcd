"""URL configuration: the only module besides settings that names every app."""

from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.errors import unknown_url
from api.main import api_v1
from archive import public_urls as archive_public_urls
from archive.views import events as archive_events
from archive.views import webapp as archive_webapp
from cms import urls as cms_urls
from naskah import views as naskah_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # The admin installable on a phone: its manifest, a service worker for the whole site and its offline page.
    path("manifest.webmanifest", archive_webapp.manifest, name="webapp_manifest"),
    path("sw.js", archive_webapp.service_worker, name="webapp_service_worker"),
    path("luring/", archive_webapp.offline, name="webapp_offline"),
    # A person's invitation calendar, read by calendar applications with its secret token (no sign-in).
    path("kalender/<str:token>.ics", archive_events.feed, name="calendar_feed"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api_v1.urls),
    re_path(r"^api/", unknown_url),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", naskah_views.healthz, name="healthz"),
    path("ping", naskah_views.ping, name="ping"),
    path("bahasa/<str:code>/", naskah_views.choose_language, name="choose_language"),
    # Of the stored files only the catalogue's image renditions have a public address; every archive file is
    # served by a view that checks access (archive.serving), so /media/<anything else> is 404 for everyone.
    re_path(r"^media/(?P<path>images/.+)$", naskah_views.public_image, name="public_image"),
    re_path(r"^media/", naskah_views.not_found),
    path("", include(archive_public_urls, namespace="archive_public")),
    path("", include(cms_urls)),
]

urlpatterns += [path("", include(wagtail_urls))]
