"""Membership applications at /join, with their licence files; a firm's credit code.

Revision ID: m0applying
Revises: m0contacts
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'm0applying'
down_revision = 'm0contacts'
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade():
    with op.batch_alter_table('firms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credit_code', sa.String(length=18), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_firms_credit_code'), ['credit_code'])
    op.create_table('membership_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('consent_at', UTC, nullable=False),
    sa.Column('licence_file', sa.String(length=80), nullable=True),
    sa.Column('licence_format', sa.String(length=10), nullable=False),
    sa.Column('licence_purged_at', UTC, nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', UTC, nullable=True),
    sa.Column('firm_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')",
                       name=op.f('ck_membership_applications_status_known')),
    sa.CheckConstraint("licence_format IN ('pdf', 'png', 'jpeg')",
                       name=op.f('ck_membership_applications_licence_format_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                            name=op.f('fk_membership_applications_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'],
                            name=op.f('fk_membership_applications_firm_id_firms'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_applications'))
    )
    with op.batch_alter_table('membership_applications', schema=None) as batch_op:
        batch_op.create_index('ix_membership_applications_queue', ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_applications_credit_code'), ['credit_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_applications_contact_email'), ['contact_email'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_membership_applications_firm_id'), ['firm_id'], unique=False)


def downgrade():
    with op.batch_alter_table('membership_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_applications_firm_id'))
        batch_op.drop_index(batch_op.f('ix_membership_applications_contact_email'))
        batch_op.drop_index(batch_op.f('ix_membership_applications_credit_code'))
        batch_op.drop_index('ix_membership_applications_queue')
    op.drop_table('membership_applications')
    with op.batch_alter_table('firms', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_firms_credit_code'), type_='unique')
        batch_op.drop_column('credit_code')
