"""Tests of the catalogue models: durations, computed totals, validation and page-type rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from cms import durations
from cms.models import CatalogueIndexPage, HomePage, ServiceStandardPage, SopPage, SopStep, UnitPage
from tests.factories.cms import add_sop


def test_unit_minutes_uses_working_day_setting():
    assert durations.to_minutes(Decimal("1"), durations.DAY) == 480
    with override_settings(CMS_WORKING_DAY_MINUTES=450):
        assert durations.to_minutes(Decimal("2"), durations.DAY) == 900
    assert durations.to_minutes(Decimal("1.5"), durations.HOUR) == 90
    assert durations.to_minutes(None, durations.MINUTE) == 0


def test_format_minutes_reads_like_an_sop():
    assert durations.format_minutes(0) == "0 menit"
    assert durations.format_minutes(54) == "54 menit"
    assert durations.format_minutes(125) == "2 jam 5 menit"
    assert durations.format_minutes(480 + 65) == "1 hari kerja 1 jam 5 menit"


def test_format_value_with_range_and_decimal_comma():
    assert durations.format_value(Decimal("10"), Decimal("120"), durations.MINUTE) == "10–120 menit"
    assert durations.format_value(Decimal("1.5"), None, durations.HOUR) == "1,5 jam"
    assert durations.format_value(None, None, durations.HOUR) == ""


@pytest.mark.django_db
def test_total_duration_sums_steps_in_minutes(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit, steps=(("A", "Operator", 5), ("B", "Kasubag Umum", 10), ("C", "Kepala Dinas", 15)))
    sop.steps.add(SopStep(activity="D", actor="Operator", duration_value=1, duration_unit=durations.HOUR, sort_order=3))
    sop.save()
    sop = SopPage.objects.get(pk=sop.pk)
    assert [step.minutes for step in sop.ordered_steps] == [5, 10, 15, 60]
    assert sop.total_minutes == 90
    assert sop.total_duration_display == "1 jam 30 menit"


@pytest.mark.django_db
def test_range_durations_give_a_total_range(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit, steps=(("A", "Operator", 10),))
    step = sop.steps.first()
    step.duration_max = Decimal("120")
    step.save()
    sop = SopPage.objects.get(pk=sop.pk)
    assert (sop.total_minutes, sop.total_max_minutes) == (10, 120)
    assert sop.total_duration_display == "10 menit – 2 jam"


def test_decision_step_needs_a_target():
    step = SopStep(activity="Memeriksa", actor="Kasubag", kind=SopStep.DECISION, duration_unit="minute")
    with pytest.raises(ValidationError) as error:
        step.clean()
    assert "no_goto_step" in error.value.message_dict


def test_duration_max_not_below_value():
    step = SopStep(activity="x", duration_value=Decimal(10), duration_max=Decimal(5), duration_unit="minute")
    with pytest.raises(ValidationError) as error:
        step.clean()
    assert "duration_max" in error.value.message_dict


@pytest.mark.django_db
def test_page_type_rules():
    assert SopPage.allowed_parent_page_models() == [UnitPage]
    assert set(UnitPage.allowed_subpage_models()) == {SopPage, ServiceStandardPage}
    assert CatalogueIndexPage.allowed_parent_page_models() == [HomePage]
    assert HomePage.max_count == 1


@pytest.mark.django_db
def test_public_facts_fall_back_to_the_service_standard(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit)
    assert sop.public_requirements() == []
    assert sop.public_cost() == ""
    standard = ServiceStandardPage(title="Penerbitan Akta", cost="", is_free=True, completion_time="1 hari kerja")
    standard.requirements = [("item", "KTP asli"), ("item", "Kartu Keluarga")]
    unit.add_child(instance=standard)
    standard.sop_links.create(sop=sop)
    standard.save_revision().publish()
    sop = SopPage.objects.get(pk=sop.pk)
    assert sop.public_requirements() == ["KTP asli", "Kartu Keluarga"]
    assert sop.public_cost() == "Gratis"
    assert sop.public_completion_time() == "30 menit"  # the SOP's own steps win over the standard's text


@pytest.mark.django_db
def test_own_completion_time_text_wins(site_tree):
    _, _, unit = site_tree
    sop = add_sop(unit, completion_time="4 hari kerja", cost="Rp 0", is_free=True)
    assert sop.public_completion_time() == "4 hari kerja"
    assert sop.public_cost() == "Rp 0"
