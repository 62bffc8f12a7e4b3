"""Bounded parsing: XML read with a hardened parser, and files refused past their caps early.

An activity file is checked in one streaming pass before anything is built from it: a
declared DTD is refused whatever the encoding (the parser sees the decoded text, so UTF-16 does
not hide a `<!DOCTYPE>`), and counting stops at the first point over the cap, so a 1,000,000
point GPX is refused after reading 100,001 points in a few megabytes of memory instead of
being built into objects (2 GB and 36 s before this check).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from app.tracking.parsed import CorruptFileError, UnsupportedFormatError

MAX_TRACK_POINTS = 100_000
"""Points (GPX, TCX) or records (FIT) per activity: 27 hours recorded every second."""
MAX_LAPS = 1_000
"""Laps per activity: a 100 km run lapped every 100 m."""

_COUNTED: Mapping[str, tuple[str, int, str]] = {
    "trkpt": ("track points", MAX_TRACK_POINTS, "trkpt"),
    "Trackpoint": ("trackpoints", MAX_TRACK_POINTS, "Trackpoint"),
    "Lap": ("laps", MAX_LAPS, "Lap"),
    "rtept": ("route points", MAX_TRACK_POINTS, "rtept"),
    "wpt": ("waypoints", MAX_TRACK_POINTS, "wpt"),
}


class FileTooLargeError(UnsupportedFormatError):
    """The file holds more points, samples or laps than one activity can."""


def too_many(what: str, cap: int, field: str) -> FileTooLargeError:
    """The refusal for a file past one of its caps."""
    return FileTooLargeError(
        f"the file holds more than {cap:,} {what}, more than one activity records (a day "
        "recorded every second is 86,400); split it or export it with fewer points",
        field=field,
    )


class PointCounter:
    """Counts point tags in bytes fed piece by piece (as a file inflates); refuses past the cap.

    Only what an exporter writes in UTF-8 is seen here (`<trkpt`, `<Trackpoint`); the parse's
    own streaming pass counts the rest. A gzipped upload is refused while it inflates, after
    about 7 MB, instead of inflating 63 MB first.
    """

    _TAGS = ((b"<trkpt", "track points", "trkpt"), (b"<Trackpoint", "trackpoints", "Trackpoint"))
    _KEEP = max(len(tag) for tag, _, _ in _TAGS) - 1

    def __init__(self) -> None:
        self._tail = b""
        self._counts = [0] * len(self._TAGS)

    def feed(self, chunk: bytes) -> None:
        """Count the tags that end in `chunk`."""
        window = self._tail + chunk
        for index, (tag, what, field) in enumerate(self._TAGS):
            self._counts[index] += window.count(tag) - self._tail.count(tag)
            if self._counts[index] > MAX_TRACK_POINTS:
                raise too_many(what, MAX_TRACK_POINTS, field)
        self._tail = window[-self._KEEP :]


def _dtd_refused(format_name: str) -> UnsupportedFormatError:
    return UnsupportedFormatError(
        f"the {format_name} file declares a DTD (<!DOCTYPE> or <!ENTITY>), which activity "
        "files never need; Cadence refuses it to rule out entity-expansion attacks",
        field="data",
    )


def _not_xml(format_name: str, exc: Exception) -> CorruptFileError:
    return CorruptFileError(
        f"the {format_name} file is not well-formed XML ({exc}); it is damaged or was cut off: "
        "export it again",
        field="data",
    )


def check_xml(data: bytes, format_name: str) -> None:
    """Stream through the XML once: refuse a DTD, malformed XML, or counts past the caps."""
    for tag, (what, cap, field) in _COUNTED.items():
        # A first look at the bytes, milliseconds for 60 MB: most oversized files stop here.
        if data.count(b"<" + tag.encode()) > cap:
            raise too_many(what, cap, field)
    counts = dict.fromkeys(_COUNTED, 0)
    try:
        for _event, element in SafeET.iterparse(io.BytesIO(data), events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
            if tag in counts:
                counts[tag] += 1
                what, cap, field = _COUNTED[tag]
                if counts[tag] > cap:
                    raise too_many(what, cap, field)
                if tag != "Lap":
                    element.clear()  # a point's children are done with once counted
    except FileTooLargeError:
        raise
    except DefusedXmlException:
        raise _dtd_refused(format_name) from None
    except (ParseError, LookupError, ValueError) as exc:  # an unknown or multi-byte encoding
        raise _not_xml(format_name, exc) from exc


def parse_xml(data: bytes, format_name: str) -> Element:
    """The document's root, namespaces stripped, once `check_xml` let it through."""
    check_xml(data, format_name)
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise _dtd_refused(format_name) from None
    except (ParseError, LookupError, ValueError) as exc:
        raise _not_xml(format_name, exc) from exc
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = element.tag.rsplit("}", 1)[-1]
    return root
