"""Where and how hard: positions and power recorded by the file parsers into an activity's track.

Each file is uploaded over HTTP and its track read back from `activity(activityId) { samples }`;
the expected values are read from the files themselves (ElementTree for GPX, fitdecode for
FIT, the writer's own points for TCX), not through Cadence's parsers.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import fitdecode
import pytest

from tests.api.tracking_helpers import upload_file
from tests.conftest import graphql
from tests.tcx_writer import POINT_EVERY_S, TcxRun, tcx_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "activities"
UPLOAD = (
    "mutation U($file: Upload!) { uploadActivityFile(file: $file) { __typename "
    "... on ActivitiesImported { activities { id } } ... on InvalidInput { message } } }"
)
TRACK = """
query T($id: ID!) { activity(activityId: $id) { samples { offsetS lat lng powerW } } }
"""
DEGREES_PER_SEMICIRCLE = 180 / 2**31


async def uploaded_track(http, account, name: str, data: bytes) -> list[dict]:
    """Upload one file; the samples of the one activity it holds."""
    body = await upload_file(http, account, name, data, UPLOAD)
    answer = body["data"]["uploadActivityFile"]
    assert answer["__typename"] == "ActivitiesImported", answer
    (activity,) = answer["activities"]
    body = await graphql(http, TRACK, {"id": activity["id"]}, account)
    return body["data"]["activity"]["samples"]


class TestPositionsAndPower:
    async def test_a_garmin_fit_ride_gives_its_route_and_its_watts(self, http, make_account):
        account = await make_account()
        data = (FIXTURES / "edge1000_ride_2020-06-01.fit").read_bytes()
        with fitdecode.FitReader(data) as reader:
            records = [
                {field.name: field.value for field in frame.fields}
                for frame in reader
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record"
            ]
        samples = await uploaded_track(http, account, "ride.fit", data)
        assert samples
        first = records[0]
        assert samples[0]["lat"] == pytest.approx(first["position_lat"] * DEGREES_PER_SEMICIRCLE)
        assert samples[0]["lng"] == pytest.approx(first["position_long"] * DEGREES_PER_SEMICIRCLE)
        assert samples[0]["powerW"] == first["power"]
        recorded = {record["power"] for record in records if record.get("power") is not None}
        charted = [s["powerW"] for s in samples if s["powerW"] is not None]
        assert len(charted) >= len(samples) - 1
        assert set(charted) <= recorded

    async def test_a_garmin_gpx_gives_every_trackpoint_position(self, http, make_account):
        account = await make_account()
        data = (FIXTURES / "edge1000_ride_2020-06-01.gpx").read_bytes()
        points = ET.fromstring(data).iter("{http://www.topografix.com/GPX/1/1}trkpt")
        expected = [float(p.get(axis)) for p in points for axis in ("lat", "lon")]
        samples = await uploaded_track(http, account, "ride.gpx", data)
        assert [s[axis] for s in samples for axis in ("lat", "lng")] == pytest.approx(expected)
        assert all(s["powerW"] is None for s in samples)  # the GPX export carries no power

    async def test_a_tcx_run_with_a_power_meter(self, http, make_account):
        account = await make_account()
        start = account.clock.now().astimezone(UTC) - timedelta(days=2)
        run = TcxRun(
            datetime(start.year, start.month, start.day, 7, tzinfo=UTC), 30, 6.0, watts=245
        )
        samples = await uploaded_track(http, account, "run.tcx", tcx_file(run))
        assert len(samples) == 30 * 60 // POINT_EVERY_S + 1
        for sample in samples:
            lat, lng, _, _ = run.point_at(round(sample["offsetS"]))
            assert (sample["lat"], sample["lng"]) == pytest.approx((lat, lng), abs=1e-6)
            assert sample["powerW"] == 245
