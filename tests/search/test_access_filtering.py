"""Access through the whole path: records -> sources -> outbox -> worker -> engine -> search as a user.

A restricted letter must show up in nothing a user off its chain gets back: no hit, no total, no facet count, no
snippet. Those on its chain find it; the public sees published pages only; a post a letter is disposed to finds
it once the outbox is applied. Runs on Tantivy (the embedded engine), and on Elasticsearch too when
ELASTICSEARCH_URL is set.
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model

from archive.services.dispositions import disposition_cancel, disposition_create
from search.api import search as api_search
from search.engines import ELASTICSEARCH, EMBEDDED, available_engines
from search.registry import principals_for
from search.types import SearchQuery, SearchResults
from tests.search import fixtures_records as records
from tests.search.fixtures_records import apply_all

catalogue, codes, letters, office = records.catalogue, records.codes, records.letters, records.office

pytestmark = pytest.mark.django_db
SECRET_WORDS = ("cincin", "gudang", "Inspektorat", "X.700/9/RHS/2025", "pemeriksaan khusus")


@pytest.fixture(params=[EMBEDDED, ELASTICSEARCH])
def engine(request, db):
    factories = dict(available_engines())
    if request.param == EMBEDDED:
        found = factories[EMBEDDED]()
    elif ELASTICSEARCH in factories:
        found = factories[ELASTICSEARCH](namespace=f"naskah-test-{uuid.uuid4().hex[:10]}")
    else:
        pytest.skip("Elasticsearch needs ELASTICSEARCH_URL")
    found.ensure_ready()
    found.rebuild([])
    yield found
    drop = getattr(found, "drop", None)
    if drop is not None:
        drop()


def ask(engine, text: str, user=None, **filters) -> SearchResults:
    return engine.search(SearchQuery(text=text, principals=principals_for(user), filters=filters, per_page=100))


def keys(results: SearchResults) -> set[tuple[str, str]]:
    return {(hit.kind, hit.id) for hit in results.hits}


def facet_values(results: SearchResults) -> dict[str, set[str]]:
    return {key: {str(value) for value, count in rows if count} for key, rows in results.facets.items()}


def assert_reveals_nothing_of_the_secret(results: SearchResults, secret) -> None:
    assert ("letter", str(secret.pk)) not in keys(results)
    assert "rahasia" not in facet_values(results).get("security", set())
    assert "Inspektorat Daerah" not in facet_values(results).get("sender", set())
    for hit in results.hits:
        for word in ("cincin", "gudang", "Inspektorat"):
            assert word.lower() not in (hit.snippet + hit.title).lower()


def test_a_user_off_the_chain_gets_no_hit_count_facet_or_snippet_of_a_restricted_letter(engine, letters, catalogue):
    apply_all(engine)
    secret, staf = letters["secret"], records_user("staf")
    shared = ask(engine, "zamrud", staf)  # both letters and the SOP say "zamrud"
    assert keys(shared) == {("letter", str(letters["open"].pk)), ("sop", str(catalogue["published"].pk))}
    assert shared.total == 2
    assert dict(shared.facets["kind"]) == {"letter": 1, "sop": 1}
    assert_reveals_nothing_of_the_secret(shared, secret)
    for text in SECRET_WORDS:
        alone = ask(engine, text, staf)
        assert alone.total == 0 and alone.hits == [], text
        assert all(count == 0 for rows in alone.facets.values() for _value, count in rows), text
    by_filter = ask(engine, "", staf, security="rahasia")
    assert by_filter.total == 0 and by_filter.hits == []
    browse = ask(engine, "", staf, kind="letter")
    assert keys(browse) == {("letter", str(letters["open"].pk))} and browse.total == 1
    assert_reveals_nothing_of_the_secret(browse, secret)


def records_user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("username", ["kadis", "operator"])
def test_those_on_the_chain_find_it_with_its_snippet(engine, letters, username):
    apply_all(engine)
    results = ask(engine, "cincin", records_user(username))
    assert keys(results) == {("letter", str(letters["secret"].pk))} and results.total == 1
    assert "<mark>" in results.hits[0].snippet and "cincin" in results.hits[0].snippet.lower()
    assert dict(results.facets["security"]) == {"rahasia": 1}


def test_the_public_sees_published_pages_only(engine, letters, catalogue):
    apply_all(engine)
    for user in (None, get_user_model().objects.create_user("tamu")):  # anonymous, and signed in without archive rights
        results = ask(engine, "zamrud", user)
        assert keys(results) == {("sop", str(catalogue["published"].pk))}, user
        assert results.total == 1 and dict(results.facets["kind"]) == {"sop": 1}
        assert ask(engine, "Draf", user).total == 0  # the unpublished SOP is nobody's


def test_an_administrator_gets_no_exception(engine, letters):
    apply_all(engine)
    admin = get_user_model().objects.create_superuser("admin-uji", "admin@example.test", "x")
    assert ask(engine, "cincin", admin).total == 0
    assert keys(ask(engine, "zamrud", admin, kind="letter")) == {("letter", str(letters["open"].pk))}


def test_a_post_disposed_to_finds_the_letter_once_the_outbox_is_applied(engine, letters, office):
    apply_all(engine)
    secret, kabid, staf = letters["secret"], records_user("kabid"), records_user("staf")
    assert ask(engine, "cincin", kabid).total == 0
    disposition = disposition_create(
        letter=secret,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"]],
        note="Telusuri barang hilang segera.",
    )
    assert ask(engine, "cincin", kabid).total == 0  # not applied yet: the index still has the old tokens
    apply_all(engine)
    assert keys(ask(engine, "cincin", kabid)) == {("letter", str(secret.pk))}
    found = ask(engine, "telusuri barang hilang", kabid)
    assert keys(found) == {("disposition", str(disposition.pk))}
    assert ask(engine, "telusuri barang hilang", staf).total == 0  # the disposition is as restricted as its letter
    assert ask(engine, "cincin", staf).total == 0
    # cancelled while unread: the post loses the letter again
    disposition_cancel(disposition=disposition, user=office.users["kadis"])
    apply_all(engine)
    assert ask(engine, "cincin", kabid).total == 0
    assert ask(engine, "telusuri barang hilang", kabid).total == 0
    assert ask(engine, "cincin", records_user("kadis")).total == 1


def test_the_search_api_applies_the_same_rule(letters, catalogue):
    from search.engines import get_engine

    engine = get_engine()
    engine.ensure_ready()
    apply_all(engine)
    assert api_search("cincin", user=records_user("staf")).total == 0
    assert api_search("cincin", user=records_user("kadis")).total == 1
    anonymous = api_search("zamrud")
    assert {(hit.kind, hit.id) for hit in anonymous.hits} == {("sop", str(catalogue["published"].pk))}


def test_disposition_and_case_file_tokens_agree_with_the_screens(letters, office, codes):
    """For every user and record: found by search exactly when the screen that opens it lets the user in."""
    from archive.views.dispositions import can_see_letter
    from archive.views.filing import can_view as can_view_case_files
    from search import registry
    from tests.factories.archive import UserFactory
    from tests.search.fixtures_records import grant

    monitor = UserFactory(username="pemantau")
    grant(monitor, codenames=("view_incomingletter", "monitor_disposition"))
    filer = UserFactory(username="arsiparis")
    grant(filer, codenames=("view_casefile",))
    reader = UserFactory(username="pembaca")
    grant(reader, codenames=("view_incomingletter",))  # reads letters, does not use dispositions
    grant(office.users["operator"], codenames=("monitor_disposition",))
    kadis = office.users["kadis"]
    for letter in letters.values():
        first = disposition_create(
            letter=letter, from_position=office["kadis"], user=kadis, recipients=[office["kabid"]], note="Proses."
        )
        disposition_create(
            letter=letter,
            from_position=office["kabid"],
            user=office.users["kabid"],
            recipients=[office["kasi"]],
            note="Teruskan.",
            parent=first.recipients.get(),
        )
    records.case_file(codes)
    users = [*office.users.values(), monitor, filer, reader]
    dispositions = list(registry.source("disposition").documents())
    case_files = list(registry.source("case_file").documents())
    assert len(dispositions) == 4 and len(case_files) == 1
    checked = 0
    for user in users:
        tokens = registry.principals_for(user)
        for doc in dispositions:
            letter = letters["open"] if doc.extra["letter_id"] == letters["open"].pk else letters["secret"]
            assert bool(doc.principals & tokens) == can_see_letter(user, letter), (user.username, doc.title)
            checked += 1
        for doc in case_files:
            assert bool(doc.principals & tokens) == can_view_case_files(user), user.username
    assert checked == 4 * len(users)
    # the rule is not trivially true or false across these users
    seen = {
        user.username for user in users if any(doc.principals & registry.principals_for(user) for doc in dispositions)
    }
    assert {"kadis", "kabid", "kasi", "pemantau", "operator"} <= seen and not {"staf", "pembaca", "arsiparis"} & seen


def test_a_letter_made_rahasia_vanishes_from_another_users_search_before_the_outbox_is_applied(letters, catalogue):
    """Access is checked against the records at query time for the page of hits, not only by the index's tokens."""
    from django.contrib.auth.models import Permission
    from django.test import Client
    from django.urls import reverse

    from search.engines import get_engine

    engine = get_engine()
    engine.ensure_ready()
    apply_all(engine)
    opened, staf = letters["open"], records_user("staf")
    found = api_search("zamrud sosialisasi", user=staf)
    assert ("letter", str(opened.pk)) in keys(found)
    opened.security = "rahasia"
    opened.save()  # the outbox row waits: the index still grants the letter to all staff
    assert ("letter", str(opened.pk)) not in keys(api_search("zamrud sosialisasi", user=staf))
    staf.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(staf)
    page = client.get(reverse("search:index"), {"q": "zamrud sosialisasi"})
    assert page.status_code == 200 and opened.subject not in page.content.decode()
    assert ("letter", str(opened.pk)) in keys(api_search("zamrud sosialisasi", user=records_user("kadis")))


def test_the_query_time_check_is_one_query_for_a_page_without_restricted_letters(letters, django_assert_num_queries):
    """The check against the records asks which hits are restricted now; the rule's posts and chains are looked up
    only when some are (and then decide, as the screens do)."""
    from django.contrib.auth.models import AnonymousUser

    from archive.search_source import DispositionSource, LetterSource

    staf, kadis = records_user("staf"), records_user("kadis")
    opened, secret = str(letters["open"].pk), str(letters["secret"].pk)
    staf.has_perm("archive.view_incomingletter")  # the permissions are cached on the user from here on
    kadis.has_perm("archive.view_incomingletter")
    with django_assert_num_queries(1):
        assert LetterSource().hidden(staf, [opened]) == set()
    with django_assert_num_queries(1):
        assert DispositionSource().hidden(staf, ["999999"]) == set()
    assert LetterSource().hidden(staf, [opened, secret]) == {secret}
    assert LetterSource().hidden(kadis, [opened, secret]) == set()
    assert LetterSource().hidden(AnonymousUser(), [opened]) == {opened}  # not a reader of the archive: none
