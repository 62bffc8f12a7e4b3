"""Mongo projections built from the fields a query selects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def _field_names(selections: Iterable[Selection]) -> Iterable[str]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _field_names(selection.selections)


def projection_for(info: Info, computed: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Stored keys the selection needs.

    GraphQL names are the stored camelCase keys, except `id` (`_id`) and the computed fields,
    which name the keys they read in `computed`.
    """
    keys: dict[str, int] = {"_id": 1}
    for selected in info.selected_fields:
        for name in _field_names(selected.selections):
            if name in computed:
                keys.update(dict.fromkeys(computed[name], 1))
            elif name != "id" and not name.startswith("__"):
                keys[name] = 1
    return keys
