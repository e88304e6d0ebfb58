"""The SMS outbox records what became of each sent message: the provider's delivery status
and when it was first seen delivered.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 16:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sms_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_status", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_sms_outbox_state_sent_at", ["state", "sent_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sms_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_sms_outbox_state_sent_at")
        batch_op.drop_column("delivered_at")
        batch_op.drop_column("delivery_status")
