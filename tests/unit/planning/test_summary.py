"""The plain-text plan summary: a header and one row per week."""

from __future__ import annotations

from app.models.common import RaceType
from app.planning import format_plan_summary
from tests.unit.planning.strategies import generate, make_request


def test_the_summary_has_the_goal_paces_and_a_row_per_week():
    generated = generate(
        make_request(race_type=RaceType.MARATHON, race_distance_m=42195.0, goal_time_s=4 * 3600.0)
    )
    text = format_plan_summary(generated)
    lines = text.splitlines()
    assert lines[0] == "City Half: 16-week marathon plan"
    assert "Goal 4:00:00: ACHIEVABLE" in text
    assert "VDOT 38.3" in text
    assert "E 6:" in text
    rows = lines[lines.index("") + 2 :]
    assert len(rows) == 16
    weeks = generated.plan.weekly_plan
    for week, row in zip(weeks, rows, strict=True):
        marks = row.split()[-1] if week.is_recovery_week or week.is_taper_week else ""
        assert row.startswith(f"{week.week_number:>3}  {week.start_date.isoformat()}")
        assert f"{week.target_volume_km:.1f}" in row
        if week.is_recovery_week:
            assert marks == "R"
    assert rows[-1].endswith("T RACE")
    assert "Sun RACE" in rows[-1]
    assert any("intervals" in row or "threshold" in row or "tempo" in row for row in rows)
