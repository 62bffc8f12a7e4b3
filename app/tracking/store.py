"""Storing imported activities: upserts keyed by source, and one canonical copy of each run.

Replaying an import changes nothing: each activity is upserted on `(runnerId, source,
externalId)` with `$setOnInsert`. When two sources describe the same run (starts within a few
minutes), source precedence picks the canonical activity; the other is kept, marked as its
duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bson import ObjectId

from app.models.activity import ActivityDocument, MatchStatus, Sport
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
    parsed: ParsedActivity, runner_id: ObjectId, runner_timezone: str
) -> ActivityDocument:
    """The stored activity for a parsed one (external id: the source's, else the hash)."""
    local = parsed.local_date or local_day(parsed.start_time, parsed.timezone, runner_timezone)
    distance = parsed.distance_m or 0.0
    pace = parsed.avg_pace_s_per_km
    if pace is None and distance > 0:
        pace = (parsed.moving_time_s or parsed.elapsed_time_s) / (distance / 1000)
    return ActivityDocument(
        runner_id=runner_id,
        source=parsed.source,
        external_id=parsed.external_id or parsed.content_hash,
        content_hash=parsed.content_hash,
        sport=Sport(parsed.activity_type.value),
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
        elevation_gain_m=parsed.elevation_gain_m,
        elevation_loss_m=parsed.elevation_loss_m,
        calories=parsed.calories,
        device=parsed.device_name,
        laps=[lap.model_dump() for lap in parsed.laps],
        splits=[split.model_dump() for split in parsed.splits],
        imported_at=utc_now(),
    )


@dataclass(frozen=True, slots=True)
class Stored:
    """The outcome of storing a batch."""

    new: list[Document]
    """Activities inserted now (replays are not here), duplicates included."""
    canonical_new: list[Document]
    """New activities that are the canonical copy of their run: these go on to matching."""
    replayed: int
    demoted: list[Document]
    """Previously stored activities that a new, higher-precedence copy replaced."""


def _dedupe_in_batch(documents: list[Document]) -> list[Document]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for document in documents:
        key = (document["source"], document["externalId"])
        if key not in seen:
            seen.add(key)
            unique.append(document)
    return unique


async def store_activities(
    repositories: Repositories,
    runner_id: ObjectId,
    documents: Sequence[ActivityDocument],
    primary_wearable: str | None,
) -> Stored:
    """Upsert a batch and settle duplicates across sources; a few round trips per batch."""
    candidates = _dedupe_in_batch([document.to_mongo() for document in documents])
    inserted_ids = await repositories.activities.insert_missing(runner_id, candidates)
    new = [document for document in candidates if document["_id"] in inserted_ids]
    if not new:
        return Stored(new=[], canonical_new=[], replayed=len(candidates), demoted=[])
    earliest = min(document["startTime"] for document in new) - SAME_RUN_WINDOW
    latest = max(document["startTime"] for document in new) + SAME_RUN_WINDOW
    nearby = await repositories.activities.started_between(runner_id, earliest, latest)
    duplicate_of, demoted = _settle_duplicates(nearby, inserted_ids, primary_wearable)
    if duplicate_of:
        await repositories.activities.mark_duplicates(runner_id, duplicate_of)
    canonical_new = [document for document in new if document["_id"] not in duplicate_of]
    for document in new:
        if document["_id"] in duplicate_of:
            document["duplicateOf"] = duplicate_of[document["_id"]]
            document["matchStatus"] = MatchStatus.DUPLICATE.value
    demoted_docs = [document for document in nearby if document["_id"] in demoted]
    return Stored(new, canonical_new, len(candidates) - len(new), demoted_docs)


def _settle_duplicates(
    nearby: list[Document], inserted_ids: set[ObjectId], primary_wearable: str | None
) -> tuple[dict[ObjectId, ObjectId], set[ObjectId]]:
    """Group activities of one run; within each, all but the best source are duplicates.

    Returns {duplicate id: canonical id} for every activity whose status must change, and the
    ids of older activities that lost their canonical place to a new one.
    """
    ordered = sorted(nearby, key=lambda document: document["startTime"])
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
        if len(group) < 2 or not any(d["_id"] in inserted_ids for d in group):  # noqa: PLR2004
            continue
        best = min(
            group,
            key=lambda d: (precedence(d["source"], primary_wearable), d["_id"] not in inserted_ids),
        )
        for document in group:
            if document is best:
                continue
            if document.get("duplicateOf") != best["_id"]:
                duplicate_of[document["_id"]] = best["_id"]
            if document["_id"] not in inserted_ids and document.get("duplicateOf") is None:
                demoted.add(document["_id"])
    return duplicate_of, demoted
