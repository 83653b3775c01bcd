"""Admin URLs of filing and retention, mounted under /admin/berkas/ by wagtail_hooks (namespace archive_filing)."""

from django.urls import path

from archive.views import filing as views

app_name = "archive_filing"

urlpatterns = [
    path("retensi/", views.RetentionReportView.as_view(), name="retention"),
    path("berita-acara/<int:pk>/pdf/", views.record_pdf, name="record_pdf"),
]
