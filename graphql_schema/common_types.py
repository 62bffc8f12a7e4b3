"""Small value types shared by several domains."""

from __future__ import annotations

import graphql_schema.enums  # noqa: F401 - registers the enums before any type uses them
from app.models import common
from graphql_schema.documents import document_type


@document_type(common.PaceRange)
class PaceRange:
    pass


@document_type(common.HeartRateRange)
class HeartRateRange:
    pass
