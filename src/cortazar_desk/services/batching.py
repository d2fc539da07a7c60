"""Helpers for work over tens of thousands of rows at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Build many small objects without Python's cycle collector stopping to walk every live row.

    Measured on the availability search over 50,000 assets: with the collector on, half the searches took 215 ms
    instead of 120 ms. Nothing built here forms reference cycles, and the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                # Everything made meanwhile sits in the youngest generation, and the first collection after this
                # would walk all of it (50 ms after an import's read, again after its check). freeze + unfreeze
                # moves it to the oldest generation instead (documented: unfreeze puts the objects "back into the
                # oldest generation"), where it waits for the next full collection like any long-lived data.
                gc.freeze()
                gc.unfreeze()
            gc.enable()
