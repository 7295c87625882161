"""The brief: tables, charts, conflicts and labels a district notebook shows, and its HTML."""
