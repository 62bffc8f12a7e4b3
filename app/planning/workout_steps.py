"""A planned session as the steps a watch or a trainer app follows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.models.common import PaceRange
from app.models.session import PlannedSessionDocument, Segment, SegmentKind


class StepIntensity(StrEnum):
    """What a step is for (the FIT intensity names)."""

    WARMUP = "warmup"
    ACTIVE = "active"
    INTERVAL = "interval"
    RECOVERY = "recovery"
    COOLDOWN = "cooldown"


_INTENSITY = {
    SegmentKind.WARMUP: StepIntensity.WARMUP,
    SegmentKind.MAIN: StepIntensity.ACTIVE,
    SegmentKind.INTERVAL: StepIntensity.INTERVAL,
    SegmentKind.RECOVERY: StepIntensity.RECOVERY,
    SegmentKind.COOLDOWN: StepIntensity.COOLDOWN,
}


@dataclass(frozen=True, slots=True)
class Step:
    """One step: how long (seconds or metres; neither = until the lap button) and how fast."""

    name: str
    intensity: StepIntensity
    duration_s: float | None
    distance_m: float | None
    pace: PaceRange | None


@dataclass(frozen=True, slots=True)
class Block:
    """Steps done `repetitions` times (1 for a plain step)."""

    steps: tuple[Step, ...]
    repetitions: int = 1


def _work_step(segment: Segment, fallback_pace: PaceRange | None) -> Step:
    return Step(
        name=segment.description,
        intensity=_INTENSITY[segment.kind],
        duration_s=segment.duration_min * 60 if segment.duration_min else None,
        distance_m=segment.distance_m or None,
        pace=segment.pace_range or fallback_pace,
    )


def workout_blocks(session: PlannedSessionDocument) -> list[Block]:
    """The session's structure as blocks of steps; a session without one is a single step."""
    if not session.structure:
        step = Step(
            name=session.title,
            intensity=StepIntensity.ACTIVE,
            duration_s=session.duration_min * 60 if session.duration_min else None,
            distance_m=None if session.duration_min else (session.distance_km * 1000 or None),
            pace=session.pace_range,
        )
        return [Block((step,))]
    blocks = []
    for segment in session.structure:
        work = _work_step(segment, session.pace_range if segment.kind == SegmentKind.MAIN else None)
        if segment.repetitions and segment.repetitions > 1:
            recovery = Step(
                name=segment.recovery_description or "Recovery",
                intensity=StepIntensity.RECOVERY,
                duration_s=(segment.recovery_duration_min or 0) * 60 or None,
                distance_m=None,
                pace=None,
            )
            blocks.append(Block((work, recovery), segment.repetitions))
        else:
            blocks.append(Block((work,)))
    return blocks


def speed_m_s(pace_s_per_km: float) -> float:
    """Metres per second for a pace in seconds per kilometre."""
    return 1000 / pace_s_per_km


def midpoint_s_per_km(pace: PaceRange) -> float:
    """The middle of a pace band."""
    return (pace.min_s_per_km + pace.max_s_per_km) / 2
