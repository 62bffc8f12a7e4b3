"""The pure re-planning: adaptation rules, the pause shift and the weeks after a change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.adaptation.edits import is_run, to_easy, to_rest
from app.adaptation.pause import PauseTooLongError, shift_for_pause, shifted_weeks
from app.adaptation.rules import PlanState, evaluate
from app.adaptation.weeks import refresh_weeks
from app.models.common import RACE_DISTANCE_M, RaceType
from tests.unit.planning.strategies import MONDAY, generate, make_request


@pytest.fixture(scope="module")
def plan_and_sessions() -> tuple[dict, list[dict]]:
    generated = generate(make_request())  # 16-week half marathon from MONDAY
    return generated.plan.to_mongo(), [s.to_mongo() for s in generated.sessions]


def state(plan, sessions, today, *, executions=(), readiness=None, done_before=None):
    """Sessions before `done_before` (default today) are marked done."""
    cutoff = (done_before or today).isoformat()
    marked = [
        {**s, "status": "completed"} if is_run(s) and s["scheduledDate"] < cutoff else s
        for s in sessions
    ]
    return PlanState(plan, marked, list(executions), readiness, today=today)


def changed(sessions, outcome) -> dict[str, tuple[dict, dict]]:
    by_id = {str(s["_id"]): s for s in sessions}
    return {k: (by_id[k], v) for k, v in outcome.working.items() if v != by_id[k]}


def coming_week(current, outcome) -> list[tuple[dict, dict]]:
    """(before, after) of each session of the 7 days from the state's today."""
    today = current.today
    return [
        (s, outcome.working[str(s["_id"])])
        for s in current.sessions
        if today <= date.fromisoformat(s["scheduledDate"]) < today + timedelta(days=7)
    ]


class TestRules:
    def test_a_runner_on_plan_gets_no_change(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        today = MONDAY + timedelta(weeks=5)
        outcome = evaluate(state(plan, sessions, today))
        assert outcome.triggers == []
        assert changed(state(plan, sessions, today).sessions, outcome) == {}

    def test_a_missed_week_restarts_from_what_was_run_and_rises_by_the_cap(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        today = MONDAY + timedelta(weeks=5)
        ran = {
            "_id": "e0",
            "date": (today - timedelta(days=3)).isoformat(),
            "actual": {"distanceKm": 6.1},
        }
        current = state(
            plan, sessions, today, executions=[ran], done_before=today - timedelta(days=7)
        )
        outcome = evaluate(current)
        assert outcome.triggers == ["low_adherence"]
        planned_runs = sum(
            1
            for s in current.sessions
            if is_run(s)
            and today - timedelta(days=7) <= date.fromisoformat(s["scheduledDate"])
            and s["scheduledDate"] < today.isoformat()
        )
        start_km = max(6.1, 2.0 * planned_runs)
        cap = plan["loadParameters"]["maxWeeklyIncreasePct"] / 100
        after = sorted(outcome.working.values(), key=lambda s: s["scheduledDate"])
        previous_km = start_km
        for block in range(3):
            first = today + timedelta(days=7 * block)
            days = [
                s
                for s in after
                if first <= date.fromisoformat(s["scheduledDate"]) < first + timedelta(days=7)
                and is_run(s)
            ]
            block_km = sum(s["distanceKm"] for s in days)
            planned_km = sum(
                s["distanceKm"]
                for s in current.sessions
                if first <= date.fromisoformat(s["scheduledDate"]) < first + timedelta(days=7)
                and is_run(s)
            )
            assert block_km <= previous_km * (1 + cap) + 0.05 * len(days), (block, block_km)
            assert block_km < planned_km
            if block == 0:
                assert not [s for s in days if s["isHard"]]
            previous_km = block_km
        assert "6.1 of" in outcome.reasons[0]

    def test_pain_lowers_the_whole_next_week_long_run_included(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        today = MONDAY + timedelta(weeks=5)
        report = {
            "_id": "e2",
            "date": (today - timedelta(days=1)).isoformat(),
            "feedback": {"painReported": True, "painLocation": "left shin", "soreness": 3},
        }
        current = state(plan, sessions, today, executions=[report])
        outcome = evaluate(current)
        assert outcome.triggers == ["pain_reported"]
        window = coming_week(current, outcome)
        assert any(before["type"] == "long" for before, _ in window)
        before_km = sum(b["distanceKm"] for b, _ in window)
        after_km = sum(a["distanceKm"] for _, a in window)
        assert after_km <= 0.5 * before_km
        for before, after in window:
            offset = (date.fromisoformat(before["scheduledDate"]) - today).days
            if offset < 2:
                assert after["distanceKm"] == 0
            assert not after["isHard"]
            if is_run(before):
                assert after["distanceKm"] <= 0.5 * before["distanceKm"] + 0.05
                assert after["durationMin"] <= 40.5
                assert "left shin" in after["justification"]
        # The same report is acted on once; a new report starts the ladder again.
        adapted = sorted(outcome.working.values(), key=lambda s: s["scheduledDate"])
        tomorrow = today + timedelta(days=1)
        assert evaluate(PlanState(plan, adapted, [report], None, today=tomorrow)).triggers == []
        again = {**report, "_id": "e3", "date": tomorrow.isoformat()}
        later = evaluate(PlanState(plan, adapted, [report, again], None, today=tomorrow))
        assert later.triggers == ["pain_reported"]
        restarted = [
            s
            for s in later.working.values()
            if s["scheduledDate"] in {tomorrow.isoformat(), (tomorrow + timedelta(1)).isoformat()}
        ]
        assert all(s["distanceKm"] == 0 for s in restarted)

    def test_high_soreness_takes_the_intensity_out_and_shortens_the_long_run(
        self, plan_and_sessions
    ):
        plan, sessions = plan_and_sessions
        today = MONDAY + timedelta(weeks=5)
        feedback = {
            "_id": "e1",
            "date": (today - timedelta(days=1)).isoformat(),
            "feedback": {"soreness": 8},
        }
        current = state(plan, sessions, today, executions=[feedback])
        outcome = evaluate(current)
        assert outcome.triggers == ["high_soreness"]
        window = coming_week(current, outcome)
        long_runs = [(b, a) for b, a in window if b["type"] == "long"]
        assert long_runs
        for before, after in long_runs:
            assert after["distanceKm"] == pytest.approx(round(before["distanceKm"] * 0.7, 1))
        hard = [(b, a) for b, a in window if b["isHard"]]
        assert hard
        for _, after in hard:
            assert after["type"] == "easy"
            assert after["hrZone"] == "z2"
            assert after["paceRange"] == plan["targetPaces"]["easy"]
            assert "8/10" in after["justification"]
        # Evaluated again, the next day too, the same report changes nothing more.
        for later in (today, today + timedelta(days=1)):
            again = PlanState(
                plan,
                sorted(outcome.working.values(), key=lambda s: s["scheduledDate"]),
                [feedback],
                None,
                today=later,
            )
            assert evaluate(again).triggers == []

    def test_low_adherence_and_poor_readiness_reduce_a_day_once(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        today = MONDAY + timedelta(weeks=5)
        current = state(plan, sessions, today, readiness=20.0, done_before=today - timedelta(7))
        outcome = evaluate(current)
        assert outcome.triggers == ["low_adherence"]  # the later rule finds the days changed
        for before, after in changed(current.sessions, outcome).values():
            assert after["adaptedFor"] == ["low_adherence"]
            assert after["distanceKm"] <= before["distanceKm"]

    def test_poor_readiness_eases_today_and_tomorrow_only(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        today = MONDAY + timedelta(weeks=5)
        current = state(plan, sessions, today, readiness=25.0)
        outcome = evaluate(current)
        assert outcome.triggers == ["poor_readiness"]
        for before, after in changed(current.sessions, outcome).values():
            assert before["scheduledDate"] in {
                today.isoformat(),
                (today + timedelta(1)).isoformat(),
            }
            assert after["distanceKm"] < before["distanceKm"]

    def test_a_readiness_of_40_changes_nothing(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        today = MONDAY + timedelta(weeks=5)
        assert evaluate(state(plan, sessions, today, readiness=40.0)).triggers == []


class TestPause:
    def test_seven_days_shift_one_week_and_take_it_from_the_taper(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        first = MONDAY + timedelta(weeks=6, days=2)  # a Wednesday in week 7
        shift = shift_for_pause(plan, sessions, first, 7)
        assert (shift.weeks_shifted, shift.taper_weeks_dropped, shift.training_weeks_dropped) == (
            1,
            1,
            0,
        )
        old = {s["scheduledDate"]: s for s in sessions}
        new = {**old, **{v["scheduledDate"]: v for v in shift.after.values()}}
        assert all(new[(first + timedelta(d)).isoformat()]["title"] == "Paused" for d in range(7))
        taper_start = date.fromisoformat(plan["weeklyPlan"][14 - 1]["startDate"])
        day = first
        while day < taper_start:  # everything before the taper is one week later, same weekday
            moved = new[(day + timedelta(weeks=1)).isoformat()]
            assert (moved["type"], moved["distanceKm"]) == (
                old[day.isoformat()]["type"],
                old[day.isoformat()]["distanceKm"],
            )
            day += timedelta(days=1)
        # The race week (week 16) is untouched.
        race_week_start = date.fromisoformat(plan["weeklyPlan"][-1]["startDate"])
        for offset in range(7):
            key = (race_week_start + timedelta(offset)).isoformat()
            if key in old:
                assert new[key] == old[key]
        weeks = shifted_weeks(plan["weeklyPlan"], first, shift, MONDAY)
        assert [w["weekNumber"] for w in weeks] == list(range(1, 17))
        assert (
            sum(1 for w in weeks if w["isTaperWeek"])
            == sum(1 for w in plan["weeklyPlan"] if w["isTaperWeek"]) - 1
        )
        assert weeks[7]["focus"] == plan["weeklyPlan"][6]["focus"]

    def test_a_short_pause_rests_its_days_without_shifting(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        first = MONDAY + timedelta(weeks=6)
        shift = shift_for_pause(plan, sessions, first, 3)
        assert shift.weeks_shifted == 0
        assert shift.skipped_days == 3
        assert shift.after
        for session in shift.after.values():
            assert (session["type"], session["title"], session["status"]) == (
                "rest",
                "Paused",
                "rest",
            )
            assert (
                first.isoformat() <= session["scheduledDate"] < (first + timedelta(3)).isoformat()
            )
        assert shifted_weeks(plan["weeklyPlan"], first, shift, MONDAY) == plan["weeklyPlan"]

    def test_a_short_pause_in_the_taper_is_allowed_up_to_the_race_week(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        race_week = date.fromisoformat(plan["weeklyPlan"][-1]["startDate"])
        # Three days ending the day before the race week: fine.
        shift = shift_for_pause(plan, sessions, race_week - timedelta(days=3), 3)
        assert shift.weeks_shifted == 0
        with pytest.raises(PauseTooLongError):
            shift_for_pause(plan, sessions, race_week - timedelta(days=3), 4)

    def test_a_two_week_pause_from_a_monday_labels_its_weeks_paused(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        first = MONDAY + timedelta(weeks=4)  # Monday of week 5
        shift = shift_for_pause(plan, sessions, first, 14)
        weeks = shifted_weeks(plan["weeklyPlan"], first, shift, MONDAY)
        assert [w["focus"] for w in weeks[4:6]] == ["Paused", "Paused"]
        assert weeks[6]["focus"] == plan["weeklyPlan"][4]["focus"]
        assert weeks[3] == plan["weeklyPlan"][3]
        # Moved workouts keep their original date: the calendar shows them as shifted.
        moved = [s for s in shift.after.values() if s["title"] != "Paused" and s["type"] != "rest"]
        assert moved
        assert all(s["originalScheduledDate"] < s["scheduledDate"] for s in moved)

    def test_a_pause_into_the_race_week_is_refused(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        race_week = date.fromisoformat(plan["weeklyPlan"][-1]["startDate"])
        with pytest.raises(PauseTooLongError):
            shift_for_pause(plan, sessions, race_week - timedelta(days=3), 4)


class TestEdits:
    def test_rest_and_easy_keep_the_calendar_strings_in_step(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        hard = next(s for s in sessions if s["isHard"])
        rest = to_rest(hard, "Because.")
        assert (rest["distanceKm"], rest["display"]["color"], rest["status"]) == (
            0.0,
            "rest",
            "rest",
        )
        assert "paceRange" not in rest
        easy = to_easy(hard, plan["targetPaces"]["easy"], "Because.", 0.5)
        assert easy["distanceKm"] == round(hard["distanceKm"] * 0.5, 1)
        assert easy["display"]["paceLabel"].endswith("/km")
        assert hard["type"] != "easy"  # the input is left as it was

    def test_refreshed_weeks_follow_their_sessions(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        week3 = [s for s in sessions if s["weekNumber"] == 3]
        notes_before = list(plan["weeklyPlan"][2]["notes"])
        halved = [
            {**s, "distanceKm": s["distanceKm"] / 2} if s["weekNumber"] == 3 else s
            for s in sessions
        ]
        weeks = refresh_weeks(plan["weeklyPlan"], halved, {3}, "Halved.")
        expected = round(sum(s["distanceKm"] for s in week3 if is_run(s)) / 2, 1)
        assert weeks[2]["targetVolumeKm"] == pytest.approx(expected, abs=0.1)
        assert weeks[2]["notes"][-1] == "Halved."
        assert weeks[3]["volumeChangePct"] > plan["weeklyPlan"][3]["volumeChangePct"]
        assert plan["weeklyPlan"][2]["notes"] == notes_before  # the input is left as it was


def apply(current: PlanState, outcome) -> PlanState:
    """The state after writing an outcome, as the next evaluation would read it."""
    return PlanState(
        current.plan,
        sorted(outcome.working.values(), key=lambda s: s["scheduledDate"]),
        current.executions,
        current.readiness_score,
        today=current.today,
    )


class TestRulesDoNotCompound:
    def test_a_missed_week_reduces_the_coming_days_once(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        today = MONDAY + timedelta(weeks=5)
        first = state(plan, sessions, today, done_before=today - timedelta(days=7))
        once = evaluate(first)
        twice = evaluate(apply(first, once))
        assert changed(apply(first, once).sessions, twice) == {}

    def test_a_missed_key_session_moves_once_to_a_safe_easy_day(self, plan_and_sessions):
        plan, sessions = plan_and_sessions
        key = None
        # Find a week where a key workout is followed by an easy day in the same week.
        for week in range(2, 14):
            days = [s for s in sessions if s["weekNumber"] == week]
            keys = [s for s in days if s["isKeySession"] and s["type"] not in {"long", "race"}]
            if keys and any(
                s["type"] == "easy" and s["scheduledDate"] > keys[0]["scheduledDate"] for s in days
            ):
                key = keys[0]
                break
        assert key is not None
        today = date.fromisoformat(key["scheduledDate"]) + timedelta(days=1)
        marked = [
            {**s, "status": "missed"}
            if s["_id"] == key["_id"]
            else (
                {**s, "status": "completed"}
                if is_run(s) and s["scheduledDate"] < key["scheduledDate"]
                else s
            )
            for s in sessions
        ]
        current = PlanState(plan, marked, [], None, today=today)
        outcome = evaluate(current)
        assert "missed_key_session" in outcome.triggers
        moved = [
            after
            for before, after in changed(marked, outcome).values()
            if after["title"] == key["title"] and before["_id"] != key["_id"]
        ]
        assert len(moved) == 1
        day = date.fromisoformat(moved[0]["scheduledDate"])
        assert moved[0]["weekNumber"] == key["weekNumber"]
        assert day >= today
        hard_days = {
            date.fromisoformat(s["scheduledDate"]) for s in outcome.working.values() if s["isHard"]
        }
        assert day - timedelta(days=1) not in hard_days
        assert day + timedelta(days=1) not in hard_days
        again = evaluate(apply(current, outcome))
        assert "missed_key_session" not in again.triggers


class TestMarathonTaper:
    def test_a_two_week_pause_keeps_a_taper_week_before_the_race_week(self):
        request = make_request(
            race_type=RaceType.MARATHON,
            race_distance_m=RACE_DISTANCE_M[RaceType.MARATHON],
            race_date=MONDAY + timedelta(weeks=20, days=-1),
        )
        generated = generate(request)
        plan = generated.plan.to_mongo()
        sessions = [s.to_mongo() for s in generated.sessions]
        tapering = [w for w in plan["weeklyPlan"] if w["isTaperWeek"] and not w["isRaceWeek"]]
        assert len(tapering) == 2  # a three-week marathon taper, race week included
        first = MONDAY + timedelta(weeks=6)
        shift = shift_for_pause(plan, sessions, first, 14)
        assert (shift.taper_weeks_dropped, shift.training_weeks_dropped) == (1, 1)
        weeks = shifted_weeks(plan["weeklyPlan"], first, shift, MONDAY)
        assert [w["isTaperWeek"] for w in weeks[-3:]] == [False, True, True]
        assert weeks[-1]["isRaceWeek"]
