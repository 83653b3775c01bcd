"""Shared fixtures: the catalogue site tree and the shared folder beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import cms as cms_factories


@pytest.fixture
def shared_dir() -> Path:
    path = Path(settings.SHARED_DIR)
    if not path.is_dir():
        pytest.fail(f"The shared folder is missing: {path} (set NASKAH_SHARED_DIR)")
    return path


@pytest.fixture
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture
def site_tree(db):
    """Home page, catalogue and one unit, published, as the default site."""
    home, catalogue = cms_factories.build_site()
    unit = cms_factories.add_unit(catalogue)
    return home, catalogue, unit
