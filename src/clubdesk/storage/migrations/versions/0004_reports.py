"""Reports: covering indexes on created_at, so a month's or a fiscal year's sums read only an
index range instead of scanning ten million ledger rows (bench/loyalty.py measures it).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 21:45:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LEDGER = ["created_at", "unit", "kind", "points"]
PURCHASES = ["created_at", "member_id", "amount", "discount", "points_earned", "reverses_id"]


def upgrade() -> None:
    op.create_index("ix_ledger_created_at_report", "ledger", LEDGER, unique=False)
    op.create_index("ix_purchases_created_at_report", "purchases", PURCHASES, unique=False)
    op.create_index("ix_members_created_at", "members", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_members_created_at", table_name="members")
    op.drop_index("ix_purchases_created_at_report", table_name="purchases")
    op.drop_index("ix_ledger_created_at_report", table_name="ledger")
