"""The API applies the screens' access rule on every endpoint, with the same people and security levels as
tests/archive/test_access_rules.py: a restricted letter the caller may not open answers exactly as a missing one
(404; 401 without a token), shows nothing of itself, and is left out of every list, count and search; allowed reads
of a restricted letter are written to the audit log."""

from __future__ import annotations

import pytest
from django.db import transaction

from archive.models import AuditEvent
from search.worker import apply_pending
from tests.api.conftest import TokenClient
from tests.archive.test_access_rules import (
    EVERYONE,
    LEVELS,
    MISSING,
    NUMBER,
    RESTRICTED,
    SUBJECT,
    allowed,
    build_world,
    leaks,
)

pytestmark = pytest.mark.django_db

# Each endpoint of a letter: (method, path from the world, payload, who must get through).
CHAIN_READERS = ["kadis", "kabid", "kasi", "plt", "uploader", "registrar", "operator"]


def endpoints(w) -> dict:
    kasi = w.users["kasi"]
    return {
        "capture": ("get", f"captures/{w.capture.pk}", None, EVERYONE),
        "capture_original": ("get", f"captures/{w.capture.pk}/files/original", None, EVERYONE),
        "capture_pdf": ("get", f"captures/{w.capture.pk}/files/pdf", None, EVERYONE),
        "capture_thumbnail": ("get", f"captures/{w.capture.pk}/files/thumbnail", None, EVERYONE),
        "capture_retry": ("post", f"captures/{w.capture.pk}/retry", {}, []),  # registered: refused with a message
        "capture_register": ("post", f"captures/{w.capture.pk}/register", {}, []),  # already registered
        "letter": ("get", f"letters/{w.letter.pk}", None, EVERYONE),
        "letter_file": ("get", f"letters/{w.letter.pk}/files/original", None, EVERYONE),
        "disposition_top": (
            "get",
            f"dispositions/{w.top.pk}",
            None,
            ["kadis", "kabid", "plt", "uploader", "registrar", "operator"],
        ),
        "disposition_below": (
            "get",
            f"dispositions/{w.below.pk}",
            None,
            ["kabid", "kasi", "plt", "uploader", "registrar", "operator"],
        ),
        "chain": ("get", f"dispositions/letters/{w.letter.pk}", None, CHAIN_READERS),
        "report_file": ("get", f"dispositions/reports/files/{w.attachment_pk}", None, CHAIN_READERS),
        "read": ("post", f"dispositions/{w.below.pk}/read", {}, ["kasi"]),
        "complete": ("post", f"dispositions/{w.below.pk}/complete", {"note": "selesai"}, ["kabid", "kasi", "plt"]),
        "report": ("form", f"dispositions/{w.below.pk}/report", {"note": "laporan"}, ["kasi"]),
        "forward": (
            "post",
            f"dispositions/{w.top.pk}/forward",
            {"recipients": [kasi.pk and w.below.position_id], "note": "x"},
            ["kabid", "plt"],
        ),
        "dispose": (
            "post",
            f"dispositions/letters/{w.letter.pk}",
            {"from_position": w.letter.addressed_to_id, "recipients": [w.top.position_id], "note": "x"},
            ["kadis"],
        ),
    }


def missing_path(path: str, real_id: int) -> str:
    return path.replace(f"/{real_id}", f"/{MISSING}", 1)


def call(client: TokenClient, method: str, path: str, payload):
    """Send the request and roll back what it changed, so every user meets the same world."""
    with transaction.atomic():
        if method == "get":
            response = client.get(path)
        else:
            response = client.post(path, payload, json=method == "post")
        content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
        transaction.set_rollback(True)
    return response, content


def real_id(world, key: str) -> int:
    return {
        "capture": world.capture.pk,
        "letter": world.letter.pk,
        "disposition": world.top.pk,
        "chain": world.letter.pk,
        "report_file": world.attachment_pk,
        "read": world.below.pk,
        "complete": world.below.pk,
        "report": world.below.pk,
        "forward": world.top.pk,
        "dispose": world.letter.pk,
    }[key.split("_")[0] if key.split("_")[0] in ("capture", "letter", "disposition") else key]


@pytest.mark.parametrize("security", LEVELS)
def test_every_endpoint_of_a_letter_applies_the_rule(security):
    world = build_world(security)
    if world.users["kasi"] is not None:  # disposition_below is the real row of its key
        pass
    clients = {key: TokenClient(world.users[key]) for key in EVERYONE}
    for name, (method, path, payload, succeeds) in endpoints(world).items():
        own_id = world.below.pk if name == "disposition_below" else real_id(world, name)
        for key in EVERYONE:
            reads = AuditEvent.objects.filter(letter_id=world.letter.pk, action__in=["view", "download"])
            before = reads.count()
            response, content = call(clients[key], method, path, payload)
            logged = reads.count() - before
            if allowed(world, key):
                assert response.status_code != 404, (name, key, content[:200])
                if key in succeeds:
                    assert 200 <= response.status_code < 300, (name, key, response.status_code, content[:300])
            else:
                missing, _ = call(clients[key], method, missing_path(path, own_id), payload)
                assert response.status_code == missing.status_code, (
                    name,
                    key,
                    response.status_code,
                    missing.status_code,
                )
                assert response.status_code in (401, 403, 404), (name, key)
                assert not leaks(content), (name, key)
                assert logged == 0, (name, key)
                assert response["Content-Type"].startswith("application/json"), (name, key)


@pytest.mark.parametrize("security", LEVELS)
def test_lists_counts_and_search_leave_out_what_the_caller_may_not_open(security):
    world = build_world(security)
    apply_pending()
    for key in EVERYONE:
        client = TokenClient(world.users[key])
        letters = client.get("letters/")
        captures = client.get("captures/")
        found = client.get("search/", {"q": "audit investigasi pengadaan blanko"})
        inbox = client.get("dispositions/inbox", {"include_closed": "true"})
        if key == "anonymous":
            assert {r.status_code for r in (letters, captures, found, inbox)} == {401}
            continue
        assert letters.status_code == captures.status_code == found.status_code == 200, key
        may = allowed(world, key)
        assert [item["id"] for item in letters.json()["items"]] == ([world.letter.pk] if may else []), key
        assert letters.json()["count"] == (1 if may else 0), key
        assert (world.capture.pk in [item["id"] for item in captures.json()["items"]]) == may, key
        hits = [hit for hit in found.json()["hits"] if hit["kind"] == "letter"]
        assert [hit["id"] for hit in hits] == ([str(world.letter.pk)] if may else []), key
        if not may:
            for response in (letters, captures, found):
                assert not leaks(response.content), key
        if inbox.status_code == 200:
            shown = {item["id"] for item in inbox.json()["items"]}
            expected = {"kabid": {world.top.pk}, "plt": {world.top.pk}, "kasi": {world.below.pk}}.get(key, set())
            assert shown == expected, key


@pytest.mark.parametrize("security", RESTRICTED)
def test_reading_a_restricted_letter_through_the_api_is_audited(security):
    world = build_world(security)
    kabid = world.users["kabid"]
    client = TokenClient(kabid)
    before = AuditEvent.objects.filter(letter_id=world.letter.pk, actor_id=kabid.pk).count()
    assert client.get(f"letters/{world.letter.pk}").status_code == 200
    response = client.get(f"letters/{world.letter.pk}/files/original")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    events = AuditEvent.objects.filter(letter_id=world.letter.pk, actor_id=kabid.pk).order_by("pk")[before:]
    assert [(event.action, event.changes.get("what")) for event in events] == [
        ("view", "api: surat"),
        ("download", "api: original"),
    ]
    assert NUMBER not in "".join(event.object_repr for event in events) and SUBJECT not in str(list(events))
