"""Investigations: seeds → time-respecting flows → attributed amounts, sinks, evidence."""
