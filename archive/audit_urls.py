"""Admin URLs of the audit log (read only), mounted under /admin/log-audit/ by wagtail_hooks (namespace
archive_audit)."""

from django.urls import path

from archive.views import audit as views

app_name = "archive_audit"

urlpatterns = [
    path("", views.AuditEventIndexView.as_view(), name="index"),
    path("hasil/", views.AuditEventIndexView.as_view(results_only=True), name="results"),
    path("<int:pk>/", views.AuditEventDetailView.as_view(), name="detail"),
]
