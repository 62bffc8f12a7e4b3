"""A planned day's parts in the assistant-first seed's shapes.

Read from the dicts the domain functions of `app/planning/seed_views.py` return.
"""

from __future__ import annotations

import strawberry


@strawberry.type(
    description="A workout's structure in three parts, in the words `structureDisplay` uses "
    "(the assistant-first seed's `structure`)."
)
class WorkoutStructure:
    warmup: str | None = strawberry.field(
        description="`12 min warm-up`; null for a workout without one."
    )
    main: str | None = strawberry.field(
        description="Every block between warm-up and cool-down, `7 × 1 min 15 s hills`; "
        "`46 min easy` for a steady run."
    )
    cooldown: str | None = strawberry.field(
        description="`12 min cool-down`; null for a workout without one."
    )


@strawberry.type(
    description="What a workout aims at (the assistant-first seed's `targets`): the session's "
    "own duration, distance, pace band, heart-rate zone and effort."
)
class WorkoutTargets:
    duration_minutes: float | None = strawberry.field(
        description="Planned duration in minutes (`durationMin`); null without one."
    )
    distance_km: float | None = strawberry.field(
        description="Planned distance in km (`distanceKm`); null for a day without running."
    )
    pace_range: str | None = strawberry.field(
        description="`4:55–5:05/km` in the runner's unit (`targetPaceDisplay`); null without a "
        "pace."
    )
    hr_zone: int | None = strawberry.field(
        description="Heart-rate zone 1-5 (`targetHeartRateZone`); null without one."
    )
    rpe: int = strawberry.field(
        description="Perceived effort 0-10, as `effortLevel` (the calendar's `7/10`)."
    )
