"""Behavioural tests of the extractor (CheckList): see README.md in this folder."""
