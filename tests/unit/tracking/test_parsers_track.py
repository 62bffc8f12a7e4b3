"""Totals and kilometre splits derived from track points, on tracks whose truth is known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.tracking.parsers_common import (
    EARTH_RADIUS_M,
    TrackPoint,
    cumulative_distances_m,
    haversine_m,
    summarise_track,
)

START = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)
METRES_PER_DEGREE_LAT = EARTH_RADIUS_M * 3.141592653589793 / 180


def northward(
    distances_m: list[float], seconds: list[float], **extra: list[float | None]
) -> list[TrackPoint]:
    """Points due north of (46, 14), at given distances (m) and times (s after START)."""
    return [
        TrackPoint(
            time=START + timedelta(seconds=t),
            lat=46.0 + d / METRES_PER_DEGREE_LAT,
            lon=14.0,
            **{key: values[i] for key, values in extra.items()},
        )
        for i, (d, t) in enumerate(zip(distances_m, seconds, strict=True))
    ]


def steady_run(distance_m: float, pace_s_per_km: float, every_s: float = 5.0) -> list[TrackPoint]:
    steps = int(distance_m / 1000 * pace_s_per_km / every_s)
    seconds = [i * every_s for i in range(steps + 1)]
    return northward([t / pace_s_per_km * 1000 for t in seconds], seconds)


class TestHaversine:
    def test_one_degree_of_latitude(self):
        assert haversine_m(46.0, 14.0, 47.0, 14.0) == pytest.approx(111_195, rel=1e-4)

    def test_paris_to_london(self):
        assert haversine_m(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343_500, rel=0.005)


class TestSteadyRun:
    def test_distance_time_and_pace(self):
        summary = summarise_track(steady_run(2500, 300))
        assert summary.distance_m == pytest.approx(2500, rel=1e-3)
        assert summary.elapsed_time_s == 750
        assert summary.moving_time_s == 750
        assert summary.max_speed_m_s == pytest.approx(1000 / 300, rel=1e-3)

    def test_splits_are_whole_kilometres_then_the_rest(self):
        splits = summarise_track(steady_run(2500, 300)).splits
        assert [split.index for split in splits] == [1, 2, 3]
        assert [split.distance_m for split in splits] == pytest.approx([1000, 1000, 500], abs=0.5)
        assert [split.avg_pace_s_per_km for split in splits] == pytest.approx([300] * 3, rel=1e-3)


class TestStops:
    def test_standing_still_is_not_moving_time(self):
        points = northward([0, 500, 500, 1000], [0, 150, 210, 360])
        summary = summarise_track(points)
        assert summary.elapsed_time_s == 360
        assert summary.moving_time_s == 300

    def test_the_stop_stays_in_the_splits_elapsed_time_but_not_in_their_pace(self):
        split = summarise_track(northward([0, 500, 500, 1000], [0, 150, 210, 360])).splits[0]
        assert (split.elapsed_time_s, split.moving_time_s) == (360, 300)
        assert split.avg_pace_s_per_km == pytest.approx(300, rel=1e-3)


class TestHeartRateAndCadence:
    def test_sensor_dropouts_are_ignored(self):
        points = northward([0, 10, 20, 30], [0, 5, 10, 15], hr=[140, 0, 255, 150])
        summary = summarise_track(points)
        assert (summary.avg_hr, summary.max_hr) == (145, 150)

    def test_cadence_averages_the_strides_taken(self):
        points = northward([0, 10, 20], [0, 5, 10], cadence=[0, 84, 86])
        assert summarise_track(points).avg_cadence == 85


class TestElevation:
    def test_altitude_noise_on_the_flat_adds_nothing(self):
        noise = [100.0, 101.0, 99.5, 100.8, 99.2, 100.0]
        points = northward([i * 10.0 for i in range(6)], [i * 5.0 for i in range(6)], ele_m=noise)
        summary = summarise_track(points)
        assert (summary.elevation_gain_m, summary.elevation_loss_m) == (0, 0)

    def test_a_climb_and_a_descent(self):
        levels = [100.0, 105.0, 112.0, 120.0, 110.0, 104.0]
        points = northward([i * 10.0 for i in range(6)], [i * 5.0 for i in range(6)], ele_m=levels)
        summary = summarise_track(points)
        assert (summary.elevation_gain_m, summary.elevation_loss_m) == (20, 16)


class TestGpsJumps:
    def test_one_jump_does_not_become_the_max_speed(self):
        distances = [i * 15.0 for i in range(40)]
        distances[20:] = [d + 400 for d in distances[20:]]
        summary = summarise_track(northward(distances, [i * 5.0 for i in range(40)]))
        assert summary.max_speed_m_s == pytest.approx(3.0, rel=1e-3)


class TestOdometer:
    def test_the_device_distance_wins_over_positions(self):
        points = [
            TrackPoint(time=START + timedelta(seconds=i), lat=46.0, lon=14.0, distance_m=d)
            for i, d in enumerate([500.0, 503.0, 506.0, 506.0, 510.0])
        ]
        assert cumulative_distances_m(points) == [0, 3, 6, 6, 10]

    def test_an_odometer_reset_does_not_go_backwards(self):
        points = [
            TrackPoint(time=START + timedelta(seconds=i), distance_m=d)
            for i, d in enumerate([0.0, 10.0, 2.0, 20.0])
        ]
        assert cumulative_distances_m(points) == [0, 10, 10, 20]

    def test_no_positions_and_no_odometer_means_no_distance(self):
        points = [TrackPoint(time=START + timedelta(seconds=i), hr=120.0) for i in range(3)]
        summary = summarise_track(points)
        assert summary.distance_m is None
        assert summary.splits == []
        assert summary.moving_time_s == 2


class TestSplitsAddUp:
    @given(
        steps=st.lists(st.tuples(st.floats(0, 60), st.floats(0.5, 30)), min_size=2, max_size=200)
    )
    def test_split_distances_and_times_sum_to_the_totals(self, steps):
        distances, seconds = [0.0], [0.0]
        for step_m, step_s in steps:
            distances.append(distances[-1] + step_m)
            seconds.append(seconds[-1] + step_s)
        summary = summarise_track(northward(distances, seconds))
        assert summary.distance_m is not None
        total_m = sum(split.distance_m for split in summary.splits)
        assert total_m == pytest.approx(summary.distance_m, abs=1.0 + len(summary.splits) * 0.01)
        assert all(split.distance_m <= 1000.01 for split in summary.splits)
        total_s = sum(split.elapsed_time_s for split in summary.splits)
        if summary.splits:
            assert total_s <= summary.elapsed_time_s + 0.01 * len(summary.splits)
