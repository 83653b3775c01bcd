"""URL configuration: the only module besides settings that names every app."""

from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.errors import unknown_url
from api.main import api_v1
from cms import urls as cms_urls
from naskah import views as naskah_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
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
    path("", include(cms_urls)),
]

urlpatterns += [path("", include(wagtail_urls))]
