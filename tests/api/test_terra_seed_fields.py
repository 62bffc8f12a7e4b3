"""Whole Terra payloads read back through the history queries under the seed's names and units.

A runner who connects a Garmin, an Oura ring and a Withings scale through Terra sees every
value those payloads carry, not only steps and resting heart rate (issue #13).
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.test_history import imported
from tests.api.tracking_helpers import IMPORT
from tests.conftest import Account, graphql
from tests.terra_payloads import terra_body, terra_daily, terra_run, terra_sleep

# Records are dated back from the runner's today: run on the calendar days too.
pytestmark = pytest.mark.calendar


def local_midnight(account: Account, days_ago: int) -> datetime:
    day = account.today() - timedelta(days=days_ago)
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(account.timezone))


async def read_back(http, account: Account, source: str, payload: dict, query: str) -> dict:
    """Import one Terra record, then the only node of the history connection `query` reads."""
    await imported(http, account, source, [payload])
    body = await graphql(http, query, account=account)
    assert "errors" not in body, body
    (connection,) = body["data"].values()
    (node,) = [edge["node"] for edge in connection["edges"]]
    return node


DAYS = """
{ dailySummaries(first: 5) { edges { node {
  date startTime endTime totalSteps totalDistanceMeters floorsClimbed elevationGainMeters
  activitySeconds inactivitySeconds restSeconds lowIntensitySeconds moderateIntensitySeconds
  vigorousIntensitySeconds standingHoursCount standingSeconds numInactivePeriods
  totalBurnedCalories netActivityCalories bmrCalories netIntakeCalories
  avgHeartRateBpm maxHeartRateBpm minHeartRateBpm restingHeartRateBpm avgHrvRmssd avgHrvSdnn
  avgOxygenSaturation vo2MaxMlPerMinPerKg avgMetLevel highIntensityMinutes
  moderateIntensityMinutes lowIntensityMinutes inactiveMinutes strainLevel
  avgStressLevel maxStressLevel stressRating lowStressSeconds mediumStressSeconds
  highStressSeconds restStressSeconds bodyBatteryHigh bodyBatteryLow bodyBatteryCurrent
  activityScore recoveryScore sleepScore readinessScore cardiovascularScore respiratoryScore
  acuteTrainingLoad
} } } }
"""


class TestATerraDay:
    async def test_reads_back_every_block(self, http, make_account):
        account = await make_account()
        midnight = local_midnight(account, 2)
        day = await read_back(http, account, "TERRA_DAILY", terra_daily(midnight), DAYS)

        assert day["date"] == midnight.date().isoformat()
        assert datetime.fromisoformat(day["startTime"]) == midnight
        assert datetime.fromisoformat(day["endTime"]) == midnight + timedelta(days=1)
        assert (day["totalSteps"], day["totalDistanceMeters"]) == (14_210, 11_842.5)
        assert (day["floorsClimbed"], day["elevationGainMeters"]) == (9, 86)
        assert [day[f"{name}Seconds"] for name in (
            "activity", "inactivity", "rest", "lowIntensity", "moderateIntensity",
            "vigorousIntensity", "standing")] == [5460, 41_220, 27_900, 3120, 1500, 840, 18_000]  # fmt: skip
        assert (day["standingHoursCount"], day["numInactivePeriods"]) == (11, 4)
        assert (day["totalBurnedCalories"], day["netActivityCalories"]) == (2890.5, 1012)
        assert (day["bmrCalories"], day["netIntakeCalories"]) == (1878.5, None)
        assert [day[f"{name}HeartRateBpm"] for name in ("avg", "max", "min", "resting")] == [
            68.4, 171, 44, 47]  # fmt: skip
        assert (day["avgHrvRmssd"], day["avgHrvSdnn"]) == (58, 71.5)
        assert (day["avgOxygenSaturation"], day["vo2MaxMlPerMinPerKg"]) == (96.5, 54)
        assert (day["avgMetLevel"], day["inactiveMinutes"]) == (1.6, 687)
        assert [day[f"{name}IntensityMinutes"] for name in ("high", "moderate", "low")] == [
            14, 25, 52]  # fmt: skip
        assert day["strainLevel"] == 13.2
        assert (day["avgStressLevel"], day["maxStressLevel"], day["stressRating"]) == (31, 88, 2)
        assert [day[f"{name}StressSeconds"] for name in ("low", "medium", "high", "rest")] == [
            14_400, 5_400, 1_200, 25_200]  # fmt: skip
        assert [day[f"bodyBattery{name}"] for name in ("High", "Low", "Current")] == [92, 24, 24]
        assert [day[f"{name}Score"] for name in (
            "activity", "recovery", "sleep", "readiness", "cardiovascular", "respiratory")] == [
            85, 72, 79, 68, 81, 90]  # fmt: skip
        assert day["acuteTrainingLoad"] is None  # Cadence's to compute, not Terra's


NIGHTS = """
{ sleepSessions(first: 5) { edges { node {
  localDate isNap uploadType totalAsleepSeconds deepSleepSeconds lightSleepSeconds
  remSleepSeconds numRemEvents totalAwakeSeconds awakeInterruptionSeconds numWakeupEvents
  numOutOfBedEvents sleepLatencySeconds wakeUpLatencySeconds inBedSeconds
  unmeasurableSleepSeconds sleepEfficiency avgHeartRateBpm minHeartRateBpm maxHeartRateBpm
  restingHeartRateBpm avgHrvRmssd avgHrvSdnn avgBreathsPerMin minBreathsPerMin
  maxBreathsPerMin avgOxygenSaturation numSnoringEvents totalSnoringSeconds readinessScore
  recoveryLevel temperatureDelta sleepScore sleepContributors hypnogramSamples
  heartRateSamples hrvSamples deviceManufacturer deviceName userNotes qualityRating
} } } }
"""


class TestATerraNight:
    async def test_reads_back_every_block(self, http, make_account):
        account = await make_account()
        fell_asleep = local_midnight(account, 2) - timedelta(minutes=50)
        night = await read_back(http, account, "TERRA_SLEEP", terra_sleep(fell_asleep), NIGHTS)

        assert night["localDate"] == local_midnight(account, 2).date().isoformat()
        assert (night["isNap"], night["uploadType"]) == (False, "automatic")
        assert [night[f"{name}SleepSeconds"] for name in ("deep", "light", "rem")] == [
            5400, 13_200, 6000]  # fmt: skip
        assert (night["totalAsleepSeconds"], night["totalAwakeSeconds"]) == (24_600, 2400)
        assert night["numRemEvents"] == 5
        assert night["awakeInterruptionSeconds"] == 1320
        assert (night["numWakeupEvents"], night["numOutOfBedEvents"]) == (3, 1)
        assert (night["sleepLatencySeconds"], night["wakeUpLatencySeconds"]) == (780, 300)
        assert (night["inBedSeconds"], night["unmeasurableSleepSeconds"]) == (27_000, 120)
        assert night["sleepEfficiency"] == pytest.approx(0.91)
        assert [night[f"{name}HeartRateBpm"] for name in ("avg", "min", "max", "resting")] == [
            52.3, 45, 71, 48]  # fmt: skip
        assert (night["avgHrvRmssd"], night["avgHrvSdnn"]) == (62.5, 75)
        assert [night[f"{name}BreathsPerMin"] for name in ("avg", "min", "max")] == [
            14.2, 11.5, 18]  # fmt: skip
        assert night["avgOxygenSaturation"] == 95.5
        assert (night["numSnoringEvents"], night["totalSnoringSeconds"]) == (6, 840)
        assert (night["readinessScore"], night["recoveryLevel"]) == (77, "good")
        assert (night["temperatureDelta"], night["sleepScore"]) == (-0.3, 84)
        assert [c["contributor_name"] for c in json.loads(night["sleepContributors"])] == [
            "deep_sleep", "latency"]  # fmt: skip
        assert [s["level"] for s in json.loads(night["hypnogramSamples"])] == [1, 4, 5]
        assert [s["bpm"] for s in json.loads(night["heartRateSamples"])] == [58, 54]
        assert [s["hrv_rmssd"] for s in json.loads(night["hrvSamples"])] == [61]
        assert (night["deviceManufacturer"], night["deviceName"]) == ("Oura", "Oura Ring Gen3")
        assert night["userNotes"] is night["qualityRating"] is None


BODIES = """
{ bodyMeasurements(first: 5) { edges { node {
  timestamp measurementType weightKg bodyFatPercentage muscleMassKg boneMassKg waterPercentage
  bmi visceralFat metabolicAge systolicMmHg diastolicMmHg pulseBpm bloodGlucoseMgPerDl
  glucoseFlag glucoseTrendArrow bodyTemperatureCelsius skinTemperatureCelsius
  waterConsumptionMl
} } } }
"""


class TestATerraBodyDay:
    async def test_reads_back_every_block_in_the_seeds_units(self, http, make_account):
        account = await make_account()
        midnight = local_midnight(account, 3)
        measure = await read_back(http, account, "TERRA_BODY", terra_body(midnight), BODIES)

        assert datetime.fromisoformat(measure["timestamp"]) == midnight + timedelta(minutes=1270)
        assert measure["measurementType"] == "body_composition"
        assert (measure["weightKg"], measure["bodyFatPercentage"]) == (64.9, 14.1)
        assert (measure["muscleMassKg"], measure["boneMassKg"]) == (52.3, 2.9)  # from grams
        assert (measure["waterPercentage"], measure["bmi"]) == (58.2, 21.2)
        assert (measure["systolicMmHg"], measure["diastolicMmHg"]) == (121, 79)
        assert measure["bloodGlucoseMgPerDl"] == 141
        assert (measure["glucoseFlag"], measure["glucoseTrendArrow"]) == ("high", "rising")
        assert measure["bodyTemperatureCelsius"] == 36.6
        assert measure["skinTemperatureCelsius"] == 33.8
        assert measure["waterConsumptionMl"] == 2300
        assert measure["visceralFat"] is measure["metabolicAge"] is measure["pulseBpm"] is None


ACTIVITY = """
query A($id: ID!) { activity(activityId: $id) {
  startTime endTime uploadType city country timestampLocalization distanceMeters
  durationSeconds movingTimeSeconds steps floorsClimbed elevationGainMeters elevationLossMeters
  elevationAvgMeters elevationMaxMeters elevationMinMeters avgSpeedMetersPerSecond
  maxSpeedMetersPerSecond normalizedSpeedMetersPerSecond avgCadenceRpm maxCadenceRpm
  avgHeartRateBpm maxHeartRateBpm minHeartRateBpm restingHeartRateBpm userMaxHeartRateBpm
  avgHrvRmssd avgHrvSdnn hrZone0Seconds hrZone1Seconds hrZone2Seconds hrZone3Seconds
  hrZone4Seconds hrZone5Seconds totalBurnedCalories netActivityCalories bmrCalories
  energyKilojoules workKilojoules avgWatts maxWatts normalizedPowerWatts intensityFactor
  avgOxygenSaturation vo2MaxMlPerMinPerKg strainLevel avgMetLevel highIntensityMinutes
  moderateIntensityMinutes lowIntensityMinutes inactiveMinutes activitySeconds
  inactivitySeconds restSeconds lowIntensitySeconds moderateIntensitySeconds
  vigorousIntensitySeconds startLatitude startLongitude endLatitude endLongitude
  summaryPolyline deviceName deviceManufacturer deviceSoftwareVersion swimLaps
  functionalThresholdPower sufferScore
  samples { offsetS distanceM hr elevationM cadenceSpm paceSPerKm lat lng powerW }
} }
"""


class TestATerraRun:
    async def test_reads_back_every_block(self, http, make_account):
        account = await make_account()
        start = local_midnight(account, 2) + timedelta(hours=7)
        body = await graphql(
            http, IMPORT, {"source": "TERRA_ACTIVITY", "payload": [terra_run(start)]}, account
        )
        (imported_run,) = body["data"]["importActivities"]["activities"]
        body = await graphql(http, ACTIVITY, {"id": imported_run["id"]}, account)
        assert "errors" not in body, body
        run = body["data"]["activity"]

        assert datetime.fromisoformat(run["endTime"]) == start + timedelta(minutes=55)
        assert (run["uploadType"], run["city"], run["country"]) == ("automatic", "Lyon", "France")
        assert run["timestampLocalization"] == 0
        assert (run["distanceMeters"], run["durationSeconds"]) == (11_020, 3300)
        assert (run["movingTimeSeconds"], run["steps"], run["floorsClimbed"]) == (3240, 9020, 3)
        assert [run[f"elevation{name}Meters"] for name in ("Gain", "Loss", "Avg", "Max", "Min")] == [
            64, 61, 182.5, 214, 161]  # fmt: skip
        assert (run["avgSpeedMetersPerSecond"], run["maxSpeedMetersPerSecond"]) == (3.4, 4.6)
        assert run["normalizedSpeedMetersPerSecond"] == 3.45
        assert (run["avgCadenceRpm"], run["maxCadenceRpm"]) == (82, 94)
        assert [run[f"{name}HeartRateBpm"] for name in ("avg", "max", "min", "resting")] == [
            141, 163, 96, 48]  # fmt: skip
        assert run["userMaxHeartRateBpm"] == 188
        assert (run["avgHrvRmssd"], run["avgHrvSdnn"]) == (21.5, 30)
        assert [run[f"hrZone{zone}Seconds"] for zone in range(6)] == [
            None, 420, 2160, 660, None, None]  # fmt: skip
        assert (run["totalBurnedCalories"], run["netActivityCalories"]) == (702, 621)
        assert (run["bmrCalories"], run["energyKilojoules"]) == (81, 2937.2)
        assert run["workKilojoules"] == 818.4
        assert (run["avgWatts"], run["maxWatts"], run["normalizedPowerWatts"]) == (248, 412, 255)
        assert run["intensityFactor"] == 0.88
        assert (run["avgOxygenSaturation"], run["vo2MaxMlPerMinPerKg"]) == (97, 55)
        assert (run["strainLevel"], run["avgMetLevel"]) == (11.4, 10.8)
        assert [run[f"{name}IntensityMinutes"] for name in ("high", "moderate", "low")] == [
            9, 40, 5]  # fmt: skip
        assert run["inactiveMinutes"] == 0
        assert [run[f"{name}Seconds"] for name in (
            "activity", "inactivity", "rest", "lowIntensity", "moderateIntensity",
            "vigorousIntensity")] == [3240, 0, 60, 300, 2400, 540]  # fmt: skip
        assert (run["startLatitude"], run["startLongitude"]) == (45.7578, 4.832)
        assert (run["endLatitude"], run["endLongitude"]) == (45.7602, 4.8411)
        assert run["summaryPolyline"] == "u{~vFvyys@fS]"
        assert (run["deviceName"], run["deviceManufacturer"], run["deviceSoftwareVersion"]) == (
            "Forerunner 965", "Garmin", "19.18")  # fmt: skip
        # Terra's detailed series make the chart track (heartRate/cadence/speedSamples).
        assert [(s["offsetS"], s["distanceM"], s["hr"], s["cadenceSpm"]) for s in run["samples"]] == [
            (0, 0, 118, 160), (600, 2000, 139, 166), (1200, 4050, 146, None)]  # fmt: skip
        assert [s["paceSPerKm"] for s in run["samples"]] == [None, 300, 292.7]
        assert [(s["lat"], s["lng"], s["powerW"]) for s in run["samples"]] == [
            (45.7578, 4.832, None), (None, None, 251), (None, None, None)]  # fmt: skip
        # Not a swim; no threshold power or suffer score in Terra's model.
        assert run["swimLaps"] is run["functionalThresholdPower"] is run["sufferScore"] is None
