"""Committed configuration defaults; the app reads them when it is created."""
