"""A stored session's minutes of easy, moderate and hard running, block by block.

One function gives a generated week its shares and a revised week its new ones, so a week
keeps telling the truth about its sessions after an adaptation.
"""

from __future__ import annotations

import pytest

from app.models.common import RACE_DISTANCE_M, RaceType
from app.planning.week_figures import intensity_minutes
from tests.unit.planning.strategies import generate, make_request

RACES = [RaceType.FIVE_K, RaceType.TEN_K, RaceType.HALF_MARATHON, RaceType.MARATHON]


def stored_sessions(race: RaceType) -> list[dict]:
    request = make_request(race_type=race, race_distance_m=RACE_DISTANCE_M[race])
    return [session.to_mongo() for session in generate(request).sessions]


@pytest.mark.parametrize("race", RACES)
def test_the_minutes_add_up_to_the_sessions_duration(race):
    for session in stored_sessions(race):
        easy, moderate, hard = intensity_minutes(session)
        assert min(easy, moderate, hard) >= 0
        assert easy + moderate + hard == pytest.approx(session["durationMin"], abs=1.0), session


@pytest.mark.parametrize("race", RACES)
def test_each_kind_of_session_has_its_intensity(race):
    sessions = stored_sessions(race)
    kinds = {session["type"] for session in sessions}
    assert {"intervals", "hills"} & kinds or {"repetition"} & kinds
    for session in sessions:
        easy, moderate, hard = intensity_minutes(session)
        kind = session["type"]
        if kind == "rest":
            assert (easy, moderate, hard) == (0, 0, 0)
        elif kind in {"intervals", "repetition", "hills"}:
            assert hard > 0, session
            assert moderate == 0, session
            assert easy > 0, session  # the warm-up, the jogs and the cool-down
        elif kind in {"tempo", "threshold"}:
            assert moderate > 0, session
            assert hard == 0, session
        elif kind in {"easy", "recovery"} and len(session["structure"]) == 1:
            assert (moderate, hard) == (0, 0), session
        elif kind == "race":
            assert (moderate > 0) == (race is RaceType.MARATHON), session
            assert (hard > 0) == (race is not RaceType.MARATHON), session
