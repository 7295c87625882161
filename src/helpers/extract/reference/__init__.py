"""Reference data: the 30 districts (gazetteer) and the indicator vocabulary."""
