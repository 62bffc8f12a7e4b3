"""Which connections a payload came through, and the RPE and rating a runner may give."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.errors import InvalidInputError
from app.runner_input import keep_last_sync, stored_changes
from app.tracking.activity_edits import checked_rating, checked_rpe
from app.tracking.sync import synced_connections, terra_envelope

NOW = datetime(2027, 3, 28, 6, 30, tzinfo=UTC)


class TestTerraEnvelope:
    @pytest.mark.parametrize(
        ("provider", "source"),
        [("GARMIN", "garmin"), ("APPLE", "apple_health"), ("coros", "coros"), ("OURA", "oura")],
    )
    def test_names_the_wearable_it_relays(self, provider, source):
        items = [{"metadata": {}}]
        assert terra_envelope({"user": {"provider": provider}, "data": items}) == (items, source)

    def test_a_bare_item_or_list_names_none(self):
        item = {"metadata": {"summary_id": "a"}}
        assert terra_envelope(item) == (item, None)
        assert terra_envelope([item]) == ([item], None)

    @pytest.mark.parametrize("provider", [7, "", "GAR MIN", "x" * 41, {"$ne": 1}])
    def test_a_provider_that_is_no_name_is_refused(self, provider):
        with pytest.raises(InvalidInputError) as raised:
            terra_envelope({"user": {"provider": provider}, "data": []})
        assert raised.value.field == "payload.user.provider"


def test_a_new_connection_is_connected_and_synced_now_once_per_source():
    assert synced_connections(["terra", "garmin", "terra"], NOW) == [
        {"source": "terra", "connectedAt": NOW, "lastSyncAt": NOW},
        {"source": "garmin", "connectedAt": NOW, "lastSyncAt": NOW},
    ]


class TestConnectionEdits:
    @pytest.mark.parametrize("key", ["lastSyncAt", "last_sync_at"])
    def test_last_sync_is_not_writable(self, key):
        values = {"providers": [{"source": "strava"}, {"source": "garmin", key: NOW}]}
        with pytest.raises(InvalidInputError) as raised:
            stored_changes("connections", values)
        assert raised.value.field == f"connections.providers[1].{key}"

    def test_a_rewrite_keeps_the_stored_last_sync_of_each_source_kept(self):
        current = {"providers": [{"source": "strava", "lastSyncAt": NOW}, {"source": "polar"}]}
        changes = {"providers": [{"source": "strava"}, {"source": "coros"}]}
        assert keep_last_sync(changes, current) == {
            "providers": [{"source": "strava", "lastSyncAt": NOW}, {"source": "coros"}]
        }


class TestRatings:
    @pytest.mark.parametrize("value", [1, 3, 5])
    def test_a_rating_is_one_to_five(self, value):
        assert checked_rating(value) == value

    @pytest.mark.parametrize("value", [0, 6, -1])
    def test_a_rating_outside_is_refused(self, value):
        with pytest.raises(InvalidInputError) as raised:
            checked_rating(value)
        assert raised.value.field == "userRating"

    @pytest.mark.parametrize(("value", "rpe"), [(1.0, 1), (7.0, 7), (10.0, 10)])
    def test_an_rpe_is_a_whole_number_one_to_ten(self, value, rpe):
        assert checked_rpe(value) == rpe

    @pytest.mark.parametrize("value", [0.0, 10.5, 6.5, 11.0, float("nan"), float("inf")])
    def test_an_rpe_outside_or_fractional_is_refused(self, value):
        with pytest.raises(InvalidInputError) as raised:
            checked_rpe(value)
        assert raised.value.field == "perceivedExertion"
