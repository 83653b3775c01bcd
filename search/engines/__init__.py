"""Choosing the engine: Elasticsearch when settings.ELASTICSEARCH_URL is set, else the embedded engine of the
database in use (SQLite FTS5 or PostgreSQL full text), which needs no setup beyond the migrations."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import connection

from search.engines.base import Engine

ELASTICSEARCH = "elasticsearch"


def embedded_engine() -> Engine:
    """The embedded engine for the default database's vendor."""
    if connection.vendor == "postgresql":
        from search.engines.postgres_fts import PostgresEngine

        return PostgresEngine()
    if connection.vendor == "sqlite":
        from search.engines.sqlite_fts import SqliteEngine

        return SqliteEngine()
    raise RuntimeError(f"No embedded search engine for the database vendor {connection.vendor!r}")


def embedded_name() -> str:
    return "postgres" if connection.vendor == "postgresql" else connection.vendor


def elasticsearch_engine(index_prefix: str = "naskah") -> Engine:
    from search.engines.elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine(settings.ELASTICSEARCH_URL, index_prefix=index_prefix)


def get_engine() -> Engine:
    """The engine searches and the index worker use."""
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        return elasticsearch_engine()
    return embedded_engine()


def available_engines() -> list[tuple[str, Callable[..., Engine]]]:
    """``(name, factory)`` of every engine that can run here: the embedded one always, Elasticsearch when its URL
    is set. A factory takes an optional ``namespace`` that keeps a test's index apart (Elasticsearch index prefix;
    the embedded engines live in the test database and ignore it)."""

    def embedded(namespace: str | None = None) -> Engine:
        return embedded_engine()

    engines: list[tuple[str, Callable[..., Engine]]] = [(embedded_name(), embedded)]
    if getattr(settings, "ELASTICSEARCH_URL", ""):

        def elastic(namespace: str | None = None) -> Engine:
            return elasticsearch_engine(index_prefix=namespace or "naskah")

        engines.append((ELASTICSEARCH, elastic))
    return engines
