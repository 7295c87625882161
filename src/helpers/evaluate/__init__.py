"""Evaluation: scoring facts against gold, lexicon coverage over a corpus."""
