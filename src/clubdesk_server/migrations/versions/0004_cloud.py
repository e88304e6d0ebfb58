"""Cloud sync (each licence's change log and its head) and off-site backups (uploads in
chunks); plans get an off-site storage quota.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 17:26:16.704372
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_heads",
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"], ["licences.id"], name=op.f("fk_sync_heads_licence_id_licences")
        ),
        sa.PrimaryKeyConstraint("licence_id", name=op.f("pk_sync_heads")),
    )
    op.create_table(
        "cloud_backups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("chunk_size", sa.Integer(), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('uploading', 'complete')", name=op.f("ck_cloud_backups_state")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_cloud_backups_device_id_devices")
        ),
        sa.ForeignKeyConstraint(
            ["licence_id"], ["licences.id"], name=op.f("fk_cloud_backups_licence_id_licences")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cloud_backups")),
        sa.UniqueConstraint("public_id", name=op.f("uq_cloud_backups_public_id")),
    )
    with op.batch_alter_table("cloud_backups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cloud_backups_licence_id"), ["licence_id"], unique=False
        )

    op.create_table(
        "sync_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("member", sa.String(length=36), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_sync_changes_device_id_devices")
        ),
        sa.ForeignKeyConstraint(
            ["licence_id"], ["licences.id"], name=op.f("fk_sync_changes_licence_id_licences")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_changes")),
        sa.UniqueConstraint(
            "licence_id", "change_id", name=op.f("uq_sync_changes_licence_id_change_id")
        ),
        sa.UniqueConstraint("licence_id", "seq", name=op.f("uq_sync_changes_licence_id_seq")),
    )
    with op.batch_alter_table("sync_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_changes_device_id"), ["device_id"], unique=False)

    op.create_table(
        "cloud_chunks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("backup_id", sa.Integer(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["backup_id"],
            ["cloud_backups.id"],
            name=op.f("fk_cloud_chunks_backup_id_cloud_backups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cloud_chunks")),
        sa.UniqueConstraint("backup_id", "index", name=op.f("uq_cloud_chunks_backup_id_index")),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "cloud_quota_bytes",
                sa.BigInteger(),
                server_default=sa.text("1073741824"),
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_column("cloud_quota_bytes")

    op.drop_table("cloud_chunks")
    with op.batch_alter_table("sync_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_changes_device_id"))

    op.drop_table("sync_changes")
    with op.batch_alter_table("cloud_backups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cloud_backups_licence_id"))

    op.drop_table("cloud_backups")
    op.drop_table("sync_heads")
