"""The administrator's commands, run as a scheduler would run them: separate processes with --db."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from cortazar_desk.db.engine import DatabaseLocation, make_engine, read_engine
from cortazar_desk.db.schema import SchemaState, schema_state


def admin(*args: str, home: Path, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CORTAZAR_DESK_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "cortazar_desk", *args], capture_output=True, text=True, env=env,
                          input=input_text, timeout=120)


def test_demo_backup_check_restore(tmp_path: Path, isolated_home: Path) -> None:
    db = tmp_path / "oficina.sqlite"
    run = admin("demo", "--db", str(db), home=isolated_home)
    assert run.returncode == 0, run.stderr
    assert "Datos de demostración listos" in run.stdout
    # the demo brings a drawn base map of the municipality, chosen for this workstation
    from cortazar_desk.config import WorkstationConfig
    from cortazar_desk.paths import app_dirs
    from cortazar_desk.services.tiles import TileSet

    tiles = WorkstationConfig.load(app_dirs().config_file).tiles_file
    assert tiles and TileSet(Path(tiles)).info.max_zoom == 14

    run = admin("backup", "--db", str(db), "--folder", str(tmp_path / "respaldos"), home=isolated_home)
    assert run.returncode == 0, run.stderr
    made = next((tmp_path / "respaldos").glob("cortazar_desk-*-manual.sqlite"))

    run = admin("check", "--db", str(db), home=isolated_home)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "todo en orden" in run.stdout and "cadena íntegra" in run.stdout

    with sqlite3.connect(db) as c:
        c.execute("UPDATE office_profile SET office_name = 'cambiado a mano', version = version + 1")
    c.close()
    run = admin("restore", "--db", str(db), "--from", str(made), home=isolated_home, input_text="n\n")
    assert run.returncode == 1 and "cancelada" in run.stdout
    run = admin("restore", "--db", str(db), "--from", str(made), "--yes", home=isolated_home)
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT office_name FROM office_profile").fetchone()[0] != "cambiado a mano"
    c.close()

    run = admin("backups", "--db", str(db), home=isolated_home)
    assert run.returncode == 0 and "antes de restaurar" in run.stdout


def test_check_reports_a_damaged_file(tmp_path: Path, isolated_home: Path) -> None:
    db = tmp_path / "oficina.sqlite"
    db.write_bytes(b"no soy una base de datos" * 200)
    run = admin("check", "--db", str(db), home=isolated_home)
    assert run.returncode == 1 and "DAÑADO" in run.stdout
    assert "Traceback" not in run.stderr


def test_errors_are_spanish_sentences_not_tracebacks(tmp_path: Path, isolated_home: Path) -> None:
    run = admin("restore", "--db", str(tmp_path / "a.sqlite"), "--from", str(tmp_path / "no-existe.sqlite"),
                "--yes", home=isolated_home)
    assert run.returncode == 1
    assert run.stderr.startswith("Error: ") and "Traceback" not in run.stderr
    run = admin("check", "--db", "mysql://servidor/base", home=isolated_home)
    assert run.returncode == 1 and "no admitido" in run.stderr


def test_migrate_and_move_to_postgresql(tmp_path: Path, isolated_home: Path, pg_databases) -> None:  # type: ignore[no-untyped-def]
    empty = pg_databases.create(migrated=False)
    url = empty.url.render_as_string(hide_password=False)
    run = admin("check", "--db", url, home=isolated_home)
    assert run.returncode == 1

    db = tmp_path / "oficina.sqlite"
    assert admin("demo", "--db", str(db), home=isolated_home).returncode == 0
    run = admin("move-to-postgres", "--db", str(db), "--to", url, home=isolated_home)
    assert run.returncode == 0, run.stderr
    assert "Bitácora verificada" in run.stdout
    run = admin("check", "--db", url, home=isolated_home)
    assert run.returncode == 0, run.stdout + run.stderr

    other = pg_databases.create(migrated=False)
    run = admin("migrate", "--db", other.url.render_as_string(hide_password=False), home=isolated_home)
    assert run.returncode == 0 and "creada" in run.stdout
    engine = make_engine(DatabaseLocation.parse(other.url.render_as_string(hide_password=False)))
    with read_engine(engine).connect() as conn:
        assert schema_state(conn) is SchemaState.CURRENT
    engine.dispose()


def test_db_option_before_or_after_the_command() -> None:
    from cortazar_desk.cli import build_parser

    assert build_parser().parse_args(["--db", "x.sqlite", "backup"]).db == "x.sqlite"
    assert build_parser().parse_args(["backup", "--db", "y.sqlite"]).db == "y.sqlite"
    assert build_parser().parse_args(["--db", "x.sqlite", "backup", "--db", "y.sqlite"]).db == "y.sqlite"
    assert getattr(build_parser().parse_args(["backup"]), "db", None) is None


def test_unreachable_server_is_a_spanish_sentence(isolated_home: Path) -> None:
    run = admin("check", "--db", "postgresql://ana@127.0.0.1:1/cortazar", home=isolated_home)
    assert run.returncode == 1
    assert run.stderr.startswith("Error: ") and "Traceback" not in run.stderr
