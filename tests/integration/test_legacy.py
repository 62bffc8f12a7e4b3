"""A database written by an earlier version: the API starts on it and keeps only what is valid."""

from __future__ import annotations

import httpx
from bson import ObjectId

from app.server import create_app
from app.settings import load_settings
from tests.conftest import serve


async def test_start_up_removes_the_lock_collection_and_half_written_plans(
    mongo, mongodb_uri, database_name, tmp_path
):
    name = f"{database_name}_legacy"
    db = mongo[name]
    runner_id = ObjectId()
    await db["locks"].insert_one({"_id": "activity:1", "owner": ObjectId()})
    half_written, draft = ObjectId(), ObjectId()
    await db["trainingPlans"].insert_many(
        [
            {"_id": plan_id, "runnerId": runner_id, "status": status, "idempotencyKey": key}
            for plan_id, status, key in [
                (half_written, "generating", "first"),
                (draft, "draft", "second"),
            ]
        ]
    )
    await db["plannedSessions"].insert_many(
        [{"planId": half_written, "runnerId": runner_id, "n": n} for n in range(3)]
        + [{"planId": draft, "runnerId": runner_id, "n": n} for n in range(2)]
    )
    settings = load_settings(mongodb_uri=mongodb_uri, database_name=name, data_dir=tmp_path)
    try:
        async with serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url) as http:
            assert (await http.get("/healthz")).status_code == 200
            assert "locks" not in await db.list_collection_names()
            plans = await db["trainingPlans"].find({}, {"_id": 1}).to_list()
            assert [plan["_id"] for plan in plans] == [draft]
            sessions = await db["plannedSessions"].find({}, {"planId": 1}).to_list()
            assert [session["planId"] for session in sessions] == [draft, draft]
    finally:
        await mongo.drop_database(name)
