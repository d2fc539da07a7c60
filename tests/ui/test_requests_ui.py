"""Requests and the calendar as the office uses them: a busy Fiestas Patrias week, a photographer booked twice, the
conflict seen before saving, the calendar views and what they print."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, QPointF, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from cortazar_desk.services import calendar, request_catalogues, requests
from cortazar_desk.services.calendar import CalendarItem
from cortazar_desk.ui.calendar_view import DAY, MONTH, WEEK, _lanes, month_boxes, timed_boxes
from cortazar_desk.ui.context import AppContext
from cortazar_desk.ui.pdf_preview import PdfPreview
from cortazar_desk.ui.request_dialog import AssignDialog, RequestDialog


def _fill(dialog: RequestDialog, department: str, name: str, start: datetime, end: datetime,
          services: tuple[str, ...], received: date) -> None:
    ui = dialog.ui
    ui.receivedDate.setDate(QDate(received.year, received.month, received.day))
    ui.departmentCombo.setCurrentIndex(ui.departmentCombo.findText(department))
    ui.eventName.setText(name)
    ui.startsAt.setDateTime(QDateTime(QDate(start.year, start.month, start.day), QTime(start.hour, start.minute)))
    ui.endsAt.setDateTime(QDateTime(QDate(end.year, end.month, end.day), QTime(end.hour, end.minute)))
    ui.placeEdit.setText("Jardín Principal")
    for row in range(ui.servicesTable.rowCount()):
        item = ui.servicesTable.item(row, 0)
        if item.text() in services:
            item.setCheckState(Qt.CheckState.Checked)


def test_busy_fiestas_patrias_week(qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                   no_blocking_dialogs: list[str]) -> None:
    db = ctx.db
    dep = next(d for d in request_catalogues.list_departments(db) if d.name == "Sistema DIF")
    request_catalogues.update_department(db, dep, dep.name, "Laura Pérez (inventada)", "411 000 0001", "", True)
    request_catalogues.add_staff(db, "Ana Torres (inventada)", "Fotógrafa")
    saved: list[int] = []
    for department, name, start, end, services in (
            ("Presidencia", "Ceremonia del Grito", datetime(2026, 9, 15, 21), datetime(2026, 9, 15, 23, 59),
             ("Cobertura fotográfica", "Transmisión en vivo")),
            ("Centro Cultural", "Verbena popular", datetime(2026, 9, 15, 22), datetime(2026, 9, 16, 1),
             ("Cobertura fotográfica",)),
            ("Sistema DIF", "Desayuno con adultos mayores", datetime(2026, 9, 14, 9), datetime(2026, 9, 14, 11),
             ("Cobertura fotográfica",))):
        dialog = RequestDialog(ctx, None)
        qtbot.addWidget(dialog)
        _fill(dialog, department, name, start, end, services, date(2026, 9, 10))
        if department == "Sistema DIF":  # the department's liaison fills in by itself
            assert dialog.ui.liaisonName.text() == "Laura Pérez (inventada)"
        dialog.refresh_warnings()
        if name == "Ceremonia del Grito":  # 10 Sep (Thu) to 15 Sep (Tue): Fri and Mon, 2 working days
            assert "Transmisión en vivo" in dialog.ui.warningsLabel.text()
        assert dialog.save() and dialog.request_id is not None
        assert dialog.ui.tabs.isTabEnabled(1)  # assignments open once it has a folio
        saved.append(dialog.request_id)
    assert any("Poca anticipación" in text for text in no_blocking_dialogs)
    grito, verbena, _dif = saved

    for request_id in (grito, verbena):
        version = requests.load_request(db, request_id).version
        requests.set_status(db, request_id, version, "validada")
    parent = RequestDialog(ctx, grito)
    qtbot.addWidget(parent)
    assign = AssignDialog(parent, grito, requests.request_services(db, grito), staff=True)
    qtbot.addWidget(assign)
    assert "Sin conflictos" in assign.conflicts.text()
    assign.save()
    assert requests.load_request(db, grito).status == "asignada"

    parent = RequestDialog(ctx, verbena)
    qtbot.addWidget(parent)
    assign = AssignDialog(parent, verbena, requests.request_services(db, verbena), staff=True)
    qtbot.addWidget(assign)
    # The conflict shows before anything is saved, naming the other event.
    assert "Conflicto de horario" in assign.conflicts.text() and "Ceremonia del Grito" in assign.conflicts.text()
    assert assign.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Asignar de todos modos"
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.No)
    assign.save()
    assert requests.request_services(db, verbena)[0].assigned == []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assign.save()
    assert [n for _i, n in requests.request_services(db, verbena)[0].assigned] == ["Ana Torres (inventada)"]

    # The week on the calendar: both events marked, the agenda printed, two orders printed.
    from cortazar_desk.ui.pages.calendar_page import CalendarPage

    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.anchor = date(2026, 9, 15)
    page.set_mode(WEEK)
    conflicted = {b.item.title for b in page.view.boxes if b.item is not None and b.item.conflict}
    assert conflicted == {"Ceremonia del Grito", "Verbena popular"}
    assert "2 con conflicto de horario" in page.summary.text()
    previews: list[PdfPreview] = []
    monkeypatch.setattr(PdfPreview, "exec", lambda self: previews.append(self) or 0)
    page.print_agenda()
    assert previews and previews[-1].windowTitle() == "Agenda semanal"
    from cortazar_desk.ui.pages.requests_page import RequestsPage

    listing = RequestsPage(ctx)
    qtbot.addWidget(listing)
    listing.period.setCurrentIndex(listing.period.findText("Todas"))
    assert listing.model.rowCount() == 3
    listing.search.setText("verbena")
    assert listing.proxy.rowCount() == 1
    listing.search.setText("")
    listing.table.selectAll()
    listing.print_selected()
    assert previews[-1].windowTitle() == "Órdenes de trabajo de eventos"
    assert all(requests.load_request(db, i).work_order_folio for i in saved)


def test_double_clicking_an_event_opens_it(qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from cortazar_desk.ui.pages.calendar_page import CalendarPage

    dep = next(d.id for d in request_catalogues.list_departments(ctx.db) if d.name == "Mercados")
    saved = requests.create_request(ctx.db, requests.RequestData(
        received_on=date(2026, 11, 1), department_id=dep, event_name="Inauguración del tianguis",
        starts_at=datetime(2026, 12, 3, 10), ends_at=datetime(2026, 12, 3, 12)))
    opened: list[int | None] = []
    monkeypatch.setattr(RequestDialog, "exec", lambda self: opened.append(self.request_id) or 0)
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.anchor = date(2026, 12, 1)
    page.set_mode(MONTH)
    box = next(b for b in page.view.boxes if b.item is not None and b.item.request_id == saved.id)
    assert box.day == date(2026, 12, 3)
    qtbot.mouseDClick(page.view, Qt.MouseButton.LeftButton, pos=box.rect.center().toPoint())
    assert opened == [saved.id]
    # double-clicking the day opens the day view
    page.view.day_activated.emit(date(2026, 12, 3))
    assert page.mode == DAY and "03/12/2026" in page.title.text()
    page.move(True)
    assert "04/12/2026" in page.title.text()


def _item(key: str, start: datetime, end: datetime, all_day: bool = False) -> CalendarItem:
    return CalendarItem(key, 1, None, "SOL-1", key, start, end, all_day, "recibida", "", "", (), (), False)


def test_month_geometry_places_events_on_their_day_and_folds_the_rest() -> None:
    anchor = date(2026, 9, 1)  # the grid starts Monday 31 August
    items = [_item(f"e{n}", datetime(2026, 9, 15, 8 + n), datetime(2026, 9, 15, 9 + n)) for n in range(8)]
    boxes = month_boxes(items, anchor, 700, 624)  # cells of 100 x 100: the day's number, then four lines
    on_15 = [b for b in boxes if b.day == date(2026, 9, 15)]
    assert len(on_15) == 4 and on_15[-1].item is None and on_15[-1].text == "+5 más"
    cell = on_15[0].rect
    assert 100 <= cell.x() < 200 and 24 + 2 * 100 <= cell.y() < 24 + 3 * 100  # Tuesday, third row
    assert [b.text for b in on_15[:2]] == ["08:00 e0", "09:00 e1"]


def test_week_geometry_puts_overlapping_events_side_by_side() -> None:
    a = _item("a", datetime(2026, 9, 15, 20), datetime(2026, 9, 15, 23))
    b = _item("b", datetime(2026, 9, 15, 22), datetime(2026, 9, 16, 1))
    c = _item("c", datetime(2026, 9, 15, 9), datetime(2026, 9, 15, 10))
    lanes = _lanes([a, b, c])
    assert lanes == {"c": (0, 1), "a": (0, 2), "b": (1, 2)}
    days = [date(2026, 9, 14 + i) for i in range(7)]
    boxes, top = timed_boxes([a, b, c], days, 744, 24 + 17 * 40 + 2)  # 40 px an hour
    by_key = {(x.item.key if x.item else "", x.day): x.rect for x in boxes}
    ra, rb = by_key[("a", date(2026, 9, 15))], by_key[("b", date(2026, 9, 15))]
    assert ra.width() < 50 and rb.x() > ra.x() and abs(ra.y() - (top + 13 * 40)) < 1
    assert ("b", date(2026, 9, 16)) in by_key  # the part after midnight shows on Wednesday
    # ...at its own hour: the grid starts at midnight when something shown starts before 7:00
    from cortazar_desk.ui.calendar_view import first_hour

    assert first_hour([a, b, c], days) == 0 and first_hour([a, c], days) == 7
    boxes, top = timed_boxes([a, b, c], days, 744, 24 + 24 * 40 + 2, 0)
    night = next(x for x in boxes if x.item is b and x.day == date(2026, 9, 16))
    assert abs(night.rect.y() - top) < 1 and abs(night.rect.height() - (1 * 40 - 1)) < 1
    assert night.text == "↳ hasta 01:00 b"


def test_requests_and_calendar_are_pages_of_the_window(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    QTest.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.requests
    QTest.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.calendar
    assert "No hay solicitudes" in window.requests.empty.text() and window.requests.empty.isVisibleTo(window.requests)


def test_empty_point_in_week_view_starts_a_request_at_that_hour(qtbot, ctx: AppContext,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from cortazar_desk.ui.pages.calendar_page import CalendarPage

    started: list[object] = []
    monkeypatch.setattr(RequestDialog, "exec", lambda self: started.append(
        self.ui.startsAt.dateTime().toString("dd/MM/yyyy HH:mm")) or 0)
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.anchor = date(2026, 12, 2)
    page.set_mode(WEEK)
    view = page.view
    hour_h = (view.height() - view.hours_top - 2) / 17
    col_w = (view.width() - 44) / 7
    point = QPointF(44 + 2.5 * col_w, view.hours_top + 3.2 * hour_h)  # Wednesday, a bit after 10:00
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert started == ["02/12/2026 10:00"]
    assert calendar.items_between(ctx.db, date(2026, 12, 1), date(2026, 12, 7)) == []


def test_request_catalogues_in_the_catalogues_page(window, ctx: AppContext,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   no_blocking_dialogs: list[str]) -> None:
    from cortazar_desk.domain.recurrence import RuleKind
    from cortazar_desk.ui import request_catalogues_tabs as tabs_module

    page = window.catalogues
    services = page.request_tabs["Servicios"]
    answers = iter([("Video", 3), ("Drone", 4)])  # the first is taken: the dialog comes back with it typed

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        typed = dialog.widgets["name"].text()
        if typed == "Video":  # came back after the refusal, with what was typed
            dialog.widgets["name"].setText("Fotografía aérea con dron")
            return 1
        name, days = next(answers)
        dialog.widgets["name"].setText(name)
        dialog.widgets["min_notice_days"].setValue(days)
        return 1

    monkeypatch.setattr(tabs_module.RecordDialog, "exec", fill)
    services.add()
    assert any("Ya existe" in text for text in no_blocking_dialogs)
    added = next(s for s in request_catalogues.list_services(ctx.db) if s.name == "Fotografía aérea con dron")
    assert added.detail == "3"
    assert any(services.table.item(r, 0).text() == "Fotografía aérea con dron"
               for r in range(services.table.rowCount()))

    def easter_rule(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.name.setText("Viacrucis viviente")
        dialog.kind.setCurrentIndex(dialog.kind.findData(RuleKind.EASTER.value))
        dialog.offset.setValue(-2)
        assert not dialog.form.isRowVisible(dialog.day) and dialog.form.isRowVisible(dialog.offset)
        assert dialog.preview.text().startswith("03/04/2026")  # Good Friday 2026
        return 1

    monkeypatch.setattr(tabs_module.TraditionalDialog, "exec", easter_rule)
    page.request_tabs["Eventos tradicionales"].add()
    viacrucis = next(t for t in request_catalogues.list_traditional(ctx.db) if t.name == "Viacrucis viviente")
    assert viacrucis.rule.on(2027).isoformat() == "2027-03-26"

    holidays = page.request_tabs["Días inhábiles"]
    holidays.buttons.itemAt(holidays.buttons.count() - 1).widget().click()  # the official rest days of the year
    assert len(request_catalogues.list_holidays(ctx.db, date.today().year)) >= 7
    staff = page.request_tabs["Personal"]
    staff.margin.setValue(45)  # type: ignore[attr-defined]
    next(b for b in staff.findChildren(tabs_module.QPushButton) if b.text() == "Guardar margen").click()
    assert request_catalogues.load_travel_margin(ctx.db)[0] == 45


def test_hostile_event_names_are_shown_as_text(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from cortazar_desk.ui.calendar_view import tooltip_of

    hostile = "<img src=x onerror=alert(1)><b>Evento</b> & =SUMA(A1)"
    dep = next(d.id for d in request_catalogues.list_departments(ctx.db) if d.name == "Tránsito")
    person = request_catalogues.add_staff(ctx.db, "Nadia <i>Ruiz</i>")
    saved = []
    for hour in (10, 11):
        saved.append(requests.create_request(ctx.db, requests.RequestData(
            received_on=date(2026, 11, 1), department_id=dep, event_name=hostile,
            starts_at=datetime(2026, 12, 3, hour), ends_at=datetime(2026, 12, 3, hour + 2),
            services=((request_catalogues.list_services(ctx.db)[0].id, ""),))))
    requests.assign(ctx.db, requests.request_services(ctx.db, saved[0].id)[0].id, staff_id=person)
    item = calendar.items_between(ctx.db, date(2026, 12, 3), date(2026, 12, 3))[0]
    tip = tooltip_of(item)
    assert "<img" not in tip and "&lt;img src=x onerror=alert(1)&gt;" in tip
    parent = RequestDialog(ctx, saved[1].id)
    qtbot.addWidget(parent)
    assert parent.ui.eventName.text() == hostile
    assign = AssignDialog(parent, saved[1].id, requests.request_services(ctx.db, saved[1].id), staff=True)
    qtbot.addWidget(assign)
    assert "&lt;img" in assign.conflicts.text() and "<img" not in assign.conflicts.text()
    assert "Nadia &lt;i&gt;Ruiz&lt;/i&gt;" in assign.conflicts.text()


def test_request_shows_its_press_coverage(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from cortazar_desk.services import media_directory as md
    from cortazar_desk.services import media_monitoring as mm
    from cortazar_desk.ui.monitoring_form import EntryForm

    dep = next(d.id for d in request_catalogues.list_departments(ctx.db) if d.name == "Centro Cultural")
    saved = requests.create_request(ctx.db, requests.RequestData(
        received_on=date.today(), department_id=dep, event_name="Noche de museos",
        starts_at=datetime.combine(date.today(), datetime.min.time()).replace(hour=19),
        ends_at=datetime.combine(date.today(), datetime.min.time()).replace(hour=22)))
    outlet = md.create_outlet(ctx.db, md.OutletData("El Sol del Bajío", "impreso", "regional"))
    form = EntryForm(ctx)
    qtbot.addWidget(form)
    combo = form.ui.requestCombo
    index = combo.findData(saved.id)
    assert index > 0 and combo.itemText(index).startswith(saved.folio)  # the entry form offers the request
    mm.create_entry(ctx.db, mm.EntryData(datetime.now().replace(microsecond=0), outlet, "Lleno total en el museo",
                                         tone="positiva", event_request_id=saved.id))
    dialog = RequestDialog(ctx, saved.id)
    qtbot.addWidget(dialog)
    assert dialog.coverage_table.rowCount() == 1
    assert dialog.coverage_table.item(0, 3).text() == "Lleno total en el museo"
    assert "1 nota(s)" in dialog.coverage_label.text()
