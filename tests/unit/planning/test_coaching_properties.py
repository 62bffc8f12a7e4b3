"""What a coach would check in every plan, over 500 generated runners (hypothesis).

One generated plan is checked for every property at once, so 500 profiles stay within the
suite's time budget: the texts say only what the plan does, race-pace work respects current
fitness, hard days keep away from the long run, masters get at most two hard sessions, a
long race without the long runs it needs is flagged, the race on a blocked day is said, tapers
have their days, quality work stays within Daniels' limits, near-zero starters begin with
run-walks, and long runs keep to their time on feet.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, event, given, settings

from app.models.plan import FeasibilityVerdict
from app.models.session import HARD_SESSION_TYPES, PlannedSessionDocument, SessionType
from app.planning import GeneratedPlan, PlanRequest
from app.planning.paces import current_fitness, predicted_time_s
from app.planning.periodization import MIN_TAPER_DAYS, RaceGroup, race_group
from app.planning.run_walk import RUN_WALK_STEPS, RUN_WALK_TITLE
from app.planning.volume import start_volume_km
from app.planning.weeks import LONG_RUN_MAX_MIN, MARATHON_LONG_RUN_MAX_MIN
from tests.unit.planning.strategies import generate, plan_requests, sessions_by_week, training_km

COACHING = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WRONG_ORDINAL = re.compile(r"\b\d*(?:1th|2th|3th|[04-9](?:st|nd|rd))\b")


def quality(sessions: list[PlannedSessionDocument]) -> list[PlannedSessionDocument]:
    """The hard sessions of a list, the race excluded."""
    return [s for s in sessions if s.type in HARD_SESSION_TYPES and s.type != SessionType.RACE]


def all_texts(generated: GeneratedPlan) -> list[str]:
    plan = generated.plan
    view = plan.season_view
    texts = [
        view.coach_summary,
        view.periodization_justification,
        view.volume_strategy_justification,
    ]
    texts += [risk.mitigation for risk in view.identified_risks]
    texts += [risk.risk for risk in view.identified_risks]
    texts += [decision.decision for decision in plan.decisions]
    texts += [week.week_justification for week in plan.weekly_plan]
    texts += [session.justification for session in generated.sessions]
    return texts


def check_texts_match_the_plan(request: PlanRequest, generated: GeneratedPlan) -> None:
    plan = generated.plan
    view = plan.season_view
    weeks = sessions_by_week(generated)
    verdict = FeasibilityVerdict(view.goal_feasibility.verdict)

    for text in all_texts(generated):
        assert not WRONG_ORDINAL.search(text), text

    goal_risks = [r for r in view.identified_risks if r.risk.startswith("The goal is")]
    if verdict is FeasibilityVerdict.ACHIEVABLE:
        assert not goal_risks, "an achievable goal is not a risk"
    else:
        assert [r.risk for r in goal_risks] == [f"The goal is {verdict}"]
        expected = "high" if verdict is FeasibilityVerdict.UNLIKELY else "moderate"
        assert goal_risks[0].likelihood == expected

    week_one_km = training_km(weeks[1])
    volume_text = view.volume_strategy_justification
    stated = re.search(r"Week 1 has ([\d.]+) km", volume_text)
    assert stated, volume_text
    assert abs(float(stated.group(1)) - week_one_km) < 0.05, (volume_text, week_one_km)
    current = request.current_weekly_volume_km
    if "your current volume" in volume_text:
        assert current is not None
        assert abs(current - week_one_km) <= 0.5, (current, week_one_km)
    summary_from = re.search(r"Weekly volume goes from (\d+) km", view.coach_summary)
    assert summary_from
    assert abs(int(summary_from.group(1)) - week_one_km) <= 0.5 + 1e-6

    shares = [
        round(100 * s.distance_km / training_km(days))
        for week in plan.weekly_plan
        if not week.is_taper_week
        for days in [weeks[week.week_number]]
        for s in days
        if s.type == SessionType.LONG
    ]
    stated_share = re.search(r"The long run is (\d+)(?:-(\d+))? % of its week", volume_text)
    if shares:
        assert stated_share, volume_text
        low = int(stated_share.group(1))
        high = int(stated_share.group(2) or low)
        assert abs(low - min(shares)) <= 1
        assert abs(high - max(shares)) <= 1

    for week in plan.weekly_plan:
        days = weeks[week.week_number]
        hard = len(quality(days))
        assert week.hard_sessions == hard
        assert f"{hard} hard session" in week.week_justification
        if week.is_race_week and "sharpening session early" in week.week_justification:
            assert hard >= 1, "the race week promises a sharpening session it does not have"


def check_distance_readiness(request: PlanRequest, generated: GeneratedPlan) -> None:
    """Every race of 21 km or more whose longest planned run is under race/1.6 is flagged."""
    feasibility = generated.plan.season_view.goal_feasibility
    race_km = request.race_distance_m / 1000
    longest = max(
        (s.distance_km for s in generated.sessions if s.type == SessionType.LONG), default=0.0
    )
    if race_km >= 21 and longest < race_km / 1.6:
        event("race >= 21 km with longest run < race/1.6: flagged")
        assert feasibility.verdict == FeasibilityVerdict.UNLIKELY
        assert feasibility.distance_ready is False
        assert feasibility.safer_options
        assert any(option.startswith("A later race") for option in feasibility.safer_options)
        assert any(option.startswith("A shorter race") for option in feasibility.safer_options)
        if request.goal_time_s is not None:
            assert any(option.startswith("A finish goal") for option in feasibility.safer_options)
        assert "not safe in the time available" in feasibility.reason
    elif race_km < 21:
        assert feasibility.distance_ready is None


def check_race_pace_from_current_fitness(request: PlanRequest, generated: GeneratedPlan) -> None:
    """Half-marathon and marathon-pace work is never faster than current threshold pace."""
    if request.race_distance_m < 15000:
        return
    event("race of 15 km or more: race pace checked against threshold")
    paces = generated.plan.target_paces
    threshold_s = paces.threshold.min_s_per_km
    current_s = predicted_time_s(current_fitness(request).vdot, request.race_distance_m)
    race_mid_s = (paces.race.min_s_per_km + paces.race.max_s_per_km) / 2
    assert race_mid_s * request.race_distance_m / 1000 >= current_s * 0.999
    for session in generated.sessions:
        if session.type == SessionType.RACE:
            continue
        for segment in session.structure:
            described = segment.description or ""
            if segment.pace_range is None or "pace" not in described:
                continue
            if "marathon pace" in described or segment.pace_range == paces.race:
                assert segment.pace_range.min_s_per_km >= threshold_s, (session.title, described)


def weekday_gap(first: int, second: int) -> int:
    distance = abs(first - second) % 7
    return min(distance, 7 - distance)


def check_hard_days_and_the_long_run(request: PlanRequest, generated: GeneratedPlan) -> None:
    """No hard day beside the long run unless the schedule leaves no choice (then logged);
    from age 50 at most two hard sessions a week."""
    sessions = generated.sessions
    beside = [
        (a.scheduled_date, b.scheduled_date)
        for a, b in itertools.pairwise(sessions)
        if {a.type, b.type} & {SessionType.LONG} and (quality([a]) or quality([b]))
    ]
    if beside:
        event("hard day beside the long run: schedule left no choice, logged")
        logged = [d for d in generated.plan.decisions if d.topic == "Hard days beside the long run"]
        assert logged, beside
        long_days = {s.day_index for s in sessions if s.type == SessionType.LONG}
        run_days = {
            s.day_index
            for s in sessions
            if s.type not in {SessionType.REST, SessionType.RACE, SessionType.LONG}
        }
        for long_day in long_days:
            assert all(weekday_gap(day, long_day) <= 1 for day in run_days - {long_day})
    if request.age_years is not None and request.age_years >= 50:
        event("runner aged 50+: at most 2 hard sessions a week")
        for days in sessions_by_week(generated).values():
            assert len(quality(days)) <= 2


def check_a_race_on_a_blocked_day_is_said(request: PlanRequest, generated: GeneratedPlan) -> None:
    race = generated.sessions[-1]
    blocked = race.day_of_week in request.blocked_days
    if blocked:
        event("race on a blocked day: said")
    topics = [d.topic for d in generated.plan.decisions]
    assert ("Race on a blocked day" in topics) == blocked
    assert ("a weekday you blocked" in race.placement_rationale) == blocked


def check_taper_days(request: PlanRequest, generated: GeneratedPlan) -> None:
    """The taper has its minimum days for the distance unless it already takes half the plan."""
    weeks = generated.plan.weekly_plan
    taper = [w for w in weeks if w.is_taper_week]
    days = sum((w.end_date - w.start_date).days + 1 for w in taper)
    minimum = MIN_TAPER_DAYS[race_group(request.race_distance_m)]
    assert days >= minimum or len(taper) == len(weeks) // 2, (days, len(taper), len(weeks))
    assert len(taper) <= max(1, len(weeks) // 2)
    assert (
        f"({days} days, race day included)"
        in generated.plan.season_view.periodization_justification
    )


DANIELS_SHARE = {
    SessionType.TEMPO: 0.10,
    SessionType.THRESHOLD: 0.10,
    SessionType.INTERVALS: 0.08,
    SessionType.REPETITION: 0.05,
}


def check_quality_within_daniels_limits(generated: GeneratedPlan) -> None:
    """T work at most 10 % of the week, I 8 %, R 5 % (the volume text says so)."""
    for days in sessions_by_week(generated).values():
        week_km = training_km(days)
        for session in days:
            share = DANIELS_SHARE.get(session.type)
            if share is None:
                continue
            work_m = sum(
                (segment.distance_m or 0) * (segment.repetitions or 1)
                for segment in session.structure
                if segment.kind in {"main", "interval"} and (segment.effort or 0) >= 5
            )
            assert work_m <= share * week_km * 1000 + 1, (session.type, work_m, week_km)


def check_run_walk_for_near_zero_starters(request: PlanRequest, generated: GeneratedPlan) -> None:
    """Below the run-walk minimum the first weeks are run-walks with no hard session; from
    week 7, and for everyone else from week 1, runs are continuous."""
    runs_per_week = generated.plan.load_parameters.runs_per_week
    _, _, from_zero = start_volume_km(
        request.current_weekly_volume_km, request.experience_level, runs_per_week
    )
    if from_zero:
        event("near-zero starter: run-walk weeks")
    for number, days in sessions_by_week(generated).items():
        in_steps = from_zero and number <= len(RUN_WALK_STEPS)
        for session in days:
            is_run_walk = session.title == RUN_WALK_TITLE
            if session.type in {SessionType.EASY, SessionType.RECOVERY, SessionType.LONG}:
                assert is_run_walk == in_steps, (number, session.title)
            else:
                assert not is_run_walk
            if in_steps:
                assert not quality([session]), (number, session.type)


def check_long_run_time_on_feet(request: PlanRequest, generated: GeneratedPlan) -> None:
    """Long runs keep to their time on feet: 210 min for the marathon and beyond, 150 below
    (1 % for the rounding of paces and durations)."""
    marathon = race_group(request.race_distance_m) is RaceGroup.MARATHON
    max_min = MARATHON_LONG_RUN_MAX_MIN if marathon else LONG_RUN_MAX_MIN
    for session in generated.sessions:
        if session.type == SessionType.LONG:
            assert session.duration_min <= max_min * 1.01, session.duration_min


class TestCoachingProperties:
    @COACHING
    @given(plan_requests())
    def test_a_coach_would_sign_the_plan(self, request):
        generated = generate(request)
        check_texts_match_the_plan(request, generated)
        check_distance_readiness(request, generated)
        check_race_pace_from_current_fitness(request, generated)
        check_hard_days_and_the_long_run(request, generated)
        check_a_race_on_a_blocked_day_is_said(request, generated)
        check_taper_days(request, generated)
        check_quality_within_daniels_limits(generated)
        check_run_walk_for_near_zero_starters(request, generated)
        check_long_run_time_on_feet(request, generated)
