"""Activity ↔ planned-session matching on a realistic week, batch imports and missed days.

The week (Monday 3 March 2025 to Sunday 9 March): rest Monday, easy 8 km Tuesday, intervals
10 km Wednesday, easy 8 km Thursday, rest Friday, easy 6 km Saturday, long run 18 km Sunday.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st

from app.models.activity import RUNNING_SPORTS, ActivityDocument, MatchStatus, Sport
from app.models.session import (
    CalendarDisplay,
    PlannedSessionDocument,
    SessionStatus,
    SessionType,
)
from app.tracking.matching import (
    ActivityFacts,
    MatchOutcome,
    SessionCandidate,
    assign_batch,
    match_activity,
    missed_sessions,
)

MONDAY = date(2025, 3, 3)
WEEK_PLAN = [
    ("mon-rest", 0, SessionType.REST, 0.0, 0.0),
    ("tue-easy", 1, SessionType.EASY, 8.0, 48.0),
    ("wed-intervals", 2, SessionType.INTERVALS, 10.0, 55.0),
    ("thu-easy", 3, SessionType.EASY, 8.0, 48.0),
    ("fri-rest", 4, SessionType.REST, 0.0, 0.0),
    ("sat-easy", 5, SessionType.EASY, 6.0, 36.0),
    ("sun-long", 6, SessionType.LONG, 18.0, 110.0),
]


def week(**overrides: SessionCandidate) -> list[SessionCandidate]:
    sessions = {
        session_id: SessionCandidate(
            session_id, MONDAY + timedelta(days=day), kind, distance_km, duration_min
        )
        for session_id, day, kind, distance_km, duration_min in WEEK_PLAN
    }
    sessions.update(overrides)
    return list(sessions.values())


def run(
    activity_id: str,
    day: int,
    distance_km: float,
    minutes: float,
    *,
    sport: Sport = Sport.RUN,
    hour: int = 7,
) -> ActivityFacts:
    local_date = MONDAY + timedelta(days=day)
    return ActivityFacts(
        activity_id=activity_id,
        sport=sport,
        local_date=local_date,
        start_time=datetime(local_date.year, local_date.month, local_date.day, hour, tzinfo=UTC),
        distance_m=distance_km * 1000.0,
        elapsed_time_s=minutes * 60.0,
    )


def by_activity(decisions):
    return {decision.activity_id: decision for decision in decisions}


def linked_session(decision):
    assert decision.outcome is MatchOutcome.AUTO_LINK, decision
    assert decision.link is not None
    return decision.link.session_id


class TestRealisticWeek:
    def test_run_on_the_day_links_to_that_days_session(self):
        decision = match_activity(run("tue", 1, 8.1, 47), week())
        assert linked_session(decision) == "tue-easy"
        assert decision.link is not None
        assert decision.link.reason == "same day, distance within 2 %"
        assert decision.link.score >= 0.95

    def test_intervals_on_the_day_link_to_the_intervals(self):
        assert linked_session(match_activity(run("wed", 2, 10.2, 56), week())) == "wed-intervals"

    def test_easy_run_a_day_late_links_to_the_session_it_replaces(self):
        decision = match_activity(run("fri", 4, 8.0, 48), week())
        assert linked_session(decision) == "thu-easy"
        assert decision.reason == "a day late, distance within 1 %"

    def test_long_run_on_saturday_still_counts_as_sundays_long_run(self):
        decision = match_activity(run("sat", 5, 18.3, 110), week())
        assert linked_session(decision) == "sun-long"
        assert decision.reason.startswith("a day early")

    def test_two_runs_on_one_day_link_the_closer_fit_and_leave_the_shakeout_unplanned(self):
        morning_shakeout = run("shakeout", 1, 3.0, 18, hour=6)
        evening_run = run("main", 1, 8.0, 48, hour=18)
        decisions = by_activity(assign_batch([morning_shakeout, evening_run], week()))
        assert linked_session(decisions["main"]) == "tue-easy"
        assert decisions["shakeout"].outcome is MatchOutcome.UNPLANNED
        assert decisions["shakeout"].reason == (
            "the planned sessions nearby are already linked to other runs"
        )

    def test_two_equal_runs_on_one_day_link_the_earlier_one(self):
        decisions = by_activity(
            assign_batch([run("pm", 1, 8.0, 48, hour=18), run("am", 1, 8.0, 48, hour=7)], week())
        )
        assert linked_session(decisions["am"]) == "tue-easy"
        assert decisions["pm"].outcome is MatchOutcome.SUGGEST
        assert decisions["pm"].reason == (
            "the best-fitting session is linked to another run: confirm this one"
        )
        [suggestion] = decisions["pm"].suggestions
        assert suggestion.session_id == "wed-intervals"
        assert suggestion.reason == "a day early, distance 20 % under"

    def test_activity_outside_any_plan_is_unplanned(self):
        decision = match_activity(run("holiday", 30, 10.0, 60), week())
        assert decision.outcome is MatchOutcome.UNPLANNED
        assert decision.outcome.match_status is MatchStatus.UNPLANNED
        assert decision.reason == "no planned run within a day fits this activity"

    def test_bike_ride_is_never_matched_even_when_it_looks_like_the_session(self):
        decision = match_activity(run("ride", 1, 8.0, 48, sport=Sport.RIDE), week())
        assert decision.outcome is MatchOutcome.NOT_A_RUN
        assert decision.outcome.match_status is MatchStatus.NOT_A_RUN
        assert decision.link is None
        assert decision.suggestions == ()

    def test_a_whole_week_imported_at_once(self):
        activities = [
            run("tue-am", 1, 8.1, 47),
            run("tue-pm", 1, 3.0, 18, hour=18),
            run("wed", 2, 10.2, 56),
            run("fri", 4, 8.0, 48),
            run("sat", 5, 18.3, 110),
            run("sun-ride", 6, 40.0, 90, sport=Sport.RIDE),
            run("next-month", 30, 10.0, 60),
        ]
        decisions = assign_batch(activities, week())
        assert [decision.activity_id for decision in decisions] == [
            a.activity_id for a in activities
        ]
        outcomes = {decision.activity_id: decision.outcome for decision in decisions}
        assert outcomes == {
            "tue-am": MatchOutcome.AUTO_LINK,
            "tue-pm": MatchOutcome.UNPLANNED,
            "wed": MatchOutcome.AUTO_LINK,
            "fri": MatchOutcome.AUTO_LINK,
            "sat": MatchOutcome.AUTO_LINK,
            "sun-ride": MatchOutcome.NOT_A_RUN,
            "next-month": MatchOutcome.UNPLANNED,
        }
        links = {d.activity_id: d.link.session_id for d in decisions if d.link is not None}
        assert links == {
            "tue-am": "tue-easy",
            "wed": "wed-intervals",
            "fri": "thu-easy",
            "sat": "sun-long",
        }

    def test_saturdays_easy_run_is_missed_once_the_long_run_moved_onto_its_day(self):
        linked = {"sun-long"}
        after_import = [
            SessionCandidate(
                s.session_id,
                s.scheduled_date,
                s.type,
                s.distance_km,
                s.duration_min,
                linked=s.session_id in linked,
            )
            for s in week()
            if s.scheduled_date >= MONDAY + timedelta(days=5)
        ]
        missed = missed_sessions(after_import, today=MONDAY + timedelta(days=7))
        assert [session.session_id for session in missed] == ["sat-easy"]


class TestCloseCalls:
    def test_run_between_a_skipped_easy_day_and_the_intervals_is_a_suggestion(self):
        decision = match_activity(run("wed", 2, 8.0, 48), week())
        assert decision.outcome is MatchOutcome.SUGGEST
        assert decision.outcome.match_status is MatchStatus.SUGGESTED
        assert decision.reason == (
            "two planned sessions fit almost equally well: confirm which one this was"
        )
        assert decision.link is None
        ranked = [(s.session_id, s.score, s.reason) for s in decision.suggestions]
        assert ranked == [
            ("wed-intervals", 0.87, "same day, distance 20 % under"),
            ("tue-easy", 0.85, "a day late, distance within 1 %"),
            ("thu-easy", 0.85, "a day early, distance within 1 %"),
        ]

    def test_a_run_much_longer_than_the_only_session_nearby_is_only_suggested(self):
        sessions = [
            SessionCandidate("tue-easy", MONDAY + timedelta(days=1), SessionType.EASY, 6, 36)
        ]
        decision = match_activity(run("tue", 1, 10.0, 60), sessions)
        assert decision.outcome is MatchOutcome.SUGGEST
        assert decision.suggestions[0].reason == (
            "same day, distance 67 % over, much longer than the planned easy session"
        )
        assert decision.reason == "no planned session fits closely enough to link without asking"

    def test_a_run_more_than_about_1_75_times_the_only_session_nearby_is_unplanned(self):
        sessions = [
            SessionCandidate("tue-easy", MONDAY + timedelta(days=1), SessionType.EASY, 6, 36)
        ]
        assert match_activity(run("tue", 1, 14.0, 84), sessions).outcome is MatchOutcome.UNPLANNED

    def test_a_suggested_session_can_still_be_taken_by_a_clear_run(self):
        decisions = by_activity(
            assign_batch([run("wed", 2, 8.0, 48), run("tue", 1, 8.0, 48)], week())
        )
        assert linked_session(decisions["tue"]) == "tue-easy"
        assert decisions["wed"].outcome is MatchOutcome.SUGGEST
        assert "tue-easy" not in {s.session_id for s in decisions["wed"].suggestions}


class TestCandidates:
    def test_a_run_on_a_rest_day_with_only_rest_around_is_unplanned(self):
        rest_only = [s for s in week() if s.type is SessionType.REST]
        assert match_activity(run("mon", 0, 8.0, 48), rest_only).outcome is MatchOutcome.UNPLANNED

    def test_sessions_already_linked_are_not_candidates(self):
        tuesday = SessionCandidate(
            "tue-easy", MONDAY + timedelta(days=1), SessionType.EASY, 8.0, 48.0, linked=True
        )
        decision = match_activity(run("tue", 1, 8.0, 48), [tuesday])
        assert decision.outcome is MatchOutcome.UNPLANNED

    def test_skipped_and_completed_sessions_are_not_candidates(self):
        day = MONDAY + timedelta(days=1)
        for status in (SessionStatus.SKIPPED, SessionStatus.COMPLETED, SessionStatus.MODIFIED):
            session = SessionCandidate("tue", day, SessionType.EASY, 8.0, 48.0, status=status)
            assert match_activity(run("tue", 1, 8.0, 48), [session]).outcome is (
                MatchOutcome.UNPLANNED
            )

    def test_a_late_sync_still_claims_a_day_marked_missed_without_an_execution(self):
        session = SessionCandidate(
            "tue", MONDAY + timedelta(days=1), SessionType.EASY, 8.0, 48.0, SessionStatus.MISSED
        )
        assert linked_session(match_activity(run("tue", 1, 8.0, 48), [session])) == "tue"

    def test_treadmill_run_without_distance_matches_on_duration(self):
        treadmill = ActivityFacts(
            "treadmill",
            Sport.TREADMILL_RUN,
            MONDAY + timedelta(days=1),
            datetime(2025, 3, 4, 7, tzinfo=UTC),
            0.0,
            2880.0,
        )
        decision = match_activity(treadmill, week())
        assert linked_session(decision) == "tue-easy"
        assert decision.reason == "same day, duration within 1 %"

    def test_facts_read_from_documents_and_from_stored_dicts(self):
        session = PlannedSessionDocument(
            plan_id=ObjectId(),
            runner_id=ObjectId(),
            week_number=1,
            day_index=1,
            day_of_week="tuesday",
            scheduled_date=MONDAY + timedelta(days=1),
            original_scheduled_date=MONDAY + timedelta(days=1),
            type=SessionType.EASY,
            title="Easy 8 km",
            display=CalendarDisplay(
                title="Easy",
                subtitle="8 km",
                duration_label="48 min",
                distance_label="8 km",
                pace_label="6:00 /km",
                intensity_label="easy",
                color="easy",
                icon="run",
            ),
            duration_min=48,
            distance_km=8,
            effort=3,
            description="Easy running.",
            justification="Aerobic base.",
            physiological_target="Aerobic capacity.",
            placement_rationale="After the rest day.",
        )
        activity = ActivityDocument(
            runner_id=session.runner_id,
            source="garmin",
            external_id="42",
            sport=Sport.RUN,
            start_time=datetime(2025, 3, 4, 6, 30, tzinfo=UTC),
            local_date=MONDAY + timedelta(days=1),
            elapsed_time_s=2950,
            moving_time_s=2880,
            distance_m=8040,
        )
        from_models = match_activity(
            ActivityFacts.from_document(activity), [SessionCandidate.from_document(session)]
        )
        from_storage = match_activity(
            ActivityFacts.from_mongo(activity.to_mongo()),
            [SessionCandidate.from_mongo(session.to_mongo())],
        )
        assert from_models == from_storage
        assert linked_session(from_models) == session.id
        assert from_models.activity_id == activity.id


class TestMissedSessions:
    def test_only_past_open_run_sessions_are_missed(self):
        sessions = week(
            **{
                "tue-easy": SessionCandidate(
                    "tue-easy", MONDAY + timedelta(days=1), SessionType.EASY, 8, 48, linked=True
                ),
                "wed-intervals": SessionCandidate(
                    "wed-intervals",
                    MONDAY + timedelta(days=2),
                    SessionType.INTERVALS,
                    10,
                    55,
                    SessionStatus.SKIPPED,
                ),
            }
        )
        missed = missed_sessions(sessions, today=MONDAY + timedelta(days=5))
        assert [session.session_id for session in missed] == ["thu-easy"]

    def test_nothing_is_missed_on_the_day_itself(self):
        assert missed_sessions(week(), today=MONDAY + timedelta(days=1)) == []


SPORTS = st.sampled_from(list(Sport))
SESSION_TYPES = st.sampled_from(list(SessionType))


@st.composite
def batches(draw):
    session_count = draw(st.integers(0, 25))
    sessions = [
        SessionCandidate(
            f"s{index}",
            MONDAY + timedelta(days=draw(st.integers(0, 13))),
            draw(SESSION_TYPES),
            draw(st.sampled_from([0.0, 5.0, 8.0, 10.0, 18.0])),
            draw(st.sampled_from([0.0, 30.0, 48.0, 60.0, 110.0])),
            draw(st.sampled_from(list(SessionStatus))),
            draw(st.booleans()),
        )
        for index in range(session_count)
    ]
    activity_count = draw(st.integers(0, 25))
    activities = [
        ActivityFacts(
            f"a{index}",
            draw(SPORTS),
            MONDAY + timedelta(days=draw(st.integers(-1, 14))),
            datetime(2025, 3, 1, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 30_000))),
            draw(st.floats(0, 40_000)),
            draw(st.floats(0, 15_000)),
        )
        for index in range(activity_count)
    ]
    return activities, sessions


class TestBatchProperties:
    @settings(max_examples=300, deadline=None)
    @given(batches())
    def test_no_session_or_activity_is_linked_twice(self, batch):
        activities, sessions = batch
        decisions = assign_batch(activities, sessions)
        assert len(decisions) == len(activities)
        linked = [d.link.session_id for d in decisions if d.link is not None]
        assert len(linked) == len(set(linked))
        for decision in decisions:
            assert (decision.outcome is MatchOutcome.AUTO_LINK) == (decision.link is not None)
            assert not {s.session_id for s in decision.suggestions} & set(linked)

    @settings(max_examples=300, deadline=None)
    @given(batches())
    def test_only_runs_link_and_only_to_open_run_sessions_within_a_day(self, batch):
        activities, sessions = batch
        by_id = {session.session_id: session for session in sessions}
        for activity, decision in zip(activities, assign_batch(activities, sessions), strict=True):
            if activity.sport not in RUNNING_SPORTS:
                assert decision.outcome is MatchOutcome.NOT_A_RUN
            for choice in ([decision.link] if decision.link else []) + list(decision.suggestions):
                session = by_id[choice.session_id]
                assert activity.sport in RUNNING_SPORTS
                assert session.matchable
                assert session.type is not SessionType.REST
                assert abs((session.scheduled_date - activity.local_date).days) <= 1
                assert 0.0 <= choice.score <= 1.0

    @settings(max_examples=200, deadline=None)
    @given(batches(), st.randoms(use_true_random=False))
    def test_decisions_do_not_depend_on_input_order(self, batch, rng):
        activities, sessions = batch
        shuffled_activities, shuffled_sessions = list(activities), list(sessions)
        rng.shuffle(shuffled_activities)
        rng.shuffle(shuffled_sessions)
        assert by_activity(assign_batch(activities, sessions)) == by_activity(
            assign_batch(shuffled_activities, shuffled_sessions)
        )


class TestSpeed:
    def test_a_thousand_activities_against_a_thousand_sessions_take_well_under_100_ms(self):
        rng = random.Random(7)
        kinds = [
            SessionType.REST,
            SessionType.EASY,
            SessionType.INTERVALS,
            SessionType.EASY,
            SessionType.REST,
            SessionType.EASY,
            SessionType.LONG,
        ]
        sessions = [
            SessionCandidate(f"s{day}", MONDAY + timedelta(days=day), kinds[day % 7], 8.0, 48.0)
            for day in range(1000)
        ]
        activities = [
            run(f"a{index}", rng.randrange(1000), rng.uniform(3, 25), rng.uniform(20, 150))
            for index in range(1000)
        ]
        timings = []
        for _ in range(5):
            start = time.process_time()
            assign_batch(activities, sessions)
            timings.append(time.process_time() - start)
        assert statistics.median(timings) < 0.100
