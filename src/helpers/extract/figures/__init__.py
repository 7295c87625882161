"""Figures: Vietnamese numbers and the quantities written in news text."""
