"""Uploads are parsed within bounds: hardened XML whatever the encoding, caps on points and laps."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.tracking.parsed import ParseError, UnsupportedFormatError
from app.tracking.parsers_files import (
    detect_and_parse_file,
    parse_fit_sessions,
    parse_gpx,
    parse_tcx,
)
from app.tracking.parsers_limits import MAX_LAPS, MAX_TRACK_POINTS, FileTooLargeError

NOW = datetime(2026, 6, 1, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "activities"
DTD_GPX = '<?xml version="1.0"{declaration}?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx>&a;</gpx>'


def gpx_with_points(count: int) -> bytes:
    """A GPX track of `count` timed points, one a second, a metre apart."""
    point = '<trkpt lat="{0:.6f}" lon="2.3"><time>2026-05-{1:02d}T{2:02d}:{3:02d}:{4:02d}Z</time></trkpt>'
    points = "".join(
        point.format(48 + i * 1e-6, 1 + i // 86_400, (i // 3600) % 24, (i // 60) % 60, i % 60)
        for i in range(count)
    )
    return f'<?xml version="1.0"?><gpx version="1.1" creator="t"><trk><trkseg>{points}</trkseg></trk></gpx>'.encode()


def million_point_gpx() -> bytes:
    """The issue's upload: 1,000,000 points (about 63 MB, 2.5 MB gzipped)."""
    point = b'<trkpt lat="1" lon="2"><time>2026-05-01T00:00:00Z</time></trkpt>'
    return b'<?xml version="1.0"?><gpx><trk><trkseg>' + point * 1_000_000 + b"</trkseg></trk></gpx>"


class TestHardenedXml:
    @pytest.mark.parametrize(
        ("declared", "encoding"),
        [("utf-8", "utf-8"), (None, "utf-16"), (None, "utf-16-be"), (None, "utf-16-le")],
    )
    def test_a_dtd_is_refused_whatever_the_encoding(self, declared, encoding):
        text = DTD_GPX.format(declaration=f' encoding="{declared}"' if declared else "")
        data = ("\ufeff" + text).encode(encoding) if encoding != "utf-16" else text.encode(encoding)
        assert (b"<!DOCTYPE" in data) is (encoding == "utf-8")
        with pytest.raises(UnsupportedFormatError, match="declares a DTD"):
            parse_gpx(data, now=NOW)

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
    def test_a_declared_encoding_the_parser_cannot_read_is_refused(self, encoding):
        data = DTD_GPX.format(declaration=f' encoding="{encoding}"').encode(encoding)
        with pytest.raises(ParseError):
            parse_gpx(data, now=NOW)


class TestCaps:
    def test_a_gzipped_million_point_gpx_is_refused_quickly_in_little_memory(self):
        data = gzip.compress(million_point_gpx())
        assert len(data) < 3_000_000
        tracemalloc.start()
        started = time.perf_counter()
        try:
            with pytest.raises(FileTooLargeError, match="more than 100,000 track points"):
                detect_and_parse_file("big.gpx.gz", data, now=NOW)
            seconds = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert seconds < 10, seconds  # was 36-72 s
        assert peak < 200 * 2**20, peak  # was 2 GB; the inflated bytes are most of it

    def test_a_track_at_the_cap_is_read(self):
        activity = parse_gpx(gpx_with_points(MAX_TRACK_POINTS), now=NOW)
        assert activity.elapsed_time_s == MAX_TRACK_POINTS - 1

    def test_too_many_laps_are_refused(self):
        lap = '<Lap StartTime="2026-05-01T07:00:00Z"><TotalTimeSeconds>1</TotalTimeSeconds></Lap>'
        data = (
            '<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running">'
            f"<Id>2026-05-01T07:00:00Z</Id>{lap * (MAX_LAPS + 1)}</Activity></Activities>"
            "</TrainingCenterDatabase>"
        ).encode()
        with pytest.raises(FileTooLargeError, match="more than 1,000 laps"):
            parse_tcx(data, now=NOW)


class TestFitCaps:
    def test_a_fit_file_past_the_record_cap_is_refused_while_decoding(self, monkeypatch):
        from app.tracking import parsers_fit  # noqa: PLC0415 - the module whose cap is lowered

        data = (FIXTURES / "edge1000_ride_2020-06-01.fit").read_bytes()
        assert len(parse_fit_sessions(data, now=NOW)) == 1
        monkeypatch.setattr(parsers_fit, "MAX_TRACK_POINTS", 50)  # it holds 96
        with pytest.raises(FileTooLargeError, match="more than 50 records"):
            parse_fit_sessions(data, now=NOW)
