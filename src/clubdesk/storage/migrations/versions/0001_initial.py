"""Members, purchases, the points ledger with lot allocations, the audit log and settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 12:31:20.575396
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity_id_at", ["entity_id", "at"], unique=False)

    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("phone_rev", sa.String(length=16), nullable=False),
        sa.Column("first_name", sa.String(length=60), nullable=False),
        sa.Column("last_name", sa.String(length=60), nullable=False),
        sa.Column("name_key", sa.String(length=130), nullable=False),
        sa.Column("name_key_rev", sa.String(length=130), nullable=False),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sms_consent", sa.Boolean(), nullable=False),
        sa.Column("sms_consent_at", sa.DateTime(), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("total_spent", sa.Integer(), nullable=False),
        sa.Column("last_visit_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("phone", name=op.f("uq_members_phone")),
        sa.UniqueConstraint("public_id", name=op.f("uq_members_public_id")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_members_last_visit_at"), ["last_visit_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_members_name_key"), ["name_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_name_key_rev"), ["name_key_rev"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_phone_rev"), ["phone_rev"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_points"), ["points"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "purchases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("points_earned", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_purchases_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchases")),
        sa.UniqueConstraint("public_id", name=op.f("uq_purchases_public_id")),
    )
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_purchases_member_id_created_at", ["member_id", "created_at"], unique=False
        )

    op.create_table(
        "ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("purchase_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_ledger_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["purchase_id"], ["purchases.id"], name=op.f("fk_ledger_purchase_id_purchases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger")),
        sa.UniqueConstraint("public_id", name=op.f("uq_ledger_public_id")),
    )
    with op.batch_alter_table("ledger", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_member_id_id", ["member_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_purchase_id"), ["purchase_id"], unique=False)

    op.create_table(
        "lot_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["ledger.id"], name=op.f("fk_lot_allocations_entry_id_ledger")
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["ledger.id"], name=op.f("fk_lot_allocations_lot_id_ledger")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lot_allocations")),
    )
    with op.batch_alter_table("lot_allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lot_allocations_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lot_allocations_lot_id"), ["lot_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lot_allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lot_allocations_lot_id"))
        batch_op.drop_index(batch_op.f("ix_lot_allocations_entry_id"))

    op.drop_table("lot_allocations")
    with op.batch_alter_table("ledger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_purchase_id"))
        batch_op.drop_index("ix_ledger_member_id_id")

    op.drop_table("ledger")
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.drop_index("ix_purchases_member_id_created_at")

    op.drop_table("purchases")
    op.drop_table("settings")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_points"))
        batch_op.drop_index(batch_op.f("ix_members_phone_rev"))
        batch_op.drop_index(batch_op.f("ix_members_name_key_rev"))
        batch_op.drop_index(batch_op.f("ix_members_name_key"))
        batch_op.drop_index(batch_op.f("ix_members_last_visit_at"))

    op.drop_table("members")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity_id_at")
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
