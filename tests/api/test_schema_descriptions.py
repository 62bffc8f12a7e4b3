"""Every argument and every enum value of the API says what it is."""

from __future__ import annotations

import graphql
import pytest
from graphql import GraphQLEnumType, GraphQLInterfaceType, GraphQLObjectType

from app.settings import Settings
from graphql_schema.descriptions import StaleDescriptionError, describe
from graphql_schema.schema import build_schema


def undescribed(settings: Settings) -> list[str]:
    """`Type.field(argument)` and `Enum.VALUE` of everything the SDL leaves undescribed."""
    schema = build_schema(settings)._schema
    missing = []
    for type_name, graphql_type in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            missing += [
                f"{type_name}.{field_name}({argument_name})"
                for field_name, field in graphql_type.fields.items()
                for argument_name, argument in field.args.items()
                if not (argument.description or "").strip()
            ]
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [
                f"{type_name}.{value_name}"
                for value_name, value in graphql_type.values.items()
                if not (value.description or "").strip()
            ]
    return missing


def test_every_argument_and_enum_value_is_described(base_settings: Settings):
    assert undescribed(base_settings) == []


def test_the_sdl_carries_them(base_settings: Settings):
    sdl = build_schema(base_settings).as_str()
    assert '  plan(\n    """The plan\'s id."""\n    id: ID!\n  ): Plan' in sdl
    assert '  """Done as planned (duration compliance green)."""\n  COMPLETED' in sdl


def test_a_description_of_nothing_is_refused():
    with pytest.raises(StaleDescriptionError, match="descriptions of nothing"):
        describe(graphql.build_schema("type Query { ping: Int }"))
