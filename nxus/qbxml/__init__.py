"""Pure qbXML: schema-derived spec, validator, ordered builder, streaming parser, statuses.

No Flask and no database here; see docs/qbxml.md for the API and how the data is derived.
"""
