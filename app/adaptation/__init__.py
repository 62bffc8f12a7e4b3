"""Re-planning: adaptation rules, pauses, blackout days, regeneration and plan versions."""
