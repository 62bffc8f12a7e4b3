"""Fitness: the training-load chart, a plan's load forecast and its race prediction."""
