"""Parsing and validation are done once per distinct query text, the limits included."""

from __future__ import annotations

from strawberry.extensions.validation_cache import _get_validate_cache

from graphql_schema.extensions import VALIDATED_DOCUMENTS
from graphql_schema.schema import build_schema

QUERY = "query Zoom { __typename schema: __schema { queryType { name } } }"


def too_deep() -> str:
    nested = "id"
    for _ in range(12):
        nested = f"atVersion(version: 1) {{ {nested} }}"
    return f"{{ viewer {{ activePlan {{ {nested} }} }} }}"


class TestValidationCache:
    async def test_a_repeated_operation_is_validated_once(self, base_settings):
        schema = build_schema(base_settings)
        cache = _get_validate_cache(VALIDATED_DOCUMENTS)
        before = cache.cache_info()
        for _ in range(5):
            result = await schema.execute(QUERY)
            assert result.errors is None, result.errors
        after = cache.cache_info()
        # The first run validates (a miss); the four repeats are served from the cache.
        assert (after.misses - before.misses, after.hits - before.hits) == (1, 4)

    async def test_the_cached_rules_still_refuse_a_query_too_deep(self, base_settings):
        schema = build_schema(base_settings)
        for _ in range(2):  # refused when validated, and again when the verdict is cached
            result = await schema.execute(too_deep())
            assert result.errors
            assert "exceeds maximum operation depth" in result.errors[0].message
