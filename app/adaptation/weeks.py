"""Keep the plan's weeks in step with their sessions after a revision."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from app.adaptation.edits import Document, is_run
from app.planning.season import intensity_distribution
from app.planning.week_figures import warning_signals, week_figures


def refresh_weeks(
    weekly_plan: list[Document], sessions: Iterable[Document], touched: set[int], note: str
) -> list[Document]:
    """The weeks with the numbers of the `touched` ones recomputed from their sessions.

    Volume, duration, long run, run, rest and hard days, key sessions and the shares of easy,
    moderate and hard time follow the sessions;
    the week-on-week change is recomputed for the touched weeks and the week after each.
    """
    by_week: dict[int, list[Document]] = defaultdict(list)
    for session in sessions:
        by_week[session["weekNumber"]].append(session)
    weeks = copy.deepcopy(weekly_plan)
    for week in weeks:
        number = week["weekNumber"]
        if number not in touched:
            continue
        # A missed workout moved to a later day counts once, on its new day.
        days = sorted(
            (s for s in by_week.get(number, []) if not s.get("movedTo")),
            key=lambda s: s["scheduledDate"],
        )
        runs = [s for s in days if is_run(s)]
        week["targetVolumeKm"] = round(sum(s["distanceKm"] for s in runs), 1)
        week["targetDurationMin"] = round(sum(s["durationMin"] for s in days), 1)
        week["longRunKm"] = max((s["distanceKm"] for s in runs), default=0.0)
        week["runDays"] = len(runs)
        week["restDays"] = sum(1 for s in days if s["type"] == "rest")
        week["hardSessions"] = sum(1 for s in days if s.get("isHard"))
        figures = week_figures(days)
        week["plannedLoad"] = figures.planned_load
        week["intensityScore"] = figures.intensity_score
        week["keySessions"] = figures.key_sessions
        week["easyRuns"] = figures.easy_runs
        week["intensityDistribution"] = intensity_distribution(
            *figures.intensity_minutes
        ).to_mongo()
        week["keySessionSummaries"] = [
            f"{date.fromisoformat(s['scheduledDate']).strftime('%a')} {s['display']['title']}: "
            f"{s['display']['subtitle']}"
            for s in days
            if s.get("isKeySession")
        ]
        if note not in week.get("notes", []):
            week["notes"] = [*week.get("notes", []), note]
    for index, week in enumerate(weeks):
        if index and (week["weekNumber"] in touched or week["weekNumber"] - 1 in touched):
            previous = weeks[index - 1]["targetVolumeKm"]
            week["volumeChangePct"] = (
                round(100.0 * (week["targetVolumeKm"] - previous) / previous, 1)
                if previous
                else None
            )
        if week["weekNumber"] in touched or week["weekNumber"] - 1 in touched:
            week["warningSignals"] = warning_signals(
                hard_sessions=week["hardSessions"],
                volume_change_pct=week.get("volumeChangePct"),
                long_run_km=week["longRunKm"],
                volume_km=week["targetVolumeKm"],
                is_recovery_week=week.get("isRecoveryWeek", False),
            )
    return weeks
