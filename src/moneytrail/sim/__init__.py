"""A synthetic Kazakhstan-like country with drug-finance ground truth."""
