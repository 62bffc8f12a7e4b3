"""Accounts and their subscription (the assistant-first entitlement)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from app.models.common import DocumentModel, Instant, Model, utc_now


class SubscriptionStatus(StrEnum):
    """Billing state of an account."""

    NONE = "none"
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    CANCELED = "canceled"


class Subscription(Model):
    """What the user pays for; `plan_entitled` unlocks plan tracking."""

    status: SubscriptionStatus = SubscriptionStatus.NONE
    plan_entitled: bool = False
    tier: str | None = None
    current_period_end: Instant | None = None


class UserDocument(DocumentModel):
    """An account: a development token's `sub` is its id, a provider token's `sub` its subject."""

    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    display_name: str | None = Field(default=None, max_length=120)
    # Set for accounts made by signing in with the OpenID Connect provider.
    oidc_issuer: str | None = Field(default=None, max_length=500)
    oidc_subject: str | None = Field(default=None, max_length=255)
    subscription: Subscription = Field(default_factory=Subscription)
    subscription_event_at: Instant | None = Field(
        default=None,
        description="When the billing event that set the subscription happened; older ones "
        "delivered later change nothing.",
    )
    created_at: Instant = Field(default_factory=utc_now)
    disabled_at: Instant | None = Field(
        default=None, description="When the account was disabled; a disabled account is refused."
    )
