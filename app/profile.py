"""The runner's own profile and race goals: validated edits, nothing half-written."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bson import ObjectId
from pydantic import ValidationError

from app.errors import InvalidInputError, NotFoundError
from app.models.common import Model
from app.models.race import RaceDocument
from app.models.runner import RUNNER_SECTIONS
from app.runner_input import keep_last_sync, stored_changes
from repositories.base import Document
from repositories.registry import Repositories


async def update_runner_section(
    repositories: Repositories,
    runner_id: ObjectId,
    section: str,
    changes: dict[str, Any],
    *,
    now: datetime,
) -> Document:
    """Merge `changes` into one section of the runner object, validated as a whole.

    Seed names are taken for the stored ones; derived fields are refused (`app.runner_input`).
    Setting `running.vdot` stamps `running.vdotUpdatedAt` with `now`.
    """
    model = RUNNER_SECTIONS.get(section)
    if model is None:
        raise InvalidInputError("section", f"must be one of {', '.join(RUNNER_SECTIONS)}")
    changes = stored_changes(section, changes)
    if section == "running" and "vdot" in changes:
        changes["vdotUpdatedAt"] = now
    runner = await repositories.runners.get(runner_id)
    if runner is None:
        raise NotFoundError("runner", runner_id)
    current = runner.get(section) or {}
    if section == "connections":
        changes = keep_last_sync(changes, current)
    try:
        merged = model.model_validate({**current, **changes})
    except ValidationError as exc:
        raise InvalidInputError.from_validation(exc, prefix=f"{section}.") from None
    unknown = set(changes) - {field.alias or name for name, field in model.model_fields.items()}
    unknown -= set(model.model_fields)
    if unknown:
        raise InvalidInputError(f"{section}.{min(unknown)}", "is not a field of this section")
    stored = merged.to_mongo()
    if runner.get(section) is None:
        updated = await repositories.runners.replace_section(runner_id, section, stored)
    else:
        # Only the fields sent (and defaults the section lacked) are written, each on its own:
        # a concurrent edit of another field, or the engine's refresh of a derived one, stays.
        written = {_stored_name(model, name) for name in changes} | (set(stored) - set(current))
        updated = await repositories.runners.set_section_fields(
            runner_id,
            section,
            {name: stored[name] for name in written if name in stored},
            sorted(name for name in written if name not in stored),
        )
    if updated is None:
        raise NotFoundError("runner", runner_id)
    return updated


def _stored_name(model: type[Model], name: str) -> str:
    field = model.model_fields.get(name)
    return (field.alias or name) if field is not None else name


def _validated_race(data: dict[str, Any], today: date) -> RaceDocument:
    try:
        race = RaceDocument.model_validate(data)
    except ValidationError as exc:
        raise InvalidInputError.from_validation(exc) from None
    if race.date < today:
        raise InvalidInputError("date", "the race date is in the past: pick an upcoming race")
    return race


async def create_race(
    repositories: Repositories, runner_id: ObjectId, data: dict[str, Any], today: date
) -> Document:
    """Store a new race goal for the runner."""
    race = _validated_race({**data, "runnerId": runner_id}, today)
    return await repositories.races.insert(race)


async def update_race(
    repositories: Repositories,
    runner_id: ObjectId,
    race_id: ObjectId,
    changes: dict[str, Any],
    today: date,
) -> Document:
    """Apply changes to one of the runner's races, validated as a whole."""
    current = await repositories.races.get(runner_id, race_id)
    if current is None:
        raise NotFoundError("race", race_id)
    if "type" in changes and "distanceM" not in changes and "distance_m" not in changes:
        current.pop("distanceM", None)
    if "goalTimeS" in changes or "goal_time_s" in changes:
        current.pop("goalPaceSPerKm", None)
    race = _validated_race({**current, **changes}, today)
    updated = await repositories.races.replace(race)
    if updated is None:
        raise NotFoundError("race", race_id)
    return updated
