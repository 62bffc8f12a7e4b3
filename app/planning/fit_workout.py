"""A planned session as a FIT workout file (Garmin's format; watches load it as a workout).

Written by hand from the FIT protocol: a 14-byte header, one definition message per message
type, the `file_id`, `workout` and `workout_step` data messages, and the CRC-16 of the file.
Repetitions are a `repeat_until_steps_cmplt` step, as Garmin Connect writes them.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

from app.planning.workout_steps import Block, Step, StepIntensity, speed_m_s

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
PROFILE_VERSION = 2132
PROTOCOL_VERSION = 0x20
MANUFACTURER_DEVELOPMENT = 255
FILE_TYPE_WORKOUT = 5
SPORT_RUNNING = 1

MESG_FILE_ID, MESG_WORKOUT, MESG_WORKOUT_STEP = 0, 26, 27

ENUM, UINT16, UINT32, UINT32Z, STRING = 0x00, 0x84, 0x86, 0x8C, 0x07

DURATION_TIME, DURATION_DISTANCE, DURATION_OPEN, DURATION_REPEAT = 0, 1, 5, 6
TARGET_SPEED, TARGET_OPEN = 0, 2
INTENSITY_CODE = {
    StepIntensity.ACTIVE: 0,
    StepIntensity.RECOVERY: 4,
    StepIntensity.WARMUP: 2,
    StepIntensity.COOLDOWN: 3,
    StepIntensity.INTERVAL: 5,
}

WORKOUT_NAME_BYTES = 40
STEP_NAME_BYTES = 48

_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 of `data`."""
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def _text(value: str, size: int) -> bytes:
    """A fixed-size, null-terminated UTF-8 string, cut between characters."""
    encoded = b""
    for char in value:
        piece = char.encode()
        if len(encoded) + len(piece) > size - 1:
            break
        encoded += piece
    return encoded.ljust(size, b"\0")


def _definition(local: int, global_number: int, fields: list[tuple[int, int, int]]) -> bytes:
    header = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_number, len(fields))
    return header + b"".join(struct.pack("<BBB", *field) for field in fields)


_FILE_ID_FIELDS = [(0, 1, ENUM), (1, 2, UINT16), (2, 2, UINT16), (3, 4, UINT32Z), (4, 4, UINT32)]
_WORKOUT_FIELDS = [(4, 1, ENUM), (6, 2, UINT16), (8, WORKOUT_NAME_BYTES, STRING)]
_STEP_FIELDS = [
    (254, 2, UINT16),  # message_index
    (0, STEP_NAME_BYTES, STRING),  # wkt_step_name
    (1, 1, ENUM),  # duration_type
    (2, 4, UINT32),  # duration_value: ms, cm, or the step to repeat from
    (3, 1, ENUM),  # target_type
    (4, 4, UINT32),  # target_value: 0 for a custom range, or the repeat count
    (5, 4, UINT32),  # custom_target_value_low: mm/s
    (6, 4, UINT32),  # custom_target_value_high: mm/s
    (7, 1, ENUM),  # intensity
]


def _step_record(index: int, step: Step) -> bytes:
    if step.duration_s:
        duration_type, duration_value = DURATION_TIME, round(step.duration_s * 1000)
    elif step.distance_m:
        duration_type, duration_value = DURATION_DISTANCE, round(step.distance_m * 100)
    else:
        duration_type, duration_value = DURATION_OPEN, 0
    if step.pace is not None:
        target_type = TARGET_SPEED
        low = round(speed_m_s(step.pace.max_s_per_km) * 1000)
        high = round(speed_m_s(step.pace.min_s_per_km) * 1000)
    else:
        target_type, low, high = TARGET_OPEN, 0, 0
    return struct.pack(
        f"<BH{STEP_NAME_BYTES}sBIBIIIB",
        2,
        index,
        _text(step.name, STEP_NAME_BYTES),
        duration_type,
        duration_value,
        target_type,
        0,
        low,
        high,
        INTENSITY_CODE[step.intensity],
    )


def _repeat_record(index: int, first_step: int, repetitions: int) -> bytes:
    return struct.pack(
        f"<BH{STEP_NAME_BYTES}sBIBIIIB",
        2,
        index,
        _text("Repeat", STEP_NAME_BYTES),
        DURATION_REPEAT,
        first_step,
        TARGET_OPEN,
        repetitions,
        0,
        0,
        INTENSITY_CODE[StepIntensity.ACTIVE],
    )


def fit_workout(name: str, blocks: list[Block], created: datetime, serial: int) -> bytes:
    """The bytes of a FIT workout file with these steps."""
    steps: list[bytes] = []
    for block in blocks:
        first = len(steps)
        steps.extend(_step_record(first + i, step) for i, step in enumerate(block.steps))
        if block.repetitions > 1:
            steps.append(_repeat_record(len(steps), first, block.repetitions))
    created_s = int((created - FIT_EPOCH).total_seconds())
    records = b"".join(
        [
            _definition(0, MESG_FILE_ID, _FILE_ID_FIELDS),
            struct.pack(
                "<BBHHII",
                0,
                FILE_TYPE_WORKOUT,
                MANUFACTURER_DEVELOPMENT,
                0,
                serial % 0xFFFFFFFF or 1,  # uint32z: 0 means "no serial"
                created_s,
            ),
            _definition(1, MESG_WORKOUT, _WORKOUT_FIELDS),
            struct.pack(
                f"<BBH{WORKOUT_NAME_BYTES}s",
                1,
                SPORT_RUNNING,
                len(steps),
                _text(name, WORKOUT_NAME_BYTES),
            ),
            _definition(2, MESG_WORKOUT_STEP, _STEP_FIELDS),
            *steps,
        ]
    )
    header = struct.pack("<BBHI4s", 14, PROTOCOL_VERSION, PROFILE_VERSION, len(records), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    body = header + records
    return body + struct.pack("<H", fit_crc(body))
