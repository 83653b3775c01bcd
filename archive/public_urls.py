"""Public URLs of the archive (no login: verification of signed letters, tracking of incoming ones), mounted at
the site root by naskah.urls (namespace archive_public)."""

from django.urls import path

from archive.views import public

app_name = "archive_public"

urlpatterns = [
    path("verifikasi/", public.verification_index, name="verification_index"),
    path("verifikasi/sertifikat-ca.pem", public.authority_certificates, name="authority_certificates"),
    # The QR code of a signed letter opens /verifikasi/<code>, without a trailing slash.
    path("verifikasi/<str:code>", public.verification, name="verification"),
    # The QR code of a sender's receipt opens /lacak/<code>.
    path("lacak/", public.tracking_index, name="tracking_index"),
    path("lacak/<str:code>", public.tracking, name="tracking"),
]
