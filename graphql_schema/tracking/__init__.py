"""Execution tracking: activities in, matched to planned days, analysed, pushed live."""
