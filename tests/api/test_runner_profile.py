"""updateRunnerProfile in the seed's words; what the inference engine derives is not writable."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import Account, graphql

UPDATE = """
mutation U($s: RunnerSection!, $v: JSON!) {
  updateRunnerProfile(section: $s, values: $v) {
    __typename ... on InvalidInput { field rule }
  }
}
"""
PROFILE = """
{ viewer { runner {
  identity { name nameConfirmed preferredName }
  physical { maxHr age }
  running { currentWeeklyVolumeKm actualWeeklyVolumeKm consistencyScore
    personalBests { fiveK { time date source } halfMarathon { time } } }
  health { pastInjuries injuryDetails { type severity dateOccurred } }
  coaching { tone motivations }
  goals { goalType raceName targetTime }
} } }
"""


async def update(http, account: Account, section: str, values: dict) -> dict:
    body = await graphql(http, UPDATE, {"s": section, "v": values}, account)
    assert "errors" not in body, body
    return body["data"]["updateRunnerProfile"]


class TestSeedFieldNames:
    async def test_each_section_takes_the_seeds_names(self, http, make_account):
        account = await make_account()
        edits = {
            "IDENTITY": {"name": "Ana Ruiz", "nameConfirmed": True, "preferredName": "Ana"},
            "PHYSICAL": {"maxHeartRate": 188, "age": 34},
            "RUNNING": {
                "currentVolume": 42,
                "personalBests": {
                    "fiveK": {"time": 1260, "date": "2026-04-12", "source": "race"},
                    "halfMarathon": {"time": 5940, "date": "2025-10-05", "source": "race"},
                },
            },
            "HEALTH": {
                "pastInjuries": ["shin_splints", "itbs"],
                "injuryDetails": [
                    {"type": "itbs", "severity": "moderate", "dateOccurred": "2025-06-01"}
                ],
            },
            "COACHING": {"coachingVoice": "tough_love", "motivations": ["competition"]},
            "GOALS": {"goalType": "race", "raceName": "Valencia half", "targetTime": 5700},
        }
        for section, values in edits.items():
            answer = await update(http, account, section, values)
            assert answer["__typename"] == "RunnerUpdated", (section, answer)
        body = await graphql(http, PROFILE, None, account)
        runner = body["data"]["viewer"]["runner"]
        assert runner["identity"] == {
            "name": "Ana Ruiz",
            "nameConfirmed": True,
            "preferredName": "Ana",
        }
        assert runner["physical"] == {"maxHr": 188, "age": 34}
        assert runner["running"]["currentWeeklyVolumeKm"] == 42
        assert runner["running"]["personalBests"] == {
            "fiveK": {"time": 1260, "date": "2026-04-12", "source": "race"},
            "halfMarathon": {"time": 5940},
        }
        assert runner["health"] == {
            "pastInjuries": ["shin_splints", "itbs"],
            "injuryDetails": [
                {"type": "itbs", "severity": "moderate", "dateOccurred": "2025-06-01"}
            ],
        }
        assert runner["coaching"] == {"tone": "tough_love", "motivations": ["competition"]}
        assert runner["goals"] == {
            "goalType": "race",
            "raceName": "Valencia half",
            "targetTime": 5700,
        }

    async def test_a_seed_name_and_its_stored_name_at_once_is_refused(self, http, make_account):
        account = await make_account()
        answer = await update(http, account, "PHYSICAL", {"maxHeartRate": 188, "maxHr": 190})
        assert answer["__typename"] == "InvalidInput"


class TestDerivedFields:
    @pytest.mark.parametrize(
        ("section", "values", "field"),
        [
            ("RUNNING", {"actualWeeklyVolumeKm": 999}, "running.actualWeeklyVolumeKm"),
            ("RUNNING", {"actualWeeklyVolume": 999}, "running.actualWeeklyVolume"),
            ("RUNNING", {"consistencyScore": 100}, "running.consistencyScore"),
            ("RUNNING", {"trainingConsistency": "high"}, "running.trainingConsistency"),
            ("GOALS", {"goalFeasibility": "achievable"}, "goals.goalFeasibility"),
        ],
    )
    async def test_are_refused_with_a_typed_error_and_nothing_changes(
        self, http, make_account, section, values, field
    ):
        account = await make_account()
        answer = await update(http, account, section, {"currentVolume": 30, **values})
        assert answer["__typename"] == "InvalidInput", answer
        assert answer["field"] == field
        assert "derived" in answer["rule"]
        running = (await graphql(http, PROFILE, None, account))["data"]["viewer"]["runner"]
        assert running["running"]["actualWeeklyVolumeKm"] is None
        assert running["running"]["currentWeeklyVolumeKm"] is None

    async def test_current_state_is_not_a_section_the_runner_can_name(self, http, make_account):
        account = await make_account()
        body = await graphql(
            http, UPDATE, {"s": "CURRENT_STATE", "v": {"readiness": {"score": 100}}}, account
        )
        assert "data" not in body or body["data"] is None
        assert "CURRENT_STATE" in body["errors"][0]["message"]


class TestConcurrentEdits:
    """Two devices editing one section at once: neither edit is lost."""

    async def test_edits_of_two_fields_of_one_section_both_stay(self, http, make_account):
        account = await make_account()
        for round_number in range(8):
            await asyncio.gather(
                update(http, account, "IDENTITY", {"preferredName": f"Ana {round_number}"}),
                update(http, account, "IDENTITY", {"name": f"Ana Ruiz {round_number}"}),
            )
            body = await graphql(http, PROFILE, None, account)
            identity = body["data"]["viewer"]["runner"]["identity"]
            assert identity["name"] == f"Ana Ruiz {round_number}", identity
            assert identity["preferredName"] == f"Ana {round_number}", identity
