"""Reading an article: files to text, page furniture removed, metadata, sentences."""
