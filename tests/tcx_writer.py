"""TCX activity files as Garmin Connect writes them, for runs the tests describe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

POINT_EVERY_S = 5
START_LAT, START_LON = 45.75, 4.85
METRES_PER_DEGREE_LAT = 111_195.0


@dataclass(frozen=True)
class TcxRun:
    """A steady run: one lap, a trackpoint every 5 s heading north at an even pace."""

    start: datetime
    minutes: float
    distance_km: float
    hr_first_half: float = 145
    hr_second_half: float = 145
    run_cadence: int = 85
    """Per leg, as TCX writes a run's cadence (170 steps a minute)."""
    watts: int | None = None

    def point_at(self, second: int) -> tuple[float, float, float, float]:
        """Latitude, longitude, distance (m) and heart rate `second` s after the start."""
        metres = self.distance_km * 1000 * second / (self.minutes * 60)
        hr = self.hr_first_half if second <= self.minutes * 30 else self.hr_second_half
        return START_LAT + metres / METRES_PER_DEGREE_LAT, START_LON, metres, hr


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tcx_file(run: TcxRun) -> bytes:
    """The run as a TCX file (Garmin's namespaces, power in the TPX extension when given)."""
    seconds = round(run.minutes * 60)
    points = []
    for second in range(0, seconds + 1, POINT_EVERY_S):
        lat, lon, metres, hr = run.point_at(second)
        power = f"<ns3:Watts>{run.watts}</ns3:Watts>" if run.watts is not None else ""
        points.append(
            f"<Trackpoint><Time>{_time(run.start + timedelta(seconds=second))}</Time>"
            f"<Position><LatitudeDegrees>{lat:.7f}</LatitudeDegrees>"
            f"<LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position>"
            f"<AltitudeMeters>170.0</AltitudeMeters><DistanceMeters>{metres:.1f}</DistanceMeters>"
            f"<HeartRateBpm><Value>{hr:g}</Value></HeartRateBpm>"
            f"<Extensions><ns3:TPX><ns3:RunCadence>{run.run_cadence}</ns3:RunCadence>{power}"
            "</ns3:TPX></Extensions></Trackpoint>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
        ' xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">'
        f'<Activities><Activity Sport="Running"><Id>{_time(run.start)}</Id>'
        f'<Lap StartTime="{_time(run.start)}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{run.distance_km * 1000:.1f}</DistanceMeters>"
        "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>"
        f"<Track>{''.join(points)}</Track></Lap>"
        "</Activity></Activities></TrainingCenterDatabase>"
    ).encode()
