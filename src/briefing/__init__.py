"""Executable analytical briefing: coded facts, computed geography, rendered reports."""

__version__ = "0.1.0"
