"""The load forecast: the performance management chart continued over the plan's remaining days.

A planned session is given the load its activity would get if run as planned, by the same
method the runner's activities get (`app.fitness.activity_loads`), so the forecast continues
the history in the same unit:

- with a heart-rate profile, TRIMP at the heart rate the planned effort implies: the session's
  effort (RPE 0-10, e.g. easy 3, threshold 7, intervals 8) maps to a share of heart-rate
  reserve 0.40 + 0.055 x RPE (RPE 3 -> 57 %, 5 -> 68 %, 7 -> 79 %, 9 -> 90 %: a straight line
  through ACSM's bands, moderate 40-59 % HRR at RPE 3-4 and vigorous 60-89 % at RPE 5-8);
- else, for a running session with a threshold pace, rTSS at the planned average pace
  (planned duration over planned distance);
- else session-RPE, planned duration x planned effort (Foster), the unit the runner's own RPE
  feedback gives.

Rest days weigh nothing; a cross-training day under an rTSS-only profile weighs nothing, as
the history counts such activities. Today's load is what was already done today plus the
sessions still scheduled today.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from app.fitness.activity_loads import LoadProfile
from app.fitness.load import MAX_RPE, activity_load, rpe_tss
from app.fitness.state import FitnessDay, fitness_series
from app.models.session import RUN_SESSION_TYPES, SessionType

HRR_AT_RPE_ZERO = 0.40
HRR_PER_RPE = 0.055


@dataclass(frozen=True, slots=True)
class PlannedLoadInput:
    """A planned session as the forecast needs it."""

    scheduled_date: date
    type: str
    duration_min: float
    distance_km: float
    effort: float


def heart_rate_reserve_fraction(rpe: float) -> float:
    """The share of heart-rate reserve a session of this RPE is run at (see the docstring)."""
    return min(1.0, HRR_AT_RPE_ZERO + HRR_PER_RPE * max(0.0, min(MAX_RPE, rpe)))


def planned_session_load(profile: LoadProfile, session: PlannedLoadInput) -> float:
    """The load a planned session would carry if run as planned."""
    if session.type == SessionType.REST or session.duration_min <= 0:
        return 0.0
    rpe = max(0.0, min(MAX_RPE, session.effort))
    is_run = session.type in RUN_SESSION_TYPES
    avg_hr = None
    if profile.rest_hr is not None and profile.max_hr is not None:
        reserve = profile.max_hr - profile.rest_hr
        avg_hr = profile.rest_hr + heart_rate_reserve_fraction(rpe) * reserve
    pace = (
        session.duration_min * 60.0 / session.distance_km
        if is_run and session.distance_km > 0
        else None
    )
    threshold = profile.threshold_pace_s_per_km if is_run else None
    load = activity_load(
        session.duration_min * 60.0,
        avg_hr=avg_hr,
        rest_hr=profile.rest_hr,
        max_hr=profile.max_hr,
        pace_s_per_km=pace,
        threshold_pace_s_per_km=threshold,
    )
    if load is not None:
        return load.value
    if profile.threshold_pace_s_per_km is not None and not is_run:
        return 0.0
    return rpe_tss(session.duration_min * 60.0, rpe)


def load_forecast(
    profile: LoadProfile,
    history: Mapping[date, float],
    *,
    history_start: date,
    sessions: Iterable[PlannedLoadInput],
    today: date,
    end: date,
) -> list[FitnessDay]:
    """Daily load, CTL, ATL and TSB from `today` to `end`, from the history and the plan.

    The chart runs from `history_start` (zero fitness) through yesterday on what was done,
    then from today on what was done today plus what is still planned.
    """
    if end < today:
        return []
    planned: dict[date, float] = {}
    for session in sessions:
        if today <= session.scheduled_date <= end:
            day = session.scheduled_date
            planned[day] = planned.get(day, 0.0) + planned_session_load(profile, session)
    yesterday = today - timedelta(days=1)
    ctl0 = atl0 = 0.0
    if history_start <= yesterday:
        past = fitness_series(history, history_start, yesterday)
        ctl0, atl0 = past[-1].ctl, past[-1].atl
    future = dict(planned)
    future[today] = future.get(today, 0.0) + history.get(today, 0.0)
    return fitness_series(future, today, end, ctl0=ctl0, atl0=atl0)
