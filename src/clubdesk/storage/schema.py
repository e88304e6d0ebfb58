"""Schema revisions. Start-up compares one string; Alembic is imported only to migrate."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from clubdesk.core.errors import DatabaseTooNew

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

HEAD = "0004"  # the newest migration in storage/migrations/versions; a test keeps them equal
MIGRATIONS = Path(__file__).with_name("migrations")


@cache
def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def check_known(revision: str | None, path: Path) -> None:
    """A revision this app does not know was written by a newer app: refuse to touch it."""
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNew(path=str(path))


def upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
