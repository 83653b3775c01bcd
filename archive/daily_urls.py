"""Admin URLs of a letter as the officials read it: its scan page by page and its timeline (namespace
archive_daily, mounted under /admin/surat-harian/ by archive.daily_hooks)."""

from django.urls import path

from archive.views import scan, timeline

app_name = "archive_daily"

urlpatterns = [
    path("berkas/<int:pk>/halaman/<int:number>/", scan.scan_page, name="scan_page"),
    path("surat/<int:letter_pk>/riwayat/", timeline.TimelineView.as_view(), name="timeline"),
]
