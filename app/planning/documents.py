"""The stored documents of a generated plan: one planned session per day and the weeks.

Session ids derive from the plan id and the date (the plan id's 4-byte timestamp, then 8 bytes
of a BLAKE2b hash), so a regenerated plan has the same session ids.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from bson import ObjectId

from app.models.common import WEEKDAYS
from app.models.plan import Week
from app.models.session import (
    CalendarDisplay,
    PlannedSessionDocument,
    Segment,
    SessionStatus,
    SessionType,
)
from app.planning.content import SESSION_CONTENT, STRIDES_POINT
from app.planning.formatting import format_pace_range
from app.planning.justify import PlanFacts, SessionText, session_text, week_text
from app.planning.labels import display_labels, duration_label
from app.planning.profile import PlanRequest
from app.planning.references import KnownRefs
from app.planning.run_walk import RUN_WALK_TITLE
from app.planning.safeguards import CONSECUTIVE_HARD_DAYS, REST_DAYS_PER_WEEK, SafeguardEngine
from app.planning.season import intensity_distribution
from app.planning.sessions import DayPlan
from app.planning.volume import hm_to_km
from app.planning.week_figures import warning_signals, week_figures
from app.planning.weeks import WeekDraft
from app.planning.workouts import Workout, WorkoutBuilder

HARD_SEGMENT_EFFORT = 5.0
"""Segments from this effort up name their pace in the session's description."""


def session_id(plan_id: ObjectId, scheduled: str) -> ObjectId:
    """The id of a plan's session on a day (`YYYY-MM-DD`): stable for a plan and a date."""
    digest = hashlib.blake2b(plan_id.binary + scheduled.encode(), digest_size=8).digest()
    return ObjectId(plan_id.binary[:4] + digest)


def build_weeks(
    drafts: list[WeekDraft],
    *,
    builder: WorkoutBuilder,
    facts: PlanFacts,
    engine: SafeguardEngine,
    known: KnownRefs,
    plan_id: ObjectId,
    request: PlanRequest,
    now: datetime,
) -> tuple[list[PlannedSessionDocument], list[Week], list[tuple[float, float, float]]]:
    """Sessions and week documents of the drafts, and each week's easy/moderate/hard minutes."""
    all_days = [day for draft in drafts for day in draft.days]
    neighbours = {
        id(day): (
            all_days[i - 1] if i else None,
            all_days[i + 1] if i + 1 < len(all_days) else None,
        )
        for i, day in enumerate(all_days)
    }
    hard_key = _key(engine, CONSECUTIVE_HARD_DAYS)
    rest_key = _key(engine, REST_DAYS_PER_WEEK)
    sessions: list[PlannedSessionDocument] = []
    weeks: list[Week] = []
    minutes_by_week: list[tuple[float, float, float]] = []
    for draft in drafts:
        frame = draft.frame
        week_km = hm_to_km(draft.training_hm)
        duration = 0.0
        key_sessions: list[str] = []
        first_session = len(sessions)
        for day in draft.days:
            workout = builder.build(day, frame.phase, week_km, race_week=frame.is_race_week)
            previous, following = neighbours[id(day)]
            text = session_text(
                day,
                previous=previous,
                following=following,
                draft=draft,
                workout=workout,
                facts=facts,
            )
            refs = list(day.safeguard_refs)
            if day.is_hard and hard_key:
                refs.append(hard_key)
            if day.type is SessionType.REST and rest_key:
                refs.append(rest_key)
            sessions.append(
                _session(
                    day,
                    draft,
                    workout,
                    text,
                    knowledge_refs=known(text.knowledge_refs),
                    safeguard_refs=list(dict.fromkeys(refs)),
                    plan_id=plan_id,
                    request=request,
                    now=now,
                )
            )
            duration += workout.duration_min
            if day.is_hard or day.type is SessionType.LONG:
                name = SESSION_CONTENT[day.type].title
                key_sessions.append(f"{day.day.strftime('%a')} {name}: {workout.summary}")
        hard_count = sum(
            1 for day in draft.days if day.is_hard and day.type is not SessionType.RACE
        )
        focus, justification, week_refs = week_text(draft, hard_count, facts)
        race_km = request.race_distance_m / 1000 if frame.is_race_week else 0.0
        figures = week_figures(session.to_mongo() for session in sessions[first_session:])
        volume_km = round(week_km + race_km, 3)
        long_run_km = hm_to_km(draft.long_hm)
        weeks.append(
            Week(
                week_number=frame.number,
                start_date=frame.start,
                end_date=frame.end,
                phase=frame.phase,
                is_recovery_week=frame.is_recovery,
                is_taper_week=frame.is_taper,
                is_race_week=frame.is_race_week,
                target_volume_km=volume_km,
                target_duration_min=round(duration, 1),
                long_run_km=long_run_km,
                volume_change_pct=draft.volume_change_pct,
                planned_load=figures.planned_load,
                run_days=sum(1 for day in draft.days if day.type is not SessionType.REST),
                rest_days=sum(1 for day in draft.days if day.type is SessionType.REST),
                hard_sessions=hard_count,
                intensity_distribution=intensity_distribution(*figures.intensity_minutes),
                intensity_score=figures.intensity_score,
                key_sessions=figures.key_sessions,
                easy_runs=figures.easy_runs,
                key_session_summaries=key_sessions,
                warning_signals=warning_signals(
                    hard_sessions=hard_count,
                    volume_change_pct=draft.volume_change_pct,
                    long_run_km=long_run_km,
                    volume_km=volume_km,
                    is_recovery_week=frame.is_recovery,
                ),
                focus=focus,
                week_justification=justification,
                knowledge_refs=known(week_refs),
                notes=draft.notes,
            )
        )
        minutes_by_week.append(figures.intensity_minutes)
    return sessions, weeks, minutes_by_week


def _key(engine: SafeguardEngine, rule: str) -> str | None:
    winner = engine.winner(rule)
    return winner.key if winner is not None else None


def _segment_text(segment: Segment, *, imperial: bool) -> str:
    """A segment as the runner reads it: the work, its pace, the recovery between reps."""
    text = segment.description
    if segment.pace_range is not None and (segment.effort or 0) >= HARD_SEGMENT_EFFORT:
        text += f" ({format_pace_range(segment.pace_range, imperial=imperial)})"
    if segment.repetitions and segment.repetitions > 1 and segment.recovery_duration_min:
        recovery = duration_label(segment.recovery_duration_min, seconds=True)
        text += f", {recovery} {segment.recovery_description or 'easy'} between"
    return text


def _session(
    day: DayPlan,
    draft: WeekDraft,
    workout: Workout,
    text: SessionText,
    *,
    knowledge_refs: list[str],
    safeguard_refs: list[str],
    plan_id: ObjectId,
    request: PlanRequest,
    now: datetime,
) -> PlannedSessionDocument:
    content = SESSION_CONTENT[day.type]
    is_race = day.type is SessionType.RACE
    distance_km = request.race_distance_m / 1000 if is_race else hm_to_km(day.distance_hm)
    title = request.race_name if is_race else content.title
    if day.run_walk is not None:
        title = RUN_WALK_TITLE
    labels = display_labels(workout, distance_km, imperial=request.imperial_units)
    key_points = list(content.key_points)
    if workout.pace_range is not None:
        key_points.insert(0, f"Pace {labels.pace}.")
    if day.strides:
        key_points.append(STRIDES_POINT)
    scheduled = day.day.isoformat()
    parts = [
        _segment_text(segment, imperial=request.imperial_units) for segment in workout.structure
    ]
    description = f"{title}: {'; '.join(parts) if parts else workout.summary}."
    return PlannedSessionDocument(
        id=session_id(plan_id, scheduled),
        plan_id=plan_id,
        runner_id=request.runner_id,
        week_number=draft.frame.number,
        day_index=day.day.weekday(),
        day_of_week=WEEKDAYS[day.day.weekday()],
        scheduled_date=day.day,
        original_scheduled_date=day.day,
        type=day.type,
        is_key_session=day.is_hard or day.type is SessionType.LONG,
        is_hard=day.is_hard,
        title=title,
        display=CalendarDisplay(
            title=title,
            subtitle=workout.summary if day.type is not SessionType.REST else "Recover",
            duration_label=labels.duration,
            distance_label=labels.distance,
            pace_label=labels.pace,
            intensity_label=content.intensity_label,
            color=content.color,
            icon=content.icon,
        ),
        duration_min=workout.duration_min,
        distance_km=distance_km,
        effort=workout.effort,
        pace_range=workout.pace_range,
        hr_zone=workout.hr_zone,
        hr_range=workout.hr_range,
        structure=workout.structure,
        description=description,
        justification=text.justification,
        physiological_target=content.physiological_target,
        placement_rationale=text.placement_rationale,
        key_points=key_points,
        alternatives=[
            alt if alt.session_type else alt.model_copy(update={"session_type": day.type.value})
            for alt in content.alternatives
        ],
        knowledge_refs=knowledge_refs,
        safeguard_refs=safeguard_refs,
        status=SessionStatus.REST if day.type is SessionType.REST else SessionStatus.SCHEDULED,
        execution_id=None,
        skip_reason=None,
        version=1,
        created_at=now,
        updated_at=now,
    )
