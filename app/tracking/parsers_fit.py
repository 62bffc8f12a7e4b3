"""FIT activity files, read with fitdecode: one activity per sport session."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import fitdecode

from app.tracking.parsed import (
    ActivitySource,
    ActivityType,
    CorruptFileError,
    Lap,
    NoDataError,
    ParsedActivity,
    UnsupportedFormatError,
    sha256_hex,
    speed_and_pace,
    steps_per_minute,
)
from app.tracking.parsers_common import (
    FileActivity,
    TrackPoint,
    finish_file_activity,
    refuse_other_format,
    require_content,
)
from app.tracking.parsers_limits import MAX_LAPS, MAX_TRACK_POINTS, FileTooLargeError, too_many

DEGREES_PER_SEMICIRCLE = 180.0 / 2**31
MAX_UTC_OFFSET = timedelta(hours=14)
_RECORD_WINDOW_SLACK = timedelta(seconds=1)
_TREADMILL_SUB_SPORTS = frozenset({"treadmill", "indoor_running", "virtual_activity"})
_SIMPLE_SPORTS = {
    "walking": ActivityType.WALK,
    "hiking": ActivityType.HIKE,
    "cycling": ActivityType.RIDE,
    "e_biking": ActivityType.RIDE,
    "swimming": ActivityType.SWIM,
}

Message = dict[str, Any]


@dataclass
class FitSession:
    """One sport session of a FIT file, with its records, laps and summary fields."""

    index: int
    of_many: bool
    activity_type: ActivityType
    points: list[TrackPoint]
    laps: list[Lap]
    fields: dict[str, Any]
    raw_summary: dict[str, Any]


@dataclass
class _FitContent:
    file_id: Message = field(default_factory=dict)
    sessions: list[Message] = field(default_factory=list)
    laps: list[Message] = field(default_factory=list)
    records: list[Message] = field(default_factory=list)
    activity: Message = field(default_factory=dict)


class _SizedDevFieldReader(fitdecode.FitReader):  # type: ignore[misc]  # untyped library
    """fitdecode's reader, reading every developer field as long as its definition says.

    fitdecode reads a developer field as `size // declared type size` values of the type its
    field description declares, so a field whose size is not a multiple of that (Strava's
    Android app declares a uint16 and writes three bytes) leaves bytes unread, and the next
    byte is taken for a record header ("local message 11 not defined"). The protocol's size is
    what counts: such a field is read as raw bytes, as fitdecode already does for the
    same fault in a regular field.
    """

    def _read_definition_message(self, header_chunk: bytes, record_header: Any) -> Any:
        definition = super()._read_definition_message(header_chunk, record_header)
        for dev_field in definition.dev_field_defs:
            if dev_field.size % dev_field.base_type.size:
                dev_field.base_type = fitdecode.types.BASE_TYPE_BYTE
                dev_field.field = fitdecode.types.DevField(
                    dev_field.dev_data_index,
                    dev_field.field.name,
                    dev_field.def_num,
                    fitdecode.types.BASE_TYPE_BYTE,
                    dev_field.field.units,
                    None,
                )
        return definition


def _check_cap(message: str, count: int) -> None:
    if message == "record" and count > MAX_TRACK_POINTS:
        raise too_many("records", MAX_TRACK_POINTS, "record")
    if message in {"lap", "session"} and count > MAX_LAPS:
        raise too_many(f"{message}s", MAX_LAPS, message)


def _read(data: bytes) -> _FitContent:
    content = _FitContent()
    # CRC mismatches raise (the file was damaged); malformed developer fields, which some
    # Connect IQ apps write, are skipped rather than failing the whole file.
    reader = _SizedDevFieldReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.IGNORE,
    )
    try:
        for frame in reader:
            if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                continue
            values = {item.name: item.value for item in frame.fields if item.value is not None}
            if frame.name == "file_id" and not content.file_id:
                content.file_id = values
            elif frame.name == "activity":
                content.activity = values
            elif frame.name in {"session", "lap", "record"}:
                messages = getattr(content, f"{frame.name}s")
                messages.append(values)
                _check_cap(frame.name, len(messages))
    except FileTooLargeError:
        raise
    except fitdecode.FitEOFError as exc:
        raise CorruptFileError(
            f"the FIT file ends early ({exc}): it was cut off while copying or uploading; copy "
            "it from the device again",
            field="data",
        ) from exc
    except fitdecode.FitCRCError as exc:
        raise CorruptFileError(
            f"the FIT file fails its checksum ({exc}): it was damaged; copy it from the device "
            "again",
            field="data",
        ) from exc
    except Exception as exc:
        raise CorruptFileError(
            f"the FIT file could not be decoded ({type(exc).__name__}: {exc}); copy it from the "
            "device again",
            field="data",
        ) from exc
    finally:
        reader.close()
    return content


def activity_type_of(sport: object, sub_sport: object) -> ActivityType:
    """The activity type of a FIT sport / sub-sport pair."""
    if sport == "running":
        if sub_sport == "trail":
            return ActivityType.TRAIL_RUN
        return (
            ActivityType.TREADMILL_RUN if sub_sport in _TREADMILL_SUB_SPORTS else ActivityType.RUN
        )
    if sport == "fitness_equipment" and sub_sport in _TREADMILL_SUB_SPORTS:
        return ActivityType.TREADMILL_RUN
    if sport == "training" and sub_sport == "strength_training":
        return ActivityType.STRENGTH
    return _SIMPLE_SPORTS.get(str(sport), ActivityType.OTHER)


def _point(record: Message) -> TrackPoint:
    lat, lon = record.get("position_lat"), record.get("position_long")
    if not isinstance(lat, int) or not isinstance(lon, int):
        lat = lon = None
    return TrackPoint(
        time=record["timestamp"],
        lat=lat * DEGREES_PER_SEMICIRCLE if lat is not None else None,
        lon=lon * DEGREES_PER_SEMICIRCLE if lon is not None else None,
        ele_m=record.get("enhanced_altitude", record.get("altitude")),
        hr=record.get("heart_rate"),
        cadence=record.get("cadence"),
        distance_m=record.get("distance"),
        power_w=record.get("power"),
    )


def _session_end(session: Message) -> datetime | None:
    """The later of a session's timestamp and start + elapsed (elapsed can stop short)."""
    ends = [session[key] for key in ("timestamp",) if isinstance(session.get(key), datetime)]
    if isinstance(session.get("total_elapsed_time"), int | float):
        ends.append(session["start_time"] + timedelta(seconds=session["total_elapsed_time"]))
    return max(ends) + _RECORD_WINDOW_SLACK if ends else None


def _in_window(time: datetime, start: datetime, end: datetime | None) -> bool:
    return start <= time and (end is None or time <= end)


def _lap(index: int, message: Message) -> Lap:
    distance_m = message.get("total_distance")
    timer_s = message.get("total_timer_time")
    return Lap(
        index=index,
        start_time=message["start_time"],
        elapsed_time_s=message.get("total_elapsed_time") or timer_s or 0.0,
        moving_time_s=timer_s,
        distance_m=distance_m,
        avg_hr=message.get("avg_heart_rate"),
        avg_pace_s_per_km=speed_and_pace(distance_m, timer_s)[1],
    )


def _session_laps(session: Message, laps: Sequence[Message]) -> list[Message]:
    first, count = session.get("first_lap_index"), session.get("num_laps")
    if isinstance(first, int) and isinstance(count, int) and first + count <= len(laps):
        return list(laps[first : first + count])
    start, end = session["start_time"], _session_end(session)
    return [
        lap for lap in laps if "start_time" in lap and _in_window(lap["start_time"], start, end)
    ]


def _device_name(file_id: Message) -> str | None:
    manufacturer = file_id.get("manufacturer")
    product = file_id.get("product_name") or file_id.get("garmin_product") or file_id.get("product")
    parts = [str(part).replace("_", " ") for part in (manufacturer, product) if part is not None]
    name = " ".join(parts)
    return name[:1].upper() + name[1:] if name else None


def _local_date(activity: Message, start: datetime) -> str | None:
    utc, local = activity.get("timestamp"), activity.get("local_timestamp")
    if not isinstance(utc, datetime) or not isinstance(local, datetime):
        return None
    offset = local.replace(tzinfo=None) - utc.replace(tzinfo=None)
    return (start + offset).date().isoformat() if abs(offset) <= MAX_UTC_OFFSET else None


def _positive(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and value > 0 else None


def _session_fields(
    session: Message, content: _FitContent, activity_type: ActivityType
) -> dict[str, Any]:
    per_leg = session.get("avg_running_cadence", session.get("avg_cadence"))
    if per_leg is not None:
        per_leg += session.get("avg_fractional_cadence") or 0.0
    start = session["start_time"]
    return {
        "start_time": start,
        "elapsed_time_s": session.get("total_elapsed_time"),
        "moving_time_s": session.get("total_timer_time"),
        "distance_m": session.get("total_distance"),
        "avg_speed_m_s": _positive(session.get("enhanced_avg_speed", session.get("avg_speed"))),
        "max_speed_m_s": _positive(session.get("enhanced_max_speed", session.get("max_speed"))),
        "avg_hr": session.get("avg_heart_rate"),
        "max_hr": session.get("max_heart_rate"),
        "avg_cadence_spm": steps_per_minute(per_leg, activity_type),
        "elevation_gain_m": session.get("total_ascent"),
        "elevation_loss_m": session.get("total_descent"),
        "calories": session.get("total_calories"),
        "device_name": _device_name(content.file_id),
        "local_date": _local_date(content.activity, start),
    }


def read_fit_sessions(data: bytes) -> list[FitSession]:
    """The sport sessions of a FIT activity file (transitions left out), each with its records."""
    content = _read(data)
    file_type = content.file_id.get("type")
    if file_type not in {None, "activity"}:
        raise UnsupportedFormatError(
            f"the FIT file is a '{file_type}' file, not a recorded activity; upload the "
            "activity's own file",
            field="file_id.type",
        )
    records = [
        record for record in content.records if isinstance(record.get("timestamp"), datetime)
    ]
    sessions = [
        session for session in content.sessions if isinstance(session.get("start_time"), datetime)
    ]
    if not sessions:
        if len(records) < 2:  # noqa: PLR2004
            raise NoDataError(
                "the FIT file holds no session and fewer than two records: there is no activity "
                "in it (was the recording stopped straight away?)",
                field="record",
            )
        sessions = [{"start_time": records[0]["timestamp"]}]
    sport_sessions = [
        (index, session)
        for index, session in enumerate(sessions)
        if session.get("sport") != "transition"
    ]
    result = []
    for index, session in sport_sessions:
        activity_type = activity_type_of(session.get("sport"), session.get("sub_sport"))
        start, end = session["start_time"], _session_end(session)
        laps = [
            _lap(i, lap)
            for i, lap in enumerate(_session_laps(session, content.laps))
            if "start_time" in lap
        ]
        result.append(
            FitSession(
                index=index,
                of_many=len(sport_sessions) > 1,
                activity_type=activity_type,
                points=[
                    _point(record)
                    for record in records
                    if _in_window(record["timestamp"], start, end)
                ],
                laps=laps,
                fields=_session_fields(session, content, activity_type),
                raw_summary={
                    "format": "fit",
                    "sport": str(session.get("sport")),
                    "sub_sport": str(session.get("sub_sport")),
                    "manufacturer": str(content.file_id.get("manufacturer")),
                    "serial_number": content.file_id.get("serial_number"),
                    "session_index": index,
                    "sessions": len(sport_sessions),
                },
            )
        )
    return result


def parse_fit_sessions(data: bytes, *, now: datetime) -> list[ParsedActivity]:
    """One activity per sport session of a FIT file (a triathlon gives swim, ride and run)."""
    require_content(data, "fit")
    refuse_other_format(data, "fit")
    content_hash = sha256_hex(data)
    return [
        finish_file_activity(
            FileActivity(
                source=ActivitySource.FILE_FIT,
                content_hash=content_hash,
                activity_type=session.activity_type,
                points=session.points,
                laps=session.laps,
                fields={
                    **session.fields,
                    "external_id": f"{content_hash}:{session.index}" if session.of_many else None,
                },
                raw_summary=session.raw_summary,
            ),
            now,
        )
        for session in read_fit_sessions(data)
    ]


def parse_fit(data: bytes, *, now: datetime) -> ParsedActivity:
    """The activity of a single-sport FIT file (use `parse_fit_sessions` for multisport files)."""
    activities = parse_fit_sessions(data, now=now)
    if len(activities) > 1:
        sports = ", ".join(activity.activity_type.value for activity in activities)
        raise UnsupportedFormatError(
            f"the FIT file holds a multisport activity of {len(activities)} parts ({sports}); "
            "import it as a multisport file to get one activity per part",
            field="session",
        )
    return activities[0]
