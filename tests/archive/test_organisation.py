"""The organisation: the unit tree, who holds a post on a given day, and acting holders (Plt) for a period."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from archive.models import Position, PositionHolder, Unit
from archive.selectors.organisation import (
    position_holder_acting_for,
    position_holders_on,
    position_superiors,
    unit_ancestors,
    unit_descendants,
    user_positions,
)
from tests.factories.archive import PositionFactory, PositionHolderFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def office():
    """Dinas > Sekretariat > Subbagian Umum, and Dinas > Bidang PIAK > Seksi Pendaftaran, with their heads."""
    dinas = UnitFactory(name="Dinas Kependudukan", code="427.43", kind=Unit.Kind.DINAS)
    sekretariat = UnitFactory(name="Sekretariat", code="427.43.1", kind=Unit.Kind.SEKRETARIAT, parent=dinas)
    umum = UnitFactory(name="Subbagian Umum", code="UMUM", kind=Unit.Kind.SUBBAGIAN, parent=sekretariat)
    piak = UnitFactory(name="Bidang PIAK", code="PIAK", kind=Unit.Kind.BIDANG, parent=dinas)
    seksi = UnitFactory(name="Seksi Pendaftaran", code="PIAK.1", kind=Unit.Kind.SEKSI, parent=piak)
    kadis = PositionFactory(title="Kepala Dinas", kind=Position.Kind.KEPALA_DINAS, unit=dinas, rank=10)
    sekretaris = PositionFactory(
        title="Sekretaris", kind=Position.Kind.SEKRETARIS, unit=sekretariat, rank=20, parent=kadis
    )
    kabid = PositionFactory(title="Kabid PIAK", kind=Position.Kind.KABID, unit=piak, rank=30, parent=kadis)
    kasi = PositionFactory(title="Kasi Pendaftaran", kind=Position.Kind.KASI, unit=seksi, rank=40, parent=kabid)
    return {
        "units": {"dinas": dinas, "sekretariat": sekretariat, "umum": umum, "piak": piak, "seksi": seksi},
        "positions": {"kadis": kadis, "sekretaris": sekretaris, "kabid": kabid, "kasi": kasi},
    }


def test_unit_tree_descendants_and_ancestors(office):
    units = office["units"]
    assert set(unit_descendants(unit=units["dinas"])) == set(units.values())
    assert set(unit_descendants(unit=units["piak"])) == {units["piak"], units["seksi"]}
    assert set(unit_descendants(unit=units["piak"], include_self=False)) == {units["seksi"]}
    assert unit_ancestors(unit=units["umum"]) == [units["sekretariat"], units["dinas"]]
    assert unit_ancestors(unit=units["dinas"]) == []
    assert list(units["dinas"].children.order_by("name")) == [units["piak"], units["sekretariat"]]


def test_unit_cannot_become_its_own_descendant(office):
    units = office["units"]
    units["dinas"].parent = units["seksi"]
    with pytest.raises(ValidationError) as raised:
        units["dinas"].full_clean()
    assert "parent" in raised.value.message_dict
    units["dinas"].parent = None
    units["seksi"].parent = units["piak"]
    units["seksi"].full_clean()  # an ordinary move is fine


def test_position_superiors_follow_the_chain(office):
    positions = office["positions"]
    assert position_superiors(position=positions["kasi"]) == [positions["kabid"], positions["kadis"]]
    assert position_superiors(position=positions["kadis"]) == []
    positions["kadis"].parent = positions["kasi"]
    with pytest.raises(ValidationError):
        positions["kadis"].full_clean()


def test_holders_on_a_day_follow_start_and_end(office):
    kabid = office["positions"]["kabid"]
    budi, citra = UserFactory(username="budi"), UserFactory(username="citra")
    PositionHolderFactory(position=kabid, user=budi, start=D(2023, 1, 2), end=D(2024, 12, 31))
    PositionHolderFactory(position=kabid, user=citra, start=D(2025, 1, 1))

    assert position_holders_on(position=kabid, day=D(2022, 12, 31)) == []
    assert [h.user for h in position_holders_on(position=kabid, day=D(2023, 1, 2))] == [budi]
    assert [h.user for h in position_holders_on(position=kabid, day=D(2024, 12, 31))] == [budi]  # end inclusive
    assert [h.user for h in position_holders_on(position=kabid, day=D(2025, 1, 1))] == [citra]
    assert [h.user for h in position_holders_on(position=kabid, day=D(2031, 7, 1))] == [citra]  # open end
    assert [p.position for p in user_positions(user=budi, day=D(2024, 6, 1))] == [kabid]
    assert user_positions(user=budi, day=D(2025, 6, 1)) == []


def test_acting_holder_exercises_the_post_only_during_the_period(office):
    positions = office["positions"]
    budi, ani = UserFactory(username="budi"), UserFactory(username="ani")
    PositionHolderFactory(position=positions["kabid"], user=budi, start=D(2024, 1, 1))
    PositionHolderFactory(position=positions["kasi"], user=ani, start=D(2024, 1, 1))
    plt = PositionHolderFactory(
        position=positions["kabid"], user=ani, start=D(2025, 2, 1), end=D(2025, 2, 28), acting=True
    )

    before, during, last, after = D(2025, 1, 31), D(2025, 2, 10), D(2025, 2, 28), D(2025, 3, 1)
    assert position_holder_acting_for(position=positions["kabid"], day=before).user == budi
    assert position_holder_acting_for(position=positions["kabid"], day=during) == plt
    assert position_holder_acting_for(position=positions["kabid"], day=last).user == ani
    assert position_holder_acting_for(position=positions["kabid"], day=after).user == budi
    # During the period the definitive holder still holds the post, after the Plt.
    assert [(h.user, h.acting) for h in position_holders_on(position=positions["kabid"], day=during)] == [
        (ani, True),
        (budi, False),
    ]
    # The Plt holds the higher post first, then their own.
    assert [(h.position, h.acting) for h in user_positions(user=ani, day=during)] == [
        (positions["kabid"], True),
        (positions["kasi"], False),
    ]
    assert [h.position for h in user_positions(user=ani, day=after)] == [positions["kasi"]]


def test_vacant_post_with_only_a_plt(office):
    kadis = office["positions"]["kadis"]
    sekretaris = UserFactory(username="sekda")
    PositionHolderFactory(position=kadis, user=sekretaris, start=D(2025, 1, 1), end=D(2025, 6, 30), acting=True)
    assert position_holder_acting_for(position=kadis, day=D(2025, 3, 1)).user == sekretaris
    assert position_holder_acting_for(position=kadis, day=D(2025, 7, 1)) is None


def test_overlapping_holders_of_a_head_post_are_refused(office):
    kabid = office["positions"]["kabid"]
    PositionHolderFactory(position=kabid, start=D(2024, 1, 1), end=D(2024, 12, 31))
    overlapping = PositionHolder(position=kabid, user=UserFactory(), start=D(2024, 12, 1))
    with pytest.raises(ValidationError):
        overlapping.full_clean()
    following = PositionHolder(position=kabid, user=UserFactory(), start=D(2025, 1, 1))
    following.full_clean()
    # A Plt may overlap the definitive holder, but not another Plt.
    PositionHolderFactory(position=kabid, start=D(2024, 3, 1), end=D(2024, 3, 31), acting=True)
    second_plt = PositionHolder(
        position=kabid, user=UserFactory(), start=D(2024, 3, 15), end=D(2024, 4, 15), acting=True
    )
    with pytest.raises(ValidationError):
        second_plt.full_clean()


def test_staff_posts_have_many_holders_at_once(office):
    staf = PositionFactory(title="Staf PIAK", kind=Position.Kind.STAF, unit=office["units"]["piak"], rank=90)
    PositionHolderFactory(position=staf, start=D(2024, 1, 1))
    second = PositionHolder(position=staf, user=UserFactory(), start=D(2024, 6, 1))
    second.full_clean()
    second.save()
    assert len(position_holders_on(position=staf, day=D(2024, 7, 1))) == 2


def test_end_before_start_is_refused_by_the_database(office):
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionHolderFactory(position=office["positions"]["kasi"], start=D(2025, 2, 1), end=D(2025, 1, 1))


# Editing in the admin ---------------------------------------------------------------------------------------


def _member(name: str):
    from django.contrib.auth.models import Group

    user = UserFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.mark.parametrize("viewset", ["archive_unit", "archive_position", "archive_position_holder", "archive_register"])
def test_admin_lists_the_organisation(client, office, viewset):
    from django.urls import reverse

    client.force_login(_member("Admin"))
    response = client.get(reverse(f"{viewset}:index"))
    assert response.status_code == 200
    assert "Organisasi" in response.content.decode()  # the menu group
    assert client.get(reverse(f"{viewset}:add")).status_code == 200


def test_admin_adds_a_unit_and_a_plt(client, office):
    from django.urls import reverse

    client.force_login(_member("Admin"))
    response = client.post(
        reverse("archive_unit:add"),
        {
            "name": "Seksi Pindah Datang",
            "code": "PIAK.2",
            "kind": "seksi",
            "parent": office["units"]["piak"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert Unit.objects.get(code="PIAK.2").parent == office["units"]["piak"]

    ani = UserFactory(username="ani")
    kabid = office["positions"]["kabid"]
    response = client.post(
        reverse("archive_position_holder:add"),
        {"position": kabid.pk, "user": ani.pk, "start": "2025-02-01", "end": "2025-02-28", "acting": "on"},
    )
    assert response.status_code == 302
    assert position_holder_acting_for(position=kabid, day=D(2025, 2, 14)).user == ani
    # A second Plt for the same days is refused by the form.
    response = client.post(
        reverse("archive_position_holder:add"),
        {"position": kabid.pk, "user": UserFactory().pk, "start": "2025-02-10", "end": "2025-03-10", "acting": "on"},
    )
    assert response.status_code == 200 and PositionHolder.objects.filter(position=kabid).count() == 1


def test_staff_see_the_organisation_but_cannot_change_it(client, office):
    from django.urls import reverse

    client.force_login(_member("Staf"))
    assert client.get(reverse("archive_unit:index")).status_code == 200
    response = client.post(reverse("archive_unit:add"), {"name": "Bidang Baru", "kind": "bidang"})
    assert response.status_code in (302, 403)
    assert not Unit.objects.filter(name="Bidang Baru").exists()
