"""Map figures (issue: map), each beside a baseline measured in the same run.

    .venv/bin/python scripts/bench_map.py [--runs 5] [--sizes 10000 50000]

"Ready" is the moment the page reports, from JavaScript, that every marker is in the cluster layer (it sets its
title); the clock starts before the page is built in Python, so building, loading and clustering are all inside.
Baseline: the page folium's own fastest path builds for the same points (FastMarkerCluster, bare markers, no popups),
built and loaded the same way (same web view, same app scheme) in the same run.
Goals: at 10,000 assets the app's map ready <= 2x the baseline; at 50,000 ready in under 3 s (median of --runs).
Also: choosing an asset (CD.focus) moves the map without reloading the page.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT.parent / "shared" / "geodata"
TYPES = (("ESP", "Espectacular"), ("BAR", "Barda"), ("LON", "Lona / manta"), ("PEN", "Pendón"),
         ("MAM", "Mampara"), ("VAL", "Valla"))


def synthetic_rows(count: int) -> list:  # type: ignore[type-arg]
    from cortazar_desk.domain.permits import PermitStatus, StatusResult
    from cortazar_desk.services.assets import AssetRow

    rng = random.Random(11)
    statuses = list(PermitStatus)
    rows = []
    for n in range(1, count + 1):
        code, name = TYPES[n % len(TYPES)]
        rows.append(AssetRow(n, f"{code}-{n:05d}", code, name, f"Hidalgo {rng.randint(1, 500)}", "Zona Centro",
                             "Cortazar", f"Persona {n}", "municipal", "bueno", True,
                             20.40 + rng.random() * 0.15, -101.05 + rng.random() * 0.17,
                             StatusResult(rng.choice(statuses)), "", 1))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    args = parser.parse_args()

    from cortazar_desk.ui.map.setup import prepare_before_app

    prepare_before_app()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from cortazar_desk.config import WorkstationConfig
    from cortazar_desk.documents.map_page import baseline_page, build_page
    from cortazar_desk.paths import AppDirs
    from cortazar_desk.services import reference_layers
    from cortazar_desk.services.map_data import marker_payload, reference_payload
    from cortazar_desk.services.workstation import Workstation
    from cortazar_desk.ui.map.view import MapView

    work = Path(tempfile.mkdtemp(prefix="cortazar-bench-map-"))
    dirs = AppDirs(work / "data", work / "config", work / "logs", work / "respaldos").ensure()
    db = Workstation.resolve(dirs, WorkstationConfig()).open()
    reference_layers.load_layer(db, "boundary", (GEODATA / "cortazar_municipio.geojson").read_bytes(), "municipio")
    reference_layers.load_layer(db, "localities", (GEODATA / "cortazar_localidades.geojson").read_bytes(),
                                "localidades")
    layers = reference_payload(db)
    view = MapView()
    view.resize(1280, 800)
    view.show()

    def wait_for(predicate: Callable[[], bool], limit: float = 60.0) -> None:
        deadline = time.perf_counter() + limit
        while not predicate():
            if time.perf_counter() > deadline:
                raise TimeoutError("the page did not report ready")
            app.processEvents()

    def blank() -> None:
        """A blank page between runs, fully loaded: no state, and no "ready" title, carried over."""
        loaded: list[bool] = []
        view.page.loadFinished.connect(loaded.append)
        view.show_page("<html><head><title>blank</title></head><body></body></html>")
        wait_for(lambda: bool(loaded) and view.page.title() == "blank", 10)
        view.page.loadFinished.disconnect(loaded.append)

    def load(make_html: Callable[[], str], count: int) -> float:
        blank()
        start = time.perf_counter()
        view.show_page(make_html())
        wait_for(lambda: view.page.title() == f"cd-ready:{count}")
        return time.perf_counter() - start

    print(f"Mapa: listo = todos los marcadores en la capa de agrupación (medianas de {args.runs}); línea base: "
          "FastMarkerCluster de folium con los mismos puntos, cargado igual en la misma corrida")
    print(f"{'figure':<50}{'app':>10}{'baseline':>11}{'ratio':>8}{'goal':>9}  verdict")
    for size in args.sizes:
        rows = synthetic_rows(size)
        points = [(r.lat, r.lon) for r in rows]
        app_times = [load(lambda rows=rows: build_page(marker_payload(rows), layers), size) for _ in range(args.runs)]
        base_times = [load(lambda points=points: baseline_page(points), size) for _ in range(args.runs)]
        ours, base = statistics.median(app_times), statistics.median(base_times)
        ratio = ours / base
        label = f"{size:,} assets: map ready"
        if size <= 10_000:
            verdict = "ok" if ratio <= 2.0 else "OVER GOAL"
            print(f"{label:<50}{ours:>9.3f}s{base:>10.3f}s{ratio:>7.2f}x{'2.0x':>9}  {verdict}", flush=True)
        else:
            verdict = "ok" if ours < 3.0 else "OVER GOAL"
            print(f"{label:<50}{ours:>9.3f}s{base:>10.3f}s{ratio:>7.2f}x{'< 3 s':>9}  {verdict}", flush=True)

    # choosing an asset moves the map, and the page is the same page (no reload)
    rows = synthetic_rows(args.sizes[-1])
    blank()
    view.show_page(build_page(marker_payload(rows), layers))
    wait_for(lambda: view.page.title() == f"cd-ready:{len(rows)}")
    got: dict[str, object] = {}
    view.evaluate("performance.timeOrigin", lambda v: got.setdefault("origin", v))
    wait_for(lambda: "origin" in got, 5)
    target = rows[len(rows) // 2]
    moves = []
    for _ in range(args.runs):
        got.pop("centre", None)
        start = time.perf_counter()
        view.focus(target.id)
        wait_for(lambda: _near(view, app, got, target.lat, target.lon), 10)
        moves.append(time.perf_counter() - start)
        view.evaluate("CD.state.map.setView([20.48, -100.96], 12); 1", lambda _v: None)
        for _ in range(50):
            app.processEvents()
    view.evaluate("performance.timeOrigin", lambda v: got.__setitem__("origin_after", v))
    wait_for(lambda: "origin_after" in got, 5)
    same = got["origin"] == got["origin_after"]
    print(f"{'choose an asset: map centred on it':<50}{statistics.median(moves):>9.3f}s   page reloaded: "
          f"{'no' if same else 'YES'}")
    view.release()
    db.dispose()
    from cortazar_desk.ui.map.engine import MapEngine

    MapEngine.shutdown_if_created()
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _near(view, app, got, lat, lon) -> bool:  # type: ignore[no-untyped-def]
    view.evaluate("JSON.stringify(CD.state.map.getCenter())", lambda v: got.__setitem__("centre", v))
    deadline = time.perf_counter() + 2
    while "centre" not in got and time.perf_counter() < deadline:
        app.processEvents()
    import json

    centre = json.loads(str(got.pop("centre", "null")) or "null")
    return bool(centre) and abs(centre["lat"] - lat) < 1e-3 and abs(centre["lng"] - lon) < 1e-3


if __name__ == "__main__":
    sys.exit(main())
