"""Why each session sits where it does and why each week looks as it does.

Texts cite the knowledge base through `Ref` keys; the season's texts are in `season`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.common import WEEKDAYS
from app.models.plan import Phase
from app.models.session import SessionType
from app.planning.content import SESSION_CONTENT
from app.planning.formatting import format_pace_range, ordinal
from app.planning.periodization import WeekFrame
from app.planning.references import Ref
from app.planning.run_walk import run_walk_text
from app.planning.schedule import WeekPattern
from app.planning.sessions import DayPlan
from app.planning.volume import RECOVERY_REDUCTION_PCT, hm_to_km
from app.planning.weeks import WeekDraft
from app.planning.workouts import Workout

_ST = SessionType
WEEKDAY_NAMES = tuple(day.value.capitalize() for day in WEEKDAYS)

_PHASE_PURPOSE: dict[Phase, str] = {
    Phase.BASE: "the base phase builds the aerobic engine and the legs' resilience",
    Phase.BUILD: "the build phase adds threshold and VO2max work on top of the base",
    Phase.PEAK: "the peak phase makes the training specific to race pace and distance",
    Phase.TAPER: "the taper sheds fatigue while keeping intensity, so fitness shows on race day",
}
_PHASE_REFS: dict[Phase, tuple[Ref, ...]] = {
    Phase.BASE: (Ref.PERIODIZATION, Ref.AEROBIC_BASE, Ref.POLARIZED_TRAINING),
    Phase.BUILD: (Ref.PERIODIZATION, Ref.THRESHOLD_TRAINING, Ref.VO2MAX_INTERVALS),
    Phase.PEAK: (Ref.PERIODIZATION, Ref.SPECIFICITY),
    Phase.TAPER: (Ref.TAPER,),
}
_TRAINS: dict[SessionType, str] = {
    _ST.TEMPO: "the lactate threshold",
    _ST.THRESHOLD: "the lactate threshold",
    _ST.INTERVALS: "VO2max, the ceiling of aerobic power",
    _ST.REPETITION: "speed and running economy",
    _ST.HILLS: "leg strength and power",
    _ST.RACE_PACE: "race pace and rhythm",
}
_LONG_PURPOSE: dict[Phase, str] = {
    Phase.BASE: "it builds endurance a little at a time",
    Phase.BUILD: "it extends endurance toward what the race demands",
    Phase.PEAK: "it is the most race-specific endurance work of the plan",
    Phase.TAPER: "it stays shorter so you recover while keeping endurance",
}


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """What the texts need to know about the plan as a whole."""

    race_name: str
    race_label: str
    total_weeks: int
    taper_weeks: int
    recovery_every_n_weeks: int
    max_increase_pct: float | None
    pattern: WeekPattern
    blocked_weekdays: frozenset[int]
    free_weekdays: frozenset[int]
    long_run_day_requested: bool
    target_time: str
    target_pace: str
    goal_time: str | None
    imperial: bool = False
    current_weekly_km: float | None = None


@dataclass(frozen=True, slots=True)
class SessionText:
    """A session's justification, placement and references."""

    justification: str
    placement_rationale: str
    knowledge_refs: tuple[Ref, ...]


def _describe(day: DayPlan | None) -> str:
    if day is None:
        return "outside the plan"
    if day.type is _ST.REST:
        return "a rest day"
    if day.type is _ST.LONG:
        return "the long run"
    if day.type is _ST.RACE:
        return "race day"
    if day.is_hard:
        return "a hard session"
    return "an easy day"


@dataclass(slots=True)
class _Day:
    """One day with its neighbours, for the texts."""

    day: DayPlan
    previous: DayPlan | None
    following: DayPlan | None
    draft: WeekDraft
    workout: Workout
    facts: PlanFacts
    refs: list[Ref]

    @property
    def km(self) -> float:
        return hm_to_km(self.day.distance_hm)


def session_text(
    day: DayPlan,
    *,
    previous: DayPlan | None,
    following: DayPlan | None,
    draft: WeekDraft,
    workout: Workout,
    facts: PlanFacts,
) -> SessionText:
    """Justification and placement of one day."""
    context = _Day(
        day,
        previous,
        following,
        draft,
        workout,
        facts,
        list(SESSION_CONTENT[day.type].knowledge_refs),
    )
    if day.run_walk is not None:
        justification = run_walk_text(
            workout.summary,
            workout.duration_min,
            day.run_walk,
            draft.frame.number,
            facts.current_weekly_km,
        )
        context.refs.append(Ref.BEGINNER_PROGRESSION)
    elif day.demoted_from is not None:
        justification = _demoted(context)
    else:
        justification = _JUSTIFICATIONS.get(day.type, _quality)(context)
    if day.strides:
        justification += " Strides at the end keep leg speed and form without fatigue."
        context.refs.append(Ref.STRIDES)
    if draft.frame.is_taper:
        context.refs.append(Ref.TAPER)
    placement = _PLACEMENTS.get(day.type, _placement_hard if day.is_hard else _placement_easy)
    return SessionText(justification, placement(context), tuple(dict.fromkeys(context.refs)))


def _race(context: _Day) -> str:
    facts = context.facts
    goal = (
        f" Your goal is {facts.goal_time}; your current fitness points to {facts.target_time}."
        if facts.goal_time and facts.goal_time != facts.target_time
        else ""
    )
    return (
        f"Race day: {facts.race_name}. {facts.total_weeks} weeks of training lead here and "
        f"the {facts.taper_weeks}-week taper has left you fresh; aim for {facts.target_time} "
        f"({facts.target_pace}), starting no faster than that pace.{goal}"
    )


def _rest(context: _Day) -> str:
    if is_race(context.following):
        return (
            "The day before the race: rest so your legs are fresh; a 15-minute shakeout "
            "is fine if it calms the nerves."
        )
    rest_days = sum(1 for day in context.draft.days if day.type is _ST.REST)
    return (
        f"Rest {_after(context)}, one of {rest_days} rest "
        f"day{'s' if rest_days != 1 else ''} in a {_week_km(context):.1f} km week: rest turns "
        "the work into fitness and lowers the risk of overuse injury."
    )


def _after(context: _Day) -> str:
    if context.previous is None:
        return "on the first day of the plan"
    return f"after {_describe(context.previous)}"


def _week_km(context: _Day) -> float:
    return hm_to_km(context.draft.training_hm)


def _demoted(context: _Day) -> str:
    day = context.day
    planned = SESSION_CONTENT[day.demoted_from or day.type].title.lower()
    reason = (
        "the day before is already hard and hard days need an easy day between them"
        if day.safeguard_refs
        else "this week's volume leaves too little distance for its structure"
    )
    context.refs.append(Ref.HARD_EASY)
    return f"Planned as {planned}, but {reason}: {context.km:.1f} km easy instead."


def _long(context: _Day) -> str:
    draft = context.draft
    share = 100 * context.day.distance_hm / draft.training_hm if draft.training_hm else 0.0
    text = (
        f"The week's long run, {context.km:.1f} km ({share:.0f} % of "
        f"{hm_to_km(draft.training_hm):.1f} km): {_LONG_PURPOSE[draft.frame.phase]}."
    )
    if "marathon pace" in context.workout.summary:
        context.refs.append(Ref.SPECIFICITY)
        text += " The finish at marathon pace rehearses running goal pace on tired legs."
    return text


def _recovery(context: _Day) -> str:
    return (
        f"A recovery run after {_describe(context.previous)}: {context.km:.1f} km very easy "
        "helps you absorb that work without adding fatigue."
    )


def _easy(context: _Day) -> str:
    easy_days = [day for day in context.draft.days if day.type in {_ST.EASY, _ST.RECOVERY}]
    easy_km = hm_to_km(sum(day.distance_hm for day in easy_days))
    return (
        f"{context.km:.1f} km easy {_after(context)}; this week's "
        f"{len(easy_days)} easy run{'s' if len(easy_days) != 1 else ''} add up to "
        f"{easy_km:.1f} of its {_week_km(context):.1f} km. Easy running builds the aerobic base "
        "and leaves energy for the key sessions (polarized training)."
    )


def _fartlek(_context: _Day) -> str:
    return (
        f"Recovery week: volume is down about {RECOVERY_REDUCTION_PCT:.0f} %; a light fartlek "
        "keeps rhythm and speed without fatigue."
    )


def _quality(context: _Day) -> str:
    summary = context.workout.summary
    frame = context.draft.frame
    if frame.is_taper:
        return (
            f"Taper: {summary} keeps you sharp while the volume drops; intensity is kept so "
            "fitness is not lost."
        )
    trains = _TRAINS.get(context.day.type, "race fitness")
    pace = context.workout.pace_range
    imperial = context.facts.imperial
    # Hills are run by effort: the pace band of their easy parts would mislead.
    at = ""
    if pace is not None and context.day.type is not _ST.HILLS:
        at = f" at {format_pace_range(pace, imperial=imperial)}"
    return (
        f"{summary}{at}, {context.km:.1f} km in all of this week's {_week_km(context):.1f} km, "
        f"trains {trains}: {_PHASE_PURPOSE[frame.phase]}."
    )


_JUSTIFICATIONS = {
    _ST.RACE: _race,
    _ST.REST: _rest,
    _ST.LONG: _long,
    _ST.RECOVERY: _recovery,
    _ST.EASY: _easy,
    _ST.FARTLEK: _fartlek,
}


def is_race(day: DayPlan | None) -> bool:
    """Whether the day is race day."""
    return day is not None and day.type is _ST.RACE


def _name(context: _Day) -> str:
    return WEEKDAY_NAMES[context.day.day.weekday()]


def _around(context: _Day) -> str:
    return (
        f"the day before is {_describe(context.previous)}, the day after "
        f"{_describe(context.following)}"
    )


def _placement_race(context: _Day) -> str:
    if context.day.day.weekday() in context.facts.blocked_weekdays:
        return (
            f"{_name(context)}: the date of the race, on a weekday you blocked for training; "
            "the race keeps its date, so make sure you can be there."
        )
    return f"{_name(context)}: the date of the race."


def _placement_rest(context: _Day) -> str:
    name, weekday, facts = _name(context), context.day.day.weekday(), context.facts
    if is_race(context.following):
        reason = "the day before the race"
    elif weekday in facts.blocked_weekdays:
        reason = "you blocked this day"
    elif weekday not in facts.free_weekdays:
        reason = "not one of your available days"
    else:
        reason = (
            f"not a running day in your {facts.pattern.runs_per_week}-run week, which spreads "
            "the runs with rest between them"
        )
    return f"{name}: {reason}."


def _placement_long(context: _Day) -> str:
    chosen = (
        "the long-run day you asked for"
        if context.facts.long_run_day_requested
        else "the long-run day (your chosen day is not free, so another was used)"
    )
    return f"{_name(context)}: {chosen}; {_around(context)}."


def _placement_hard(context: _Day) -> str:
    weekday, long_day = context.day.day.weekday(), context.facts.pattern.long_run_day
    gap = min((weekday - long_day) % 7, (long_day - weekday) % 7)
    return (
        f"{_name(context)}: {gap} day{'s' if gap != 1 else ''} from the long run; "
        f"{_around(context)}, so no two hard days touch (hard-easy principle)."
    )


def _placement_recovery(context: _Day) -> str:
    return f"{_name(context)}: the day after {_describe(context.previous)}, recovery comes first."


def _placement_easy(context: _Day) -> str:
    return f"{_name(context)}: {_around(context)}; an easy day keeps the week balanced."


_PLACEMENTS = {
    _ST.RACE: _placement_race,
    _ST.REST: _placement_rest,
    _ST.LONG: _placement_long,
    _ST.RECOVERY: _placement_recovery,
}


def week_text(draft: WeekDraft, hard_sessions: int, facts: PlanFacts) -> tuple[str, str, list[Ref]]:
    """A week's focus, justification and references."""
    frame = draft.frame
    refs: list[Ref] = list(_PHASE_REFS[frame.phase])
    volume_km = hm_to_km(draft.training_hm)
    change = (
        f"{draft.volume_change_pct:+.0f} % on the week before"
        if draft.volume_change_pct is not None
        else "the first week of the plan"
    )
    long_run = f"long run {hm_to_km(draft.long_hm):.1f} km" if draft.long_hm else "no long run"
    head = (
        f"Week {frame.number} of {facts.total_weeks}, {frame.phase.value} phase: "
        f"{volume_km:.1f} km of running ({change}), {long_run}, "
        f"{hard_sessions} hard session{'s' if hard_sessions != 1 else ''}."
    )
    focus, reason = _week_focus(frame, draft, facts, refs, hard_sessions)
    return focus, f"{head} {reason}", refs


def _week_focus(
    frame: WeekFrame, draft: WeekDraft, facts: PlanFacts, refs: list[Ref], hard_sessions: int
) -> tuple[str, str]:
    if frame.is_race_week:
        refs.append(Ref.RACE_DAY_PACING)
        # The race week has a sharpening session only when its days leave room for one.
        if hard_sessions:
            return (
                "Race week: rest, sharpen, race",
                (
                    "Little running, one short sharpening session early in the week and rest "
                    f"the day before {facts.race_name}."
                ),
            )
        return (
            "Race week: rest and race",
            (
                "Only easy running, too few days before the race for a sharpening session, "
                f"and rest the day before {facts.race_name}."
            ),
        )
    if frame.is_taper:
        return (
            "Freshness: less volume, same intensity",
            (
                "Volume drops while the sessions keep their intensity: fatigue fades faster than "
                "fitness (Mujika & Padilla 2003)."
            ),
        )
    if frame.is_recovery:
        refs.append(Ref.RECOVERY_WEEKS)
        return (
            "Recovery: absorb the last weeks",
            (
                f"Every {ordinal(facts.recovery_every_n_weeks)} week runs about "
                f"{RECOVERY_REDUCTION_PCT:.0f} % less so the body adapts to the block before."
            ),
        )
    refs.append(Ref.PROGRESSIVE_OVERLOAD)
    limit = (
        f"by at most {facts.max_increase_pct:g} % a week"
        if facts.max_increase_pct is not None
        else "gradually"
    )
    if draft.after_recovery:
        refs.append(Ref.RECOVERY_WEEKS)
        volume = "Volume returns to the level of the week before the recovery week."
    elif draft.volume_change_pct is not None and draft.volume_change_pct > 0:
        volume = f"Volume grows {limit}, so tissues adapt as fitness rises."
    else:
        volume = "Volume holds steady, so the body consolidates."
    focus = {
        Phase.BASE: "Aerobic base and consistency",
        Phase.BUILD: "Threshold and VO2max development",
        Phase.PEAK: "Race-specific work",
        Phase.TAPER: "Freshness",
    }[frame.phase]
    purpose = _PHASE_PURPOSE[frame.phase]
    return focus, f"{volume} {purpose[0].upper()}{purpose[1:]}."
