"""Alembic environment for clubdesk-server, on SQLite and PostgreSQL alike.

The caller (``db.upgrade``) hands over an open connection in ``config.attributes``; run from the
``alembic`` command line instead, the URL comes from ``CLUBDESK_SERVER_DATABASE_URL``.
"""

from alembic import context

from clubdesk_server.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    from clubdesk_server.db import make_engine
    from clubdesk_server.settings import Settings

    engine = make_engine(Settings.from_env().database_url)
    with engine.begin() as conn:
        context.configure(
            connection=conn,
            target_metadata=Base.metadata,
            render_as_batch=conn.dialect.name == "sqlite",
        )
        context.run_migrations()
    engine.dispose()
else:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying
    )
    with context.begin_transaction():
        context.run_migrations()
