"""What the server keeps: hashes instead of secrets, every lease, an audit with source addresses,
and a schema built by the migrations that matches the models, on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from server_api import Api
from sqlalchemy import Engine, inspect, select, text

from clubdesk.protocol import Activation, fingerprint_hash
from clubdesk_server import db
from clubdesk_server.licensing import hash_key, hash_secret
from clubdesk_server.models import AuditEntry, Base, Device, LeaseRecord, Licence
from clubdesk_server.settings import sqlite_url
from licence_server import RunningServer, postgres_database


@pytest.fixture
def engine(server: RunningServer) -> Iterator[Engine]:
    engine = db.make_engine(server.database_url)
    yield engine
    engine.dispose()


def all_text(engine: Engine) -> str:
    """Every value in every table, as one string: a secret must not appear in it."""
    chunks: list[str] = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                chunks.append(repr(tuple(row)))
    return "\n".join(chunks)


def test_keys_tokens_and_fingerprints_are_stored_only_hashed(
    server: RunningServer, api: Api, engine: Engine
) -> None:
    key = server.create_licence()
    fingerprint = "fp-" + secrets.token_hex(16)
    token = Activation.model_validate(api.activate(key, fingerprint).json()).token
    stored = all_text(engine)
    for secret in (key, key.replace("-", ""), token, fingerprint):
        assert secret not in stored
    with engine.connect() as conn:
        licence = conn.execute(
            select(Licence.key_hash, Licence.key_prefix).where(Licence.key_hash == hash_key(key))
        ).one()
        device = conn.execute(
            select(Device.token_hash, Device.fingerprint_hash).where(
                Device.token_hash == hash_secret(token)
            )
        ).one()
    assert licence.key_prefix == key[:8]  # "CD-XXXXX": what support sees
    assert len(licence.key_hash) == 64
    assert device.fingerprint_hash == fingerprint_hash(fingerprint)


def test_every_lease_is_recorded(server: RunningServer, api: Api, engine: Engine) -> None:
    key = server.create_licence()
    activation = Activation.model_validate(api.activate(key, "fp-" + secrets.token_hex(8)).json())
    refreshed = api.refresh(activation.token).json()
    with engine.connect() as conn:
        rows = conn.execute(
            select(LeaseRecord.lease_id, LeaseRecord.key_id, LeaseRecord.issued_at)
            .join(Licence, Licence.id == LeaseRecord.licence_id)
            .where(Licence.key_hash == hash_key(key))
            .order_by(LeaseRecord.id)
        ).all()
    assert [r.lease_id for r in rows] == [
        activation.lease.lease.lease_id,
        refreshed["lease"]["lease_id"],
    ]
    assert {r.key_id for r in rows} == {server.key_id}


def audit_rows(engine: Engine, **where: Any) -> list[Any]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    for column, value in where.items():
        query = query.where(getattr(AuditEntry, column) == value)
    with engine.connect() as conn:
        return list(conn.execute(query).all())


def test_client_calls_are_audited_with_their_source_address(
    server: RunningServer, api: Api, engine: Engine
) -> None:
    ip = f"203.0.113.{secrets.randbelow(250) + 1}"
    forwarded = {"X-Forwarded-For": ip}
    key = server.create_licence(devices=1)
    token = Activation.model_validate(
        api.activate(key, "fp-a" + "0" * 16, **forwarded).json()
    ).token
    api.http.post(
        f"{server.url}/v1/lease", headers={"Authorization": f"Bearer {token}", **forwarded}
    )
    api.activate(key, "fp-b" + "0" * 16, **forwarded)  # DEVICE_LIMIT
    api.activate("CD-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ", "fp-c" + "0" * 16, **forwarded)
    api.http.post(f"{server.url}/v1/activations", json={}, headers=forwarded)  # INVALID_INPUT

    rows = [(r.action, r.outcome) for r in audit_rows(engine, source_ip=ip)]
    assert rows == [
        ("activate", "ok"),
        ("lease.refresh", "ok"),
        ("activate", "DEVICE_LIMIT"),
        ("activate", "LICENCE_NOT_FOUND"),
        ("POST /v1/activations", "INVALID_INPUT"),
    ]
    with engine.connect() as conn:
        licence_id = conn.scalar(select(Licence.id).where(Licence.key_hash == hash_key(key)))
    first = audit_rows(engine, source_ip=ip)[0]
    assert first.licence_id == licence_id
    assert first.device_id is not None
    assert first.actor.startswith("device:")


def test_admin_actions_are_audited_with_the_operator(server: RunningServer, engine: Engine) -> None:
    record = server.create_licence_full()
    server.admin.suspend(record["licence_key"])
    server.admin.extend(record["licence_id"], 5)
    with engine.connect() as conn:
        licence_id = conn.scalar(
            select(Licence.id).where(Licence.public_id == record["licence_id"])
        )
    rows = audit_rows(engine, licence_id=licence_id)
    assert [(r.action, r.actor, r.outcome) for r in rows] == [
        ("admin.create_licence", "admin:tests", "ok"),
        ("admin.suspend", "admin:tests", "ok"),
        ("admin.extend", "admin:tests", "ok"),
    ]
    assert rows[2].details == {"days": 5}
    assert rows[0].source_ip is None  # the CLI runs on the server itself


# -- migrations ---------------------------------------------------------------------------------


def schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, Base.metadata))


def test_head_constant_is_the_alembic_head() -> None:
    script = ScriptDirectory.from_config(db.alembic_config())
    assert script.get_heads() == [db.HEAD]
    assert len(script.get_bases()) == 1


def test_the_served_database_matches_the_models(server: RunningServer, engine: Engine) -> None:
    assert db.current_revision(engine) == db.HEAD
    assert schema_differences(engine) == []


@pytest.fixture
def fresh_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "fresh.sqlite3")
    else:
        with postgres_database() as url:
            yield url


def test_migrations_build_the_models_and_go_down_and_up_again(fresh_database_url: str) -> None:
    engine = db.make_engine(fresh_database_url)
    try:
        assert db.upgrade(engine) == db.HEAD
        assert db.upgrade(engine) == db.HEAD  # idempotent
        assert schema_differences(engine) == []
        config = db.alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        db.upgrade(engine)
        assert schema_differences(engine) == []
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM licences")) == 0
    finally:
        engine.dispose()


def test_postgresql_plans_each_statement_for_its_own_parameters(db: Any, backend: str) -> None:
    """A generic plan made sync pushes scan the whole change log (see db.make_engine)."""
    if backend == "sqlite":
        pytest.skip("SQLite has no plan cache to configure")
    with db.engine.connect() as connection:
        assert connection.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
