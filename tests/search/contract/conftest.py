"""One contract suite for every engine: the embedded engine of the test database always, Elasticsearch when
ELASTICSEARCH_URL is set (reported as skipped otherwise)."""

from __future__ import annotations

import uuid

import pytest

from search.engines import ELASTICSEARCH, available_engines, embedded_name

ES_SKIP = "Elasticsearch contract tests need ELASTICSEARCH_URL (docker compose up elasticsearch)"


def pytest_generate_tests(metafunc):
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize(
            "engine_name",
            [pytest.param("embedded", id="embedded"), pytest.param(ELASTICSEARCH, marks=pytest.mark.elasticsearch)],
        )


@pytest.fixture
def engine(engine_name, db):
    """A clean, ready index of the engine ``engine_name`` (the database is there for the embedded engine and for
    sources that read records)."""
    if engine_name == "embedded":
        factories = dict(available_engines())
        engine = factories[embedded_name()]()
        engine.ensure_ready()
        engine.rebuild([])
        yield engine
        return
    factories = dict(available_engines())
    if ELASTICSEARCH not in factories:
        pytest.skip(ES_SKIP)
    engine = factories[ELASTICSEARCH](namespace=f"naskah-test-{uuid.uuid4().hex[:10]}")
    engine.ensure_ready()
    engine.rebuild([])
    yield engine
    drop = getattr(engine, "drop", None)
    if drop is not None:
        drop()
    elif hasattr(engine, "client"):  # no drop(): remove this test's indices by their prefix
        engine.client.indices.delete(index=f"{engine.index_prefix}-*", ignore_unavailable=True)
