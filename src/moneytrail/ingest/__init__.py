"""Ingestion: one reader per format into canonical tables; validation, quarantine, provenance."""
