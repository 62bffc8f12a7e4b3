"""The per-runner throttle of heavy mutations: in flight, per minute, and per runner."""

from __future__ import annotations

from bson import ObjectId

from graphql_schema.throttle import RunnerThrottle


class TestRunnerThrottle:
    def test_in_flight_operations_are_capped_and_freed(self):
        throttle = RunnerThrottle(max_in_flight=2, per_minute=100)
        runner = ObjectId()
        assert throttle.acquire(runner, 0.0) is None
        assert throttle.acquire(runner, 0.1) is None
        assert throttle.acquire(runner, 0.2) == 1.0
        throttle.release(runner)
        assert throttle.acquire(runner, 0.3) is None

    def test_a_minute_holds_so_many_and_says_when_the_next_fits(self):
        throttle = RunnerThrottle(max_in_flight=10, per_minute=3)
        runner = ObjectId()
        for second in (0.0, 10.0, 20.0):
            assert throttle.acquire(runner, second) is None
            throttle.release(runner)
        assert throttle.acquire(runner, 30.0) == 30.0
        assert throttle.acquire(runner, 60.5) is None

    def test_runners_do_not_share_their_limits(self):
        throttle = RunnerThrottle(max_in_flight=1, per_minute=1)
        busy, other = ObjectId(), ObjectId()
        assert throttle.acquire(busy, 0.0) is None
        assert throttle.acquire(busy, 0.0) is not None
        assert throttle.acquire(other, 0.0) is None
