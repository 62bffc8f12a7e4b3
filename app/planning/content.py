"""What each kind of session is for, how to run it, what to do instead, and how it looks."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.session import Alternative, SessionType
from app.planning.references import Ref

_ST = SessionType


@dataclass(frozen=True, slots=True)
class SessionContent:
    """The fixed texts and tokens of one kind of session."""

    title: str
    physiological_target: str
    key_points: tuple[str, ...]
    alternatives: tuple[Alternative, ...]
    knowledge_refs: tuple[Ref, ...]
    intensity_label: str
    color: str
    icon: str


def _alt(
    title: str, description: str, when: str, session_type: SessionType | None = None
) -> Alternative:
    kind = session_type.value if session_type else None
    return Alternative(title=title, description=description, when=when, session_type=kind)


SPLIT_RUN = "Split run"
"""The alternative that splits a session in two runs the same day."""

_EASY_INSTEAD = _alt(
    "Easy run instead",
    "Run the same time at easy pace, with no fast running.",
    "legs heavy, poor sleep, or a niggle that worsens with speed",
    SessionType.EASY,
)
_CROSS_TRAIN = _alt(
    "Cross-training",
    "Cycle, swim or use an elliptical for the same time at the same effort.",
    "a niggle that hurts when running but not on the bike",
    SessionType.CROSS_TRAINING,
)
_REST_INSTEAD = _alt(
    "Rest",
    "Take the day off and move the week on; do not squeeze the session in later.",
    "ill (fever, chest symptoms) or in pain",
    SessionType.REST,
)
_TREADMILL = _alt(
    "Treadmill",
    "Run the same repetitions on a treadmill at 1 % incline.",
    "ice, storm or darkness make fast running outside unsafe",
)

SESSION_CONTENT: dict[SessionType, SessionContent] = {
    _ST.REST: SessionContent(
        "Rest day",
        "Recovery: muscle repair, glycogen restored, and the adaptations of the past days "
        "consolidated.",
        ("Sleep well and eat enough.", "Gentle walking or mobility is fine."),
        (_alt("Walk or mobility", "20-30 min walk or mobility routine.", "restless legs"),),
        (Ref.REST_DAYS,),
        "Rest",
        "rest",
        "rest",
    ),
    _ST.RECOVERY: SessionContent(
        "Recovery run",
        "Blood flow to tired muscles without adding fatigue.",
        ("Slower than you think; conversation pace.", "Cut it short if legs stay heavy."),
        (_REST_INSTEAD, _CROSS_TRAIN),
        (Ref.RECOVERY_RUNS, Ref.HARD_EASY),
        "Very easy",
        "easy",
        "recovery",
    ),
    _ST.EASY: SessionContent(
        "Easy run",
        "Aerobic base: capillaries, mitochondria and tendon resilience, at low stress.",
        ("Conversational pace; breathing through the nose is a good check.",),
        (_CROSS_TRAIN, _REST_INSTEAD),
        (Ref.POLARIZED_TRAINING, Ref.AEROBIC_BASE),
        "Easy",
        "easy",
        "run",
    ),
    _ST.LONG: SessionContent(
        "Long run",
        "Endurance: fat use, glycogen storage, and muscles and mind used to time on feet.",
        (
            "Start slower than easy pace and stay relaxed.",
            "Carry water; from 75 min on, take 30-60 g of carbohydrate per hour.",
        ),
        (
            _alt(
                SPLIT_RUN,
                "Two runs the same day adding up to the distance.",
                "short of time or returning from a niggle",
            ),
            _CROSS_TRAIN,
        ),
        (Ref.LONG_RUN, Ref.AEROBIC_BASE),
        "Steady",
        "moderate",
        "long-run",
    ),
    _ST.FARTLEK: SessionContent(
        "Fartlek",
        "A touch of speed and rhythm while the week stays light.",
        ("Brisk, not flat out: about 10 km effort.", "Run by feel; terrain can set the pace."),
        (_EASY_INSTEAD,),
        (Ref.FARTLEK, Ref.RECOVERY_WEEKS),
        "Moderate",
        "moderate",
        "fartlek",
    ),
    _ST.TEMPO: SessionContent(
        "Tempo run",
        "Lactate threshold: the fastest pace that can be held for about an hour.",
        ("Comfortably hard: a few words, not sentences.", "Even pace; do not race it."),
        (_EASY_INSTEAD, _TREADMILL),
        (Ref.THRESHOLD_TRAINING, Ref.VDOT_PACES, Ref.HARD_EASY),
        "Hard",
        "hard",
        "tempo",
    ),
    _ST.THRESHOLD: SessionContent(
        "Threshold intervals",
        "Lactate threshold, in cruise intervals that allow more time at the right pace.",
        ("Hold T pace on every repetition; short jogs between.",),
        (_EASY_INSTEAD, _TREADMILL),
        (Ref.THRESHOLD_TRAINING, Ref.VDOT_PACES, Ref.HARD_EASY),
        "Hard",
        "hard",
        "intervals",
    ),
    _ST.INTERVALS: SessionContent(
        "Intervals",
        "VO2max: the heart's stroke volume and the ceiling of aerobic power.",
        ("Hard but controlled; the last repetition as fast as the first.",),
        (_EASY_INSTEAD, _TREADMILL),
        (Ref.VO2MAX_INTERVALS, Ref.VDOT_PACES, Ref.HARD_EASY),
        "Very hard",
        "hard",
        "intervals",
    ),
    _ST.REPETITION: SessionContent(
        "Repetitions",
        "Speed and running economy: fast, relaxed form with full recovery.",
        ("Fast and relaxed, never straining.", "Recover fully before the next one."),
        (_EASY_INSTEAD, _TREADMILL),
        (Ref.REPETITION_TRAINING, Ref.VDOT_PACES, Ref.HARD_EASY),
        "Very hard",
        "hard",
        "intervals",
    ),
    _ST.HILLS: SessionContent(
        "Hill repeats",
        "Leg strength and power with less impact than flat speed work.",
        ("A 4-8 % hill; strong arms, tall posture.", "Jog down slowly."),
        (_EASY_INSTEAD, _TREADMILL),
        (Ref.HILL_TRAINING, Ref.HARD_EASY),
        "Hard",
        "hard",
        "hills",
    ),
    _ST.RACE_PACE: SessionContent(
        "Race-pace run",
        "Specificity: the pace, fuelling and rhythm of race day.",
        ("Lock into race pace early; practise race-day fuelling and kit.",),
        (_EASY_INSTEAD,),
        (Ref.SPECIFICITY, Ref.VDOT_PACES, Ref.HARD_EASY),
        "Hard",
        "hard",
        "race-pace",
    ),
    _ST.RACE: SessionContent(
        "Race day",
        "The goal: everything the season built, delivered at an even effort.",
        (
            "Start no faster than target pace; the first kilometres should feel easy.",
            "Eat and drink what you practised; nothing new on race day.",
        ),
        (
            _alt(
                "Start slower",
                "Start 10-15 s/km slower than target pace and finish faster.",
                "heat above 20 °C, strong wind or a hilly course",
            ),
        ),
        (Ref.RACE_DAY_PACING, Ref.TAPER),
        "Race",
        "race",
        "trophy",
    ),
}

STRIDES_POINT = "Strides: 20 s quick and relaxed, full recovery; they keep speed without fatigue."
