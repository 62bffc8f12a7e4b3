"""What every ingest source yields before it is stored, and the rules that data must satisfy."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from app.models.activity import RUNNING_SPORTS, Sample, Sport
from app.models.activity_terra import TerraActivityFields
from app.models.health_terra import TerraBodyFields, TerraDailyFields, TerraSleepFields


class ActivitySource(StrEnum):
    """Where an activity came from."""

    MANUAL = "manual"
    GARMIN = "garmin"
    POLAR = "polar"
    SUUNTO = "suunto"
    COROS = "coros"
    WAHOO = "wahoo"
    APPLE_HEALTH = "apple_health"
    STRAVA = "strava"
    TERRA = "terra"
    FILE_GPX = "file_gpx"
    FILE_TCX = "file_tcx"
    FILE_FIT = "file_fit"
    INFERRED = "inferred"


ActivityType = Sport
"""The sport of an activity: parsers name it as the stored activity does."""
ON_FOOT_TYPES = RUNNING_SPORTS | {ActivityType.WALK, ActivityType.HIKE}


class ParseError(ValueError):
    """An input that cannot become stored data; the message names the field and what to fix."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class EmptyFileError(ParseError):
    """The upload has no bytes."""


class CorruptFileError(ParseError):
    """The bytes are not a readable file of the format they claim (damaged, truncated, not XML)."""


class MislabelledFileError(ParseError):
    """The file's name or the chosen parser says one format, its content another."""


class UnsupportedFormatError(ParseError):
    """A format or content shape Cadence does not import."""


class NoDataError(ParseError):
    """A readable input that holds nothing to import (no track points, no records, no values)."""


class MissingFieldError(ParseError):
    """A payload lacks a field that is required."""


class InvalidFieldError(ParseError):
    """A field has the wrong type or format."""


class ImplausibleValueError(ParseError):
    """A value breaks a physical rule (heart rate, pace, time, distance)."""


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        msg = "must carry a UTC offset"
        raise ValueError(msg)
    return value.astimezone(UTC)


def _is_calendar_day(value: str) -> str:
    date.fromisoformat(value)
    return value


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]
CalendarDay = Annotated[
    str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_is_calendar_day)
]
Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
RawSummary = dict[str, str | int | float | bool | None]


class _Parsed(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


M = TypeVar("M", bound=_Parsed)


class Lap(_Parsed):
    """One lap as the recording device or service split it."""

    index: int = Field(ge=0)
    start_time: UtcDatetime
    elapsed_time_s: float
    moving_time_s: float | None = None
    distance_m: float | None = None
    avg_hr: float | None = None
    avg_pace_s_per_km: float | None = None


class Split(_Parsed):
    """One kilometre of an activity (the last one may be shorter)."""

    index: int = Field(ge=1)
    distance_m: float
    elapsed_time_s: float
    moving_time_s: float
    avg_pace_s_per_km: float | None = None
    avg_hr: float | None = None
    elevation_change_m: float | None = None


class ParsedActivity(_Parsed):
    """An activity as any source yields it, before it is stored."""

    source: ActivitySource
    external_id: str | None
    activity_type: ActivityType
    name: str | None = None
    start_time: UtcDatetime
    timezone: str | None = None
    local_date: CalendarDay | None = None
    elapsed_time_s: float
    moving_time_s: float | None = None
    distance_m: float | None = None
    avg_speed_m_s: float | None = None
    max_speed_m_s: float | None = None
    avg_pace_s_per_km: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None
    elevation_gain_m: float | None = None
    elevation_loss_m: float | None = None
    calories: float | None = None
    device_name: str | None = None
    laps: list[Lap] = Field(default_factory=list)
    splits: list[Split] = Field(default_factory=list)
    samples: list[Sample] = Field(default_factory=list)
    hr_drift_pct: float | None = None
    content_hash: Sha256Hex
    raw_summary: RawSummary = Field(default_factory=dict)
    seed_fields: TerraActivityFields = Field(
        default_factory=TerraActivityFields,
        description="The seed's fields a source sends beyond those above (stored as they are).",
    )


class ParsedSleep(_Parsed):
    """One night (or nap) of sleep; `local_date` is the day the sleeper woke up."""

    source: ActivitySource
    external_id: str | None
    start_time: UtcDatetime
    end_time: UtcDatetime
    local_date: CalendarDay | None = None
    asleep_s: float | None = None
    in_bed_s: float | None = None
    light_s: float | None = None
    deep_s: float | None = None
    rem_s: float | None = None
    awake_s: float | None = None
    efficiency_pct: float | None = None
    score: float | None = None
    avg_hrv_rmssd_ms: float | None = None
    resting_hr: float | None = None
    content_hash: Sha256Hex
    seed_fields: TerraSleepFields = Field(default_factory=TerraSleepFields)


class ParsedDaily(_Parsed):
    """One calendar day's totals."""

    source: ActivitySource
    external_id: str | None
    local_date: CalendarDay
    steps: int | None = None
    resting_hr: float | None = None
    hrv_rmssd_ms: float | None = None
    calories: float | None = None
    avg_stress: float | None = None
    content_hash: Sha256Hex
    seed_fields: TerraDailyFields = Field(default_factory=TerraDailyFields)


class ParsedBody(_Parsed):
    """One body measurement."""

    source: ActivitySource
    external_id: str | None
    time: UtcDatetime
    weight_kg: float | None = None
    body_fat_pct: float | None = None
    resting_hr: float | None = None
    hrv_rmssd_ms: float | None = None
    content_hash: Sha256Hex
    seed_fields: TerraBodyFields = Field(default_factory=TerraBodyFields)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of raw bytes, as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def canonical_json_hash(payload: object) -> str:
    """The SHA-256 of a payload's canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return sha256_hex(text.encode())


def build(model: type[M], fields: Mapping[str, Any]) -> M:
    """Construct a parsed model, turning pydantic's complaint into an `InvalidFieldError`."""
    try:
        return model.model_validate(dict(fields))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or model.__name__
        raise InvalidFieldError(f"{where}: {first['msg']}", field=where) from exc


def local_date_in(timezone: str | None, instant: datetime) -> str | None:
    """The calendar day of `instant` in an IANA time zone, or None when the zone is unknown."""
    if timezone is None:
        return None
    try:
        return instant.astimezone(ZoneInfo(timezone)).date().isoformat()
    except (ZoneInfoNotFoundError, ValueError):
        return None


def speed_and_pace(
    distance_m: float | None, time_s: float | None
) -> tuple[float | None, float | None]:
    """Average speed (m/s) and pace (s/km) over a distance and time, when both are positive."""
    if not distance_m or not time_s or distance_m <= 0 or time_s <= 0:
        return None, None
    return distance_m / time_s, time_s / distance_m * 1000.0


def steps_per_minute(per_leg_rpm: float | None, activity_type: ActivityType) -> float | None:
    """Steps per minute from a per-leg rate (as FIT, TCX, GPX, Strava, Terra record it) on foot."""
    if per_leg_rpm is None or per_leg_rpm <= 0 or activity_type not in ON_FOOT_TYPES:
        return None
    return per_leg_rpm * 2.0


def make_activity(fields: Mapping[str, Any], now: datetime) -> ParsedActivity:
    """Fill derived fields (speed, pace, local date), build a `ParsedActivity` and validate it."""
    values = {key: value for key, value in fields.items() if value is not None}
    speed, pace = speed_and_pace(
        values.get("distance_m"), values.get("moving_time_s") or values.get("elapsed_time_s")
    )
    values.setdefault("avg_speed_m_s", speed)
    values.setdefault("avg_pace_s_per_km", pace)
    if "local_date" not in values and isinstance(values.get("start_time"), datetime):
        values["local_date"] = local_date_in(values.get("timezone"), values["start_time"])
    return validate_activity(build(ParsedActivity, values), now)


def format_pace(pace_s_per_km: float) -> str:
    """A pace as a runner reads it: `4:05 /km`."""
    minutes, seconds = divmod(round(pace_s_per_km), 60)
    return f"{minutes}:{seconds:02d} /km"


# --- Plausibility rules -------------------------------------------------------------------------

MIN_HR_BPM = 20.0
"""Below this no living athlete's heart beats; lower readings are sensor dropouts."""
MAX_HR_BPM = 250.0
"""Above this no human heart beats; higher readings are sensor glitches (255 = FIT's "invalid")."""
EARLIEST_START = datetime(1990, 1, 1, tzinfo=UTC)
"""Nothing was recorded by a GPS watch before this; an earlier time means an unset device clock."""
CLOCK_SKEW_ALLOWANCE = timedelta(minutes=5)
"""How far a device clock may run ahead of ours before an activity counts as "in the future"."""
MIN_DISTANCE_FOR_PACE_CHECK_M = 1500.0
MENS_WORLD_RECORDS_S: tuple[tuple[float, float], ...] = (
    (1500.0, 206.00),  # 3:26.00, El Guerrouj 1998 -> 2:17.3 /km
    (1609.344, 223.13),  # mile 3:43.13, El Guerrouj 1999 -> 2:18.6 /km
    (3000.0, 440.67),  # 7:20.67, Komen 1996 -> 2:26.9 /km
    (5000.0, 755.36),  # 12:35.36, Cheptegei 2020 -> 2:31.1 /km
    (10000.0, 1571.00),  # 26:11.00, Cheptegei 2020 -> 2:37.1 /km
    (21097.5, 3402.0),  # 56:42, Kiplimo 2025 -> 2:41.3 /km
    (42195.0, 7235.0),  # 2:00:35, Kiptum 2023 -> 2:51.5 /km
)
"""Men's world records (distance m, time s). A running activity whose average pace is faster than
the record pace of the longest record distance it covers is impossible: the limit is about
2:20 /km from 1.5 km, and it loosens to 2:51 /km for a marathon. The flat "2:20 /km" rule of thumb
would reject the 1500 m record itself (2:17 /km), hence the table."""


def record_pace_limit_s_per_km(distance_m: float) -> float | None:
    """The fastest humanly possible average pace over `distance_m`, or None below 1.5 km."""
    limit = None
    for record_distance_m, record_time_s in MENS_WORLD_RECORDS_S:
        if distance_m >= record_distance_m:
            limit = record_time_s / record_distance_m * 1000.0
    return limit


def _check_hr(value: float | None, field: str) -> None:
    if value is not None and not MIN_HR_BPM <= value <= MAX_HR_BPM:
        raise ImplausibleValueError(
            f"{field} is {value:g} bpm; a heart rate must lie between {MIN_HR_BPM:g} and "
            f"{MAX_HR_BPM:g} bpm (check the heart-rate sensor or the field's unit)",
            field=field,
        )


def _check_not_negative(value: float | None, field: str, unit: str) -> None:
    if value is not None and value < 0:
        raise ImplausibleValueError(
            f"{field} is {value:g} {unit}; it cannot be negative", field=field
        )


def _check_time(start: datetime, end: datetime, now: datetime, field: str) -> None:
    if start < EARLIEST_START:
        raise ImplausibleValueError(
            f"{field} is {start.isoformat()}, before {EARLIEST_START.year}: the recording "
            "device's clock was probably not set",
            field=field,
        )
    if end > now + CLOCK_SKEW_ALLOWANCE:
        raise ImplausibleValueError(
            f"{field} {start.isoformat()} puts the end at {end.isoformat()}, which is in the "
            f"future (now is {now.isoformat()}); check the device's clock and time zone",
            field=field,
        )


MAX_ELAPSED_S = 10 * 86_400
"""The longest activity: multi-day ultras (the Tor des Géants' cut-off is 150 h) fit."""


def validate_activity(activity: ParsedActivity, now: datetime) -> ParsedActivity:
    """Check an activity against the plausibility rules, raising `ImplausibleValueError`."""
    if activity.elapsed_time_s <= 0:
        raise ImplausibleValueError(
            f"elapsed_time_s is {activity.elapsed_time_s:g} s; an activity must last longer than "
            "0 s",
            field="elapsed_time_s",
        )
    if activity.elapsed_time_s > MAX_ELAPSED_S:
        raise ImplausibleValueError(
            f"elapsed_time_s is {activity.elapsed_time_s:g} s; an activity lasts at most "
            f"{MAX_ELAPSED_S // 86_400} days",
            field="elapsed_time_s",
        )
    end = activity.start_time + timedelta(seconds=activity.elapsed_time_s)
    _check_time(activity.start_time, end, now, "start_time")
    _check_not_negative(activity.moving_time_s, "moving_time_s", "s")
    _check_not_negative(activity.distance_m, "distance_m", "m")
    _check_not_negative(activity.avg_speed_m_s, "avg_speed_m_s", "m/s")
    _check_not_negative(activity.max_speed_m_s, "max_speed_m_s", "m/s")
    _check_hr(activity.avg_hr, "avg_hr")
    _check_hr(activity.max_hr, "max_hr")
    for lap in activity.laps:
        _check_not_negative(lap.distance_m, f"laps[{lap.index}].distance_m", "m")
        _check_hr(lap.avg_hr, f"laps[{lap.index}].avg_hr")
    for split in activity.splits:
        _check_hr(split.avg_hr, f"splits[{split.index}].avg_hr")
    _check_pace(activity)
    return activity


SPEED_LIMITS_M_S: dict[ActivityType, tuple[float, float]] = {
    ActivityType.RUN: (10.5, 12.5),  # 100 m record 10.4 m/s on average, 12.4 m/s at the top
    ActivityType.TRAIL_RUN: (10.5, 12.5),
    ActivityType.TREADMILL_RUN: (10.5, 12.5),
    ActivityType.WALK: (5.0, 12.5),  # race walking 20 km: 4.4 m/s; a stride can be a run
    ActivityType.HIKE: (5.0, 12.5),
    ActivityType.SWIM: (2.5, 3.0),  # 50 m freestyle record: 2.4 m/s
    ActivityType.RIDE: (30.0, 45.0),  # hour record 15 m/s; Alpine descents near 36 m/s
}
"""Per sport, the fastest average and top speed (m/s) a person reaches on their own power."""
OTHER_SPEED_LIMITS_M_S = (35.0, 50.0)
"""Strength, other sports and anything unnamed: beyond this it was a car, a train or a glitch."""


def _check_speed(activity: ParsedActivity) -> None:
    average_limit, top_limit = SPEED_LIMITS_M_S.get(activity.activity_type, OTHER_SPEED_LIMITS_M_S)
    sport = activity.activity_type.value
    if activity.distance_m:
        average = activity.distance_m / activity.elapsed_time_s
        if average > average_limit:
            raise ImplausibleValueError(
                f"distance_m {activity.distance_m:.0f} m in elapsed_time_s "
                f"{activity.elapsed_time_s:.0f} s is {average:.1f} m/s on average, faster than "
                f"anyone goes on their own power in {sport} ({average_limit:g} m/s); check the "
                "distance unit and the activity type",
                field="distance_m",
            )
    if activity.max_speed_m_s is not None and activity.max_speed_m_s > top_limit:
        raise ImplausibleValueError(
            f"max_speed_m_s is {activity.max_speed_m_s:.1f} m/s, faster than anyone goes on "
            f"their own power in {sport} ({top_limit:g} m/s); check the sensor or the unit",
            field="max_speed_m_s",
        )


def _check_pace(activity: ParsedActivity) -> None:
    _check_speed(activity)
    if activity.activity_type not in RUNNING_SPORTS or not activity.distance_m:
        return
    limit = record_pace_limit_s_per_km(activity.distance_m)
    pace = activity.elapsed_time_s / activity.distance_m * 1000.0
    if limit is not None and pace < limit:
        raise ImplausibleValueError(
            f"distance_m {activity.distance_m:.0f} m in elapsed_time_s "
            f"{activity.elapsed_time_s:.0f} s is a pace of {format_pace(pace)}, faster than the "
            f"men's world-record pace for that distance ({format_pace(limit)}); check the "
            "distance unit (miles or km) and the activity type",
            field="distance_m",
        )


def validate_sleep(sleep: ParsedSleep, now: datetime) -> ParsedSleep:
    """Check a sleep record; return it or raise `ImplausibleValueError`."""
    if sleep.end_time <= sleep.start_time:
        raise ImplausibleValueError(
            f"end_time {sleep.end_time.isoformat()} is not after start_time "
            f"{sleep.start_time.isoformat()}",
            field="end_time",
        )
    _check_time(sleep.start_time, sleep.end_time, now, "start_time")
    for field in ("asleep_s", "in_bed_s", "light_s", "deep_s", "rem_s", "awake_s"):
        _check_not_negative(getattr(sleep, field), field, "s")
    _check_hr(sleep.resting_hr, "resting_hr")
    return sleep


def validate_daily(daily: ParsedDaily) -> ParsedDaily:
    """Check a daily summary; return it or raise `ImplausibleValueError`."""
    _check_not_negative(daily.steps, "steps", "steps")
    _check_not_negative(daily.calories, "calories", "kcal")
    _check_hr(daily.resting_hr, "resting_hr")
    return daily


MIN_WEIGHT_KG = 20.0
MAX_WEIGHT_KG = 350.0


def validate_body(body: ParsedBody, now: datetime) -> ParsedBody:
    """Check a body measurement; return it or raise `ImplausibleValueError`."""
    _check_time(body.time, body.time, now, "time")
    if body.weight_kg is not None and not MIN_WEIGHT_KG <= body.weight_kg <= MAX_WEIGHT_KG:
        raise ImplausibleValueError(
            f"weight_kg is {body.weight_kg:g}; an adult runner weighs between {MIN_WEIGHT_KG:g} "
            f"and {MAX_WEIGHT_KG:g} kg (was the scale set to pounds?)",
            field="weight_kg",
        )
    if body.body_fat_pct is not None and not 0 < body.body_fat_pct < 100:  # noqa: PLR2004
        raise ImplausibleValueError(
            f"body_fat_pct is {body.body_fat_pct:g}; a percentage must lie between 0 and 100",
            field="body_fat_pct",
        )
    _check_hr(body.resting_hr, "resting_hr")
    return body
