"""Running the extractor over corpora: prefilter, cache, checks, pickling, build."""
