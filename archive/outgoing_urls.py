"""Admin URLs of outgoing letters, mounted under /admin/surat-keluar/ by wagtail_hooks (namespace archive_outgoing)."""

from django.urls import path

from archive.views import compose, delivery, signing
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
    path("<int:pk>/tandatangani/", signing.SignView.as_view(), name="sign"),
    path("<int:pk>/surat.pdf", signing.signed_pdf, name="signed_pdf"),
    path("<int:pk>/kirim-surel/", delivery.EmailView.as_view(), name="deliver_email"),
    path("<int:pk>/kirim-cetak/", delivery.PrintView.as_view(), name="deliver_print"),
    path("<int:pk>/kirim-unit/", delivery.InternalView.as_view(), name="deliver_internal"),
    path("<int:pk>/diterima/", delivery.ReceivedView.as_view(), name="delivery_received"),
    path("<int:pk>/kirim-ulang/", delivery.RetryView.as_view(), name="delivery_retry"),
    path("<int:pk>/ekspedisi.pdf", delivery.expedition_pdf, name="expedition_pdf"),
    path("sertifikat-tte/", signing.CertificatesView.as_view(), name="certificates"),
    path("sertifikat-tte/<int:pk>/cabut/", signing.revoke_certificate, name="revoke_certificate"),
]
