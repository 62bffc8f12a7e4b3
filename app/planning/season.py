"""The season at a glance: its summary, justifications, milestones, risks and outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.common import WEEKDAYS, ExperienceLevel
from app.models.plan import (
    ConfidenceLevel,
    ExpectedOutcomes,
    FeasibilityVerdict,
    GoalFeasibility,
    IntensityDistribution,
    Milestone,
    Phase,
    Risk,
    SeasonView,
)
from app.planning.formatting import format_duration, ordinal
from app.planning.justify import WEEKDAY_NAMES
from app.planning.paces import Fitness
from app.planning.periodization import MASTERS_AGE, Periodization, taper_days
from app.planning.profile import PlanRequest
from app.planning.references import KnownRefs, Ref
from app.planning.run_walk import RUN_WALK_STEPS
from app.planning.schedule import WeekPattern
from app.planning.volume import hm_to_km
from app.planning.weeks import WeekDraft

BIG_RAMP_RATIO = 2.0
PEAK_REACHED_SHARE = 0.95


@dataclass(frozen=True, slots=True)
class SeasonFacts:
    """Everything the season's texts draw on."""

    request: PlanRequest
    race_label: str
    season: Periodization
    pattern: WeekPattern
    fitness: Fitness
    feasibility: GoalFeasibility
    start_km: float
    start_estimated: bool
    week_one_km: float
    """Week 1's running as planned (it may sit below `start_km` when sessions cannot hold it)."""
    peak_km: float
    peak_reached_km: float
    longest_run_km: float
    max_increase_pct: float | None
    target_time_s: float
    target_basis: str
    """Where the race-pace target comes from, in words."""
    long_run_warnings: int


def intensity_distribution(easy: float, moderate: float, hard: float) -> IntensityDistribution:
    """Shares of time by intensity, in percent."""
    total = easy + moderate + hard
    if total <= 0:
        return IntensityDistribution(easy_pct=100.0, moderate_pct=0.0, hard_pct=0.0)
    moderate_pct = round(100 * moderate / total, 1)
    hard_pct = round(100 * hard / total, 1)
    return IntensityDistribution(
        easy_pct=round(100 - moderate_pct - hard_pct, 1),
        moderate_pct=moderate_pct,
        hard_pct=hard_pct,
    )


def _phase_words(season: Periodization) -> str:
    parts = [
        f"{high - low + 1} week{'s' if high > low else ''} of {phase.value}"
        for phase, low, high in season.phase_spans
    ]
    return ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]


def season_view(facts: SeasonFacts, drafts: list[WeekDraft], known: KnownRefs) -> SeasonView:
    """The season's summary, justifications, milestones, risks and outcomes."""
    request, season, pattern = facts.request, facts.season, facts.pattern
    days = ", ".join(WEEKDAY_NAMES[day] for day in pattern.running_days)
    verdict = facts.feasibility.verdict
    greeting = f"{request.runner_name}, here is a" if request.runner_name else "A"
    week_one_km = facts.week_one_km
    summary = (
        f"{greeting} {len(season.weeks)}-week plan for {request.race_name} ({facts.race_label}) on "
        f"{request.race_date.isoformat()}: {_phase_words(season)}. You run "
        f"{pattern.runs_per_week} days a week ({days}) with the long run on "
        f"{WEEKDAY_NAMES[pattern.long_run_day]}. Weekly volume goes from {week_one_km:.0f} km "
        f"to about {facts.peak_reached_km:.0f} km. The goal looks {verdict}"
        + (
            ": the distance needs longer runs than the weeks available can safely build; a later "
            "race, a shorter one or a finish goal is the safer choice."
            if facts.feasibility.distance_ready is False
            else "."
        )
    )
    taper_note = ""
    if season.taper_weeks > season.standard_taper_weeks:
        taper_note = " It gains a week because the race week has only a few days before the race."
    elif season.taper_weeks < season.standard_taper_weeks:
        taper_note = " It is shorter than usual to leave enough weeks of training."
    days_of_taper = taper_days(season)
    periodization = (
        "Base, build, peak and taper follow block periodization (Issurin 2010): general aerobic "
        "work first, then threshold and VO2max sessions, then race-specific pace, then a taper. "
        f"A recovery week every {ordinal(season.recovery_every_n_weeks)} week"
        + (" (2:1, as recovery slows with age)" if season.recovery_every_n_weeks == 3 else "")  # noqa: PLR2004
        + " lets adaptation catch up with the load. The taper lasts "
        f"{season.taper_weeks} week{'s' if season.taper_weeks > 1 else ''} "
        f"({days_of_taper} days, race day included) for a "
        f"{facts.race_label}, cutting volume 40-60 % while keeping intensity (Mujika & Padilla "
        f"2003; Bosquet et al. 2007).{taper_note}"
    )
    increase = (
        f"at most {facts.max_increase_pct:g} % a week"
        + (" (your injury history lowers the usual 10 %)" if request.has_injury_history else "")
        if facts.max_increase_pct is not None
        else "gradually"
    )
    volume = (
        f"{_week_one_words(facts)} Volume rises {increase}; recovery weeks drop "
        "about 25 % and the week after returns "
        f"to the level before. A {facts.race_label} at {request.experience_level.value} level "
        f"with a '{request.goal_priority.value}' goal calls for about {facts.peak_km:.0f} km a "
        f"week at the peak; {_peak_words(facts)}. {_long_run_share_words(drafts)} Quality work "
        "is sized within Daniels' limits (threshold up to 10 %, intervals 8 %, repetitions 5 % "
        "of the week's volume); about 80 % of the running is easy."
    )
    refs: list[str] = [
        Ref.PERIODIZATION,
        Ref.PROGRESSIVE_OVERLOAD,
        Ref.ACUTE_CHRONIC_WORKLOAD,
        Ref.POLARIZED_TRAINING,
        Ref.RECOVERY_WEEKS,
        Ref.TAPER,
        Ref.LONG_RUN,
        Ref.VDOT_PACES,
        Ref.RACE_PREDICTION,
        Ref.TRAINING_RESPONSE,
        Ref.SESSION_RPE,
    ]
    if facts.feasibility.distance_ready is not None:
        refs.append(Ref.DISTANCE_READINESS)
    if request.has_injury_history:
        refs.append(Ref.INJURY_RETURN)
    if request.age_years is not None and request.age_years >= MASTERS_AGE:
        refs.append(Ref.MASTERS_ATHLETES)
    if request.experience_level is ExperienceLevel.BEGINNER:
        refs.append(Ref.BEGINNER_PROGRESSION)
    return SeasonView(
        coach_summary=summary,
        periodization_justification=periodization,
        volume_strategy_justification=volume,
        key_milestones=_milestones(facts, drafts),
        identified_risks=_risks(facts),
        expected_outcomes=_outcomes(facts),
        goal_feasibility=facts.feasibility,
        knowledge_refs=known(refs),
    )


WEEK_ONE_MATCH_KM = 0.5
"""Week 1 within this of the start volume is said to be that volume."""


def _week_one_words(facts: SeasonFacts) -> str:
    """Week 1 as planned, beside what the runner runs now: the number shown is week 1's."""
    week_one_km = facts.week_one_km
    current = facts.request.current_weekly_volume_km
    if facts.start_estimated or current is None:
        return (
            f"Week 1 has {week_one_km:.1f} km of running, an estimate for your experience level "
            "since your current weekly volume is unknown."
        )
    if abs(week_one_km - current) <= WEEK_ONE_MATCH_KM:
        return f"Week 1 has {week_one_km:.1f} km of running, your current volume."
    relation = "less than" if week_one_km < current else "more than"
    why = (
        "as much as your running days and session lengths hold"
        if week_one_km < current
        else "the run-walk minimum for your running days, run and walked in turn for the "
        f"first {min(len(RUN_WALK_STEPS), len(facts.season.weeks))} weeks"
    )
    return (
        f"Week 1 has {week_one_km:.1f} km of running, {relation} the {current:.1f} km a week you "
        f"run now: {why}."
    )


def _long_run_share_words(drafts: list[WeekDraft]) -> str:
    """The long run's share of the week, as planned (taper weeks left out)."""
    shares = [
        100 * draft.long_hm / draft.training_hm
        for draft in drafts
        if draft.long_hm and draft.training_hm and not draft.frame.is_taper
    ]
    if not shares:
        return "The plan has no long run before the taper."
    low, high = min(shares), max(shares)
    if round(low) == round(high):
        return f"The long run is {low:.0f} % of its week."
    return f"The long run is {low:.0f}-{high:.0f} % of its week."


def _peak_words(facts: SeasonFacts) -> str:
    if facts.peak_reached_km >= PEAK_REACHED_SHARE * facts.peak_km:
        return f"this plan gets there ({facts.peak_reached_km:.0f} km)"
    return (
        f"this plan reaches {facts.peak_reached_km:.0f} km, as far as safe growth, recovery "
        "weeks and your session lengths allow in the weeks available"
    )


def _milestones(facts: SeasonFacts, drafts: list[WeekDraft]) -> list[Milestone]:
    milestones: list[Milestone] = []
    for phase, _, high in facts.season.phase_spans:
        if phase is Phase.TAPER:
            continue
        frame = drafts[high - 1].frame
        milestones.append(
            Milestone(
                week_number=high,
                date=frame.end,
                title=f"End of {phase.value}",
                description=f"{phase.value.capitalize()} phase done: "
                + {
                    Phase.BASE: "the aerobic base is laid.",
                    Phase.BUILD: "threshold and VO2max work are in place.",
                    Phase.PEAK: "race-specific fitness is at its highest; the taper begins.",
                }[phase],
            )
        )
    longest = max(drafts, key=lambda draft: (draft.long_hm, -draft.frame.number))
    if longest.long_hm:
        milestones.append(
            Milestone(
                week_number=longest.frame.number,
                title="Longest run",
                description=f"{hm_to_km(longest.long_hm):.1f} km, the longest run of the plan.",
            )
        )
    request = facts.request
    milestones.append(
        Milestone(
            week_number=len(drafts),
            date=request.race_date,
            title="Race day",
            description=f"{request.race_name}: {facts.race_label}.",
        )
    )
    return sorted(milestones, key=lambda item: item.week_number)


def _risks(facts: SeasonFacts) -> list[Risk]:
    # Stored models keep enum values as plain strings: compare by value, never by identity.
    request, verdict = facts.request, FeasibilityVerdict(facts.feasibility.verdict)
    # (applies, risk, likelihood, mitigation, monitoring signals), in the order shown.
    candidates: list[tuple[bool, str, str, str, list[str]]] = [
        (
            request.has_injury_history,
            f"Re-injury ({', '.join(request.injury_types)})",
            "moderate",
            "Volume rises at most 7 % a week and hard days never touch.",
            ["pain that changes your stride", "pain the morning after"],
        ),
        (
            request.age_years is not None and request.age_years >= MASTERS_AGE,
            "Slower recovery with age",
            "moderate",
            "A recovery week every 3rd week and at most 2 hard sessions a week.",
            ["legs heavy two days after a hard session", "resting HR up"],
        ),
        (
            facts.peak_km >= BIG_RAMP_RATIO * facts.start_km,
            "A large rise in weekly volume",
            "moderate",
            "Growth is capped each week and every few weeks is a recovery week.",
            ["persistent fatigue", "niggles in shins, Achilles or feet"],
        ),
        (
            facts.pattern.runs_per_week == len(WEEKDAYS),
            "No rest day",
            "high",
            "Easy days are kept very easy; consider 6 runs a week.",
            ["poor sleep", "resting HR up 5+ bpm", "low motivation"],
        ),
        (
            verdict is not FeasibilityVerdict.ACHIEVABLE,
            f"The goal is {verdict}",
            "high" if verdict is FeasibilityVerdict.UNLIKELY else "moderate",
            "Race-pace sessions aim at a pace your fitness supports.",
            ["race-pace sessions feel hard", "tune-up race results"],
        ),
        (
            facts.feasibility.distance_ready is False,
            f"Not ready for the {facts.race_label} distance",
            "high",
            "Take one of the safer options: a later race, a shorter distance or a finish goal.",
            ["pain or a limp late in the long run", "long runs you cannot finish"],
        ),
        (
            facts.season.is_short,
            "A short preparation",
            "high",
            "No base phase; volume stays near what you already run.",
            ["fatigue that lasts more than two days"],
        ),
        (
            facts.fitness.source == "estimate",
            "Paces are estimated",
            "low",
            "Run a 5 km time trial early in the plan to set paces from data.",
            ["easy pace feels hard", "intervals feel too easy"],
        ),
        (
            facts.long_run_warnings > 0,
            "Long runs above 30 % of the week",
            "moderate",
            "Keep the long run easy; another running day would spread the load.",
            ["soreness lasting two days after the long run"],
        ),
    ]
    return [
        Risk(risk=risk, likelihood=likelihood, mitigation=mitigation, monitoring_signals=signals)
        for applies, risk, likelihood, mitigation, signals in candidates
        if applies
    ]


_CONFIDENCE_LEVEL = {
    FeasibilityVerdict.ACHIEVABLE: ConfidenceLevel.ACHIEVABLE,
    FeasibilityVerdict.AMBITIOUS: ConfidenceLevel.AMBITIOUS,
    FeasibilityVerdict.UNLIKELY: ConfidenceLevel.STRETCH,
}
"""The feasibility verdict in the seed's words (an unlikely goal is a stretch)."""


def _outcomes(facts: SeasonFacts) -> ExpectedOutcomes:
    feasibility, request = facts.feasibility, facts.request
    predicted = feasibility.predicted_time_s
    goal = (
        f"Finish {request.race_name} ({facts.race_label}) in {format_duration(request.goal_time_s)}"
        if request.goal_time_s is not None
        else f"Finish {request.race_name} ({facts.race_label})"
    )
    secondary = [
        (
            f"Weekly volume up to about {facts.peak_reached_km:.0f} km, longest run "
            f"{facts.longest_run_km:.1f} km."
        ),
        f"A steady routine of {facts.pattern.runs_per_week} runs a week.",
    ]
    if predicted is not None:
        secondary.insert(0, f"Race-day prediction about {format_duration(predicted)}.")
    return ExpectedOutcomes(
        primary_goal=goal,
        confidence_level=_CONFIDENCE_LEVEL[FeasibilityVerdict(feasibility.verdict)],
        confidence_reason=feasibility.reason,
        confidence_score=feasibility.confidence,
        secondary_outcomes=secondary,
    )
