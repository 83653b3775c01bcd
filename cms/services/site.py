"""Site structure services: the home page and the catalogue every public page hangs under."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Site

from cms.models import CatalogueIndexPage, HomePage

DEFAULT_OFFICE = "Dinas Kependudukan dan Pencatatan Sipil"


@transaction.atomic
def site_ensure_catalogue(*, office_name: str = DEFAULT_OFFICE) -> CatalogueIndexPage:
    """Return the catalogue, creating a published home page and catalogue as the default site if missing.

    Wagtail's install leaves a plain 'Welcome' page as the site root; it is replaced by the home page.
    """
    catalogue = CatalogueIndexPage.objects.first()
    if catalogue is not None:
        return catalogue
    home = HomePage.objects.first() or _create_home(office_name)
    catalogue = CatalogueIndexPage(
        title="Katalog Layanan",
        slug="katalog",
        intro="<p>Persyaratan, langkah, waktu dan biaya setiap layanan, beserta SOP yang melaksanakannya.</p>",
    )
    home.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    return catalogue


def _create_home(office_name: str) -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage(
        title="Layanan Publik",
        slug="layanan",
        office_name=office_name,
        intro="<p>Informasi layanan: dokumen yang perlu dibawa, langkah, lama proses, biaya dan cara mengadu.</p>",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    welcome = site.root_page if site else None
    if site:
        site.root_page = home
        site.site_name = office_name
        site.save()
    else:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=office_name)
    if welcome is not None and welcome.specific_class is Page and not welcome.get_children().exists():
        welcome.delete()
    return home
