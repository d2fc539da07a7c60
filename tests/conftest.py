"""Test set-up: one Qt application per session, a fresh database per test on SQLite and on a real PostgreSQL
server that this session starts. PostgreSQL failing to start fails the run; it is never skipped."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from cortazar_desk.config import WorkstationConfig
from cortazar_desk.db.audit import Actor
from cortazar_desk.db.engine import DatabaseLocation, make_engine
from cortazar_desk.db.schema import upgrade_to_head
from cortazar_desk.paths import app_dirs
from cortazar_desk.services.database import Database, open_database
from cortazar_desk.services.workstation import Workstation

from .pg_server import PgServer


def pytest_configure(config: pytest.Config) -> None:
    from cortazar_desk.ui.map.setup import prepare_before_app

    prepare_before_app()  # the map's URL scheme, before pytest-qt creates the QApplication


TEST_ACTOR = Actor("prueba", "equipo-prueba")
# INEGI's layers of Cortazar live beside the project (../shared/geodata), never inside it.
GEODATA = Path(__file__).resolve().parents[2] / "shared" / "geodata"
if not (GEODATA / "cortazar_localidades.geojson").is_file():
    raise pytest.UsageError(f"the INEGI reference layers are expected in {GEODATA} (shared/ beside the checkout)")
BACKENDS = ("sqlite", "postgresql")
PG_TEMPLATE = "cortazar_template"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CORTAZAR_DESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    external = os.environ.get("CORTAZAR_TEST_PG_URL")
    if external:
        raise pytest.UsageError("CORTAZAR_TEST_PG_URL is not supported; the suite starts its own server")
    server = PgServer()
    try:
        server.start()
    except Exception as exc:
        pytest.fail(f"PostgreSQL could not start; database tests need it: {exc}", pytrace=False)
    try:
        _admin(server, f"CREATE DATABASE {PG_TEMPLATE}")
        engine = make_engine(DatabaseLocation.parse(server.url(PG_TEMPLATE)))
        upgrade_to_head(engine)
        engine.dispose()
        yield server
    finally:
        server.stop()


def _admin(server: PgServer, sql: str) -> None:
    with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(sql)  # type: ignore[arg-type]


class PgDatabases:
    """Creates fresh databases on the session's server and drops them after the test."""

    def __init__(self, server: PgServer) -> None:
        self.server = server
        self.created: list[str] = []

    def create(self, *, migrated: bool = True) -> DatabaseLocation:
        name = "t_" + uuid.uuid4().hex[:12]
        _admin(self.server, f"CREATE DATABASE {name}" + (f" TEMPLATE {PG_TEMPLATE}" if migrated else ""))
        self.created.append(name)
        return DatabaseLocation.parse(self.server.url(name))

    def drop_all(self) -> None:
        for name in self.created:
            _admin(self.server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_databases(pg_server: PgServer) -> Iterator[PgDatabases]:
    dbs = PgDatabases(pg_server)
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(DatabaseLocation.parse(path), actor=TEST_ACTOR)
    db.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def location(backend: str, tmp_path: Path, request: pytest.FixtureRequest, sqlite_template: Path
             ) -> DatabaseLocation:
    """A fresh, migrated database of the test's backend."""
    if backend == "sqlite":
        path = tmp_path / "cortazar_desk.sqlite"
        shutil.copyfile(sqlite_template, path)
        return DatabaseLocation.parse(path)
    dbs: PgDatabases = request.getfixturevalue("pg_databases")
    return dbs.create()


@pytest.fixture
def db(location: DatabaseLocation) -> Iterator[Database]:
    database = open_database(location, actor=TEST_ACTOR)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    path = tmp_path / "cortazar_desk.sqlite"
    shutil.copyfile(sqlite_template, path)
    database = open_database(DatabaseLocation.parse(path), actor=TEST_ACTOR)
    yield database
    database.dispose()


def second_session(db: Database, user: str = "maria", workstation: str = "equipo-2") -> Database:
    """Another workstation on the same database: its own engine, its own person."""
    return Database(db.location, make_engine(db.location), Actor(user, workstation))


@pytest.fixture
def station(sqlite_db: Database) -> Workstation:
    dirs = app_dirs().ensure()
    return Workstation(dirs, WorkstationConfig(database=str(sqlite_db.location.path)), sqlite_db.location)
