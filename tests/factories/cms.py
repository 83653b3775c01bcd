"""Factories for catalogue pages: a site tree built in code, never from a JSON dump."""

from __future__ import annotations

from decimal import Decimal

import factory
from wagtail.models import Page, Site

from cms.models import CatalogueIndexPage, HomePage, SopActor, SopCategory, SopPage, SopStep, UnitPage


class SopCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SopCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kategori {n}")


def build_site() -> tuple[HomePage, CatalogueIndexPage]:
    """Replace Wagtail's welcome page with a home page and a catalogue, and make it the default site."""
    root = Page.get_first_root_node()
    home = HomePage(title="Beranda", slug="beranda", office_name="Dinas Uji Coba")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    catalogue = CatalogueIndexPage(title="Katalog Layanan", slug="katalog")
    home.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    return home, catalogue


def add_unit(catalogue: CatalogueIndexPage, title: str = "Dinas Kependudukan") -> UnitPage:
    unit = UnitPage(title=title)
    catalogue.add_child(instance=unit)
    unit.save_revision().publish()
    return unit


def add_sop(
    unit: UnitPage,
    *,
    title: str = "Prosedur Pengagendaan Surat Masuk",
    actors: tuple[str, ...] = ("Operator", "Kasubag Umum", "Kepala Dinas"),
    steps: tuple[tuple, ...] | None = None,
    publish: bool = True,
    **fields,
) -> SopPage:
    """Add an SOP; each step is (activity, actor, minutes) or (activity, actor, minutes, no_goto_step)."""
    if steps is None:
        steps = (
            ("Menerima dan mencatat surat masuk", "Operator", 5),
            ("Memeriksa surat. Jika tidak lengkap kembali ke operator", "Kasubag Umum", 10, 1),
            ("Memberi disposisi", "Kepala Dinas", 15),
        )
    page = SopPage(title=title, live=False, **fields)
    page.actors = [SopActor(name=name, sort_order=index) for index, name in enumerate(actors)]
    page.steps = [_step(spec, index) for index, spec in enumerate(steps)]
    unit.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def _step(spec: tuple, index: int) -> SopStep:
    activity, actor, minutes, *rest = spec
    goto = rest[0] if rest else None
    return SopStep(
        sort_order=index,
        activity=activity,
        actor=actor,
        duration_value=Decimal(minutes),
        duration_unit="minute",
        output=f"Hasil {activity.split()[0].lower()}",
        requirements="Surat",
        kind=SopStep.DECISION if goto else SopStep.PROCESS,
        no_goto_step=goto,
    )
