"""Drafting the weeks: each week's volume and days, passed through the safeguards in order."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from app.models.common import ExperienceLevel
from app.models.plan import SafeguardApplication, TargetPaces
from app.models.session import SessionType
from app.planning.paces import RECOVERY_PACE_SLOWDOWN
from app.planning.periodization import Periodization, RaceGroup, WeekFrame, race_group
from app.planning.profile import PlanRequest
from app.planning.run_walk import run_walk_pace_s, run_walk_step
from app.planning.safeguards import SafeguardEngine
from app.planning.schedule import WeekPattern
from app.planning.sessions import (
    DayPlan,
    DistanceLimits,
    allocate_distances,
    hard_session_count,
    lay_out_days,
    long_run_share,
    quality_types,
)
from app.planning.volume import (
    hm_to_km,
    km_to_hm,
    long_run_plan,
    propose_long_run_hm,
    propose_week_hm,
)

_LONG_RUN_CAP_KM: dict[RaceGroup, float] = {
    RaceGroup.FIVE_K: 16.0,
    RaceGroup.TEN_K: 20.0,
    RaceGroup.HALF: 24.0,
    RaceGroup.MARATHON: 35.0,
}
ULTRA_LONG_RUN_CAP_KM = 40.0
LONG_RUN_MAX_MIN = 150
"""Daniels' ceiling on a long run below the marathon: about 150 minutes."""
MARATHON_LONG_RUN_MAX_MIN = 210
"""Time on feet a marathon long run may take. Pfitzinger's and Higdon's intermediate plans
peak at 32-35 km (20-22 miles): about 3 h at easy pace for a 3:30 marathoner, 3.5 h for a
4-hour one. Beyond 3.5 h the long run adds more damage than endurance (the reasoning behind
the Hansons' cap of about 3 h), so slower runners stop there and run a shorter peak. Cited in
the knowledge base under `long-run`."""
EASY_RUN_MAX_MIN = 90
RECOVERY_RUN_MAX_MIN = 50
QUALITY_MAX_MIN = 100
MIN_QUALITY_KM = 4.0
MIN_RUN_KM = 1.5
MIN_FARTLEK_KM = 3.0
_MARATHON_M = 42195.0


@dataclass(slots=True)
class WeekDraft:
    """A week with its days laid out and sized."""

    frame: WeekFrame
    days: list[DayPlan]
    proposed_hm: int
    target_hm: int
    training_hm: int
    long_hm: int
    volume_change_pct: float | None
    notes: list[str] = field(default_factory=list)
    after_recovery: bool = False


@dataclass(frozen=True, slots=True)
class VolumePlan:
    """The numbers the weekly volumes follow (hectometres)."""

    start_hm: int
    peak_hm: int
    rate: float
    current_km: float | None
    run_walk: bool = False
    """The runner starts below the run-walk minimum: the first weeks are run-walks."""


def distance_limits(
    paces: TargetPaces,
    max_session_min: int | None,
    distance_m: float,
    run_walk: tuple[float, float] | None = None,
) -> DistanceLimits:
    """Longest runs the time limits allow.

    Each kind of run is taken at the slowest average pace it can have: easy and long runs at
    mid easy pace (strides and fartlek bursts are faster), recovery runs at their own pace,
    quality sessions at the slow end of easy pace (their jogged recoveries); in a run-walk
    week, every run at the average pace of its running and walking.
    """
    easy_s = (paces.easy.min_s_per_km + paces.easy.max_s_per_km) / 2
    slow_s = paces.easy.max_s_per_km
    recovery_s = slow_s * (1 + RECOVERY_PACE_SLOWDOWN / 2)
    if run_walk is not None:
        easy_s = recovery_s = run_walk_pace_s(paces.easy, run_walk)
    group = race_group(distance_m)
    session_cap = float(max_session_min) if max_session_min else float("inf")

    def hm_for(minutes: float, pace_s_per_km: float) -> int:
        # 1 % of margin absorbs the rounding of paces and durations to one decimal.
        return km_to_hm(min(minutes, session_cap) * 60 / (pace_s_per_km * 1.01))

    long_cap_km = ULTRA_LONG_RUN_CAP_KM if distance_m > _MARATHON_M else _LONG_RUN_CAP_KM[group]
    long_minutes = MARATHON_LONG_RUN_MAX_MIN if group is RaceGroup.MARATHON else LONG_RUN_MAX_MIN
    return DistanceLimits(
        easy_hm=hm_for(EASY_RUN_MAX_MIN, easy_s),
        recovery_hm=hm_for(RECOVERY_RUN_MAX_MIN, recovery_s),
        quality_hm=hm_for(QUALITY_MAX_MIN, slow_s),
        long_hm=min(hm_for(long_minutes, easy_s), km_to_hm(long_cap_km)),
        min_quality_hm=km_to_hm(MIN_QUALITY_KM),
        min_run_hm=km_to_hm(MIN_RUN_KM),
        min_fartlek_hm=km_to_hm(MIN_FARTLEK_KM),
    )


def _training_hm(days: list[DayPlan]) -> int:
    return sum(day.distance_hm for day in days if day.type is not SessionType.RACE)


def draft_weeks(
    request: PlanRequest,
    season: Periodization,
    pattern: WeekPattern,
    *,
    volume: VolumePlan,
    paces: TargetPaces,
    limits: DistanceLimits,
    engine: SafeguardEngine,
) -> tuple[list[WeekDraft], list[SafeguardApplication]]:
    """Every week of the season, and the safeguard applications made on the way."""
    group = race_group(request.race_distance_m)
    long_plan = long_run_plan(
        request.race_distance_m,
        request.longest_recent_run_km,
        hm_to_km(volume.start_hm),
        len(season.weeks) - season.taper_weeks,
        hm_to_km(limits.long_hm),
    )
    applications: list[SafeguardApplication] = []
    drafts: list[WeekDraft] = []
    previous_hm: int | None = None
    previous_was_recovery = False
    pre_recovery_hm = 0
    pre_taper_hm = 0
    for frame in season.weeks:
        proposed_hm = propose_week_hm(
            frame,
            start_hm=volume.start_hm,
            peak_hm=volume.peak_hm,
            rate=volume.rate,
            previous_hm=previous_hm,
            previous_was_recovery=previous_was_recovery,
            pre_recovery_hm=pre_recovery_hm,
            pre_taper_hm=pre_taper_hm,
            taper_weeks=season.taper_weeks,
        )
        previous_km = hm_to_km(previous_hm) if previous_hm is not None else volume.current_km
        ruling = engine.weekly_volume(
            week_number=frame.number,
            previous_km=previous_km or 0.0,
            proposed_km=hm_to_km(proposed_hm),
            pre_recovery_km=hm_to_km(pre_recovery_hm) if previous_was_recovery else None,
        )
        notes: list[str] = []
        if ruling.application is not None:
            applications.append(ruling.application)
            notes.append(ruling.application.message)
        target_hm = min(proposed_hm, km_to_hm(ruling.value))
        # No hard session before the runner runs continuously.
        run_walk = run_walk_step(frame.number) if volume.run_walk else None
        asked = hard_session_count(frame, request.experience_level, request.goal_priority, pattern)
        hard_ruling = engine.hard_sessions_per_week(
            week_number=frame.number, hard_sessions=0 if run_walk else asked
        )
        if hard_ruling.application is not None:
            applications.append(hard_ruling.application)
            notes.append(hard_ruling.application.message)
        quality = quality_types(frame, group, int(hard_ruling.value))
        long_proposal_hm = propose_long_run_hm(
            frame, target_hm, long_run_share(frame.phase, group), long_plan, season.taper_weeks
        )
        lay_out = partial(
            _lay_out,
            frame,
            pattern,
            quality,
            request=request,
            target_hm=target_hm,
            long_run_hm=long_proposal_hm,
            limits=limits
            if run_walk is None
            else distance_limits(paces, request.max_session_min, request.race_distance_m, run_walk),
            previous_day=drafts[-1].days[-1] if drafts else None,
            run_walk=run_walk,
        )
        days, long_hm = lay_out()
        training_hm = _training_hm(days)
        if long_hm:
            share_ruling = engine.long_run_share(
                week_number=frame.number,
                week_km=hm_to_km(training_hm),
                long_run_km=hm_to_km(long_hm),
            )
            if share_ruling.application is not None:
                applications.append(share_ruling.application)
                notes.append(share_ruling.application.message)
                if km_to_hm(share_ruling.value) < long_hm:
                    days, long_hm = lay_out(long_run_cap_hm=km_to_hm(share_ruling.value))
                    training_hm = _training_hm(days)
                long_day = next(day for day in days if day.type is SessionType.LONG)
                long_day.safeguard_refs.append(share_ruling.application.safeguard_key)
        change = (
            round(100 * (hm_to_km(training_hm) - previous_km) / previous_km, 1)
            if previous_km
            else None
        )
        drafts.append(
            WeekDraft(
                frame,
                days,
                proposed_hm,
                target_hm,
                training_hm,
                long_hm,
                change,
                notes,
                after_recovery=previous_was_recovery,
            )
        )
        if not frame.is_recovery and not frame.is_taper:
            pre_taper_hm = max(pre_taper_hm, training_hm)
        if frame.is_recovery:
            pre_recovery_hm = previous_hm or 0
        previous_was_recovery = frame.is_recovery
        previous_hm = training_hm
    return drafts, applications


def _lay_out(
    frame: WeekFrame,
    pattern: WeekPattern,
    quality: list[SessionType],
    *,
    request: PlanRequest,
    target_hm: int,
    long_run_hm: int,
    limits: DistanceLimits,
    previous_day: DayPlan | None,
    run_walk: tuple[float, float] | None,
    long_run_cap_hm: int | None = None,
) -> tuple[list[DayPlan], int]:
    plain_week = not frame.is_recovery and not frame.is_taper
    days = lay_out_days(
        frame,
        pattern,
        quality,
        request.race_date,
        previous_day=previous_day,
        with_fartlek=frame.is_recovery
        and request.experience_level is not ExperienceLevel.BEGINNER
        and run_walk is None,
        with_strides=((plain_week and frame.number > 1) or frame.is_race_week) and run_walk is None,
    )
    long_hm = allocate_distances(
        days, target_hm, long_run_hm, limits, long_run_cap_hm=long_run_cap_hm
    )
    if run_walk is not None:
        for day in days:
            if day.type in {SessionType.EASY, SessionType.RECOVERY, SessionType.LONG}:
                day.run_walk = run_walk
    return days, long_hm


def enforce_hard_day_spacing(
    drafts: list[WeekDraft], engine: SafeguardEngine
) -> list[SafeguardApplication]:
    """Check every hard day that follows a hard day, across the whole season.

    A blocking safeguard turns it into an easy run; the race is never the one changed.
    """
    applications: list[SafeguardApplication] = []
    ordered = [(draft.frame.number, day) for draft in drafts for day in draft.days]
    for (_, previous), (number, current) in itertools.pairwise(ordered):
        if not (previous.is_hard and current.is_hard):
            continue
        if current.day - previous.day != timedelta(days=1):
            continue
        week_number, moved = (number, current)
        if current.type is SessionType.RACE:
            week_number = next(n for n, day in ordered if day is previous)
            moved = previous
        other = previous if moved is current else current
        ruling = engine.consecutive_hard_days(
            week_number=week_number,
            session_date=moved.day,
            proposed_type=str(moved.type),
            previous_type=str(other.type),
            fallback_type=SessionType.EASY.value,
        )
        if ruling.application is None:
            continue
        applications.append(ruling.application)
        moved.safeguard_refs.append(ruling.application.safeguard_key)
        if ruling.value != moved.type:
            moved.demoted_from, moved.type = moved.type, SessionType(ruling.value)
    return applications
