"""district-briefs: Vietnamese district reports to facts tables and briefs."""
