"""The audit hook: rows in the same transaction, a hash chain that shows tampering, and append-only tables."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

import pytest
from sqlalchemy import text

from cortazar_desk.db.audit import verify_chain
from cortazar_desk.db.engine import read_engine
from cortazar_desk.services import office
from cortazar_desk.services.attachments import store_file
from cortazar_desk.services.database import Database

from ..conftest import second_session


def _rows(db: Database) -> list[dict]:
    with read_engine(db.engine).connect() as conn:
        return [dict(r) for r in conn.execute(text("SELECT * FROM audit_log ORDER BY id")).mappings()]


def test_update_writes_who_where_and_old_new(db: Database) -> None:
    profile = office.load_profile(db)
    office.save_profile(db, replace(profile, phone="411 155 0000"))
    (row,) = _rows(db)
    assert (row["who"], row["workstation"], row["action"]) == ("prueba", "equipo-prueba", "update")
    assert (row["object_type"], row["object_id"]) == ("office_profile", "1")
    changes = json.loads(row["changes"])
    assert changes["phone"] == {"old": "", "new": "411 155 0000"}
    assert changes["version"] == {"old": 1, "new": 2}
    assert row["at"].endswith("Z")


def test_insert_is_audited_without_file_bytes(db: Database) -> None:
    with db.write() as s:
        store_file(s, b"%PDF-1.4 permiso", "permiso.pdf", "prueba")
    (row,) = _rows(db)
    changes = json.loads(row["changes"])
    assert row["action"] == "insert" and row["object_type"] == "attachment"
    assert "data" not in changes and changes["original_name"]["new"] == "permiso.pdf"


def test_audit_row_rolls_back_with_the_change(db: Database) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with db.write() as s:
            store_file(s, b"%PDF-1.4 x", "x.pdf", "prueba")
            s.flush()
            raise Boom
    assert _rows(db) == []
    with read_engine(db.engine).connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM attachment")).scalar_one() == 0


def test_chain_verifies_and_shows_tampering(db: Database) -> None:
    for n in range(5):
        with db.write() as s:
            store_file(s, f"%PDF-1.4 {n}".encode(), f"{n}.pdf", "prueba")
    with read_engine(db.engine).connect() as conn:
        report = verify_chain(conn)
    assert report.ok and report.rows == 5

    # Someone with direct database access edits history: the triggers must be bypassed to do it.
    with db.engine.begin() as conn:
        if db.backend == "sqlite":
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        conn.execute(text("UPDATE audit_log SET who = 'otro' WHERE id = 3"))
    with read_engine(db.engine).connect() as conn:
        report = verify_chain(conn)
    assert not report.ok and report.bad_id == 3


def test_removed_last_rows_are_detected(db: Database) -> None:
    for n in range(3):
        with db.write() as s:
            store_file(s, f"%PDF-1.4 {n}".encode(), f"{n}.pdf", "prueba")
    with db.engine.begin() as conn:
        if db.backend == "sqlite":
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        conn.execute(text("DELETE FROM audit_log WHERE id = 3"))
    with read_engine(db.engine).connect() as conn:
        report = verify_chain(conn)
    assert not report.ok


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET who = 'x'", "DELETE FROM audit_log"])
def test_audit_log_is_append_only(db: Database, statement: str) -> None:
    with db.write() as s:
        store_file(s, b"%PDF-1.4 a", "a.pdf", "prueba")
    with pytest.raises(Exception, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text(statement))
    assert len(_rows(db)) == 1


def test_concurrent_writers_keep_one_chain(db: Database) -> None:
    """Several workstations saving at once: the chain must not fork (ids contiguous, every hash verified)."""
    others = [second_session(db, f"persona{i}", f"equipo-{i}") for i in range(4)]
    errors: list[BaseException] = []

    def work(other: Database, n: int) -> None:
        try:
            for k in range(8):
                with other.write() as s:
                    store_file(s, f"%PDF-1.4 {n}-{k}".encode(), f"{n}-{k}.pdf", other.actor.user)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(o, i)) for i, o in enumerate(others)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for o in others:
        o.dispose()
    assert errors == []
    with read_engine(db.engine).connect() as conn:
        report = verify_chain(conn)
    assert report.ok and report.rows == 32


def test_bulk_insert_writes_what_the_hook_would(db: Database) -> None:
    from decimal import Decimal

    from sqlalchemy import select

    from cortazar_desk.db.audit import bulk_rows_of, insert_audited
    from cortazar_desk.db.inventory import Asset, AssetType

    # Text with quotes too: on SQLite a value shared by every row is written into the statement (bulk.py)
    values = {"street": "Hidalgo", "number": "12", "width_m": Decimal("3.50"), "lat": 20.48, "lon": -100.95,
              "notes": "«comillas» y acentos', 'x'); DROP TABLE asset; --", "reference": "O''Higgins \"sur\""}
    with db.write() as s:
        type_id = s.scalars(select(AssetType.id).where(AssetType.code == "ESP")).one()
        s.add(Asset(folio="ESP-900", type_id=type_id, **values))
    with db.write() as s:
        ids = insert_audited(s, Asset, [{"folio": "ESP-901", "type_id": type_id, **values},
                                        {"folio": "ESP-902", "type_id": type_id, **values}])
    by_orm, bulk = _rows(db)[-2:]
    # One entry for both rows, holding every value the hook would have recorded for each of them.
    assert (bulk["action"], bulk["object_type"], bulk["who"]) == ("insert_many", "asset", "prueba")
    assert bulk["object_id"] == f"{ids[0]}-{ids[1]}"
    expected = {k: change["new"] for k, change in json.loads(by_orm["changes"]).items()}
    changes = json.loads(bulk["changes"])
    # What both rows share is written once; each row lists the rest.
    assert changes["same"]["street"] == "Hidalgo" and "street" not in changes["columns"]
    assert changes["columns"] == ["id", "folio"] and [row[1] for row in changes["rows"]] == ["ESP-901", "ESP-902"]
    rows = bulk_rows_of(changes, set(ids))
    assert sorted(rows) == ids
    for new_id, folio in zip(ids, ("ESP-901", "ESP-902"), strict=True):
        got = {k: v for k, v in rows[new_id].items() if v is not None}
        assert got == expected | {"id": new_id, "folio": folio}
    with read_engine(db.engine).connect() as conn:
        assert verify_chain(conn).ok
        # The stored rows are the ORM's, value for value (dates, decimals and booleans converted the same way).
        stored = [dict(r) for r in conn.execute(text("SELECT * FROM asset WHERE folio IN ('ESP-900', 'ESP-901')"
                                                     " ORDER BY folio")).mappings()]
        for row in stored:
            for key in ("id", "folio", "updated_at"):
                row.pop(key)
        assert stored[0] == stored[1]
        assert conn.execute(text("SELECT updated_by, version FROM asset WHERE id = :i"), {"i": ids[0]}).one() == (
            "prueba", 1)


def test_a_bulk_entry_gives_each_row_its_own_values_in_the_columns_order(db: Database) -> None:
    from sqlalchemy import select

    from cortazar_desk.db.audit import bulk_rows_of, insert_audited
    from cortazar_desk.db.inventory import Asset, AssetType

    with db.write() as s:
        type_id = s.scalars(select(AssetType.id).where(AssetType.code == "ESP")).one()
        ids = insert_audited(s, Asset, [{"type_id": type_id, "folio": f"ESP-91{n}", "street": "Hidalgo", "lat": lat,
                                         "lon": -100.9} for n, lat in enumerate((0.0, -0.0))])
        (one,) = insert_audited(s, Asset, [{"type_id": type_id, "folio": "ESP-920", "street": "Juárez"}])
    bulk, single = (json.loads(r["changes"]) for r in _rows(db)[-2:])
    rows = bulk_rows_of(bulk, set(ids))
    # -0.0 equals 0.0 but is another value to JSON and PostgreSQL: not one value of the whole column
    assert [str(rows[i]["lat"]) for i in ids] == ["0.0", "-0.0"]
    # The columns in the order given (a history lists them so), those every row shares included
    for row in (*rows.values(), bulk_rows_of(single, {one})[one]):
        assert list(row)[:4] == ["id", "type_id", "folio", "street"]


def test_a_bulk_insert_refused_by_the_database_is_told_in_spanish(db: Database) -> None:
    from sqlalchemy import select

    from cortazar_desk.db.audit import insert_audited
    from cortazar_desk.db.inventory import Asset, AssetType
    from cortazar_desk.services.errors import UserError

    with db.read() as s:
        type_id = s.scalars(select(AssetType.id).where(AssetType.code == "ESP")).one()
    before = _rows(db)
    with pytest.raises(UserError, match="contradice datos ya registrados"), db.write() as s:
        insert_audited(s, Asset, [{"folio": "ESP-001", "type_id": type_id}, {"folio": "ESP-001", "type_id": type_id}])
    assert _rows(db) == before  # nothing of it stayed, the audit entry included
