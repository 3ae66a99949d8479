"""bcp_campaigns: rounds of BCP submissions with deadline, scope and reminder plan

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bcp_campaigns",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("reminder_plan", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_bcp_campaigns_status", "bcp_campaigns", ["status"])


def downgrade() -> None:
    op.drop_table("bcp_campaigns")
