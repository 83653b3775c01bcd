"""Admin URLs of the search layer, mounted under /admin/cari/ by wagtail_hooks (Wagtail adds the admin login)."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.SearchView.as_view(), name="index"),
]
