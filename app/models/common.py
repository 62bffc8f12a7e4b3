"""Building blocks of every document: the base model, ids, calendar days, shared enums."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Self

from bson import ObjectId
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)
from pydantic.alias_generators import to_camel

from app.clock import SYSTEM_CLOCK


def _object_id(value: object) -> ObjectId:
    if isinstance(value, ObjectId):
        return value
    if isinstance(value, str) and ObjectId.is_valid(value):
        return ObjectId(value)
    msg = "must be an id of 24 hexadecimal characters"
    raise ValueError(msg)


def _calendar_day(value: object) -> date:
    if isinstance(value, datetime):
        msg = "must be a calendar day (YYYY-MM-DD), not an instant"
        raise ValueError(msg)  # noqa: TRY004 - pydantic wants ValueError to report it
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else _bad_day()  # noqa: PLR2004
        except ValueError:
            _bad_day()
    return _bad_day()


def _bad_day() -> date:
    msg = "must be a calendar day written YYYY-MM-DD"
    raise ValueError(msg)


def _utc_instant(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


Id = Annotated[
    ObjectId,
    PlainValidator(_object_id),
    PlainSerializer(lambda oid, info: str(oid) if info.mode == "json" else oid),
    WithJsonSchema({"type": "string", "pattern": "^[0-9a-f]{24}$"}),
]
"""A document id: an ObjectId in the database, 24 hexadecimal characters in the API."""

CalendarDay = Annotated[
    date,
    BeforeValidator(_calendar_day),
    PlainSerializer(date.isoformat, return_type=str),
]
"""A calendar day in the runner's timezone, stored as a `YYYY-MM-DD` string."""

Instant = Annotated[datetime, BeforeValidator(_utc_instant)]
"""A moment in time, stored as a BSON date (UTC)."""

Percent = Annotated[float, Field(ge=0, le=100)]
Effort = Annotated[float, Field(ge=0, le=10, description="Perceived effort, 0 (rest) to 10.")]
Rpe = Annotated[int, Field(ge=1, le=10, description="Rate of perceived exertion, 1 to 10.")]
Confidence = Annotated[float, Field(ge=0, le=100, description="Confidence, 0 to 100.")]
HeartRate = Annotated[float, Field(ge=20, le=250, description="Beats per minute.")]


def utc_now() -> datetime:
    """The system clock's instant: the default of the record-keeping stamps (`createdAt`...).

    Decisions that depend on the day or the hour take `now`/`today` from the injected
    `app.clock.Clock` instead.
    """
    return SYSTEM_CLOCK.now()


class Model(BaseModel):
    """Base of every embedded value: camelCase in storage, snake_case in Python."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        use_enum_values=True,
        extra="ignore",
        validate_assignment=False,
        validate_default=True,
    )

    def to_mongo(self) -> dict[str, Any]:
        """The stored form: camelCase keys, ObjectIds, day strings; unset values left out."""
        return self.model_dump(by_alias=True, exclude_none=True)

    @classmethod
    def from_mongo(cls, document: dict[str, Any]) -> Self:
        """Validate a stored document into this model."""
        return cls.model_validate(document)


class DocumentModel(Model):
    """A top-level document with its id (`_id` in storage)."""

    id: Id = Field(default_factory=ObjectId, alias="_id")


class Sex(StrEnum):
    """Sex, as training-science formulas use it (TRIMP weighting)."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class ExperienceLevel(StrEnum):
    """How long and how seriously the runner has trained."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"
    ELITE = "elite"


class Weekday(StrEnum):
    """Days of the week; plans and schedules are laid out Monday first."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


WEEKDAYS: tuple[Weekday, ...] = tuple(Weekday)


class RaceType(StrEnum):
    """Standard race distances, or a custom one."""

    FIVE_K = "5k"
    TEN_K = "10k"
    HALF_MARATHON = "half"
    MARATHON = "marathon"
    CUSTOM = "custom"


RACE_DISTANCE_M: dict[str, float] = {
    RaceType.FIVE_K: 5000.0,
    RaceType.TEN_K: 10000.0,
    RaceType.HALF_MARATHON: 21097.5,
    RaceType.MARATHON: 42195.0,
}


class PaceRange(Model):
    """A pace band in seconds per kilometre (`min` is the faster end)."""

    min_s_per_km: float = Field(gt=0, description="Faster end of the band, s/km.")
    max_s_per_km: float = Field(gt=0, description="Slower end of the band, s/km.")


class HeartRateRange(Model):
    """A heart-rate band in beats per minute."""

    min_bpm: HeartRate
    max_bpm: HeartRate
