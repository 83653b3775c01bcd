"""Admin URLs of the buku agenda, mounted under /admin/buku-agenda/ by wagtail_hooks (namespace archive_agenda)."""

from django.urls import path

from archive.views import register as views

app_name = "archive_agenda"

urlpatterns = [
    path("", views.RegisterBrowseView.as_view(), name="browse"),
    path("unduh/<slug:file_format>/", views.register_download, name="download"),
]
