"""Three generated plans beside published ones of their kind (docs/plan-comparisons.md).

Generates, with the domain code, an 18-week marathon for a runner at 52 km a week (against
Pfitzinger 18/55), a 12-week half marathon for a 40 km-a-week runner (against Higdon's
Intermediate) and an 8-week 5 km for a 15 km-a-week beginner (against Higdon's Novice), and
prints each as Markdown: week by week volume, long run and quality sessions, then the figures
the comparison uses. Nothing is read from a database; the clock is fixed for reproducibility.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bson import ObjectId

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.common import RACE_DISTANCE_M, ExperienceLevel, RaceType, Weekday
from app.models.race import GoalPriority
from app.models.session import HARD_SESSION_TYPES, SessionType
from app.planning import GeneratedPlan, PlanRequest, generate_plan
from app.planning.seed_data import load_knowledge_base, load_safeguards

NOW = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
MONDAY = date(2026, 1, 5)
RUNNER_ID = ObjectId("5f0000000000000000000001")
PLAN_ID = ObjectId("5f0000000000000000000002")
WEEKEND = (Weekday.SATURDAY, Weekday.SUNDAY)


def request(
    name: str,
    race_type: RaceType,
    weeks: int,
    *,
    volume_km: float,
    experience: ExperienceLevel,
    priority: GoalPriority,
    five_k_s: float,
    longest_km: float,
    runs: int,
) -> PlanRequest:
    """A race on the Sunday that ends week `weeks`, the long run on Sundays."""
    return PlanRequest(
        runner_id=RUNNER_ID,
        race_id=None,
        race_name=name,
        race_type=race_type,
        race_distance_m=RACE_DISTANCE_M[race_type],
        start_date=MONDAY,
        race_date=MONDAY + timedelta(weeks=weeks, days=-1),
        goal_priority=priority,
        experience_level=experience,
        age_years=40,
        current_weekly_volume_km=volume_km,
        current_runs_per_week=runs,
        longest_recent_run_km=longest_km,
        baseline_5k_s=five_k_s,
        long_run_day=Weekday.SUNDAY,
        runs_per_week=runs,
    )


PROFILES = {
    "18-week marathon, 52 km/week (vs Pfitzinger 18/55)": request(
        "Marathon",
        RaceType.MARATHON,
        18,
        volume_km=52.0,
        experience=ExperienceLevel.INTERMEDIATE,
        priority=GoalPriority.TIME,
        five_k_s=21 * 60 + 30.0,
        longest_km=16.0,
        runs=5,
    ),
    "12-week half marathon, 40 km/week (vs Higdon Intermediate)": request(
        "Half marathon",
        RaceType.HALF_MARATHON,
        12,
        volume_km=40.0,
        experience=ExperienceLevel.INTERMEDIATE,
        priority=GoalPriority.TIME,
        five_k_s=23 * 60.0,
        longest_km=12.0,
        runs=5,
    ),
    "8-week 5 km, 15 km/week beginner (vs Higdon Novice)": request(
        "5 km",
        RaceType.FIVE_K,
        8,
        volume_km=15.0,
        experience=ExperienceLevel.BEGINNER,
        priority=GoalPriority.FINISH,
        five_k_s=32 * 60.0,
        longest_km=6.0,
        runs=3,
    ),
}


def generate(plan_request: PlanRequest) -> GeneratedPlan:
    keys = {entry.key for entry in load_knowledge_base()}
    return generate_plan(plan_request, load_safeguards(), keys, plan_id=PLAN_ID, now=NOW)


def describe(title: str, generated: GeneratedPlan) -> None:
    """One plan as Markdown: its weeks, then the figures of the comparison."""
    plan = generated.plan
    by_week: dict[int, list] = {}
    for session in generated.sessions:
        by_week.setdefault(session.week_number, []).append(session)
    print(f"### {title}\n")
    print(f"{plan.metadata.name}; VDOT {plan.target_paces.vdot}; ", end="")
    print(f"verdict {plan.season_view.goal_feasibility.verdict}\n")
    print("| Week | Phase | Km (race excluded) | Long run km | Quality sessions |")
    print("|---:|---|---:|---:|---|")
    quality_counts = []
    for week in plan.weekly_plan:
        days = by_week[week.week_number]
        km = sum(s.distance_km for s in days if s.type != SessionType.RACE)
        hard = [
            str(s.type) for s in days if s.type in HARD_SESSION_TYPES and s.type != SessionType.RACE
        ]
        if not week.is_taper_week:
            quality_counts.append(len(hard))
        marks = " (recovery)" if week.is_recovery_week else ""
        print(
            f"| {week.week_number} | {week.phase}{marks} | {km:.1f} | "
            f"{week.long_run_km:.1f} | {', '.join(hard) or '-'} |"
        )
    weeks = plan.weekly_plan
    taper = [w for w in weeks if w.is_taper_week]
    taper_days = sum((w.end_date - w.start_date).days + 1 for w in taper)
    peak_km = max(
        sum(s.distance_km for s in by_week[w.week_number] if s.type != SessionType.RACE)
        for w in weeks
    )
    longs = [w.long_run_km for w in weeks if w.long_run_km]
    at_peak = sum(1 for km in longs if km >= max(longs) - 0.5)
    kinds = Counter(
        str(s.type)
        for s in generated.sessions
        if s.type in HARD_SESSION_TYPES and s.type != SessionType.RACE
    )
    print()
    print(f"- Week 1 {weeks[0].target_volume_km:.1f} km, peak {peak_km:.1f} km")
    print(f"- Long run {longs[0]:.1f} km to {max(longs):.1f} km ({at_peak} run(s) at the peak)")
    print(
        f"- Quality sessions a week before the taper: {min(quality_counts)}-"
        f"{max(quality_counts)}, mean {sum(quality_counts) / len(quality_counts):.1f}; "
        f"kinds {dict(kinds)}"
    )
    pre_taper = [w for w in weeks if not w.is_taper_week]
    last_km = sum(
        s.distance_km for s in by_week[pre_taper[-1].week_number] if s.type != SessionType.RACE
    )
    taper_kms = [
        sum(s.distance_km for s in by_week[w.week_number] if s.type != SessionType.RACE)
        for w in taper
    ]
    shares = ", ".join(f"{100 * km / last_km:.0f} %" for km in taper_kms)
    print(
        f"- Taper: {len(taper)} week(s), {taper_days} days with race day; "
        f"volume {shares} of the last full week ({last_km:.1f} km)\n"
    )


def main() -> None:
    for title, plan_request in PROFILES.items():
        describe(title, generate(plan_request))


if __name__ == "__main__":
    main()
