"""Start-up objects are frozen out of the garbage collector (bench/live.py measures why)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import httpx
import pytest

from app.server import create_app
from app.settings import Settings, load_settings
from tests.conftest import serve


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    """Start from an empty permanent generation; leave it empty for the next test."""
    gc.unfreeze()
    yield
    gc.unfreeze()


class TestStartupFreeze:
    async def test_serving_app_has_its_startup_objects_frozen(self, settings: Settings):
        frozen = load_settings(**{**settings.model_dump(), "gc_freeze": True})
        async with serve(create_app(frozen)) as url, httpx.AsyncClient(base_url=url) as http:
            assert (await http.get("/readyz")).status_code == 200
            assert gc.get_freeze_count() > 10_000

    async def test_by_default_the_collector_is_left_alone(self, settings: Settings):
        assert settings.gc_freeze is False
        async with serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url) as http:
            assert (await http.get("/readyz")).status_code == 200
            assert gc.get_freeze_count() == 0
