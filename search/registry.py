"""What the domain apps plug into the search layer: document sources (one per kind) and principal providers.

cms and archive register theirs in their AppConfig.ready(); the search layer never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, runtime_checkable

from search.types import PUBLIC, SearchDocument


@runtime_checkable
class DocumentSource(Protocol):
    """Turns records of one kind into SearchDocuments."""

    kind: str

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[SearchDocument]:
        """Yield the documents for ``ids`` (all when None). An id whose record is gone or no longer searchable
        (an unpublished page, say) is simply not yielded: the index then removes it."""

    def count(self) -> int:
        """How many documents ``documents()`` would yield (for progress bars)."""


_sources: dict[str, DocumentSource] = {}
_principal_providers: list[Callable[[object], set[str]]] = []


def register_source(source: DocumentSource) -> None:
    _sources[source.kind] = source


def sources() -> dict[str, DocumentSource]:
    return dict(_sources)


def source(kind: str) -> DocumentSource:
    return _sources[kind]


def register_principal_provider(provider: Callable[[object], set[str]]) -> None:
    """``provider(user)`` returns the tokens ``user`` holds (archive: staff, user:<id>, position:<id>)."""
    if provider not in _principal_providers:
        _principal_providers.append(provider)


def principals_for(user) -> frozenset[str]:
    """Everyone holds PUBLIC; signed-in users hold what the providers grant them."""
    tokens = {PUBLIC}
    if user is not None and getattr(user, "is_authenticated", False):
        for provider in _principal_providers:
            tokens |= set(provider(user))
    return frozenset(tokens)


def hidden_ids(user, kind: str, ids: list[str]) -> set[str]:
    """The ``ids`` of ``kind`` that ``user`` may no longer open, asked of the kind's source when it knows (its
    ``hidden(user, ids)``): the index's tokens may lag a change the outbox has not applied yet."""
    check = getattr(_sources.get(kind), "hidden", None)
    return set() if check is None else set(check(user, ids))
