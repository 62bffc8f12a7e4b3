"""`Runner.fitness`, `Plan.loadForecast` and `Plan.prediction`: types and thin resolvers."""

from __future__ import annotations

from datetime import date

import strawberry

from app.errors import InvalidInputError as DomainInvalidInput
from app.fitness import service
from app.fitness.prediction import OnTrackStatus
from app.fitness.race_prediction import RacePrediction
from app.fitness.state import FitnessDay as FitnessPoint
from graphql_schema.context import Context
from graphql_schema.documents import Stored
from graphql_schema.errors import InvalidInputError

strawberry.enum(OnTrackStatus, name="OnTrackStatus")


@strawberry.type(
    description="One day of the performance management chart: the day's training load, and "
    "fitness (CTL, 42-day), fatigue (ATL, 7-day) and form (TSB: yesterday's CTL - ATL)."
)
class FitnessDay:
    date: date
    load: float
    ctl: float
    atl: float
    tsb: float

    @classmethod
    def of(cls, point: FitnessPoint) -> FitnessDay:
        """The API's day from the computed one, rounded to hundredths."""
        return cls(
            date=point.date,
            load=round(point.load, 2),
            ctl=round(point.ctl, 2),
            atl=round(point.atl, 2),
            tsb=round(point.tsb, 2),
        )


@strawberry.type(description="What a prediction rests on: a distance run in a time.")
class PredictionBasis:
    kind: str = strawberry.field(
        description="adaptive_5k (recent races and quality sessions), recent_race or baseline_5k."
    )
    distance_m: float
    time_s: float


@strawberry.type(description="The predicted race time against the goal.")
class OnTrack:
    status: OnTrackStatus
    delta_s: float = strawberry.field(description="Predicted minus goal time, in seconds.")


@strawberry.type(description="Predicted times for the plan's race, and how the runner stands.")
class RacePredictionResult:
    as_of: date
    distance_m: float
    basis: PredictionBasis
    vdot: float
    predicted_time_s: float = strawberry.field(description="The VDOT-equivalent time.")
    vdot_equivalent_s: float
    riegel_s: float = strawberry.field(description="Riegel: T2 = T1 (D2/D1)^1.06.")
    gofast_baseline_s: float = strawberry.field(
        description="GoFast: 5 km pace per mile + 10 s per 6.2 miles beyond 3.1."
    )
    goal_time_s: float | None
    on_track: OnTrack | None = strawberry.field(description="Null without a goal time.")
    previous_predicted_time_s: float | None = strawberry.field(
        description="The prediction the same data gave 14 days earlier."
    )
    trend: str | None = strawberry.field(
        description="improving, steady or declining against 14 days earlier (0.5 % band)."
    )

    @classmethod
    def of(cls, prediction: RacePrediction) -> RacePredictionResult:
        """The API's prediction from the computed one (times to the tenth of a second)."""
        return cls(
            as_of=prediction.as_of,
            distance_m=prediction.distance_m,
            basis=PredictionBasis(
                kind=prediction.basis.kind,
                distance_m=prediction.basis.distance_m,
                time_s=round(prediction.basis.time_s, 1),
            ),
            vdot=round(prediction.vdot, 1),
            predicted_time_s=round(prediction.predicted_time_s, 1),
            vdot_equivalent_s=round(prediction.vdot_equivalent_s, 1),
            riegel_s=round(prediction.riegel_s, 1),
            gofast_baseline_s=round(prediction.gofast_baseline_s, 1),
            goal_time_s=prediction.goal_time_s,
            on_track=OnTrack(
                status=prediction.on_track.status, delta_s=round(prediction.on_track.delta_s, 1)
            )
            if prediction.on_track
            else None,
            previous_predicted_time_s=round(prediction.previous_predicted_time_s, 1)
            if prediction.previous_predicted_time_s is not None
            else None,
            trend=prediction.trend,
        )


async def fitness_of_runner(
    info: strawberry.Info[Context, None], first: date, last: date
) -> list[FitnessDay]:
    """The viewer's chart between two days (a Runner is only ever the viewer's own)."""
    runner_id = await info.context.runner_id()
    try:
        series = await service.fitness_range(info.context.repositories, runner_id, first, last)
    except DomainInvalidInput as exc:
        raise InvalidInputError(exc.message, field=exc.field) from None
    return [FitnessDay.of(point) for point in series]


async def load_forecast_of_plan(
    parent: Stored, info: strawberry.Info[Context, None]
) -> list[FitnessDay]:
    """The plan's projected chart from today to its end."""
    runner_id = await info.context.runner_id()
    forecast = await service.plan_load_forecast(
        info.context.repositories, runner_id, parent, info.context.clock.now()
    )
    return [FitnessDay.of(point) for point in forecast]


async def prediction_of_plan(
    parent: Stored, info: strawberry.Info[Context, None]
) -> RacePredictionResult | None:
    """The plan's race prediction, or null without a basis or a race distance."""
    runner_id = await info.context.runner_id()
    prediction = await service.plan_prediction(
        info.context.repositories, runner_id, parent, info.context.clock.now()
    )
    return RacePredictionResult.of(prediction) if prediction else None


PLAN_FITNESS_FIELDS = {
    "loadForecast": ["metadata"],
    "prediction": ["metadata", "raceId"],
}
"""Stored plan keys the fitness fields read (for projections)."""
