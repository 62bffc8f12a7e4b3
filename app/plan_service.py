"""Generating and storing plans, with idempotency keys.

A plan, all its sessions and its assignment to the runner are written in one transaction:
readers never see half a plan, and a failure leaves nothing behind. A new draft becomes the
runner's current plan only when they follow no active or paused plan: a draft never displaces
the plan being trained on (`activatePlan` makes it the current one). An idempotency key stands
for one request: sent again with the same race and options it returns the plan it made; with
others it is a conflict.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from app.errors import ConflictError, InvalidInputError, NotFoundError
from app.models.knowledge import SafeguardDocument
from app.models.plan import FOLLOWED_STATUSES, PlanStatus
from app.models.race import GoalPriority, RaceDocument
from app.models.runner import RunnerDocument
from app.plan_lifecycle import record_assignment
from app.planning.errors import PlanInputError
from app.planning.generator import GeneratedPlan, generate_plan
from app.planning.profile import PlanRequest
from app.planning.seed_data import load_knowledge_base, load_safeguards
from repositories.base import Document
from repositories.registry import Repositories

log = logging.getLogger("cadence.plans")


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """What the runner may choose when asking for a plan."""

    start_date: date | None = None
    runs_per_week: int | None = None
    goal_priority: GoalPriority | None = None

    def fingerprint(self, race_id: ObjectId) -> str:
        """What an idempotency key stands for: the race and the options, as sent."""
        parts = (race_id, self.start_date, self.runs_per_week, self.goal_priority)
        text = "|".join("" if part is None else str(part) for part in parts)
        return hashlib.sha256(text.encode()).hexdigest()


async def seed_reference_data(repositories: Repositories) -> None:
    """Write the knowledge base and safeguards from the versioned files (idempotent)."""
    await repositories.knowledge.seed([entry.to_mongo() for entry in load_knowledge_base()])
    await repositories.safeguards.seed([rule.to_mongo() for rule in load_safeguards()])


async def build_request(
    repositories: Repositories,
    runner_id: ObjectId,
    race_id: ObjectId,
    options: PlanOptions,
    today: date,
) -> PlanRequest:
    """The generator's input from the stored runner and race; typed errors for bad input."""
    runner, race = await asyncio.gather(
        repositories.runners.get(runner_id), repositories.races.get(runner_id, race_id)
    )
    if runner is None:
        raise NotFoundError("runner", runner_id)
    if race is None:
        raise NotFoundError("race", race_id)
    try:
        return PlanRequest.from_documents(
            RunnerDocument.from_mongo(runner),
            RaceDocument.from_mongo(race),
            options.start_date or today,
            runs_per_week=options.runs_per_week,
            goal_priority=options.goal_priority,
        )
    except PlanInputError as exc:
        raise InvalidInputError(exc.field, exc.message) from None


async def generate(repositories: Repositories, request: PlanRequest) -> GeneratedPlan:
    """Run the generator against the stored safeguards and knowledge base."""
    stored_safeguards, knowledge_keys = await asyncio.gather(
        repositories.safeguards.all(), repositories.knowledge.keys()
    )
    safeguards = [SafeguardDocument.from_mongo(d) for d in stored_safeguards]
    try:
        return generate_plan(request, safeguards, knowledge_keys)
    except PlanInputError as exc:
        raise InvalidInputError(exc.field, exc.message) from None


async def store_plan(
    repositories: Repositories,
    generated: GeneratedPlan,
    idempotency_key: str | None,
    *,
    assign: bool = False,
    fingerprint: str | None = None,
) -> Document:
    """Write a generated plan, its sessions (and, with `assign`, its assignment) as a draft.

    With `assign`, the draft becomes the runner's current plan unless they follow an active or
    paused one. With an idempotency key already used by this runner, the plan that key created
    is returned instead (nothing is written twice), or a conflict when `fingerprint` differs.
    """
    plan = generated.plan
    plan.idempotency_key = idempotency_key or f"auto:{plan.id}"
    plan.idempotency_fingerprint = fingerprint
    plan.status = PlanStatus.DRAFT
    document = plan.to_mongo()

    async def write(tx: Repositories) -> None:
        await tx.plans.insert(document)
        await tx.sessions.insert_many([session.to_mongo() for session in generated.sessions])
        if assign and not await _follows_a_plan(tx, plan.runner_id):
            await record_assignment(tx, plan.runner_id, plan.id)

    try:
        await repositories.in_transaction(write)
    except DuplicateKeyError:
        existing = await repositories.plans.by_idempotency_key(plan.runner_id, plan.idempotency_key)
        if existing is None:
            msg = "a plan with this idempotency key is being written: retry in a moment"
            raise ConflictError(msg) from None
        return _same_request(existing, fingerprint)
    return document


async def _follows_a_plan(repositories: Repositories, runner_id: ObjectId) -> bool:
    """Whether the runner's current plan is active or paused (read in the caller's transaction)."""
    current = await repositories.assignments.latest_plan_id(runner_id)
    if current is None:
        return False
    plan = await repositories.plans.get(runner_id, current, {"status": 1})
    return plan is not None and plan["status"] in FOLLOWED_STATUSES


def _same_request(existing: Document, fingerprint: str | None) -> Document:
    """The plan a reused idempotency key made, if it was asked for with the same request."""
    stored = existing.get("idempotencyFingerprint")
    if fingerprint is not None and stored is not None and stored != fingerprint:
        msg = (
            "this idempotency key was already used for another race or other options: send a "
            "new key for a new request"
        )
        raise ConflictError(msg)
    return existing


async def generate_and_store(
    repositories: Repositories,
    runner_id: ObjectId,
    race_id: ObjectId,
    *,
    options: PlanOptions,
    idempotency_key: str | None,
    today: date,
) -> Document:
    """`generatePlan`: the stored draft plan, assigned unless an active or paused plan is."""
    fingerprint = options.fingerprint(race_id)
    if idempotency_key is not None:
        existing = await repositories.plans.by_idempotency_key(runner_id, idempotency_key)
        if existing is not None:
            return _same_request(existing, fingerprint)
    request = await build_request(repositories, runner_id, race_id, options, today)
    generated = await generate(repositories, request)
    return await store_plan(
        repositories, generated, idempotency_key, assign=True, fingerprint=fingerprint
    )
