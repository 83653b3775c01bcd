"""Signers approving outgoing letters at the same moment on PostgreSQL: distinct, gap-free serials.

The SQLite variant is in test_outgoing.py; this one runs the whole signing service (not only the number issue) in
parallel transactions on PostgreSQL, each thread with its own connection.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from archive.models import ClassificationCode, OutgoingLetter
from archive.services import outgoing as services
from tests.archive.test_numbering import _run_in_threads, _same_connection
from tests.factories.archive import PositionFactory, PositionHolderFactory, UnitFactory, UserFactory

SIGNERS = 6
DAY = datetime.date(2026, 3, 2)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_signings_get_distinct_gap_free_serials_on_postgresql():
    unit = UnitFactory(code="427.43")
    drafter = UserFactory()
    kadis = PositionHolderFactory(
        position=PositionFactory(unit=unit, kind="kepala_dinas"), user=UserFactory(), start=DAY
    )
    code = ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3")
    pks = []
    for index in range(SIGNERS):
        letter = services.outgoing_create(
            unit=unit, drafter=drafter, subject=f"Surat {index}", classification=code, body="Isi", addressees="Camat"
        )
        services.outgoing_submit(letter=letter, user=drafter, verifiers=[], signer=kadis.position)
        pks.append(letter.pk)
    barrier = threading.Barrier(SIGNERS)

    def sign(pk: int) -> str:
        barrier.wait(timeout=60)
        services.outgoing_review(
            letter=OutgoingLetter.objects.get(pk=pk), user=kadis.user, decision="approved", day=DAY
        )
        return OutgoingLetter.objects.get(pk=pk).number

    outcomes = _run_in_threads([lambda pk=pk: sign(pk) for pk in pks], connect=_same_connection)
    assert all(isinstance(outcome, str) for outcome in outcomes), outcomes
    assert sorted(int(number.split("/")[1]) for number in outcomes) == list(range(1, SIGNERS + 1))
    assert len(set(outcomes)) == SIGNERS
