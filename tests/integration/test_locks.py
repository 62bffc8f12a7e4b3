"""Primary-key locks: one holder at a time, stale ones taken over, releases by their owner."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from app.models.common import utc_now
from repositories.locks import STALE_AFTER, LockBusyError


class TestLocks:
    async def test_a_held_lock_is_busy_and_free_again_after_release(self, repositories):
        key = f"test:{uuid.uuid4().hex}"
        async with repositories.locks.hold(key):
            with pytest.raises(LockBusyError):
                async with repositories.locks.hold(key):
                    pass
        async with repositories.locks.hold(key):
            pass

    async def test_an_overrunning_holder_does_not_release_its_successors_lock(self, repositories):
        key = f"test:{uuid.uuid4().hex}"
        async with repositories.locks.hold(key):
            # The first holder overran: its lock looks stale, and a second holder takes over.
            await repositories.locks.collection.update_one(
                {"_id": key}, {"$set": {"takenAt": utc_now() - STALE_AFTER - timedelta(seconds=1)}}
            )
            second = repositories.locks.hold(key)
            await second.__aenter__()
        # The first holder's release left the second's lock in place.
        with pytest.raises(LockBusyError):
            async with repositories.locks.hold(key):
                pass
        await second.__aexit__(None, None, None)
        async with repositories.locks.hold(key):
            pass
