"""Admin URLs of outgoing letters, mounted under /admin/surat-keluar/ by wagtail_hooks (namespace archive_outgoing)."""

from django.urls import path

from archive.views import compose
from archive.views import outgoing as views

app_name = "archive_outgoing"

urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("baru/", views.DraftView.as_view(), name="create"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/ubah/", views.DraftView.as_view(), name="edit"),
    path("<int:pk>/kirim-periksa/", views.SubmitView.as_view(), name="submit"),
    path("<int:pk>/periksa/", views.ReviewView.as_view(), name="review"),
    path("<int:pk>/pengiriman/", views.DispatchView.as_view(), name="dispatch"),
    path("<int:pk>/berkas-konsep/", views.draft_file, name="draft_file"),
    path("<int:pk>/pratinjau.pdf", compose.preview_pdf, name="preview_pdf"),
]
