"""Issue #12's measurements, re-run over generated runner profiles: what a coach would count.

Draws N profiles (default 800) from the property tests' strategy with a fixed seed, generates
each plan with the domain code and prints, for each finding of issue #12, how many plans show
it now. Usage: `python bench/coaching_audit.py [N]`.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.common import ExperienceLevel
from app.models.plan import FeasibilityVerdict
from app.models.session import HARD_SESSION_TYPES, PlannedSessionDocument, SessionType
from app.planning import GeneratedPlan, PlanRequest
from app.planning.periodization import RaceGroup, race_group
from app.planning.run_walk import RUN_WALK_TITLE
from app.planning.volume import start_volume_km
from tests.unit.planning.strategies import generate, plan_requests, sessions_by_week

DANIELS_SHARE = {
    SessionType.TEMPO: 0.10,
    SessionType.THRESHOLD: 0.10,
    SessionType.INTERVALS: 0.08,
    SessionType.REPETITION: 0.05,
}


REPORT = (
    "profiles",
    "achievable goal listed as a risk",
    "races >= 21 km with longest run < race/1.6",
    "... of those, flagged with safer options",
    "plans of 15 km and more",
    "race-pace band faster than current threshold pace",
    "plans with a hard day beside the long run",
    "hard day / long run pairs",
    "... of those plans, logged as forced by the schedule",
    "plans of runners 50+",
    "weeks of runners 50+ with 3+ hard sessions",
    "races on a blocked day",
    "... of those, said in the plan",
    "quality sessions above Daniels' limit",
    "near-zero starters",
    "... of those, run-walk in week 1",
    "intermediate marathon plans of 16+ weeks",
)
"""The counts printed, in this order (zeros included)."""


def is_quality(session: PlannedSessionDocument) -> bool:
    return session.type in HARD_SESSION_TYPES and session.type != SessionType.RACE


def audit_texts_and_feasibility(
    request: PlanRequest, generated: GeneratedPlan, counts: Counter[str]
) -> float:
    """Verdicts, goal risks and distance readiness; returns the longest long run (km)."""
    view = generated.plan.season_view
    verdict = FeasibilityVerdict(view.goal_feasibility.verdict)
    counts[f"verdict {verdict}"] += 1
    goal_risks = [r for r in view.identified_risks if r.risk.startswith("The goal is")]
    if verdict is FeasibilityVerdict.ACHIEVABLE and goal_risks:
        counts["achievable goal listed as a risk"] += 1
    race_km = request.race_distance_m / 1000
    longest = max(
        (s.distance_km for s in generated.sessions if s.type == SessionType.LONG), default=0.0
    )
    if race_km >= 21 and longest < race_km / 1.6:
        counts["races >= 21 km with longest run < race/1.6"] += 1
        if verdict is FeasibilityVerdict.UNLIKELY and view.goal_feasibility.safer_options:
            counts["... of those, flagged with safer options"] += 1
    if request.race_distance_m >= 15000:
        counts["plans of 15 km and more"] += 1
        race_pace = generated.plan.target_paces.race
        if (
            race_pace
            and race_pace.min_s_per_km < generated.plan.target_paces.threshold.min_s_per_km
        ):
            counts["race-pace band faster than current threshold pace"] += 1
    return longest


def audit_schedule(request: PlanRequest, generated: GeneratedPlan, counts: Counter[str]) -> None:
    """Hard days beside the long run, masters' hard sessions, the race on a blocked day."""
    plan, sessions = generated.plan, generated.sessions
    pairs = [
        (a, b)
        for a, b in itertools.pairwise(sessions)
        if SessionType.LONG in {a.type, b.type} and (is_quality(a) or is_quality(b))
    ]
    if pairs:
        counts["plans with a hard day beside the long run"] += 1
        counts["hard day / long run pairs"] += len(pairs)
        if any(d.topic == "Hard days beside the long run" for d in plan.decisions):
            counts["... of those plans, logged as forced by the schedule"] += 1
    if request.age_years is not None and request.age_years >= 50:
        counts["plans of runners 50+"] += 1
        weeks = sessions_by_week(generated).values()
        counts["weeks of runners 50+ with 3+ hard sessions"] += sum(
            1 for days in weeks if sum(map(is_quality, days)) > 2
        )
    if sessions[-1].day_of_week in request.blocked_days:
        counts["races on a blocked day"] += 1
        if any(d.topic == "Race on a blocked day" for d in plan.decisions):
            counts["... of those, said in the plan"] += 1


def audit_sessions(request: PlanRequest, generated: GeneratedPlan, counts: Counter[str]) -> None:
    """Quality work against Daniels' limits; run-walk for near-zero starters."""
    weeks = sessions_by_week(generated)
    for days in weeks.values():
        week_km = sum(s.distance_km for s in days if s.type != SessionType.RACE)
        for session in days:
            share = DANIELS_SHARE.get(session.type)
            work_m = sum(
                (segment.distance_m or 0) * (segment.repetitions or 1)
                for segment in session.structure
                if segment.kind in {"main", "interval"} and (segment.effort or 0) >= 5
            )
            if share is not None and work_m > share * week_km * 1000 + 1:
                counts["quality sessions above Daniels' limit"] += 1
    runs = generated.plan.load_parameters.runs_per_week
    _, _, from_zero = start_volume_km(
        request.current_weekly_volume_km, request.experience_level, runs
    )
    if from_zero:
        counts["near-zero starters"] += 1
        week_one = [s for s in weeks[1] if s.type in {SessionType.EASY, SessionType.LONG}]
        if week_one and all(s.title == RUN_WALK_TITLE for s in week_one):
            counts["... of those, run-walk in week 1"] += 1


def audit(
    request: PlanRequest,
    generated: GeneratedPlan,
    counts: Counter[str],
    marathon_peaks: list[tuple[float, PlanRequest]],
) -> None:
    """Add this plan's findings to `counts`, and the peak long run of intermediate marathons."""
    counts["profiles"] += 1
    longest = audit_texts_and_feasibility(request, generated, counts)
    audit_schedule(request, generated, counts)
    audit_sessions(request, generated, counts)
    if (
        race_group(request.race_distance_m) is RaceGroup.MARATHON
        and request.race_distance_m <= 42195
        and len(generated.plan.weekly_plan) >= 16
        and request.experience_level is ExperienceLevel.INTERMEDIATE
    ):
        counts["intermediate marathon plans of 16+ weeks"] += 1
        marathon_peaks.append((longest, request))


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 800
    counts: Counter[str] = Counter()
    marathon_peaks: list[tuple[float, PlanRequest]] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(plan_requests())
    def run(request: PlanRequest) -> None:
        audit(request, generate(request), counts, marathon_peaks)

    run()
    verdicts = sorted(name for name in counts if name.startswith("verdict "))
    for name in [*REPORT[:1], *verdicts, *REPORT[1:]]:
        print(f"{name}: {counts[name]}")
    trained = [
        peak
        for peak, request in marathon_peaks
        if (request.current_weekly_volume_km or 0) >= 40
        and (request.max_session_min or 240) >= 210
        and (request.longest_recent_run_km or 16) >= 10
    ]
    if marathon_peaks:
        peaks = [peak for peak, _ in marathon_peaks]
        print(f"... their peak long run: {min(peaks):.1f}-{max(peaks):.1f} km")
    if trained:
        print(
            f"... of those, {len(trained)} from 40+ km a week with 210 min sessions allowed "
            f"and a recent long run of 10+ km: peak {min(trained):.1f}-{max(trained):.1f} km"
        )


if __name__ == "__main__":
    main()
