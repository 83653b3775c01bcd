"""Services: the writes of the catalogue (import, site structure, moderation), typed and keyword-only."""
