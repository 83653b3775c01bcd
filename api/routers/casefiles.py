"""Case files (berkas): the list with filters, and one file with the letters in it that the caller may open.

The screens' rule (archive.views.filing.can_view); a file's letters are filtered by the access rule, so a
restricted letter in it is neither listed nor counted for whoever may not open it.
"""

import datetime
from typing import Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from api.pagination import PageNumbers
from api.routers.captures import require
from api.routers.letters import LetterOut
from archive.models import CaseFile, IncomingLetter
from archive.selectors.access import letters_visible_to
from archive.views.filing import can_view

router = Router(tags=["case files"])
CaseFileStatus = Literal[tuple(CaseFile.Status.values)]  # a named enum per model in the schema


class CaseFileOut(Schema):
    id: int
    number: str
    code: str
    topic: str
    unit: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    retention_start: datetime.date | None
    active_until: datetime.date | None
    inactive_until: datetime.date | None
    location: str
    status: str
    legal_hold: bool

    @staticmethod
    def resolve_id(case_file: CaseFile) -> int:
        return case_file.pk

    @staticmethod
    def resolve_code(case_file: CaseFile) -> str:
        return case_file.classification.code

    @staticmethod
    def resolve_unit(case_file: CaseFile) -> str:
        return case_file.unit.name


class CaseFileDetailOut(CaseFileOut):
    letters: list[LetterOut]


class CaseFileFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Words in the number or topic.")
    code: str | None = Field(None, max_length=40)
    status: CaseFileStatus | None = None
    year: int | None = Field(None, ge=1900, le=2999, description="Year opened.")


@router.get("/", response=list[CaseFileOut], summary="Case files")
@paginate(PageNumbers)
def list_casefiles(request, filters: Query[CaseFileFilters]):
    require(can_view(request.user))
    files = CaseFile.objects.select_related("classification", "unit").order_by("number")
    if filters.q:
        for word in filters.q.split():
            files = files.filter(Q(number__icontains=word) | Q(topic__icontains=word))
    if filters.code:
        files = files.filter(
            Q(classification__code=filters.code) | Q(classification__code__startswith=f"{filters.code}.")
        )
    if filters.status:
        files = files.filter(status=filters.status)
    if filters.year:
        files = files.filter(opened_on__year=filters.year)
    return files


@router.get("/{casefile_id}", response=CaseFileDetailOut, summary="One case file and its letters")
def casefile_detail(request, casefile_id: int):
    require(can_view(request.user))
    case_file = get_object_or_404(CaseFile.objects.select_related("classification", "unit"), pk=casefile_id)
    letters = letters_visible_to(
        request.user, IncomingLetter.objects.filter(case_file_item__case_file=case_file)
    ).select_related("classification", "register_entry", "capture")
    case_file.letters = list(letters.order_by("letter_date", "pk"))
    return case_file
