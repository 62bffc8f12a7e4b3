"""Daily loads, the chart over dates, the load trend, volume windows and consistency."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.fitness.state import (
    ActivitySample,
    FitnessDay,
    LoadTrend,
    actual_weekly_volume_km,
    consistency_score,
    effective_load,
    fitness_series,
    load_trend,
    loads_by_day,
    volume_window,
)

TODAY = date(2025, 6, 30)


def run(days_ago: int, km: float = 10.0, load: float = 50.0, *, is_run: bool = True):
    return ActivitySample(TODAY - timedelta(days=days_ago), is_run, km, km * 6, load)


class TestEffectiveLoad:
    def test_stored_load_wins(self) -> None:
        assert effective_load(80.0, 60.0, 9) == 80.0

    def test_feedback_rpe_fills_a_missing_load(self) -> None:
        # 45 min at RPE 6 on the TSS scale: IF 0.94, 0.75 h x 0.94² x 100 = 66.27 points.
        assert effective_load(None, 45.0, 6) == pytest.approx(0.75 * 0.94**2 * 100)

    def test_nothing_known_counts_zero(self) -> None:
        assert effective_load(None, 45.0, None) == 0.0


class TestSeries:
    def test_two_activities_on_a_day_add_up(self) -> None:
        loads = loads_by_day([run(0, load=40), run(0, load=25), run(1, load=10)])
        assert loads == {TODAY: 65.0, TODAY - timedelta(days=1): 10.0}

    def test_one_day_step_from_zero(self) -> None:
        # CTL = 0 + (84 - 0) / 42 = 2, ATL = 84 / 7 = 12; form is yesterday's balance, 0.
        series = fitness_series({TODAY: 84.0}, TODAY, TODAY)
        assert series == [FitnessDay(TODAY, 84.0, 2.0, 12.0, 0.0)]

    def test_rest_days_decay_and_dates_are_consecutive(self) -> None:
        start = TODAY - timedelta(days=2)
        series = fitness_series({start: 70.0}, start, TODAY)
        assert [day.date for day in series] == [start + timedelta(days=i) for i in range(3)]
        assert [day.load for day in series] == [70.0, 0.0, 0.0]
        # ATL after the run is 10, then loses a seventh each rest day.
        assert series[2].atl == pytest.approx(10 * (6 / 7) ** 2)
        # Form the day after: CTL 70/42 - ATL 10 = -8.33.
        assert series[1].tsb == pytest.approx(70 / 42 - 10)

    @given(st.lists(st.floats(min_value=0, max_value=300), min_size=1, max_size=60))
    def test_constant_load_never_overshoots(self, loads: list[float]) -> None:
        start = TODAY - timedelta(days=len(loads) - 1)
        by_day = {start + timedelta(days=i): value for i, value in enumerate(loads)}
        series = fitness_series(by_day, start, TODAY)
        top = max(loads)
        assert all(0 <= day.ctl <= top + 1e-9 and 0 <= day.atl <= top + 1e-9 for day in series)


class TestTrend:
    def days(self, ctls: list[float]) -> list[FitnessDay]:
        return [FitnessDay(TODAY, 0.0, ctl, 0.0, 0.0) for ctl in ctls]

    def test_rising_falling_stable(self) -> None:
        assert load_trend(self.days([40.0] * 7 + [43.0])) is LoadTrend.RISING  # +7.5 %
        assert load_trend(self.days([40.0] * 7 + [37.0])) is LoadTrend.FALLING
        assert load_trend(self.days([40.0] * 7 + [41.0])) is LoadTrend.STABLE  # +2.5 %

    def test_a_new_runner_with_tiny_fitness_reads_stable(self) -> None:
        # +100 % but only half a point: noise, not a trend.
        assert load_trend(self.days([0.5] * 7 + [1.0])) is LoadTrend.STABLE

    def test_less_than_a_week_of_history_is_stable(self) -> None:
        assert load_trend(self.days([0.0, 30.0])) is LoadTrend.STABLE


class TestVolume:
    def test_windows_include_today_and_skip_other_sports(self) -> None:
        history = [run(0, 8), run(6, 12), run(7, 20), run(3, 30, is_run=False), run(27, 5)]
        assert volume_window(history, TODAY, 7) == (20.0, 2)
        assert volume_window(history, TODAY, 28) == (45.0, 4)

    def test_future_runs_do_not_count(self) -> None:
        assert volume_window([run(-1, 10)], TODAY, 7) == (0.0, 0)

    def test_actual_weekly_volume_is_the_four_week_mean(self) -> None:
        history = [run(days, 10) for days in range(0, 28, 2)]  # 14 runs of 10 km
        assert actual_weekly_volume_km(history, TODAY) == 35.0

    def test_consistency_counts_weeks_with_a_run(self) -> None:
        # Runs in blocks 0, 1 and 5 of the last eight 7-day blocks; the run 60 days ago is
        # outside them.
        history = [run(1), run(3), run(13), run(40), run(60), run(2, is_run=False)]
        assert consistency_score(history, TODAY) == 37.5
        assert consistency_score([run(7 * week) for week in range(8)], TODAY) == 100.0
        assert consistency_score([], TODAY) == 0.0
