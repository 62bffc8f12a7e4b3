"""The zoom queries of bench/zoom.py and their floor: the same answer written by hand.

The floor authenticates the same way (the bearer token, the runner directory), makes the same
reads with the same projections as the resolvers, and builds the very same JSON with plain
Python and orjson; bench/zoom.py checks the bytes are identical before it times anything.
`Replayed` serves recorded reads from memory, so the GraphQL layer can be timed without the
database on documents already fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from bson import ObjectId

from app.accounts import RunnerDirectory
from app.auth import user_id_from_token
from app.clock import SYSTEM_CLOCK
from app.settings import Settings
from repositories.registry import Repositories

SEASON_FIELDS = "coachSummary periodizationJustification volumeStrategyJustification"
WEEK_FIELDS = (
    "weekNumber startDate endDate phase isRecoveryWeek isTaperWeek targetVolumeKm longRunKm "
    "plannedLoad focus weekJustification"
)
SESSION_FIELDS = """id type title scheduledDate status durationMin distanceKm effort description
 justification physiologicalTarget placementRationale keyPoints
 paceRange { minSPerKm maxSPerKm }
 display { title subtitle durationLabel distanceLabel paceLabel color icon }
 executions { id completionStatus date actual { distanceKm durationMin }
   analysis { qualityScore adherenceScore complianceColor summary }
   activity { id distanceM startTime elapsedTimeS } }"""
PLAN_FIELDS = (
    "id status version metadata { name startDate endDate totalWeeks } "
    f"season {{ {SEASON_FIELDS} }}"
)

QUERIES = {
    "season": f"query Season($id: ID!) {{ plan(id: $id) {{ {PLAN_FIELDS} }} }}",
    "one week": f"""query Week($id: ID!) {{ plan(id: $id) {{ id
 weeks(from: 5, to: 5) {{ {WEEK_FIELDS} sessions {{ {SESSION_FIELDS} }} }} }} }}""",
    "full depth": f"""query Full($id: ID!) {{ plan(id: $id) {{ {PLAN_FIELDS}
 weeks {{ {WEEK_FIELDS} sessions {{ {SESSION_FIELDS} }} }} }} }}""",
}
PROJECTIONS = {
    "season": {"_id": 1, "status": 1, "version": 1, "metadata": 1, "seasonView": 1},
    "one week": {"_id": 1, "weeklyPlan": 1},
    "full depth": {
        "_id": 1,
        "status": 1,
        "version": 1,
        "metadata": 1,
        "seasonView": 1,
        "weeklyPlan": 1,
    },
}
"""What the `plan` resolver projects for each query (projection_for, checked by the bytes)."""
WEEK_RANGE = {"season": None, "one week": (5, 5), "full depth": (1, 10_000)}


def _enum(value: str | None) -> str | None:
    return None if value is None else value.upper()


def _date_time(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _plan_head(plan: dict[str, Any]) -> dict[str, Any]:
    metadata, season = plan["metadata"], plan["seasonView"]
    return {
        "id": str(plan["_id"]),
        "status": _enum(plan["status"]),
        "version": plan["version"],
        "metadata": {
            "name": metadata["name"],
            "startDate": metadata["startDate"],
            "endDate": metadata["endDate"],
            "totalWeeks": metadata["totalWeeks"],
        },
        "season": {
            "coachSummary": season["coachSummary"],
            "periodizationJustification": season["periodizationJustification"],
            "volumeStrategyJustification": season["volumeStrategyJustification"],
        },
    }


def _activity(activity: dict[str, Any] | None) -> dict[str, Any] | None:
    if activity is None:
        return None
    return {
        "id": str(activity["_id"]),
        "distanceM": activity.get("distanceM"),
        "startTime": _date_time(activity["startTime"]),
        "elapsedTimeS": activity.get("elapsedTimeS"),
    }


def _execution(execution: dict[str, Any], activities: dict[ObjectId, Any]) -> dict[str, Any]:
    actual, analysis = execution.get("actual"), execution.get("analysis")
    activity_id = execution.get("activityId")
    return {
        "id": str(execution["_id"]),
        "completionStatus": _enum(execution["completionStatus"]),
        "date": execution["date"],
        "actual": None
        if actual is None
        else {"distanceKm": actual.get("distanceKm"), "durationMin": actual.get("durationMin")},
        "analysis": None
        if analysis is None
        else {
            "qualityScore": analysis.get("qualityScore"),
            "adherenceScore": analysis.get("adherenceScore"),
            "complianceColor": _enum(analysis.get("complianceColor")),
            "summary": analysis.get("summary"),
        },
        "activity": None if activity_id is None else _activity(activities.get(activity_id)),
    }


def _session(
    session: dict[str, Any],
    executions: dict[ObjectId, list[dict[str, Any]]],
    activities: dict[ObjectId, Any],
) -> dict[str, Any]:
    pace, display = session.get("paceRange"), session["display"]
    return {
        "id": str(session["_id"]),
        "type": _enum(session["type"]),
        "title": session["title"],
        "scheduledDate": session["scheduledDate"],
        "status": _enum(session["status"]),
        "durationMin": session.get("durationMin"),
        "distanceKm": session.get("distanceKm"),
        "effort": session.get("effort"),
        "description": session["description"],
        "justification": session["justification"],
        "physiologicalTarget": session["physiologicalTarget"],
        "placementRationale": session["placementRationale"],
        "keyPoints": list(session["keyPoints"]),
        "paceRange": None
        if pace is None
        else {"minSPerKm": pace["minSPerKm"], "maxSPerKm": pace["maxSPerKm"]},
        "display": {
            "title": display["title"],
            "subtitle": display.get("subtitle"),
            "durationLabel": display.get("durationLabel"),
            "distanceLabel": display.get("distanceLabel"),
            "paceLabel": display.get("paceLabel"),
            "color": display["color"],
            "icon": display["icon"],
        },
        "executions": [_execution(e, activities) for e in executions.get(session["_id"], [])],
    }


def _week(
    week: dict[str, Any],
    sessions: list[dict[str, Any]],
    executions: dict[ObjectId, list[dict[str, Any]]],
    activities: dict[ObjectId, Any],
) -> dict[str, Any]:
    return {
        "weekNumber": week["weekNumber"],
        "startDate": week["startDate"],
        "endDate": week["endDate"],
        "phase": _enum(week["phase"]),
        "isRecoveryWeek": week["isRecoveryWeek"],
        "isTaperWeek": week["isTaperWeek"],
        "targetVolumeKm": week["targetVolumeKm"],
        "longRunKm": week.get("longRunKm"),
        "plannedLoad": week.get("plannedLoad"),
        "focus": week["focus"],
        "weekJustification": week["weekJustification"],
        "sessions": [_session(s, executions, activities) for s in sessions],
    }


async def floor_answer(  # noqa: PLR0917 - the bench's one entry point
    kind: str,
    repositories: Repositories,
    directory: RunnerDirectory,
    settings: Settings,
    token: str,
    plan_id: ObjectId,
) -> bytes:
    """The answer to `QUERIES[kind]`, byte for byte, from the same reads, without GraphQL."""
    user_id = user_id_from_token(token, settings.jwt_secret, SYSTEM_CLOCK.now())
    viewer = await directory.viewer(repositories, user_id)
    assert viewer is not None
    runner_id = viewer.runner_id
    plan = await repositories.plans.get(runner_id, plan_id, PROJECTIONS[kind])
    assert plan is not None
    span = WEEK_RANGE[kind]
    if span is None:
        return orjson.dumps({"data": {"plan": _plan_head(plan)}})
    weeks = [w for w in plan["weeklyPlan"] if span[0] <= w["weekNumber"] <= span[1]]
    sessions = await repositories.sessions.for_weeks(
        runner_id, [plan_id], [w["weekNumber"] for w in weeks]
    )
    by_week: dict[int, list[dict[str, Any]]] = {}
    for session in sessions:
        by_week.setdefault(session["weekNumber"], []).append(session)
    session_ids = [s["_id"] for w in weeks for s in by_week.get(w["weekNumber"], [])]
    executions = await repositories.executions.for_sessions(runner_id, session_ids)
    by_session: dict[ObjectId, list[dict[str, Any]]] = {}
    for execution in executions:
        by_session.setdefault(execution["sessionId"], []).append(execution)
    activity_ids = list(dict.fromkeys(e["activityId"] for e in executions if e.get("activityId")))
    activities = (
        await repositories.activities.by_ids(runner_id, activity_ids) if activity_ids else {}
    )
    body: dict[str, Any] = {} if kind == "one week" else _plan_head(plan)
    if kind == "one week":
        body["id"] = str(plan["_id"])
    body["weeks"] = [
        _week(w, by_week.get(w["weekNumber"], []), by_session, activities) for w in weeks
    ]
    return orjson.dumps({"data": {"plan": body}})


class Replayed:
    """Repositories answering from memory what a recording pass read from the database.

    One instance per query: each repository method is called once per answer, so its answer
    is keyed by the method alone, and replaying costs a dict lookup.
    """

    def __init__(self, repositories: Repositories) -> None:
        self._repositories = repositories
        self._answers: dict[tuple[str, str], Any] = {}
        self._views: dict[str, _ReplayedRepository] = {}
        self.recording = True

    def __getattr__(self, repository: str) -> Any:
        view = self._views.get(repository)
        if view is None:
            view = self._views[repository] = _ReplayedRepository(self, repository)
        return view

    def method(self, repository: str, name: str) -> Callable[..., Any]:
        """A repository method that records its answer, then replays it."""
        real = getattr(getattr(self._repositories, repository), name)
        key = (repository, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            if self.recording:
                self._answers[key] = await real(*args, **kwargs)
            return self._answers[key]

        return call


class _ReplayedRepository:
    def __init__(self, replayed: Replayed, repository: str) -> None:
        self._replayed, self._repository = replayed, repository

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = self._replayed.method(self._repository, name)
        setattr(self, name, method)
        return method
