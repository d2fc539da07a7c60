"""Printed and exported documents of requests: the work order per request, the weekly agenda, and the report by
department, service and status (PDF and Excel)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from ..db.campaigns import Department, WorkOrder
from ..db.inventory import Locality
from ..db.requests import EventRequest, RequestService, SupportService
from ..documents.request_pdfs import (
    ALL_DAY,
    AgendaEntry,
    RequestOrderSheet,
    RequestReport,
    ServiceLine,
    build_agenda,
    build_request_orders,
    build_request_report,
)
from ..domain.orders import OrderKind
from ..domain.recurrence import working_days_between
from ..domain.requests import STATUS_LABELS, RequestStatus, status_label, week_start
from .asset_sheets import letterhead
from .calendar import EVERYTHING, Filters, items_between
from .database import Database
from .errors import UserError
from .office import load_profile
from .requests import _warnings, holidays_between, load_request, make_work_order, request_services


def order_sheet(db: Database, request_id: int) -> RequestOrderSheet:
    loaded = load_request(db, request_id)
    data = loaded.data
    with db.read() as s:
        request = s.get(EventRequest, request_id)
        assert request is not None
        order = s.get(WorkOrder, request.work_order_id) if request.work_order_id else None
        if order is None:
            raise UserError("La solicitud aún no tiene orden de trabajo.")
        department = s.scalar(select(Department.name).where(Department.id == data.department_id)) or ""
        locality = s.scalar(select(Locality.name).where(Locality.id == data.locality_id)) if data.locality_id else ""
        warnings = _warnings(s, data)
        head = (order.folio, order.crew, order.created_on)
    liaison = " · ".join(p for p in (data.liaison_name, data.liaison_phone, data.liaison_email) if p)
    services = [ServiceLine(r.service, r.details, [name for _id, name in r.assigned])
                for r in request_services(db, request_id)]
    return RequestOrderSheet(*head, loaded.folio, data.received_on, status_label(loaded.status),
                             department, liaison, data.event_name, data.event_type,
                             data.starts_at, data.ends_at, data.place, locality or "", data.lat,
                             data.lon, data.attendance, data.presided_by, data.notes, services, warnings)


def request_orders_pdf(db: Database, request_ids: list[int], crew: str = "") -> bytes:
    """The orders of these requests in one PDF; a request without an order gets its folio now."""
    if not request_ids:
        raise UserError("Elija al menos una solicitud.")
    for request_id in request_ids:
        make_work_order(db, request_id, crew)
    sheets = [order_sheet(db, request_id) for request_id in request_ids]
    return build_request_orders(sheets, letterhead(db), load_profile(db).paper_size)


def event_orders_pdf(db: Database, order_ids: list[int]) -> bytes:
    """Printing event-support orders from the orders page: each is printed from its request."""
    with db.read() as s:
        found = dict(s.execute(select(EventRequest.work_order_id, EventRequest.id)
                               .where(EventRequest.work_order_id.in_(order_ids))).all())
        kinds = dict(s.execute(select(WorkOrder.id, WorkOrder.kind).where(WorkOrder.id.in_(order_ids))).all())
    if any(kinds.get(i) != OrderKind.EVENT for i in order_ids) or any(i not in found for i in order_ids):
        raise UserError("Imprima por separado las órdenes de apoyo a eventos y las de anuncios.")
    return request_orders_pdf(db, [found[i] for i in order_ids])


def agenda_entries(db: Database, monday: date, filters: Filters = EVERYTHING
                   ) -> list[tuple[date, list[AgendaEntry]]]:
    days: list[tuple[date, list[AgendaEntry]]] = [(monday + timedelta(days=i), []) for i in range(7)]
    for item in items_between(db, monday, monday + timedelta(days=6), filters):
        for day, entries in days:
            if day not in item.days():
                continue
            if item.all_day:
                when = ALL_DAY
            else:
                start = item.starts_at if item.starts_at.date() == day else datetime.combine(day, time.min)
                end = f"{item.ends_at:%H:%M}" if item.ends_at.date() == day else "24:00"
                when = f"{start:%H:%M}–{end}"
            entries.append(AgendaEntry(when, f"{item.folio} {item.title}".strip(), item.place, item.department,
                                       ", ".join(item.services), ", ".join(item.people), item.status_text(),
                                       item.conflict))
    return days


def agenda_pdf(db: Database, any_day: date, filters: Filters = EVERYTHING, subtitle: str = "") -> bytes:
    monday = week_start(any_day)
    return build_agenda(monday, agenda_entries(db, monday, filters), letterhead(db), load_profile(db).paper_size,
                        subtitle)


REPORT_STATUSES = tuple(RequestStatus)


def report(db: Database, starts_on: date, ends_on: date) -> RequestReport:
    """Requests whose event starts in the period, counted by department and service, per status."""
    if ends_on < starts_on:
        raise UserError("El periodo termina antes de empezar.")
    low, high = datetime.combine(starts_on, time.min), datetime.combine(ends_on + timedelta(days=1), time.min)
    by_department: dict[str, Counter[str]] = defaultdict(Counter)
    by_service: dict[str, Counter[str]] = defaultdict(Counter)
    short = 0
    with db.read() as s:
        requests = s.execute(select(EventRequest.id, Department.name, EventRequest.status, EventRequest.received_on,
                                    EventRequest.starts_at)
                             .join(Department, Department.id == EventRequest.department_id)
                             .where(EventRequest.starts_at >= low, EventRequest.starts_at < high)).all()
        status_of = {rid: status for rid, _d, status, _r, _s in requests}
        for _rid, department, status, _received, _start in requests:
            by_department[department][status] += 1
        services: dict[int, list[int]] = defaultdict(list)
        for rid, name, notice in s.execute(
                select(RequestService.request_id, SupportService.name, SupportService.min_notice_days)
                .join(SupportService, SupportService.id == RequestService.service_id)
                .join(EventRequest, EventRequest.id == RequestService.request_id)
                .where(EventRequest.starts_at >= low, EventRequest.starts_at < high)):
            by_service[name][status_of[rid]] += 1
            services[rid].append(notice)
        holidays = holidays_between(s, starts_on - timedelta(days=400), ends_on)
        for rid, _department, _status, received, start in requests:
            if services[rid] and working_days_between(received, start.date(), holidays) < max(services[rid]):
                short += 1
    order = [str(st) for st in REPORT_STATUSES]

    def rows(counters: dict[str, Counter[str]]) -> list[tuple[str, list[int]]]:
        return sorted(((name, [c[st] for st in order]) for name, c in counters.items()), key=lambda r: -sum(r[1]))

    return RequestReport(starts_on, ends_on, [STATUS_LABELS[st] for st in REPORT_STATUSES], rows(by_department),
                         rows(by_service), short, len(requests))


def report_pdf(db: Database, starts_on: date, ends_on: date) -> bytes:
    return build_request_report(report(db, starts_on, ends_on), letterhead(db), load_profile(db).paper_size)


def report_workbook(db: Database, starts_on: date, ends_on: date, path: Path) -> int:
    from ..documents.workbooks import Column, SheetData, write_workbook

    data = report(db, starts_on, ends_on)
    # The first sheet says what the numbers are: the period is nowhere else once the file is forwarded.
    sheets = [SheetData("Resumen", [Column("Dato", 52), Column("Valor", 28)], [
        ["Periodo (fecha del evento)", f"{data.starts_on:%d/%m/%Y} al {data.ends_on:%d/%m/%Y}"],
        ["Solicitudes", data.total],
        ["Pedidas con menos anticipación de la que piden sus servicios", data.short_notice],
        ["Generado", datetime.now().strftime("%d/%m/%Y %H:%M")],
    ])]
    for title, rows in (("Por dependencia", data.by_department), ("Por servicio", data.by_service)):
        columns = [Column(title.removeprefix("Por ").capitalize(), 36),
                   *(Column(name, 11, "0") for name in data.statuses), Column("Total", 10, "0")]
        sheets.append(SheetData(title, columns, [[name, *counts, sum(counts)] for name, counts in rows]))
    write_workbook(path, sheets)
    return data.total
