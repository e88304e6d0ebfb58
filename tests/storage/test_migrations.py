"""Every schema change is an Alembic migration, and the migrations build exactly the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from clubdesk.storage import schema
from clubdesk.storage.database import make_engine, open_database
from clubdesk.storage.models import Base


def schema_differences(path: Path) -> list[object]:
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_head_constant_is_the_alembic_head() -> None:
    script = ScriptDirectory.from_config(schema.alembic_config())
    assert script.get_heads() == [schema.HEAD]
    assert script.get_current_head() == schema.HEAD
    assert schema.HEAD in schema.known_revisions()


def test_migrations_form_one_line_of_history() -> None:
    script = ScriptDirectory.from_config(schema.alembic_config())
    revisions = list(script.walk_revisions())
    assert len(script.get_bases()) == 1
    assert {rev.revision for rev in revisions} == schema.known_revisions()
    for rev in revisions:
        assert not rev.is_merge_point, rev.revision
        assert not rev.is_branch_point, rev.revision


def test_migrating_an_empty_file_matches_the_models(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    path.touch()
    open_database(path).close()
    assert schema_differences(path) == []


def test_migrating_a_missing_file_matches_the_models(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "folder" / "new.sqlite3"
    db = open_database(path)
    db.close()
    assert path.exists()
    assert schema_differences(path) == []
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == schema.HEAD
    finally:
        engine.dispose()


def test_every_model_table_exists_with_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(path).close()
    engine = make_engine(path)
    try:
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
        for name, table in Base.metadata.tables.items():
            assert {c["name"] for c in inspector.get_columns(name)} == set(table.columns.keys())
        unique = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("members")} | {
            tuple(i["column_names"]) for i in inspector.get_indexes("members") if i["unique"]
        }
        assert ("phone",) in unique
        assert ("public_id",) in unique
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(path).close()
    engine = make_engine(path)
    try:
        config = schema.alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        schema.upgrade(engine)
    finally:
        config.attributes.pop("connection", None)
        engine.dispose()
    assert schema_differences(path) == []


@pytest.mark.parametrize("revision", [None, schema.HEAD])
def test_check_known_accepts_known_revisions(revision: str | None, tmp_path: Path) -> None:
    schema.check_known(revision, tmp_path / "x")


def test_the_comparison_notices_a_missing_index(tmp_path: Path) -> None:
    """Guards the check above: a schema that drifted from the models is reported."""
    path = tmp_path / "db.sqlite3"
    open_database(path).close()
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP INDEX ix_members_phone_rev")
    finally:
        engine.dispose()
    differences = schema_differences(path)
    assert differences
    assert any("ix_members_phone_rev" in repr(diff) for diff in differences)
