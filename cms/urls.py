"""Public URLs of the catalogue that are not Wagtail pages (the printable PDF of an SOP)."""

from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("sop/<int:page_id>/cetak.pdf", views.sop_pdf, name="sop_pdf"),
    path("sop/<int:page_id>/cetak/", views.sop_print, name="sop_print"),
]
