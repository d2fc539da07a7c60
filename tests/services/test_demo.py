"""The demo office: a realistic inventory inside the real localities, with every permit state."""

from __future__ import annotations

from collections import Counter
from datetime import date

from cortazar_desk.domain.permits import PermitStatus
from cortazar_desk.services import assets, reference_layers
from cortazar_desk.services.database import Database
from cortazar_desk.services.demo import fill_demo_data

from ..conftest import GEODATA


def test_demo_inventory(db: Database) -> None:
    created = fill_demo_data(db, GEODATA)
    assert 200 <= created <= 500
    assert fill_demo_data(db, GEODATA) == 0  # idempotent
    rows = assets.list_assets(db, date.today())
    assert len(rows) == created
    statuses = Counter(r.status.status for r in rows)
    assert all(statuses[s] > 0 for s in PermitStatus)  # every state is represented
    geo = reference_layers.Geography.load(db)
    names = {loc.id: loc.name for loc in reference_layers.localities(db)}
    for row in rows:
        assert row.lat is not None and row.lon is not None
        assert geo.inside_boundary(row.lat, row.lon)
        assert names[geo.locality_at(row.lat, row.lon)] == row.locality  # placed inside its own locality
    assert Counter(r.locality for r in rows).most_common(1)[0][0] == "Cortazar"
