"""Execution analysis against the planned snapshot (GoFast rules), with values worked by hand.

Tolerances: 0.5 mile = 0.804672 km; 15 s/mile = 15 / 1.609344 = 9.3206 s/km.
Quality = 100 × (0.35 · distance + 0.40 · pace + 0.25 · duration closeness), where a
percentage variance v closes as 1 − |v| / 50 and a missed pace as 1 − (|Δ| − 9.3206) / 30.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.models.execution import Actuals, CompletionStatus, ComplianceColor
from app.models.session import SessionType
from app.tracking.analysis import (
    actual_pace_s_per_km,
    analyse,
    completion_status,
    compliance_color,
    work_pace_s_per_km,
)

EASY_8K = {
    "type": "easy",
    "distanceKm": 8.0,
    "durationMin": 46.0,
    "paceRange": {"minSPerKm": 330.0, "maxSPerKm": 360.0},
}
LONG_18K = {
    "type": "long",
    "distanceKm": 18.0,
    "durationMin": 110.0,
    "paceRange": {"minSPerKm": 360.0, "maxSPerKm": 390.0},
}
TEMPO_10K = {
    "type": "tempo",
    "distanceKm": 10.0,
    "durationMin": 50.0,
    "paceRange": {"minSPerKm": 290.0, "maxSPerKm": 300.0},
}
REST = {"type": "rest", "distanceKm": 0.0, "durationMin": 0.0}


class TestOnTargetEasyRun:
    """Planned 8 km at 5:30–6:00/km for 46 min; ran 8.2 km in 46:30."""

    analysis = analyse(EASY_8K, Actuals(distance_km=8.2, duration_min=46.5))

    def test_variances(self):
        assert self.analysis is not None
        assert self.analysis.distance_variance_km == 0.2
        assert self.analysis.distance_variance_pct == 2.5
        # 0.5 / 46 = 1.087 %
        assert self.analysis.duration_variance_pct == 1.1
        # 2790 s / 8.2 km = 340.24 s/km against the 345 s/km midpoint
        assert self.analysis.pace_variance_s_per_km == -4.8

    def test_targets_and_colour(self):
        assert self.analysis is not None
        assert self.analysis.distance_target_hit is True
        assert self.analysis.pace_target_hit is True
        assert self.analysis.compliance_color == ComplianceColor.GREEN

    def test_scores(self):
        assert self.analysis is not None
        # 100 × (0.35 × 0.95 + 0.40 × 1 + 0.25 × (1 − 1.0870 / 50)) = 97.71
        assert self.analysis.quality_score == 97.7
        # green 50 + distance 25 + pace 25
        assert self.analysis.adherence_score == 100.0

    def test_summary_reads_as_one_sentence(self):
        assert self.analysis is not None
        assert self.analysis.summary == (
            "Green: 8.2 km in 46:30 (5:40/km) against the planned easy session "
            "(8.0 km, 46:00, 5:30–6:00/km); distance and pace on target, 101 % of plan."
        )

    def test_is_completed(self):
        status = completion_status(EASY_8K, Actuals(distance_km=8.2, duration_min=46.5))
        assert status is CompletionStatus.COMPLETED


class TestLongRunCutShort:
    """Planned 18 km in 1:50 at 6:00–6:30/km; stopped at 13 km in 1:20."""

    actual = Actuals(distance_km=13.0, duration_min=80.0)
    analysis = analyse(LONG_18K, actual)

    def test_is_yellow_with_the_distance_missed_and_the_pace_kept(self):
        assert self.analysis is not None
        assert self.analysis.compliance_color == ComplianceColor.YELLOW  # 72.7 % of the time
        assert self.analysis.distance_variance_km == -5.0
        assert self.analysis.distance_variance_pct == -27.8
        assert self.analysis.duration_variance_pct == -27.3
        assert self.analysis.distance_target_hit is False
        assert self.analysis.pace_target_hit is True  # 369.2 s/km is inside 360–390

    def test_scores(self):
        assert self.analysis is not None
        # 100 × (0.35 × (1 − 27.778/50) + 0.40 + 0.25 × (1 − 27.273/50)) = 66.92
        assert self.analysis.quality_score == 66.9
        # yellow 25 + distance 0 + pace 25
        assert self.analysis.adherence_score == 50.0

    def test_is_modified_and_says_why(self):
        assert completion_status(LONG_18K, self.actual) is CompletionStatus.MODIFIED
        assert self.analysis is not None
        assert self.analysis.summary == (
            "Yellow: 13.0 km in 1:20:00 (6:09/km) against the planned long run "
            "(18.0 km, 1:50:00, 6:00–6:30/km); 5.0 km short, pace on target, 73 % of plan."
        )


class TestTempoRunTooSlow:
    """Planned 10 km tempo at 4:50–5:00/km in 50 min; ran 10 km in 54 min (5:24/km)."""

    analysis = analyse(TEMPO_10K, Actuals(distance_km=10.0, duration_min=54.0))

    def test_pace_is_missed_but_the_duration_is_green(self):
        assert self.analysis is not None
        assert self.analysis.pace_variance_s_per_km == 29.0
        assert self.analysis.pace_target_hit is False
        assert self.analysis.distance_target_hit is True
        assert self.analysis.compliance_color == ComplianceColor.GREEN

    def test_scores(self):
        assert self.analysis is not None
        # 100 × (0.35 × 1 + 0.40 × (1 − (29 − 9.3206)/30) + 0.25 × (1 − 8/50)) = 69.76
        assert self.analysis.quality_score == 69.8
        # green 50 + distance 25 + pace 0
        assert self.analysis.adherence_score == 75.0
        assert "pace 29 s/km slow" in self.analysis.summary

    def test_done_as_another_session_type_is_modified(self):
        actual = Actuals(distance_km=10.0, duration_min=50.0)
        assert completion_status(TEMPO_10K, actual) is CompletionStatus.COMPLETED
        assert completion_status(TEMPO_10K, actual, SessionType.EASY) is CompletionStatus.MODIFIED


class TestTargetsAtTheirEdges:
    def test_half_a_mile_short_still_hits_the_distance(self):
        analysis = analyse({"type": "easy", "distanceKm": 8.0}, Actuals(distance_km=7.196))
        assert analysis is not None
        assert analysis.distance_target_hit is True
        analysis = analyse({"type": "easy", "distanceKm": 8.0}, Actuals(distance_km=7.19))
        assert analysis is not None
        assert analysis.distance_target_hit is False

    def test_15_s_per_mile_off_still_hits_the_pace_without_a_range(self):
        plan = {"type": "easy", "distanceKm": 10.0, "durationMin": 50.0}  # target 300 s/km
        hit = analyse(plan, Actuals(distance_km=10.0, duration_min=51.5, avg_pace_s_per_km=309.3))
        miss = analyse(plan, Actuals(distance_km=10.0, duration_min=51.6, avg_pace_s_per_km=309.4))
        assert hit is not None
        assert miss is not None
        assert hit.pace_target_hit is True
        assert miss.pace_target_hit is False

    def test_inside_a_wide_range_hits_the_pace_far_from_its_midpoint(self):
        plan = {**EASY_8K, "paceRange": {"minSPerKm": 330.0, "maxSPerKm": 400.0}}
        analysis = analyse(plan, Actuals(distance_km=8.0, duration_min=52.0))  # 390 s/km
        assert analysis is not None
        assert analysis.pace_variance_s_per_km == 25.0
        assert analysis.pace_target_hit is True


class TestDaysWithoutAPlainRun:
    def test_missed_session_is_red_with_zero_scores(self):
        analysis = analyse(EASY_8K, Actuals())
        assert analysis is not None
        assert analysis.compliance_color == ComplianceColor.RED
        assert (analysis.quality_score, analysis.adherence_score) == (0.0, 0.0)
        assert analysis.summary == (
            "Missed: the planned easy session (8.0 km, 46:00, 5:30–6:00/km) was not done."
        )
        assert completion_status(EASY_8K, Actuals()) is CompletionStatus.MISSED

    def test_run_on_a_rest_day_is_red_and_modified(self):
        actual = Actuals(distance_km=6.0, duration_min=36.0)
        analysis = analyse(REST, actual)
        assert analysis is not None
        assert analysis.compliance_color == ComplianceColor.RED
        assert analysis.distance_variance_km is None
        assert (analysis.quality_score, analysis.adherence_score) == (0.0, 0.0)
        assert (
            analysis.summary == "6.0 km in 36:00 (6:00/km) on a rest day; rest is part of the plan."
        )
        assert completion_status(REST, actual) is CompletionStatus.MODIFIED

    def test_rest_day_rested_is_green(self):
        analysis = analyse(REST, Actuals())
        assert analysis is not None
        assert analysis.compliance_color == ComplianceColor.GREEN
        assert analysis.adherence_score == 100.0

    def test_unplanned_run_has_no_analysis_and_counts_as_completed(self):
        actual = Actuals(distance_km=5.0, duration_min=30.0)
        assert analyse(None, actual) is None
        assert completion_status(None, actual) is CompletionStatus.COMPLETED

    def test_a_plan_without_duration_is_judged_on_distance(self):
        plan = {"type": "easy", "distanceKm": 10.0}
        analysis = analyse(plan, Actuals(distance_km=13.0, duration_min=70.0))
        assert analysis is not None
        assert analysis.compliance_color == ComplianceColor.YELLOW  # 130 % of the distance
        assert analysis.duration_variance_pct is None
        # no range: target pace is not defined without a planned duration, so only distance
        assert analysis.pace_variance_s_per_km is None
        assert analysis.quality_score == 40.0  # 1 − 30/50
        assert analysis.adherence_score == 25.0  # yellow 25 + the only target (distance) missed

    def test_pace_is_derived_when_the_device_gave_none(self):
        assert actual_pace_s_per_km(Actuals(distance_km=10.0, duration_min=50.0)) == 300.0
        assert actual_pace_s_per_km(Actuals(duration_min=50.0)) is None


class TestComplianceColour:
    @pytest.mark.parametrize(
        ("ratio_pct", "colour"),
        [
            (80.0, ComplianceColor.GREEN),
            (120.0, ComplianceColor.GREEN),
            (79.9, ComplianceColor.YELLOW),
            (120.1, ComplianceColor.YELLOW),
            (50.0, ComplianceColor.YELLOW),
            (130.0, ComplianceColor.YELLOW),
            (49.9, ComplianceColor.RED),
            (130.1, ComplianceColor.RED),
            (146.7, ComplianceColor.RED),
            (None, ComplianceColor.RED),
        ],
    )
    def test_boundaries(self, ratio_pct, colour):
        assert compliance_color(ratio_pct) == colour

    @given(
        st.floats(min_value=10.0, max_value=300.0),
        st.sampled_from(
            [
                (0.8, ComplianceColor.GREEN),
                (1.2, ComplianceColor.GREEN),
                (0.5, ComplianceColor.YELLOW),
                (1.3, ComplianceColor.YELLOW),
            ]
        ),
    )
    def test_exact_boundaries_of_any_planned_duration(self, planned_min, boundary):
        factor, colour = boundary
        plan = {"type": "easy", "durationMin": planned_min}
        analysis = analyse(plan, Actuals(duration_min=planned_min * factor))
        assert analysis is not None
        assert analysis.compliance_color == colour

    @given(st.floats(min_value=0.0, max_value=400.0, allow_nan=False))
    def test_colour_is_monotonic_around_100_pct(self, ratio_pct):
        rank = {ComplianceColor.GREEN: 0, ComplianceColor.YELLOW: 1, ComplianceColor.RED: 2}
        closer = 100.0 + (ratio_pct - 100.0) / 2.0
        assert rank[compliance_color(closer)] <= rank[compliance_color(ratio_pct)]


class TestScoreBounds:
    @given(
        st.floats(min_value=0.0, max_value=60.0),
        st.floats(min_value=0.0, max_value=400.0),
        st.one_of(st.none(), st.floats(min_value=120.0, max_value=900.0)),
    )
    def test_scores_stay_between_0_and_100(self, distance_km, duration_min, pace):
        analysis = analyse(
            EASY_8K,
            Actuals(distance_km=distance_km, duration_min=duration_min, avg_pace_s_per_km=pace),
        )
        assert analysis is not None
        assert 0.0 <= analysis.quality_score <= 100.0
        assert 0.0 <= analysis.adherence_score <= 100.0


INTERVALS = {
    "type": "intervals",
    "isHard": True,
    "distanceKm": 10.0,
    "durationMin": 55.0,
    "paceRange": {"minSPerKm": 240.0, "maxSPerKm": 250.0},
    "structure": [
        {"kind": "warmup", "description": "2 km easy", "distanceM": 2000.0, "effort": 3.0},
        {
            "kind": "interval",
            "description": "5 × 1000 m at I pace",
            "distanceM": 1000.0,
            "repetitions": 5,
            "effort": 8.0,
            "paceRange": {"minSPerKm": 240.0, "maxSPerKm": 250.0},
        },
        {"kind": "cooldown", "description": "2 km easy", "distanceM": 2000.0, "effort": 3.0},
    ],
}


def interval_laps(rep_s: float = 245.0) -> list[dict]:
    """Warm-up, five 1000 m reps with 400 m jogs between, cool-down (stored lap fields)."""
    laps = [{"distanceM": 2000.0, "movingTimeS": 720.0}]
    for rep in range(5):
        laps.append({"distanceM": 1000.0, "movingTimeS": rep_s})
        if rep < 4:
            laps.append({"distanceM": 400.0, "movingTimeS": 180.0})
    laps.append({"distanceM": 2000.0, "movingTimeS": 720.0})
    return laps


class TestStructure:
    def test_intervals_run_as_prescribed_are_green_on_their_work_pace(self):
        laps = interval_laps()
        distance_m = sum(lap["distanceM"] for lap in laps)
        moving_s = sum(lap["movingTimeS"] for lap in laps)
        work = work_pace_s_per_km(INTERVALS, laps, [])
        assert work == pytest.approx(245.0)
        actual = Actuals(
            distance_km=distance_m / 1000,
            duration_min=moving_s / 60,
            avg_pace_s_per_km=moving_s / distance_m * 1000,
            work_pace_s_per_km=work,
        )
        analysis = analyse(INTERVALS, actual)
        assert analysis.compliance_color == ComplianceColor.GREEN
        assert analysis.quality_score >= 85
        assert analysis.pace_target_hit is True
        assert "work pace on target" in analysis.summary
        assert "slow" not in analysis.summary

    def test_without_laps_the_work_pace_is_not_judged_against_the_average(self):
        actual = Actuals(distance_km=12.4, duration_min=55.0, avg_pace_s_per_km=266.0)
        analysis = analyse(INTERVALS, actual)
        assert analysis.pace_variance_s_per_km is None
        assert "work pace not measured" in analysis.summary

    def test_slow_reps_are_called_slow(self):
        work = work_pace_s_per_km(INTERVALS, interval_laps(rep_s=275.0), [])
        analysis = analyse(
            INTERVALS, Actuals(distance_km=12.4, duration_min=58.0, work_pace_s_per_km=work)
        )
        assert analysis.pace_target_hit is False
        assert "work pace 30 s/km slow" in analysis.summary

    def test_a_tempo_without_laps_is_read_from_its_km_splits(self):
        tempo = {
            **INTERVALS,
            "type": "tempo",
            "structure": [
                {"kind": "warmup", "description": "2 km easy", "distanceM": 2000.0, "effort": 3},
                {
                    "kind": "main",
                    "description": "5 km at T pace",
                    "distanceM": 5000.0,
                    "effort": 7.0,
                    "paceRange": {"minSPerKm": 270.0, "maxSPerKm": 280.0},
                },
            ],
        }
        splits = [
            {"distanceM": 1000.0, "movingTimeS": t}
            for t in (360, 355, 276, 274, 275, 273, 277, 350)
        ]
        assert work_pace_s_per_km(tempo, [], splits) == pytest.approx(275.0)


EASY = {
    "type": "easy",
    "distanceKm": 10.0,
    "durationMin": 60.0,
    "paceRange": {"minSPerKm": 340.0, "maxSPerKm": 380.0},
    "hrRange": {"minBpm": 120, "maxBpm": 145},
}


class TestSteadyRuns:
    def test_an_easy_run_at_threshold_pace_is_not_green(self):
        analysis = analyse(
            EASY, Actuals(distance_km=12.0, duration_min=56.0, avg_pace_s_per_km=280.0)
        )
        assert analysis.compliance_color == ComplianceColor.YELLOW
        assert "an easy day run hard" in analysis.summary

    def test_a_treadmill_run_with_heart_rate_only_has_no_distance_to_miss(self):
        analysis = analyse(EASY, Actuals(duration_min=61.0, avg_hr=138.0))
        assert analysis.compliance_color == ComplianceColor.GREEN
        assert analysis.distance_variance_km is None
        assert "short" not in analysis.summary
        assert "heart rate on target" in analysis.summary
        assert analysis.quality_score >= 95
        high = analyse(EASY, Actuals(duration_min=61.0, avg_hr=168.0))
        assert "heart rate 23 bpm above the band" in high.summary
        assert high.quality_score < analysis.quality_score

    def test_far_over_the_plan_is_red_unlike_far_under(self):
        long_run = {"type": "long", "distanceKm": 30.0}
        over = analyse(long_run, Actuals(distance_km=44.0))
        under = analyse(long_run, Actuals(distance_km=15.0))
        assert (over.compliance_color, under.compliance_color) == (
            ComplianceColor.RED,
            ComplianceColor.YELLOW,
        )
