"""Progress against a plan, worked by hand on small weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bson import ObjectId
from hypothesis import given
from hypothesis import strategies as st

from app.clock import local_today
from app.models.plan import Phase
from app.tracking.progress import plan_progress

PLAN = ObjectId()
OTHER_PLAN = ObjectId()
MONDAY = date(2030, 1, 7)


def week(number: int, target_km: float = 40.0, phase: str = "base") -> dict:
    start = MONDAY + timedelta(weeks=number - 1)
    return {
        "weekNumber": number,
        "startDate": start.isoformat(),
        "endDate": (start + timedelta(days=6)).isoformat(),
        "phase": phase,
        "targetVolumeKm": target_km,
    }


def session(
    number: int,
    day: int,
    kind: str = "easy",
    km: float = 10.0,
    status: str = "scheduled",
    moved_to: int | None = None,
) -> dict:
    original = MONDAY + timedelta(weeks=number - 1, days=day)
    scheduled = original if moved_to is None else original + timedelta(days=moved_to - day)
    return {
        "_id": ObjectId(),
        "weekNumber": number,
        "type": kind,
        "status": "rest" if kind == "rest" else status,
        "distanceKm": 0.0 if kind == "rest" else km,
        "scheduledDate": scheduled.isoformat(),
        "originalScheduledDate": original.isoformat(),
        "executionId": None,
    }


def executed(
    planned: dict, km: float, status: str, adherence: float | None, colour: str | None
) -> dict:
    planned["status"] = status
    planned["executionId"] = ObjectId()
    analysis = (
        None if adherence is None else {"adherenceScore": adherence, "complianceColor": colour}
    )
    return {
        "_id": planned["executionId"],
        "planId": PLAN,
        "sessionId": planned["_id"],
        "date": planned["scheduledDate"],
        "completionStatus": status,
        "actual": {"distanceKm": km},
        "analysis": analysis,
    }


def unplanned(day: date, km: float, plan_id: ObjectId | None = None) -> dict:
    return {
        "_id": ObjectId(),
        "planId": plan_id,
        "sessionId": None,
        "date": day.isoformat(),
        "completionStatus": "completed",
        "actual": {"distanceKm": km},
        "analysis": None,
    }


class TestAWeekAsARunnerLivedIt:
    """Week 1 is over: one run on the day, one moved and done, one missed, one skipped."""

    def setup_method(self) -> None:
        self.on_the_day = session(1, 1, km=8)
        self.moved = session(1, 3, kind="tempo", km=10, moved_to=2)
        self.missed_unswept = session(1, 4, km=6)
        self.missed_swept = session(1, 5, km=6, status="missed")
        self.skipped = session(1, 6, kind="long", km=16)
        self.sessions = [
            session(1, 0, kind="rest"),
            self.on_the_day,
            self.moved,
            self.missed_unswept,
            self.missed_swept,
            self.skipped,
            session(2, 1, km=9),
            session(2, 6, kind="long", km=18),
        ]
        skip = executed(self.skipped, 0.0, "skipped", None, None)
        skip["actual"] = {}
        self.executions = [
            executed(self.on_the_day, 8.2, "completed", 95.0, "green"),
            executed(self.moved, 7.0, "modified", 25.0, "yellow"),
            skip,
            unplanned(MONDAY + timedelta(days=2), 5.0),
        ]
        self.progress = plan_progress(
            [week(2, 44.0, "build"), week(1)],
            self.sessions,
            self.executions,
            PLAN,
            today=MONDAY + timedelta(days=8),
        )

    def test_the_past_week_counts_every_outcome(self):
        first = self.progress.weeks[0]
        assert (first.sessions_planned, first.sessions_due, first.upcoming) == (5, 5, 0)
        assert (first.completed, first.modified, first.missed, first.skipped) == (1, 1, 2, 1)
        assert first.shifted == 1
        assert first.unplanned_runs == 1

    def test_volumes_planned_target_and_actual(self):
        first = self.progress.weeks[0]
        assert first.target_volume_km == 40.0
        assert first.planned_volume_km == 8 + 10 + 6 + 6 + 16
        assert first.planned_volume_to_date_km == first.planned_volume_km
        assert first.actual_volume_km == 8.2 + 7.0 + 5.0

    def test_adherence_counts_missed_and_skipped_as_zero(self):
        first = self.progress.weeks[0]
        assert first.adherence_score == round((95 + 25 + 0 + 0 + 0) / 5, 1)
        assert first.completion_rate_pct == 40.0

    def test_missed_and_skipped_days_are_red(self):
        compliance = self.progress.weeks[0].compliance
        assert (compliance.green, compliance.yellow, compliance.red) == (1, 1, 3)

    def test_the_running_week_has_only_its_past_days_due(self):
        second = self.progress.weeks[1]
        # Tuesday (today) is not missed yet; Sunday is to come.
        assert (second.sessions_planned, second.sessions_due, second.upcoming) == (2, 0, 2)
        assert second.missed == 0
        assert second.actual_volume_km == 0.0
        assert second.planned_volume_km == 27.0
        assert second.adherence_score is None
        assert second.completion_rate_pct is None

    def test_weeks_come_in_order_with_their_dates_and_phase(self):
        first, second = self.progress.weeks
        assert (first.week_number, second.week_number) == (1, 2)
        assert (second.start_date, second.end_date) == (date(2030, 1, 14), date(2030, 1, 20))
        assert second.phase is Phase.BUILD

    def test_totals_add_up_and_score_every_due_session(self):
        totals = self.progress.totals
        assert totals.sessions_planned == 7
        assert totals.target_volume_km == 84.0
        assert totals.planned_volume_km == 73.0
        assert totals.actual_volume_km == 20.2
        assert totals.adherence_score == 24.0
        assert (totals.compliance.green, totals.compliance.red) == (1, 3)
        assert self.progress.as_of == date(2030, 1, 15)


class TestWhatDoesNotCount:
    def test_future_weeks_show_the_plan_and_nothing_done(self):
        progress = plan_progress(
            [week(1)], [session(1, 2), session(1, 6, kind="long")], [], PLAN, MONDAY
        )
        counts = progress.weeks[0]
        assert (counts.sessions_planned, counts.upcoming, counts.sessions_due) == (2, 2, 0)
        assert counts.planned_volume_km == 20.0
        assert counts.planned_volume_to_date_km == 0.0
        assert counts.actual_volume_km == 0.0
        assert progress.totals.adherence_score is None

    def test_a_missed_workout_moved_by_an_adaptation_counts_once_on_its_new_day(self):
        missed = session(1, 1, kind="intervals", km=9.0, status="missed")
        missed["movedTo"] = (MONDAY + timedelta(days=3)).isoformat()
        moved = session(1, 3, kind="intervals", km=9.0)
        moved["originalScheduledDate"] = missed["scheduledDate"]
        counts = plan_progress([week(1)], [missed, moved], [], PLAN, MONDAY + timedelta(days=2))
        first = counts.weeks[0]
        assert (first.sessions_planned, first.missed, first.upcoming) == (1, 0, 1)
        assert first.planned_volume_km == 9.0
        assert first.shifted == 1

    def test_cross_training_and_strength_are_never_missed_runs(self):
        sessions = [
            session(1, 1, kind="cross_training", km=0),
            session(1, 3, kind="strength", km=0),
            session(1, 5, kind="cross_training", km=0, status="missed"),
        ]
        counts = plan_progress([week(1)], sessions, [], PLAN, MONDAY + timedelta(weeks=1))
        first = counts.weeks[0]
        assert first.supplementary_sessions == 3
        assert (first.sessions_planned, first.missed, first.compliance.red) == (0, 0, 0)

    def test_unplanned_runs_of_another_plan_or_outside_the_plan_are_left_out(self):
        executions = [
            unplanned(MONDAY + timedelta(days=1), 5.0, plan_id=OTHER_PLAN),
            unplanned(MONDAY - timedelta(days=1), 5.0),
            unplanned(MONDAY + timedelta(days=6), 4.0, plan_id=PLAN),
        ]
        progress = plan_progress([week(1)], [], executions, PLAN, MONDAY + timedelta(weeks=1))
        counts = progress.weeks[0]
        assert (counts.unplanned_runs, counts.actual_volume_km) == (1, 4.0)

    def test_a_run_done_early_counts_in_its_sessions_week(self):
        monday_run = session(2, 0, km=10)
        execution = executed(monday_run, 10.0, "completed", 100.0, "green")
        execution["date"] = (MONDAY + timedelta(days=6)).isoformat()
        progress = plan_progress(
            [week(1), week(2)], [monday_run], [execution], PLAN, MONDAY + timedelta(days=7)
        )
        first, second = progress.weeks
        assert (first.actual_volume_km, second.actual_volume_km) == (0.0, 10.0)
        assert (second.completed, second.sessions_due, second.upcoming) == (1, 1, 0)

    def test_a_link_whose_session_status_lags_uses_the_execution(self):
        planned = session(1, 1)
        execution = executed(planned, 9.5, "completed", 90.0, "green")
        planned["status"] = "scheduled"
        progress = plan_progress(
            [week(1)], [planned], [execution], PLAN, MONDAY + timedelta(days=3)
        )
        counts = progress.weeks[0]
        assert (counts.completed, counts.missed, counts.adherence_score) == (1, 0, 90.0)


class TestLocalToday:
    def test_the_runners_timezone_decides_the_day(self):
        late_utc = datetime(2030, 1, 7, 23, 30, tzinfo=UTC)
        assert local_today("Europe/Paris", late_utc) == date(2030, 1, 8)
        assert local_today("America/New_York", late_utc) == date(2030, 1, 7)

    def test_an_unknown_timezone_falls_back_to_utc(self):
        late_utc = datetime(2030, 1, 7, 23, 30, tzinfo=UTC)
        assert local_today("Mars/Olympus", late_utc) == date(2030, 1, 7)
        assert local_today(None, late_utc) == date(2030, 1, 7)


statuses = st.sampled_from(["scheduled", "completed", "modified", "missed", "skipped"])


@given(
    st.lists(st.tuples(st.integers(0, 6), statuses, st.floats(0, 100)), max_size=7),
    st.integers(0, 14),
)
def test_outcomes_partition_the_planned_sessions(days, today_offset):
    """Every run session is exactly one of upcoming, completed, modified, missed or skipped."""
    sessions, executions = [], []
    for day, status, score in days:
        planned = session(1, day)
        if status in {"completed", "modified"}:
            executions.append(executed(planned, 5.0, status, score, "green"))
        else:
            planned["status"] = status
        sessions.append(planned)
    counts = plan_progress(
        [week(1)], sessions, executions, PLAN, MONDAY + timedelta(days=today_offset)
    ).totals
    outcomes = counts.completed + counts.modified + counts.missed + counts.skipped
    assert counts.sessions_planned == len(days)
    assert outcomes + counts.upcoming == counts.sessions_planned
    assert outcomes == counts.sessions_due
    if counts.adherence_score is not None:
        assert 0 <= counts.adherence_score <= 100
