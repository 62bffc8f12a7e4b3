"""The viewer: their account, runner object and entitlements."""
