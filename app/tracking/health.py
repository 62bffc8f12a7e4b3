"""Sleep, daily summaries and body measurements: upserted by source, like activities."""

from __future__ import annotations

from bson import ObjectId

from app.models.activity import BodyMeasurementDocument, DailySummaryDocument, SleepDocument
from app.tracking.parsed import ParsedBody, ParsedDaily, ParsedSleep
from app.tracking.store import local_day
from repositories.activities import HistoryRepository
from repositories.base import Document
from repositories.registry import Repositories

HealthRecord = ParsedSleep | ParsedDaily | ParsedBody


def sleep_document(parsed: ParsedSleep, runner_id: ObjectId, timezone: str) -> SleepDocument:
    """The stored night for a parsed one (the day it ends on is its day)."""
    duration = (
        parsed.asleep_s or parsed.in_bed_s or (parsed.end_time - parsed.start_time).total_seconds()
    )
    return SleepDocument(
        **parsed.seed_fields.model_dump(exclude_unset=True),
        runner_id=runner_id,
        source=parsed.source,
        external_id=parsed.external_id or parsed.content_hash,
        start_time=parsed.start_time,
        end_time=parsed.end_time,
        local_date=parsed.local_date or local_day(parsed.end_time, None, timezone),
        duration_s=duration,
        deep_s=parsed.deep_s,
        light_s=parsed.light_s,
        rem_s=parsed.rem_s,
        awake_s=parsed.awake_s,
        efficiency_pct=parsed.efficiency_pct,
        score=parsed.score,
        avg_hrv_ms=parsed.avg_hrv_rmssd_ms,
        resting_hr=parsed.resting_hr,
    )


def daily_document(parsed: ParsedDaily, runner_id: ObjectId) -> DailySummaryDocument:
    """The stored day for a parsed one."""
    return DailySummaryDocument(
        **parsed.seed_fields.model_dump(exclude_unset=True),
        runner_id=runner_id,
        source=parsed.source,
        external_id=parsed.external_id or parsed.content_hash,
        date=parsed.local_date,
        steps=parsed.steps,
        resting_hr=parsed.resting_hr,
        hrv_ms=parsed.hrv_rmssd_ms,
        calories=parsed.calories,
        stress_score=parsed.avg_stress,
    )


def body_document(parsed: ParsedBody, runner_id: ObjectId) -> BodyMeasurementDocument:
    """The stored measurement for a parsed one."""
    return BodyMeasurementDocument(
        **parsed.seed_fields.model_dump(exclude_unset=True),
        runner_id=runner_id,
        source=parsed.source,
        external_id=parsed.external_id or parsed.content_hash,
        measured_at=parsed.time,
        weight_kg=parsed.weight_kg,
        body_fat_pct=parsed.body_fat_pct,
        resting_hr=parsed.resting_hr,
        hrv_ms=parsed.hrv_rmssd_ms,
    )


def _destination(
    repositories: Repositories, runner_id: ObjectId, record: HealthRecord, timezone: str
) -> tuple[HistoryRepository, Document]:
    """The collection a record goes to, and its stored form."""
    if isinstance(record, ParsedSleep):
        return repositories.sleep, sleep_document(record, runner_id, timezone).to_mongo()
    if isinstance(record, ParsedDaily):
        return repositories.daily_summaries, daily_document(record, runner_id).to_mongo()
    return repositories.body_measurements, body_document(record, runner_id).to_mongo()


async def store_health_records(
    repositories: Repositories, runner_id: ObjectId, records: list[HealthRecord], timezone: str
) -> list[Document]:
    """Upsert records on (runner, source, external id), in input order; a replay changes nothing.

    Two round trips per kind of record (a bulk upsert, a read back), whatever the count.
    """
    batches: dict[str, tuple[HistoryRepository, list[int], list[Document]]] = {}
    for index, record in enumerate(records):
        repository, document = _destination(repositories, runner_id, record, timezone)
        _, positions, documents = batches.setdefault(
            repository.collection_name, (repository, [], [])
        )
        positions.append(index)
        documents.append(document)
    stored: list[Document] = [{} for _ in records]
    for repository, positions, documents in batches.values():
        for index, document in zip(positions, await repository.upsert_many(documents), strict=True):
            stored[index] = document
    return stored
