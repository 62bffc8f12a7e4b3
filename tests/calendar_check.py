"""The calendar check: the date-dependent tests, run once per day of `CALENDAR_DAYS`.

`python -m tests.calendar_check` (what `make test` runs after the main suite) starts one pytest per
day with `-m calendar --calendar-day NAME`: time-machine moves that whole process — server, app
and tests — to the day's instant before anything starts, and its clock ticks on from there.
The runners the tests create live in the day's timezone. Each day runs in a process of its
own so that no server, cache or token ever sees the clock jump.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class CalendarDay:
    """An instant the date-dependent tests are run at, and the runners' timezone then."""

    name: str
    instant: datetime
    timezone: str


# Each runner-local weekday once; month ends; New Year's Eve from both sides (already
# 1 January in Paris while UTC is on 31 December, still 31 December in New York while UTC is
# on 1 January); both daylight-saving changes in Europe/Paris and in America/New_York, at the
# hour of the change; and 29 February 2028.
CALENDAR_DAYS = (
    CalendarDay("mon-2026-11-30-month-end", datetime(2026, 11, 30, 9, 0, tzinfo=UTC), "UTC"),
    CalendarDay("tue-2028-02-29-leap-day", datetime(2028, 2, 29, 12, 0, tzinfo=UTC), "UTC"),
    CalendarDay("wed-2027-06-30-month-end", datetime(2027, 6, 30, 15, 0, tzinfo=UTC), "UTC"),
    CalendarDay(
        "thu-2026-12-31-new-years-eve-in-new-york",
        datetime(2027, 1, 1, 3, 30, tzinfo=UTC),
        "America/New_York",
    ),
    CalendarDay(
        "fri-2027-01-01-new-year-in-paris",
        datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
        "Europe/Paris",
    ),
    CalendarDay(
        "sat-2027-03-27-eve-of-paris-dst",
        datetime(2027, 3, 27, 22, 30, tzinfo=UTC),
        "Europe/Paris",
    ),
    CalendarDay(
        "sun-2027-03-28-paris-spring-forward",
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
        "Europe/Paris",
    ),
    CalendarDay(
        "sun-2027-10-31-paris-fall-back",
        datetime(2027, 10, 31, 0, 45, tzinfo=UTC),
        "Europe/Paris",
    ),
    CalendarDay(
        "sun-2027-03-14-new-york-spring-forward",
        datetime(2027, 3, 14, 7, 15, tzinfo=UTC),
        "America/New_York",
    ),
    CalendarDay(
        "sun-2027-11-07-new-york-fall-back",
        datetime(2027, 11, 7, 5, 45, tzinfo=UTC),
        "America/New_York",
    ),
)


SUMMARY = re.compile(r"(\d+) (passed|failed|error|errors|skipped|deselected)")


def run_day(day: CalendarDay, extra: list[str]) -> tuple[dict[str, int], int, float]:
    """Run the `calendar` tests living on `day`: the counts pytest gives, its exit code, seconds."""
    command = [
        *(sys.executable, "-m", "pytest", "-q", "-m", "calendar", "--calendar-day", day.name),
        *("--dist", "load"),  # test by test: one module's scenarios would queue on one worker
    ]
    started = time.monotonic()
    done = subprocess.run([*command, *extra], capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    counts = {kind: int(number) for number, kind in SUMMARY.findall(last)}
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-20_000:] + done.stderr[-5_000:])
    return counts, done.returncode, seconds


def main(extra: list[str]) -> int:
    """Every day in turn; a table of counts per day; non-zero when any day failed."""
    passed = failed = 0
    worst = 0
    for day in CALENDAR_DAYS:
        counts, code, seconds = run_day(day, extra)
        day_failed = counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
        if code != 0 and day_failed == 0:
            day_failed = 1  # pytest itself failed (collection, usage): count the day as failed
        passed += counts.get("passed", 0)
        failed += day_failed
        worst = max(worst, code)
        sys.stdout.write(
            f"calendar {day.name:<42} {day.instant.isoformat()} {day.timezone:<17} "
            f"{counts.get('passed', 0):3d} passed {day_failed:3d} failed {seconds:6.1f} s\n"
        )
        sys.stdout.flush()
    sys.stdout.write(f"calendar: {passed} passed, {failed} failed\n")
    return 1 if failed or worst else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
