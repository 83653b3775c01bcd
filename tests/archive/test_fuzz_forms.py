"""Fuzzing the archive's screens: every form and filter on them, filled with hostile values, answers with a page or
a message, never a server error.

The forms are not listed here: each screen is opened as an administrator who holds a post with work waiting, its
HTML forms are read (fields, their choices and hidden values), and Hypothesis fills them with a mix of valid
choices and values the fuzzing of records systems uses (year 0, 9999-12-31, ids past the 64-bit range, text where
a number belongs, NUL, formulas). A new form on one of these screens is fuzzed without changing this test.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from archive.models import Capture, CaseFile, Instruction, Position
from archive.services.dispositions import disposition_create
from archive.services.filing import casefile_close, casefile_create
from tests.archive.test_filing import make_code
from tests.factories.archive import UnitFactory
from tests.factories.dispositions import registered_letter
from tests.factories.eletters import build_eoffice, composed_letter, tiny_pdf

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "abc",
    "99999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "31-12-9999",
    "\x00",
    "=1+1",
    "@SUM(A1)",
    "'; DROP TABLE archive_incomingletter; --",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "x" * 5000,
]
SWEEP = ["abc", "99999999999999999999", "-1", "9999-12-31", "\x00"]
SKIPPED_TYPES = {"file", "submit", "button", "reset", "image"}


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values the page offers (may be empty)


class FormReader(HTMLParser):
    """The forms of a page: each field's name with the values its page offers (options, hidden value)."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url, self.forms, self.current, self.select = page_url, [], None, None

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or self.page_url
            self.current = Form(method=(attrs.get("method") or "get").lower(), action=action)
            self.forms.append(self.current)
        elif tag == "option" and self.current is not None and self.select and attrs.get("value"):
            self.current.fields[self.select].append(attrs["value"])
        elif self.current is None or not attrs.get("name") or attrs["name"] == "csrfmiddlewaretoken":
            return
        elif tag == "input" and attrs.get("type", "text") not in SKIPPED_TYPES:
            offered = [attrs["value"]] if attrs.get("value") else []
            self.current.fields.setdefault(attrs["name"], []).extend(offered)
        elif tag in ("textarea", "select"):
            self.current.fields.setdefault(attrs["name"], [])
            self.select = attrs["name"] if tag == "select" else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_of(client: Client, url: str) -> list[Form]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    reader = FormReader(url)
    reader.feed(response.content.decode())
    own_site = [form for form in reader.forms if not urlsplit(form.action).netloc]
    return [form for form in own_site if form.fields and "/logout" not in form.action]


@pytest.fixture
def screens(ingest) -> tuple[Client, list[Form]]:
    """An administrator holding the Kabid's post, with a letter, a disposition to him, a draft to review, a case
    file and a capture waiting; and the forms of the screens that show them, read once before any is sent (the
    fuzzing changes what the screens offer)."""
    office = build_eoffice()
    kabid = office.users["kabid"]
    kabid.is_superuser = kabid.is_staff = True
    kabid.save()
    code = make_code("T90", active=2, inactive=3, disposition="musnah")
    letter = registered_letter(user=office.users["kadis"], classification=code)
    disposition = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"]],
        instructions=list(Instruction.objects.filter(is_active=True)[:1]),
        deadline=datetime.date.today() + datetime.timedelta(days=7),
    )
    recipient = disposition.recipients.get(position=office["kabid"])
    draft = composed_letter(office)
    case_file = casefile_create(
        unit=office["kabid"].unit, classification=code, topic="Rapat", opened_on=datetime.date(2025, 1, 2)
    )
    capture = ingest(tiny_pdf("Nomor: 005/12/2025 Perihal: Undangan rapat"), "surat.pdf").capture
    assert Position.objects.filter(holders__user=kabid).exists()
    client = Client(raise_request_exception=False)
    client.force_login(kabid)
    urls = [
        reverse("archive:captures"),
        reverse("archive:review", args=[capture.pk]),
        reverse("archive:letters"),
        reverse("archive:correct", args=[letter.pk]),
        reverse("archive_agenda:browse"),
        reverse("archive_filing:casefiles"),
        reverse("archive_filing:casefile_create"),
        reverse("archive_filing:casefile", args=[case_file.pk]),
        reverse("archive_filing:retention"),
        reverse("archive_filing:proposals"),
        reverse("archive_filing:proposal_create"),
        reverse("archive_outgoing:list"),
        reverse("archive_outgoing:create"),
        reverse("archive_outgoing:detail", args=[draft.pk]),
        reverse("archive_dispositions:inbox"),
        reverse("archive_dispositions:detail", args=[recipient.pk]),
        reverse("archive_dispositions:forward", args=[recipient.pk]),
        reverse("archive_dispositions:letter", args=[letter.pk]),
        reverse("archive_dispositions:create", args=[letter.pk]),
        reverse("archive_dispositions:monitor"),
        reverse("archive_audit:index"),
        reverse("archive_notifications:list"),
        reverse("archive_notifications:settings"),
        reverse("archive_daily:timeline", args=[letter.pk]),
    ]
    return client, [form for url in urls for form in forms_of(client, url)]


def send(client: Client, form: Form, values: dict[str, str]):  # noqa: ANN201
    return client.post(form.action, values) if form.method == "post" else client.get(form.action, values)


@pytest.mark.slow  # minutes: every field of some thirty forms, five values each
def test_each_field_of_each_form_takes_every_hostile_value(screens):
    """One field at a time gets each hostile value while the others keep what the page offers."""
    client, forms = screens
    failures = []
    for form in forms:
        plain = {name: offered[0] for name, offered in form.fields.items() if offered}
        for name in form.fields:
            for value in SWEEP:
                response = send(client, form, {**plain, name: value})
                if response.status_code >= 500:
                    failures.append((form.method, form.action, name, value[:20], response.status_code))
    assert not failures, "\n".join(map(str, failures))


def fill(form: Form, data: st.DataObject) -> dict[str, str]:
    """Values for the form's fields: mostly one the page offers when it offers some, else hostile or random text."""
    values = {}
    for name, offered in form.fields.items():
        options = [st.sampled_from(HOSTILE), st.text(max_size=30), st.integers().map(str)]
        if offered:
            options = [st.sampled_from(offered)] * 3 + options
        if data.draw(st.booleans(), label=f"{name} sent") or offered:
            values[name] = data.draw(st.one_of(options), label=name)
    return values


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_or_filter_answers_with_a_server_error(screens, data):
    client, forms = screens
    form = data.draw(st.sampled_from(forms), label="form")
    values = fill(form, data)
    response = send(client, form, values)
    assert response.status_code < 500, (form.method, form.action, values, response.status_code)


def form_errors(response) -> dict:
    """The errors of the filter or form forms the page was rendered with."""
    errors = {}
    for context in response.context:
        for value in context.flatten().values():
            form = getattr(value, "form", value)
            if hasattr(form, "errors") and hasattr(form, "is_bound") and form.is_bound:
                errors.update(form.errors)
    return errors


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("archive_filing:casefiles", {"year": "0"}),
        ("archive_filing:casefiles", {"year": "99999999999"}),
        ("archive_audit:index", {"letter_id": "99999999999999999999"}),
        ("archive_agenda:browse", {"year": "0"}),
    ],
)
def test_out_of_range_filters_are_refused_with_a_message(admin, name, query):
    client = admin
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    assert set(query) <= set(form_errors(response))
    assert client.get(reverse("archive_filing:casefiles_results"), {"year": "-5"}).status_code == 200


@pytest.fixture
def admin() -> Client:
    user = get_user_model().objects.create_superuser("akar", password="sandi-uji")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_classification_that_is_no_code_id_is_a_form_error(admin):
    unit = UnitFactory()
    for value in ("abc", "99999999999999999999", "1.5"):
        response = admin.post(
            reverse("archive_filing:casefile_create"),
            {"classification": value, "topic": "Rapat", "unit": unit.pk, "opened_on": "2025-01-02"},
        )
        assert response.status_code == 200 and "classification" in response.context["form"].errors
        response = admin.post(reverse("archive_outgoing:create"), {"classification": value, "subject": "Rapat"})
        assert response.status_code == 200 and "classification" in response.context["form"].errors


def test_closing_a_case_file_on_the_last_day_of_the_calendar_is_refused_with_a_message(admin):
    code = make_code("T91", active=2, inactive=3, disposition="musnah")
    case_file = casefile_create(
        unit=UnitFactory(), classification=code, topic="Rapat", opened_on=datetime.date(2025, 1, 2)
    )
    url = reverse("archive_filing:casefile", args=[case_file.pk])
    response = admin.post(url, {"action": "close", "closed_on": "9999-12-31"})
    assert response.status_code == 200
    assert "melewati hari ini" in str(response.context["forms"]["close"].non_field_errors())
    case_file.refresh_from_db()
    assert case_file.status == CaseFile.Status.ACTIVE and case_file.closed_on is None


def test_a_retention_start_past_the_calendar_is_refused_not_crashed():
    code = make_code("T92", active=2, inactive=3, disposition="musnah", trigger="setelah pegawai pensiun")
    case_file = casefile_create(
        unit=UnitFactory(), classification=code, topic="Rapat", opened_on=datetime.date(2025, 1, 2)
    )
    with pytest.raises(ValidationError, match="batas kalender"):
        casefile_close(
            case_file=case_file, closed_on=datetime.date(2025, 2, 3), retention_start=datetime.date(9999, 12, 31)
        )


def test_ids_past_the_integer_range_answer_not_found(admin):
    huge = 2**64
    for name in ("archive_filing:casefile", "archive_outgoing:detail", "archive_dispositions:detail", "archive:review"):
        assert admin.get(reverse(name, args=[huge])).status_code == 404


def test_an_image_too_long_to_read_is_refused_with_its_size(ingest):
    buffer = io.BytesIO()
    Image.new("L", (100, 70_000), 255).save(buffer, "PNG")
    capture = ingest(buffer.getvalue(), "gulungan.png").capture
    assert capture.status == Capture.Status.REFUSED
    assert "100 x 70000 piksel" in capture.error and "tak terduga" not in capture.error
    assert capture.original.read() == buffer.getvalue()  # the original is kept
