"""App releases per platform and the vendor's news; devices and businesses indexed by what the
trial check looks them up by (one trial per computer and per mobile number).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 05:25:36.427824
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("platform", sa.String(length=12), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("notes_fa", sa.Text(), nullable=False),
        sa.Column("notes_en", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("min_supported", sa.String(length=40), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=80), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "platform IN ('windows', 'linux', 'macos')", name=op.f("ck_releases_platform")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
        sa.UniqueConstraint("platform", "version", name=op.f("uq_releases_platform_version")),
        sa.UniqueConstraint("public_id", name=op.f("uq_releases_public_id")),
    )
    op.create_table(
        "news",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("title_fa", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("body_fa", sa.Text(), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=80), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('news', 'release')", name=op.f("ck_news_kind")),
        sa.ForeignKeyConstraint(
            ["release_id"], ["releases.id"], name=op.f("fk_news_release_id_releases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_news")),
        sa.UniqueConstraint("public_id", name=op.f("uq_news_public_id")),
    )
    op.create_index(op.f("ix_news_published_at"), "news", ["published_at"], unique=False)
    op.create_index(
        op.f("ix_devices_fingerprint_hash"), "devices", ["fingerprint_hash"], unique=False
    )
    op.create_index(op.f("ix_businesses_mobile"), "businesses", ["mobile"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_businesses_mobile"), table_name="businesses")
    op.drop_index(op.f("ix_devices_fingerprint_hash"), table_name="devices")
    op.drop_index(op.f("ix_news_published_at"), table_name="news")
    op.drop_table("news")
    op.drop_table("releases")
