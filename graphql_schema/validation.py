"""Validation rules of our own, run with graphql-core's on every document."""

from __future__ import annotations

import math
from typing import Any

from graphql import FloatValueNode, GraphQLError, IntValueNode, ValidationRule

MAX_DIGITS = 400
"""Past this many characters a literal is past any double (whose largest is about 1.8e308)."""
SHOWN_DIGITS = 20


class FiniteNumbersRule(ValidationRule):
    """Refuses number literals no double can hold (`1e999`, a 400-digit integer).

    graphql-core reads such a Float literal as infinity and hands it to the resolver.
    """

    def enter_float_value(self, node: FloatValueNode, *_args: Any) -> None:
        """A float literal must be finite."""
        self._check(node)

    def enter_int_value(self, node: IntValueNode, *_args: Any) -> None:
        """An integer literal must fit a double (Int positions refuse past 32 bits anyway)."""
        self._check(node)

    def _check(self, node: FloatValueNode | IntValueNode) -> None:
        if len(node.value) > MAX_DIGITS or not math.isfinite(float(node.value)):
            shown = (
                node.value if len(node.value) <= SHOWN_DIGITS else f"{node.value[:SHOWN_DIGITS]}..."
            )
            msg = f"The number {shown} is out of range: numbers must be finite doubles."
            self.report_error(GraphQLError(msg, node))
