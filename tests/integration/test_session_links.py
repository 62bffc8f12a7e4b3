"""Recording many links at once: rewritten whole, and nothing lost to a change meanwhile."""

from __future__ import annotations

from bson import ObjectId

from repositories.sessions import REWRITE_FROM
from tests.factories import build_world


class TestManyLinks:
    async def test_a_batch_is_rewritten_and_a_session_changed_meanwhile_keeps_its_change(
        self, repositories, make_account
    ):
        account = await make_account("links")
        world = await build_world(repositories, account.runner_id, 4, executed_days=1)
        read = {
            s["_id"]: s
            for s in await repositories.sessions.of_plan(account.runner_id, world.plan["_id"])
        }
        chosen = [key for key, s in read.items() if s.get("executionId") is None][
            : REWRITE_FROM + 2
        ]
        links = {key: {"status": "completed", "executionId": ObjectId()} for key in chosen}
        # Someone changes one of them after the read.
        changed = chosen[3]
        assert await repositories.sessions.update_if_version(
            account.runner_id, changed, read[changed]["version"], {"skipReason": "meanwhile"}
        )

        await repositories.sessions.set_linked(links, read)

        after = {
            s["_id"]: s
            for s in await repositories.sessions.of_plan(account.runner_id, world.plan["_id"])
        }
        assert set(after) == set(read)  # nothing lost, nothing doubled
        for key in chosen:
            assert (after[key]["status"], after[key]["executionId"]) == (
                "completed",
                links[key]["executionId"],
            )
        assert after[changed]["skipReason"] == "meanwhile"
        assert after[changed]["version"] == read[changed]["version"] + 2
        for key in chosen:
            if key != changed:
                assert after[key]["version"] == read[key]["version"] + 1
                assert after[key]["title"] == read[key]["title"]
        for key in set(read) - set(chosen):
            assert after[key] == read[key]
