"""The brief's sections: tables, charts, conflicts, comparisons and years a notebook shows."""
