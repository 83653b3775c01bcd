"""Signals the search layer sends, so the apps above it can react without the layer knowing them."""

from django.dispatch import Signal

# Sent after the outbox worker's transaction commits, with ``kinds``: the frozenset of document kinds it changed
# in the index. The public catalogue clears its page cache when its pages' kinds are among them, so a cached
# search result never lags behind what the index now holds.
index_updated = Signal()
