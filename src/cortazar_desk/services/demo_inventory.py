"""Demo inventory: a few hundred assets on real streets of Cortazar, placed inside the real locality polygons
(positions approximate, and labelled so), with a mix of permit states. People, phone numbers, permit numbers and
amounts are invented and say so. Deterministic: the same seed gives the same office."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.audit import utc_now
from ..db.inventory import Asset, AssetDocument, AssetFolio, AssetType, Locality
from ..domain.folios import asset_series
from ..domain.geo import Area
from ..domain.permits import DocumentKind, Ownership, required_kinds
from .assets import requirement_table
from .database import Database
from .folios import next_folio
from .reference_layers import BOUNDARY, LOCALITIES, Geography, load_layer

STREETS = ("Hidalgo", "Allende", "Juárez", "Melchor Ocampo", "Francisco I. Madero", "5 de Mayo",
           "Prolongación Av. Insurgentes", "Carretera Panamericana", "Camino a Corralejo")
VENUES = ("frente al Jardín Principal", "a un costado de la Parroquia de San José", "cerca del Centro Cultural",
          "junto al Recinto Ferial", "rumbo al Puente Colgante", "esquina con Hidalgo", "frente a la plaza")
FIRST = ("Juan", "María", "José", "Guadalupe", "Francisco", "Rosa", "Antonio", "Carmen", "Luis", "Ana")
LAST = ("Pérez", "López", "García", "Hernández", "Martínez", "Rodríguez", "Sánchez", "Ramírez", "Torres", "Flores")
# (type code, how many, faces, width, height)
MIX = (("ESP", 36, 2, 12.9, 7.2), ("BAR", 120, 1, 8.0, 2.5), ("LON", 60, 1, 3.0, 1.5), ("PEN", 48, 2, 0.8, 1.8),
       ("MAM", 12, 2, 2.4, 1.2), ("VAL", 10, 1, 6.0, 3.0), ("PAR", 8, 1, 1.2, 1.8), ("PAN", 4, 1, 6.0, 3.5))
GEODATA_FILES = {BOUNDARY: "cortazar_municipio.geojson", LOCALITIES: "cortazar_localidades.geojson"}


def default_geodata_dir() -> Path | None:
    """The INEGI layers beside the project checkout (../shared/geodata), when they are there."""
    root = Path(__file__).resolve().parents[3]
    for candidate in (root.parent / "shared" / "geodata", root / "shared" / "geodata"):
        if all((candidate / name).is_file() for name in GEODATA_FILES.values()):
            return candidate
    return None


def load_demo_layers(db: Database, geodata: Path) -> None:
    for kind, name in GEODATA_FILES.items():
        load_layer(db, kind, (geodata / name).read_bytes(), name)


def _point_in(area: Area, geography: Geography, rng: random.Random) -> tuple[float, float] | None:
    """A random point of the locality that is also inside the municipal boundary (INEGI's locality polygons can
    reach a few metres past it at the edge)."""
    min_lon, min_lat, max_lon, max_lat = area.bbox
    for _ in range(500):
        lat, lon = round(rng.uniform(min_lat, max_lat), 6), round(rng.uniform(min_lon, max_lon), 6)
        if area.contains(lat, lon) and geography.inside_boundary(lat, lon) is not False:
            return lat, lon
    return None


def _ownership(code: str, rng: random.Random) -> Ownership:
    if code == "BAR":
        return rng.choice([Ownership.PRIVATE_WALL, Ownership.PRIVATE_WALL, Ownership.MUNICIPAL, Ownership.LENT])
    if code in ("LON", "PEN"):
        return rng.choice([Ownership.MUNICIPAL, Ownership.MUNICIPAL, Ownership.PRIVATE_WALL])
    if code in ("ESP", "PAN"):
        return rng.choice([Ownership.RENTED, Ownership.RENTED, Ownership.MUNICIPAL])
    return rng.choice([Ownership.MUNICIPAL, Ownership.LENT])


def _document(kind: DocumentKind, today: date, rng: random.Random, n: int) -> AssetDocument | None:
    roll = rng.random()
    if roll < 0.08:
        return None  # missing
    if roll < 0.18:
        until = today - timedelta(days=rng.randint(1, 120))  # expired
    elif roll < 0.30:
        until = today + timedelta(days=rng.randint(0, 30))  # expiring
    else:
        until = today + timedelta(days=rng.randint(31, 330))
    issued = until - timedelta(days=365 if kind is not DocumentKind.OWNER_CONSENT else 730)
    issuer = {DocumentKind.PERMIT: "Desarrollo Urbano", DocumentKind.INSURANCE: "Aseguradora (inventada)",
              DocumentKind.STRUCTURAL_LETTER: "Perito DRO (inventado)", DocumentKind.OWNER_CONSENT: "Propietario",
              DocumentKind.LEASE: "Arrendador", DocumentKind.CIVIL_PROTECTION: "Protección Civil"}[kind]
    prefix = {DocumentKind.PERMIT: "DU", DocumentKind.INSURANCE: "POL", DocumentKind.STRUCTURAL_LETTER: "DRO",
              DocumentKind.OWNER_CONSENT: "ANU", DocumentKind.LEASE: "ARR", DocumentKind.CIVIL_PROTECTION: "PC"}[kind]
    fee = Decimal(rng.choice([850, 1200, 2450, 5600, 12800])) if kind is DocumentKind.PERMIT else None
    return AssetDocument(kind=kind.value, number=f"DEMO-{prefix}-{issued.year}-{n:04d}", issuer=issuer,
                         issued_on=issued, valid_from=issued, valid_until=until, fee=fee,
                         receipt=f"DEMO-R{n:05d}" if fee else "", notes="Dato inventado (demostración)")


def fill_demo_inventory(db: Database, geodata: Path | None, today: date | None = None, seed: int = 11011) -> int:
    """Create the demo inventory once; returns how many assets were created (0 when there already were some)."""
    day = today or date.today()
    if geodata is not None:
        load_demo_layers(db, geodata)
    geography = Geography.load(db)
    rng = random.Random(seed)
    created = 0
    with db.write("datos de demostración: inventario") as s:
        if s.execute(select(func.count()).select_from(Asset)).scalar_one():
            return 0
        types = {t.code: t for t in s.scalars(select(AssetType))}
        rules = requirement_table(s)
        places = _weighted_places(s, geography)
        doc_number = 0
        for code, count, faces, width, height in MIX:
            for _ in range(count):
                asset = _demo_asset(s, types[code], faces, width, height, places, geography, rng)
                s.add(asset)
                s.flush()
                s.add(AssetFolio(asset_id=asset.id, folio=asset.folio, assigned_at=utc_now()))
                for kind in required_kinds(rules, code, asset.ownership):
                    doc_number += 1
                    document = _document(kind, day, rng, doc_number)
                    if document is not None:
                        document.asset_id = asset.id
                        s.add(document)
                created += 1
    return created


def _weighted_places(s: Session, geography: Geography) -> list[tuple[int | None, str, Area | None, int]]:
    by_id = dict(geography.areas)
    rows = s.execute(select(Locality.id, Locality.name, Locality.population)).all()
    places: list[tuple[int | None, str, Area | None, int]] = [
        (loc_id, name, by_id.get(loc_id), max(pop or 1, 1)) for loc_id, name, pop in rows
    ]
    return places or [(None, "Cortazar", None, 1)]


def _demo_asset(s: Session, kind: AssetType, faces: int, width: float, height: float,
                places: list[tuple[int | None, str, Area | None, int]], geography: Geography,
                rng: random.Random) -> Asset:
    # Most assets stand in the municipal seat, the rest in localities weighted by population.
    weights = [pop ** 0.8 for *_rest, pop in places]
    locality_id, name, area, _pop = rng.choices(places, weights=weights)[0]
    point = _point_in(area, geography, rng) if area is not None else None
    ownership = _ownership(kind.code, rng)
    owner = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)} (inventado)"
    street = rng.choice(STREETS)
    return Asset(
        folio=next_folio(s, asset_series(kind.code)), type_id=kind.id, faces=faces,
        width_m=Decimal(str(width)), height_m=Decimal(str(height)),
        total_height_m=Decimal("14.00") if kind.code == "ESP" else None,
        illumination=rng.choice(["ninguna", "frontal"]) if kind.code != "PAN" else "digital",
        material={"BAR": "Pintura vinílica sobre muro", "LON": "Lona front 13 oz", "PEN": "Lona front 13 oz"}
        .get(kind.code, "Estructura metálica"),
        street=street, number=str(rng.randint(1, 450)) if rng.random() < 0.8 else "s/n",
        colonia="Zona Centro" if name == "Cortazar" and rng.random() < 0.5 else "",
        locality_id=locality_id, postal_code="38300" if name == "Cortazar" else "",
        reference=rng.choice(VENUES) if name == "Cortazar" else "",
        lat=point[0] if point else None, lon=point[1] if point else None,
        orientation=rng.choice(["Norte", "Sur", "Oriente", "Poniente"]),
        owner_name=owner if ownership != Ownership.MUNICIPAL else "Municipio de Cortazar",
        owner_phone=f"411 {rng.randint(100, 999)} {rng.randint(1000, 9999)} (inventado)"
        if ownership != Ownership.MUNICIPAL else "",
        ownership=ownership.value, condition=rng.choice(["bueno", "bueno", "regular", "malo"]),
        notes="Ubicación aproximada, dentro del polígono real de la localidad (datos de demostración).",
    )
