"""minutes: meeting records as a browsable, searchable archive."""

__version__ = "0.1.0"
