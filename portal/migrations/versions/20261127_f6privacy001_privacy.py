"""Accounts and guest registrations remember consent to the privacy notice; accounts, erasure.

Revision ID: f6privacy001
Revises: e5bulletins01
Create Date: 2026-11-27 14:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f6privacy001'
down_revision = 'e5bulletins01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_consent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_consent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_column('privacy_consent_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('privacy_consent_at')
