"""Mongo projections built from the fields a query selects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from weakref import WeakKeyDictionary

from graphql import FieldNode
from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def _field_names(selections: Iterable[Selection]) -> Iterable[str]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _field_names(selection.selections)


_PROJECTIONS: WeakKeyDictionary[FieldNode, dict[str, int]] = WeakKeyDictionary()
"""Projections by the field's node in its parsed document: the parser cache hands the same
nodes to every request of the same text, so a repeated query does not walk its selection
again. The selection does not depend on variables (skipped fields are projected too)."""


def projection_for(info: Info, computed: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Stored keys the selection needs.

    GraphQL names are the stored camelCase keys, except `id` (`_id`) and the computed fields,
    which name the keys they read in `computed`. A field has one resolver, so one `computed`.
    """
    node = info._raw_info.field_nodes[0]  # noqa: SLF001 - the node is the cache's key
    found = _PROJECTIONS.get(node)
    if found is None:
        found = _PROJECTIONS[node] = _projection(info, computed)
    return dict(found)


def _projection(info: Info, computed: Mapping[str, Iterable[str]]) -> dict[str, int]:
    keys: dict[str, int] = {"_id": 1}
    for selected in info.selected_fields:
        for name in _field_names(selected.selections):
            if name in computed:
                keys.update(dict.fromkeys(computed[name], 1))
            elif name != "id" and not name.startswith("__"):
                keys[name] = 1
    return keys
