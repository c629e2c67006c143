"""Staff overview: indexes that answer its counts and sums from the index alone.

Revision ID: n1overview
Revises: n0tiers
Create Date: 2026-12-05 09:00:00

Listed firms by tier and active firms by their membership's end (firms: status, tier, end);
money received in a year (payments: date received, amount); dues owed by the periods that
overlap a year (periods: end, start, dues). Indexes only: on SQLite, created in place (no copy
of a table).
"""
from alembic import op


revision = 'n1overview'
down_revision = 'n0tiers'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_firms_standing', 'firms', ['status', 'tier', 'membership_ends_on']),
    ('ix_membership_payments_received', 'membership_payments', ['received_on', 'amount_fen']),
    ('ix_membership_periods_span', 'membership_periods', ['ends_on', 'starts_on', 'dues_fen']),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(op.f(name), table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(op.f(name), table_name=table)
