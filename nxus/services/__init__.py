"""Use cases: plain functions taking a Session. The only code that commits."""
