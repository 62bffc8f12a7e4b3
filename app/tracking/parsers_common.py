"""What the GPX, TCX and FIT parsers share: content sniffing, track arithmetic, assembly."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from app.tracking.drift import aerobic_decoupling_pct
from app.tracking.parsed import (
    MAX_HR_BPM,
    MIN_HR_BPM,
    ActivitySource,
    ActivityType,
    EmptyFileError,
    Lap,
    MislabelledFileError,
    ParsedActivity,
    Split,
    make_activity,
    speed_and_pace,
    steps_per_minute,
)
from app.tracking.samples import samples_of

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG); haversine distances on it are within 0.5 % of the ellipsoid's."""
MIN_MOVING_SPEED_M_S = 0.3
"""Below about 1 km/h the athlete is standing still (gpxpy's default threshold too). Only speed
decides: a gap between points (a paused watch, a tunnel) counts as moving when the athlete
covered ground during it, because the distance covered then counts too."""
ELEVATION_HYSTERESIS_M = 2.0
"""Altitude must move this far from the last counted level before it counts as climb or
descent, so altitude noise on flat ground adds no elevation gain."""
MAX_SPEED_PERCENTILE = 0.95
"""A track's max speed is this percentile of its point-to-point speeds: the raw maximum is
usually a single GPS jump."""
SPLIT_DISTANCE_M = 1000.0
_EPSILON_M = 1e-9


@dataclass(frozen=True, slots=True)
class TrackPoint:
    """One recorded sample; cadence per leg as recorded, distance from the device's odometer."""

    time: datetime
    lat: float | None = None
    lon: float | None = None
    ele_m: float | None = None
    hr: float | None = None
    cadence: float | None = None
    distance_m: float | None = None
    power_w: float | None = None


@dataclass(frozen=True, slots=True)
class TrackSummary:
    """Totals and splits derived from a list of track points."""

    start_time: datetime
    end_time: datetime
    moving_time_s: float
    distance_m: float | None
    max_speed_m_s: float | None
    avg_hr: float | None
    max_hr: float | None
    avg_cadence: float | None
    elevation_gain_m: float | None
    elevation_loss_m: float | None
    splits: list[Split]

    @property
    def elapsed_time_s(self) -> float:
        """Seconds from the first to the last point."""
        return (self.end_time - self.start_time).total_seconds()


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two positions given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def cumulative_distances_m(points: Sequence[TrackPoint]) -> list[float] | None:
    """Distance to each point: the device's odometer if half the points have it, else haversine."""
    odometer = [point.distance_m for point in points]
    known = [value for value in odometer if value is not None]
    if known and len(known) * 2 >= len(points):
        first = last = known[0]
        result = []
        for value in odometer:
            if value is not None and value >= last:
                last = value
            result.append(last - first)
        return result
    if not any(point.lat is not None and point.lon is not None for point in points):
        return None
    result = []
    total = 0.0
    previous: tuple[float, float] | None = None
    for point in points:
        if point.lat is not None and point.lon is not None:
            if previous is not None:
                total += haversine_m(previous[0], previous[1], point.lat, point.lon)
            previous = (point.lat, point.lon)
        result.append(total)
    return result


@dataclass(slots=True)
class _SplitTotals:
    distance_m: float = 0.0
    elapsed_s: float = 0.0
    moving_s: float = 0.0
    hr_weighted: float = 0.0
    hr_time_s: float = 0.0
    elevation_change_m: float = 0.0
    has_elevation: bool = False

    def add(
        self,
        distance_m: float,
        time_s: float,
        moving: bool,
        hr: float | None,
        elevation_change_m: float | None,
    ) -> None:
        self.distance_m += distance_m
        self.elapsed_s += time_s
        if moving:
            self.moving_s += time_s
        if hr is not None:
            self.hr_weighted += hr * time_s
            self.hr_time_s += time_s
        if elevation_change_m is not None:
            self.elevation_change_m += elevation_change_m
            self.has_elevation = True

    def to_split(self, index: int) -> Split:
        time_s = self.moving_s or self.elapsed_s
        return Split(
            index=index,
            distance_m=round(self.distance_m, 2),
            elapsed_time_s=round(self.elapsed_s, 2),
            moving_time_s=round(self.moving_s, 2),
            avg_pace_s_per_km=speed_and_pace(self.distance_m, time_s)[1],
            avg_hr=self.hr_weighted / self.hr_time_s if self.hr_time_s > 0 else None,
            elevation_change_m=round(self.elevation_change_m, 2) if self.has_elevation else None,
        )


def _valid_hr(value: float | None) -> float | None:
    return value if value is not None and MIN_HR_BPM <= value <= MAX_HR_BPM else None


def _elevation_gain_loss(points: Sequence[TrackPoint]) -> tuple[float | None, float | None]:
    levels = [point.ele_m for point in points if point.ele_m is not None]
    if len(levels) < 2:  # noqa: PLR2004
        return None, None
    gain = loss = 0.0
    anchor = levels[0]
    for level in levels[1:]:
        change = level - anchor
        if abs(change) >= ELEVATION_HYSTERESIS_M:
            gain += max(change, 0.0)
            loss += max(-change, 0.0)
            anchor = level
    return gain, loss


def summarise_track(points: Sequence[TrackPoint]) -> TrackSummary:
    """Distance, moving time, heart rate, cadence, elevation and per-km splits of a track."""
    ordered = sorted(points, key=lambda point: point.time)
    distances = cumulative_distances_m(ordered)
    moving_time_s = 0.0
    speeds: list[float] = []
    splits: dict[int, _SplitTotals] = {}
    for i in range(1, len(ordered)):
        before, after = ordered[i - 1], ordered[i]
        time_s = max((after.time - before.time).total_seconds(), 0.0)
        distance_m = distances[i] - distances[i - 1] if distances is not None else 0.0
        moving = time_s > 0 and (distances is None or distance_m / time_s >= MIN_MOVING_SPEED_M_S)
        if moving:
            moving_time_s += time_s
            if distances is not None:
                speeds.append(distance_m / time_s)
        if distances is not None:
            elevation_change_m = (
                after.ele_m - before.ele_m
                if after.ele_m is not None and before.ele_m is not None
                else None
            )
            _add_to_splits(
                splits,
                start_m=distances[i - 1],
                distance_m=distance_m,
                time_s=time_s,
                moving=moving,
                hr=_valid_hr(after.hr),
                elevation_change_m=elevation_change_m,
            )
    heart_rates = [hr for point in ordered if (hr := _valid_hr(point.hr)) is not None]
    cadences = [point.cadence for point in ordered if point.cadence]
    gain, loss = _elevation_gain_loss(ordered)
    speeds.sort()
    split_list = [totals.to_split(bucket + 1) for bucket, totals in sorted(splits.items())]
    if split_list and split_list[-1].distance_m < 1.0:
        split_list.pop()
    return TrackSummary(
        start_time=ordered[0].time,
        end_time=ordered[-1].time,
        moving_time_s=moving_time_s,
        distance_m=distances[-1] if distances is not None else None,
        max_speed_m_s=speeds[int(MAX_SPEED_PERCENTILE * (len(speeds) - 1))] if speeds else None,
        avg_hr=sum(heart_rates) / len(heart_rates) if heart_rates else None,
        max_hr=max(heart_rates) if heart_rates else None,
        avg_cadence=sum(cadences) / len(cadences) if cadences else None,
        elevation_gain_m=gain,
        elevation_loss_m=loss,
        splits=split_list,
    )


def _add_to_splits(
    splits: dict[int, _SplitTotals],
    *,
    start_m: float,
    distance_m: float,
    time_s: float,
    moving: bool,
    hr: float | None,
    elevation_change_m: float | None,
) -> None:
    """Share one interval between the kilometre buckets it crosses, in proportion to distance."""
    if distance_m <= _EPSILON_M:
        bucket = int(start_m // SPLIT_DISTANCE_M)
        splits.setdefault(bucket, _SplitTotals()).add(0.0, time_s, moving, hr, None)
        return
    position = start_m
    remaining = distance_m
    while remaining > _EPSILON_M:
        bucket = int(position // SPLIT_DISTANCE_M)
        piece = min(remaining, (bucket + 1) * SPLIT_DISTANCE_M - position)
        if piece <= _EPSILON_M:
            position = (bucket + 1) * SPLIT_DISTANCE_M
            continue
        share = piece / distance_m
        splits.setdefault(bucket, _SplitTotals()).add(
            piece,
            time_s * share,
            moving,
            hr,
            elevation_change_m * share if elevation_change_m is not None else None,
        )
        position += piece
        remaining -= piece


# --- Content sniffing ---------------------------------------------------------------------------

SNIFF_BYTES = 1024 * 1024


FORMAT_NAMES = {"gpx": "GPX", "tcx": "TCX", "fit": "FIT"}


XML_ROOTS = {"gpx": "gpx", "TrainingCenterDatabase": "tcx"}


def xml_root_name(data: bytes) -> str | None:
    """The local name of the XML root element, or None when the bytes do not start as XML."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start",))
    try:
        parser.feed(data[:SNIFF_BYTES])
        for event in parser.read_events():
            element = event[-1]
            if isinstance(element, ET.Element):
                return str(element.tag).rsplit("}", 1)[-1]
    except (ET.ParseError, LookupError, ValueError):  # an unknown or multi-byte encoding
        return None
    return None


def sniff_format(data: bytes) -> str | None:
    """`fit`, `gpx` or `tcx` from the content alone, or None when it is none of them."""
    if len(data) >= 12 and data[8:12] == b".FIT":  # noqa: PLR2004 - FIT header layout
        return "fit"
    return XML_ROOTS.get(xml_root_name(data) or "")


def describe_content(data: bytes) -> str:
    """What the bytes are, in words for an error message."""
    actual = sniff_format(data)
    if actual == "fit":
        return "a FIT file (its bytes 8-11 read '.FIT')"
    if actual is not None:
        return f"a {FORMAT_NAMES[actual]} file (XML whose root element is <{_root_of(actual)}>)"
    root = xml_root_name(data)
    return f"XML whose root element is <{root}>" if root else "neither XML nor FIT"


def _root_of(fmt: str) -> str:
    return next(root for root, name in XML_ROOTS.items() if name == fmt)


def require_content(data: bytes, fmt: str) -> None:
    """Raise `EmptyFileError` for an upload with no bytes."""
    if not data:
        raise EmptyFileError(
            f"the {FORMAT_NAMES[fmt]} file is empty (0 bytes); upload it again", field="data"
        )


def refuse_other_format(data: bytes, fmt: str) -> None:
    """Raise `MislabelledFileError` when the content is another activity format than `fmt`."""
    actual = sniff_format(data)
    if actual is not None and actual != fmt:
        raise MislabelledFileError(
            f"this is {describe_content(data)}, not a {FORMAT_NAMES[fmt]} file; import it as "
            f"{FORMAT_NAMES[actual]}",
            field="data",
        )


def as_utc(value: datetime) -> datetime:
    """A datetime in UTC; a naive one is taken as UTC already (GPX and TCX times are UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --- Assembling an activity from a file ---------------------------------------------------------


@dataclass
class FileActivity:
    """What a file parser found, before totals are chosen between summaries and the track."""

    source: ActivitySource
    content_hash: str
    activity_type: ActivityType
    points: list[TrackPoint]
    fields: dict[str, Any] = field(default_factory=dict)
    laps: list[Lap] = field(default_factory=list)
    raw_summary: dict[str, Any] = field(default_factory=dict)


def _track_fields(summary: TrackSummary, activity_type: ActivityType) -> dict[str, Any]:
    return {
        "start_time": summary.start_time,
        "elapsed_time_s": summary.elapsed_time_s,
        "moving_time_s": summary.moving_time_s,
        "distance_m": summary.distance_m,
        "max_speed_m_s": summary.max_speed_m_s,
        "avg_hr": summary.avg_hr,
        "max_hr": summary.max_hr,
        "avg_cadence_spm": steps_per_minute(summary.avg_cadence, activity_type),
        "elevation_gain_m": summary.elevation_gain_m,
        "elevation_loss_m": summary.elevation_loss_m,
        "splits": summary.splits,
    }


def finish_file_activity(found: FileActivity, now: datetime) -> ParsedActivity:
    """Merge track-derived values under the file's own summaries, then build and validate."""
    values: dict[str, Any] = {}
    if len(found.points) >= 2:  # noqa: PLR2004
        values.update(_track_fields(summarise_track(found.points), found.activity_type))
    values.update({key: value for key, value in found.fields.items() if value is not None})
    ordered = sorted(found.points, key=lambda point: point.time)
    distances = cumulative_distances_m(ordered)
    values.update(
        source=found.source,
        external_id=found.fields.get("external_id") or found.content_hash,
        activity_type=found.activity_type,
        content_hash=found.content_hash,
        laps=found.laps,
        samples=samples_of(ordered, distances, found.activity_type),
        hr_drift_pct=aerobic_decoupling_pct(ordered, distances),
        raw_summary=found.raw_summary,
    )
    return make_activity(values, now)
