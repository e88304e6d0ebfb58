"""Cloud sync: the outbox of this device's changes, pulled changes waiting for their member,
per-field clocks of members, member aliases from merges, flags for the owner, sync state.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 17:28:50.509661
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_aliases",
        sa.Column("alias", sa.String(length=36), nullable=False),
        sa.Column("into", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("alias", name=op.f("pk_member_aliases")),
    )
    with op.batch_alter_table("member_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_aliases_into"), ["into"], unique=False)

    op.create_table(
        "sync_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("member", sa.String(length=36), nullable=False),
        sa.Column("entry", sa.String(length=36), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_flags")),
    )
    with op.batch_alter_table("sync_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_flags_member"), ["member"], unique=False)

    op.create_table(
        "sync_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("member", sa.String(length=36), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_outbox")),
        sa.UniqueConstraint("change_id", name=op.f("uq_sync_outbox_change_id")),
    )
    op.create_table(
        "sync_parked",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("change", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_parked")),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "member_clocks",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("clocks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_clocks_member_id_members")
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_clocks")),
    )


def downgrade() -> None:
    op.drop_table("member_clocks")
    op.drop_table("sync_state")
    op.drop_table("sync_parked")
    op.drop_table("sync_outbox")
    with op.batch_alter_table("sync_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_flags_member"))

    op.drop_table("sync_flags")
    with op.batch_alter_table("member_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_aliases_into"))

    op.drop_table("member_aliases")
