"""The review notebook's helpers: which figures are worth a researcher's look, and how
they are shown with a ready-to-paste correction row."""
