"""SMS to shops' members through the vendor's line: a credit in rials per licence, and each
send recorded by the device's message id (so a repeated batch is never sent twice).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 21:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_sms_accounts",
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("credit", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"], ["licences.id"], name=op.f("fk_member_sms_accounts_licence_id_licences")
        ),
        sa.PrimaryKeyConstraint("licence_id", name=op.f("pk_member_sms_accounts")),
    )
    op.create_table(
        "member_sms_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("provider_id", sa.String(length=40), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"], ["licences.id"], name=op.f("fk_member_sms_sends_licence_id_licences")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_sms_sends")),
        sa.UniqueConstraint("licence_id", "key", name=op.f("uq_member_sms_sends_licence_id_key")),
    )
    op.create_index(
        op.f("ix_member_sms_sends_licence_id"), "member_sms_sends", ["licence_id"], unique=False
    )
    op.create_index(
        op.f("ix_member_sms_sends_provider_id"), "member_sms_sends", ["provider_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_member_sms_sends_provider_id"), table_name="member_sms_sends")
    op.drop_index(op.f("ix_member_sms_sends_licence_id"), table_name="member_sms_sends")
    op.drop_table("member_sms_sends")
    op.drop_table("member_sms_accounts")
