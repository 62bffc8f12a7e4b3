"""Strava API v3 activities and manual entries, with the field access the Terra parsers share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.tracking.parsed import (
    ActivitySource,
    ActivityType,
    InvalidFieldError,
    Lap,
    MissingFieldError,
    ParsedActivity,
    ParseError,
    Split,
    canonical_json_hash,
    make_activity,
    speed_and_pace,
    steps_per_minute,
)

# --- Field access -------------------------------------------------------------------------------


def get_path(payload: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or None when any step is missing."""
    value: Any = payload
    for key in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def require_path(payload: Mapping[str, Any], path: str, what: str) -> Any:
    """The value at a dotted path; `MissingFieldError` naming `what` when it is absent."""
    value = get_path(payload, path)
    if value is None:
        raise MissingFieldError(f"the {what} has no '{path}'; it is required", field=path)
    return value


def as_number(value: Any, path: str) -> float | None:
    """A JSON number as float (None stays None); `InvalidFieldError` for anything else."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidFieldError(f"'{path}' is {value!r}; expected a number", field=path)
    return float(value)


def as_time(value: Any, path: str, timezone: str | None = None) -> datetime:
    """An aware datetime from an ISO 8601 string or a datetime; naive ones need `timezone`."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise InvalidFieldError(
                f"'{path}' is {value!r}, not an ISO 8601 date-time", field=path
            ) from exc
    if not isinstance(value, datetime):
        raise InvalidFieldError(f"'{path}' is {value!r}; expected a date-time", field=path)
    moment: datetime = value
    if moment.tzinfo is None:
        if timezone is None:
            raise InvalidFieldError(
                f"'{path}' ({moment.isoformat()}) has no UTC offset; add one or give a timezone",
                field=path,
            )
        moment = moment.replace(tzinfo=as_zone(timezone, "timezone"))
    return moment


def as_zone(name: str, path: str) -> ZoneInfo:
    """The IANA time zone called `name`; `InvalidFieldError` when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidFieldError(
            f"'{path}' is {name!r}, not an IANA time zone such as 'Europe/Paris'", field=path
        ) from exc


def local_day(text: Any) -> str | None:
    """The calendar day written in an ISO date-time string, as the writer's wall clock reads it."""
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None


# --- Strava -------------------------------------------------------------------------------------

_STRAVA_TYPES = {
    "Run": ActivityType.RUN,
    "TrailRun": ActivityType.TRAIL_RUN,
    "VirtualRun": ActivityType.TREADMILL_RUN,
    "Walk": ActivityType.WALK,
    "Hike": ActivityType.HIKE,
    "Swim": ActivityType.SWIM,
    "WeightTraining": ActivityType.STRENGTH,
    **dict.fromkeys(
        (
            "Ride",
            "MountainBikeRide",
            "GravelRide",
            "EBikeRide",
            "EMountainBikeRide",
            "VirtualRide",
            "Velomobile",
            "Handcycle",
        ),
        ActivityType.RIDE,
    ),
}


def strava_timezone(value: Any) -> str | None:
    """The IANA name in Strava's `timezone` field, e.g. "(GMT-08:00) America/Los_Angeles"."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.rsplit(") ", 1)[-1].strip()


def _strava_lap(index: int, lap: Mapping[str, Any]) -> Lap:
    where = f"laps[{index}]"
    distance_m = as_number(lap.get("distance"), f"{where}.distance")
    elapsed_s = as_number(require_path(lap, "elapsed_time", "Strava lap"), f"{where}.elapsed_time")
    moving_s = as_number(lap.get("moving_time"), f"{where}.moving_time")
    return Lap(
        index=index,
        start_time=as_time(require_path(lap, "start_date", "Strava lap"), f"{where}.start_date"),
        elapsed_time_s=elapsed_s or 0.0,
        moving_time_s=moving_s,
        distance_m=distance_m,
        avg_hr=as_number(lap.get("average_heartrate"), f"{where}.average_heartrate"),
        avg_pace_s_per_km=speed_and_pace(distance_m, moving_s or elapsed_s)[1],
    )


def _strava_split(split: Mapping[str, Any]) -> Split:
    where = f"splits_metric[{split.get('split')}]"
    distance_m = as_number(split.get("distance"), f"{where}.distance") or 0.0
    moving_s = as_number(split.get("moving_time"), f"{where}.moving_time") or 0.0
    return Split(
        index=int(require_path(split, "split", "Strava split")),
        distance_m=distance_m,
        elapsed_time_s=as_number(split.get("elapsed_time"), f"{where}.elapsed_time") or 0.0,
        moving_time_s=moving_s,
        avg_pace_s_per_km=speed_and_pace(distance_m, moving_s)[1],
        avg_hr=as_number(split.get("average_heartrate"), f"{where}.average_heartrate"),
        elevation_change_m=as_number(split.get("elevation_difference"), f"{where}.elevation"),
    )


def parse_strava_activity(payload: Mapping[str, Any], *, now: datetime) -> ParsedActivity:
    """An activity from Strava API v3 JSON (DetailedActivity or SummaryActivity)."""
    what = "Strava activity"
    sport = payload.get("sport_type") or payload.get("type")
    activity_type = _STRAVA_TYPES.get(str(sport), ActivityType.OTHER)
    if activity_type is ActivityType.RUN and payload.get("trainer") is True:
        activity_type = ActivityType.TREADMILL_RUN

    def number(key: str) -> float | None:
        return as_number(payload.get(key), key)

    speeds = [number("average_speed"), number("max_speed")]
    return make_activity(
        {
            "source": ActivitySource.STRAVA,
            "external_id": str(require_path(payload, "id", what)),
            "activity_type": activity_type,
            "name": payload.get("name"),
            "start_time": as_time(require_path(payload, "start_date", what), "start_date"),
            "timezone": strava_timezone(payload.get("timezone")),
            "local_date": local_day(payload.get("start_date_local")),
            "elapsed_time_s": as_number(
                require_path(payload, "elapsed_time", what), "elapsed_time"
            ),
            "moving_time_s": number("moving_time"),
            "distance_m": number("distance"),
            "avg_speed_m_s": speeds[0] or None,
            "max_speed_m_s": speeds[1] or None,
            "avg_hr": number("average_heartrate"),
            "max_hr": number("max_heartrate"),
            "avg_cadence_spm": steps_per_minute(number("average_cadence"), activity_type),
            "elevation_gain_m": number("total_elevation_gain"),
            "calories": number("calories"),
            "device_name": payload.get("device_name"),
            "laps": [_strava_lap(i, lap) for i, lap in enumerate(payload.get("laps") or [])],
            "splits": [_strava_split(split) for split in payload.get("splits_metric") or []],
            "content_hash": canonical_json_hash(payload),
            "raw_summary": {
                key: payload.get(key)
                for key in ("sport_type", "type", "trainer", "manual", "workout_type", "upload_id")
                if isinstance(payload.get(key), str | int | float | bool)
            },
        },
        now,
    )


@dataclass(frozen=True, slots=True)
class Rejected:
    """One item of a batch that could not be parsed, and why."""

    index: int
    external_id: str | None
    error: ParseError


@dataclass(frozen=True, slots=True)
class ParsedBatch:
    """The activities of a batch that parsed, and the items that did not."""

    activities: list[ParsedActivity]
    rejected: list[Rejected]


def parse_strava_activities(payloads: Sequence[Any], *, now: datetime) -> ParsedBatch:
    """Every activity of a Strava list response; a bad item is rejected, not the whole list."""
    activities: list[ParsedActivity] = []
    rejected: list[Rejected] = []
    for index, payload in enumerate(payloads):
        if not isinstance(payload, Mapping):
            error = InvalidFieldError(f"item {index} is not a JSON object", field=f"[{index}]")
            rejected.append(Rejected(index, None, error))
            continue
        try:
            activities.append(parse_strava_activity(payload, now=now))
        except ParseError as error:
            external_id = str(payload["id"]) if payload.get("id") is not None else None
            rejected.append(Rejected(index, external_id, error))
    return ParsedBatch(activities, rejected)


# --- Manual entry -------------------------------------------------------------------------------

_MANUAL_NUMBERS = (
    "elapsed_time_s",
    "moving_time_s",
    "distance_m",
    "avg_hr",
    "max_hr",
    "avg_cadence_spm",
    "elevation_gain_m",
    "elevation_loss_m",
    "calories",
)
_MANUAL_TEXTS = ("name", "timezone", "device_name")
_MANUAL_FIELDS = frozenset(
    (*_MANUAL_NUMBERS, *_MANUAL_TEXTS, "activity_type", "start_time", "local_date")
)
_MANUAL_HINTS = {
    "distance_km": "distance_m, in metres",
    "distance": "distance_m, in metres",
    "duration": "elapsed_time_s, in seconds",
    "duration_s": "elapsed_time_s",
    "duration_min": "elapsed_time_s, in seconds",
    "type": "activity_type",
    "date": "start_time",
}


def parse_manual(fields: Mapping[str, Any], *, now: datetime) -> ParsedActivity:
    """An activity a runner typed in; a `start_time` without offset is read in `timezone`."""
    unknown = sorted(set(fields) - _MANUAL_FIELDS)
    if unknown:
        hint = _MANUAL_HINTS.get(unknown[0])
        raise InvalidFieldError(
            f"unknown field '{unknown[0]}'"
            + (f" (did you mean {hint}?)" if hint else "")
            + f"; a manual entry takes {', '.join(sorted(_MANUAL_FIELDS))}",
            field=unknown[0],
        )
    what = "manual entry"
    type_text = require_path(fields, "activity_type", what)
    try:
        activity_type = ActivityType(type_text)
    except ValueError as exc:
        raise InvalidFieldError(
            f"'activity_type' is {type_text!r}; choose one of "
            f"{', '.join(kind.value for kind in ActivityType)}",
            field="activity_type",
        ) from exc
    timezone = fields.get("timezone")
    if timezone is not None:
        as_zone(str(timezone), "timezone")
    local_date = fields.get("local_date")
    if local_date is not None:
        try:
            date.fromisoformat(str(local_date))
        except ValueError as exc:
            raise InvalidFieldError(
                f"'local_date' is {local_date!r}; write it as YYYY-MM-DD", field="local_date"
            ) from exc
    require_path(fields, "elapsed_time_s", what)
    content_hash = canonical_json_hash(dict(fields))
    return make_activity(
        {
            **{key: as_number(fields.get(key), key) for key in _MANUAL_NUMBERS},
            **{key: fields.get(key) for key in _MANUAL_TEXTS},
            "source": ActivitySource.MANUAL,
            "external_id": content_hash,
            "activity_type": activity_type,
            "start_time": as_time(require_path(fields, "start_time", what), "start_time", timezone),
            "local_date": local_date,
            "content_hash": content_hash,
        },
        now,
    )
