"""Reading Terra's optional blocks into the seed's fields: typed, range-checked, capped.

Each seed field is read from one documented Terra path (or derived from one sample series) and
checked against a range; a value outside it is an `ImplausibleValueError` naming Terra's path,
a value of the wrong type an `InvalidFieldError`. An absent value stays None: nothing is
invented.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.tracking.parsed import MAX_HR_BPM, MIN_HR_BPM, ImplausibleValueError, InvalidFieldError
from app.tracking.parsers_limits import MAX_TRACK_POINTS, too_many
from app.tracking.parsers_payloads import as_number, as_time, get_path

MAX_TEXT_CHARS = 200
"""City, country, device names: longer text is not a name."""
MAX_POLYLINE_CHARS = 200_000
"""An encoded polyline of about 40,000 points, more than a day's route."""


@dataclass(frozen=True)
class Range:
    """The values a field may take, its unit (for messages), and whether it is a whole number."""

    low: float
    high: float
    unit: str
    whole: bool = False


SECONDS = Range(0, 10 * 86_400, "s")
MINUTES = Range(0, 10 * 1_440, "min")
COUNT = Range(0, 10_000_000, "", whole=True)
METRES = Range(0, 1_000_000, "m")
ALTITUDE = Range(-500, 9_000, "m")
KCAL = Range(0, 100_000, "kcal")
KJ = Range(0, 400_000, "kJ")
PERCENT = Range(0, 100, "%")
SCORE = Range(0, 100, "points")
HR = Range(MIN_HR_BPM, MAX_HR_BPM, "bpm")
HRV = Range(0, 500, "ms")
VO2MAX = Range(1, 99, "ml/min/kg")
MET = Range(0, 30, "MET")
WATTS = Range(0, 3_000, "W")
SPEED = Range(0, 50, "m/s")
RPM = Range(0, 300, "rpm")
TORQUE = Range(0, 1_000, "N·m")
STRAIN = Range(0, 100, "")
FACTOR = Range(0, 5, "")
BREATHS = Range(0, 100, "breaths/min")
KG = Range(0, 350, "kg")
GRAMS = Range(0, 350_000, "g")
BMI = Range(5, 100, "kg/m²")
MM_HG = Range(20, 300, "mmHg")
GLUCOSE = Range(10, 1_000, "mg/dL")
BODY_CELSIUS = Range(25, 45, "°C")
SKIN_CELSIUS = Range(10, 45, "°C")
DELTA_CELSIUS = Range(-10, 10, "°C")
LATITUDE = Range(-90, 90, "°")
LONGITUDE = Range(-180, 180, "°")
MILLILITRES = Range(0, 50_000, "ml")

UPLOAD_TYPES = {1: "automatic", 2: "manual", 3: "update"}
"""Terra's UploadType of activities (0, unknown, stays empty)."""
SLEEP_UPLOAD_TYPES = {1: "manual", 2: "automatic", 3: "tentative", 4: "indeterminate"}
"""Terra's SleepUploadType (0, unknown, stays empty)."""
RECOVERY_LEVELS = {
    1: "very_poor",
    2: "poor",
    3: "compromised",
    4: "ok",
    5: "good",
    6: "very_good",
}
"""Terra's RecoveryLevel, in the seed's words."""
GLUCOSE_FLAGS = {0: "normal", 1: "high", 2: "low"}
TREND_ARROWS = {1: "falling", 2: "falling", 3: "flat", 4: "rising", 5: "rising"}
"""Terra's TrendArrow (falling quickly, falling, changing slowly, rising, rising quickly) in the
seed's three words."""


def checked(value: Any, path: str, allowed: Range) -> float | int | None:
    """A number from the payload, within `allowed` (a whole number when it must be one)."""
    number = as_number(value, path)
    if number is None:
        return None
    if not math.isfinite(number):
        raise InvalidFieldError(f"'{path}' is {number}; expected a finite number", field=path)
    if not allowed.low <= number <= allowed.high:
        unit = f" {allowed.unit}" if allowed.unit else ""
        raise ImplausibleValueError(
            f"'{path}' is {number:g}{unit}; it must lie between {allowed.low:g} and "
            f"{allowed.high:g}{unit} (check the field's unit)",
            field=path,
        )
    return round(number) if allowed.whole else number


def read(payload: Mapping[str, Any], path: str, allowed: Range) -> float | int | None:
    """The checked number at a dotted path of the payload."""
    return checked(get_path(payload, path), path, allowed)


def read_all(payload: Mapping[str, Any], table: Mapping[str, tuple[str, Range]]) -> dict[str, Any]:
    """Every seed field of `table` (seed field -> Terra path and range) that the payload holds."""
    values = {field: read(payload, path, allowed) for field, (path, allowed) in table.items()}
    return {field: value for field, value in values.items() if value is not None}


def text(payload: Mapping[str, Any], path: str, cap: int = MAX_TEXT_CHARS) -> str | None:
    """A string at a dotted path (empty stays None), at most `cap` characters."""
    value = get_path(payload, path)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidFieldError(f"'{path}' is {value!r}; expected a string", field=path)
    if len(value) > cap:
        raise InvalidFieldError(
            f"'{path}' holds {len(value):,} characters; at most {cap:,} are kept", field=path
        )
    return value


def code(payload: Mapping[str, Any], path: str, names: Mapping[int, str]) -> str | None:
    """The seed's word for one of Terra's enum codes; an unknown code stays None."""
    value = get_path(payload, path)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidFieldError(f"'{path}' is {value!r}; expected an enum code", field=path)
    return names.get(value)


def flag(payload: Mapping[str, Any], path: str) -> bool | None:
    """A true/false value at a dotted path."""
    value = get_path(payload, path)
    if value is None or isinstance(value, bool):
        return value
    raise InvalidFieldError(f"'{path}' is {value!r}; expected true or false", field=path)


def series(payload: Mapping[str, Any], path: str) -> list[Mapping[str, Any]]:
    """A list of samples at a dotted path (objects only), refused past the point cap."""
    value = get_path(payload, path)
    if value is None:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InvalidFieldError(f"'{path}' is {value!r}; expected a list", field=path)
    if len(value) > MAX_TRACK_POINTS:
        raise too_many(f"samples in '{path}'", MAX_TRACK_POINTS, path)
    return [item for item in value if isinstance(item, Mapping)]


def latest(samples: Sequence[Mapping[str, Any]], path: str, key: str) -> Mapping[str, Any]:
    """The sample with the latest `timestamp` among those holding `key` (empty if none)."""
    holding = [sample for sample in samples if sample.get(key) is not None]
    return max(
        holding,
        key=lambda sample: as_time(sample.get("timestamp"), f"{path}.timestamp"),
        default={},
    )


def samples_json(
    payload: Mapping[str, Any], path: str, keys: tuple[str, ...], allowed: Range
) -> str | None:
    """A sample series as the seed keeps it: compact JSON of `timestamp` and its value keys."""
    kept = []
    for index, sample in enumerate(series(payload, path)):
        item: dict[str, Any] = {"timestamp": sample.get("timestamp")}
        for key in keys:
            item[key] = checked(sample.get(key), f"{path}[{index}].{key}", allowed)
        kept.append(item)
    return compact_json(kept)


def compact_json(items: list[dict[str, Any]]) -> str | None:
    """A list as the seed keeps its JSON text fields (None when empty)."""
    return json.dumps(items, separators=(",", ":")) if items else None


def lat_lng(payload: Mapping[str, Any], path: str) -> tuple[float | None, float | None]:
    """A `[latitude, longitude]` pair in degrees."""
    value = get_path(payload, path)
    if value is None or value == []:
        return None, None
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:  # noqa: PLR2004
        raise InvalidFieldError(
            f"'{path}' is {value!r}; expected [latitude, longitude]", field=path
        )
    latitude = checked(value[0], f"{path}[0]", LATITUDE)
    longitude = checked(value[1], f"{path}[1]", LONGITUDE)
    return latitude, longitude
