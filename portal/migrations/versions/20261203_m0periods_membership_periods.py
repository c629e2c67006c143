"""Membership: paid periods, payments and reminders; a firm's membership end and invoice details.

Revision ID: m0periods
Revises: m0applying
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'm0periods'
down_revision = 'm0applying'
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
INVOICE_COLUMNS = (('invoice_title', 200), ('tax_number', 20), ('invoice_address', 255),
                   ('invoice_phone', 40), ('invoice_bank', 120), ('invoice_account', 40))


def upgrade():
    with op.batch_alter_table('firms', schema=None) as batch_op:
        # Existing firms get no end: they stay active until staff give them a period (the contract).
        batch_op.add_column(sa.Column('membership_ends_on', sa.Date(), nullable=True))
        for name, length in INVOICE_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_firms_membership_ends_on'), ['membership_ends_on'], unique=False)
    op.create_table('membership_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('dues_fen', sa.BigInteger(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_membership_periods_ends_after_start')),
    sa.CheckConstraint('dues_fen >= 0', name=op.f('ck_membership_periods_dues_not_negative')),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_membership_periods_firm_id_firms'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_periods'))
    )
    op.create_index('ix_membership_periods_firm_ends', 'membership_periods', ['firm_id', 'ends_on'], unique=False)
    op.create_table('membership_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=True),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.CheckConstraint('amount_fen >= 0', name=op.f('ck_membership_payments_amount_not_negative')),
    sa.CheckConstraint("method IN ('bank', 'wechat', 'alipay', 'cash', 'other')",
                       name=op.f('ck_membership_payments_method_known')),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_membership_payments_firm_id_firms')),
    sa.ForeignKeyConstraint(['period_id'], ['membership_periods.id'],
                            name=op.f('fk_membership_payments_period_id_membership_periods'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'],
                            name=op.f('fk_membership_payments_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_payments'))
    )
    with op.batch_alter_table('membership_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_payments_firm_id'), ['firm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_payments_period_id'), ['period_id'], unique=False)
    op.create_table('membership_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('skipped', sa.Boolean(), nullable=False),
    sa.Column('sent_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['membership_periods.id'],
                            name=op.f('fk_membership_reminders_period_id_membership_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_reminders')),
    sa.UniqueConstraint('period_id', 'kind', name=op.f('uq_membership_reminders_period_id'))
    )


def downgrade():
    op.drop_table('membership_reminders')
    with op.batch_alter_table('membership_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_payments_period_id'))
        batch_op.drop_index(batch_op.f('ix_membership_payments_firm_id'))
    op.drop_table('membership_payments')
    op.drop_index('ix_membership_periods_firm_ends', table_name='membership_periods')
    op.drop_table('membership_periods')
    with op.batch_alter_table('firms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_firms_membership_ends_on'))
        for name, _length in reversed(INVOICE_COLUMNS):
            batch_op.drop_column(name)
        batch_op.drop_column('membership_ends_on')
