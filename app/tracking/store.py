"""Storing imported activities once, and one canonical copy of each run.

There is one document per `(runner, source, external id)`. Replaying an import changes nothing:
an activity's id is derived from that key, so a replay finds it stored and leaves it (the unique
index on the key guards the rest). When two sources describe the same run (starts within a few
minutes), source precedence picks the canonical activity; the other is kept, marked as its
duplicate. A stored recording that already has an execution (linked to a planned day, or counted
as an unplanned run) stays canonical whatever arrives later: the plan has counted that run once,
and a second copy from a better source (Terra after Strava) must not count it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bson import ObjectId

from app.fitness.activity_loads import LoadProfile, load_for
from app.models.activity import ActivityDocument, ActivityLoad
from app.models.common import utc_now
from app.tracking.parsed import ActivitySource, ParsedActivity
from repositories.base import Document
from repositories.registry import Repositories

SAME_RUN_WINDOW = timedelta(minutes=5)
"""Two activities starting this close are the same run recorded twice."""

WEARABLE_SOURCES = frozenset(
    {
        ActivitySource.GARMIN,
        ActivitySource.POLAR,
        ActivitySource.SUUNTO,
        ActivitySource.COROS,
        ActivitySource.WAHOO,
        ActivitySource.TERRA,
        ActivitySource.FILE_FIT,
        ActivitySource.FILE_GPX,
        ActivitySource.FILE_TCX,
    }
)


def precedence(source: str, primary_wearable: str | None) -> int:
    """Rank of a source; lower wins.

    Manual > primary wearable > other devices and files > Strava = Apple Health > inferred.
    """
    if source == ActivitySource.MANUAL:
        return 0
    if primary_wearable is not None and source == primary_wearable:
        return 1
    if source in WEARABLE_SOURCES:
        return 2
    if source in {ActivitySource.STRAVA, ActivitySource.APPLE_HEALTH}:
        return 3
    return 4


def local_day(start: datetime, timezone: str | None, fallback: str) -> date:
    """The calendar day the activity started on, in its own timezone or else the runner's."""
    for name in (timezone, fallback):
        if name:
            try:
                return start.astimezone(ZoneInfo(name)).date()
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return start.date()


def activity_document(
    parsed: ParsedActivity,
    runner_id: ObjectId,
    runner_timezone: str,
    profile: LoadProfile | None = None,
) -> ActivityDocument:
    """The stored activity for a parsed one (external id: the source's, else the hash).

    With the runner's load `profile` it carries its training load (`app.fitness.activity_loads`).
    """
    local = parsed.local_date or local_day(parsed.start_time, parsed.timezone, runner_timezone)
    distance = parsed.distance_m or 0.0
    pace = parsed.avg_pace_s_per_km
    if pace is None and distance > 0:
        pace = (parsed.moving_time_s or parsed.elapsed_time_s) / (distance / 1000)
    sport = parsed.activity_type
    load = None
    if profile is not None:
        computed = load_for(
            profile,
            sport=sport,
            duration_s=parsed.moving_time_s or parsed.elapsed_time_s,
            avg_hr=parsed.avg_hr,
            pace_s_per_km=pace,
        )
        if computed is not None:
            load = ActivityLoad(value=round(computed.value, 2), method=computed.method.value)
    return ActivityDocument(
        **parsed.seed_fields.model_dump(exclude_unset=True),
        runner_id=runner_id,
        source=parsed.source,
        external_id=parsed.external_id or parsed.content_hash,
        content_hash=parsed.content_hash,
        sport=sport,
        name=parsed.name,
        start_time=parsed.start_time,
        timezone=parsed.timezone,
        local_date=local,
        elapsed_time_s=parsed.elapsed_time_s,
        moving_time_s=parsed.moving_time_s,
        distance_m=distance,
        avg_speed_m_s=parsed.avg_speed_m_s,
        max_speed_m_s=parsed.max_speed_m_s,
        avg_pace_s_per_km=round(pace, 1) if pace else None,
        avg_hr=parsed.avg_hr,
        max_hr=parsed.max_hr,
        avg_cadence_spm=parsed.avg_cadence_spm,
        hr_drift_pct=parsed.hr_drift_pct,
        elevation_gain_m=parsed.elevation_gain_m,
        elevation_loss_m=parsed.elevation_loss_m,
        calories=parsed.calories,
        device=parsed.device_name,
        laps=[lap.model_dump() for lap in parsed.laps],
        splits=[split.model_dump() for split in parsed.splits],
        load=load,
        imported_at=utc_now(),
    )


def activity_id(runner_id: ObjectId, source: str, external_id: str) -> ObjectId:
    """The id of an activity, derived from its natural key `(runner, source, external id)`.

    Inserting with this id makes replays collide on the primary key (an atomic, indexed check on
    every MongoDB-compatible server) instead of needing a filtered upsert per activity.
    """
    digest = hashlib.blake2b(
        b"|".join((runner_id.binary, source.encode(), external_id.encode())), digest_size=12
    ).digest()
    return ObjectId(digest)


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch of new activities after duplicate checks, ready to be matched and inserted."""

    new: list[Document]
    """Activities not stored before, in input order (duplicates of a stored run included)."""
    replayed: int
    duplicate_of: dict[ObjectId, ObjectId]
    """New activities that repeat a run recorded by a better source: id → canonical id."""
    demoted: dict[ObjectId, ObjectId]
    """Stored activities a new, better recording replaces: id → new canonical id."""

    @property
    def canonical(self) -> list[Document]:
        """The new activities that are the best recording of their run: these get matched."""
        return [document for document in self.new if document["_id"] not in self.duplicate_of]


async def prepare_batch(
    repositories: Repositories,
    runner_id: ObjectId,
    documents: Sequence[ActivityDocument],
    primary_wearable: str | None,
) -> Batch:
    """Drop replays and settle duplicates across sources; two reads, whatever the batch size."""
    candidates: dict[ObjectId, Document] = {}
    for document in documents:
        stored = document.to_mongo()
        stored["_id"] = activity_id(runner_id, stored["source"], stored["externalId"])
        candidates.setdefault(stored["_id"], stored)
    known = await repositories.activities.existing_ids(runner_id, list(candidates))
    new = [document for key, document in candidates.items() if key not in known]
    if not new:
        return Batch([], len(candidates), {}, {})
    earliest = min(document["startTime"] for document in new) - SAME_RUN_WINDOW
    latest = max(document["startTime"] for document in new) + SAME_RUN_WINDOW
    nearby = await repositories.activities.started_between(runner_id, earliest, latest)
    new_ids = {document["_id"] for document in new}
    duplicate_of, demoted = _settle_duplicates([*nearby, *new], new_ids, primary_wearable)
    return Batch(
        new=new,
        replayed=len(candidates) - len(new),
        duplicate_of={k: v for k, v in duplicate_of.items() if k in new_ids},
        demoted={k: v for k, v in duplicate_of.items() if k in demoted},
    )


def _settle_duplicates(
    activities: list[Document], new_ids: set[ObjectId], primary_wearable: str | None
) -> tuple[dict[ObjectId, ObjectId], set[ObjectId]]:
    """Group activities of one run; within each, all but the best source are duplicates.

    Returns {duplicate id: canonical id} for every activity whose status must change, and the
    ids of stored activities that lost their canonical place to a new one.
    """
    ordered = sorted(activities, key=lambda document: document["startTime"])
    groups: list[list[Document]] = []
    for document in ordered:
        if (
            groups
            and document["startTime"] - groups[-1][-1]["startTime"] <= SAME_RUN_WINDOW
            and document["sport"] == groups[-1][-1]["sport"]
        ):
            groups[-1].append(document)
        else:
            groups.append([document])
    duplicate_of: dict[ObjectId, ObjectId] = {}
    demoted: set[ObjectId] = set()
    for group in groups:
        if len(group) < 2 or not any(d["_id"] in new_ids for d in group):  # noqa: PLR2004
            continue
        best = min(
            group,
            key=lambda d: (
                d.get("executionId") is None,
                precedence(d["source"], primary_wearable),
                d["_id"] in new_ids,
            ),
        )
        for document in group:
            if document is best or document.get("duplicateOf") == best["_id"]:
                continue
            duplicate_of[document["_id"]] = best["_id"]
            if document["_id"] not in new_ids:
                demoted.add(document["_id"])
    return duplicate_of, demoted
