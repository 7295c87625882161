"""Resolvers: who, what measure, which indicator, when, how sure, for each figure."""
