"""Race prediction: Riegel, VDOT equivalents, GoFast baseline, adaptive 5k, on-track, records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.fitness.prediction import (
    ADAPTIVE_WINDOW_DAYS,
    WORLD_RECORDS_S,
    Effort,
    EffortKind,
    OnTrack,
    OnTrackStatus,
    adaptive_5k,
    gofast_baseline,
    on_track,
    riegel,
    vdot_equivalent,
    world_record_pace_s_per_km,
)
from app.fitness.vdot import race_time_for_vdot, vdot_from_race

MILE_M = 1609.344
HALF_M = 21097.5
MARATHON_M = 42195.0
TODAY = date(2025, 3, 1)


def velocity_m_per_min_for_vo2(vo2):
    """Velocity for an oxygen cost, solved here independently of the module under test."""
    a, b, c = 0.000104, 0.182258, -4.60 - vo2
    return (-b + (b * b - 4 * a * c) ** 0.5) / (2 * a)


class TestRiegel:
    def test_half_to_marathon(self):
        # 1:30:00 * 2^1.06 = 5400 * 2.084931... = 11258.63 s (3:07:39), the figure the usual
        # Riegel calculators give for a 90-minute half.
        assert riegel(5400.0, HALF_M, MARATHON_M) == pytest.approx(11258.63, abs=0.01)

    def test_5k_to_10k(self):
        # 20:00 * 2^1.06 = 2501.92 s (41:42)
        assert riegel(1200.0, 5000.0, 10000.0) == pytest.approx(2501.92, abs=0.01)

    def test_custom_exponent(self):
        assert riegel(1200.0, 5000.0, 10000.0, exponent=1.0) == pytest.approx(2400.0)

    def test_rejects_non_positive_inputs(self):
        with pytest.raises(ValueError, match="positive"):
            riegel(1200.0, 0.0, 10000.0)

    @given(
        st.floats(min_value=60.0, max_value=50_000.0),
        st.floats(min_value=100.0, max_value=100_000.0),
    )
    def test_same_distance_is_the_same_time(self, time_s, distance_m):
        assert riegel(time_s, distance_m, distance_m) == pytest.approx(time_s, rel=1e-12)

    @given(
        st.floats(min_value=60.0, max_value=50_000.0),
        st.floats(min_value=800.0, max_value=50_000.0),
        st.floats(min_value=1.01, max_value=4.0),
    )
    def test_longer_is_slower_per_km(self, time_s, distance_m, factor):
        longer_s = riegel(time_s, distance_m, distance_m * factor)
        assert longer_s / (distance_m * factor) > time_s / distance_m


class TestGofastBaseline:
    def test_marathon_from_a_20_minute_5k(self):
        # 5k pace = 1200 / 3.106856 mi = 386.2426 s/mi; 42195 m = 26.218757 mi;
        # + (26.218757 - 3.1) / 6.2 * 10 = 37.2883 s/mi -> 423.5309 s/mi * 26.218757 mi.
        assert gofast_baseline(1200.0, MARATHON_M) == pytest.approx(11104.45, abs=0.01)

    def test_half_from_a_20_minute_5k(self):
        # 13.109379 mi; + (13.109379 - 3.1) / 6.2 * 10 = 16.1442 s/mi -> 402.3868 s/mi.
        assert gofast_baseline(1200.0, HALF_M) == pytest.approx(5275.04, abs=0.01)

    def test_at_3_1_miles_the_pace_is_the_5k_pace(self):
        distance_m = 3.1 * MILE_M
        five_k_pace_s_per_mile = 1200.0 / (5000.0 / MILE_M)
        assert gofast_baseline(1200.0, distance_m) == pytest.approx(five_k_pace_s_per_mile * 3.1)

    def test_each_6_2_miles_add_10_s_per_mile(self):
        pace_at = [gofast_baseline(1500.0, miles * MILE_M) / miles for miles in (3.1, 9.3, 15.5)]
        assert pace_at[1] - pace_at[0] == pytest.approx(10.0)
        assert pace_at[2] - pace_at[1] == pytest.approx(10.0)

    def test_rejects_non_positive_inputs(self):
        with pytest.raises(ValueError, match="positive"):
            gofast_baseline(0.0, MARATHON_M)


class TestVdotEquivalent:
    @pytest.mark.parametrize(
        ("distance_m", "published_s", "tolerance_s"),
        [(10000.0, 41 * 60 + 21.0, 1.0), (HALF_M, 5495.0, 5.0), (MARATHON_M, 11449.0, 1.0)],
    )
    def test_vdot_50_5k_gives_the_vdot_50_row(self, distance_m, published_s, tolerance_s):
        # Daniels' VDOT 50 row: 5k 19:57, 10k 41:21, half 1:31:35, marathon 3:10:49.
        equivalent_s = vdot_equivalent(19 * 60 + 57.0, 5000.0, distance_m)
        assert equivalent_s == pytest.approx(published_s, abs=tolerance_s)

    def test_is_identity_at_the_same_distance(self):
        assert vdot_equivalent(1500.0, 5000.0, 5000.0) == pytest.approx(1500.0, abs=1e-5)


class TestAdaptive5k:
    def test_nothing_gives_none(self):
        assert adaptive_5k([]) is None

    def test_only_easy_runs_give_none(self):
        easy = Effort(10000.0, 3300.0, TODAY, EffortKind.EASY)
        assert adaptive_5k([easy], as_of=TODAY) is None

    def test_a_single_5k_race_is_its_own_time(self):
        race = Effort(5000.0, 1200.0, TODAY, EffortKind.RACE)
        assert adaptive_5k([race]) == pytest.approx(1200.0, abs=1e-4)

    def test_a_10k_race_gives_its_vdot_equivalent(self):
        # VDOT 50 row: a 41:21 10k is a 19:57 5k.
        race = Effort(10000.0, 41 * 60 + 21.0, TODAY, EffortKind.RACE)
        assert adaptive_5k([race]) == pytest.approx(19 * 60 + 57.0, abs=1.0)

    def test_a_session_at_published_t_pace_gives_that_vdot(self):
        # 20 minutes at VDOT 50's T pace (88 % of VDOT, 255.197 s/km): the 5k of VDOT 50,
        # 1196.02 s by the equations (19:57 in the printed table).
        session = Effort(1200.0 / 255.19714 * 1000.0, 1200.0, TODAY, EffortKind.THRESHOLD)
        assert adaptive_5k([session]) == pytest.approx(1196.02, abs=0.05)

    def test_an_interval_session_at_published_i_pace(self):
        # 5 x 1000 m at VDOT 49's printed I pace (3:59/km) -> 1218.3 s, within 2 s of the
        # VDOT 49 5k (1216.9 s).
        session = Effort(5000.0, 5 * 239.0, TODAY, EffortKind.INTERVAL)
        assert adaptive_5k([session]) == pytest.approx(1216.86, abs=2.0)

    def test_a_race_weighs_twice_a_session(self):
        race = Effort(5000.0, 1200.0, TODAY, EffortKind.RACE)
        # A threshold session whose implied VDOT equals that of a 21:00 5k.
        vdot_slow = vdot_from_race(5000.0, 1260.0)
        session_m = velocity_m_per_min_for_vo2(vdot_slow * 0.88) * 30.0
        session = Effort(session_m, 1800.0, TODAY, EffortKind.THRESHOLD)
        expected_vdot = (vdot_from_race(5000.0, 1200.0) + 0.5 * vdot_slow) / 1.5
        expected_s = race_time_for_vdot(expected_vdot, 5000.0)
        assert adaptive_5k([race, session]) == pytest.approx(expected_s, abs=1e-3)

    def test_a_time_trial_weighs_four_fifths_of_a_race(self):
        race = Effort(5000.0, 1200.0, TODAY, EffortKind.RACE)
        trial = Effort(5000.0, 1260.0, TODAY, EffortKind.TIME_TRIAL)
        vdot_race = vdot_from_race(5000.0, 1200.0)
        vdot_trial = vdot_from_race(5000.0, 1260.0)
        expected_s = race_time_for_vdot((vdot_race + 0.8 * vdot_trial) / 1.8, 5000.0)
        assert adaptive_5k([race, trial]) == pytest.approx(expected_s, abs=1e-3)

    def test_recency_halves_the_weight_every_21_days(self):
        fresh = Effort(5000.0, 1200.0, TODAY, EffortKind.RACE)
        old = Effort(5000.0, 1260.0, TODAY - timedelta(days=21), EffortKind.RACE)
        vdot_fresh = vdot_from_race(5000.0, 1200.0)
        vdot_old = vdot_from_race(5000.0, 1260.0)
        expected_s = race_time_for_vdot((vdot_fresh + 0.5 * vdot_old) / 1.5, 5000.0)
        estimate_s = adaptive_5k([fresh, old])
        assert estimate_s == pytest.approx(expected_s, abs=1e-3)
        # 1219.3 s: between the two races and nearer the fresh one.
        assert estimate_s == pytest.approx(1219.3, abs=0.1)

    def test_three_minutes_of_work_is_enough(self):
        # 600 m in 3:00 at 97.5 % of VDOT: 200 m/min costs 36.0116 -> VDOT 36.93.
        session = Effort(600.0, 180.0, TODAY, EffortKind.INTERVAL)
        expected_s = race_time_for_vdot(36.0116 / 0.975, 5000.0)
        assert adaptive_5k([session]) == pytest.approx(expected_s, abs=1e-3)

    def test_the_window_is_84_days(self):
        edge = Effort(5000.0, 1200.0, TODAY - timedelta(days=84), EffortKind.RACE)
        assert adaptive_5k([edge], as_of=TODAY) == pytest.approx(1200.0, abs=1e-4)
        assert adaptive_5k([edge], as_of=TODAY + timedelta(days=1)) is None

    def test_efforts_outside_the_window_are_ignored(self):
        too_old = TODAY - timedelta(days=ADAPTIVE_WINDOW_DAYS + 1)
        stale = Effort(5000.0, 1200.0, too_old, EffortKind.RACE)
        future = Effort(5000.0, 1100.0, TODAY + timedelta(days=1), EffortKind.RACE)
        assert adaptive_5k([stale, future], as_of=TODAY) is None

    def test_as_of_defaults_to_the_latest_effort(self):
        latest = Effort(5000.0, 1200.0, TODAY, EffortKind.RACE)
        too_old = TODAY - timedelta(days=ADAPTIVE_WINDOW_DAYS + 5)
        earlier = Effort(5000.0, 1300.0, too_old, EffortKind.RACE)
        assert adaptive_5k([earlier, latest]) == pytest.approx(1200.0, abs=1e-4)

    @pytest.mark.parametrize(
        "effort",
        [
            Effort(400.0, 60.0, TODAY, EffortKind.RACE),  # shorter than 800 m
            Effort(600.0, 179.0, TODAY, EffortKind.INTERVAL),  # under 3 minutes of work
            Effort(5000.0, 300.0, TODAY, EffortKind.RACE),  # GPS glitch: 60 km/h
            Effort(5000.0, 10_000.0, TODAY, EffortKind.TIME_TRIAL),  # a walk
            Effort(5000.0, 0.0, TODAY, EffortKind.RACE),
        ],
    )
    def test_unusable_efforts_give_none(self, effort):
        assert adaptive_5k([effort]) is None

    @given(st.floats(min_value=900.0, max_value=2400.0), st.integers(0, ADAPTIVE_WINDOW_DAYS))
    def test_a_lone_5k_race_is_its_own_time_at_any_age(self, time_s, age_days):
        race = Effort(5000.0, time_s, TODAY - timedelta(days=age_days), EffortKind.RACE)
        assert adaptive_5k([race], as_of=TODAY) == pytest.approx(time_s, abs=1e-4)


class TestOnTrack:
    @pytest.mark.parametrize(
        ("predicted_s", "status"),
        [
            (3500.0, OnTrackStatus.AHEAD),  # -2.8 %
            (3563.0, OnTrackStatus.AHEAD),  # -1.03 %
            (3564.0, OnTrackStatus.ON_TRACK),  # -1 % exactly
            (3600.0, OnTrackStatus.ON_TRACK),
            (3672.0, OnTrackStatus.ON_TRACK),  # +2 % exactly
            (3673.0, OnTrackStatus.AT_RISK),
            (3780.0, OnTrackStatus.AT_RISK),  # +5 % exactly
            (3781.0, OnTrackStatus.OFF_TRACK),
        ],
    )
    def test_thresholds_on_a_one_hour_goal(self, predicted_s, status):
        assert on_track(predicted_s, 3600.0) == OnTrack(status, predicted_s - 3600.0)

    def test_delta_is_predicted_minus_goal(self):
        assert on_track(11_100.0, 10_800.0).delta_s == 300.0

    def test_rejects_a_non_positive_goal(self):
        with pytest.raises(ValueError, match="positive"):
            on_track(3600.0, 0.0)


class TestWorldRecordPace:
    @pytest.mark.parametrize(("distance_m", "record_s"), sorted(WORLD_RECORDS_S.items()))
    def test_is_the_record_pace_at_a_record_distance(self, distance_m, record_s):
        expected = record_s / (distance_m / 1000.0)
        assert world_record_pace_s_per_km(distance_m) == pytest.approx(expected, rel=1e-12)

    def test_values(self):
        assert world_record_pace_s_per_km(5000.0) == pytest.approx(151.072)  # 12:35.36
        assert world_record_pace_s_per_km(MARATHON_M) == pytest.approx(171.4658, abs=1e-4)

    @pytest.mark.parametrize(
        ("distance_m", "actual_record_s"),
        [
            (1500.0, 206.00),  # Hicham El Guerrouj, 3:26.00
            (3000.0, 440.67),  # Daniel Komen, 7:20.67
            (2 * MILE_M, 478.61),  # Daniel Komen, 7:58.61
            (100_000.0, 21_935.0),  # Aleksandr Sorokin, 6:05:35
        ],
    )
    def test_between_and_beyond_records_it_never_exceeds_the_actual_record(
        self, distance_m, actual_record_s
    ):
        bound_s = world_record_pace_s_per_km(distance_m) * distance_m / 1000.0
        assert bound_s <= actual_record_s

    def test_beyond_the_marathon_riegel_1_06_from_the_marathon_record(self):
        # 7235 * (100000 / 42195)^1.06 = 18057.68 s for 100 km
        assert world_record_pace_s_per_km(100_000.0) * 100.0 == pytest.approx(18057.68, abs=0.01)

    def test_interpolation_reproduces_the_1500_m_record(self):
        # Power law through 800 m (1:40.91) and the mile (3:43.13) at 1500 m: 205.9997 s.
        assert world_record_pace_s_per_km(1500.0) * 1.5 == pytest.approx(206.0, abs=0.01)

    def test_rejects_distances_below_800_m(self):
        with pytest.raises(ValueError, match="800"):
            world_record_pace_s_per_km(400.0)

    @given(
        st.floats(min_value=800.0, max_value=100_000.0),
        st.floats(min_value=1.001, max_value=3.0),
    )
    def test_pace_slows_with_distance(self, distance_m, factor):
        longer_m = min(distance_m * factor, 200_000.0)
        assert world_record_pace_s_per_km(longer_m) > world_record_pace_s_per_km(distance_m)
