"""A pg_dump of the demo, restored into an empty database, has every organisation again.

The commands are docs/deploy.md's (section « Sauvegardes »). Skipped where pg_dump or a
PostgreSQL server is missing (BACKUP_TEST_DATABASE_URL names the server; by default the
development one: 127.0.0.1:5432, user postgres).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("BACKUP_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
TABLES = [  # what a member would miss after a restore
    "accounts_user",
    "organisations_organisation",
    "organisations_membership",
    "diagnostic_inventoryitem",
    "projects_poolingproject",
    "workshops_workshop",
]

psycopg = pytest.importorskip("psycopg")


def server_connection(dbname: str = "postgres"):
    config = dj_database_url.parse(SERVER)
    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
        connect_timeout=3,
    )


def url_of(dbname: str) -> str:
    return SERVER.rsplit("/", 1)[0] + "/" + dbname


def dsn_args(dbname: str) -> list[str]:
    config = dj_database_url.parse(SERVER)
    return [
        "--host",
        config["HOST"] or "127.0.0.1",
        "--port",
        str(config["PORT"] or 5432),
        "--username",
        config["USER"] or "postgres",
        "--dbname",
        dbname,
    ]


@pytest.fixture
def two_databases():
    """A fresh database for the demo and an empty one to restore into; both dropped after."""
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    try:
        admin = server_connection()
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server at {SERVER}: {error}")
    suffix = uuid.uuid4().hex[:8]
    names = (f"mutualiser_backup_{suffix}", f"mutualiser_restore_{suffix}")
    with admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
            # a throwaway database: no need to wait for the disk at each of the demo's commits
            admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        try:
            yield names
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, database: str) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mutualiser.settings",
        "MUTUALISER_ENV": "development",
        "DATABASE_URL": url_of(database),
        "CACHE_URL": "locmem",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]


def rows(database: str) -> dict[str, list[tuple]]:
    with server_connection(database) as db:
        found = {
            table: db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES
        }
        found["organisations"] = db.execute(
            "SELECT slug, name FROM organisations_organisation ORDER BY slug"
        ).fetchall()
    return found


def test_a_dump_of_the_demo_restores_into_an_empty_database_with_every_organisation(
    tmp_path, two_databases
):
    source, target = two_databases
    manage("migrate", "--no-input", "-v", "0", database=source)
    manage("demo", database=source)
    dump = tmp_path / "mutualiser.dump"

    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), *dsn_args(source)],
        check=True,
        timeout=300,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", *dsn_args(target), str(dump)],
        check=True,
        timeout=300,
    )

    before, after = rows(source), rows(target)
    assert len(before["organisations"]) > 10
    assert after["organisations"] == before["organisations"]
    for table in TABLES:
        assert after[table] == before[table], table
    # the restored database is a whole Mutualiser: nothing left to migrate
    manage("migrate", "--check", "--no-input", "-v", "0", database=target)
