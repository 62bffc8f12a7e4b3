"""A small FIT encoder for tests: files built byte by byte as the FIT protocol lays them out.

Header (14 bytes, with its CRC), then definition and data messages, then the file's CRC. Only
what the tests need: little-endian messages, normal record headers, developer fields.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)

ENUM, UINT8, UINT16, SINT32, UINT32, STRING, BYTE = 0x00, 0x02, 0x84, 0x85, 0x86, 0x07, 0x0D
_FORMATS = {ENUM: "B", UINT8: "B", UINT16: "H", SINT32: "i", UINT32: "I"}
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip


def crc(data: bytes) -> int:
    """The FIT CRC-16 of `data` (the protocol's nibble-table algorithm)."""
    value = 0
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = _CRC_TABLE[value & 0xF]
            value = (value >> 4) & 0x0FFF
            value = value ^ tmp ^ _CRC_TABLE[nibble]
    return value


def fit_time(moment: datetime) -> int:
    """Seconds since the FIT epoch (1989-12-31 UTC)."""
    return int((moment - FIT_EPOCH).total_seconds())


def semicircles(degrees: float) -> int:
    return round(degrees * 2**31 / 180)


@dataclass(frozen=True)
class Field:
    """One field of a definition: number, base type and value size in bytes."""

    number: int
    base_type: int
    size: int = 0

    def width(self) -> int:
        return self.size or struct.calcsize("<" + _FORMATS[self.base_type])


@dataclass(frozen=True)
class DevField:
    """A developer field of a definition: its number, size and developer data index."""

    number: int
    size: int
    developer_index: int = 0


@dataclass
class FitWriter:
    """Definitions and data messages, in order; `bytes()` frames them as a FIT file."""

    body: bytearray = field(default_factory=bytearray)
    _fields: dict[int, tuple[list[Field], list[DevField]]] = field(default_factory=dict)

    def define(
        self,
        local: int,
        global_number: int,
        fields: list[Field],
        dev_fields: list[DevField] | None = None,
    ) -> None:
        """A definition message for local message type `local`."""
        header = 0x40 | local | (0x20 if dev_fields else 0)
        self.body += struct.pack("<BBBHB", header, 0, 0, global_number, len(fields))
        for item in fields:
            self.body += struct.pack("<BBB", item.number, item.width(), item.base_type)
        if dev_fields:
            self.body.append(len(dev_fields))
            for dev in dev_fields:
                self.body += struct.pack("<BBB", dev.number, dev.size, dev.developer_index)
        self._fields[local] = (fields, dev_fields or [])

    def data(self, local: int, *values: object, dev: bytes = b"") -> None:
        """A data message of local type `local`: its values in definition order, then `dev`."""
        fields, dev_fields = self._fields[local]
        assert len(values) == len(fields)
        assert len(dev) == sum(d.size for d in dev_fields)
        self.body.append(local)
        for item, value in zip(fields, values, strict=True):
            if item.base_type in {STRING, BYTE}:
                raw = value if isinstance(value, bytes) else str(value).encode()
                self.body += raw.ljust(item.width(), b"\0")[: item.width()]
            else:
                self.body += struct.pack("<" + _FORMATS[item.base_type], value)
        self.body += dev

    def __bytes__(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.body), b".FIT")
        header += struct.pack("<H", crc(header))
        content = header + bytes(self.body)
        return content + struct.pack("<H", crc(content))
