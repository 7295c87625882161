"""Data of the tables step: the wording of why a correction went stale (`stale_reasons.csv`)."""
