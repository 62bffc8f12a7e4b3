"""The plan in a calendar app (iCalendar feed) and a session on a watch (FIT) or Zwift (.zwo)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from xml.etree import ElementTree as ET

import fitdecode
import httpx
import icalendar
import pytest

from tests.api.tracking_helpers import runner_in_plan
from tests.conftest import Account, graphql

CREATE = "mutation { createCalendarFeed { url } }"
REVOKE = "mutation { revokeCalendarFeed { revoked } }"
SESSIONS = """
query S($planId: ID!) { plan(id: $planId) { weeks { weekNumber sessions {
  id title type scheduledDate durationMin distanceKm status
  paceRange { minSPerKm maxSPerKm }
  segments { kind description durationMin distanceM repetitions recoveryDurationMin
    paceRange { minSPerKm maxSPerKm } } } } } }
"""
RESCHEDULE = """
mutation R($id: ID!, $date: Date!) { rescheduleSession(sessionId: $id, date: $date) {
  __typename ... on SessionSaved { session { scheduledDate } } } }
"""


async def plan_sessions(http: httpx.AsyncClient, account: Account, plan_id: str) -> list[dict]:
    body = await graphql(http, SESSIONS, {"planId": plan_id}, account)
    return [s for week in body["data"]["plan"]["weeks"] for s in week["sessions"]]


def interval_session(sessions: list[dict]) -> dict:
    """A coming session whose structure repeats a block (intervals)."""
    return next(
        s
        for s in sessions
        if s["status"] == "SCHEDULED"
        and any((seg["repetitions"] or 1) > 1 and seg["paceRange"] for seg in s["segments"])
    )


async def feed_url(http: httpx.AsyncClient, account: Account) -> str:
    body = await graphql(http, CREATE, account=account)
    return body["data"]["createCalendarFeed"]["url"]


def events_of(text: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


@pytest.mark.calendar
class TestCalendarFeed:
    async def test_the_plan_parses_as_events_with_their_structure(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account, weeks_ago=1)
        sessions = await plan_sessions(http, account, plan_id)
        url = await feed_url(http, account)
        response = await http.get(url)  # no Authorization: calendar apps only have the URL
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/calendar")
        events = events_of(response.text)
        workouts = [s for s in sessions if s["type"] != "REST"]
        assert set(events) == {s["id"] for s in workouts}
        session = interval_session(sessions)
        event = events[session["id"]]
        assert str(event["SUMMARY"]) == session["title"]
        assert event["DTSTART"].dt == date.fromisoformat(session["scheduledDate"])
        assert event["DTEND"].dt == event["DTSTART"].dt + timedelta(days=1)
        description = str(event["DESCRIPTION"])
        assert "Structure:" in description
        for segment in session["segments"]:
            assert segment["description"] in description

    async def test_a_rescheduled_session_moves_in_the_feed(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account, weeks_ago=1)
        sessions = await plan_sessions(http, account, plan_id)
        url = await feed_url(http, account)
        session = interval_session(sessions)
        before = events_of((await http.get(url)).text)[session["id"]]
        week_days = {s["scheduledDate"] for s in sessions}
        day = date.fromisoformat(session["scheduledDate"])
        monday = day - timedelta(days=day.weekday())
        target = next(
            d
            for d in (monday + timedelta(days=i) for i in range(7))
            if d != day and d >= account.today() and d.isoformat() in week_days
        )
        moved = await graphql(
            http, RESCHEDULE, {"id": session["id"], "date": target.isoformat()}, account
        )
        assert moved["data"]["rescheduleSession"]["__typename"] == "SessionSaved", moved
        after = events_of((await http.get(url)).text)[session["id"]]
        assert after["DTSTART"].dt == target
        assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])

    async def test_rotating_and_revoking_the_address(self, http, make_account):
        account = await make_account()
        await runner_in_plan(http, account, weeks_ago=1)
        first = await feed_url(http, account)
        second = await feed_url(http, account)
        assert first != second
        assert (await http.get(first)).status_code == 404
        assert (await http.get(second)).status_code == 200
        body = await graphql(http, REVOKE, account=account)
        assert body["data"]["revokeCalendarFeed"] == {"revoked": True}
        assert (await http.get(second)).status_code == 404
        again = await graphql(http, REVOKE, account=account)
        assert again["data"]["revokeCalendarFeed"] == {"revoked": False}


def fit_messages(content: bytes) -> dict[str, list[fitdecode.FitDataMessage]]:
    found: dict[str, list[fitdecode.FitDataMessage]] = {}
    with fitdecode.FitReader(io.BytesIO(content), check_crc=fitdecode.CrcCheck.ENABLED) as fit:
        for frame in fit:
            if isinstance(frame, fitdecode.FitDataMessage):
                found.setdefault(frame.name, []).append(frame)
    return found


class TestWorkoutFiles:
    async def test_fit_decodes_to_the_sessions_steps_and_targets(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account, weeks_ago=1)
        session = interval_session(await plan_sessions(http, account, plan_id))
        response = await http.get(f"/sessions/{session['id']}/workout.fit", headers=account.headers)
        assert response.status_code == 200
        assert response.headers["content-disposition"].endswith('.fit"')
        messages = fit_messages(response.content)
        assert messages["file_id"][0].get_value("type") == "workout"
        workout = messages["workout"][0]
        assert workout.get_value("sport") == "running"
        assert session["title"][:20] in workout.get_value("wkt_name")
        steps = messages["workout_step"]
        assert workout.get_value("num_valid_steps") == len(steps)
        repeats = [s for s in steps if s.get_value("duration_type") == "repeat_until_steps_cmplt"]
        repeated = [seg for seg in session["segments"] if (seg["repetitions"] or 1) > 1]
        assert [s.get_value("repeat_steps") for s in repeats] == [
            seg["repetitions"] for seg in repeated
        ]
        work = steps[repeats[0].get_value("duration_step")]
        segment = repeated[0]
        if segment["durationMin"]:
            assert work.get_value("duration_time") == pytest.approx(segment["durationMin"] * 60)
        else:
            assert work.get_value("duration_distance") == pytest.approx(segment["distanceM"])
        fast = 1000 / segment["paceRange"]["minSPerKm"]
        slow = 1000 / segment["paceRange"]["maxSPerKm"]
        assert work.get_value("custom_target_speed_high") == pytest.approx(fast, abs=0.001)
        assert work.get_value("custom_target_speed_low") == pytest.approx(slow, abs=0.001)

    async def test_zwo_is_a_zwift_run_workout_with_the_intervals(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account, weeks_ago=1)
        session = interval_session(await plan_sessions(http, account, plan_id))
        response = await http.get(f"/sessions/{session['id']}/workout.zwo", headers=account.headers)
        assert response.status_code == 200
        root = ET.fromstring(response.text)
        assert root.tag == "workout_file"
        assert root.findtext("sportType") == "run"
        intervals = root.findall("workout/IntervalsT")
        repeated = [seg for seg in session["segments"] if (seg["repetitions"] or 1) > 1]
        assert [int(i.get("Repeat", "0")) for i in intervals] == [
            seg["repetitions"] for seg in repeated
        ]
        # Faster than easy: the work blocks run above the recoveries.
        assert all(float(i.get("OnPower", "0")) > float(i.get("OffPower", "0")) for i in intervals)

    async def test_only_the_owner_with_a_token(self, http, make_account):
        owner = await make_account("owner")
        other = await make_account("other")
        plan_id = await runner_in_plan(http, owner, weeks_ago=1)
        session = interval_session(await plan_sessions(http, owner, plan_id))
        path = f"/sessions/{session['id']}/workout.fit"
        assert (await http.get(path)).status_code == 401
        assert (await http.get(path, headers=other.headers)).status_code == 404
        missing = f"/sessions/{'0' * 24}/workout.zwo"
        assert (await http.get(missing, headers=owner.headers)).status_code == 404
