"""One contract suite for every engine: Tantivy (the embedded engine) always, Elasticsearch when ELASTICSEARCH_URL
is set (reported as skipped otherwise)."""

from __future__ import annotations

import uuid

import pytest

from search.engines import ELASTICSEARCH, EMBEDDED, available_engines

ES_SKIP = "Elasticsearch contract tests need ELASTICSEARCH_URL (docker compose up elasticsearch)"


def pytest_generate_tests(metafunc):
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize(
            "engine_name",
            [pytest.param(EMBEDDED, id=EMBEDDED), pytest.param(ELASTICSEARCH, marks=pytest.mark.elasticsearch)],
        )


@pytest.fixture
def engine(engine_name, db):
    """A clean, ready index of the engine ``engine_name`` (the database is there for sources that read records)."""
    factories = dict(available_engines())
    if engine_name not in factories:
        pytest.skip(ES_SKIP)
    engine = factories[engine_name](namespace=f"naskah-test-{uuid.uuid4().hex[:10]}")
    engine.ensure_ready()
    engine.rebuild([])
    yield engine
    drop = getattr(engine, "drop", None)
    if drop is not None:
        drop()
    elif hasattr(engine, "client"):  # no drop(): remove this test's indices by their prefix
        engine.client.indices.delete(index=f"{engine.index_prefix}-*", ignore_unavailable=True)
