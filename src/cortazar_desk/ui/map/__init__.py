"""The inventory map: a guarded web engine, the map widget and the map page."""
