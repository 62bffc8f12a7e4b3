"""The domain's enums, registered once with Strawberry (GraphQL names are UPPER_CASE)."""

from __future__ import annotations

import strawberry

from app.models import (
    activity,
    common,
    execution,
    knowledge,
    personalization,
    plan,
    race,
    runner,
    session,
    user,
)
from app.tracking.imports import PayloadSource

for enum_class in (
    common.Sex,
    common.ExperienceLevel,
    common.Weekday,
    common.RaceType,
    user.SubscriptionStatus,
    personalization.ProfileSubscriptionStatus,
    runner.Units,
    runner.RunnerSection,
    race.RaceStatus,
    race.GoalPriority,
    plan.PlanStatus,
    plan.Phase,
    plan.FeasibilityVerdict,
    plan.RadarAxis,
    session.SessionType,
    session.SessionStatus,
    session.HrZone,
    session.SegmentKind,
    execution.CompletionStatus,
    execution.ExecutionOrigin,
    execution.ComplianceColor,
    activity.Sport,
    activity.MatchStatus,
    knowledge.SafeguardAction,
):
    strawberry.enum(enum_class)

strawberry.enum(PayloadSource, name="ImportSource")
