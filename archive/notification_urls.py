"""Admin URLs of notifications, mounted under /admin/pemberitahuan/ by wagtail_hooks."""

from django.urls import path

from archive.views import notifications as views

app_name = "archive_notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/buka/", views.open_notification, name="open"),
    path("baca-semua/", views.mark_all_read, name="read_all"),
    path("pengaturan/", views.NotificationSettingsView.as_view(), name="settings"),
]
