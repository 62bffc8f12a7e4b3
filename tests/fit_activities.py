"""FIT activity files as the tests need them, written with `tests.fit_writer`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tests.fit_writer import (
    BYTE,
    ENUM,
    SINT32,
    STRING,
    UINT8,
    UINT16,
    UINT32,
    DevField,
    Field,
    FitWriter,
    fit_time,
    semicircles,
)

RUNNING, CYCLING = 1, 2
STRAVA = 265  # the FIT profile's manufacturer number for Strava
FILE_ID, LAP, SESSION, RECORD, ACTIVITY = 0, 19, 18, 20, 34
DEVELOPER_DATA_ID, FIELD_DESCRIPTION = 207, 206
TIMESTAMP = 253

# Strava's Android app declares its developer field as a uint16 but writes three bytes of it.
# The protocol's field size is what counts (a decoder reads the bytes the definition says); a
# decoder that trusts the declared type reads two and takes the third, 0x0B, for a record
# header: "local message 11 not defined".
STRAVA_DEV_VALUE = bytes((0x05, 0x00, 0x0B))


@dataclass(frozen=True)
class Part:
    """One sport of a recording: its sport code, start, distance and duration."""

    sport: int
    start: datetime
    distance_km: float
    minutes: float


def recording(parts: list[Part], *, strava_developer_field: bool = False) -> bytes:
    """A FIT activity file: per part, a record every 10 s, one lap a kilometre and a session."""
    fit = FitWriter()
    first = parts[0].start
    fit.define(
        0,
        FILE_ID,
        [Field(0, ENUM), Field(1, UINT16), Field(2, UINT16), Field(4, UINT32)],
    )
    fit.data(0, 4, STRAVA, 101, fit_time(first))
    dev_fields = None
    if strava_developer_field:
        fit.define(1, DEVELOPER_DATA_ID, [Field(3, UINT8), Field(1, BYTE, 16)])
        fit.data(1, 0, bytes(range(16)))
        fit.define(
            2,
            FIELD_DESCRIPTION,
            [Field(0, UINT8), Field(1, UINT8), Field(2, UINT8), Field(3, STRING, 16)],
        )
        fit.data(2, 0, 0, UINT16, "strava_flags")
        dev_fields = [DevField(0, len(STRAVA_DEV_VALUE))]
    record_fields = [
        Field(TIMESTAMP, UINT32),
        Field(0, SINT32),
        Field(1, SINT32),
        Field(5, UINT32),
        Field(3, UINT8),
    ]
    fit.define(3, RECORD, record_fields, dev_fields)
    timing = [Field(TIMESTAMP, UINT32), Field(2, UINT32), Field(7, UINT32), Field(8, UINT32)]
    fit.define(4, LAP, [*timing, Field(9, UINT32)])
    fit.define(
        5,
        SESSION,
        [
            *timing,
            Field(9, UINT32),
            Field(5, ENUM),
            Field(6, ENUM),
            Field(16, UINT8),
            Field(25, UINT16),
            Field(26, UINT16),
        ],
    )
    laps_so_far = 0
    for part in parts:
        seconds = round(part.minutes * 60)
        metres = part.distance_km * 1000
        for second in range(0, seconds + 1, 10):
            moment = part.start + timedelta(seconds=second)
            done = metres * second / seconds
            position = (semicircles(48.85 + done / 111_000), semicircles(2.35))
            dev = STRAVA_DEV_VALUE if strava_developer_field else b""
            fit.data(3, fit_time(moment), *position, round(done * 100), 150, dev=dev)
        laps = max(1, int(part.distance_km))
        for lap in range(laps):
            lap_start = part.start + timedelta(seconds=seconds * lap / laps)
            lap_s = seconds / laps
            end = lap_start + timedelta(seconds=lap_s)
            lap_ms = round(lap_s * 1000)
            fit.data(
                4, fit_time(end), fit_time(lap_start), lap_ms, lap_ms, round(metres / laps * 100)
            )
        end = part.start + timedelta(seconds=seconds)
        fit.data(
            5,
            fit_time(end),
            fit_time(part.start),
            seconds * 1000,
            seconds * 1000,
            round(metres * 100),
            part.sport,
            0,
            150,
            laps_so_far,
            laps,
        )
        laps_so_far += laps
    last = parts[-1]
    end = last.start + timedelta(minutes=last.minutes)
    fit.define(6, ACTIVITY, [Field(TIMESTAMP, UINT32), Field(1, UINT16), Field(2, ENUM)])
    fit.data(6, fit_time(end), len(parts), 0)
    return bytes(fit)
