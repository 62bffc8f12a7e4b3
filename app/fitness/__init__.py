"""Training-science maths as pure functions: VDOT paces, race prediction and training load."""
