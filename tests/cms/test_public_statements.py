"""The public catalogue never states what it does not know, leads with services for citizens, keeps a unit's
internal procedures apart (or away), switches language at once, and draws decision labels uncut."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from cms import flowchart
from cms.importers.audience import INTERNAL, PUBLIC, guess_audience
from cms.models import SopPage, UnitPage
from tests.factories.cms import add_sop

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_empty_fields_read_as_not_stated_never_as_claims(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit)
    html = _text(Client().get(sop.url))
    assert "Tidak ada persyaratan khusus" not in html
    assert "Gratis" not in html
    assert html.count("Belum dicantumkan.") == 2  # requirements and cost (the time is the steps' total)
    assert "Nomor SOP" not in html  # identity rows without a value are left out


def test_explicit_choices_are_stated(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit, no_requirements=True, is_free=True, completion_time="1 hari kerja")
    html = _text(Client().get(sop.url))
    assert "Tidak ada persyaratan khusus." in html and "Gratis" in html and "1 hari kerja" in html
    assert "Belum dicantumkan." not in html


def test_steps_without_actor_say_so(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit, steps=(("Menerima berkas", "", 5),), actors=("Operator",))
    html = _text(Client().get(sop.url))
    assert "belum dicantumkan" in html and "tidak ditentukan" not in html


def test_catalogue_and_home_lead_with_services_for_citizens(site_tree):
    home, catalogue, unit = site_tree
    add_sop(unit, title="Pelayanan Akta Kelahiran")
    add_sop(unit, title="Prosedur Pengajuan Cuti Pegawai", audience="internal")
    client = Client()
    listing = _text(client.get(catalogue.url))
    assert "Pelayanan Akta Kelahiran" in listing and "Prosedur Pengajuan Cuti Pegawai" not in listing
    assert "Layanan untuk masyarakat (1)" in listing and "Prosedur administrasi internal (1)" in listing
    internal = _text(client.get(catalogue.url, {"bagian": "internal"}))
    assert "Prosedur Pengajuan Cuti Pegawai" in internal and "Pelayanan Akta Kelahiran" not in internal
    front = _text(client.get(home.url))
    assert "Pelayanan Akta Kelahiran" in front and "Cuti Pegawai" not in front
    unit_html = _text(client.get(unit.url))
    assert unit_html.index("Pelayanan Akta Kelahiran") < unit_html.index("Prosedur administrasi internal")


def test_a_unit_may_keep_its_internal_procedures_away_from_the_public(site_tree):
    _, catalogue, unit = site_tree
    internal = add_sop(unit, title="Prosedur Penggajian", audience="internal")
    public = add_sop(unit, title="Pelayanan KTP")
    UnitPage.objects.filter(pk=unit.pk).update(internal_sops_public=False)
    client = Client()
    assert client.get(internal.url).status_code == 404
    assert client.get(f"/sop/{internal.pk}/cetak/").status_code == 404
    assert client.get(public.url).status_code == 200
    assert "Prosedur Penggajian" not in _text(client.get(catalogue.url, {"bagian": "internal"}))


def test_the_importer_tells_services_from_internal_procedures():
    assert guess_audience(title="Pelayanan Permohonan Informasi Publik", actors=["Petugas"], group=None) == PUBLIC
    assert guess_audience(title="Pelaksanaan E-Learning", actors=["Admin", "Peserta"], group=None) == INTERNAL
    assert guess_audience(title="Prosedur Cuti Tahunan", actors=["PNS", "Kasubag Umum"], group=None) == INTERNAL
    assert guess_audience(title="Penerbitan Akta", actors=["Pemohon", "Petugas Loket"], group=None) == PUBLIC
    assert guess_audience(title="Pembayaran", actors=["Bendahara"], group="SOP Keuangan") == INTERNAL


def test_the_language_switch_takes_effect_at_once(site_tree):
    _, catalogue, _ = site_tree
    client = Client()
    indonesian = client.get(catalogue.url)
    assert "Cookie" in indonesian["Vary"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(catalogue.url)
    assert english.content != indonesian.content
    assert 'lang="en"' in english.content.decode()


def test_a_decision_label_fits_inside_its_drawing(site_tree):
    _, _, unit = site_tree
    sop = add_sop(
        unit,
        actors=("Pemohon", "Petugas"),
        steps=(("Mengajukan", "Petugas", 5), ("Memeriksa. Jika tidak lengkap kembali", "Pemohon", 5, 1)),
    )
    svg = flowchart.render_swimlane_svg(flowchart.flow_from_page(SopPage.objects.get(pk=sop.pk)), ident="t")
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    for x, w in re.findall(r'class="flow-label flow-label--no"><rect x="(-?[\d.]+)" y="[^"]+" width="([\d.]+)"', svg):
        assert 0 <= float(x) and float(x) + float(w) <= width
