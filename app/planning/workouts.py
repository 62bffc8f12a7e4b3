"""The inside of a session: its segments, paces, effort, heart-rate zone and duration.

Work is sized by `intensity.rep_spec`; whatever a session's distance holds beyond its work is
easy warm-up and cool-down. For a segment with `repetitions`, `distance_m` and `duration_min`
are per repetition and the recovery jogs between repetitions count in the session's distance.
Easy and long runs average mid easy pace or faster (strides, fartlek bursts and marathon-pace
finishes are faster), and no part of a quality session is slower than the slow end of easy
pace, so the distance limits of `weeks.distance_limits` keep each session inside the runner's
maximum duration; the race alone is exempt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.models.common import ExperienceLevel, HeartRateRange, PaceRange
from app.models.plan import Phase, TargetPaces
from app.models.session import HrZone, Segment, SegmentKind, SessionType
from app.planning.formatting import format_km
from app.planning.intensity import (
    EFFORT,
    HILL_REP_S,
    HR_ZONE_PCT,
    RACE_PACE_EFFORT,
    RACE_PACE_LABEL,
    RACE_ZONE,
    ZONE_BY_TYPE,
    rep_spec,
)
from app.planning.paces import recovery_band
from app.planning.periodization import RaceGroup
from app.planning.run_walk import lay_out_run_walk
from app.planning.sessions import DayPlan
from app.planning.volume import hm_to_km

_ST = SessionType
STRIDES = 6
STRIDE_S = 20.0
STRIDE_RECOVERY_S = 60.0
FARTLEK_REPS = 8
RACE_WARMUP_MIN = 12.0
_M_FINISH_SHARE = 0.15
MIN_CONTINUOUS_WORK_M = 3000.0
MIN_REP_M = 200.0
DANIELS_LIMITED = frozenset(
    {SessionType.TEMPO, SessionType.THRESHOLD, SessionType.INTERVALS, SessionType.REPETITION}
)
"""Work Daniels caps per session: T 10 %, I 8 % (10 km), R 5 % (8 km) of the week."""


@dataclass(frozen=True, slots=True)
class WorkoutContext:
    """What every session of a plan shares."""

    paces: TargetPaces
    group: RaceGroup
    experience: ExperienceLevel
    race_name: str
    race_distance_m: float
    race_time_s: float
    imperial: bool
    max_hr_bpm: float | None
    resting_hr_bpm: float | None


@dataclass(frozen=True, slots=True)
class Workout:
    """A built session: what to run and how hard."""

    summary: str
    """The work in a few words, e.g. `5 × 1000 m at I pace`."""
    structure: list[Segment]
    duration_min: float
    pace_range: PaceRange | None
    effort: float
    hr_zone: HrZone | None
    hr_range: HeartRateRange | None
    easy_min: float
    moderate_min: float
    hard_min: float


def _mid(pace: PaceRange) -> float:
    return (pace.min_s_per_km + pace.max_s_per_km) / 2


class WorkoutBuilder:
    """Builds the workouts of one plan (paces and heart-rate bands computed once)."""

    def __init__(self, context: WorkoutContext) -> None:
        self.context = context
        paces = context.paces
        self.easy_s = _mid(paces.easy)
        self.easy_slow_s = paces.easy.max_s_per_km
        self.race_band = paces.race or paces.marathon
        self.work_pace: dict[SessionType, PaceRange] = {
            _ST.INTERVALS: paces.interval,
            _ST.THRESHOLD: paces.threshold,
            _ST.TEMPO: paces.threshold,
            _ST.REPETITION: paces.repetition,
            _ST.RACE_PACE: self.race_band,
            _ST.HILLS: paces.threshold,
        }
        self.hr_ranges = {zone: self._hr_range(zone) for zone in HrZone}
        self.labels: dict[SessionType, str] = {
            _ST.INTERVALS: "I pace",
            _ST.THRESHOLD: "T pace",
            _ST.TEMPO: "T pace",
            _ST.REPETITION: "R pace",
            _ST.HILLS: "hard effort",
            _ST.RACE_PACE: RACE_PACE_LABEL[context.group],
        }

    def _hr_range(self, zone: HrZone) -> HeartRateRange | None:
        max_hr, rest_hr = self.context.max_hr_bpm, self.context.resting_hr_bpm
        if max_hr is None:
            return None
        base, span = (rest_hr, max_hr - rest_hr) if rest_hr and rest_hr < max_hr else (0, max_hr)
        low, high = HR_ZONE_PCT[zone]
        return HeartRateRange(
            min_bpm=round(max(20.0, base + low * span)),
            max_bpm=round(min(250.0, base + high * span)),
        )

    def build(self, day: DayPlan, phase: Phase, week_km: float, *, race_week: bool) -> Workout:
        """The workout of one day."""
        kind = day.type
        distance_m = hm_to_km(day.distance_hm) * 1000
        if kind is _ST.REST:
            return Workout("no running", [], 0.0, None, 0.0, None, None, 0.0, 0.0, 0.0)
        if kind is _ST.RACE:
            return self._race()
        if day.run_walk is not None:
            return self._run_walk(kind, distance_m, day.run_walk)
        if kind in {_ST.EASY, _ST.RECOVERY, _ST.LONG}:
            return self._steady(day, phase, distance_m)
        if kind is _ST.FARTLEK:
            return self._fartlek(distance_m)
        return self._quality(kind, distance_m, week_km, race_week=race_week)

    def _finish(
        self,
        kind: SessionType,
        summary: str,
        structure: list[Segment],
        *,
        pace: PaceRange | None,
        minutes: tuple[float, float, float],
        effort: float | None = None,
    ) -> Workout:
        zone = (
            RACE_ZONE[self.context.group]
            if kind in {_ST.RACE, _ST.RACE_PACE}
            else ZONE_BY_TYPE[kind]
        )
        easy, moderate, hard = minutes
        return Workout(
            summary=summary,
            structure=structure,
            duration_min=round(easy + moderate + hard, 1),
            pace_range=pace,
            effort=EFFORT[kind] if effort is None else effort,
            hr_zone=zone,
            hr_range=self.hr_ranges[zone],
            easy_min=easy,
            moderate_min=moderate,
            hard_min=hard,
        )

    def _steady(self, day: DayPlan, phase: Phase, distance_m: float) -> Workout:
        kind = day.type
        paces = self.context.paces
        pace = paces.easy
        if kind is _ST.RECOVERY:
            pace = recovery_band(paces.easy)
        pace_s = _mid(pace)
        label = {_ST.EASY: "easy", _ST.RECOVERY: "very easy", _ST.LONG: "easy"}[kind]
        finish_m = 0.0
        if (
            kind is _ST.LONG
            and phase is Phase.PEAK
            and self.context.group in {RaceGroup.HALF, RaceGroup.MARATHON}
        ):
            finish_m = round(distance_m * _M_FINISH_SHARE, -2)
        stride_m = (
            STRIDE_S * 1000 / _mid(paces.repetition) + STRIDE_RECOVERY_S * 1000 / self.easy_slow_s
        )
        strides = min(STRIDES, int(distance_m / 2 // stride_m)) if day.strides else 0
        strides_m = strides * stride_m
        main_m = distance_m - finish_m - strides_m
        structure = [
            Segment(
                kind=SegmentKind.MAIN,
                description=f"{main_m / 1000:.1f} km {label}",
                distance_m=round(main_m),
                duration_min=round(main_m / 1000 * pace_s / 60, 1),
                pace_range=pace,
                effort=EFFORT[_ST.EASY if kind is _ST.LONG else kind],
            )
        ]
        easy_min = main_m / 1000 * pace_s / 60
        moderate_min = hard_min = 0.0
        summary = f"{distance_m / 1000:.1f} km {label}"
        if finish_m:
            m_pace = self.race_band if self.context.group is RaceGroup.MARATHON else paces.marathon
            moderate_min = finish_m / 1000 * _mid(m_pace) / 60
            structure.append(
                Segment(
                    kind=SegmentKind.MAIN,
                    description=f"last {finish_m / 1000:.1f} km at marathon pace",
                    distance_m=finish_m,
                    duration_min=round(moderate_min, 1),
                    pace_range=m_pace,
                    effort=6.0,
                )
            )
            summary += f", last {finish_m / 1000:.1f} km at marathon pace"
        if strides:
            stride_min = strides * (STRIDE_S + STRIDE_RECOVERY_S) / 60
            hard_min = strides * STRIDE_S / 60
            easy_min += stride_min - hard_min
            structure.append(
                Segment(
                    kind=SegmentKind.INTERVAL,
                    description=f"{strides} × 20 s strides, quick and relaxed",
                    duration_min=round(STRIDE_S / 60, 2),
                    repetitions=strides,
                    recovery_duration_min=STRIDE_RECOVERY_S / 60,
                    recovery_description="easy jog or walk",
                    pace_range=paces.repetition,
                    effort=7.0,
                )
            )
            summary += f" + {strides} strides"
        return self._finish(
            kind,
            summary,
            structure,
            pace=pace,
            minutes=(easy_min, moderate_min, hard_min),
            effort=5.0 if finish_m else None,
        )

    def _run_walk(self, kind: SessionType, distance_m: float, step: tuple[float, float]) -> Workout:
        laid_out = lay_out_run_walk(distance_m, step, self.context.paces.easy)
        return self._finish(
            kind,
            laid_out.summary,
            [laid_out.segment],
            pace=laid_out.pace_range,
            minutes=(laid_out.duration_min, 0.0, 0.0),
            effort=EFFORT[_ST.EASY],
        )

    def _fartlek(self, distance_m: float) -> Workout:
        paces = self.context.paces
        rep_m = 60 * (1000 / _mid(paces.threshold) + 1000 / self.easy_slow_s)
        reps = max(1, min(FARTLEK_REPS, int(distance_m * 0.6 // rep_m)))
        warm_m = (distance_m - reps * rep_m) / 2
        easy_min = 2 * warm_m / 1000 * self.easy_s / 60 + reps
        structure = [
            self._easy_segment(SegmentKind.WARMUP, warm_m, "easy running"),
            Segment(
                kind=SegmentKind.INTERVAL,
                description="1 min brisk (about 10 km effort)",
                duration_min=1.0,
                repetitions=reps,
                recovery_duration_min=1.0,
                recovery_description="1 min easy",
                effort=6.0,
            ),
            self._easy_segment(SegmentKind.COOLDOWN, warm_m, "easy running"),
        ]
        summary = f"{reps} × 1 min brisk / 1 min easy"
        return self._finish(
            _ST.FARTLEK, summary, structure, pace=paces.easy, minutes=(easy_min, float(reps), 0.0)
        )

    def _easy_segment(self, kind: SegmentKind, distance_m: float, text: str) -> Segment:
        return Segment(
            kind=kind,
            description=f"{distance_m / 1000:.1f} km {text}",
            distance_m=round(distance_m),
            duration_min=round(distance_m / 1000 * self.easy_s / 60, 1),
            pace_range=self.context.paces.easy,
            effort=3.0,
        )

    def _quality(
        self, kind: SessionType, distance_m: float, week_km: float, *, race_week: bool
    ) -> Workout:
        spec = rep_spec(kind, self.context.group, self.context.experience)
        pace = self.work_pace[kind]
        work_s_per_km = _mid(pace)
        budget_m = min(spec.week_share * week_km, spec.cap_km) * 1000
        if race_week:
            budget_m /= 2
        rep_m = spec.rep_m or HILL_REP_S * 1000 / work_s_per_km
        if kind in DANIELS_LIMITED:
            # Daniels' limits are ceilings: a small week gets shorter reps (never under 200 m)
            # or a shorter tempo, not more work than the week allows.
            if not spec.continuous and spec.min_reps * rep_m > budget_m:
                rep_m = max(MIN_REP_M, math.floor(budget_m / spec.min_reps / 100) * 100)
            budget_m = max(budget_m, MIN_REP_M)
        else:
            if race_week:
                floor_m = 1000.0
            elif spec.continuous:
                floor_m = MIN_CONTINUOUS_WORK_M
            else:
                floor_m = spec.min_reps * rep_m
            budget_m = max(budget_m, floor_m)
        if spec.continuous:
            # Whole 100 m, rounded down so the work never exceeds its budget.
            work_m = math.floor(min(budget_m, distance_m - 2000) / 100) * 100.0
            reps, rep_m, recovery_s, recovery_m = 1, work_m, 0.0, 0.0
        else:
            rep_s = rep_m / 1000 * work_s_per_km
            recovery_s = (
                spec.recovery_s if spec.recovery_s is not None else round(rep_s * 0.8 / 30) * 30
            )
            recovery_m = recovery_s * 1000 / self.easy_slow_s
            fit = int((distance_m - 2000 + recovery_m) // (rep_m + recovery_m))
            reps = max(1, min(fit, int(budget_m // rep_m), 12 if kind is _ST.HILLS else 25))
            work_m = reps * rep_m
        main_m = work_m + (reps - 1) * recovery_m
        warm_m = round((distance_m - main_m) / 2, -2)
        cool_m = distance_m - main_m - warm_m
        work_min = work_m / 1000 * work_s_per_km / 60
        recovery_min = (reps - 1) * recovery_s / 60
        easy_min = (warm_m + cool_m) / 1000 * self.easy_s / 60 + recovery_min
        effort = RACE_PACE_EFFORT[self.context.group] if kind is _ST.RACE_PACE else EFFORT[kind]
        label = self.labels[kind]
        if reps == 1:
            summary = f"{work_m / 1000:.1f} km at {label}"
            work = Segment(
                kind=SegmentKind.MAIN,
                description=summary,
                distance_m=round(work_m),
                duration_min=round(work_min, 1),
                pace_range=pace,
                effort=effort,
            )
        else:
            rep_text = f"{HILL_REP_S:.0f} s uphill" if kind is _ST.HILLS else f"{rep_m:.0f} m"
            summary = f"{reps} × {rep_text} at {label}"
            work = Segment(
                kind=SegmentKind.INTERVAL,
                description=summary,
                distance_m=round(rep_m),
                duration_min=round(work_min / reps, 2),
                repetitions=reps,
                recovery_duration_min=recovery_s / 60,
                recovery_description="jog back down" if kind is _ST.HILLS else "easy jog",
                pace_range=None if kind is _ST.HILLS else pace,
                effort=effort,
            )
        structure = [
            self._easy_segment(SegmentKind.WARMUP, warm_m, "easy warm-up"),
            work,
            self._easy_segment(SegmentKind.COOLDOWN, cool_m, "easy cool-down"),
        ]
        moderate = kind in {_ST.TEMPO, _ST.THRESHOLD} or (
            kind is _ST.RACE_PACE and self.context.group in {RaceGroup.HALF, RaceGroup.MARATHON}
        )
        minutes = (easy_min, work_min, 0.0) if moderate else (easy_min, 0.0, work_min)
        return self._finish(kind, summary, structure, pace=pace, minutes=minutes, effort=effort)

    def _race(self) -> Workout:
        context = self.context
        race_min = context.race_time_s / 60
        structure: list[Segment] = []
        warm_min = 0.0
        if context.group in {RaceGroup.FIVE_K, RaceGroup.TEN_K}:
            warm_min = RACE_WARMUP_MIN
            structure.append(
                Segment(
                    kind=SegmentKind.WARMUP,
                    description="10-15 min easy jog with 4 strides, done 15 min before the start",
                    duration_min=RACE_WARMUP_MIN,
                    pace_range=context.paces.easy,
                    effort=3.0,
                )
            )
        structure.append(
            Segment(
                kind=SegmentKind.MAIN,
                description=f"{format_km(context.race_distance_m)} km at race pace, evenly",
                distance_m=context.race_distance_m,
                duration_min=round(race_min, 1),
                pace_range=self.race_band,
                effort=9.0,
            )
        )
        hard = context.group in {RaceGroup.FIVE_K, RaceGroup.TEN_K, RaceGroup.HALF}
        minutes = (warm_min, 0.0 if hard else race_min, race_min if hard else 0.0)
        summary = f"{format_km(context.race_distance_m)} km race"
        return self._finish(_ST.RACE, summary, structure, pace=self.race_band, minutes=minutes)
