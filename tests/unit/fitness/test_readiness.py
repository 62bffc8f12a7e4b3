"""Readiness (form, sleep, resting heart rate, HRV) and injury risk (load, ramp, body)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.fitness.readiness import (
    Feedback,
    Night,
    injury_risk,
    readiness,
    trend_against_baseline,
)

TODAY = date(2025, 6, 30)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def baseline_then_recent(baseline: float, recent: float) -> dict[date, float]:
    """28 baseline days (3 to 30 days ago) then the last 3 days."""
    values = {days_ago(d): baseline for d in range(3, 31)}
    values.update({days_ago(d): recent for d in range(3)})
    return values


def ready(**overrides):
    arguments = {
        "ctl": None,
        "tsb": None,
        "nights": [],
        "resting_hr_by_day": {},
        "hrv_by_day": {},
        "today": TODAY,
    }
    arguments.update(overrides)
    return readiness(**arguments)


class TestReadiness:
    def test_no_data_no_readiness(self) -> None:
        assert ready() is None

    def test_fresh_form_alone_is_high(self) -> None:
        # Form +10 % of CTL: fresher than +5 %, the component is 100.
        result = ready(ctl=50.0, tsb=5.0)
        assert result is not None
        assert (result.score, result.level) == (100.0, "high")
        assert result.factors[0].model_dump() == {
            "name": "form",
            "value": 10.0,
            "impact": "positive",
        }

    def test_deep_fatigue_is_low(self) -> None:
        # Form -40 %: (−40 + 50) / 55 x 100 = 18.2, in the high-risk zone below -30 %.
        result = ready(ctl=50.0, tsb=-20.0)
        assert result is not None
        assert result.score == pytest.approx(18.2, abs=0.05)
        assert result.level == "low"
        assert result.factors[0].impact == "negative"

    def test_form_is_ignored_without_history(self) -> None:
        assert ready(ctl=0.4, tsb=-3.0) is None

    def test_form_waits_for_42_days_of_history(self) -> None:
        # A new runner's fitness starts from zero: three weeks in, form reads as deep fatigue.
        assert ready(ctl=20.0, tsb=-15.0, history_days=21) is None
        later = ready(ctl=20.0, tsb=-15.0, history_days=42)
        assert later is not None
        assert [f.name for f in later.factors] == ["form"]

    def test_weighted_mean_of_the_factors(self) -> None:
        # Form -10 %: 72.7 (weight 0.35); sleep score 80 (0.20); 7.5 h -> 86.7 (0.15).
        night = Night(TODAY, 80.0, 7.5 * 3600)
        result = ready(ctl=50.0, tsb=-5.0, nights=[night])
        assert result is not None
        expected = (0.35 * 40 / 55 * 100 + 0.20 * 80 + 0.15 * (20 + 2.5 / 3 * 80)) / 0.70
        assert result.score == pytest.approx(expected, abs=0.05)
        assert [f.name for f in result.factors] == ["form", "sleep_score", "sleep_duration_h"]

    def test_only_last_night_counts(self) -> None:
        old = Night(days_ago(3), 20.0, 3 * 3600)
        assert ready(nights=[old]) is None
        recent = ready(nights=[old, Night(days_ago(1), 90.0, 8 * 3600)])
        assert recent is not None
        assert recent.score == pytest.approx((0.2 * 90 + 0.15 * 100) / 0.35, abs=0.05)

    def test_elevated_resting_heart_rate_pulls_down(self) -> None:
        # +5 bpm over the 28-day baseline: 90 - 50 = 40.
        result = ready(resting_hr_by_day=baseline_then_recent(50, 55))
        assert result is not None
        assert result.score == 40.0
        assert result.factors[0].model_dump() == {
            "name": "resting_hr_trend",
            "value": 5.0,
            "impact": "negative",
        }

    def test_hrv_above_baseline_lifts(self) -> None:
        # HRV +10 %: 80 + 20 = 100.
        result = ready(hrv_by_day=baseline_then_recent(60, 66))
        assert result is not None
        assert (result.score, result.factors[0].impact) == (100.0, "positive")

    def test_a_short_baseline_is_not_a_trend(self) -> None:
        values = {days_ago(d): 50.0 for d in range(3, 9)}  # six baseline values
        values[TODAY] = 60.0
        assert trend_against_baseline(values, TODAY) is None


def risk(**overrides):
    arguments = {
        "loads": {},
        "history_start": days_ago(100),
        "last_7_days_km": 30.0,
        "previous_3_weeks_km": 90.0,
        "unresolved_injuries": [],
        "feedback": [],
        "today": TODAY,
    }
    arguments.update(overrides)
    return injury_risk(**arguments)


class TestInjuryRisk:
    def test_steady_training_is_low(self) -> None:
        loads = {days_ago(d): 50.0 for d in range(28)}
        assert risk(loads=loads).model_dump() == {"level": "low", "factors": []}

    def test_a_load_spike_is_high(self) -> None:
        # 7 days at 100 after 21 at 30: acute 100, chronic (700 + 630) / 28 = 47.5, ratio 2.11.
        loads = {days_ago(d): 100.0 if d < 7 else 30.0 for d in range(28)}
        result = risk(loads=loads)
        assert result.level == "high"
        assert result.factors == ["acute:chronic workload ratio 2.11 (above 1.5)"]

    def test_the_ratio_needs_four_weeks_of_history(self) -> None:
        loads = {days_ago(d): 100.0 for d in range(7)}
        assert risk(loads=loads, history_start=days_ago(6)).level == "low"

    def test_volume_ramp(self) -> None:
        # 40 km after weeks of 30: +33 %, above the 30 % line.
        assert risk(last_7_days_km=40.0).level == "high"
        # 34.5 km: +15 %, above the 10 % safeguard only.
        moderate = risk(last_7_days_km=34.5)
        assert moderate.level == "moderate"
        assert moderate.factors == ["weekly volume up 15 % (34.5 km against 30.0 km a week before)"]
        # A tiny base says nothing about a ramp.
        assert risk(last_7_days_km=10.0, previous_3_weeks_km=6.0).level == "low"

    def test_body_signals(self) -> None:
        assert risk(unresolved_injuries=["shin splints"]).model_dump() == {
            "level": "moderate",
            "factors": ["unresolved injury: shin splints"],
        }
        sore = [Feedback(days_ago(2), 8, pain_reported=False)]
        assert risk(feedback=sore, unresolved_injuries=["knee"]).level == "high"
        pain = [Feedback(days_ago(1), None, pain_reported=True)]
        assert risk(feedback=pain).level == "high"
        old_pain = [Feedback(days_ago(10), 9, pain_reported=True)]
        assert risk(feedback=old_pain).level == "low"
