"""Nested parts of the Runner Object that the seed data model names (Cadence data model, 2026-02).

Instants are `DateTime` and calendar days `YYYY-MM-DD` where the seed has Unix milliseconds
(the README lists this deviation once).
"""

from __future__ import annotations

from pydantic import Field

from app.models.common import CalendarDay, HeartRate, Model


class PersonalBest(Model):
    """A best time at one distance."""

    time: float = Field(gt=0, description="Seconds.")
    date: CalendarDay
    source: str = Field(min_length=1, max_length=40, description="race, activity, manual, ...")


class PersonalBests(Model):
    """Best times at the classic distances."""

    five_k: PersonalBest | None = None
    ten_k: PersonalBest | None = None
    half_marathon: PersonalBest | None = None
    marathon: PersonalBest | None = None


class PaceZones(Model):
    """Pace zones as display strings ("6:30-7:00/km")."""

    recovery: str | None = None
    easy: str | None = None
    marathon: str | None = None
    threshold: str | None = None
    interval: str | None = None
    repetition: str | None = None


class HeartRateZone(Model):
    """One heart-rate zone, in beats per minute."""

    min: HeartRate
    max: HeartRate


class HrZones(Model):
    """Five heart-rate zones."""

    zone1: HeartRateZone | None = None
    zone2: HeartRateZone | None = None
    zone3: HeartRateZone | None = None
    zone4: HeartRateZone | None = None
    zone5: HeartRateZone | None = None


class InjuryDetail(Model):
    """An injury as the seed describes it: when it happened and when it healed."""

    type: str = Field(min_length=1, max_length=80)
    severity: str | None = Field(default=None, description="minor, moderate or severe")
    date_occurred: CalendarDay | None = None
    date_recovered: CalendarDay | None = None
    notes: str | None = Field(default=None, max_length=500)
