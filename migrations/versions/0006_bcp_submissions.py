"""bcp_submissions and their audit trail

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "bcp_submissions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.String(16), sa.ForeignKey("bcp_campaigns.id"), nullable=False),
        sa.Column("agency_code", sa.String(32), sa.ForeignKey("agencies.code"), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.UniqueConstraint("campaign_id", "agency_code", name="uq_bcp_submission"),
    )
    op.create_index("ix_bcp_submissions_campaign_id", "bcp_submissions", ["campaign_id"])
    op.create_table(
        "bcp_submission_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.String(16), nullable=False),
        sa.Column("agency_code", sa.String(32), nullable=False),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("at", WHEN, nullable=False),
    )
    op.create_index("ix_bcp_submission_events_campaign_id", "bcp_submission_events", ["campaign_id"])


def downgrade() -> None:
    op.drop_table("bcp_submission_events")
    op.drop_table("bcp_submissions")
