"""GraphQL types read straight from stored documents.

Resolvers hand Strawberry the stored dicts themselves (camelCase keys) instead of building an
object per document: a plan at full depth has thousands of fields, and per-object conversion
roughly doubles the cost of answering. `document_type` derives a Strawberry type from the
pydantic document (one source of truth for fields, types and descriptions) and
`resolve_stored_field` is the schema's default resolver, mapping each Python field name to its
storage key.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import strawberry
from pydantic import BaseModel
from pydantic.alias_generators import to_camel

T = TypeVar("T")

Stored = dict[str, Any]
"""A document as stored (camelCase keys): the parent value of every document type."""

_STORAGE_KEYS: dict[str, str] = {"id": "_id"}


def _register_aliases(model: type[BaseModel]) -> None:
    for name, field in model.model_fields.items():
        if name != "id" and field.alias and field.alias != to_camel(name):
            existing = _STORAGE_KEYS.setdefault(name, field.alias)
            if existing != field.alias:
                msg = f"field {name!r} is stored as {existing!r} and {field.alias!r}"
                raise ValueError(msg)


def storage_key(name: str) -> str:
    """The key a field (by its Python name) is stored under."""
    key = _STORAGE_KEYS.get(name)
    if key is None:
        key = _STORAGE_KEYS[name] = to_camel(name)
    return key


def resolve_stored_field(source: Any, name: str) -> object:
    """The default resolver: a key of a stored dict, or an attribute of any other object."""
    if type(source) is dict:
        return source.get(storage_key(name))
    return getattr(source, name)


def document_type(
    model: type[BaseModel],
    *,
    name: str | None = None,
    description: str | None = None,
    exclude: Iterable[str] = (),
) -> Callable[[type[T]], type[T]]:
    """A Strawberry type with every field of `model` but `exclude`, read from the stored dict."""

    def wrap(cls: type[T]) -> type[T]:
        _register_aliases(model)
        # Private fields are left out of the GraphQL type (set here, as real objects: the
        # pydantic integration does not see through string annotations).
        annotations = dict(inspect.get_annotations(cls))
        annotations.update(dict.fromkeys(exclude, strawberry.Private[object]))
        cls.__annotations__ = annotations
        strawberry_type = strawberry.experimental.pydantic.type(
            model,
            name=name or cls.__name__,
            description=description or (model.__doc__ or "").strip() or None,
            all_fields=True,
            use_pydantic_alias=False,
        )(cls)
        # Stored dicts are not instances of the type: let graphql-core accept them.
        cast("Any", strawberry_type).__strawberry_definition__.is_type_of = None
        return cast("type[T]", strawberry_type)

    return wrap


def stored(_: type[T], document: Stored) -> T:
    """Type a stored dict as the GraphQL type that reads it."""
    return cast("T", document)


def stored_key(key: str, factor: float | None = None) -> Any:
    """A resolver answering another stored key (times `factor` for a change of unit).

    For fields the seed names differently from the stored document; the field's annotation
    gives its GraphQL type.
    """

    def resolve(parent: strawberry.Parent[Stored]) -> object:
        value = parent.get(key)
        return value * factor if value is not None and factor is not None else value

    return resolve
