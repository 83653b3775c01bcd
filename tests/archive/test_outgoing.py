"""Outgoing letters: review rounds, return and resubmit, who may decide, numbering on signing, dispatch."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from archive.models import ClassificationCode, OutgoingLetter, ReviewStep, Sequence
from archive.services import outgoing as services
from tests.archive.test_numbering import _on_database, _run_in_threads, sqlite_file_database  # noqa: F401
from tests.factories.archive import PositionFactory, PositionHolderFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 10)
Status = OutgoingLetter.Status


@pytest.fixture
def office():
    """Kepala Dinas > Sekretaris > Kasubag (here "kasi") > the drafter, a staf member, all in one Dinas."""
    unit = UnitFactory(name="Dinas Kependudukan", code="427.43")
    kadis = PositionHolderFactory(
        position=PositionFactory(unit=unit, title="Kepala Dinas", kind="kepala_dinas", rank=10), user=UserFactory()
    )
    sekretaris = PositionHolderFactory(
        position=PositionFactory(unit=unit, title="Sekretaris", kind="sekretaris", rank=20, parent=kadis.position),
        user=UserFactory(),
    )
    kasi = PositionHolderFactory(
        position=PositionFactory(unit=unit, title="Kasubag Umum", kind="kasubag", rank=40, parent=sekretaris.position),
        user=UserFactory(),
    )
    drafter = UserFactory(username="konseptor")
    staf = PositionHolderFactory(
        position=PositionFactory(unit=unit, title="Pengadministrasi", kind="staf", rank=90, parent=kasi.position),
        user=drafter,
    )
    return {"unit": unit, "drafter": drafter, "staf": staf, "kasi": kasi, "sekretaris": sekretaris, "kadis": kadis}


@pytest.fixture
def code():
    return ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3")


def _draft(office, code, subject="Usul mutasi pegawai") -> OutgoingLetter:
    return services.outgoing_create(
        unit=office["unit"],
        drafter=office["drafter"],
        subject=subject,
        classification=code,
        body="Dengan hormat, ...",
        addressees="Kepala BKD Kabupaten",
    )


def _submit(office, letter) -> OutgoingLetter:
    verifiers = [office["kasi"].position, office["sekretaris"].position]
    return services.outgoing_submit(
        letter=letter, user=office["drafter"], verifiers=verifiers, signer=office["kadis"].position
    )


def _approve_all(office, letter) -> OutgoingLetter:
    for holder in ("kasi", "sekretaris", "kadis"):
        services.outgoing_review(letter=letter, user=office[holder].user, decision="approved", day=DAY)
    letter.refresh_from_db()
    return letter


def test_draft_needs_a_body_or_a_file(office, code):
    with pytest.raises(ValidationError):
        services.outgoing_create(unit=office["unit"], drafter=office["drafter"], subject="Hal", classification=code)
    upload = SimpleUploadedFile("konsep.pdf", b"%PDF-1.4 konsep", content_type="application/pdf")
    letter = services.outgoing_create(
        unit=office["unit"], drafter=office["drafter"], subject="Hal", classification=code, draft_file=upload
    )
    assert letter.status == Status.DRAFT and letter.draft_file.name.endswith(".pdf")


def test_submit_opens_a_round_of_verifiers_then_the_signer(office, code):
    letter = _submit(office, _draft(office, code))
    steps = list(letter.review_steps.all())
    assert letter.status == Status.IN_REVIEW and letter.current_round == 1
    assert [(s.order, s.role) for s in steps] == [(1, "verifier"), (2, "verifier"), (3, "signer")]
    assert services.outgoing_current_step(letter=letter).position == office["kasi"].position


def test_only_the_current_steps_holder_may_decide(office, code):
    letter = _submit(office, _draft(office, code))
    for intruder in (office["sekretaris"].user, office["kadis"].user, office["drafter"]):
        with pytest.raises(PermissionDenied):
            services.outgoing_review(letter=letter, user=intruder, decision="approved", day=DAY)
    services.outgoing_review(letter=letter, user=office["kasi"].user, decision="approved", day=DAY)
    with pytest.raises(PermissionDenied):
        services.outgoing_review(letter=letter, user=office["kasi"].user, decision="approved", day=DAY)
    assert services.outgoing_current_step(letter=letter).position == office["sekretaris"].position


def test_an_acting_holder_plt_decides_for_the_post(office, code):
    plt = PositionHolderFactory(position=office["kadis"].position, user=UserFactory(), acting=True, start=DAY)
    letter = _submit(office, _draft(office, code))
    services.outgoing_review(letter=letter, user=office["kasi"].user, decision="approved", day=DAY)
    services.outgoing_review(letter=letter, user=office["sekretaris"].user, decision="approved", day=DAY)
    step = services.outgoing_review(letter=letter, user=plt.user, decision="approved", day=DAY)
    assert step.decided_by == plt.user
    letter.refresh_from_db()
    assert letter.status == Status.APPROVED


def test_return_needs_a_comment_and_ends_the_round(office, code):
    letter = _submit(office, _draft(office, code))
    services.outgoing_review(letter=letter, user=office["kasi"].user, decision="approved", day=DAY)
    with pytest.raises(ValidationError):
        services.outgoing_review(letter=letter, user=office["sekretaris"].user, decision="returned", day=DAY)
    services.outgoing_review(
        letter=letter, user=office["sekretaris"].user, decision="returned", comment="Perbaiki dasar hukum", day=DAY
    )
    letter.refresh_from_db()
    assert letter.status == Status.RETURNED and letter.number == ""
    decisions = list(letter.review_steps.values_list("decision", flat=True))
    assert decisions == ["approved", "returned", "skipped"]
    assert services.outgoing_current_step(letter=letter) is None


def test_returned_draft_is_revised_and_resubmitted_and_every_round_is_kept(office, code):
    letter = _submit(office, _draft(office, code))
    services.outgoing_review(letter=letter, user=office["kasi"].user, decision="returned", comment="Typo", day=DAY)
    with pytest.raises(PermissionDenied):
        services.outgoing_revise(letter=letter, user=office["kasi"].user, body="lain")
    services.outgoing_revise(letter=letter, user=office["drafter"], body="Dengan hormat, (diperbaiki)")
    letter = _submit(office, letter)
    assert letter.current_round == 2
    letter = _approve_all(office, letter)
    rounds = {r: list(letter.review_steps.filter(round=r).values_list("decision", flat=True)) for r in (1, 2)}
    assert rounds == {1: ["returned", "skipped", "skipped"], 2: ["approved", "approved", "approved"]}
    first = letter.review_steps.get(round=1, order=1)
    assert first.comment == "Typo" and first.decided_by == office["kasi"].user
    assert letter.body == "<p>Dengan hormat, (diperbaiki)</p>"  # plain text is kept as paragraphs


def test_letter_under_review_cannot_be_revised_or_resubmitted(office, code):
    letter = _submit(office, _draft(office, code))
    with pytest.raises(ValidationError):
        services.outgoing_revise(letter=letter, user=office["drafter"], body="x")
    with pytest.raises(ValidationError):
        _submit(office, letter)


def test_final_approval_numbers_with_the_default_pattern_and_serials_follow(office, code):
    first = _submit(office, _draft(office, code))
    services.outgoing_review(letter=first, user=office["kasi"].user, decision="approved", day=DAY)
    first.refresh_from_db()
    assert first.number == "" and first.status == Status.IN_REVIEW  # a verifier's approval does not number
    first = _approve_all_remaining(office, first)
    assert first.number == "800.1.3/1/427.43/2026"
    assert first.status == Status.APPROVED and first.letter_date == DAY and first.number_issued_at is not None
    second = _approve_all(office, _submit(office, _draft(office, code, subject="Kedua")))
    assert second.number == "800.1.3/2/427.43/2026"


def _approve_all_remaining(office, letter) -> OutgoingLetter:
    for holder in ("sekretaris", "kadis"):
        services.outgoing_review(letter=letter, user=office[holder].user, decision="approved", day=DAY)
    letter.refresh_from_db()
    return letter


def test_a_returned_letter_takes_no_serial(office, code):
    returned = _submit(office, _draft(office, code))
    for holder in ("kasi", "sekretaris"):
        services.outgoing_review(letter=returned, user=office[holder].user, decision="approved", day=DAY)
    services.outgoing_review(
        letter=returned, user=office["kadis"].user, decision="returned", comment="Belum perlu", day=DAY
    )
    numbered = _approve_all(office, _submit(office, _draft(office, code, subject="Lain")))
    assert numbered.number == "800.1.3/1/427.43/2026"


def test_same_post_twice_in_the_chain_is_refused(office, code):
    with pytest.raises(ValidationError):
        services.outgoing_submit(
            letter=_draft(office, code),
            user=office["drafter"],
            verifiers=[office["kadis"].position],
            signer=office["kadis"].position,
        )


def test_dispatch_is_recorded_only_for_a_numbered_letter(office, code):
    letter = _submit(office, _draft(office, code))
    with pytest.raises(ValidationError):
        services.outgoing_dispatch(letter=letter, user=office["drafter"], channel="post", date=DAY, recipient="BKD")
    letter = _approve_all(office, letter)
    dispatch = services.outgoing_dispatch(
        letter=letter, user=office["drafter"], channel="e_office", date=DAY, recipient="Kepala BKD", note="SRIKANDI"
    )
    services.outgoing_dispatch(letter=letter, user=office["drafter"], channel="hand", date=DAY, recipient="Camat")
    letter.refresh_from_db()
    assert letter.status == Status.DISPATCHED
    assert dispatch.recorded_by == office["drafter"] and dispatch.get_channel_display()
    assert list(letter.dispatches.values_list("channel", "recipient")) == [
        ("e_office", "Kepala BKD"),
        ("hand", "Camat"),
    ]
    with pytest.raises(ValidationError):
        services.outgoing_dispatch(
            letter=letter, user=office["drafter"], channel="email", date=DAY - datetime.timedelta(days=1), recipient="X"
        )


def test_review_step_rows_are_kept_per_round(office, code):
    letter = _submit(office, _draft(office, code))
    services.outgoing_review(letter=letter, user=office["kasi"].user, decision="returned", comment="a", day=DAY)
    _submit(office, letter)
    assert ReviewStep.objects.filter(letter=letter).count() == 6


def test_a_failed_signing_gives_the_serial_back_and_keeps_the_step_pending(office, code):
    squatter = _draft(office, code, subject="Nomor dipakai")
    OutgoingLetter.objects.filter(pk=squatter.pk).update(number="800.1.3/1/427.43/2026")
    letter = _submit(office, _draft(office, code))
    for holder in ("kasi", "sekretaris"):
        services.outgoing_review(letter=letter, user=office[holder].user, decision="approved", day=DAY)
    with pytest.raises(IntegrityError):
        services.outgoing_review(letter=letter, user=office["kadis"].user, decision="approved", day=DAY)
    letter.refresh_from_db()
    assert letter.status == Status.IN_REVIEW and letter.number == ""
    assert services.outgoing_current_step(letter=letter).decision == ReviewStep.Decision.PENDING
    assert not Sequence.objects.filter(scope__startswith="outgoing:", last_value__gt=0).exists()


# Concurrency: signers approving at the same moment still get distinct, gap-free serials (the numbering tests'
# threads and SQLite file database, opened IMMEDIATE as in production).

SIGNERS = 6


def test_concurrent_signings_get_distinct_serials_on_sqlite(sqlite_file_database):  # noqa: F811
    def setup() -> tuple[list[int], object]:
        unit = UnitFactory(code="427.43")
        drafter = UserFactory()
        kadis = PositionHolderFactory(position=PositionFactory(unit=unit, kind="kepala_dinas"), user=UserFactory())
        code = ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3")
        pks = []
        for index in range(SIGNERS):
            letter = services.outgoing_create(
                unit=unit, drafter=drafter, subject=f"Surat {index}", classification=code, body="x", addressees="Camat"
            )
            services.outgoing_submit(letter=letter, user=drafter, verifiers=[], signer=kadis.position)
            pks.append(letter.pk)
        return pks, kadis.user

    pks, signer = _on_database(setup, connect=sqlite_file_database)
    barrier = threading.Barrier(SIGNERS)

    def sign(pk: int) -> str:
        barrier.wait(timeout=60)
        letter = OutgoingLetter.objects.get(pk=pk)
        services.outgoing_review(letter=letter, user=signer, decision="approved", day=DAY)
        return OutgoingLetter.objects.get(pk=pk).number

    outcomes = _run_in_threads([lambda pk=pk: sign(pk) for pk in pks], connect=sqlite_file_database)
    assert all(isinstance(outcome, str) for outcome in outcomes), outcomes
    assert sorted(int(number.split("/")[1]) for number in outcomes) == list(range(1, SIGNERS + 1))


def test_the_number_pattern_and_per_type_counting_come_from_the_settings(office, code, settings):
    settings.ARCHIVE_OUTGOING_NUMBER_PATTERN = "{code}/{serial}/{naskah_type}/{unit_code}"
    settings.ARCHIVE_OUTGOING_SERIAL_PER_TYPE = True
    letter = _approve_all(office, _submit(office, _draft(office, code)))
    assert letter.number == "800.1.3/1/surat/427.43"
    note = _draft(office, code, subject="Nota")
    OutgoingLetter.objects.filter(pk=note.pk).update(naskah_type="nota_dinas")
    note.refresh_from_db()
    assert _approve_all(office, _submit(office, note)).number == "800.1.3/1/nota_dinas/427.43"  # its own count
    assert _approve_all(office, _submit(office, _draft(office, code))).number == "800.1.3/2/surat/427.43"
