"""Demo event-support requests: real departments, venues and localities; invented people, phones and e-mails
(labelled so). A busy Fiestas Patrias week with a photographer booked twice, and the weeks around today."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..db.inventory import Locality
from ..domain.media import fold_name
from ..domain.requests import RequestStatus
from . import request_catalogues, requests
from .database import Database
from .requests import RequestData

STAFF = (("Ana Torres (inventada)", "Fotógrafa"), ("Luis Ramírez (inventado)", "Camarógrafo"),
         ("Karla Méndez (inventada)", "Diseñadora"), ("Jorge Salinas (inventado)", "Redes sociales"),
         ("Pedro Nava (inventado)", "Perifoneo y sonido"))
EQUIPMENT = (("Cámara fotográfica 1", "cámara"), ("Cámara fotográfica 2", "cámara"),
             ("Equipo de transmisión en vivo", "transmisión"), ("Equipo de sonido portátil", "sonido"),
             ("Camioneta de perifoneo", "vehículo"))
LIAISONS = {"Sistema DIF": "Laura Pérez", "Desarrollo Social": "Miguel Ángel Ruiz", "Centro Cultural": "Sofía Lara",
            "Protección Civil": "Ernesto Vega", "Desarrollo Rural": "Rosa Martínez",
            "Seguridad Pública": "Cmdte. Julio Ortega", "Presidencia": "Daniela Fuentes"}
VENUES = (("Jardín Principal", "Cortazar"), ("Centro Cultural", "Cortazar"), ("Recinto Ferial", "Cortazar"),
          ("Parroquia de San José", "Cortazar"), ("Puente Colgante", "Cortazar"),
          ("Plaza de Tierra Fría", "Tierra Fría"), ("Cancha de Cañada de Caracheo", "Cañada de Caracheo"),
          ("Salón ejidal de La Gavia", "La Gavia"), ("Jardín de Merino", "Merino"))
EVENTS = (("Entrega de apoyos alimentarios", "Entrega de apoyos", "Desarrollo Social"),
          ("Jornada de salud visual", "Social", "Sistema DIF"),
          ("Simulacro de evacuación en escuelas", "Cívico", "Protección Civil"),
          ("Concierto de la banda municipal", "Cultural", "Centro Cultural"),
          ("Entrega de semilla a productores", "Entrega de apoyos", "Desarrollo Rural"),
          ("Honores a la bandera", "Cívico", "Presidencia"),
          ("Feria del empleo", "Social", "Desarrollo Económico"),
          ("Taller de prevención del delito", "Social", "Seguridad Pública"),
          ("Exposición de alfeñique", "Cultural", "Centro Cultural"),
          ("Rueda de prensa de la presidencia", "Rueda de prensa", "Presidencia"),
          ("Torneo deportivo de barrios", "Deportivo", "Desarrollo Social"),
          ("Campaña de reforestación", "Social", "Medio Ambiente"))


def fill_demo_requests(db: Database, today: date | None = None, seed: int = 38300) -> int:
    """Idempotent: does nothing when the demo staff is already there. Returns how many requests it created."""
    today = today or date.today()
    if any(s.name == STAFF[0][0] for s in request_catalogues.list_staff(db)):
        return 0
    rng = random.Random(seed)
    staff = [request_catalogues.add_staff(db, name, role, f"411 000 {rng.randint(1000, 9999)} (inventado)")
             for name, role in STAFF]
    equipment = [request_catalogues.add_equipment(db, name, kind) for name, kind in EQUIPMENT]
    for row in request_catalogues.list_departments(db):
        if row.name in LIAISONS:
            handle = fold_name(LIAISONS[row.name].split()[-1]).replace(" ", "")  # "ortega", "fuentes"
            request_catalogues.update_department(db, row, row.name, f"{LIAISONS[row.name]} (nombre inventado)",
                                                 f"411 000 {rng.randint(1000, 9999)} (inventado)",
                                                 f"{handle}@ejemplo.invalid", True)
    for year in (today.year - 1, today.year, today.year + 1):
        request_catalogues.add_official_rest_days(db, year)
    departments = {d.name: d.id for d in request_catalogues.list_departments(db)}
    services = {s.name: s.id for s in request_catalogues.list_services(db)}
    with db.read() as s:
        localities = dict(s.execute(select(Locality.name, Locality.id)).all())
    created = 0

    def make(name: str, kind: str, department: str, starts: datetime, hours: float, venue: tuple[str, str],
             wanted: list[str], notice_days: int) -> int:
        nonlocal created
        data = RequestData(
            received_on=starts.date() - timedelta(days=notice_days), department_id=departments[department],
            event_name=name, starts_at=starts, ends_at=starts + timedelta(hours=hours), event_type=kind,
            place=venue[0], locality_id=localities.get(venue[1]), attendance=rng.choice((80, 150, 300, 600, 2500)),
            presided_by=rng.choice(("Presidencia municipal", "Titular de la dependencia", "Síndico municipal")),
            services=tuple((services[w], "") for w in wanted))
        saved = requests.create_request(db, data)
        created += 1
        return saved.id

    def advance(request_id: int, target: RequestStatus, people: list[tuple[int | None, int | None]]) -> None:
        order = [RequestStatus.VALIDATED, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS, RequestStatus.COVERED,
                 RequestStatus.CLOSED]
        for status in order[:order.index(target) + 1] if target in order else []:
            loaded = requests.load_request(db, request_id)
            if status is RequestStatus.ASSIGNED:
                rows = requests.request_services(db, request_id)
                for n, (person, item) in enumerate(people):
                    requests.assign(db, rows[n % len(rows)].id, staff_id=person, equipment_id=item,
                                    accept_conflicts=True)
                continue  # assigning moved it to "asignada"
            if status is RequestStatus.CLOSED:
                requests.add_evidence(db, request_id, "fotos", rf"\\comunicacion\fotos\{loaded.folio}")
            requests.set_status(db, request_id, loaded.version, status.value)

    # Fiestas Patrias of this year: three departments, the photographer booked on overlapping events.
    patrias = today.year if today >= date(today.year, 9, 17) else today.year - 1
    grito = make("Ceremonia del Grito de Independencia", "Cívico", "Presidencia", datetime(patrias, 9, 15, 21), 3,
                 VENUES[0], ["Cobertura fotográfica", "Transmisión en vivo", "Maestro de ceremonias"], 20)
    verbena = make("Verbena popular y castillo", "Cultural", "Centro Cultural", datetime(patrias, 9, 15, 22, 30), 3,
                   VENUES[0], ["Cobertura fotográfica", "Publicaciones en redes sociales"], 6)
    desfile = make("Desfile cívico-militar", "Cívico", "Seguridad Pública", datetime(patrias, 9, 16, 9), 3,
                   ("Calle Hidalgo", "Cortazar"), ["Cobertura fotográfica", "Video", "Perifoneo"], 3)
    advance(grito, RequestStatus.CLOSED, [(staff[0], None), (None, equipment[2]), (staff[1], None)])
    advance(verbena, RequestStatus.CLOSED, [(staff[0], None), (staff[3], None)])
    advance(desfile, RequestStatus.CLOSED, [(staff[1], None), (None, equipment[4]), (staff[4], None)])

    # The weeks around today: past ones covered or closed, coming ones at every step of the workflow.
    monday = today - timedelta(days=today.weekday())
    for n in range(26):
        day = monday + timedelta(days=rng.randint(-21, 34))
        if day.weekday() == 6 and rng.random() < 0.7:
            day -= timedelta(days=1)
        name, kind, department = EVENTS[n % len(EVENTS)]
        venue = rng.choice(VENUES)
        wanted = rng.sample(["Cobertura fotográfica", "Video", "Publicaciones en redes sociales", "Boletín de prensa",
                             "Perifoneo", "Diseño (invitación, lona, publicación)", "Sonido y templete"],
                            rng.randint(1, 3))
        starts = datetime.combine(day, time(rng.choice((9, 10, 11, 12, 16, 17, 18))))
        request_id = make(name, kind, department, starts, rng.choice((1.5, 2, 3)), venue, wanted,
                          rng.choice((2, 4, 8, 12, 15)))
        people: list[tuple[int | None, int | None]] = [(rng.choice(staff), None)]
        if rng.random() < 0.5:
            people.append((None, rng.choice(equipment)))
        if day < today:
            advance(request_id, rng.choice((RequestStatus.COVERED, RequestStatus.CLOSED, RequestStatus.CLOSED)),
                    people)
        else:
            target = rng.choice((None, RequestStatus.VALIDATED, RequestStatus.ASSIGNED, RequestStatus.ASSIGNED))
            if target is not None:
                advance(request_id, target, people)
    return created
