"""Tables: the facts and articles tables, written and read back with their types."""
