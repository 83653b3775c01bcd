"""Admin URLs of dispositions, mounted under /admin/disposisi/ by wagtail_hooks (namespace archive_dispositions)."""

from django.urls import path

from archive.views import dispositions as views

app_name = "archive_dispositions"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("<int:pk>/", views.RecipientView.as_view(), name="detail"),
    path("<int:pk>/baca/", views.mark_read, name="read"),
    path("<int:pk>/teruskan/", views.ForwardView.as_view(), name="forward"),
    path("<int:pk>/lapor/", views.ReportView.as_view(), name="report"),
    path("<int:pk>/selesai/", views.complete, name="complete"),
    path("batal/<int:pk>/", views.cancel, name="cancel"),
    path("lampiran/<int:pk>/", views.report_file, name="report_file"),
    path("surat/<int:letter_pk>/", views.LetterDispositionsView.as_view(), name="letter"),
    path("surat/<int:letter_pk>/disposisikan/", views.DisposeView.as_view(), name="create"),
    path("surat/<int:letter_pk>/lembar-disposisi.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("pemantauan/", views.MonitorView.as_view(), name="monitor"),
]
