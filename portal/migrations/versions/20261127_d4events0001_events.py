"""Events and their registrations, with a seat counter guarded by CHECK constraints.

Revision ID: d4events0001
Revises: c3members001
Create Date: 2026-11-27 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d4events0001"
down_revision = "c3members001"
branch_labels = None
depends_on = None

REGISTRATION_STATUSES = "'pending', 'approval', 'confirmed', 'waiting', 'cancelled', 'rejected', 'expired'"


def upgrade():
    op.create_table("events",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("title", sa.String(length=200), nullable=False),
    sa.Column("description", sa.Text(), nullable=False),
    sa.Column("organiser", sa.String(length=200), nullable=False),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("venue", sa.String(length=200), nullable=False),
    sa.Column("address", sa.String(length=255), nullable=False),
    sa.Column("capacity", sa.Integer(), nullable=True),
    sa.Column("seats_taken", sa.Integer(), nullable=False),
    sa.Column("waitlist_length", sa.Integer(), nullable=False),
    sa.Column("audience", sa.String(length=10), nullable=False),
    sa.Column("status", sa.String(length=10), nullable=False),
    sa.Column("registration_opens_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("registration_closes_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("requires_approval", sa.Boolean(), nullable=False),
    sa.Column("cover", sa.String(length=80), nullable=True),
    sa.Column("created_by_id", sa.Integer(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("audience IN ('public', 'members')", name=op.f("ck_events_audience_known")),
    sa.CheckConstraint("status IN ('draft', 'published', 'cancelled')", name=op.f("ck_events_status_known")),
    sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name=op.f("ck_events_capacity_not_negative")),
    sa.CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name=op.f("ck_events_seats_within_capacity")),
    sa.CheckConstraint("seats_taken >= 0 AND waitlist_length >= 0", name=op.f("ck_events_counters_not_negative")),
    sa.CheckConstraint("ends_at >= starts_at", name=op.f("ck_events_ends_after_start")),
    sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_events_created_by_id_users"), ondelete="SET NULL"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_events"))
    )
    op.create_index("ix_events_listing", "events", ["status", "starts_at"], unique=False)
    op.create_table("event_registrations",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("event_id", sa.Integer(), nullable=False),
    sa.Column("user_id", sa.Integer(), nullable=True),
    sa.Column("name", sa.String(length=120), nullable=False),
    sa.Column("email", sa.String(length=254), nullable=False),
    sa.Column("email_key", sa.String(length=254), nullable=False),
    sa.Column("organisation", sa.String(length=200), nullable=False),
    sa.Column("locale", sa.String(length=8), nullable=False),
    sa.Column("status", sa.String(length=12), nullable=False),
    sa.Column("waitlist_position", sa.Integer(), nullable=True),
    sa.Column("hold_expires_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("ticket_code", sa.String(length=16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("checked_in_by_id", sa.Integer(), nullable=True),
    sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint(f"status IN ({REGISTRATION_STATUSES})", name=op.f("ck_event_registrations_status_known")),
    sa.CheckConstraint(
        "(status = 'waiting' AND waitlist_position >= 1) OR (status <> 'waiting' AND waitlist_position IS NULL)",
        name=op.f("ck_event_registrations_position_when_waiting")),
    sa.ForeignKeyConstraint(["checked_in_by_id"], ["users.id"], name=op.f("fk_event_registrations_checked_in_by_id_users"), ondelete="SET NULL"),
    sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_registrations_event_id_events"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_event_registrations_user_id_users"), ondelete="SET NULL"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_event_registrations")),
    sa.UniqueConstraint("event_id", "email_key", name=op.f("uq_event_registrations_event_id")),
    sa.UniqueConstraint("ticket_code", name=op.f("uq_event_registrations_ticket_code"))
    )
    op.create_index("ix_event_registrations_event_status", "event_registrations", ["event_id", "status"], unique=False)
    op.create_index(op.f("ix_event_registrations_user_id"), "event_registrations", ["user_id"], unique=False)
    op.create_index(op.f("ix_event_registrations_hold_expires_at"), "event_registrations", ["hold_expires_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_event_registrations_hold_expires_at"), table_name="event_registrations")
    op.drop_index(op.f("ix_event_registrations_user_id"), table_name="event_registrations")
    op.drop_index("ix_event_registrations_event_status", table_name="event_registrations")
    op.drop_table("event_registrations")
    op.drop_index("ix_events_listing", table_name="events")
    op.drop_table("events")
