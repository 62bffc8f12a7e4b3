"""An activity's track as chart samples: at most `MAX_SAMPLES`, evenly spread over the points."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.models.activity import Sample
from app.tracking.parsed import ActivityType, steps_per_minute

if TYPE_CHECKING:
    from app.tracking.parsers_common import TrackPoint

MAX_SAMPLES = 600
"""Enough for a chart a phone or a laptop draws (one sample every 6 s of an hour's run)."""


def samples_of(
    ordered: Sequence[TrackPoint], distances: Sequence[float] | None, activity_type: ActivityType
) -> list[Sample]:
    """Chart samples of a track in time order, with the distance to each point when known."""
    if len(ordered) < 2:  # noqa: PLR2004
        return []
    step = math.ceil(len(ordered) / MAX_SAMPLES)
    kept = list(range(0, len(ordered), step))
    if kept[-1] != len(ordered) - 1:
        kept.append(len(ordered) - 1)
    start = ordered[0].time
    samples: list[Sample] = []
    previous: int | None = None
    for index in kept:
        point = ordered[index]
        distance = distances[index] if distances else None
        pace = None
        if previous is not None and distances:
            metres = distances[index] - distances[previous]
            seconds = (point.time - ordered[previous].time).total_seconds()
            pace = seconds / (metres / 1000) if metres > 0 and seconds > 0 else None
        samples.append(
            Sample(
                offset_s=(point.time - start).total_seconds(),
                distance_m=round(distance, 1) if distance is not None else None,
                hr=point.hr,
                elevation_m=point.ele_m,
                cadence_spm=steps_per_minute(point.cadence, activity_type),
                pace_s_per_km=round(pace, 1) if pace else None,
                lat=point.lat,
                lng=point.lon,
                power_w=point.power_w,
            )
        )
        previous = index
    return samples
