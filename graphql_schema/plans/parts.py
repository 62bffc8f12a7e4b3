"""The parts of a plan: outcomes, radar, decisions, phases, load, safeguards, history.

Where the seed names a stored field differently, the part answers under the seed's name too
(`milestone` for `title`, `safeguardId` for `safeguardKey`...).
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry

from app.models import plan
from app.planning.calendar_widget import pace_band_label
from app.planning.safeguards import safeguard_applied
from app.planning.snapshot import radar_points
from graphql_schema.common_types import PaceRange  # noqa: F401 - registered for nesting
from graphql_schema.documents import Stored, document_type, stored


@document_type(plan.IntensityDistribution)
class IntensityDistribution:
    @strawberry.field(description="Share of easy time, percent (the seed's name).")
    def easy(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["easyPct"])

    @strawberry.field(description="Share of moderate time, percent (the seed's name).")
    def moderate(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["moderatePct"])

    @strawberry.field(description="Share of hard time, percent (the seed's name).")
    def hard(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["hardPct"])


@document_type(plan.Milestone)
class Milestone:
    @strawberry.field(description="The milestone (the seed's name for `title`).")
    def milestone(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["title"])

    @strawberry.field(description="Why it matters (the seed's name for `description`).")
    def significance(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["description"])


@document_type(plan.Risk)
class Risk:
    pass


@document_type(plan.GoalFeasibility)
class GoalFeasibility:
    pass


@document_type(plan.ExpectedOutcomes)
class ExpectedOutcomes:
    pass


@document_type(plan.RadarValue)
class RadarValue:
    pass


@strawberry.type(description="One RadarChart axis as the seed draws it.")
class RadarPoint:
    label: str = strawberry.field(description="`Endurance` ... `Race Ready`.")
    value: float = strawberry.field(description="0-100.")
    uncertain: bool = strawberry.field(description="An estimate (drawn apart on the chart).")


@document_type(plan.FitnessIndicators)
class FitnessIndicators:
    pass


@document_type(plan.PlanInfluencer)
class PlanInfluencer:
    pass


@document_type(plan.RunnerSnapshot)
class RunnerSnapshot:
    @strawberry.field(description="The six radar axes with their labels, for the RadarChart.")
    def profile_radar(self, parent: strawberry.Parent[Stored]) -> list[RadarPoint]:
        return [stored(RadarPoint, point) for point in radar_points(parent["axes"])]


@document_type(plan.PhasePlan)
class PhasePlan:
    @strawberry.field(description="`Base`, `Build`, `Peak` or `Taper`.")
    def name(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["phase"]).capitalize()

    @strawberry.field(description="Why the phase matters (the seed's name for `justification`).")
    def phase_justification(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["justification"])


@document_type(plan.LoadParameters)
class LoadParameters:
    @strawberry.field(description="km a week at the start (data model: `baseVolume`).")
    def base_volume(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["startVolumeKm"])

    @strawberry.field(description="km a week at the start (story 6.1: `startingVolume`).")
    def starting_volume(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["startVolumeKm"])

    @strawberry.field(description="km a week at the peak.")
    def peak_volume(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["peakVolumeKm"])

    @strawberry.field(description="Largest weekly volume increase, percent.")
    def weekly_increase_percent(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["maxWeeklyIncreasePct"])

    @strawberry.field(description="Story 6.1's name for `weeklyIncreasePercent`.")
    def weekly_increase(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["maxWeeklyIncreasePct"])

    @strawberry.field(description="Longest long run, percent of its week's volume.")
    def max_long_run_percent(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["longRunMaxSharePct"])

    @strawberry.field(description="A recovery week every N weeks.")
    def recovery_week_frequency(self, parent: strawberry.Parent[Stored]) -> int:
        return int(parent["recoveryEveryNWeeks"])

    @strawberry.field(description="How much lighter a recovery week is, percent.")
    def recovery_week_reduction(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["recoveryReductionPct"])


@document_type(plan.TargetPaces, name="PaceBands")
class PaceBands:
    pass


@strawberry.type(description="Training paces from VDOT, as the seed writes them (`m:ss–m:ss/km`).")
class TargetPaces:
    vdot: float

    @strawberry.field(description="Recovery runs, `6:30–6:50/km` (null for older plans).")
    def recovery(self, parent: strawberry.Parent[Stored]) -> str | None:
        return pace_band_label(parent.get("recovery"))

    @strawberry.field(description="Easy pace, `5:40–6:10/km`.")
    def easy(self, parent: strawberry.Parent[Stored]) -> str | None:
        return pace_band_label(parent.get("easy"))

    @strawberry.field(description="Marathon pace.")
    def marathon(self, parent: strawberry.Parent[Stored]) -> str | None:
        return pace_band_label(parent.get("marathon"))

    @strawberry.field(description="Threshold pace.")
    def threshold(self, parent: strawberry.Parent[Stored]) -> str | None:
        return pace_band_label(parent.get("threshold"))

    @strawberry.field(description="Interval pace.")
    def interval(self, parent: strawberry.Parent[Stored]) -> str | None:
        return pace_band_label(parent.get("interval"))

    @strawberry.field(description="Repetition pace.")
    def repetition(self, parent: strawberry.Parent[Stored]) -> str | None:
        return pace_band_label(parent.get("repetition"))

    @strawberry.field(description="Race pace.")
    def race(self, parent: strawberry.Parent[Stored]) -> str | None:
        return pace_band_label(parent.get("race"))

    @strawberry.field(description="The same bands in seconds per km.")
    def bands(self, parent: strawberry.Parent[Stored]) -> PaceBands:
        return stored(PaceBands, parent)


@document_type(plan.Decision)
class Decision:
    @strawberry.field(description="What was decided (the data model's name for `decision`).")
    def what(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["decision"])

    @strawberry.field(description="Story 6.1's name for `decisionType`.")
    def category(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["decisionType"])


@document_type(plan.SafeguardApplication)
class SafeguardApplication:
    @strawberry.field(description="The safeguard's key (the seed's name for `safeguardKey`).")
    def safeguard_id(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["safeguardKey"])

    @strawberry.field(description="Whether the safeguard changed or blocked something.")
    def applied(self, parent: strawberry.Parent[Stored]) -> bool:
        return safeguard_applied(parent)

    @strawberry.field(description="Why (the seed's name for `message`).")
    def reason(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["message"])


@document_type(plan.Modification)
class Modification:
    @strawberry.field(description="When (the seed's name for `at`).")
    def timestamp(self, parent: strawberry.Parent[Stored]) -> datetime:
        return cast("datetime", parent["at"])

    @strawberry.field(description="What kind of change (the seed's name for `kind`).")
    def change_type(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["kind"])

    @strawberry.field(description="What changed (the seed's name for `summary`).")
    def description(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["summary"])


@document_type(plan.PauseWindow)
class PauseWindow:
    pass


@document_type(plan.PlanMetadata)
class PlanMetadata:
    pass
