"""Terra payloads (its unified schema for every provider): activity, sleep, daily and body."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.tracking.parsed import (
    ActivitySource,
    ActivityType,
    InvalidFieldError,
    Lap,
    NoDataError,
    ParsedActivity,
    ParsedBody,
    ParsedDaily,
    ParsedSleep,
    build,
    canonical_json_hash,
    make_activity,
    speed_and_pace,
    steps_per_minute,
    validate_body,
    validate_daily,
    validate_sleep,
)
from app.tracking.parsers_payloads import as_number, as_time, get_path, local_day, require_path
from app.tracking.parsers_terra_fields import (
    activity_fields,
    body_fields,
    daily_fields,
    measurement_type,
    sleep_fields,
)
from app.tracking.parsers_terra_track import terra_samples

_TERRA_TYPES = {
    8: ActivityType.RUN,  # RUNNING
    56: ActivityType.RUN,  # JOGGING
    57: ActivityType.RUN,  # RUNNING_ON_SAND
    58: ActivityType.TREADMILL_RUN,  # TREADMILL_RUNNING
    88: ActivityType.TREADMILL_RUN,  # TREADMILL
    7: ActivityType.WALK,  # WALKING
    93: ActivityType.WALK,  # WALKING_FITNESS
    94: ActivityType.WALK,  # NORDIC_WALKING
    95: ActivityType.WALK,  # WALKING_TREADMILL
    116: ActivityType.WALK,  # WALKING_STROLLER
    35: ActivityType.HIKE,  # HIKING
    **dict.fromkeys((1, 14, 15, 16, 17, 18, 19), ActivityType.RIDE),  # BIKING and its kinds
    **dict.fromkeys((82, 83, 84), ActivityType.SWIM),  # SWIMMING, POOL, OPEN_WATER
    **dict.fromkeys((41, 80, 97, 113), ActivityType.STRENGTH),  # KETTLEBELL, STRENGTH, ...
}
"""Terra's `metadata.type` codes (its ActivityType enum) for the sports Cadence tells apart."""


def _terra_laps(payload: Mapping[str, Any], activity_end: datetime) -> list[Lap]:
    samples = [lap for lap in get_path(payload, "lap_data.laps") or [] if isinstance(lap, Mapping)]
    starts = [
        as_time(require_path(lap, "start_time", "Terra lap"), "lap.start_time") for lap in samples
    ]
    laps = []
    for index, (lap, start) in enumerate(zip(samples, starts, strict=True)):
        following = starts[index + 1] if index + 1 < len(starts) else activity_end
        end = as_time(lap["end_time"], "lap.end_time") if lap.get("end_time") else following
        elapsed_s = (end - start).total_seconds()
        distance_m = as_number(lap.get("distance_meters"), f"lap_data.laps[{index}].distance")
        laps.append(
            Lap(
                index=index,
                start_time=start,
                elapsed_time_s=elapsed_s,
                distance_m=distance_m,
                avg_hr=as_number(lap.get("avg_hr_bpm"), f"lap_data.laps[{index}].avg_hr_bpm"),
                avg_pace_s_per_km=speed_and_pace(distance_m, elapsed_s)[1],
            )
        )
    return laps


def parse_terra_activity(payload: Mapping[str, Any], *, now: datetime) -> ParsedActivity:
    """An activity from one item of Terra's activity webhook or API `data` list."""
    what = "Terra activity"
    start_text = require_path(payload, "metadata.start_time", what)
    start = as_time(start_text, "metadata.start_time")
    end = as_time(require_path(payload, "metadata.end_time", what), "metadata.end_time")
    type_code = get_path(payload, "metadata.type")
    upload_type = get_path(payload, "metadata.upload_type")
    activity_type = _TERRA_TYPES.get(type_code, ActivityType.OTHER)

    def number(path: str) -> float | None:
        return as_number(get_path(payload, path), path)

    content_hash = canonical_json_hash(payload)
    return make_activity(
        {
            "source": ActivitySource.TERRA,
            "external_id": get_path(payload, "metadata.summary_id") or content_hash,
            "activity_type": activity_type,
            "name": get_path(payload, "metadata.name"),
            "start_time": start,
            "local_date": local_day(start_text),
            "elapsed_time_s": (end - start).total_seconds(),
            "moving_time_s": number("active_durations_data.activity_seconds"),
            "distance_m": number("distance_data.summary.distance_meters"),
            "avg_speed_m_s": number("movement_data.avg_speed_meters_per_second"),
            "max_speed_m_s": number("movement_data.max_speed_meters_per_second"),
            "avg_hr": number("heart_rate_data.summary.avg_hr_bpm"),
            "max_hr": number("heart_rate_data.summary.max_hr_bpm"),
            "avg_cadence_spm": steps_per_minute(
                number("movement_data.avg_cadence_rpm"), activity_type
            ),
            "elevation_gain_m": number("distance_data.summary.elevation.gain_actual_meters"),
            "elevation_loss_m": number("distance_data.summary.elevation.loss_actual_meters"),
            "calories": number("calories_data.total_burned_calories"),
            "device_name": get_path(payload, "device_data.name"),
            "laps": _terra_laps(payload, end),
            "samples": terra_samples(payload, activity_type),
            "content_hash": content_hash,
            "raw_summary": {
                "type": type_code if isinstance(type_code, int) else None,
                "upload_type": upload_type if isinstance(upload_type, int | str) else None,
            },
            "seed_fields": activity_fields(payload),
        },
        now,
    )


def _as_percentage(value: float | None) -> float | None:
    """Sleep efficiency in percent: some Terra providers send a fraction (0-1), others a percent."""
    return value * 100 if value is not None and value <= 1 else value


def parse_terra_sleep(payload: Mapping[str, Any], *, now: datetime) -> ParsedSleep:
    """A sleep session from one item of Terra's sleep payload."""
    what = "Terra sleep"
    end_text = require_path(payload, "metadata.end_time", what)
    efficiency = as_number(
        get_path(payload, "sleep_durations_data.sleep_efficiency"), "sleep_efficiency"
    )
    content_hash = canonical_json_hash(payload)

    def seconds(path: str) -> float | None:
        return as_number(get_path(payload, f"sleep_durations_data.{path}"), path)

    sleep = build(
        ParsedSleep,
        {
            "source": ActivitySource.TERRA,
            "external_id": get_path(payload, "metadata.summary_id") or content_hash,
            "start_time": as_time(require_path(payload, "metadata.start_time", what), "start_time"),
            "end_time": as_time(end_text, "metadata.end_time"),
            "local_date": local_day(end_text),
            "asleep_s": seconds("asleep.duration_asleep_state_seconds"),
            "in_bed_s": seconds("other.duration_in_bed_seconds"),
            "light_s": seconds("asleep.duration_light_sleep_state_seconds"),
            "deep_s": seconds("asleep.duration_deep_sleep_state_seconds"),
            "rem_s": seconds("asleep.duration_REM_sleep_state_seconds"),
            "awake_s": seconds("awake.duration_awake_state_seconds"),
            "efficiency_pct": _as_percentage(efficiency),
            "score": as_number(get_path(payload, "data_enrichment.sleep_score"), "sleep_score"),
            "avg_hrv_rmssd_ms": as_number(
                get_path(payload, "heart_rate_data.summary.avg_hrv_rmssd"), "avg_hrv_rmssd"
            ),
            "resting_hr": as_number(
                get_path(payload, "heart_rate_data.summary.resting_hr_bpm"), "resting_hr_bpm"
            ),
            "content_hash": content_hash,
            "seed_fields": sleep_fields(payload),
        },
    )
    return validate_sleep(sleep, now)


def parse_terra_daily(payload: Mapping[str, Any]) -> ParsedDaily:
    """One day's totals from one item of Terra's daily payload."""
    day = local_day(require_path(payload, "metadata.start_time", "Terra daily summary"))
    if day is None:
        raise InvalidFieldError(
            "'metadata.start_time' is not an ISO 8601 date-time", field="metadata.start_time"
        )
    steps = as_number(get_path(payload, "distance_data.steps"), "distance_data.steps")
    daily = build(
        ParsedDaily,
        {
            "source": ActivitySource.TERRA,
            "external_id": day,
            "local_date": day,
            "steps": round(steps) if steps is not None else None,
            "resting_hr": as_number(
                get_path(payload, "heart_rate_data.summary.resting_hr_bpm"), "resting_hr_bpm"
            ),
            "hrv_rmssd_ms": as_number(
                get_path(payload, "heart_rate_data.summary.avg_hrv_rmssd"), "avg_hrv_rmssd"
            ),
            "calories": as_number(
                get_path(payload, "calories_data.total_burned_calories"), "total_burned_calories"
            ),
            "avg_stress": as_number(
                get_path(payload, "stress_data.avg_stress_level"), "avg_stress"
            ),
            "content_hash": canonical_json_hash(payload),
            "seed_fields": daily_fields(payload),
        },
    )
    return validate_daily(daily)


_COMPOSITION = (
    "weight_kg",
    "bodyfat_percentage",
    "muscle_mass_kg",
    "muscle_mass_g",
    "bone_mass_kg",
    "bone_mass_g",
    "water_percentage",
    "BMI",
)
"""The keys of a Terra measurement that make it a weighing or a body-composition reading."""


def parse_terra_body(payload: Mapping[str, Any], *, now: datetime) -> ParsedBody:
    """The latest body measurement in one item of Terra's body payload.

    Weight and composition come from the latest measurement holding any; blood pressure,
    glucose and temperatures from the latest sample of their own series.
    """
    measurements = [
        item
        for item in get_path(payload, "measurements_data.measurements") or []
        if isinstance(item, Mapping)
        and item.get("measurement_time")
        and any(item.get(key) is not None for key in _COMPOSITION)
    ]
    latest = max(
        measurements, key=lambda item: as_time(item["measurement_time"], "time"), default={}
    )
    summary = "heart_data.heart_rate_data.summary"
    values = {
        "weight_kg": as_number(latest.get("weight_kg"), "weight_kg"),
        "body_fat_pct": as_number(latest.get("bodyfat_percentage"), "bodyfat_percentage"),
        "resting_hr": as_number(get_path(payload, f"{summary}.resting_hr_bpm"), "resting_hr_bpm"),
        "hrv_rmssd_ms": as_number(get_path(payload, f"{summary}.avg_hrv_rmssd"), "avg_hrv_rmssd"),
    }
    more = body_fields(payload, latest)
    if all(value is None for value in values.values()) and not more:
        raise NoDataError(
            "the Terra body payload holds no weight, body fat or other composition, resting heart "
            "rate, HRV, blood pressure, glucose, temperature or water intake",
            field="measurements_data",
        )
    kind = measurement_type(values["weight_kg"] is not None, more)
    time_text = latest.get("measurement_time") or require_path(
        payload, "metadata.end_time", "Terra body"
    )
    time = as_time(time_text, "measurement_time")
    body = build(
        ParsedBody,
        {
            "source": ActivitySource.TERRA,
            "external_id": time.isoformat(),
            "time": time,
            **values,
            "content_hash": canonical_json_hash(payload),
            "seed_fields": more | ({"measurement_type": kind} if kind else {}),
        },
    )
    return validate_body(body, now)
