"""Choosing the engine: Elasticsearch when settings.ELASTICSEARCH_URL is set (several machines), else the embedded
Tantivy index in settings.SEARCH_INDEX_DIR (one machine, no service to run)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from search.engines.base import Engine

ELASTICSEARCH = "elasticsearch"
EMBEDDED = "tantivy"


def embedded_engine(root: Path | str | None = None) -> Engine:
    """The Tantivy engine over ``root`` (default: settings.SEARCH_INDEX_DIR)."""
    from search.engines.tantivy import TantivyEngine

    return TantivyEngine(root)


def embedded_name() -> str:
    return EMBEDDED


def elasticsearch_engine(index_prefix: str = "naskah") -> Engine:
    from search.engines.elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine(settings.ELASTICSEARCH_URL, index_prefix=index_prefix)


def get_engine() -> Engine:
    """The engine searches and the index worker use."""
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        return elasticsearch_engine()
    return embedded_engine()


def available_engines() -> list[tuple[str, Callable[..., Engine]]]:
    """``(name, factory)`` of every engine that can run here: Tantivy always, Elasticsearch when its URL is set. A
    factory takes an optional ``namespace`` that keeps a test's index apart (Tantivy: a folder of that name under
    SEARCH_INDEX_DIR; Elasticsearch: the index prefix)."""

    def embedded(namespace: str | None = None) -> Engine:
        root = Path(settings.SEARCH_INDEX_DIR)
        return embedded_engine(root / namespace if namespace else root)

    engines: list[tuple[str, Callable[..., Engine]]] = [(EMBEDDED, embedded)]
    if getattr(settings, "ELASTICSEARCH_URL", ""):

        def elastic(namespace: str | None = None) -> Engine:
            return elasticsearch_engine(index_prefix=namespace or "naskah")

        engines.append((ELASTICSEARCH, elastic))
    return engines
