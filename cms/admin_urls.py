"""Admin URLs of SOP import, mounted under /admin/impor-sop/ by wagtail_hooks (namespace cms_imports)."""

from django.urls import path

from cms import admin_views

app_name = "cms_imports"

urlpatterns = [
    path("", admin_views.ImportIndexView.as_view(), name="index"),
    path("status/", admin_views.import_status, name="status"),
    path("<int:pk>/", admin_views.ImportDetailView.as_view(), name="detail"),
    path("<int:pk>/ulangi/", admin_views.import_retry, name="retry"),
]
