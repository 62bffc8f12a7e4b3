"""Expected failures of the domain services; the API turns each into a typed error."""

from __future__ import annotations

from pydantic import ValidationError


class DomainError(Exception):
    """An expected failure with a message a person can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    """No such object for this runner (another runner's object reads the same)."""

    def __init__(self, entity: str, object_id: object) -> None:
        super().__init__(f"no {entity} with id {object_id}")
        self.entity = entity
        self.object_id = str(object_id)


class InvalidInputError(DomainError):
    """An input breaks a rule; `field` names it (dotted path) and the message the rule."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field}: {rule}")
        self.field = field
        self.rule = rule

    @classmethod
    def from_validation(cls, exc: ValidationError, prefix: str = "") -> InvalidInputError:
        """The first problem pydantic found, with the field's path."""
        first = exc.errors()[0]
        path = ".".join(str(part) for part in first["loc"]) or "input"
        rule = str(first["msg"]).removeprefix("Value error, ")
        return cls(f"{prefix}{path}" if prefix else path, rule)


class ConflictError(DomainError):
    """The object is not in a state that allows this change."""
