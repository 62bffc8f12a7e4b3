"""A Terra activity's detailed series as one track, for the chart samples every source gets.

Terra sends each series on its own (heart rate, distance, elevation, cadence, power, position), each
sample with a `timestamp`; samples of one instant become one track point.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.models.activity import Sample
from app.tracking.parsed import ActivityType
from app.tracking.parsers_common import TrackPoint, cumulative_distances_m
from app.tracking.parsers_limits import MAX_TRACK_POINTS, too_many
from app.tracking.parsers_payloads import as_time
from app.tracking.parsers_terra_read import (
    ALTITUDE,
    HR,
    LATITUDE,
    LONGITUDE,
    METRES,
    RPM,
    WATTS,
    Range,
    checked,
    series,
)
from app.tracking.samples import samples_of

SERIES: tuple[tuple[str, str, str, Range], ...] = (
    ("heart_rate_data.detailed.hr_samples", "bpm", "hr", HR),
    ("distance_data.detailed.distance_samples", "distance_meters", "distance_m", METRES),
    ("distance_data.detailed.elevation_samples", "elev_meters", "ele_m", ALTITUDE),
    ("movement_data.cadence_samples", "cadence_rpm", "cadence", RPM),
    ("power_data.power_samples", "watts", "power_w", WATTS),
)
"""Terra's series (path, value key) and the track point field each fills."""
POSITIONS = "position_data.position_samples"


def _points(payload: Mapping[str, Any]) -> dict[datetime, dict[str, float]]:
    points: dict[datetime, dict[str, float]] = {}
    for path, key, field, allowed in SERIES:
        for index, sample in enumerate(series(payload, path)):
            value = checked(sample.get(key), f"{path}[{index}].{key}", allowed)
            if value is not None and sample.get("timestamp"):
                moment = as_time(sample["timestamp"], f"{path}[{index}].timestamp")
                points.setdefault(moment, {})[field] = value
    for index, sample in enumerate(series(payload, POSITIONS)):
        where = sample.get("coords_lat_lng_deg")
        if isinstance(where, list) and len(where) == 2 and sample.get("timestamp"):  # noqa: PLR2004
            moment = as_time(sample["timestamp"], f"{POSITIONS}[{index}].timestamp")
            lat = checked(where[0], f"{POSITIONS}[{index}].coords_lat_lng_deg[0]", LATITUDE)
            lon = checked(where[1], f"{POSITIONS}[{index}].coords_lat_lng_deg[1]", LONGITUDE)
            if lat is not None and lon is not None:
                points.setdefault(moment, {}).update(lat=lat, lon=lon)
    if len(points) > MAX_TRACK_POINTS:
        raise too_many("track points in the detailed series", MAX_TRACK_POINTS, "samples")
    return points


def terra_samples(payload: Mapping[str, Any], activity_type: ActivityType) -> list[Sample]:
    """Chart samples from a Terra activity's detailed series (empty when it sends none)."""
    points = _points(payload)
    ordered = [
        TrackPoint(
            time=moment,
            lat=fields.get("lat"),
            lon=fields.get("lon"),
            ele_m=fields.get("ele_m"),
            hr=fields.get("hr"),
            cadence=fields.get("cadence"),
            distance_m=fields.get("distance_m"),
            power_w=fields.get("power_w"),
        )
        for moment, fields in sorted(points.items())
    ]
    return samples_of(ordered, cumulative_distances_m(ordered), activity_type)
