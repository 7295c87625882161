"""Extraction: articles in, facts with provenance out (reading, cleaning, numbers, rules)."""
