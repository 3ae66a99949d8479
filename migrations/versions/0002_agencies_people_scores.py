"""agencies, people, chat accounts, role grants, invites, link attempts, scores, media

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name_th", sa.String(300), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("province", sa.String(100), nullable=True),
        sa.Column("ministry", sa.String(200), nullable=True),
        sa.Column("agency_type", sa.String(200), nullable=True),
        sa.Column("parent_code", sa.String(32), sa.ForeignKey("agencies.code"), nullable=True),
    )
    op.create_index("ix_agencies_province", "agencies", ["province"])
    op.create_index("ix_agencies_ministry", "agencies", ["ministry"])
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "chat_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("platform_user_id", sa.String(128), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.UniqueConstraint("channel", "platform_user_id", name="uq_chat_account"),
    )
    op.create_index("ix_chat_accounts_person_id", "chat_accounts", ["person_id"])
    op.create_table(
        "role_grants",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("agency_code", sa.String(32), sa.ForeignKey("agencies.code"), nullable=True),
        sa.Column("province", sa.String(100), nullable=True),
        sa.Column("ministry", sa.String(200), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.UniqueConstraint("person_id", "role", "agency_code", "province", "ministry",
                            name="uq_grant"),
    )
    op.create_index("ix_role_grants_person_id", "role_grants", ["person_id"])
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("agency_code", sa.String(32), sa.ForeignKey("agencies.code"), nullable=True),
        sa.Column("province", sa.String(100), nullable=True),
        sa.Column("ministry", sa.String(200), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.Column("used_by", sa.Integer(), sa.ForeignKey("people.id", ondelete="SET NULL"),
                  nullable=True),
    )
    op.create_table(
        "link_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("platform_user_id", sa.String(128), nullable=False),
        sa.Column("at", WHEN, nullable=False),
    )
    op.create_index("ix_link_attempts_platform_user_id", "link_attempts", ["platform_user_id"])
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(32), sa.ForeignKey("agencies.code"), nullable=False),
        sa.Column("item_kind", sa.String(16), nullable=False),
        sa.Column("item_code", sa.String(8), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.UniqueConstraint("year", "agency_code", "item_kind", "item_code", name="uq_score_item"),
    )
    op.create_index("ix_scores_year", "scores", ["year"])
    op.create_index("ix_scores_agency_code", "scores", ["agency_code"])
    op.create_table(
        "media",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("content_type", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
    )
    op.create_index("ix_media_expires_at", "media", ["expires_at"])


def downgrade() -> None:
    for table in ("media", "scores", "link_attempts", "invites", "role_grants", "chat_accounts",
                  "people", "agencies"):
        op.drop_table(table)
