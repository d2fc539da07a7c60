"""Database layer: engines, models, audit hook and migrations."""

# Every area's tables register on Base.metadata when the package is imported (migrations and checks need them all).
from . import campaigns, inventory, media, models, requests  # noqa: F401
