"""The season's shape: phases, recovery weeks, taper and volume progression."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models.common import ExperienceLevel, RaceType
from app.planning.periodization import periodize
from tests.unit.planning.strategies import (
    MONDAY,
    generate,
    make_request,
    sessions_by_week,
    training_km,
)

DISTANCES = {
    RaceType.FIVE_K: 5000.0,
    RaceType.TEN_K: 10000.0,
    RaceType.HALF_MARATHON: 21097.5,
    RaceType.MARATHON: 42195.0,
}


def race_in(weeks: int, days: int = 0):
    return MONDAY + timedelta(weeks=weeks, days=days - 1)


class TestTaper:
    @pytest.mark.parametrize(
        ("race_type", "taper_weeks"),
        [
            (RaceType.FIVE_K, 1),
            (RaceType.TEN_K, 1),
            (RaceType.HALF_MARATHON, 2),
            (RaceType.MARATHON, 3),
        ],
    )
    def test_taper_length_by_distance(self, race_type, taper_weeks):
        season = periodize(
            MONDAY, race_in(16), DISTANCES[race_type], ExperienceLevel.INTERMEDIATE, 35
        )
        assert season.taper_weeks == taper_weeks
        assert [w.number for w in season.weeks if w.is_taper] == list(range(17 - taper_weeks, 17))

    def test_custom_distances_taper_like_the_nearest_standard_one(self):
        assert (
            periodize(MONDAY, race_in(16), 12000.0, ExperienceLevel.ADVANCED, 35).taper_weeks == 1
        )
        assert (
            periodize(MONDAY, race_in(16), 30000.0, ExperienceLevel.ADVANCED, 35).taper_weeks == 3
        )
        assert (
            periodize(MONDAY, race_in(16), 80000.0, ExperienceLevel.ADVANCED, 35).taper_weeks == 3
        )

    def test_a_race_week_of_two_days_adds_a_taper_week(self):
        season = periodize(MONDAY, race_in(15, 2), 21097.5, ExperienceLevel.INTERMEDIATE, 35)
        assert season.weeks[-1].day_count == 2
        assert season.taper_weeks == 3

    def test_taper_volume_falls_week_after_week(self):
        generated = generate(make_request(race_type=RaceType.MARATHON, race_distance_m=42195.0))
        by_week = sessions_by_week(generated)
        taper = [w.week_number for w in generated.plan.weekly_plan if w.is_taper_week]
        volumes = [training_km(by_week[n]) for n in [taper[0] - 1, *taper]]
        assert volumes == sorted(volumes, reverse=True)
        assert volumes[-1] < 0.5 * volumes[0]


class TestPhases:
    def test_phases_follow_base_build_peak_taper_and_cover_every_week(self):
        season = periodize(MONDAY, race_in(20), 21097.5, ExperienceLevel.INTERMEDIATE, 35)
        assert [phase for phase, _, _ in season.phase_spans] == ["base", "build", "peak", "taper"]
        covered = [n for _, low, high in season.phase_spans for n in range(low, high + 1)]
        assert covered == list(range(1, 21))

    def test_recovery_every_fourth_week_and_every_third_from_fifty(self):
        young = periodize(MONDAY, race_in(20), 21097.5, ExperienceLevel.INTERMEDIATE, 35)
        master = periodize(MONDAY, race_in(20), 21097.5, ExperienceLevel.INTERMEDIATE, 55)
        assert [w.number for w in young.weeks if w.is_recovery] == [4, 8, 12, 16]
        assert [w.number for w in master.weeks if w.is_recovery] == [3, 6, 9, 12, 15]
        assert not any(w.is_recovery for w in young.weeks if w.number >= 18)


class TestVolume:
    def test_recovery_weeks_drop_about_a_quarter_and_the_next_week_returns(self):
        generated = generate(make_request())
        by_week = sessions_by_week(generated)
        volume = {n: training_km(days) for n, days in by_week.items()}
        for week in generated.plan.weekly_plan:
            if week.is_recovery_week:
                n = week.week_number
                assert volume[n] == pytest.approx(0.75 * volume[n - 1], abs=0.2)
                assert volume[n + 1] == pytest.approx(volume[n - 1], abs=0.1)

    def test_week_one_starts_at_the_current_volume(self):
        generated = generate(make_request(current_weekly_volume_km=32.0))
        assert training_km(sessions_by_week(generated)[1]) == pytest.approx(32.0, abs=0.1)

    def test_a_marathon_peaks_higher_than_a_five_k_and_grows_from_the_start(self):
        marathon = generate(make_request(race_type=RaceType.MARATHON, race_distance_m=42195.0))
        five_k = generate(make_request(race_type=RaceType.FIVE_K, race_distance_m=5000.0))
        assert (
            marathon.plan.load_parameters.peak_volume_km
            > five_k.plan.load_parameters.peak_volume_km
        )
        weeks = marathon.plan.weekly_plan
        assert (
            max(w.target_volume_km for w in weeks if not w.is_race_week) > weeks[0].target_volume_km
        )

    def test_marathon_long_runs_build_toward_thirty_kilometres(self):
        generated = generate(
            make_request(
                race_type=RaceType.MARATHON,
                race_distance_m=42195.0,
                baseline_5k_s=20 * 60.0,
                current_weekly_volume_km=50.0,
                experience_level=ExperienceLevel.ADVANCED,
                race_date=race_in(20),
            )
        )
        longest = max(w.long_run_km for w in generated.plan.weekly_plan)
        assert 28 <= longest <= 35

    def test_long_runs_stay_within_three_and_a_half_hours_for_slower_runners(self):
        generated = generate(
            make_request(
                race_type=RaceType.MARATHON,
                race_distance_m=42195.0,
                baseline_5k_s=30 * 60.0,
                current_weekly_volume_km=50.0,
                race_date=race_in(20),
            )
        )
        long_runs = [s for s in generated.sessions if s.type == "long"]
        assert max(s.duration_min for s in long_runs) <= 210
