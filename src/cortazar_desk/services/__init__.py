"""Use cases. Each takes the ``Database`` and plain values, opens a short transaction and returns plain data."""
