"""The choices the generator made and the phases of the season, each with its reasons."""

from __future__ import annotations

from app.models.common import WEEKDAYS
from app.models.plan import Decision, Phase, PhasePlan
from app.planning.formatting import format_duration, ordinal
from app.planning.justify import WEEKDAY_NAMES
from app.planning.periodization import Periodization, taper_days
from app.planning.references import KnownRefs, Ref
from app.planning.season import SeasonFacts, intensity_distribution


def phase_plans(
    season: Periodization,
    minutes_by_week: list[tuple[float, float, float]],
    volumes_km: list[float],
    known: KnownRefs,
) -> list[PhasePlan]:
    """The phases of the season with their focus, intensity and justification."""
    plans: list[PhasePlan] = []
    for phase, low, high in season.phase_spans:
        weeks = minutes_by_week[low - 1 : high]
        easy, moderate, hard = (sum(week[index] for week in weeks) for index in range(3))
        plans.append(
            PhasePlan(
                phase=phase,
                start_week=low,
                end_week=high,
                focus=_PHASE_FOCUS[phase],
                intensity_distribution=intensity_distribution(easy, moderate, hard),
                justification=_PHASE_JUSTIFICATION[phase],
                knowledge_refs=known(_PHASE_REFS[phase]),
                weekly_volume_target=max(volumes_km[low - 1 : high]),
            )
        )
    return plans


_PHASE_FOCUS: dict[Phase, str] = {
    Phase.BASE: "Aerobic base, consistency, hill strength",
    Phase.BUILD: "Lactate threshold and VO2max",
    Phase.PEAK: "Race pace and race-specific endurance",
    Phase.TAPER: "Freshness for race day",
}
_PHASE_JUSTIFICATION: dict[Phase, str] = {
    Phase.BASE: "Mostly easy running with strides and hills grows the aerobic engine and makes "
    "tendons and bones ready for harder work (polarized training, Seiler 2010).",
    Phase.BUILD: "Threshold and interval sessions raise the pace you can hold for long, on the "
    "base just built (Daniels' Running Formula).",
    Phase.PEAK: "Sessions move toward race pace and race distance: the closer to race demands, "
    "the more the training transfers (specificity).",
    Phase.TAPER: "Volume falls 40-60 % while intensity stays: fatigue clears and fitness "
    "remains (Mujika & Padilla 2003; Bosquet et al. 2007).",
}
_PHASE_REFS: dict[Phase, tuple[Ref, ...]] = {
    Phase.BASE: (Ref.PERIODIZATION, Ref.AEROBIC_BASE, Ref.POLARIZED_TRAINING, Ref.HILL_TRAINING),
    Phase.BUILD: (Ref.PERIODIZATION, Ref.THRESHOLD_TRAINING, Ref.VO2MAX_INTERVALS),
    Phase.PEAK: (Ref.PERIODIZATION, Ref.SPECIFICITY, Ref.LONG_RUN),
    Phase.TAPER: (Ref.TAPER,),
}


def decisions(facts: SeasonFacts, known: KnownRefs) -> list[Decision]:
    """The choices the generator made, with their reasons."""
    request, season, pattern = facts.request, facts.season, facts.pattern
    race_week_days = season.weeks[-1].day_count
    days = ", ".join(WEEKDAY_NAMES[day] for day in pattern.running_days)
    runs_reason = f"From {pattern.runs_source}."
    if pattern.requested_runs is not None:
        runs_reason += f" You asked for {pattern.requested_runs}, more than your free days."
    target = format_duration(facts.target_time_s)
    # Paces rest on the inferred VDOT: as sure as the fitness estimate is.
    paces_confidence = round(facts.fitness.confidence_pct / 100, 2)
    result = [
        Decision(
            topic="Weeks",
            decision_type="session_placement",
            source="template",
            decision=f"7-day weeks starting on {WEEKDAY_NAMES[request.start_date.weekday()]}, "
            f"the start date; the race week has {race_week_days} day"
            f"{'s' if race_week_days > 1 else ''} and ends on race day.",
            reasoning="The plan starts the day you chose and keeps one weekly rhythm to the race.",
            alternatives=["Monday-to-Sunday weeks with a partial first week"],
        ),
        Decision(
            topic="Running days",
            decision_type="session_placement",
            source="modifier",
            decision=f"{pattern.runs_per_week} runs a week: {days}; long run on "
            f"{WEEKDAY_NAMES[pattern.long_run_day]}.",
            reasoning=runs_reason + " Runs are spread over your free days, preferred days first; "
            "hard days are chosen so that no two touch, across weeks too.",
            knowledge_base_refs=known([Ref.HARD_EASY, Ref.REST_DAYS]),
        ),
        Decision(
            topic="Training paces",
            decision_type="intensity",
            source="formula",
            confidence=paces_confidence,
            decision=f"VDOT {facts.fitness.vdot:.1f}, from {facts.fitness.basis}.",
            reasoning="Daniels' VDOT paces tie each session's pace to current fitness.",
            knowledge_base_refs=known([Ref.VDOT_PACES, Ref.RACE_PREDICTION]),
        ),
        Decision(
            topic="Race pace",
            decision_type="intensity",
            source="formula",
            confidence=paces_confidence,
            decision=f"Race-pace work aims at {target} " + f"({facts.target_basis}).",
            reasoning="Race pace is prescribed from current fitness, not from the race-day "
            "fitness the plan hopes for: training at a pace fitness cannot yet hold adds fatigue, "
            "not speed. From the half marathon up it is never faster than threshold pace.",
            alternatives=["Always the goal pace", "The expected race-day fitness"],
            knowledge_base_refs=known([Ref.SPECIFICITY, Ref.TRAINING_RESPONSE]),
        ),
        Decision(
            topic="Volume",
            decision_type="volume",
            source="formula",
            decision=f"From {facts.week_one_km:.1f} km to a peak of {facts.peak_reached_km:.0f} km "
            "a week.",
            reasoning=f"A peak near {facts.peak_km:.0f} km suits this race distance, experience "
            "and goal; weekly growth stays within the safeguards, so a short plan or a low start "
            "may peak lower.",
            knowledge_base_refs=known([Ref.PROGRESSIVE_OVERLOAD, Ref.ACUTE_CHRONIC_WORKLOAD]),
        ),
        Decision(
            topic="Taper",
            decision_type="periodization",
            source="coach_rule",
            decision=f"{season.taper_weeks} week{'s' if season.taper_weeks > 1 else ''}, "
            f"{taper_days(season)} days with race day "
            f"(standard for this distance: {season.standard_taper_weeks} weeks).",
            reasoning="5 and 10 km take 1 week, the half 2, the marathon 3, and at least 7, "
            "10 and 14 days: a short race week adds a week until the taper has them. Short "
            "plans keep the taper to a third of their weeks, or what the minimum days need, "
            "and never more than half.",
            knowledge_base_refs=known([Ref.TAPER]),
        ),
        Decision(
            topic="Recovery weeks",
            decision_type="periodization",
            source="coach_rule",
            decision=f"Every {ordinal(season.recovery_every_n_weeks)} week, about 25 % lighter.",
            reasoning="Load, then absorb: 3:1, or 2:1 from age 50.",
            knowledge_base_refs=known([Ref.RECOVERY_WEEKS, Ref.MASTERS_ATHLETES]),
        ),
    ]
    race_weekday = request.race_date.weekday()
    if WEEKDAYS[race_weekday] in request.blocked_days:
        result.append(
            Decision(
                topic="Race on a blocked day",
                decision_type="session_placement",
                source="modifier",
                decision=f"The race is on {WEEKDAY_NAMES[race_weekday]} "
                f"{request.race_date.isoformat()}, a weekday you blocked for training.",
                reasoning="The race date is fixed by the race, not by your weekly schedule: the "
                "plan keeps it and rests the day before; check you can race that day.",
                alternatives=["Another race on a free day"],
                knowledge_base_refs=known([Ref.RACE_DAY_PACING]),
            )
        )
    if pattern.hard_beside_long_run:
        long_day = WEEKDAY_NAMES[pattern.long_run_day]
        hard = ", ".join(WEEKDAY_NAMES[day] for day in pattern.hard_days)
        result.append(
            Decision(
                topic="Hard days beside the long run",
                decision_type="session_placement",
                source="modifier",
                decision=f"Hard sessions on {hard}, next to the long run on {long_day}.",
                reasoning="Every other running day you have touches the long-run day, so "
                "this is the only place for them; keep the long run easy and relaxed, and "
                "a free day away from it would let the plan separate them.",
                alternatives=["No hard sessions at all", "A different long-run day"],
                knowledge_base_refs=known([Ref.HARD_EASY, Ref.LONG_RUN]),
            )
        )
    if season.is_short:
        result.append(
            Decision(
                topic="Short plan",
                decision_type="periodization",
                source="modifier",
                decision=f"{len(season.weeks)} weeks: no base phase.",
                reasoning="With under 6 weeks there is only time to sharpen what you have.",
                alternatives=["A later race with a full plan"],
                knowledge_base_refs=known([Ref.PERIODIZATION]),
            )
        )
    for decision in result:
        decision.related_rule = next(iter(decision.knowledge_base_refs), None)
    return result
