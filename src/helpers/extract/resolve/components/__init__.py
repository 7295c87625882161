"""The resolvers that read a `Document`, one module each, run in `resolve/pipeline.py` order."""
