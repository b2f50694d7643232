"""Dropper detection: versioned rules, a calibrated gradient-boosted model, explained decisions."""
