"""Admin URLs of the archive, mounted under /admin/surat/ by wagtail_hooks (Wagtail adds the admin login)."""

from django.urls import path

from archive.views import captures, corrections, files, letters, receipts, review, upload

app_name = "archive"

urlpatterns = [
    path("unggah/", upload.upload, name="upload"),
    path("berkas/", captures.CaptureIndexView.as_view(), name="captures"),
    path("berkas/hasil/", captures.CaptureIndexView.as_view(results_only=True), name="captures_results"),
    path("berkas/<int:pk>/", review.ReviewView.as_view(), name="review"),
    path("berkas/<int:pk>/status/", captures.CaptureStatusView.as_view(), name="capture_status"),
    path("berkas/<int:pk>/coba-lagi/", captures.CaptureRetryView.as_view(), name="capture_retry"),
    path("berkas/<int:pk>/file/<slug:kind>/", files.capture_file, name="capture_file"),
    path("masuk/", letters.LetterIndexView.as_view(), name="letters"),
    path("masuk/hasil/", letters.LetterIndexView.as_view(results_only=True), name="letters_results"),
    path("masuk/<int:pk>/koreksi/", corrections.LetterCorrectView.as_view(), name="correct"),
    path("masuk/<int:pk>/tanda-terima.pdf", receipts.letter_receipt, name="receipt"),
]
