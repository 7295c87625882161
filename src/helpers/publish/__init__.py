"""Publishing: the self-contained HTML of a brief and the index pages."""
