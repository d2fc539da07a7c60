"""Database layer: engines, models, audit hook and migrations."""
