"""Campaign figures (issue: campaigns), beside the issue's plain bounds on this machine.

    .venv/bin/python scripts/bench_campaigns.py [--assets 50000] [--campaigns 5000] [--placements 100000] [--runs 5]

- availability search for a month over the whole inventory (no filter), result rows loaded: <= 200 ms. Printed
  for the first search after a placement was added (the asset list is kept: placements are not among its tables),
  the first search after an asset was edited (only that asset read again), the next searches while nothing changed,
  the first search of a session (nothing cached: 50,000 permit statuses computed), the first search of a session
  after the window's start-up warm-up built the asset list in the background, and for bardas of one locality.
- a batch of 200 orders of 10 assets each, with photos and QR codes, to PDF: <= 10 s.
SQLite, medians of --runs; the same on PostgreSQL (a server started for the run) with --postgresql.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent


def populate(db, n_assets: int, n_campaigns: int, n_placements: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Bulk rows through the audited bulk insert (the same path as an import)."""
    from PIL import Image
    from sqlalchemy import select

    from cortazar_desk.db.audit import insert_audited
    from cortazar_desk.db.campaigns import Campaign, Placement
    from cortazar_desk.db.inventory import Asset, AssetDocument, AssetPhoto, AssetType, Locality
    from cortazar_desk.services.attachments import store_file

    rng = random.Random(5)
    with db.write("benchmark") as s:
        types = {code: tid for tid, code in s.execute(select(AssetType.id, AssetType.code))}
        localities = list(s.scalars(select(Locality.id)))
        codes = ["ESP", "BAR", "LON", "PEN", "MAM", "VAL"]
        rows = []
        for n in range(n_assets):
            code = codes[n % len(codes)]
            rows.append({"folio": f"{code}-{n:06d}", "type_id": types[code], "faces": 1 + n % 2, "street": "Hidalgo",
                         "number": str(n % 500), "lat": 20.40 + rng.random() * 0.15,
                         "lon": -101.05 + rng.random() * 0.17, "locality_id": rng.choice(localities) if localities
                         else None, "ownership": "rentado"})
        ids = insert_audited(s, Asset, rows)
        insert_audited(s, AssetDocument, [{"asset_id": i, "kind": "permiso", "number": f"P-{i}",
                                           "valid_until": date(2026, 1, 1) + timedelta(days=i % 900)} for i in ids])
        buffer = io.BytesIO()
        Image.new("RGB", (800, 600), (90, 140, 60)).save(buffer, "JPEG")
        photo = store_file(s, buffer.getvalue(), "foto.jpg", "benchmark")
        insert_audited(s, AssetPhoto, [{"asset_id": i, "attachment_id": photo.id, "sha256": photo.sha256,
                                        "taken_at": date(2026, 1, 1)} for i in ids])  # every asset has its photo
        campaign_ids = insert_audited(s, Campaign, [
            {"name": f"Campaña {n}", "starts_on": date(2024, 1, 1), "ends_on": date(2027, 12, 31),
             "art134_signed_by": "Benchmark Uno"} for n in range(n_campaigns)])
        placements = []
        for n in range(n_placements):  # a free month per face is kept apart by the date grid
            asset_index = n % n_assets
            start = date(2024, 1, 1) + timedelta(days=30 * (n // n_assets) + rng.randint(0, 25))
            placements.append({"campaign_id": campaign_ids[n % n_campaigns], "asset_id": ids[asset_index],
                               "face": 1, "starts_on": start, "ends_on": start + timedelta(days=20)})
        insert_audited(s, Placement, placements)
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=50_000)
    parser.add_argument("--campaigns", type=int, default=5_000)
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgresql", action="store_true", help="the same figures on a PostgreSQL server too")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_inventory import fresh_station

    work = Path(tempfile.mkdtemp(prefix="cortazar-bench-camp-"))
    print(f"Campañas: {args.assets:,} anuncios, {args.campaigns:,} campañas, {args.placements:,} colocaciones; "
          f"medianas de {args.runs}")
    print(f"{'figure':<72}{'app':>10}{'bound':>10}  verdict")
    measure("SQLite", fresh_station(work / "sqlite"), args)
    if args.postgresql:
        from bench_pg import migrated_database

        with migrated_database() as url:
            measure("PostgreSQL", fresh_station(work / "pg", url), args)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def measure(backend: str, station, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    from cortazar_desk.services import assets, campaigns, reference_layers, work_orders
    from cortazar_desk.services.snapshot import forget

    db = station.open()
    geodata = ROOT.parent / "shared" / "geodata" / "cortazar_localidades.geojson"
    reference_layers.load_layer(db, reference_layers.LOCALITIES, geodata.read_bytes(), "localidades")
    started = time.perf_counter()
    ids = populate(db, args.assets, args.campaigns, args.placements)
    print(f"{backend}: datos cargados en {time.perf_counter() - started:.1f} s")

    def line(label: str, value: float, bound: float, unit: str = "ms") -> None:
        print(f"{backend + ': ' + label:<72}{value:>8.1f}{unit}{bound:>8.0f}{unit}  "
              f"{'ok' if value <= bound else 'OVER GOAL'}", flush=True)

    month = (date(2026, 3, 1), date(2026, 3, 31))
    locality = reference_layers.localities(db)[0].name

    def search(**filters: object) -> float:
        start = time.perf_counter()
        found = campaigns.available_assets(db, *month, **filters)  # type: ignore[arg-type]
        assert found is not None
        return (time.perf_counter() - start) * 1000

    # Cold searches, each after a real write committed just before it (the write itself is not timed):
    # a new placement (the asset list is kept: none of its tables changed), or an asset edit (the list is rebuilt).
    campaign = campaigns.list_campaigns(db)[0]
    after_placement = []
    for n in range(args.runs):
        asset_id = ids[(n * 7919 + 13) % len(ids)]
        campaigns.place(db, campaign.id, asset_id, 2 if asset_id % 2 == 0 else 1, date(2026, 3, 1),
                        date(2026, 3, 31))
        after_placement.append(search())
    after_edit = []
    for n in range(args.runs):
        asset_id = ids[(n * 104729 + 17) % len(ids)]
        data, version, _facts = assets.load_asset(db, asset_id)
        assets.update_asset(db, asset_id, version, replace(data, notes=f"revisado {n}"))
        after_edit.append(search())
    warm = [search() for _ in range(args.runs)]
    nothing_cached = []
    for _ in range(args.runs):
        forget()  # as the first search after the program starts (or after an import, a rule or a type changed)
        nothing_cached.append(search())
    after_warm_up, warm_up = [], []
    for _ in range(args.runs):
        forget()  # a new session: the window prepares the caches in the background once its first page is up
        start = time.perf_counter()
        campaigns.prepare_asset_caches(db)
        warm_up.append((time.perf_counter() - start) * 1000)
        after_warm_up.append(search())
    found = len(campaigns.available_assets(db, *month))
    line(f"availability, a month, all types ({found:,} rows), first after a placement", statistics.median(
        after_placement), 200)
    line("availability, a month, all types, first after an asset edit", statistics.median(after_edit), 200)
    line("availability, a month, all types, next searches", statistics.median(warm), 200)
    line("availability, a month, all types, first of the session (nothing cached)", statistics.median(
        nothing_cached), 200)
    line("availability, a month, all types, first of the session after the start-up warm-up", statistics.median(
        after_warm_up), 200)
    print(f"{backend}:   (the warm-up itself, in the background after the first page: "
          f"{statistics.median(warm_up):.0f} ms)")
    line("availability, a month, bardas of one locality, next searches",
         statistics.median(search(type_code="BAR", locality=locality) for _ in range(args.runs)), 200)

    # 200 orders of 10 assets each, made by hand so the batch is exactly that
    folios = []
    for n in range(200):
        items = [work_orders.ItemData(ids[(n * 10 + k) * 7 % len(ids)], 1, None, "Cubrir con lona blanca")
                 for k in range(10)]
        folios.append(work_orders.create_order(db, "cubrir", f"Cuadrilla {n % 4 + 1}", date(2026, 12, 1), items))
    order_ids = [o.id for o in work_orders.list_orders(db) if o.folio in set(folios)]

    def batch() -> float:
        start = time.perf_counter()
        pdf = work_orders.work_orders_pdf(db, order_ids)
        assert pdf.startswith(b"%PDF")
        return time.perf_counter() - start

    line("200 orders x 10 assets, photos and QR codes, to PDF",
         statistics.median(batch() for _ in range(min(args.runs, 3))), 10, "s")
    db.dispose()


if __name__ == "__main__":
    sys.exit(main())
