"""Event-support requests on SQLite and PostgreSQL: intake, notice, veda, workflow, assignments and conflicts, the
calendar and its .ics, traditional events, the order in the work-order series."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from cortazar_desk.db.requests import EventRequest, RequestStatusChange
from cortazar_desk.domain.requests import RequestStatus
from cortazar_desk.services import calendar, request_catalogues, requests, work_orders
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import ValidationError
from cortazar_desk.services.requests import AssignmentConflictError, RequestData

D, DT = date, datetime


def _department(db: Database, name: str = "Sistema DIF") -> int:
    return next(d.id for d in request_catalogues.list_departments(db) if d.name == name)


def _service(db: Database, name: str) -> int:
    return next(s.id for s in request_catalogues.list_services(db) if s.name == name)


def _locality(db: Database, name: str) -> int:
    from cortazar_desk.db.inventory import Locality

    with db.write() as s:
        row = Locality(name=name)
        s.add(row)
        s.flush()
        return row.id


def _request(db: Database, name: str, starts: datetime, hours: float = 2, *, received: date | None = None,
             department: str = "Sistema DIF", services: tuple[str, ...] = ("Cobertura fotográfica",),
             locality_id: int | None = None) -> requests.SavedRequest:
    data = RequestData(received_on=received or starts.date() - timedelta(days=20),
                       department_id=_department(db, department), event_name=name, starts_at=starts,
                       ends_at=starts + timedelta(hours=hours), place="Jardín Principal", locality_id=locality_id,
                       services=tuple((_service(db, s), "") for s in services))
    return requests.create_request(db, data)


def _first_service(db: Database, request_id: int) -> int:
    return requests.request_services(db, request_id)[0].id


def test_catalogues_are_seeded(db: Database) -> None:
    services = {s.name: int(s.detail) for s in request_catalogues.list_services(db)}
    assert services["Transmisión en vivo"] == 5 and services["Cobertura fotográfica"] == 2
    assert request_catalogues.load_travel_margin(db)[0] == 30
    names = [t.name for t in request_catalogues.list_traditional(db)]
    assert "Fiesta del Padre Nieves" in names and "Fiestas Patrias: Grito de Independencia" in names
    with pytest.raises(ValidationError, match="Ya existe"):
        request_catalogues.add_service(db, "Video", 3)


def test_short_notice_is_flagged_not_refused(db: Database) -> None:
    request_catalogues.add_holiday(db, D(2026, 9, 9), "Día de la oficina")
    # Received Monday 7 Sep for Monday 14 Sep: Tue, Thu, Fri = 3 working days (Wednesday is a holiday).
    saved = _request(db, "Desfile", DT(2026, 9, 14, 9), received=D(2026, 9, 7),
                     services=("Cobertura fotográfica", "Transmisión en vivo"))
    assert saved.folio == "SOL-2026-0001"
    assert len(saved.warnings) == 1
    assert "Transmisión en vivo" in saved.warnings[0] and "con 3" in saved.warnings[0]
    loaded = requests.load_request(db, saved.id)
    assert loaded.status == RequestStatus.RECEIVED and len(loaded.data.services) == 2


def test_event_inside_a_veda_warns(db: Database) -> None:
    saved = _request(db, "Entrega de despensas", DT(2024, 5, 10, 10), received=D(2024, 4, 1))
    assert any("veda" in w and "02/06/2024" in w and "exentos" in w for w in saved.warnings)


def test_bad_input_is_refused_and_nothing_is_saved(db: Database) -> None:
    bad = RequestData(received_on=D(2026, 9, 1), department_id=_department(db), event_name="Grito",
                      starts_at=DT(2026, 9, 15, 23), ends_at=DT(2026, 9, 15, 22))
    with pytest.raises(ValidationError, match="terminar después"):
        requests.create_request(db, bad)
    with pytest.raises(ValidationError, match="nombre del evento"):
        requests.create_request(db, RequestData(received_on=D(2026, 9, 1), department_id=_department(db),
                                                event_name="  \x00 ", starts_at=DT(2026, 9, 15, 20),
                                                ends_at=DT(2026, 9, 15, 22)))
    for bad_email in ("juan@@correo.mx", "juan@", "@", "juan @correo.mx"):
        with pytest.raises(ValidationError, match="Correo del enlace"):
            requests.create_request(db, RequestData(received_on=D(2026, 9, 1), department_id=_department(db),
                                                    event_name="Grito", starts_at=DT(2026, 9, 15, 20),
                                                    ends_at=DT(2026, 9, 15, 23), liaison_email=bad_email))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(EventRequest)) == 0
        assert s.scalar(select(func.count()).select_from(RequestStatusChange)) == 0


def test_workflow_is_dated_history(db: Database) -> None:
    saved = _request(db, "Informe DIF", DT(2026, 10, 2, 10))
    photographer = request_catalogues.add_staff(db, "Luis Ramírez (inventado)", "Fotógrafo")
    version = saved.version
    with pytest.raises(ValidationError, match="siguiente paso es validada"):
        requests.set_status(db, saved.id, version, RequestStatus.COVERED)
    version = requests.set_status(db, saved.id, version, RequestStatus.VALIDATED)
    requests.assign(db, _first_service(db, saved.id), staff_id=photographer)  # validada -> asignada by itself
    loaded = requests.load_request(db, saved.id)
    assert loaded.status == RequestStatus.ASSIGNED
    version = requests.set_status(db, saved.id, loaded.version, RequestStatus.IN_PROGRESS)
    version = requests.set_status(db, saved.id, version, RequestStatus.COVERED)
    with pytest.raises(ValidationError, match="evidencia"):
        requests.set_status(db, saved.id, version, RequestStatus.CLOSED)
    requests.add_evidence(db, saved.id, "fotos", r"\\servidor\fotos\2026\informe-dif")
    requests.set_status(db, saved.id, version, RequestStatus.CLOSED)
    steps = [h.status for h in requests.history(db, saved.id)]
    assert steps == ["recibida", "validada", "asignada", "en_proceso", "cubierta", "cerrada"]
    assert all(h.changed_by == db.actor.user for h in requests.history(db, saved.id))
    assert requests.evidence(db, saved.id)[0][0] == "Carpeta de fotos"


def test_rejection_needs_a_reason(db: Database) -> None:
    saved = _request(db, "Kermés", DT(2026, 10, 3, 10))
    with pytest.raises(ValidationError, match="motivo"):
        requests.set_status(db, saved.id, saved.version, RequestStatus.REJECTED, "")
    requests.set_status(db, saved.id, saved.version, RequestStatus.REJECTED, "Se canceló el evento")
    loaded = requests.load_request(db, saved.id)
    assert loaded.status == RequestStatus.REJECTED and loaded.rejection_reason == "Se canceló el evento"


def test_the_same_photographer_on_overlapping_events(db: Database) -> None:
    centro, caracheo = _locality(db, "Cortazar"), _locality(db, "Cañada de Caracheo")
    photographer = request_catalogues.add_staff(db, "Ana Torres (inventada)", "Fotógrafa")
    grito = _request(db, "Grito de Independencia", DT(2026, 9, 15, 20), 4, locality_id=centro)
    verbena = _request(db, "Verbena popular", DT(2026, 9, 15, 22), 3, department="Centro Cultural",
                       locality_id=centro)
    rural = _request(db, "Grito en Cañada de Caracheo", DT(2026, 9, 16, 0, 20), 2, department="Desarrollo Rural",
                     locality_id=caracheo)
    later_same_place = _request(db, "Desfile", DT(2026, 9, 16, 0, 0), 1, locality_id=centro,
                                department="Seguridad Pública")
    requests.assign(db, _first_service(db, grito.id), staff_id=photographer)
    check = requests.check_assignment(db, verbena.id, staff_id=photographer)
    assert len(check.conflicts) == 1 and grito.folio in check.conflicts[0] and "Ana Torres" in check.conflicts[0]
    with pytest.raises(AssignmentConflictError, match="Conflicto de horario"):
        requests.assign(db, _first_service(db, verbena.id), staff_id=photographer)
    assert requests.request_services(db, verbena.id)[0].assigned == []
    # 20 minutes after the Grito ends, in another locality: inside the 30-minute margin, and the message says so.
    margin_clash = requests.check_assignment(db, rural.id, staff_id=photographer).conflicts
    assert margin_clash and "15/09/2026 20:00 al 16/09/2026 00:00" in margin_clash[0]
    assert "no quedan los 30 min de traslado" in margin_clash[0]
    assert "traslado" not in check.conflicts[0]  # an overlap is just an overlap
    # Right after it in the same locality: no conflict.
    assert requests.check_assignment(db, later_same_place.id, staff_id=photographer).conflicts == []
    # With a 10-minute margin the rural event is fine.
    _minutes, version = request_catalogues.load_travel_margin(db)
    request_catalogues.save_travel_margin(db, 10, version)
    assert requests.check_assignment(db, rural.id, staff_id=photographer).conflicts == []
    # Accepting the conflict saves it and the calendar shows it.
    requests.assign(db, _first_service(db, verbena.id), staff_id=photographer, accept_conflicts=True)
    items = {i.title: i for i in calendar.items_between(db, D(2026, 9, 1), D(2026, 9, 30))}
    assert items["Grito de Independencia"].conflict and items["Verbena popular"].conflict
    assert not items["Desfile"].conflict
    assert items["Grito de Independencia"].people == ("Ana Torres (inventada)",)
    conflicts = calendar.conflicts_between(db, D(2026, 9, 14), D(2026, 9, 20))
    assert len(conflicts) == 1 and conflicts[0].resource == "Ana Torres (inventada)"


def test_equipment_conflicts_too(db: Database) -> None:
    kit = request_catalogues.add_equipment(db, "Equipo de transmisión 1", "transmisión")
    first = _request(db, "Sesión de cabildo", DT(2026, 11, 5, 10), 3, services=("Transmisión en vivo",))
    second = _request(db, "Foro juvenil", DT(2026, 11, 5, 12), 2, services=("Transmisión en vivo",))
    requests.assign(db, _first_service(db, first.id), equipment_id=kit)
    conflicts = requests.check_assignment(db, second.id, equipment_id=kit).conflicts
    assert conflicts and "Equipo de transmisión 1" in conflicts[0]


def test_moving_an_event_moves_its_assignments_and_reports_new_conflicts(db: Database) -> None:
    photographer = request_catalogues.add_staff(db, "Raúl Díaz (inventado)")
    morning = _request(db, "Plantación de árboles", DT(2026, 8, 3, 9), 2, department="Medio Ambiente")
    noon = _request(db, "Entrega de becas", DT(2026, 8, 3, 13), 2)
    requests.assign(db, _first_service(db, morning.id), staff_id=photographer)
    requests.assign(db, _first_service(db, noon.id), staff_id=photographer)
    loaded = requests.load_request(db, noon.id)
    moved = requests.update_request(db, noon.id, loaded.version,
                                    RequestData(**{**loaded.data.__dict__, "starts_at": DT(2026, 8, 3, 10),
                                                   "ends_at": DT(2026, 8, 3, 12)}))
    assert any("Conflicto" in w and morning.folio in w for w in moved.warnings)
    assert calendar.conflicts_between(db, D(2026, 8, 3), D(2026, 8, 3))
    # A service with people assigned is not dropped silently.
    loaded = requests.load_request(db, noon.id)
    with pytest.raises(ValidationError, match="quite primero"):
        requests.update_request(db, noon.id, loaded.version, RequestData(**{**loaded.data.__dict__,
                                                                            "services": ()}))


def test_calendar_filters_and_traditional_events(db: Database) -> None:
    photographer = request_catalogues.add_staff(db, "Eva Soto (inventada)")
    dif = _request(db, "Día del abuelo", DT(2026, 8, 28, 10), services=("Video",))
    _request(db, "Feria del empleo", DT(2026, 8, 20, 9), department="Desarrollo Económico")
    requests.assign(db, _first_service(db, dif.id), staff_id=photographer)
    august = calendar.items_between(db, D(2026, 8, 1), D(2026, 8, 31))
    assert {i.title for i in august if i.request_id} == {"Día del abuelo", "Feria del empleo"}
    by_person = calendar.items_between(db, D(2026, 8, 1), D(2026, 8, 31), calendar.Filters(staff_id=photographer))
    assert [i.title for i in by_person] == ["Día del abuelo"]
    by_service = calendar.items_between(db, D(2026, 8, 1), D(2026, 8, 31),
                                        calendar.Filters(service_id=_service(db, "Video")))
    assert [i.title for i in by_service] == ["Día del abuelo"]
    by_department = calendar.items_between(
        db, D(2026, 8, 1), D(2026, 8, 31),
        calendar.Filters(department_id=_department(db, "Desarrollo Económico")))
    assert [i.title for i in by_department] == ["Feria del empleo"]
    september = calendar.items_between(db, D(2026, 9, 1), D(2026, 9, 30))
    grito = next(i for i in september if i.title == "Fiestas Patrias: Grito de Independencia")
    assert grito.all_day and grito.starts_at.date() == D(2026, 9, 15) and grito.days() == [D(2026, 9, 15)]
    feria = next(i for i in calendar.items_between(db, D(2026, 11, 1), D(2026, 11, 2))
                 if i.title.startswith("Feria de Todos Santos"))
    assert feria.days()[0] == D(2026, 10, 25) and feria.days()[-1] == D(2026, 11, 3)


def test_ics_export_reads_back(db: Database) -> None:
    _request(db, "Informe; \"anual\", con comas\ny saltos", DT(2026, 9, 1, 11), 2)
    items = calendar.items_between(db, D(2026, 9, 1), D(2026, 9, 16))
    parsed = Calendar.from_ical(calendar.to_ics(items))
    events = {str(e.get("summary")): e for e in parsed.walk("VEVENT")}
    assert len(events) == len(items)
    request = next(e for k, e in events.items() if "Informe" in k)
    assert 'Informe; "anual", con comas' in str(request.get("summary"))
    start = request.decoded("dtstart")
    assert start.hour == 11 and str(start.tzinfo) == "America/Mexico_City"
    grito = events["Fiestas Patrias: Grito de Independencia"]
    assert grito.decoded("dtstart") == D(2026, 9, 15) and grito.decoded("dtend") == D(2026, 9, 16)
    assert parsed.walk("VTIMEZONE")


def test_traditional_event_becomes_a_request_once(db: Database) -> None:
    grito = next(t for t in request_catalogues.list_traditional(db)
                 if t.name == "Fiestas Patrias: Grito de Independencia")
    saved = requests.request_from_traditional(db, grito.id, 2027)
    loaded = requests.load_request(db, saved.id)
    # at the Grito's usual hours, 21:00 to 00:30 of the next day
    assert (loaded.data.starts_at, loaded.data.ends_at) == (DT(2027, 9, 15, 21), DT(2027, 9, 16, 0, 30))
    assert loaded.data.event_type == "Tradicional" and loaded.traditional_event_id == grito.id
    with pytest.raises(ValidationError, match="Ya existe la solicitud"):
        requests.request_from_traditional(db, grito.id, 2027)
    # the calendar shows the request, no longer the traditional event beside it (other years still show it)
    titles = [i.title for i in calendar.items_between(db, D(2027, 9, 15), D(2027, 9, 15))]
    assert titles == ["Fiestas Patrias: Grito de Independencia 2027"]
    assert "Fiestas Patrias: Grito de Independencia" in [
        i.title for i in calendar.items_between(db, D(2028, 9, 15), D(2028, 9, 15))]
    # a fair of several days is asked for its opening; the notes say until when it runs
    fair = next(t for t in request_catalogues.list_traditional(db) if t.name.startswith("Feria de Todos Santos"))
    opening = requests.load_request(db, requests.request_from_traditional(db, fair.id, 2027).id)
    assert opening.data.starts_at == DT(2027, 10, 25, 18) and opening.data.ends_at == DT(2027, 10, 25, 23)
    assert opening.data.notes.startswith("Del 25/10/2027 al 03/11/2027.")
    row = next(t for t in request_catalogues.list_traditional(db) if t.id == fair.id)
    request_catalogues.update_traditional(db, row, row.name, row.rule, row.duration_days, row.place, row.notes,
                                          True, time(17), time(22, 30))
    assert "17:00 a 22:30" in next(t for t in request_catalogues.list_traditional(db) if t.id == fair.id).describe()


def test_order_shares_the_work_order_series(db: Database) -> None:
    saved = _request(db, "Cabildo abierto", DT(2026, 10, 8, 10))
    folio = requests.make_work_order(db, saved.id, "Equipo de foto")
    assert folio.startswith(f"OT-{date.today().year}-")
    assert requests.make_work_order(db, saved.id) == folio  # made once
    assert requests.load_request(db, saved.id).work_order_folio == folio
    row = next(o for o in work_orders.list_orders(db) if o.folio == folio)
    assert row.kind == "evento"


def _pdf_text(data: bytes) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
                          ).stdout.decode()


def test_printed_order_agenda_and_report(db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    from openpyxl import load_workbook

    from cortazar_desk.services import request_documents

    photographer = request_catalogues.add_staff(db, "Ana Torres (inventada)", "Fotógrafa")
    grito = _request(db, "Grito de Independencia", DT(2026, 9, 15, 20), 4,
                     services=("Cobertura fotográfica", "Perifoneo"))
    data = requests.load_request(db, grito.id)
    requests.update_request(db, grito.id, data.version, RequestData(**{**data.data.__dict__, "lat": 20.483,
                                                                       "lon": -100.9632, "attendance": 3000,
                                                                       "presided_by": "Presidencia municipal"}))
    verbena = _request(db, "Verbena =HYPERLINK(\"x\")", DT(2026, 9, 15, 22), 2, department="Centro Cultural")
    requests.assign(db, _first_service(db, grito.id), staff_id=photographer)
    requests.assign(db, _first_service(db, verbena.id), staff_id=photographer, accept_conflicts=True)
    pdf = request_documents.request_orders_pdf(db, [grito.id, verbena.id], "Equipo de foto")
    text = _pdf_text(pdf)
    assert "Apoyo a evento" in text and grito.folio in text and "Grito de Independencia" in text
    assert "15/09/2026 de 20:00 a 00:00" not in text and "del 15/09/2026 20:00 al 16/09/2026 00:00" in text
    assert "Ana Torres (inventada)" in text and "Sin asignar" in text and "3,000 personas" in text
    assert "Elaboró" in text and "Autorizó" in text and "Recibió" in text and "Página 1 de 2" in text
    (tmp_path / "orden.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(tmp_path / "orden.pdf"),
                    str(tmp_path / "orden")], check=True)
    qr = subprocess.run(["zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("orden*.png")))],
                        capture_output=True, text=True, check=False).stdout.split()
    assert qr == ["https://www.google.com/maps/search/?api=1&query=20.483000,-100.963200"]
    # Printing it from the orders page gives the same order (it is in the one series).
    folio = requests.load_request(db, grito.id).work_order_folio
    order_id = next(o.id for o in work_orders.list_orders(db) if o.folio == folio)
    assert "Grito de Independencia" in _pdf_text(work_orders.work_orders_pdf(db, [order_id]))

    agenda = _pdf_text(request_documents.agenda_pdf(db, D(2026, 9, 16)))
    assert "Agenda de la semana del 14/09/2026 al 20/09/2026" in agenda
    assert "Martes 15/09/2026" in agenda and "Conflicto de horario" in agenda
    assert "Fiestas Patrias: Grito de" in agenda and "Todo el día" in agenda

    report_text = _pdf_text(request_documents.report_pdf(db, D(2026, 9, 1), D(2026, 9, 30)))
    assert "Sistema DIF" in report_text and "Centro Cultural" in report_text and "Por servicio" in report_text
    path = tmp_path / "solicitudes.xlsx"
    assert request_documents.report_workbook(db, D(2026, 9, 1), D(2026, 9, 30), path) == 2
    book = load_workbook(path)
    sheet = book["Por servicio"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in sheet[1]]
    assert header[0] == "Servicio" and header[-1] == "Total" and "Asignada" in header
    assert rows["Cobertura fotográfica"][-1] == 2 and rows["Perifoneo"][-1] == 1
    summary = {r[0]: r[1] for r in book["Resumen"].iter_rows(min_row=2, values_only=True)}
    assert book.sheetnames[0] == "Resumen"
    assert summary["Periodo (fecha del evento)"] == "01/09/2026 al 30/09/2026" and summary["Solicitudes"] == 2


def test_dashboard_outlook(db: Database) -> None:
    today = D(2026, 12, 2)  # a Wednesday
    photographer = request_catalogues.add_staff(db, "Ana Torres (inventada)")
    first = _request(db, "Posada del DIF", DT(2026, 12, 2, 17), 3)
    second = _request(db, "Encendido del árbol", DT(2026, 12, 2, 18), 2, department="Presidencia")
    _request(db, "Posada de Mercados", DT(2026, 12, 7, 17), 2, department="Mercados")  # next week
    for saved in (first, second):
        requests.assign(db, _first_service(db, saved.id), staff_id=photographer, accept_conflicts=True)
    view = calendar.events_outlook(db, today)
    assert view.today == 2 and view.this_week == 2
    assert [i.title for i in view.coming if i.request_id] == ["Posada del DIF", "Encendido del árbol",
                                                              "Posada de Mercados"]
    assert view.unassigned == 1
    assert [c.resource for c in view.conflicts] == ["Ana Torres (inventada)"]
