"""The knowledge base and the safeguards the plans cite."""

from __future__ import annotations

import strawberry

from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.knowledge.types import KnowledgeEntry, Safeguard


@strawberry.type
class KnowledgeQueries:
    @strawberry.field(description="Knowledge entries in a category, carrying all of `tags`.")
    async def knowledge_entries(
        self,
        info: strawberry.Info[Context, None],
        category: str | None = None,
        tags: list[str] | None = None,
    ) -> list[KnowledgeEntry]:
        await info.context.viewer()
        documents = await info.context.repositories.knowledge.search(category, tags)
        return [stored(KnowledgeEntry, document) for document in documents]

    @strawberry.field(description="Every safeguard, highest priority first.")
    async def safeguards(self, info: strawberry.Info[Context, None]) -> list[Safeguard]:
        await info.context.viewer()
        documents = await info.context.repositories.safeguards.all()
        return [stored(Safeguard, document) for document in documents]
