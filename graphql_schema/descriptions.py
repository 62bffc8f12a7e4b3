"""Descriptions of arguments and enum values, added to the schema after Strawberry builds it.

The domain enums live in `app/models` (no GraphQL there) and most arguments are plain
parameters, so their words are kept here, in one place: by argument name where a name means
the same everywhere, by `Type.field.argument` where it does not. `describe` refuses a key that
names nothing, so this file cannot drift from the schema silently.
"""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema

ARGUMENTS_BY_NAME = {
    "id": "The id, as another field of the API gave it.",
    "planId": "The id of one of the viewer's plans.",
    "sessionId": "The id of one of the viewer's planned sessions.",
    "activityId": "The id of one of the viewer's activities.",
    "executionId": "The id of one of the viewer's executions.",
    "raceId": "The id of one of the viewer's races.",
    "first": "How many items to return (at most the page size limit, 100 by default).",
    "after": "The `endCursor` of the previous page; omitted for the first page.",
    "input": "The values to write.",
}

ARGUMENTS = {
    "Query.plan.id": "The plan's id.",
    "Query.session.id": "The planned session's id.",
    "Query.week.id": "The week's id (`Week.id`, a session's `weekId`).",
    "Query.execution.id": "The execution's id.",
    "Query.race.id": "The race's id.",
    "Query.sessions.from": "First day, inclusive (the runner's calendar).",
    "Query.sessions.to": "Last day, inclusive.",
    "Query.sessions.status": "Only sessions with this status.",
    "Query.sessions.planId": "Another of the viewer's plans; the active plan when omitted.",
    "Query.adaptationLogs.planId": "Only the changes of this plan.",
    "Query.activities.startedFrom": "Only activities that started at or after this instant.",
    "Query.activities.startedBefore": "Only activities that started before this instant.",
    "Query.activities.sources": "Only activities from these sources (values of `Activity.source`).",
    "Query.activities.sports": "Only activities of these sports.",
    "Query.knowledgeEntries.category": "Only entries of this category.",
    "Query.knowledgeEntries.tags": "Only entries carrying every one of these tags.",
    "Query.sleepSessions.from": "Only nights ending on or after this day (the runner's calendar).",
    "Query.sleepSessions.to": "Only nights ending on or before this day.",
    "Query.dailySummaries.from": "First day, inclusive (the runner's calendar).",
    "Query.dailySummaries.to": "Last day, inclusive.",
    "Query.bodyMeasurements.measuredFrom": "Only measurements taken at or after this instant.",
    "Query.bodyMeasurements.measuredBefore": "Only measurements taken before this instant.",
    "Runner.fitness.from": "First day of the chart, inclusive.",
    "Runner.fitness.to": "Last day of the chart, inclusive (at most five years after `from`).",
    "Plan.weeks.from": "First week number, inclusive (1 is the first week).",
    "Plan.weeks.to": "Last week number, inclusive.",
    "Plan.progress.asOf": "The day to measure on; the runner's today when omitted.",
    "Plan.atVersion.version": "A version number of `versions`.",
    "Mutation.updateRunnerProfile.section": "The section of the runner object to replace.",
    "Mutation.updateRunnerProfile.values": "The section's fields (camelCase JSON), checked whole.",
    "Mutation.createRace.input": "The race goal.",
    "Mutation.updateRace.id": "The race's id.",
    "Mutation.updateRace.input": "The race's new values.",
    "Mutation.generatePlan.raceId": "The race the plan prepares for.",
    "Mutation.generatePlan.options": "Start date, runs per week and priorities; defaults apply.",
    "Mutation.generatePlan.idempotencyKey": (
        "A key of the client's choosing: a retry with the same key returns the same plan."
    ),
    "Mutation.activatePlan.planId": "The plan to follow from now on.",
    "Mutation.setPlanStatus.status": "The new status (allowed transitions only).",
    "Mutation.assignPlan.planId": "The plan to assign to the viewer.",
    "Mutation.adaptPlan.preview": "True to see the proposal without writing anything.",
    "Mutation.pausePlan.days": "How many days to pause (1 to 84); the plan moves by whole weeks.",
    "Mutation.pausePlan.from": "First paused day; the runner's today when omitted.",
    "Mutation.setBlackoutDates.dates": "Days the runner cannot train; they become rest days.",
    "Mutation.regeneratePlan.fromDate": "First day to plan again; what is before it is kept.",
    "Mutation.logActivity.input": "The activity as the runner typed it.",
    "Mutation.importActivities.source": "The provider and kind of the payload.",
    "Mutation.importActivities.payload": "The provider's JSON: one object or a list.",
    "Mutation.uploadActivityFile.file": "A GPX, TCX or FIT file (multipart upload).",
    "Mutation.linkActivity.sessionId": "The planned day the activity executes.",
    "Mutation.confirmMatch.sessionId": "One of the activity's suggested sessions.",
    "Mutation.recordFeedback.feedback": "How the session felt; replaces any earlier feedback.",
    "Mutation.skipSession.reason": "Why the day is skipped, in the runner's words.",
    "Mutation.rescheduleSession.date": "The new day, within the session's week.",
    "Mutation.updateActivity.sport": "The corrected sport; a change matches the activity again.",
    "Mutation.updateActivity.name": "The new name; an empty string removes it.",
    "Mutation.updateActivity.notes": "The runner's notes (at most 2,000 characters).",
    "Mutation.updateActivity.userRating": "How the run felt: 1 (awful) to 5 (great).",
    "Mutation.updateActivity.perceivedExertion": "RPE, a whole number from 1 to 10 (CR-10); "
    "stored as the feedback of the activity's execution when it has one.",
    "Subscription.planChanged.planId": "The plan to watch.",
    "Subscription.sessionStatusChanged.planId": "The plan whose sessions to watch.",
}

ENUM_VALUES: dict[str, dict[str, str]] = {
    "SubscriptionStatus": {
        "NONE": "Never subscribed.",
        "TRIALING": "In a free trial.",
        "ACTIVE": "Paid and current.",
        "PAST_DUE": "A payment failed and is being retried.",
        "CANCELED": "Ended.",
    },
    "ProfileSubscriptionStatus": {
        "ACTIVE": "Paid and current: the billing status is active and its period has not ended.",
        "INACTIVE": "Anything else: never subscribed, trialing, past due, canceled or expired.",
    },
    "Sex": {"FEMALE": "Female.", "MALE": "Male.", "OTHER": "Another answer."},
    "Units": {"METRIC": "Kilometres and min/km.", "IMPERIAL": "Miles and min/mile."},
    "Weekday": {
        day: f"{day.capitalize()}."
        for day in ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
    },
    "ExperienceLevel": {
        "BEGINNER": "New to running or to structured training.",
        "INTERMEDIATE": "Trains regularly and has raced.",
        "ADVANCED": "Years of structured training and racing.",
        "ELITE": "Competes at a high level.",
    },
    "RunnerSection": {
        "IDENTITY": "Name, birth date, sex, timezone, units.",
        "PHYSICAL": "Height, weight, heart rates.",
        "RUNNING": "Experience, current volume, baselines.",
        "GOALS": "What the runner trains for.",
        "SCHEDULE": "Available days and preferred long-run day.",
        "HEALTH": "Injuries and conditions.",
        "COACHING": "How the runner wants to be coached.",
        "CONNECTIONS": "Linked devices and sources, and which one wins.",
        "LEGAL": "Consents.",
    },
    "RaceType": {
        "FIVE_K": "5 km.",
        "TEN_K": "10 km.",
        "HALF_MARATHON": "21.0975 km.",
        "MARATHON": "42.195 km.",
        "CUSTOM": "Another distance, given in metres.",
    },
    "RaceStatus": {
        "PLANNING": "No plan yet.",
        "TRAINING": "A plan prepares for it.",
        "COMPLETED": "Raced.",
    },
    "GoalPriority": {
        "FINISH": "Finish comfortably.",
        "TIME": "Reach the goal time.",
        "PERSONAL_BEST": "Run faster than ever before.",
    },
    "PlanStatus": {
        "DRAFT": "Written, not followed yet.",
        "ACTIVE": "Being followed.",
        "PAUSED": "On hold; the schedule moves when it resumes.",
        "COMPLETED": "Finished.",
        "ABANDONED": "Stopped for good.",
    },
    "Phase": {
        "BASE": "Aerobic base: volume, easy running.",
        "BUILD": "More quality work.",
        "PEAK": "The hardest, most race-specific weeks.",
        "TAPER": "Less volume before race day.",
    },
    "SessionType": {
        "REST": "No running.",
        "EASY": "Easy aerobic run.",
        "RECOVERY": "Very easy short run.",
        "LONG": "The week's long run.",
        "TEMPO": "Sustained comfortably hard running.",
        "THRESHOLD": "Running at threshold (T) pace.",
        "INTERVALS": "Repeats at interval (I) pace.",
        "REPETITION": "Short fast repeats at repetition (R) pace.",
        "HILLS": "Repeats uphill.",
        "FARTLEK": "Unstructured changes of pace.",
        "PROGRESSION": "A run that gets faster.",
        "RACE_PACE": "Running at goal race pace.",
        "CROSS_TRAINING": "Another sport for fitness.",
        "STRENGTH": "Strength and conditioning.",
        "RACE": "The race.",
    },
    "SessionStatus": {
        "SCHEDULED": "Still to do.",
        "COMPLETED": "Done as planned.",
        "MODIFIED": "Done, but off target or as another type.",
        "MISSED": "The day passed without a run.",
        "SKIPPED": "Skipped by the runner, with a reason.",
        "REST": "A rest day.",
    },
    "SegmentKind": {
        "WARMUP": "Warm-up.",
        "MAIN": "The main set.",
        "INTERVAL": "Repeats.",
        "RECOVERY": "Recovery between efforts.",
        "COOLDOWN": "Cool-down.",
    },
    "HrZone": {
        "Z1": "50–60 % of heart-rate reserve.",
        "Z2": "60–70 % of heart-rate reserve.",
        "Z3": "70–80 % of heart-rate reserve.",
        "Z4": "80–90 % of heart-rate reserve.",
        "Z5": "90–100 % of heart-rate reserve.",
    },
    "FeasibilityVerdict": {
        "ACHIEVABLE": "Realistic from current fitness and the weeks available.",
        "AMBITIOUS": "Possible if training goes well.",
        "UNLIKELY": "Beyond what the weeks available can be expected to bring.",
    },
    "OnTrackStatus": {
        "AHEAD": "Predicted more than 1 % faster than the goal.",
        "ON_TRACK": "Predicted within −1 % to +2 % of the goal.",
        "AT_RISK": "Predicted 2–5 % slower than the goal.",
        "OFF_TRACK": "Predicted more than 5 % slower than the goal.",
    },
    "RadarAxis": {
        "ENDURANCE": "Aerobic endurance.",
        "SPEED": "Speed.",
        "RECOVERY": "How well the runner recovers.",
        "CONSISTENCY": "How regularly the runner trains.",
        "INJURY_RISK": "Risk of injury.",
        "RACE_READY": "Readiness for the race.",
    },
    "SafeguardAction": {
        "CAP": "Lower the value to the limit.",
        "REDUCE": "Lower the value.",
        "BLOCK": "Refuse the change.",
        "WARN": "Keep it and tell the runner.",
        "CONFIRM": "Ask the runner to confirm.",
    },
    "Sport": {
        "RUN": "Running outdoors.",
        "TRAIL_RUN": "Running on trails.",
        "TREADMILL_RUN": "Running on a treadmill.",
        "WALK": "Walking.",
        "HIKE": "Hiking.",
        "RIDE": "Cycling.",
        "SWIM": "Swimming.",
        "STRENGTH": "Strength training.",
        "OTHER": "Any other sport.",
    },
    "MatchStatus": {
        "PENDING": "Not matched yet.",
        "MATCHED": "The execution of a planned session.",
        "SUGGESTED": "A close call: pick the session with `confirmMatch`.",
        "UNPLANNED": "A run with no planned session.",
        "DUPLICATE": "Another recording of a stored run (`duplicateOf`).",
        "NOT_A_RUN": "Another sport: never matched.",
    },
    "CompletionStatus": {
        "COMPLETED": "Done as planned (duration compliance green).",
        "MODIFIED": "Done, but off target or as another type.",
        "MISSED": "Not done.",
        "SKIPPED": "Skipped by the runner.",
    },
    "ExecutionOrigin": {
        "AUTO_MATCH": "Linked by the matcher.",
        "CONFIRMED_MATCH": "A suggestion the runner confirmed.",
        "MANUAL_LINK": "Linked by the runner.",
        "UNPLANNED": "A run with no planned session.",
        "SKIP": "Recorded by `skipSession`.",
        "MISSED": "Recorded for a day that passed without a run.",
    },
    "ComplianceColor": {
        "GREEN": "Duration within ±20 % of the plan.",
        "YELLOW": "50–79 % or 121–150 % of the planned duration.",
        "RED": "Further off, or missed.",
    },
    "ImportSource": {
        "STRAVA": "Strava API v3 activities.",
        "TERRA_ACTIVITY": "Terra activity payloads.",
        "TERRA_SLEEP": "Terra sleep payloads.",
        "TERRA_DAILY": "Terra daily payloads.",
        "TERRA_BODY": "Terra body payloads.",
    },
}


class StaleDescriptionError(LookupError):
    """A description names an argument or enum value the schema does not have."""


def describe(schema: GraphQLSchema) -> None:
    """Give every argument and enum value its description; refuse keys that name nothing."""
    unused_arguments = set(ARGUMENTS)
    for type_name, graphql_type in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            unused_arguments -= _describe_arguments(type_name, graphql_type)
        if isinstance(graphql_type, GraphQLEnumType) and type_name in ENUM_VALUES:
            _describe_values(type_name, graphql_type)
    stale_enums = set(ENUM_VALUES) - set(schema.type_map)
    if unused_arguments or stale_enums:
        msg = f"descriptions of nothing: {sorted(unused_arguments | stale_enums)}"
        raise StaleDescriptionError(msg)


def _describe_arguments(
    type_name: str, graphql_type: GraphQLObjectType | GraphQLInterfaceType
) -> set[str]:
    """Describe the type's arguments; the `ARGUMENTS` keys it used."""
    used = set()
    for field_name, field in graphql_type.fields.items():
        for argument_name, argument in field.args.items():
            key = f"{type_name}.{field_name}.{argument_name}"
            used.add(key)
            text = ARGUMENTS.get(key) or ARGUMENTS_BY_NAME.get(argument_name)
            if not argument.description and text:
                argument.description = text
    return used


def _describe_values(type_name: str, graphql_type: GraphQLEnumType) -> None:
    words = ENUM_VALUES[type_name]
    stale = set(words) - set(graphql_type.values)
    if stale:
        msg = f"descriptions of values {type_name} does not have: {sorted(stale)}"
        raise StaleDescriptionError(msg)
    for value_name, value in graphql_type.values.items():
        if not value.description and value_name in words:
            value.description = words[value_name]
