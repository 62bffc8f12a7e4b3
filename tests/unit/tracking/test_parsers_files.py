"""GPX, TCX and FIT parsing on real device files, and on damaged or mislabelled ones."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.tracking import parsers_files
from app.tracking.parsed import (
    ActivitySource,
    ActivityType,
    CorruptFileError,
    EmptyFileError,
    ImplausibleValueError,
    MislabelledFileError,
    NoDataError,
    ParseError,
    UnsupportedFormatError,
)
from app.tracking.parsers_files import (
    detect_and_parse_file,
    parse_fit,
    parse_fit_sessions,
    parse_gpx,
    parse_tcx,
    sniff_format,
)
from tests.fit_writer import FIT_EPOCH
from tests.fit_writer import crc as fit_crc

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "activities"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
RUN_TCX = "forerunner410_run_2012-12-26.tcx"
RIDE_FIT = "edge1000_ride_2020-06-01.fit"
RIDE_GPX = "edge1000_ride_2020-06-01.gpx"
RIDE_TCX = "edge1000_ride_2020-06-01.tcx"
TRIATHLON_FIT = "fr920xt_triathlon_2018-05-27.fit"
ROUTE_GPX = "gpxpy_route_without_track.gpx"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_all(name: str):
    return detect_and_parse_file(name, read(name), now=NOW)


class TestRealFilesMatchIndependentTotals:
    """Each expected value was found without Cadence's parsers; fixtures/activities/README.md."""

    @pytest.mark.parametrize(
        ("filename", "part", "expected_distance_m", "duration_field", "expected_duration_s"),
        [
            (RUN_TCX, 0, 4686.31103516, "moving_time_s", 1992.78),
            (RIDE_FIT, 0, 668.19, "moving_time_s", 94.0),
            (RIDE_TCX, 0, 668.19, "elapsed_time_s", 126.0),
            (RIDE_GPX, 0, 900.26, "elapsed_time_s", 126.0),
            (TRIATHLON_FIT, 0, 1644.71, "elapsed_time_s", 1987.0),
            (TRIATHLON_FIT, 1, 40907.17, "elapsed_time_s", 4422.0),
            (TRIATHLON_FIT, 2, 9803.46, "elapsed_time_s", 2851.0),
        ],
    )
    def test_distance_and_duration_within_one_percent(
        self, filename, part, expected_distance_m, duration_field, expected_duration_s
    ):
        activity = parse_all(filename)[part]
        assert activity.distance_m == pytest.approx(expected_distance_m, rel=0.01)
        assert getattr(activity, duration_field) == pytest.approx(expected_duration_s, rel=0.01)


class TestForerunnerRunTcx:
    def test_reads_the_run_as_python_tcxparser_does(self):
        activity = parse_tcx(read(RUN_TCX), now=NOW)
        assert activity.source is ActivitySource.FILE_TCX
        assert activity.activity_type is ActivityType.RUN
        assert activity.start_time == datetime(2012, 12, 26, 21, 29, 53, tzinfo=UTC)
        assert activity.max_hr == 189
        assert activity.avg_hr == pytest.approx(156, abs=1)
        assert activity.calories == 379
        assert activity.device_name == "Forerunner 410 Software Version 2.20"

    def test_keeps_the_three_auto_laps(self):
        laps = parse_tcx(read(RUN_TCX), now=NOW).laps
        assert [round(lap.distance_m or 0) for lap in laps] == [1609, 1609, 1471]
        assert laps[0].elapsed_time_s == 608.47
        assert laps[0].avg_hr == 139
        assert laps[0].avg_pace_s_per_km == pytest.approx(608.47 / 1.60934, rel=1e-4)

    def test_splits_cover_the_run_kilometre_by_kilometre(self):
        activity = parse_tcx(read(RUN_TCX), now=NOW)
        assert [split.index for split in activity.splits] == [1, 2, 3, 4, 5]
        assert [split.distance_m for split in activity.splits[:4]] == [1000.0] * 4
        assert sum(split.distance_m for split in activity.splits) == pytest.approx(4686.31, 0.001)
        assert sum(split.elapsed_time_s for split in activity.splits) == pytest.approx(1992, 0.001)

    def test_pace_is_that_of_a_seven_minute_kilometre(self):
        activity = parse_tcx(read(RUN_TCX), now=NOW)
        assert activity.avg_pace_s_per_km == pytest.approx(1992.78 / 4.68924, rel=1e-4)


class TestTriathlonFit:
    def test_gives_one_activity_per_sport_and_no_transition(self):
        kinds = [
            activity.activity_type for activity in parse_fit_sessions(read(TRIATHLON_FIT), now=NOW)
        ]
        assert kinds == [ActivityType.SWIM, ActivityType.RIDE, ActivityType.RUN]

    def test_each_part_has_its_own_external_id_and_the_file_hash(self):
        activities = parse_fit_sessions(read(TRIATHLON_FIT), now=NOW)
        digest = hashlib.sha256(read(TRIATHLON_FIT)).hexdigest()
        assert [a.external_id for a in activities] == [f"{digest}:{i}" for i in (0, 2, 4)]
        assert {a.content_hash for a in activities} == {digest}

    def test_run_cadence_is_in_steps_per_minute(self):
        run = parse_fit_sessions(read(TRIATHLON_FIT), now=NOW)[2]
        strides_per_minute = 3960 / (2850.694 / 60)  # the session's total_strides
        assert run.avg_cadence_spm == pytest.approx(2 * strides_per_minute, rel=0.01)

    def test_local_date_comes_from_the_device_utc_offset(self):
        run = parse_fit_sessions(read(TRIATHLON_FIT), now=NOW)[2]
        assert run.local_date == "2018-05-27"
        assert run.start_time == datetime(2018, 5, 27, 9, 23, 41, tzinfo=UTC)

    def test_single_activity_parser_refuses_it_and_names_the_parts(self):
        with pytest.raises(UnsupportedFormatError, match=r"multisport.*swim, ride, run"):
            parse_fit(read(TRIATHLON_FIT), now=NOW)


class TestEdge1000RideInThreeFormats:
    def test_all_three_start_at_the_same_second(self):
        starts = {parse_all(name)[0].start_time for name in (RIDE_FIT, RIDE_GPX, RIDE_TCX)}
        assert starts == {datetime(2020, 6, 1, 14, 52, 40, tzinfo=UTC)}

    def test_fit_reports_the_timer_not_the_pause(self):
        activity = parse_fit(read(RIDE_FIT), now=NOW)
        assert activity.activity_type is ActivityType.RIDE
        assert activity.moving_time_s == 93.7
        assert activity.local_date == "2020-06-01"
        assert activity.device_name == "Garmin edge1000"

    def test_fit_and_tcx_laps_agree(self):
        fit_laps = parse_fit(read(RIDE_FIT), now=NOW).laps
        tcx_laps = parse_tcx(read(RIDE_TCX), now=NOW).laps
        assert [lap.distance_m for lap in fit_laps] == [lap.distance_m for lap in tcx_laps]
        assert [lap.avg_hr for lap in fit_laps] == [154, 155, 153, 145, 145]

    def test_gpx_heart_rate_comes_from_garmin_extensions(self):
        activity = parse_gpx(read(RIDE_GPX), now=NOW)
        assert activity.avg_hr == pytest.approx(150, abs=1)  # the FIT session says 150
        assert activity.max_hr == 156
        assert activity.name == "Leiden Fietsen"

    def test_a_ride_has_no_step_cadence(self):
        assert all(parse_all(name)[0].avg_cadence_spm is None for name in (RIDE_FIT, RIDE_GPX))


class TestContentHash:
    @pytest.mark.parametrize("name", [RUN_TCX, RIDE_FIT, RIDE_GPX])
    def test_is_the_sha256_of_the_file(self, name):
        assert parse_all(name)[0].content_hash == hashlib.sha256(read(name)).hexdigest()

    def test_a_gzipped_export_gives_the_same_activity(self):
        plain = parse_all(RIDE_FIT)[0]
        zipped = detect_and_parse_file(f"{RIDE_FIT}.gz", gzip.compress(read(RIDE_FIT)), now=NOW)
        assert zipped == [plain]


class TestDetectionByContent:
    @pytest.mark.parametrize(
        ("name", "fmt"), [(RUN_TCX, "tcx"), (RIDE_FIT, "fit"), (RIDE_GPX, "gpx")]
    )
    def test_sniffs_each_format(self, name, fmt):
        assert sniff_format(read(name)) == fmt

    @pytest.mark.parametrize("name", [RUN_TCX, RIDE_FIT, RIDE_GPX])
    def test_an_unknown_extension_is_read_by_content(self, name):
        assert detect_and_parse_file("upload.bin", read(name), now=NOW) == parse_all(name)

    def test_the_extension_case_does_not_matter(self):
        assert detect_and_parse_file("RIDE.FIT", read(RIDE_FIT), now=NOW) == parse_all(RIDE_FIT)


class TestMislabelledFiles:
    @pytest.mark.parametrize(
        ("content", "filename", "says"),
        [
            (RIDE_GPX, "ride.fit", r"'ride.fit' is named as FIT but is a GPX file"),
            (RIDE_FIT, "ride.gpx", r"'ride.gpx' is named as GPX but is a FIT file"),
            (RUN_TCX, "run.gpx", r"'run.gpx' is named as GPX but is a TCX file"),
            (RIDE_GPX, "ride.tcx", r"rename it to end in \.gpx"),
        ],
    )
    def test_are_refused_saying_what_they_really_are(self, content, filename, says):
        with pytest.raises(MislabelledFileError, match=says) as caught:
            detect_and_parse_file(filename, read(content), now=NOW)
        assert caught.value.field == "filename"

    @pytest.mark.parametrize(
        ("parser", "content"),
        [(parse_gpx, RIDE_FIT), (parse_fit, RIDE_GPX), (parse_tcx, RIDE_GPX), (parse_gpx, RUN_TCX)],
    )
    def test_each_parser_refuses_another_format(self, parser, content):
        with pytest.raises(MislabelledFileError, match="import it as"):
            parser(read(content), now=NOW)


class TestDamagedFiles:
    @pytest.mark.parametrize("keep", [13, 100, 4000, 7770])
    def test_a_truncated_fit_file_says_it_was_cut_off(self, keep):
        with pytest.raises(CorruptFileError, match="ends early") as caught:
            parse_fit(read(RIDE_FIT)[:keep], now=NOW)
        assert isinstance(caught.value.__cause__, Exception)

    def test_a_flipped_byte_fails_the_checksum(self):
        data = bytearray(read(RIDE_FIT))
        data[3000] ^= 0xFF
        with pytest.raises(CorruptFileError, match="checksum"):
            parse_fit(bytes(data), now=NOW)

    def test_a_truncated_gpx_is_not_well_formed(self):
        with pytest.raises(CorruptFileError, match="not well-formed XML"):
            parse_gpx(read(RIDE_GPX)[:20000], now=NOW)

    def test_a_gpx_named_file_that_is_not_xml(self):
        with pytest.raises(CorruptFileError, match=r"'run.gpx' is not a readable GPX file"):
            detect_and_parse_file("run.gpx", b"PK\x03\x04 this is a zip archive", now=NOW)

    def test_random_bytes_named_fit(self):
        with pytest.raises(CorruptFileError, match=r"bytes 8-11 should read '\.FIT'"):
            detect_and_parse_file("run.fit", b"\x0e\x10" + b"\x00" * 30, now=NOW)

    def test_unknown_content_with_unknown_extension(self):
        with pytest.raises(UnsupportedFormatError, match="not a GPX, TCX or FIT"):
            detect_and_parse_file("notes.txt", b"ran 5k today", now=NOW)

    @pytest.mark.parametrize("parser", [parse_gpx, parse_tcx, parse_fit])
    def test_an_empty_file(self, parser):
        with pytest.raises(EmptyFileError, match=r"empty \(0 bytes\)"):
            parser(b"", now=NOW)

    def test_an_empty_upload(self):
        with pytest.raises(EmptyFileError, match=r"'run\.fit' is empty"):
            detect_and_parse_file("run.fit", b"", now=NOW)

    def test_a_gpx_with_a_dtd_is_refused(self):
        data = b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx>&a;</gpx>'
        with pytest.raises(UnsupportedFormatError, match="DTD"):
            parse_gpx(data, now=NOW)

    def test_a_truncated_gzip(self):
        with pytest.raises(CorruptFileError, match="truncated gzip"):
            detect_and_parse_file("a.fit.gz", gzip.compress(read(RIDE_FIT))[:500], now=NOW)

    def test_a_gzip_that_inflates_too_far(self, monkeypatch):
        monkeypatch.setattr(parsers_files, "MAX_DECOMPRESSED_BYTES", 1000)
        with pytest.raises(UnsupportedFormatError, match="inflates to more than"):
            detect_and_parse_file("a.fit.gz", gzip.compress(read(RIDE_FIT)), now=NOW)


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestPositionsOffTheGlobe:
    def test_a_latitude_beyond_the_pole_is_a_damaged_file(self):
        data = read(RIDE_GPX)
        start = data.index(b'lat="') + len(b'lat="')
        end = data.index(b'"', start)
        with pytest.raises(CorruptFileError, match="off the globe"):
            parse_gpx(data[:start] + b"450" + data[end:], now=NOW)


class TestAnyDamageEndsInAParseError:
    @FUZZ
    @given(position=st.integers(0, 7770), value=st.integers(0, 255))
    def test_a_fit_file_with_one_byte_changed(self, position, value):
        data = bytearray(read(RIDE_FIT))
        data[position] = value
        with contextlib.suppress(ParseError):
            parse_fit_sessions(bytes(data), now=NOW)

    @FUZZ
    @given(position=st.integers(0, 40000), junk=st.binary(min_size=1, max_size=8))
    def test_a_gpx_file_with_bytes_spliced_in(self, position, junk):
        data = read(RIDE_GPX)
        with contextlib.suppress(ParseError):
            parse_gpx(data[:position] + junk + data[position:], now=NOW)


class TestFilesWithoutAnActivity:
    def test_a_gpx_route_is_not_an_activity(self):
        with pytest.raises(NoDataError, match=r"no track points.*1 routes.*route is a plan"):
            parse_gpx(read(ROUTE_GPX), now=NOW)

    def test_a_gpx_track_without_times_is_a_course(self):
        data = b"""<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1"><trk><trkseg>
            <trkpt lat="46.0" lon="14.0"/><trkpt lat="46.01" lon="14.0"/></trkseg></trk></gpx>"""
        with pytest.raises(NoDataError, match="0 track points with a <time> and 2 without"):
            parse_gpx(data, now=NOW)

    def test_a_tcx_course(self):
        data = b"""<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
            <Courses><Course><Name>Loop</Name></Course></Courses></TrainingCenterDatabase>"""
        with pytest.raises(NoDataError, match="holds a course"):
            parse_tcx(data, now=NOW)

    def test_a_fit_settings_file(self):
        data = fit_file([(0, [(0, "E", FIT_FILE_SETTINGS)])])
        with pytest.raises(UnsupportedFormatError, match="'settings' file, not a recorded"):
            parse_fit(data, now=NOW)

    def test_a_fit_activity_without_records(self):
        data = fit_file([(0, [(0, "E", FIT_FILE_ACTIVITY)])])
        with pytest.raises(NoDataError, match="no session and fewer than two records"):
            parse_fit(data, now=NOW)


# --- Crafted FIT files ---------------------------------------------------------------------------

FIT_FILE_SETTINGS, FIT_FILE_ACTIVITY = 2, 4
_BASE_TYPES = {"E": (0x00, "B"), "B": (0x02, "B"), "H": (0x84, "H"), "I": (0x86, "I")}


def fit_file(messages):
    """A FIT file of (global message number, [(field number, base type, value)]) messages."""
    body = b""
    for local, (global_number, fields) in enumerate(messages):
        body += struct.pack("<BBBHB", 0x40 | local, 0, 0, global_number, len(fields))
        for number, kind, _value in fields:
            base, fmt = _BASE_TYPES[kind]
            body += struct.pack("<BBB", number, struct.calcsize(fmt), base)
        body += struct.pack("<B", local)
        body += b"".join(struct.pack("<" + _BASE_TYPES[kind][1], v) for _n, kind, v in fields)
    header = struct.pack("<BBHI4s", 14, 0x10, 2093, len(body), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    return header + body + struct.pack("<H", fit_crc(header + body))


def fit_run_session(*, distance_m, elapsed_s, avg_hr=150, start=datetime(2025, 5, 1, tzinfo=UTC)):
    start_s = int((start - FIT_EPOCH).total_seconds())
    return fit_file([
        (0, [(0, "E", FIT_FILE_ACTIVITY)]),
        (18, [(2, "I", start_s), (253, "I", start_s + elapsed_s), (7, "I", elapsed_s * 1000),
              (8, "I", elapsed_s * 1000), (9, "I", round(distance_m * 100)), (5, "E", 1),
              (16, "B", avg_hr)]),
    ])  # fmt: skip


class TestCraftedFitSessions:
    def test_a_plain_run_session_is_read(self):
        activity = parse_fit(fit_run_session(distance_m=10000, elapsed_s=3000), now=NOW)
        assert activity.activity_type is ActivityType.RUN
        assert activity.distance_m == 10000
        assert activity.avg_pace_s_per_km == 300
        assert activity.start_time == datetime(2025, 5, 1, tzinfo=UTC)

    def test_a_heart_rate_of_252_is_refused(self):
        with pytest.raises(ImplausibleValueError, match="avg_hr is 252 bpm"):
            parse_fit(fit_run_session(distance_m=10000, elapsed_s=3000, avg_hr=252), now=NOW)

    def test_a_10k_in_20_minutes_is_refused(self):
        with pytest.raises(ImplausibleValueError, match="faster than the men's world-record"):
            parse_fit(fit_run_session(distance_m=10000, elapsed_s=1200), now=NOW)

    def test_a_run_tomorrow_is_refused(self):
        data = fit_run_session(
            distance_m=5000, elapsed_s=1500, start=datetime(2026, 1, 2, tzinfo=UTC)
        )
        with pytest.raises(ImplausibleValueError, match="in the future"):
            parse_fit(data, now=NOW)
