"""Activity files: GPX (gpxpy), TCX (standard-library XML), and picking GPX, TCX or FIT by content.

TCX is read with `xml.etree.ElementTree` rather than a library: python-tcxparser (2.4.0, the only
maintained one) gives whole-file aggregates and per-field lists, not laps with their own totals
next to trackpoints with device distance and run cadence, and it brings lxml and python-dateutil
along. The schema is small and stable (Garmin's TrainingCenterDatabase v2, unchanged since 2007).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from xml.etree import ElementTree as ET

import gpxpy

from app.tracking.parsed import (
    ActivitySource,
    ActivityType,
    CorruptFileError,
    EmptyFileError,
    Lap,
    MislabelledFileError,
    NoDataError,
    ParsedActivity,
    UnsupportedFormatError,
    sha256_hex,
    speed_and_pace,
)
from app.tracking.parsers_common import (
    FORMAT_NAMES,
    FileActivity,
    TrackPoint,
    as_utc,
    describe_content,
    finish_file_activity,
    refuse_other_format,
    require_content,
    sniff_format,
)
from app.tracking.parsers_fit import parse_fit, parse_fit_sessions
from app.tracking.parsers_limits import PointCounter, parse_xml

MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024
"""A gzipped upload may not inflate beyond this (Strava bulk exports gzip each activity file)."""
INFLATE_CHUNK_BYTES = 1024 * 1024
_ENCODING_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")

_SPORT_NAMES: dict[str, ActivityType] = {
    "run": ActivityType.RUN,
    "running": ActivityType.RUN,
    "street_running": ActivityType.RUN,
    "track_running": ActivityType.RUN,
    "trail_run": ActivityType.TRAIL_RUN,
    "trail_running": ActivityType.TRAIL_RUN,
    "treadmill_running": ActivityType.TREADMILL_RUN,
    "walk": ActivityType.WALK,
    "walking": ActivityType.WALK,
    "hike": ActivityType.HIKE,
    "hiking": ActivityType.HIKE,
    "ride": ActivityType.RIDE,
    "biking": ActivityType.RIDE,
    "cycling": ActivityType.RIDE,
    "road_biking": ActivityType.RIDE,
    "mountain_biking": ActivityType.RIDE,
    "swim": ActivityType.SWIM,
    "swimming": ActivityType.SWIM,
    "strength_training": ActivityType.STRENGTH,
    "1": ActivityType.RIDE,  # Strava's GPX exports number their types: 1 ride, 9 run
    "9": ActivityType.RUN,
}


def activity_type_from_name(name: str | None) -> ActivityType:
    """The activity type a free-text sport name (GPX `<type>`, TCX `Sport`) stands for."""
    if not name:
        return ActivityType.OTHER
    key = re.sub(r"[\s-]+", "_", name.strip().lower())
    return _SPORT_NAMES.get(key, ActivityType.OTHER)


# --- XML ----------------------------------------------------------------------------------------


def _parse_xml(data: bytes, fmt: str) -> ET.Element:
    return parse_xml(data, FORMAT_NAMES[fmt])


def _parse_time(text: str | None, where: str) -> datetime | None:
    if text is None or not text.strip():
        return None
    try:
        return as_utc(datetime.fromisoformat(text.strip()))
    except ValueError as exc:
        raise CorruptFileError(
            f"{where} holds {text!r}, not an ISO 8601 time", field=where
        ) from exc


# --- GPX ----------------------------------------------------------------------------------------


def _decode_xml_text(data: bytes, fmt: str) -> str:
    match = _ENCODING_DECLARATION.match(data[:200])
    encoding = match.group(1).decode() if match else "utf-8"
    try:
        return data.decode("utf-8-sig" if encoding.lower() in {"utf-8", "utf8"} else encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise CorruptFileError(
            f"the {FORMAT_NAMES[fmt]} file is not valid {encoding} text ({exc}); export it again",
            field="data",
        ) from exc


def _gpx_extension_values(
    extensions: Sequence[ET.Element],
) -> tuple[float | None, float | None, float | None]:
    hr = cadence = power = None
    for extension in extensions:
        for element in extension.iter():
            name = str(element.tag).rsplit("}", 1)[-1].lower()
            text = (element.text or "").strip()
            try:
                if name in {"hr", "heartrate"} and text:
                    hr = float(text)
                elif name in {"cad", "cadence", "runcadence"} and text:
                    cadence = float(text)
                elif name in {"power", "powerinwatts", "watts"} and text:
                    power = float(text)
            except ValueError as exc:
                raise CorruptFileError(
                    f"GPX track point extension <{name}> holds {text!r}, not a number",
                    field=name,
                ) from exc
    return hr, cadence, power


def parse_gpx(data: bytes, *, now: datetime) -> ParsedActivity:
    """A recorded activity from GPX bytes (all tracks and segments of the file as one activity)."""
    require_content(data, "gpx")
    refuse_other_format(data, "gpx")
    root = _parse_xml(data, "gpx")
    if root.tag != "gpx":
        raise MislabelledFileError(
            f"this is {describe_content(data)}, not a GPX file", field="data"
        )
    try:
        gpx = gpxpy.parse(_decode_xml_text(data, "gpx"))
    except Exception as exc:
        raise CorruptFileError(
            f"the GPX file could not be read ({type(exc).__name__}: {exc}); export it again",
            field="data",
        ) from exc
    points: list[TrackPoint] = []
    untimed = 0
    for track in gpx.tracks:
        for segment in track.segments:
            for point in segment.points:
                if point.time is None:
                    untimed += 1
                    continue
                if not (-90 <= point.latitude <= 90 and -180 <= point.longitude <= 180):  # noqa: PLR2004
                    raise CorruptFileError(
                        f"a GPX track point lies off the globe ({point.latitude}, "
                        f"{point.longitude}): the file is damaged",
                        field="data",
                    )
                hr, cadence, power = _gpx_extension_values(point.extensions)
                points.append(
                    TrackPoint(
                        time=as_utc(point.time),
                        lat=point.latitude,
                        lon=point.longitude,
                        ele_m=point.elevation,
                        hr=hr,
                        cadence=cadence,
                        power_w=power,
                    )
                )
    if not points and not untimed:
        raise NoDataError(
            f"the GPX file has no track points (it holds {len(gpx.routes)} routes and "
            f"{len(gpx.waypoints)} waypoints); a route is a plan, not a recorded activity: "
            "export the recorded activity instead",
            field="trk",
        )
    if len(points) < 2:  # noqa: PLR2004
        raise NoDataError(
            f"the GPX file has {len(points)} track points with a <time> and {untimed} without; "
            "a recorded activity needs timed points (a file without times is a route or course)",
            field="trkpt.time",
        )
    track_type = next((track.type for track in gpx.tracks if track.type), None)
    found = FileActivity(
        source=ActivitySource.FILE_GPX,
        content_hash=sha256_hex(data),
        activity_type=activity_type_from_name(track_type),
        points=points,
        fields={
            "name": next((track.name for track in gpx.tracks if track.name), None) or gpx.name,
            "device_name": gpx.creator,
        },
        raw_summary={
            "format": "gpx",
            "creator": gpx.creator,
            "track_type": track_type,
            "tracks": len(gpx.tracks),
            "points": len(points),
        },
    )
    return finish_file_activity(found, now)


# --- TCX ----------------------------------------------------------------------------------------


def _number(element: ET.Element, path: str) -> float | None:
    text = element.findtext(path)
    if text is None or not text.strip():
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise CorruptFileError(f"TCX <{path}> holds {text!r}, not a number", field=path) from exc


def _tcx_point(element: ET.Element) -> TrackPoint | None:
    time = _parse_time(element.findtext("Time"), "Trackpoint/Time")
    if time is None:
        return None
    return TrackPoint(
        time=time,
        lat=_number(element, "Position/LatitudeDegrees"),
        lon=_number(element, "Position/LongitudeDegrees"),
        ele_m=_number(element, "AltitudeMeters"),
        hr=_number(element, "HeartRateBpm/Value"),
        cadence=_number(element, "Extensions/TPX/RunCadence") or _number(element, "Cadence"),
        distance_m=_number(element, "DistanceMeters"),
        power_w=_number(element, "Extensions/TPX/Watts"),
    )


def _tcx_lap(index: int, element: ET.Element) -> Lap:
    start = _parse_time(element.get("StartTime"), f"Lap[{index}]/@StartTime")
    if start is None:
        raise CorruptFileError(f"TCX lap {index + 1} has no StartTime", field="Lap.StartTime")
    time_s = _number(element, "TotalTimeSeconds") or 0.0
    distance_m = _number(element, "DistanceMeters")
    return Lap(
        index=index,
        start_time=start,
        elapsed_time_s=time_s,
        distance_m=distance_m,
        avg_hr=_number(element, "AverageHeartRateBpm/Value"),
        avg_pace_s_per_km=speed_and_pace(distance_m, time_s)[1],
    )


def _sum_if_all(values: Sequence[float | None]) -> float | None:
    return sum(value for value in values if value is not None) if all(values) else None


def parse_tcx(data: bytes, *, now: datetime) -> ParsedActivity:
    """A recorded activity from TCX bytes; totals come from the laps, the rest from trackpoints."""
    require_content(data, "tcx")
    refuse_other_format(data, "tcx")
    root = _parse_xml(data, "tcx")
    activities = root.findall("Activities/Activity")
    if not activities:
        what = "a course" if root.find("Courses") is not None else "no <Activity>"
        raise NoDataError(
            f"the TCX file holds {what}; import the file of a recorded activity",
            field="Activities",
        )
    if len(activities) > 1:
        raise UnsupportedFormatError(
            f"the TCX file holds {len(activities)} activities; export them one file each",
            field="Activities",
        )
    activity = activities[0]
    lap_elements = activity.findall("Lap")
    laps = [_tcx_lap(index, element) for index, element in enumerate(lap_elements)]
    points = [
        point
        for element in activity.iterfind("Lap/Track/Trackpoint")
        if (point := _tcx_point(element)) is not None
    ]
    if not laps and not points:
        raise NoDataError("the TCX activity has no laps and no trackpoints", field="Lap")
    activity_type = activity_type_from_name(activity.get("Sport"))
    start = _parse_time(activity.findtext("Id"), "Activity/Id") or (
        laps[0].start_time if laps else points[0].time
    )
    lap_time_s = _sum_if_all([lap.elapsed_time_s for lap in laps]) if laps else None
    end_times = [lap.start_time + timedelta(seconds=lap.elapsed_time_s) for lap in laps]
    end_times += [point.time for point in points[-1:]]
    calories = [_number(element, "Calories") for element in lap_elements]
    max_hrs = [_number(element, "MaximumHeartRateBpm/Value") for element in lap_elements]
    max_speeds = [_number(element, "MaximumSpeed") for element in lap_elements]
    found = FileActivity(
        source=ActivitySource.FILE_TCX,
        content_hash=sha256_hex(data),
        activity_type=activity_type,
        points=points,
        laps=laps,
        fields={
            "start_time": start,
            "elapsed_time_s": max(
                [(end - start).total_seconds() for end in end_times] + [lap_time_s or 0.0]
            ),
            "moving_time_s": lap_time_s,
            "distance_m": _sum_if_all([lap.distance_m for lap in laps]) if laps else None,
            "max_hr": max((hr for hr in max_hrs if hr is not None), default=None),
            "max_speed_m_s": max((speed for speed in max_speeds if speed), default=None),
            "calories": sum(value for value in calories if value is not None) or None,
            "device_name": activity.findtext("Creator/Name"),
        },
        raw_summary={
            "format": "tcx",
            "sport": activity.get("Sport"),
            "laps": len(laps),
            "points": len(points),
            "notes": (activity.findtext("Notes") or "")[:200] or None,
        },
    )
    if not any(point.hr for point in points):
        found.fields["avg_hr"] = _time_weighted_lap_hr(laps)
    return finish_file_activity(found, now)


def _time_weighted_lap_hr(laps: Sequence[Lap]) -> float | None:
    weighted = [(lap.avg_hr, lap.elapsed_time_s) for lap in laps if lap.avg_hr is not None]
    total_s = sum(time_s for _hr, time_s in weighted)
    return sum(hr * time_s for hr, time_s in weighted) / total_s if total_s > 0 else None


# --- Picking the parser -------------------------------------------------------------------------


def _gunzip(data: bytes, filename: str) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    counter = PointCounter()
    parts: list[bytes] = []
    inflated = 0
    pending = data
    try:
        while pending:
            chunk = inflater.decompress(pending, INFLATE_CHUNK_BYTES)
            pending = inflater.unconsumed_tail
            inflated += len(chunk)
            if inflated > MAX_DECOMPRESSED_BYTES:
                raise UnsupportedFormatError(
                    f"'{filename}' inflates to more than {MAX_DECOMPRESSED_BYTES // 2**20} MiB; "
                    "an activity file is never that large",
                    field="data",
                )
            counter.feed(chunk)  # refused here, part-way, when it holds too many points
            parts.append(chunk)
            if inflater.eof:
                break
    except zlib.error as exc:
        raise CorruptFileError(
            f"'{filename}' is a damaged gzip file ({exc})", field="data"
        ) from exc
    if not inflater.eof:
        raise CorruptFileError(f"'{filename}' is a truncated gzip file", field="data")
    return b"".join(parts)


def detect_and_parse_file(filename: str, data: bytes, *, now: datetime) -> list[ParsedActivity]:
    """Activities from an uploaded GPX, TCX or FIT file (maybe gzipped), chosen by content."""
    name = filename.lower().removesuffix(".gz")
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, filename)
    claimed = next((fmt for fmt in FORMAT_NAMES if name.endswith(f".{fmt}")), None)
    if not data:
        raise EmptyFileError(f"'{filename}' is empty (0 bytes); upload it again", field="data")
    actual = sniff_format(data)
    if actual is None:
        if claimed is None:
            raise UnsupportedFormatError(
                f"'{filename}' is {describe_content(data)}, not a GPX, TCX or FIT activity file; "
                "export the activity in one of those formats",
                field="filename",
            )
        problem = "bytes 8-11 should read '.FIT'" if claimed == "fit" else "it should be XML"
        raise CorruptFileError(
            f"'{filename}' is not a readable {FORMAT_NAMES[claimed]} file ({problem}, but it is "
            f"{describe_content(data)}); it is damaged or was cut off: export it again",
            field="data",
        )
    if claimed is not None and claimed != actual:
        raise MislabelledFileError(
            f"'{filename}' is named as {FORMAT_NAMES[claimed]} but is {describe_content(data)}; "
            f"rename it to end in .{actual} or export it again as {FORMAT_NAMES[claimed]}",
            field="filename",
        )
    if actual == "fit":
        return parse_fit_sessions(data, now=now)
    if actual == "gpx":
        return [parse_gpx(data, now=now)]
    return [parse_tcx(data, now=now)]


__all__ = [
    "activity_type_from_name",
    "detect_and_parse_file",
    "parse_fit",
    "parse_fit_sessions",
    "parse_gpx",
    "parse_tcx",
    "sniff_format",
]
