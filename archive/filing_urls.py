"""Admin URLs of filing, retention and disposal, mounted under /admin/berkas/ by wagtail_hooks (namespace
archive_filing)."""

from django.urls import path

from archive.views import disposal
from archive.views import filing as views

app_name = "archive_filing"

urlpatterns = [
    path("", views.CaseFileIndexView.as_view(), name="casefiles"),
    path("hasil/", views.CaseFileIndexView.as_view(results_only=True), name="casefiles_results"),
    path("baru/", views.CaseFileCreateView.as_view(), name="casefile_create"),
    path("<int:pk>/", views.CaseFileDetailView.as_view(), name="casefile"),
    path("retensi/", views.RetentionReportView.as_view(), name="retention"),
    path("berita-acara/<int:pk>/pdf/", views.record_pdf, name="record_pdf"),
    path("usul-musnah/", disposal.ProposalListView.as_view(), name="proposals"),
    path("usul-musnah/baru/", disposal.ProposalCreateView.as_view(), name="proposal_create"),
    path("usul-musnah/<int:pk>/", disposal.ProposalDetailView.as_view(), name="proposal"),
]
