"""Heart-rate drift of a run: aerobic decoupling (Pa:HR) between its two halves.

The recording is cut at half its elapsed time. Each half's efficiency factor is its speed
(metres over seconds, pauses left out) divided by its time-weighted mean heart rate; the drift
is how far the second half's efficiency fell below the first's, in percent:
(EF₁ − EF₂) / EF₁ × 100 (Friel's aerobic decoupling, TrainingPeaks' "Pa:HR"). Positive: the
heart worked harder for the same pace (cardiac drift); under 5 % on a steady aerobic run is the
usual mark of a sound aerobic base. At an even pace it is the second half's heart-rate rise.

It needs at least `MIN_DURATION_S` of recording with distance and heart rate in both halves;
without them (a summary-only import, a run without a heart-rate strap) there is no drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.tracking.parsers_common import TrackPoint

MIN_DURATION_S = 20 * 60.0
"""Shorter runs are mostly the heart rate's climb from rest: no drift is measured on them."""
PAUSE_S = 60.0
"""A gap between two points longer than this is a pause: it counts in neither half."""


def aerobic_decoupling_pct(
    points: Sequence[TrackPoint], distances_m: Sequence[float] | None
) -> float | None:
    """Pa:HR decoupling in % of a time-ordered track (distance to each point); None if unknown."""
    if len(points) < 2 or not distances_m:  # noqa: PLR2004
        return None
    start = points[0].time
    half_s = (points[-1].time - start).total_seconds() / 2
    if half_s * 2 < MIN_DURATION_S:
        return None
    metres, seconds, beats, hr_seconds = [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]
    for index in range(1, len(points)):
        step_s = (points[index].time - points[index - 1].time).total_seconds()
        if step_s <= 0 or step_s > PAUSE_S:
            continue
        middle_s = (points[index - 1].time - start).total_seconds() + step_s / 2
        half = 0 if middle_s < half_s else 1
        metres[half] += max(0.0, distances_m[index] - distances_m[index - 1])
        seconds[half] += step_s
        hr = points[index].hr
        if hr:
            beats[half] += hr * step_s
            hr_seconds[half] += step_s
    if not all(metres) or not all(hr_seconds):
        return None
    first, second = (
        metres[half] / seconds[half] / (beats[half] / hr_seconds[half]) for half in (0, 1)
    )
    return round((first - second) / first * 100.0, 1)
