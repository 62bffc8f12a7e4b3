"""A planned session as a Zwift workout (`.zwo`, XML) for treadmill runs.

Zwift's run workouts are timed blocks whose intensity is a fraction of the runner's threshold
speed (`Power="1.0"` is threshold pace). Blocks given by distance are timed at their target
pace (else at threshold); blocks without a pace run at the easy pace.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from app.models.common import PaceRange
from app.planning.workout_steps import Block, Step, StepIntensity, midpoint_s_per_km


def _fraction(pace: PaceRange | None, threshold: PaceRange, easy: PaceRange) -> float:
    """Speed as a fraction of threshold speed (pace is time per distance: the ratio inverts)."""
    target = midpoint_s_per_km(pace or easy)
    return round(midpoint_s_per_km(threshold) / target, 3)


def _seconds(step: Step, threshold: PaceRange) -> int:
    if step.duration_s:
        return round(step.duration_s)
    if step.distance_m:
        pace = midpoint_s_per_km(step.pace or threshold)
        return round(step.distance_m / 1000 * pace)
    return 60  # an open step (until the lap button) has to last something in Zwift


def zwo_workout(
    name: str, description: str, blocks: list[Block], threshold: PaceRange, easy: PaceRange
) -> str:
    """The XML text of a Zwift run workout with these blocks."""
    root = ET.Element("workout_file")
    ET.SubElement(root, "author").text = "Cadence"
    ET.SubElement(root, "name").text = name
    ET.SubElement(root, "description").text = description
    ET.SubElement(root, "sportType").text = "run"
    ET.SubElement(root, "tags")
    workout = ET.SubElement(root, "workout")
    for block in blocks:
        if block.repetitions > 1 and len(block.steps) == 2:  # noqa: PLR2004 - work and recovery
            on, off = block.steps
            ET.SubElement(
                workout,
                "IntervalsT",
                Repeat=str(block.repetitions),
                OnDuration=str(_seconds(on, threshold)),
                OffDuration=str(_seconds(off, threshold)),
                OnPower=str(_fraction(on.pace, threshold, easy)),
                OffPower=str(_fraction(off.pace, threshold, easy)),
            )
            continue
        for step in block.steps:
            power = str(_fraction(step.pace, threshold, easy))
            duration = str(_seconds(step, threshold))
            if step.intensity in {StepIntensity.WARMUP, StepIntensity.COOLDOWN}:
                tag = "Warmup" if step.intensity is StepIntensity.WARMUP else "Cooldown"
                ET.SubElement(workout, tag, Duration=duration, PowerLow=power, PowerHigh=power)
            else:
                ET.SubElement(workout, "SteadyState", Duration=duration, Power=power)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=False) + "\n"
