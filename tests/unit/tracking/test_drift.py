"""Aerobic decoupling (Pa:HR) of a recorded track."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.tracking.drift import aerobic_decoupling_pct
from app.tracking.parsers_common import TrackPoint

START = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)


def track(minutes: int, hr_of, speed_of=lambda _: 3.0) -> tuple[list[TrackPoint], list[float]]:
    points, distances, metres = [], [], 0.0
    for second in range(0, minutes * 60 + 1, 5):
        if second:
            metres += speed_of(second) * 5
        points.append(TrackPoint(time=START + timedelta(seconds=second), hr=hr_of(second)))
        distances.append(metres)
    return points, distances


class TestAerobicDecoupling:
    def test_an_even_run_has_none(self):
        assert aerobic_decoupling_pct(*track(60, lambda _: 150.0)) == 0.0

    def test_heart_rate_rising_at_the_same_pace(self):
        points, distances = track(60, lambda s: 140.0 if s <= 1800 else 154.0)
        assert aerobic_decoupling_pct(points, distances) == pytest.approx(
            round((1 - 140 / 154) * 100, 1)
        )

    def test_slowing_down_at_the_same_heart_rate_is_drift_too(self):
        points, distances = track(60, lambda _: 150.0, lambda s: 3.0 if s <= 1800 else 2.7)
        assert aerobic_decoupling_pct(points, distances) == pytest.approx(10.0)

    def test_a_pause_counts_in_neither_half(self):
        points, distances = track(60, lambda _: 150.0)
        later = [
            TrackPoint(time=p.time + timedelta(minutes=10), hr=p.hr)
            if p.time > START + timedelta(minutes=40)
            else p
            for p in points
        ]
        assert aerobic_decoupling_pct(later, distances) == 0.0

    @pytest.mark.parametrize(
        ("minutes", "hr"), [(15, 150.0), (60, None)], ids=["too short", "no heart rate"]
    )
    def test_unknown_without_enough_data(self, minutes, hr):
        assert aerobic_decoupling_pct(*track(minutes, lambda _: hr)) is None

    def test_unknown_without_distance(self):
        points, _ = track(60, lambda _: 150.0)
        assert aerobic_decoupling_pct(points, None) is None
