"""The crosswalk from 78/2012 codes to 83/2022 leaves with retention: the shipped data, the selector, the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from archive.classification.crosswalk import (
    BY_CONTENT,
    PROPOSED,
    REVIEWED,
    Crosswalk,
    CrosswalkRow,
    TargetProposer,
    read_crosswalk_csv,
)
from archive.classification.scheme import CURRENT, LEGACY, load_scheme
from archive.models import AuditEvent, ClassificationCode, CrosswalkEntry
from archive.selectors.classification import crosswalk_current, filing_codes_for, retention_codes
from archive.services.crosswalk import crosswalk_sync


def _admin():
    return get_user_model().objects.create_superuser("arsiparis", "a@example.test", "sandi-uji")


def _code(code: str, scheme: str = LEGACY) -> ClassificationCode:
    return ClassificationCode.objects.get(scheme=scheme, code=code)


def test_the_shipped_crosswalk_covers_every_legacy_code_with_current_leaves_that_carry_retention() -> None:
    scheme, crosswalk = load_scheme(), read_crosswalk_csv()
    legacy = {e.code for e in scheme.entries(LEGACY)}
    assert {row.legacy_code for row in crosswalk} == legacy
    for row in crosswalk:
        for target in row.targets:
            entry = scheme.get(target, CURRENT)
            assert entry is not None and entry.final_disposition, (row.legacy_code, target)
        assert row.basis == BY_CONTENT or row.targets or row.basis == PROPOSED


def test_an_invitation_code_has_no_fixed_counterpart_and_its_children_follow_it() -> None:
    crosswalk = read_crosswalk_csv()
    assert crosswalk.get("005").basis == BY_CONTENT
    assert crosswalk.get("005").targets == ()
    assert crosswalk.resolve("005").basis == BY_CONTENT


def test_resolve_climbs_to_the_nearest_ancestor_with_targets() -> None:
    crosswalk = Crosswalk([CrosswalkRow("472", ("400.12.3.1",), REVIEWED), CrosswalkRow("472.1", (), PROPOSED)])
    assert crosswalk.resolve("472.11").targets == ("400.12.3.1",)


def test_proposals_stay_in_the_division_branch_when_a_title_matches_there() -> None:
    proposer = TargetProposer(load_scheme())
    assert proposer.propose("850")[0].startswith("800.1.11.")  # CUTI -> Cuti ... under Administrasi Pegawai
    assert proposer.propose("472.11")[0] == "400.12.3.1"  # Kelahiran -> Kelahiran dan Kematian


@pytest.mark.django_db
def test_the_migration_loaded_the_crosswalk_and_filing_codes_follow_it() -> None:
    assert CrosswalkEntry.objects.count() == ClassificationCode.objects.filter(scheme=LEGACY).count()
    assert [c.code for c in filing_codes_for(code=_code("472.11"))] == ["400.12.3.1"]
    assert [c.code for c in filing_codes_for(code=_code("003.1"))][0] == "400.14.1.1"
    assert filing_codes_for(code=_code("005")) == []  # by content: the clerk picks from retention_codes()


@pytest.mark.django_db
def test_filing_codes_of_current_codes_are_the_leaf_itself_or_the_leaves_below_a_heading() -> None:
    leaf = _code("400.12.3.1", CURRENT)
    assert filing_codes_for(code=leaf) == [leaf]
    below = [c.code for c in filing_codes_for(code=_code("400.12.3", CURRENT))]
    assert below == ["400.12.3.1", "400.12.3.2", "400.12.3.3", "400.12.3.4"]
    assert all(c.final_disposition for c in retention_codes()[:50])


@pytest.mark.django_db
def test_sync_keeps_rows_a_person_reviewed_and_skips_codes_without_retention() -> None:
    admin = _admin()
    entry = CrosswalkEntry.objects.get(legacy__code="421", legacy__scheme=LEGACY)
    entry.reviewed_by = admin
    entry.save()
    report = crosswalk_sync(
        crosswalk=Crosswalk(
            [
                CrosswalkRow("421", ("400.3.1",), REVIEWED),
                CrosswalkRow("422", ("400.3.1", "400.3"), REVIEWED),  # 400.3 is a heading: skipped
            ]
        )
    )
    assert report.kept == 1 and report.updated == 1 and report.unknown == ["400.3"]
    assert [t.current.code for t in CrosswalkEntry.objects.get(legacy__code="422").targets.all()] == ["400.3.1"]
    assert crosswalk_current().get("422").targets == ("400.3.1",)


@pytest.mark.django_db
def test_an_admin_corrects_a_mapping_and_the_suggestions_read_the_correction() -> None:
    admin = _admin()
    client = Client()
    client.force_login(admin)
    entry = CrosswalkEntry.objects.get(legacy__code="421", legacy__scheme=LEGACY)
    listing = client.get("/admin/padanan-kode/", {"q": "Sekolah"})
    assert listing.status_code == 200 and "421" in listing.content.decode()
    target = _code("400.3.1", CURRENT)
    form = {
        "basis": "proposed",
        "note": "Kebijakan pendidikan",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-current": str(target.pk),
        "targets-0-ORDER": "1",
        "targets-0-DELETE": "",
        "targets-0-id": "",
    }
    entry.targets.all().delete()
    answer = client.post(f"/admin/padanan-kode/edit/{entry.pk}/", form)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    entry.refresh_from_db()
    assert entry.basis == CrosswalkEntry.Basis.REVIEWED and entry.reviewed_by == admin
    assert [t.current.code for t in entry.targets.all()] == ["400.3.1"]
    assert crosswalk_current().get("421").targets == ("400.3.1",)
    assert AuditEvent.objects.filter(object_type="archive.crosswalkentry", object_id=str(entry.pk)).exists()
    assert client.get("/admin/padanan-kode/new/").status_code in (302, 403, 404)


@pytest.mark.django_db
def test_a_target_must_be_a_current_leaf_with_retention() -> None:
    admin = _admin()
    client = Client()
    client.force_login(admin)
    entry = CrosswalkEntry.objects.get(legacy__code="421", legacy__scheme=LEGACY)
    heading = _code("400.3", CURRENT)
    form = {
        "basis": "reviewed",
        "note": "",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-current": str(heading.pk),
        "targets-0-ORDER": "1",
        "targets-0-DELETE": "",
        "targets-0-id": "",
    }
    answer = client.post(f"/admin/padanan-kode/edit/{entry.pk}/", form)
    assert answer.status_code == 200  # the form comes back with the error
    assert not entry.targets.filter(current=heading).exists()


@pytest.mark.django_db
def test_the_command_loads_and_proposes(tmp_path) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("crosswalk", "load", stdout=out)
    assert "kept" in out.getvalue()
    target = tmp_path / "crosswalk.csv"
    call_command("crosswalk", "propose", str(target), stdout=StringIO())
    proposed = read_crosswalk_csv(target)
    assert proposed.get("005").basis == BY_CONTENT and len(proposed) == len(read_crosswalk_csv())
