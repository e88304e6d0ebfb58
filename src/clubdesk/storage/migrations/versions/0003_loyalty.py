"""The programme: wallet credit and credit lots in the ledger, levels, anniversaries and
referrals on members, discounts and reversals on purchases, till accounts with PINs, and SMS
to members (campaigns and the message queue).

Columns are added in place (no table copy), with server defaults for existing rows, so that a
shop with ten million ledger rows migrates in seconds.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 21:11:56.199922
"""

import sqlalchemy as sa
from alembic import op

from clubdesk.storage.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "sms_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("template", sa.Text(), nullable=False),
        sa.Column("segment", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_campaigns")),
        sa.UniqueConstraint("public_id", name=op.f("uq_sms_campaigns_public_id")),
    )
    op.create_table(
        "sms_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=14), nullable=False),
        sa.Column("provider_id", sa.String(length=40), nullable=True),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("next_try_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["sms_campaigns.id"],
            name=op.f("fk_sms_messages_campaign_id_sms_campaigns"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_sms_messages_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_messages")),
        sa.UniqueConstraint("public_id", name=op.f("uq_sms_messages_public_id")),
    )
    op.create_index(
        op.f("ix_sms_messages_campaign_id"), "sms_messages", ["campaign_id"], unique=False
    )
    op.create_index(op.f("ix_sms_messages_member_id"), "sms_messages", ["member_id"], unique=False)
    op.create_index("ix_sms_messages_status_next_try_at", "sms_messages", ["status", "next_try_at"])

    op.add_column(
        "ledger",
        sa.Column("unit", sa.String(length=6), server_default="points", nullable=False),
    )
    op.add_column("ledger", sa.Column("available_at", UTCDateTime(), nullable=True))
    op.create_index("ix_ledger_expires_at", "ledger", ["expires_at"], unique=False)

    op.add_column(
        "members",
        sa.Column("level", sa.String(length=20), server_default=sa.text("''"), nullable=False),
    )
    op.add_column("members", sa.Column("credit", sa.Integer(), server_default="0", nullable=False))
    op.add_column("members", sa.Column("anniversary", sa.Date(), nullable=True))
    op.add_column("members", sa.Column("referred_by", sa.String(length=36), nullable=True))
    op.create_index(op.f("ix_members_level"), "members", ["level"], unique=False)

    op.add_column(
        "purchases", sa.Column("discount", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column("purchases", sa.Column("reverses_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_purchases_reverses_id"), "purchases", ["reverses_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("purchases") as batch_op:
        batch_op.drop_index(op.f("ix_purchases_reverses_id"))
        batch_op.drop_column("reverses_id")
        batch_op.drop_column("discount")
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_index(op.f("ix_members_level"))
        for column in ("referred_by", "anniversary", "credit", "level"):
            batch_op.drop_column(column)
    with op.batch_alter_table("ledger") as batch_op:
        batch_op.drop_index("ix_ledger_expires_at")
        batch_op.drop_column("available_at")
        batch_op.drop_column("unit")
    op.drop_table("sms_messages")
    op.drop_table("sms_campaigns")
    op.drop_table("users")
